"""``onconav karyotype``: one karyotype in plain words or JSON, or a file to CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from onconav.cli import karyotype_cmd
from onconav.cli.karyotype_cmd import BATCH_COLUMNS, karyotype_command

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(karyotype_command)
    return app


def test_text_output_explains_in_plain_words() -> None:
    result = runner.invoke(_app(), ["46,XY,del(5)(q13q33)[20]"])
    assert result.exit_code == 0
    assert "IPSS-R cytogenetic group: Good" in result.stdout
    assert "del(5q)" in result.stdout
    assert "not medical advice" in result.stdout


def test_text_output_shows_the_other_reading_and_notes() -> None:
    result = runner.invoke(_app(), ["46,XY,+1,der(1;7)(q10;p10)[20]"])
    assert "Under another counting convention it would be Intermediate" in result.stdout
    assert "Note:" in result.stdout


def test_json_output() -> None:
    result = runner.invoke(_app(), ["45,XX,-7[15]/46,XX[5]", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ipssr_category"] == "Poor"
    assert data["del7_7q"] is True
    assert data["canonical"] == "45,XX,-7[15]/46,XX[5]"
    assert data["fish"] is None


def test_json_output_with_fish() -> None:
    result = runner.invoke(
        _app(), ["46,XX[20].nuc ish(EGR1x1,D5S23x2)[156/200]", "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert data["fish"][0]["percent"] == 78.0


def test_unreadable_karyotype_is_a_usage_error_without_traceback() -> None:
    result = runner.invoke(_app(), ["46,XY,del(5)(q13q33[20]"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "expected ')'" in result.output


def test_needs_exactly_one_source() -> None:
    assert runner.invoke(_app(), []).exit_code == 2


def test_batch_to_csv_keeps_going_after_a_bad_line(tmp_path: Path) -> None:
    source = tmp_path / "karyotypes.txt"
    source.write_text("46,XY[20]\n\n46,XY,t(1:7)(p11;p11)[20]\n45,X,-Y[20]\nno metaphases\n")
    target = tmp_path / "results.csv"
    result = runner.invoke(_app(), ["--input", str(source), "--output", str(target)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert tuple(rows[0].keys()) == BATCH_COLUMNS
    assert [row["CYTO_IPSSR"] for row in rows] == ["Good", "", "Very Good", "NA"]
    assert rows[1]["ERROR"].startswith("could not read the karyotype")
    assert rows[2]["del7_7q"] == "0"
    assert rows[3]["N_ABNORMALITIES"] == "NA"


def test_batch_json_to_stdout(tmp_path: Path) -> None:
    source = tmp_path / "karyotypes.txt"
    source.write_text("47,XY,+8[20]\n")
    result = runner.invoke(_app(), ["--input", str(source), "--format", "json"])
    assert json.loads(result.stdout)[0]["ipssr_category"] == "Intermediate"


def test_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["--input", str(tmp_path / "absent.txt")])
    assert result.exit_code == 2


def test_command_is_registered_in_the_main_program() -> None:
    from onconav.cli.app import app

    names = {command.name for command in app.registered_commands}
    assert "karyotype" in names


def test_a_large_batch_read_by_worker_processes_matches_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["46,XY[20]", "47,XX,+8[12]/46,XX[8]", "46,XY,t(1:7)(p11;p11)[20]", "45,XY,-7[20]"]
    source = tmp_path / "karyotypes.txt"
    source.write_text("\n".join(lines * 3) + "\n")
    serial = runner.invoke(_app(), ["--input", str(source)])
    monkeypatch.setattr(karyotype_cmd, "PARALLEL_FROM", 2)
    parallel = runner.invoke(_app(), ["--input", str(source)])
    assert serial.exit_code == parallel.exit_code == 0
    assert parallel.stdout == serial.stdout
    rows = list(csv.DictReader(io.StringIO(parallel.stdout)))
    assert [row["KARYOTYPE"] for row in rows] == lines * 3
    assert [row["CYTO_IPSSR"] for row in rows[:4]] == ["Good", "Intermediate", "", "Poor"]
