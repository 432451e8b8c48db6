"""Dysplasia by lineage, and how many lineages are dysplastic.

Wording follows WHO 2022 / ICC 2022 morphology descriptions as pathology reports write them:
erythroid (dyserythropoiesis, megaloblastoid change, nuclear budding), granulocytic
(hypogranular, pseudo-Pelger-Huët) and megakaryocytic (micromegakaryocytes, hypolobated or
separated nuclear lobes). A lineage not described stays unknown: ``dysplastic_lineages`` is
given only when the report counts them ("trilineage", "no dysplasia") or describes all three
lineages; otherwise it is a lower bound (``details.comparator`` ">=").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from onconav.records.extract.clauses import clauses
from onconav.records.extract.context import AFFIRMED, assess
from onconav.records.extract.document import DocumentText, Specimen
from onconav.records.extract.marrow_percent import marrow_fact
from onconav.records.extract.numbers import DECIMAL, decimal_value
from onconav.records.extract.source import Line
from onconav.records.model import Fact

ERYTHROID, GRANULOCYTIC, MEGAKARYOCYTIC = "erythroid", "granulocytic", "megakaryocytic"
LINEAGES = (ERYTHROID, GRANULOCYTIC, MEGAKARYOCYTIC)

_SPECIFIC = {
    ERYTHROID: re.compile(
        r"dyserythropoie\w*|erythroid\s+dysplasia|dysplastic\s+(?:erythro\w*|normoblasts?)"
        r"|megaloblastoid\w*|nuclear\s+budding|internuclear\s+bridging|karyorrhexis"
        r"|multinucleat\w*\s+erythro\w*",
        re.I,
    ),
    GRANULOCYTIC: re.compile(
        r"dysgranulopoie\w*|(?:granulocytic|myeloid|neutrophil\w*)\s+dysplasia"
        r"|dysplastic\s+(?:granulocyt\w*|neutrophil\w*|myeloid\s+\w+)|hypogranula\w*"
        r"|pseudo[\s-]*pelger\w*(?:[\s-]+hu[eë]t)?|hyposegment\w*",
        re.I,
    ),
    MEGAKARYOCYTIC: re.compile(
        r"dysmegakaryopoie\w*|megakaryocytic\s+dysplasia|dysplastic\s+megakaryocyt\w*"
        r"|micro[\s-]?megakaryocyt\w*|hypolobat\w*|hypolobul\w*|separated\s+nuclear\s+lob\w*"
        r"|widely\s+separated\s+nuclei|mononuclear\s+megakaryocyt\w*",
        re.I,
    ),
}
_LINEAGE_WORD = {
    ERYTHROID: re.compile(r"erythro\w*|normoblast\w*|red\s+cell\s+precursors", re.I),
    GRANULOCYTIC: re.compile(r"granulo\w*|myeloid|neutrophil\w*|myelopoie\w*", re.I),
    MEGAKARYOCYTIC: re.compile(r"megakaryo\w*", re.I),
}
# "myelodysplastic syndrome" names a disease; it describes no lineage.
_GENERIC = re.compile(r"(?<![A-Za-z])(?:dysplas\w*|dyspoie\w*)", re.I)
_NUMBER_WORDS = {"0": 0, "1": 1, "2": 2, "3": 3, "none": 0, "one": 1, "two": 2, "three": 3}
_COUNTED_NUMBER = re.compile(
    r"\b(?P<n>[1-3]|one|two|three)\s+(?:of\s+(?:the\s+)?(?:3|three)\s+)?(?:myeloid\s+)?"
    r"(?:cell\s+)?lineages?\b",
    re.I,
)
# "Number of dysplastic lineages: 2", "Lineages with dysplasia: none": a synoptic field.
_LABELLED_COUNT = re.compile(
    r"\b(?:number\s+of\s+)?(?:dysplastic\s+lineages|lineages\s+(?:with|showing|displaying)"
    r"\s+dysplasia)(?:\s*\(\s*(?:number|n|count)\s*\))?\s*[:=]\s*(?P<n>[0-3]|none|one|two|three)\b",
    re.I,
)
_TRILINEAGE = re.compile(r"tri[\s-]?lineage|three[\s-]lineage|all\s+(?:three\s+)?lineages", re.I)
_COUNTED = (
    (_LABELLED_COUNT, 0, "="),  # the number printed; read from the match
    (_COUNTED_NUMBER, 0, "="),  # the number printed; read from the match
    (_TRILINEAGE, 3, "="),
    (re.compile(r"bi[\s-]?lineage|two[\s-]lineage", re.I), 2, "="),
    (re.compile(r"multi[\s-]?lineage", re.I), 2, ">="),
    (re.compile(r"(?:single|uni)[\s-]?lineage", re.I), 1, "="),
)
_PERCENT = re.compile(
    rf"(?P<cmp>[<>≤≥~])?\s*(?P<num>{DECIMAL})\s*%(?!\s*(?:of\s+)?(?:myelo)?blasts)"
)


@dataclass(frozen=True)
class _Finding:
    lineage: str
    present: bool
    line: Line
    start: int
    end: int
    percent: float | None
    comparator: str | None


def extract_dysplasia(document: DocumentText) -> list[Fact]:
    findings: list[_Finding] = []
    counted: list[tuple[Line, int, int, int, str]] = []
    for line in document.wrapped_lines():
        if document.specimen(line) is not Specimen.MARROW or not line.stripped:
            continue
        heading = _heading_lineage(line.text)
        for clause_start, clause_end in clauses(line.text):
            findings.extend(_clause_findings(line, clause_start, clause_end, heading))
            counted.extend(_counted(line, clause_start, clause_end))
    facts = []
    for finding in _first_per_lineage(findings):
        details: dict[str, Any] = {}
        if finding.percent is not None:
            details["percent"] = finding.percent
        if finding.comparator:
            details["comparator"] = finding.comparator
        facts.append(
            marrow_fact(
                document,
                finding.line,
                finding.start,
                finding.end,
                f"dysplasia_{finding.lineage}",
                finding.present,
                details,
            )
        )
    lineages = _lineage_count(document, findings, counted)
    if lineages is not None:
        facts.append(lineages)
    return facts


def _first_per_lineage(findings: list[_Finding]) -> list[_Finding]:
    """The first description of a lineage stands and later ones repeat it; a later one that
    agrees and gives the percentage the first lacks is the better record of it."""
    chosen: dict[str, _Finding] = {}
    for finding in findings:
        first = chosen.get(finding.lineage)
        if first is None or (
            first.percent is None
            and finding.percent is not None
            and finding.present == first.present
        ):
            chosen[finding.lineage] = finding
    return sorted(chosen.values(), key=lambda f: (f.line.page.page.number, f.line.start, f.start))


def _heading_lineage(text: str) -> str | None:
    """'Erythroid: ...', 'Megakaryocytes: ...' name the lineage for the whole line."""
    head = re.match(r"\s*([A-Za-z ]{3,30}):", text)
    if head is None:
        return None
    for lineage, word in _LINEAGE_WORD.items():
        if word.search(head.group(1)):
            return lineage
    return None


def _clause_findings(
    line: Line, clause_start: int, clause_end: int, heading: str | None
) -> list[_Finding]:
    text = line.text
    found: list[tuple[str, re.Match[str]]] = []
    for lineage, pattern in _SPECIFIC.items():
        matches = list(pattern.finditer(text, clause_start, clause_end))
        if matches:
            # "hypolobated forms: megakaryocytic dysplasia in 60%": the naming wins.
            naming = [m for m in matches if _GENERIC.search(m.group(0))]
            found.append((lineage, (naming or matches)[0]))
    generic = _GENERIC.search(text, clause_start, clause_end)
    if generic is not None and not any(m.start() <= generic.start() < m.end() for _, m in found):
        named = [
            lineage
            for lineage, word in _LINEAGE_WORD.items()
            if word.search(text, clause_start, clause_end)
        ]
        if not named and heading:
            named = [heading]
        trilineage = _TRILINEAGE.search(text, clause_start, clause_end)
        if trilineage is not None:
            named = list(LINEAGES)
        if named:
            found.extend((lineage, generic) for lineage in named if lineage not in dict(found))
        elif not any(p.search(text, clause_start, clause_end) for p, _, _ in _COUNTED):
            assertion = assess(text, [(generic.start(), generic.end())])[0]
            if assertion.negated:  # "no dysplasia": every lineage described as normal
                found.extend((lineage, generic) for lineage in LINEAGES)
    if not found:
        return []
    assertions = assess(text, [(match.start(), match.end()) for _, match in found])
    # A percentage is the share of one lineage's cells only when the clause names one lineage:
    # after the finding, or anywhere in the clause ("erythroid 40% (nuclear budding)").
    percent = None
    if len(found) == 1:
        percent = _PERCENT.search(text, found[0][1].end(), clause_end) or _PERCENT.search(
            text, clause_start, clause_end
        )
    findings = []
    for (lineage, match), assertion in zip(found, assertions, strict=True):
        if assertion.hedged:
            continue
        if assertion.negated and _negation_ends_at_a_comma(text, clause_start, clause_end, match):
            assertion = AFFIRMED
        start, end = match.start(), match.end()
        if percent is not None:
            start, end = min(start, percent.start("num")), max(end, percent.end())
        findings.append(
            _Finding(
                lineage=lineage,
                present=not assertion.negated,
                line=line,
                start=start,
                end=end,
                percent=decimal_value(percent.group("num")) if percent else None,
                comparator=percent.group("cmp") if percent else None,
            )
        )
    return findings


def _negation_ends_at_a_comma(
    text: str, clause_start: int, clause_end: int, match: re.Match[str]
) -> bool:
    """'4% blasts, no Auer rods, granulocytic dysplasia only': a negation before a comma
    reaches a later finding only in a list closed by 'or' / 'nor' ('no ring sideroblasts,
    excess blasts or dysplasia'); otherwise the finding after the comma stands on its own."""
    comma = text.rfind(",", clause_start, match.start())
    if comma < 0 or re.search(r"\b(?:or|nor)\b", text[comma:clause_end], re.I):
        return False
    return not assess(
        text[comma + 1 : clause_end], [(match.start() - comma - 1, match.end() - comma - 1)]
    )[0].negated


def _counted(
    line: Line, clause_start: int, clause_end: int
) -> list[tuple[Line, int, int, int, str]]:
    text = line.text
    if _GENERIC.search(text, clause_start, clause_end) is None:
        return []
    for pattern, count, comparator in _COUNTED:
        match = pattern.search(text, clause_start, clause_end)
        if match is None:
            continue
        if pattern is _LABELLED_COUNT:
            count = _NUMBER_WORDS[match.group("n").lower()]
            return [(line, match.start(), match.end(), count, comparator)]
        assertion = assess(text, [(match.start(), match.end())])[0]
        if assertion.negated or assertion.hedged:
            return []
        if pattern is _COUNTED_NUMBER:
            count = _NUMBER_WORDS[match.group("n").lower()]
        return [(line, match.start(), match.end(), count, comparator)]
    return []


def _lineage_count(
    document: DocumentText,
    findings: list[_Finding],
    counted: list[tuple[Line, int, int, int, str]],
) -> Fact | None:
    if counted:
        # An exact count anywhere outranks a lower bound ("multilineage") said first.
        exact = [entry for entry in counted if entry[4] == "="]
        line, start, end, count, comparator = (exact or counted)[0]
        details: dict[str, Any] = {"basis": "stated"}
        if comparator != "=":
            details["comparator"] = comparator
        return _count_fact(document, line, start, end, count, details)
    if not findings:
        return None
    first: dict[str, _Finding] = {}
    for finding in findings:
        first.setdefault(finding.lineage, finding)
    present = sum(1 for finding in first.values() if finding.present)
    anchor = findings[0]
    details = {"basis": "lineages described"}
    if len(first) < len(LINEAGES):
        if present == 0:
            return None  # some lineages normal, others not described: count unknown
        details["comparator"] = ">="
    return _count_fact(document, anchor.line, anchor.start, anchor.end, present, details)


def _count_fact(
    document: DocumentText, line: Line, start: int, end: int, count: int, details: dict[str, Any]
) -> Fact:
    return marrow_fact(document, line, start, end, "dysplastic_lineages", count, details)
