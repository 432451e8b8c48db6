"""Mismatches grouped by class (what kind of fact, what went wrong), so a reader of a score
sees patterns rather than a list: missed facts by kind, name and what differed; false facts
by kind and name; forbidden facts by the rule they broke; failed documents by error.
Wild-type genes fail together (a genes list not read), so they count as one class."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .score import CorpusScore

_REASON = re.compile(r"(?:^|; )(value|unit|date|details\[\w+\])(?= )")
_PROVENANCE = re.compile(r"(?:^|; )provenance ")


def reason_class(why: str) -> str:
    """'closest: date None, expected ...; details[vaf] 1.0, expected 0.27' -> 'date, details[vaf]'.

    The provenance reason comes last and quotes document text, which may itself read like
    a reason ("...; value 3"), so nothing after its start is read.
    """
    if not why.startswith("closest: "):
        return why
    body = why.removeprefix("closest: ")
    provenance = _PROVENANCE.search(body)
    found = set(_REASON.findall(body[: provenance.start()] if provenance else body))
    if provenance:
        found.add("provenance")
    return ", ".join(sorted(found)) or why


def mismatch_classes(score: CorpusScore) -> Counter[str]:
    classes: Counter[str] = Counter()
    for outcome in score.bad_inputs:
        if not outcome.handled:
            classes[f"bad input not refused: {outcome.how.split(':')[0]}"] += 1
    for document in score.documents:
        if document.error:
            classes[f"document error: {document.error.split(':')[0]}"] += 1
        for want, why in document.missed:
            risk = " (risk)" if want.risk else ""
            name = "<gene> wild_type" if want.value == "wild_type" else want.name
            classes[f"missed{risk} {want.kind.value}/{name}: {reason_class(why)}"] += 1
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
