"""Scores the records pipeline on the holdout set with the corpus's scorer, and groups the
mismatches by class (what kind of fact, what went wrong) so a reader sees patterns rather
than a list.

    cd tests/records && ../../.venv/bin/python -m holdout.score [--mismatches] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from corpus.pipeline import PipelineNotAvailableError, load_pipeline
from corpus.score import CorpusScore, report, score_built

from .documents import build_holdout


def score_holdout(build_dir: Path | None = None) -> CorpusScore:
    """Builds the holdout (into ``build_dir`` or a temporary folder) and scores it.

    Raises PipelineNotAvailableError before building anything when the pipeline is missing.
    """
    pipeline = load_pipeline()
    if build_dir is not None:
        return score_built(pipeline, build_holdout(build_dir))
    with tempfile.TemporaryDirectory(prefix="onconav-holdout-") as folder:
        return score_built(pipeline, build_holdout(Path(folder)))


def _reason_class(why: str) -> str:
    """'closest: date None, expected ...; details[vaf] 1.0, expected 0.27' -> 'date, details[vaf]'.

    Only the start of each reason is read: a provenance snippet quoted in a reason may
    itself hold semicolons.
    """
    if not why.startswith("closest: "):
        return why
    found = re.findall(r"(?:^|; )(value|unit|date|details\[\w+\]|provenance)(?= )", why[9:])
    return ", ".join(sorted(set(found))) or why


def mismatch_classes(score: CorpusScore) -> Counter[str]:
    """Mismatches counted by class: missed facts by kind, name and what differed; false
    facts by kind and name; forbidden facts by the rule they broke; failed documents."""
    classes: Counter[str] = Counter()
    for document in score.documents:
        if document.error:
            classes[f"document error: {document.error.split(':')[0]}"] += 1
        for want, why in document.missed:
            risk = " (risk)" if want.risk else ""
            # Wild-type genes fail together (a genes list not read), so they count as one class.
            name = "<gene> wild_type" if want.value == "wild_type" else want.name
            classes[f"missed{risk} {want.kind.value}/{name}: {_reason_class(why)}"] += 1
        for fact in document.unexpected:
            classes[f"false {fact.kind.value}/{fact.name}"] += 1
        for rule, fact in document.forbidden:
            classes[f"forbidden {fact.kind.value}/{fact.name}: {rule.why}"] += 1
    return classes


def class_report(score: CorpusScore) -> str:
    classes = mismatch_classes(score)
    if not classes:
        return "no mismatches"
    width = max(len(str(n)) for n in classes.values())
    return "\n".join(f"{n:>{width}}  {name}" for name, n in sorted(classes.items()))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Score the records pipeline on the holdout.")
    parser.add_argument("--mismatches", action="store_true", help="list every mismatch")
    parser.add_argument("--keep", type=Path, help="build the holdout into this folder")
    arguments = parser.parse_args(argv)
    try:
        score = score_holdout(arguments.keep)
    except PipelineNotAvailableError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(report(score, arguments.mismatches))
    print("\nmismatches by class:")
    print(class_report(score))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
