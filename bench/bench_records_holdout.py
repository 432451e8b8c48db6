"""Records pipeline on the second held-out set (``tests/records/holdout``): 16 documents for
three patients the extractors were never tuned on, scored with the corpus's own scorer.

The same figures as ``bench_records``: precision and recall on the risk-score values
(targets ≥ 0.98 and ≥ 0.95), on all facts, flag recall, and documents the pipeline failed
on. The holdout has no bad inputs (those are the corpus's job). Mismatches are printed
grouped by class; ``cd tests/records && python -m holdout.score --mismatches`` lists each.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from bench.figures import Figure

RECORDS_TESTS = Path(__file__).resolve().parents[1] / "tests" / "records"


def _holdout_score_module() -> ModuleType:
    # The holdout and the corpus it reuses are packages beside the tests (tests/ itself is
    # not importable: another distribution installs a top-level "tests" package).
    if str(RECORDS_TESTS) not in sys.path:
        sys.path.insert(0, str(RECORDS_TESTS))
    return importlib.import_module("holdout.score")


def run() -> list[Figure]:
    holdout = _holdout_score_module()
    corpus_score = importlib.import_module("corpus.score")
    pipeline = importlib.import_module("corpus.pipeline")
    try:
        score = holdout.score_holdout()
    except pipeline.PipelineNotAvailableError as error:
        print(f"  {error}", file=sys.stderr)
        return [Figure("records pipeline available", 0.0, "yes=1", target=1.0)]
    summary = corpus_score.report(score, mismatches=False)
    print("  " + summary.replace("\n", "\n  "))
    print("  mismatches by class:")
    print("    " + holdout.class_report(score).replace("\n", "\n    "))
    return [
        Figure(
            "holdout risk-score values precision",
            score.risk_precision.value,
            "",
            target=corpus_score.RISK_PRECISION_TARGET,
        ),
        Figure(
            "holdout risk-score values recall",
            score.risk_recall.value,
            "",
            target=corpus_score.RISK_RECALL_TARGET,
        ),
        Figure("holdout all facts precision", score.precision.value, ""),
        Figure("holdout all facts recall", score.recall.value, ""),
        Figure("holdout flag recall", score.flag_recall.value, ""),
        Figure(
            "holdout documents the pipeline failed on",
            float(len(score.failed_documents)),
            "documents",
            target=0.0,
            better="lower",
        ),
    ]
