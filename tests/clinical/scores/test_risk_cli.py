"""``onconav risk``: batch files, one patient, usage errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from score_reference_data import EDGE_CASES, R_EXAMPLE, read_rows
from typer.testing import CliRunner

from onconav.cli.app import app

runner = CliRunner(env={"COLUMNS": "300"})  # no wrapping inside messages

PP347_OPTIONS = [
    "--hb", "9.6", "--plt", "281", "--bm-blast", "9", "--anc", "4.84", "--age", "79",
    "--cyto-ipssr", "Good", "--no-del5q", "--no-del7-7q", "--no-complex", "--no-del17-17p",
    "--mutated", "ASXL1,SRSF2,STAG2",
    "--wild-type", "TP53,MLL_PTD,FLT3,BCOR,BCORL1,CBL,CEBPA,DNMT3A,ETV6,EZH2,IDH1,IDH2",
    "--wild-type", "KRAS,NF1,NPM1,NRAS,RUNX1,SETBP1,SF3B1,U2AF1,GATA2,PHF6,PPM1D,PTPN11,WT1",
    "--no-tp53-loh",
]  # fmt: skip


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_batch_with_a_bad_row(tmp_path: Path) -> None:
    rows = read_rows(EDGE_CASES)
    rows.append({**rows[0], "ID": "bad_hb", "HB": "-3"})
    rows.append({**rows[0], "ID": "bad_vaf", "TP53maxvaf": "1.7"})
    rows.append({**rows[0], "ID": "bad_cyto", "CYTO_IPSSR": "Medium"})
    rows.append({**rows[0], "ID": "bad_number", "PLT": "lots"})
    source = write_csv(tmp_path / "patients.csv", rows)
    target = tmp_path / "results.csv"
    result = runner.invoke(app, ["risk", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 1, result.output
    assert "4 row(s) could not be scored" in result.stderr
    out = read_rows(target)
    assert len(out) == len(rows)
    by_id = {r["ID"]: r for r in out}
    for bad in ("bad_hb", "bad_vaf", "bad_cyto", "bad_number"):
        assert by_id[bad]["ERROR"], bad
        assert by_id[bad]["IPSSM_SCORE"] == "NA"
    assert "percent" in by_id["bad_vaf"]["ERROR"]
    for row in rows[:-4]:
        scored = by_id[row["ID"]]
        assert scored["ERROR"] == ""
        assert scored["IPSSM_COMMENT"] == row["R_Comment"] or row["ID"].startswith("E_HB_")
        assert float(scored["IPSSM_SCORE_BEST"]) <= float(scored["IPSSM_SCORE"])


def test_batch_clean_file_exits_0_and_writes_stdout(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "patients.csv", read_rows(R_EXAMPLE))
    result = runner.invoke(app, ["risk", "--input", str(source)])
    assert result.exit_code == 0, result.output
    out = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["ID"], r["IPSSM_SCORE"], r["IPSSR_CAT"]) for r in out] == [
        ("pp347", "0.31", "Intermediate"),
        ("pp564", "4.55", "Very High"),
        ("zeroScore", "0", "Intermediate"),
    ]


def test_batch_percent_unit_option(tmp_path: Path) -> None:
    rows = read_rows(R_EXAMPLE)
    rows[1]["TP53maxvaf"] = "85"
    source = write_csv(tmp_path / "patients.csv", rows)
    plain = runner.invoke(app, ["risk", "--input", str(source)])
    assert plain.exit_code == 1  # 85 without a unit is refused
    percent = runner.invoke(app, ["risk", "-i", str(source), "--tp53-vaf-unit", "percent"])
    assert percent.exit_code == 0, percent.output
    out = list(csv.DictReader(io.StringIO(percent.stdout)))
    assert out[1]["IPSSM_SCORE"] == "4.55"


def test_batch_missing_columns_is_a_usage_error(tmp_path: Path) -> None:
    rows = [
        {k: v for k, v in r.items() if k not in ("HB", "TP53mut")} for r in read_rows(R_EXAMPLE)
    ]
    source = write_csv(tmp_path / "patients.csv", rows)
    target = tmp_path / "results.csv"
    result = runner.invoke(app, ["risk", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 2
    assert "HB, TP53mut" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()


def test_batch_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["risk", "--input", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "Cannot read" in result.stderr


def test_single_patient_json() -> None:
    result = runner.invoke(app, ["risk", *PP347_OPTIONS, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    ipssm = payload["ipssm"]  # the documented summary shape
    # pp347 with ETNK1, GNB1, PRPF8 not given (as in the official example)
    assert (ipssm["mean"]["score"], ipssm["mean"]["category"]) == (0.31, "Moderate High")
    assert (ipssm["best"]["score"], ipssm["worst"]["score"]) == (0.3, 0.63)
    assert ipssm["final"] == {"score": 0.31, "category": "Moderate High"}
    assert ipssm["comment"] == "range (worst - best) below limit"
    assert sorted(ipssm["missing"]) == ["ETNK1", "GNB1", "PRPF8", "TP53maxvaf"]
    assert payload["detail"]["ipssm"]["model"]["name"] == "IPSS-M"
    assert (payload["ipssr"]["score"], payload["ipssr"]["category"]) == (4.0, "Intermediate")
    assert payload["ipssra"]["score"] == pytest.approx(4.27)
    assert payload["inputs"]["hb"] == 9.6
    assert "not medical advice" in payload["disclaimer"]


def test_single_patient_text_names_range_drivers_and_missing() -> None:
    result = runner.invoke(app, ["risk", "--hb", "9.6", "--plt", "281", "--bm-blast", "9",
                                 "--cyto-ipssr", "Good", "--mutated", "SF3B1,SRSF2",
                                 "--wild-type", "TP53,ASXL1", "--tp53-vaf", "12%"])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "not medical advice" in text
    assert "IPSS-M (molecular, 2022): not settled" in text
    assert "Range:" in text
    assert "Raising the score most: bone marrow blasts 9 %" in text
    assert "Not given, and how much each could move the score" in text
    assert "Bernard E" in text


def test_tp53_vaf_percent_infers_loh() -> None:
    base = ["risk", "--hb", "10", "--plt", "150", "--bm-blast", "3", "--cyto-ipssr", "Good",
            "--tp53-mutations", "1", "--no-tp53-loh", "--format", "json"]  # fmt: skip
    above = json.loads(runner.invoke(app, [*base, "--tp53-vaf", "56%"]).stdout)
    at = json.loads(runner.invoke(app, [*base, "--tp53-vaf", "0.55"]).stdout)
    assert above["detail"]["ipssm"]["derived"]["TP53multi"] == 1
    assert at["detail"]["ipssm"]["derived"]["TP53multi"] == 0


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (["--input", "x.csv", "--hb", "9"], "not both"),
        ([], "Nothing to score"),
        (["--hb", "-3"], "not plausible"),
        (["--tp53-vaf", "12"], "percent"),
        (["--cyto-ipssr", "Great"], "is not one of"),
        (["--mutated", "ASXL1", "--wild-type", "ASXL1"], "both as mutated and as wild type"),
        (["--tp53-mutations", "1", "--wild-type", "TP53"], "TP53 is listed as wild type"),
        (["--hb", "9", "--output", "out.csv"], "--output is for a file"),
        (["--hb", "nine"], "Invalid value for '--hb'"),
    ],
)
def test_usage_errors_exit_2(arguments: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["risk", *arguments])
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert fragment in message
    assert "Traceback" not in message


def test_help() -> None:
    result = runner.invoke(app, ["risk", "--help"])
    assert result.exit_code == 0
    assert "--input" in result.stdout
    assert "--mutated" in result.stdout


def _summarize_or_skip() -> None:
    module = pytest.importorskip("onconav.clinical.karyotype")
    if not hasattr(module, "summarize"):
        pytest.skip("onconav.clinical.karyotype.summarize is not there yet")


def test_single_patient_with_a_karyotype_string() -> None:
    _summarize_or_skip()
    result = runner.invoke(
        app,
        ["risk", "--hb", "9.6", "--plt", "281", "--bm-blast", "9", "--anc", "4.8", "--age", "79",
         "--karyotype", "46,XY,del(5)(q13q33)[20]", "--mutated", "SF3B1,SRSF2",
         "--wild-type", "TP53,ASXL1", "--tp53-vaf", "0.12", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    # del(5q) as the single abnormality: IPSS-R Good (Schanz 2012), IPSS Good (1997)
    assert payload["inputs"]["cyto_ipssr"] == "Good"
    assert payload["inputs"]["del5q"] is True
    assert payload["inputs"]["complex"] is False
    assert payload["detail"]["ipss"]["inputs_used"]["CYTO_IPSS"] == "Good"
    assert payload["karyotype"]["karyotype"] == "46,XY,del(5)(q13q33)[20]"


def test_batch_with_a_karyotype_column(tmp_path: Path) -> None:
    _summarize_or_skip()
    cytogenetic = ("CYTO_IPSSR", "del5q", "del7_7q", "del17_17p", "complex")
    row = {k: v for k, v in read_rows(R_EXAMPLE)[0].items() if k not in cytogenetic}
    rows = [
        {**row, "ID": "normal", "KARYOTYPE": "46,XY[20]"},
        {**row, "ID": "unreadable", "KARYOTYPE": "46,XY,del(5)(q13"},
        {**row, "ID": "not_done", "KARYOTYPE": "NA"},
    ]
    source = write_csv(tmp_path / "patients.csv", rows)
    result = runner.invoke(app, ["risk", "--input", str(source)])
    out = {r["ID"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert out["normal"]["KARYOTYPE_CYTO_IPSSR"] == "Good"
    assert out["normal"]["IPSS_CAT"] != "NA"
    assert out["unreadable"]["ERROR"].startswith("KARYOTYPE")
    assert out["not_done"]["ERROR"] == ""
    assert out["not_done"]["IPSSM_SCORE_FINAL"] == "NA" or out["not_done"]["IPSSM_CAT_FINAL"]
