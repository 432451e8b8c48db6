"""Records pipeline on the annotated record sets in ``tests/records``: precision and recall of
the facts read, overall and for the values the risk scores use, flag agreement, bad-input
refusal (for a set that has bad inputs), and the mismatches grouped by class.

This module benchmarks the development corpus (``tests/records/corpus``, 30+ documents) and
holds the one ``run_record_set`` every records benchmark uses: ``bench_records_holdout``,
``bench_records_holdout2`` and ``bench_records_holdout3`` are it applied to the held-out sets.

Targets: precision ≥ 0.98 and recall ≥ 0.95 on the risk-score values (hemoglobin,
platelets, ANC, marrow blasts, karyotype, IPSS-M genes, TP53 VAF/LOH, age); every bad input
refused with a clear error; no document the pipeline fails on.
``cd tests/records && python -m <set>.score --mismatches`` lists each mismatch.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from bench.figures import Figure

RECORDS_TESTS = Path(__file__).resolve().parents[1] / "tests" / "records"


def _import(module: str) -> Any:
    # The sets are packages beside the tests (tests/ itself is not importable: another
    # distribution installs a top-level "tests" package into site-packages).
    if str(RECORDS_TESTS) not in sys.path:
        sys.path.insert(0, str(RECORDS_TESTS))
    return importlib.import_module(module)


def run_record_set(package: str) -> list[Figure]:
    """Scores the set named ``RECORD_SET`` in ``<package>/documents.py``; its figures carry
    the set's name (none for the corpus, whose figure names came first)."""
    record_set = _import(f"{package}.documents").RECORD_SET
    scorer = _import("corpus.score")
    pipeline = _import("corpus.pipeline")
    classes = _import("corpus.mismatch_classes")
    try:
        score = scorer.score_set(record_set)
    except pipeline.PipelineNotAvailableError as error:
        print(f"  {error}", file=sys.stderr)
        return [Figure("records pipeline available", 0.0, "yes=1", target=1.0)]
    print("  " + scorer.report(score, mismatches=False).replace("\n", "\n  "))
    print("  mismatches by class:")
    print("    " + classes.class_report(score).replace("\n", "\n    "))
    label = "" if package == "corpus" else f"{package} "
    figures = [
        Figure(
            f"{label}risk-score values precision",
            score.risk_precision.value,
            "",
            target=scorer.RISK_PRECISION_TARGET,
        ),
        Figure(
            f"{label}risk-score values recall",
            score.risk_recall.value,
            "",
            target=scorer.RISK_RECALL_TARGET,
        ),
        Figure(f"{label}all facts precision", score.precision.value, ""),
        Figure(f"{label}all facts recall", score.recall.value, ""),
        Figure(f"{label}flag recall", score.flag_recall.value, ""),
    ]
    if score.bad_inputs:
        figures.append(
            Figure(
                f"{label}bad inputs refused clearly",
                score.bad_inputs_handled.value,
                "",
                target=1.0,
            )
        )
    figures.append(
        Figure(
            f"{label}documents the pipeline failed on",
            float(len(score.failed_documents)),
            "documents",
            target=0.0,
            better="lower",
        )
    )
    return figures


def run() -> list[Figure]:
    return run_record_set("corpus")
