"""``onconav classify``: output formats, the schema, and messages for bad input (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mds_case_builder import case
from typer.testing import CliRunner

from onconav.cli.app import app
from onconav.clinical.classification import findings_json_schema

runner = CliRunner()


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "findings.json"
    path.write_text(content, encoding="utf-8")
    return path


def test_json_output_has_both_systems(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps(case(marrow={"blasts_percent": 7})))
    result = runner.invoke(app, ["classify", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["who"]["code"], data["icc"]["code"]) == ("MDS-IB1", "MDS-EB")
    assert data["who"]["candidate_needs_pathologist_confirmation"] is True


def test_text_output_shows_both_systems_reasons_and_prerequisites(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps(case(blood={"blasts_percent": 6})))
    result = runner.invoke(app, ["classify", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in (
        "WHO 2022",
        "ICC 2022",
        "MDS with increased blasts 2",
        "MDS with excess blasts",
        "blood blasts 6 %",
        "Where the two systems differ",
        "Software cannot establish",
        "Sources",
    ):
        assert expected in out, expected


def test_text_output_lists_missing_tests_when_not_assignable(tmp_path: Path) -> None:
    data = case()
    data.pop("molecular")
    result = runner.invoke(app, ["classify", str(_write(tmp_path, json.dumps(data)))])
    assert result.exit_code == 0
    assert "cannot be assigned yet" in result.stdout
    assert "TP53 sequencing" in result.stdout


def test_schema_option_prints_the_published_schema() -> None:
    result = runner.invoke(app, ["classify", "--schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == findings_json_schema()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"marrow": ', "not valid JSON"),
        ('{"marrow": {"blasts_percent": 150}}', "marrow.blasts_percent"),
        ('{"molecular": {"variants": [{"gene": "TP53", "vaf": 38}]}}', "write 38 % as 0.38"),
        ('{"marow": {}}', "marow: this field is not part of the findings format"),
        ("[1, 2]", "(top level)"),
    ],
)
def test_bad_input_gets_a_clear_message_and_exit_2(
    tmp_path: Path, content: str, expected: str
) -> None:
    result = runner.invoke(app, ["classify", str(_write(tmp_path, content))])
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_missing_file_and_missing_argument_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["classify", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2
    assert "Cannot read" in missing.output
    bare = runner.invoke(app, ["classify"])
    assert bare.exit_code == 2
    assert "--schema" in bare.output
