"""The records flow from the command line: add, list, show, profile, correct, risk, ask."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ONCONAV = str(Path(sys.executable).with_name("onconav"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ONCONAV_HOME": str(home)}
    env.pop("ONCONAV_SECRET_KEY", None)
    return subprocess.run(
        [ONCONAV, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def add_all(home: Path) -> dict:  # type: ignore[type-arg]
    files = [str(DATA / name) for name in ("cbc.txt", "marrow.txt", "ngs.txt")]
    result = run(home, "records", "add", "--patient", "P", "--format", "json", *files)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_add_reports_what_was_found_per_document_and_is_idempotent(home: Path) -> None:
    added = add_all(home)
    statuses = [f["status"] for f in added["files"]]
    assert statuses == ["added", "added", "added"]
    marrow = added["files"][1]["documents"][0]
    assert marrow["found"]["karyotype"] == 1
    assert marrow["found"]["marrow"] >= 5
    again = run(home, "records", "add", "--patient", "P", str(DATA / "cbc.txt"))
    assert again.returncode == 0
    assert "already added" in again.stdout
    listed = json.loads(run(home, "records", "list", "--patient", "P", "--format", "json").stdout)
    assert len(listed) == 3


def test_a_bad_file_gets_a_message_and_the_rest_continue(home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run(
        home,
        "records",
        "add",
        "--patient",
        "P",
        str(empty),
        str(DATA / "cbc.txt"),
        str(tmp_path / "missing.pdf"),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "✓ cbc.txt" in result.stdout
    assert "empty.pdf" in result.stdout
    assert "No such file" in result.stdout


def test_profile_json_has_facts_with_provenance_and_latest(home: Path) -> None:
    add_all(home)
    result = run(home, "profile", "--patient", "P", "--format", "json")
    assert result.returncode == 0, result.stderr
    profile = json.loads(result.stdout)
    hemoglobin = [f for f in profile["facts"] if f["name"] == "hemoglobin"]
    assert hemoglobin[0]["value"] == 8.9
    assert hemoglobin[0]["unit"] == "g/dL"
    assert hemoglobin[0]["date"] == "2024-02-20"
    provenance = hemoglobin[0]["provenance"]
    assert provenance["document_name"] == "cbc.txt"
    assert provenance["page"] == 1
    assert "8.9" in provenance["text"]
    assert set(profile) >= {"facts", "latest", "timeline", "warnings", "missing"}
    assert profile["latest"]["hemoglobin"]["value"] == 8.9


def test_risk_from_records_equals_the_same_values_typed_by_hand(home: Path) -> None:
    add_all(home)
    from_records = json.loads(run(home, "risk", "--patient", "P", "--format", "json").stdout)
    by_hand = json.loads(
        run(
            home,
            "risk",
            "--hb",
            "8.9",
            "--plt",
            "210",
            "--anc",
            "1.9",
            "--bm-blast",
            "3",
            "--age",
            "73",
            "--karyotype",
            "46,XX,del(5)(q13q33)[20]",
            "--wild-type",
            "others",
            "--tp53-mutations",
            "0",
            "--tp53-vaf",
            "0",
            "--format",
            "json",
        ).stdout
    )
    for model in ("ipss", "ipssr", "ipssra"):
        assert from_records[model] == by_hand[model], model
    for scenario in ("mean", "best", "worst", "final"):
        assert from_records["ipssm"][scenario] == by_hand["ipssm"][scenario]
    hemoglobin = next(i for i in from_records["inputs"] if i["name"] == "hemoglobin")
    assert hemoglobin["date"] == "2024-02-20"
    assert hemoglobin["provenance"][0]["document_name"] == "cbc.txt"


def test_a_correction_overrides_and_keeps_the_original(home: Path) -> None:
    add_all(home)
    result = run(
        home, "profile", "correct", "--patient", "P", "hemoglobin", "9.2", "--unit", "g/dL"
    )
    assert result.returncode == 0, result.stderr
    assert "was 8.9" in result.stdout
    profile = json.loads(run(home, "profile", "--patient", "P", "--format", "json").stdout)
    assert profile["latest"]["hemoglobin"]["value"] == 9.2
    values = {f["value"] for f in profile["facts"] if f["name"] == "hemoglobin"}
    assert {8.9, 9.2} <= values
    unknown = run(home, "profile", "correct", "--patient", "P", "potassium", "4")
    assert unknown.returncode == 2
    assert "No value named 'potassium'" in unknown.stderr


def test_show_marks_the_extracted_spans(home: Path) -> None:
    added = add_all(home)
    document_id = added["files"][0]["documents"][0]["id"]
    shown = json.loads(run(home, "records", "show", document_id, "--format", "json").stdout)
    page = shown["pages"][0]["text"]
    for fact in shown["facts"]:
        where = fact["provenance"]
        if where["start"] is not None:
            assert page[where["start"] : where["end"]] in where["text"]
    missing = run(home, "records", "show", "nosuchdoc")
    assert missing.returncode == 2


def test_ask_with_patient_adds_the_personal_section(home: Path) -> None:
    add_all(home)
    result = run(
        home, "ask", "--patient", "P", "What are my treatment options?", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    headings = [s["heading"] for s in answer["sections"]]
    assert "For your situation" in headings
    assert any(c["kind"] == "record" and c["document_id"] for c in answer["citations"])
    assert answer["checks"]["grounded"]


def test_unknown_patient_is_a_usage_error(home: Path) -> None:
    result = run(home, "profile", "--patient", "Nobody")
    assert result.returncode == 2
    assert "No records for patient 'Nobody'" in result.stderr


def test_trials_is_a_search_not_a_match(home: Path) -> None:
    add_all(home)
    result = run(home, "trials", "--patient", "P", "--zip", "94110", "--format", "json")
    assert result.returncode == 0
    search = json.loads(result.stdout)
    assert search["url"].startswith("https://clinicaltrials.gov/search?")
    assert "search, not a match" in search["explanation"]
    bad = run(home, "trials", "--patient", "P", "--zip", "9411")
    assert bad.returncode == 2
