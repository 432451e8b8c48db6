"""Scores the records pipeline on a record set (the corpus by default): precision and recall
of facts, overall and for the values the risk scores use, flag agreement, bad-input
handling, every mismatch, and the mismatches by class.

Counting rules (see README.md):
- recall = required expected facts matched / required expected facts;
- precision = matched facts (required or optional) / scored produced facts, where a scored
  fact has a canonical name; duplicates of an already matched fact and forbidden facts that
  carry their allowing flag are neither right nor wrong;
- the risk subset is the expected facts marked ``risk`` and the produced facts whose kind
  and name the risk scores read.

Every set's ``score`` module is this ``main`` with its own ``RECORD_SET``:

    cd tests/records && ../../.venv/bin/python -m corpus.score [--mismatches] [--keep DIR]
    cd tests/records && ../../.venv/bin/python -m holdout.score [--mismatches] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from onconav.records.model import ExtractedDocument, Fact

from .annotations import (
    CANONICAL_NAMES,
    KNOWN_FLAGS,
    DocumentAnnotation,
    ExpectedFact,
    ForbiddenFact,
    used_by_risk_scores,
)
from .build import BuiltDocument
from .documents import RECORD_SET, RecordSet
from .matching import (
    Evidence,
    disagreements,
    forbidden_hit,
    maximum_matching,
    provenance_text,
)
from .mismatch_classes import class_report
from .pipeline import Pipeline, PipelineNotAvailableError, load_pipeline

RISK_PRECISION_TARGET = 0.98
RISK_RECALL_TARGET = 0.95
# OCR flags depend on how well a scan reads, which an annotator cannot know in advance.
_FLAGS_SCORED = KNOWN_FLAGS - {"ocr_repaired", "ocr_low_confidence"}
_MAX_ERROR_MESSAGE = 500


@dataclass
class DocumentScore:
    document: str
    required: list[ExpectedFact] = field(default_factory=list)
    matched: list[tuple[ExpectedFact, Fact]] = field(default_factory=list)
    optional_matched: list[tuple[ExpectedFact, Fact]] = field(default_factory=list)
    missed: list[tuple[ExpectedFact, str]] = field(default_factory=list)
    unexpected: list[Fact] = field(default_factory=list)
    forbidden: list[tuple[ForbiddenFact, Fact]] = field(default_factory=list)
    allowed_flagged: list[Fact] = field(default_factory=list)
    duplicates: list[Fact] = field(default_factory=list)
    not_canonical: list[Fact] = field(default_factory=list)
    warnings: tuple[str, ...] = ()
    error: str | None = None

    @property
    def false_facts(self) -> list[Fact]:
        return self.unexpected + [fact for _, fact in self.forbidden]


@dataclass(frozen=True)
class BadInputOutcome:
    document: str
    handled: bool
    how: str  # "clear error", "unclear error: ...", "accepted", "empty with warning"


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.hits}/{self.total})"


@dataclass
class CorpusScore:
    documents: list[DocumentScore]
    bad_inputs: list[BadInputOutcome]

    def _rates(self, risk_only: bool) -> tuple[Rate, Rate]:
        def counts(pair: tuple[ExpectedFact, Fact]) -> bool:
            return pair[0].risk or not risk_only

        true_positive = sum(
            1 for d in self.documents for pair in d.matched + d.optional_matched if counts(pair)
        )
        false_positive = sum(
            1
            for d in self.documents
            for fact in d.false_facts
            if not risk_only or used_by_risk_scores(fact.kind, fact.name)
        )
        found = sum(1 for d in self.documents for pair in d.matched if counts(pair))
        required = sum(1 for d in self.documents for e in d.required if e.risk or not risk_only)
        return Rate(true_positive, true_positive + false_positive), Rate(found, required)

    @property
    def precision(self) -> Rate:
        return self._rates(risk_only=False)[0]

    @property
    def recall(self) -> Rate:
        return self._rates(risk_only=False)[1]

    @property
    def risk_precision(self) -> Rate:
        return self._rates(risk_only=True)[0]

    @property
    def risk_recall(self) -> Rate:
        return self._rates(risk_only=True)[1]

    def _flag_counts(self) -> tuple[int, int, int]:
        """Flags agreed on matched facts; flags expected on every required fact (a missed
        fact's flags are missed too); flags produced on matched facts."""
        agreed = expected = produced = 0
        for document in self.documents:
            expected += sum(len(set(want.flags) & _FLAGS_SCORED) for want in document.required)
            for want, fact in document.matched + document.optional_matched:
                got = set(fact.flags) & _FLAGS_SCORED
                agreed += len(set(want.flags) & got)
                produced += len(got)
        return agreed, expected, produced

    @property
    def flag_recall(self) -> Rate:
        agreed, expected, _ = self._flag_counts()
        return Rate(agreed, expected)

    @property
    def flag_precision(self) -> Rate:
        agreed, _, produced = self._flag_counts()
        return Rate(agreed, produced)

    @property
    def bad_inputs_handled(self) -> Rate:
        return Rate(sum(o.handled for o in self.bad_inputs), len(self.bad_inputs))

    @property
    def failed_documents(self) -> list[DocumentScore]:
        return [d for d in self.documents if d.error is not None]


def _canonical(fact: Fact) -> bool:
    names = CANONICAL_NAMES[fact.kind]
    return names is None or fact.name in names


def located_evidence(documents: Sequence[ExtractedDocument]) -> Evidence:
    """The provenance snippet plus the whole line(s) of page text the provenance points to:
    a span such as "dysplasia" is shown to the person on its line, "... show no significant
    dysplasia", and the line is what they check it against."""
    pages = {(d.document_id, page.number): page.text for d in documents for page in d.pages}

    def evidence(fact: Fact) -> str:
        where = fact.provenance
        text = pages.get((where.document_id, where.page)) if where.page is not None else None
        if text is None:
            return where.text
        if where.start is not None and where.end is not None and 0 <= where.start <= len(text):
            first = text.rfind("\n", 0, where.start) + 1
            last = text.find("\n", max(where.end, where.start))
            return where.text + "\n" + text[first : None if last < 0 else last]
        if where.line is not None:
            lines = text.splitlines()
            if 1 <= where.line <= len(lines):
                return where.text + "\n" + lines[where.line - 1]
        return where.text

    return evidence


def score_facts(
    annotation: DocumentAnnotation,
    produced: Sequence[Fact],
    evidence: Evidence = provenance_text,
) -> DocumentScore:
    """Matches the produced facts of one document against its annotation."""
    expected = annotation.expected_facts()
    required = [e for e in expected if not e.optional]
    optional = [e for e in expected if e.optional]
    score = DocumentScore(document=annotation.document, required=required)
    scored = [f for f in produced if _canonical(f)]
    score.not_canonical = [f for f in produced if not _canonical(f)]

    pairs = maximum_matching(required, scored, evidence)
    score.matched = [(required[i], scored[j]) for i, j in sorted(pairs.items())]
    used = set(pairs.values())
    for i, want in enumerate(required):
        if i not in pairs:
            score.missed.append((want, _closest(want, scored, evidence)))

    remaining = []
    for j, fact in enumerate(scored):
        if j in used:
            continue
        rule = next((f for f in annotation.forbidden if forbidden_hit(f, fact)), None)
        if rule is None:
            remaining.append(fact)
        elif rule.allowed_if_flagged and rule.allowed_if_flagged in fact.flags:
            score.allowed_flagged.append(fact)
        else:
            score.forbidden.append((rule, fact))

    optional_pairs = maximum_matching(optional, remaining, evidence)
    score.optional_matched = [(optional[i], remaining[j]) for i, j in optional_pairs.items()]
    used_optional = set(optional_pairs.values())
    matched_expected = [want for want, _ in score.matched + score.optional_matched]
    for j, fact in enumerate(remaining):
        if j in used_optional:
            continue
        if any(not disagreements(want, fact, evidence) for want in matched_expected):
            score.duplicates.append(fact)
        else:
            score.unexpected.append(fact)
    return score


def _closest(want: ExpectedFact, produced: Sequence[Fact], evidence: Evidence) -> str:
    candidates: list[list[str]] = []
    for fact in produced:
        reasons = disagreements(want, fact, evidence)
        if not reasons:
            return "its only matching fact was taken by an identical expected fact"
        if not reasons[0].startswith(("kind", "name")):
            candidates.append(reasons)
    if not candidates:
        return "no fact of this kind and name"
    fewest: list[str] = min(candidates, key=len)
    return "closest: " + "; ".join(fewest)


def _clear_error(error: BaseException) -> str | None:
    """None when the error is the pipeline's own, with a short human message; else why not."""
    module = type(error).__module__
    message = str(error)
    if not module.startswith("onconav.records"):
        return f"{module}.{type(error).__name__} is not the pipeline's own error"
    if not message.strip():
        return "the error has no message"
    if "Traceback" in message or len(message) > _MAX_ERROR_MESSAGE:
        return "the message is not one a patient can read"
    return None


def bad_input_outcome(pipeline: Pipeline, built: BuiltDocument) -> BadInputOutcome:
    annotation = built.annotation
    try:
        output = pipeline.run(built.path)
    except Exception as error:  # the outcome under test: any exception is judged below
        problem = _clear_error(error)
        if problem is None:
            return BadInputOutcome(annotation.document, True, "clear error")
        return BadInputOutcome(annotation.document, False, f"unclear error: {problem}")
    if annotation.expect == "error_or_empty" and not output.facts and output.warnings:
        return BadInputOutcome(annotation.document, True, "empty with warning")
    return BadInputOutcome(
        annotation.document, False, f"accepted ({len(output.facts)} facts, no error)"
    )


def score_document(pipeline: Pipeline, built: BuiltDocument) -> DocumentScore:
    try:
        output = pipeline.run(built.path)
    except Exception as error:  # a good document the pipeline could not read: all missed
        score = score_facts(built.annotation, ())
        score.error = f"{type(error).__name__}: {error}"[:_MAX_ERROR_MESSAGE]
        return score
    score = score_facts(built.annotation, output.facts, located_evidence(output.documents))
    score.warnings = output.warnings
    if built.annotation.expect_warnings and not output.warnings:
        score.error = "expected a warning about the broken part; none was given"
    return score


def score_built(pipeline: Pipeline, built: Sequence[BuiltDocument]) -> CorpusScore:
    documents, bad = [], []
    for item in built:
        if item.annotation.bad_input:
            bad.append(bad_input_outcome(pipeline, item))
        else:
            documents.append(score_document(pipeline, item))
    return CorpusScore(documents=documents, bad_inputs=bad)


def score_set(record_set: RecordSet, build_dir: Path | None = None) -> CorpusScore:
    """Builds a record set (into ``build_dir`` or a temporary folder) and scores it.

    Raises PipelineNotAvailableError before building anything when the pipeline is missing.
    """
    pipeline = load_pipeline()
    if build_dir is not None:
        return score_built(pipeline, record_set.build(build_dir))
    with tempfile.TemporaryDirectory(prefix=f"onconav-{record_set.name}-") as folder:
        return score_built(pipeline, record_set.build(Path(folder)))


def report(score: CorpusScore, mismatches: bool) -> str:
    lines = [
        f"risk-score values: precision {score.risk_precision}, recall {score.risk_recall}"
        f"  (targets ≥ {RISK_PRECISION_TARGET}, ≥ {RISK_RECALL_TARGET})",
        f"all facts:         precision {score.precision}, recall {score.recall}",
        f"flags:             precision {score.flag_precision}, recall {score.flag_recall}",
        f"bad inputs handled: {score.bad_inputs_handled}",
        f"documents the pipeline failed on: {len(score.failed_documents)}",
    ]
    if not mismatches:
        return "\n".join(lines)
    for outcome in score.bad_inputs:
        if not outcome.handled:
            lines.append(f"[{outcome.document}] bad input not refused: {outcome.how}")
    for document in score.documents:
        tag = f"[{document.document}]"
        if document.error:
            lines.append(f"{tag} error: {document.error}")
        for want, why in document.missed:
            risk = " (risk)" if want.risk else ""
            lines.append(
                f"{tag} missed{risk} {want.kind.value}/{want.name}={want.value!r} "
                f"{want.unit or ''} {want.date}: {why}"
            )
        for fact in document.unexpected:
            lines.append(f"{tag} unexpected {_describe(fact)}")
        for rule, fact in document.forbidden:
            lines.append(f"{tag} forbidden {_describe(fact)}: {rule.why}")
    return "\n".join(lines)


def _describe(fact: Fact) -> str:
    return (
        f"{fact.kind.value}/{fact.name}={fact.value!r} {fact.unit or ''} {fact.date} "
        f"flags={list(fact.flags)} from {fact.provenance.text[:80]!r}"
    )


def main(argv: list[str], record_set: RecordSet = RECORD_SET) -> int:
    """The command line of every set's ``score`` module: the figures, each mismatch with
    ``--mismatches``, and the mismatches by class."""
    parser = argparse.ArgumentParser(
        description=f"Score the records pipeline on the {record_set.name} set."
    )
    parser.add_argument("--mismatches", action="store_true", help="list every mismatch")
    parser.add_argument("--keep", type=Path, help="build the set into this folder and keep it")
    arguments = parser.parse_args(argv)
    try:
        score = score_set(record_set, arguments.keep)
    except PipelineNotAvailableError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(report(score, arguments.mismatches))
    print("\nmismatches by class:")
    print(class_report(score))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
