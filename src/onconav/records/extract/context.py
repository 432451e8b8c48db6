"""Negation and hedging around a finding, with medspaCy's ConText.

The pipeline is a blank English spaCy pipeline with a sentencizer, medspaCy's target matcher
and ConText (Harkema H et al., J Biomed Inform 2009;42:839, as implemented in medspaCy 1.3).
Extractors find their own targets with patterns; ``assess`` adds any target the matcher did
not already mark, so ConText judges exactly the spans the extractor read. The default ConText
rules are extended with wording from molecular and pathology reports: postfix results
("FLT3-ITD: not detected", "TP53 ... negative"), "cannot be excluded" as uncertainty, and ';'
ending a modifier's scope (a results list is one sentence to the sentencizer). medspaCy's default
rule ": no" is left out (see ``_DROPPED_DEFAULTS``).

The pipeline is built once per process and reused; it holds no record content, and no
results are cached.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from onconav.records.extract.genes import MYELOID_GENES

# medspaCy's ": no" reads "Fever: no" backwards; in reports "Iron stain: No ring
# sideroblasts" is far more common, and the forward "no" rule reads it correctly.
_DROPPED_DEFAULTS = frozenset({": no"})
_ASSAYS = ("FLT3-ITD", "FLT3-TKD", "KMT2A-PTD", "MLL-PTD", "LOH")
_NEGATED = "NEGATED_EXISTENCE"
_POSSIBLE = "POSSIBLE_EXISTENCE"
_HYPOTHETICAL = "HYPOTHETICAL"
_TARGET_LABEL = "FINDING"

# Postfix negation: "[is/are/was/were] not detected|identified|seen ...". One token pattern
# so that it outranks medspaCy's default forward "was not" / "are not" rules, which would
# otherwise claim the words "are not" and negate the wrong side.
_PARTICIPLES = [
    "detected",
    "identified",
    "seen",
    "present",
    "observed",
    "found",
    "increased",
    "appreciated",
    "evident",
    "demonstrated",
    "noted",
    "done",
    "performed",
    "available",
    "obtained",
    "completed",
    "mutated",  # "ASXL1 not mutated"
]
_POSTFIX_NEGATION: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["is", "are", "was", "were", "been", "be"]}, "OP": "?"},
    {"LOWER": {"IN": ["not", "no", "none"]}},
    {"LOWER": {"IN": ["longer"]}, "OP": "?"},
    {"LOWER": {"IN": _PARTICIPLES}},
]

# "TP53: no mutation detected" and "no pathogenic variants were detected in TP53": the
# negation reads both ways. "No other variants" does not match (no "other" allowed), so it
# never negates the gene named before it.
_NO_VARIANT: list[dict[str, Any]] = [
    {"LOWER": "no"},
    {
        "LOWER": {
            "IN": ["pathogenic", "likely", "reportable", "clinically", "significant", "relevant"]
        },
        "OP": "*",
    },
    {
        "LOWER": {
            "IN": ["mutation", "mutations", "variant", "variants", "alteration", "alterations"]
        }
    },
    {"LOWER": {"IN": ["is", "are", "was", "were"]}, "OP": "?"},
    {"LOWER": {"IN": _PARTICIPLES}, "OP": "?"},
]

# (literal, category, direction). BACKWARD rules read the words after a finding.
_REPORT_RULES: tuple[tuple[str, str, str], ...] = (
    ("none detected", _NEGATED, "BACKWARD"),
    ("undetectable", _NEGATED, "BACKWARD"),
    ("below the limit of detection", _NEGATED, "BACKWARD"),
    ("negative", _NEGATED, "BACKWARD"),
    ("absent", _NEGATED, "BACKWARD"),
    ("none", _NEGATED, "BACKWARD"),
    ("wild type", _NEGATED, "BACKWARD"),
    ("wild-type", _NEGATED, "BACKWARD"),
    ("without", _NEGATED, "FORWARD"),
    ("cannot be excluded", _POSSIBLE, "BACKWARD"),
    ("can not be excluded", _POSSIBLE, "BACKWARD"),
    ("cannot be ruled out", _POSSIBLE, "BACKWARD"),
    ("not excluded", _POSSIBLE, "BACKWARD"),
    ("equivocal", _POSSIBLE, "BIDIRECTIONAL"),
    ("indeterminate", _POSSIBLE, "BIDIRECTIONAL"),
    ("suspicious for", _POSSIBLE, "FORWARD"),
    ("suggestive of", _POSSIBLE, "FORWARD"),
    ("concerning for", _POSSIBLE, "FORWARD"),
    ("possible", _POSSIBLE, "FORWARD"),
    ("possibly", _POSSIBLE, "BIDIRECTIONAL"),
    ("probable", _POSSIBLE, "FORWARD"),
    ("suspected", _POSSIBLE, "BIDIRECTIONAL"),
    ("questionable", _POSSIBLE, "FORWARD"),
    ("may represent", _POSSIBLE, "FORWARD"),
    # A test suggested for later ("FISH for +8 may be considered on a further sample").
    ("may be considered", _HYPOTHETICAL, "BACKWARD"),
    ("could be considered", _HYPOTHETICAL, "BACKWARD"),
    ("should be considered", _HYPOTHETICAL, "BACKWARD"),
    ("is recommended", _HYPOTHETICAL, "BACKWARD"),
    ("are recommended", _HYPOTHETICAL, "BACKWARD"),
    (";", "SEMICOLON", "TERMINATE"),
)


@dataclass(frozen=True)
class Assertion:
    """ConText's judgement of one target span."""

    negated: bool
    uncertain: bool
    historical: bool
    hypothetical: bool

    @property
    def hedged(self) -> bool:
        return self.uncertain or self.hypothetical


AFFIRMED = Assertion(negated=False, uncertain=False, historical=False, hypothetical=False)


def assess(text: str, spans: Sequence[tuple[int, int]]) -> list[Assertion]:
    """ConText's judgement for each ``(start, end)`` character span of ``text``."""
    if not spans:
        return []
    # Deliberately not cached: a process-wide cache would keep record text in memory
    # across documents and users.
    return list(_assess(text, tuple(spans)))


def _assess(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[Assertion, ...]:
    nlp = _pipeline()
    with warnings.catch_warnings():
        # medspaCy warns (W036) that its token matcher is empty when only phrases are used.
        warnings.filterwarnings("ignore", message=r"\[W036\]")
        doc = _judge(nlp, text, spans)
    wanted = doc.user_data["wanted"]
    by_tokens = {(e.start, e.end): e for e in doc.ents}
    results = []
    for key in wanted:
        entity = by_tokens.get(key) if key is not None else None
        if entity is None:
            results.append(AFFIRMED)
            continue
        results.append(
            Assertion(
                negated=bool(entity._.is_negated),
                uncertain=bool(entity._.is_uncertain),
                historical=bool(entity._.is_historical),
                hypothetical=bool(entity._.is_hypothetical),
            )
        )
    return tuple(results)


def _judge(nlp: Any, text: str, spans: tuple[tuple[int, int], ...]) -> Any:
    """Run the pipeline with ``spans`` as targets; returns the doc and keeps the token spans
    of the requested targets in ``doc.user_data``."""
    from spacy.tokens import Span

    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "medspacy_context":
            break
        doc = component(doc)
    entities = list(doc.ents)
    wanted: list[Any] = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            wanted.append(None)
            continue
        same = next((e for e in entities if e.start == span.start and e.end == span.end), None)
        if same is None:
            same = Span(doc, span.start, span.end, label=_TARGET_LABEL)
            entities = [e for e in entities if e.end <= same.start or e.start >= same.end]
            entities.append(same)
        wanted.append((same.start, same.end))
    doc.ents = sorted(entities, key=lambda e: e.start)
    doc = nlp.get_pipe("medspacy_context")(doc)
    doc.user_data["wanted"] = wanted
    return doc


@functools.cache
def _pipeline() -> Any:
    """Build the ConText pipeline once. Imported lazily: spaCy takes a second to load."""
    _silence_third_party_logging()
    with warnings.catch_warnings():
        # spaCy 3.7 imports a click helper that click deprecates; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        import spacy
        from medspacy.context import ConTextRule
        from medspacy.ner import TargetRule

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher: Any = nlp.add_pipe("medspacy_target_matcher")
    # Gene symbols and separately reported assays are targets on their own; extractors add
    # the other spans they read (lab names, marrow findings) through ``assess``.
    matcher.add(
        [TargetRule(symbol, "GENE") for symbol in sorted(MYELOID_GENES)]
        + [TargetRule(assay, "ASSAY") for assay in _ASSAYS]
    )
    context: Any = nlp.add_pipe("medspacy_context", config={"rules": None})
    defaults = ConTextRule.from_json(context.DEFAULT_RULES_FILEPATH)
    context.add([rule for rule in defaults if rule.literal not in _DROPPED_DEFAULTS])
    rules = [
        ConTextRule(literal, category, direction=direction)
        for literal, category, direction in _REPORT_RULES
    ]
    rules.append(
        ConTextRule("not detected", _NEGATED, pattern=_POSTFIX_NEGATION, direction="BACKWARD")
    )
    rules.append(
        ConTextRule("no variant", _NEGATED, pattern=_NO_VARIANT, direction="BIDIRECTIONAL")
    )
    context.add(rules)
    return nlp


def _silence_third_party_logging() -> None:
    # PyRuSH (imported by medspaCy) logs through loguru to stderr by default; record text
    # must never reach a log, so its output is switched off before medspaCy is imported.
    try:
        from loguru import logger
    except ImportError:  # pragma: no cover - loguru comes with medspaCy
        return
    logger.disable("PyRuSH")
    logger.disable("medspacy")
