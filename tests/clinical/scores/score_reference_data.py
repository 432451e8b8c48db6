"""Reading the reference CSVs of tests/clinical/data (see its README for source and licence)."""

from __future__ import annotations

import csv
from pathlib import Path

from onconav.clinical.scores import RiskInputs
from onconav.clinical.scores.batch import parse_row

DATA = Path(__file__).resolve().parents[1] / "data"
EDGE_CASES = DATA / "ipssm_edge_cases_reference.csv"
R_EXAMPLE = DATA / "ipssm_R_example.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def patient(row: dict[str, str]) -> RiskInputs:
    inputs, _ = parse_row(row)
    return inputs


def number(text: str) -> float | None:
    return None if text == "NA" else float(text)
