"""MDS risk scores: batch throughput on 100,000 synthetic patients.

Scoring alone (columns in, columns out) has a target of 100,000 patients/s for IPSS-M plus
IPSS-R; end to end (read the ipssm batch CSV, score, write the CSV, as ``onconav risk
--input`` does) is reported without a target.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.figures import Figure
from onconav.cli.risk_cmd import score_csv
from onconav.clinical.scores import RiskColumns, ipssm_columns, ipssr_columns, risk_score_columns
from onconav.clinical.scores.arrays import FloatArray
from onconav.clinical.scores.batch import REQUIRED_COLUMNS
from onconav.clinical.scores.columns import ALL_COLUMNS, RANKED_COLUMNS

PATIENTS = 100_000
SCORING_TARGET = 100_000.0  # patients/s, IPSS-M + IPSS-R, scoring alone
MISSING_SHARE = 0.1


def synthetic_arrays(size: int, seed: int = 20220614) -> dict[str, FloatArray]:
    """Plausible random inputs, about 10 % of each column not known."""
    rng = np.random.default_rng(seed)
    arrays: dict[str, FloatArray] = {
        "HB": rng.uniform(6, 15, size).round(1),
        "PLT": rng.uniform(10, 600, size).round(0),
        "BM_BLAST": rng.uniform(0, 19, size).round(1),
        "ANC": rng.uniform(0.1, 6, size).round(2),
        "AGE": rng.uniform(30, 95, size).round(0),
        "TP53maxvaf": rng.uniform(0, 0.9, size).round(3),
    }
    for column, codes in RANKED_COLUMNS.items():
        arrays[column] = rng.integers(0, len(codes), size).astype(np.float64)
    for column in ALL_COLUMNS:
        if column not in arrays:
            arrays[column] = (rng.uniform(0, 1, size) < 0.1).astype(np.float64)
    for column, values in arrays.items():
        values[rng.uniform(0, 1, size) < MISSING_SHARE] = np.nan
        arrays[column] = values
    return arrays


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _write_batch_csv(path: Path, arrays: dict[str, FloatArray]) -> None:
    header = ["ID", *REQUIRED_COLUMNS, "ANC", "AGE"]
    texts: dict[str, list[str]] = {}
    for column in header[1:]:
        values = arrays[column]
        if column in RANKED_COLUMNS:
            labels = RANKED_COLUMNS[column]
            texts[column] = ["NA" if np.isnan(v) else labels[int(v)] for v in values]
        else:
            texts[column] = ["NA" if np.isnan(v) else f"{v:g}" for v in values]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in range(len(arrays["HB"])):
            writer.writerow([f"P{row}", *(texts[c][row] for c in header[1:])])


def run() -> list[Figure]:
    arrays = synthetic_arrays(PATIENTS)
    columns = RiskColumns.from_arrays(arrays)

    def ipssm_and_ipssr() -> None:
        ipssm_columns(columns)
        ipssr_columns(columns)

    scoring = _best_of(5, ipssm_and_ipssr)
    all_scores = _best_of(3, lambda: risk_score_columns(columns))
    validate = _best_of(3, lambda: RiskColumns.from_arrays(arrays))

    with tempfile.TemporaryDirectory() as folder:
        source_path = Path(folder) / "patients.csv"
        target_path = Path(folder) / "results.csv"
        _write_batch_csv(source_path, arrays)
        started = time.perf_counter()
        with (
            source_path.open(newline="", encoding="utf-8") as source,
            target_path.open("w", newline="", encoding="utf-8") as target,
        ):
            summary = score_csv(source, target)
        end_to_end = time.perf_counter() - started
        if summary.rows != PATIENTS:
            raise RuntimeError(f"scored {summary.rows} rows, expected {PATIENTS}")

    return [
        Figure(
            "IPSS-M + IPSS-R, scoring alone",
            PATIENTS / scoring,
            "patients/s",
            target=SCORING_TARGET,
        ),
        Figure(
            "all four scores (+ IPSS-RA, IPSS), scoring alone", PATIENTS / all_scores, "patients/s"
        ),
        Figure("columns from arrays, with plausibility checks", PATIENTS / validate, "patients/s"),
        Figure(
            "end to end: CSV read, parse, score, CSV write", PATIENTS / end_to_end, "patients/s"
        ),
    ]
