"""Records pipeline on the held-out corpus (``tests/records/corpus``): precision and recall
of the facts read from 30+ annotated documents, overall and for the values the risk scores
use, plus flag agreement and bad-input refusal.

Targets: precision ≥ 0.98 and recall ≥ 0.95 on the risk-score values (hemoglobin,
platelets, ANC, marrow blasts, karyotype, IPSS-M genes, TP53 VAF/LOH, age); every bad input
refused with a clear error. ``cd tests/records && python -m corpus.score --mismatches``
lists what was missed or read wrongly.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from bench.figures import Figure

CORPUS_PARENT = Path(__file__).resolve().parents[1] / "tests" / "records"


def _score_module() -> ModuleType:
    # The corpus is a package beside the tests (tests/ itself is not importable: another
    # distribution installs a top-level "tests" package into site-packages).
    if str(CORPUS_PARENT) not in sys.path:
        sys.path.insert(0, str(CORPUS_PARENT))
    return importlib.import_module("corpus.score")


def run() -> list[Figure]:
    score_module = _score_module()
    pipeline_module = importlib.import_module("corpus.pipeline")
    try:
        score = score_module.score_corpus()
    except pipeline_module.PipelineNotAvailableError as error:
        print(f"  {error}", file=sys.stderr)
        return [Figure("records pipeline available", 0.0, "yes=1", target=1.0)]
    print(f"  {score_module.report(score, mismatches=False)}".replace("\n", "\n  "))
    return [
        Figure(
            "risk-score values precision",
            score.risk_precision.value,
            "",
            target=score_module.RISK_PRECISION_TARGET,
        ),
        Figure(
            "risk-score values recall",
            score.risk_recall.value,
            "",
            target=score_module.RISK_RECALL_TARGET,
        ),
        Figure("all facts precision", score.precision.value, ""),
        Figure("all facts recall", score.recall.value, ""),
        Figure("flag recall", score.flag_recall.value, ""),
        Figure("bad inputs refused clearly", score.bad_inputs_handled.value, "", target=1.0),
        Figure(
            "documents the pipeline failed on",
            float(len(score.failed_documents)),
            "documents",
            target=0.0,
            better="lower",
        ),
    ]
