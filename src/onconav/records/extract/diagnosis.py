"""Diagnosis lines: the final diagnosis of a bone marrow report (``marrow_diagnosis``, with
the classification system when the report names it) and diagnoses with their dates in
clinic letters and summaries (kind ``diagnosis``).

The system is recorded only when named (WHO 2022 / 5th edition, ICC 2022, WHO 2016 /
revised 4th edition); it is never inferred from the wording, because both 2022 systems
share many labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from onconav.records.extract.context import assess
from onconav.records.extract.dates import DateReading, find_partial_dates
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import new_fact
from onconav.records.extract.source import Line, PageText
from onconav.records.model import Fact, FactKind

_HEADING = re.compile(
    r"^\s*(?:final\s+|pathologic(?:al)?\s+|clinical\s+|working\s+|primary\s+|principal\s+)*"
    r"(?:diagnos[ie]s|dx|interpretation|impression)(?:\s*/\s*(?:interpretation|comment))?"
    r"\s*(?::|-|\n|$)\s*(?P<rest>.*)$",
    re.I,
)
_NEXT_SECTION = re.compile(r"^\s*[A-Z][A-Za-z /&-]{2,40}:\s*$|^\s*[A-Z][A-Z /&-]{3,40}:?\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*–·]|\(?\d{1,2}[.)]|[A-Ha-h][.)])\s*")
_DISEASE = re.compile(
    r"myelodysplas\w*|\bMDS\b|leuka?emi\w*|\bAML\b|\bCMML\b|\bJMML\b|neoplasm|\bCCUS\b|\bICUS\b"
    r"|cytopeni\w*|myeloproliferative|aplastic|\bPNH\b|lymphoma|myeloma|carcinoma|cancer"
    r"|an(?:a)?emia|no\s+(?:morphologic\s+|definitive\s+)?evidence|myelofibrosis"
    r"|(?:hypo|hyper|normo)cellular\s+(?:bone\s+)?marrow",
    re.I,
)
_SPECIMEN_LINE = re.compile(r"(?:iliac|aspirat|core|biops|trephine|clot|smear)\w*.*:\s*$", re.I)
_SYSTEMS = (
    (
        "WHO 2022",
        re.compile(
            r"\bWHO[\s-]*(?:HAEM5|20)?22\b|\bWHO\b[^;]{0,12}\b5(?:th)?\s+ed\w*|\bWHO[\s-]*HAEM5",
            re.I,
        ),
    ),
    ("ICC 2022", re.compile(r"\bICC\b|international\s+consensus\s+classification", re.I)),
    (
        "WHO 2016",
        re.compile(
            r"\bWHO[\s-]*(?:20)?1[67]\b|revised\s+4th\s+ed\w*|\bWHO\b[^;]{0,12}\b4th\b", re.I
        ),
    ),
)
_DIAGNOSED = re.compile(
    r"\b(?:diagnosed\s+with|diagnosis\s+of|dx\s+of|dx:?)\s+(?P<what>[^.;]+)", re.I
)
_DIAGNOSED_AFTER = re.compile(
    r"(?P<what>(?:\bMDS\b|myelodysplas|\bAML\b|\bCMML\b|acute\s+myeloid)[^.;]{0,100}?)"
    r",?\s*\(?\s*(?:diagnosed|dx)\b",
    re.I,
)
_DATE_CUE = re.compile(r"\s+(?:in|on|since|at|dated|\(|,)\s*(?:dx\s*)?$", re.I)


def extract_diagnoses(document: DocumentText) -> list[Fact]:
    facts: list[Fact] = []
    for page in document.pages:
        for block in _blocks(page):
            facts.extend(_block_facts(document, page, block))
    if not document.is_marrow_report:
        facts.extend(_narrative(document))
    return facts


def _blocks(page: PageText) -> Iterator[list[tuple[Line, int, int]]]:
    """Each diagnosis section as (line, start, end) pieces of text."""
    lines = page.lines
    index = 0
    while index < len(lines):
        heading = _HEADING.match(lines[index].text)
        if heading is None:
            index += 1
            continue
        pieces: list[tuple[Line, int, int]] = []
        if heading.group("rest").strip():
            pieces.append((lines[index], heading.start("rest"), len(lines[index].text.rstrip())))
        follow = index + 1
        while follow < len(lines) and len(pieces) < 8:
            line = lines[follow]
            if not line.stripped:
                if pieces:
                    break
                follow += 1
                continue
            if _NEXT_SECTION.match(line.text) and not _SPECIMEN_LINE.search(line.text):
                break
            if _HEADING.match(line.text):
                break
            pieces.append((line, 0, len(line.text.rstrip())))
            follow += 1
        if pieces:
            yield pieces
        index = max(follow, index + 1)


def _block_facts(
    document: DocumentText, page: PageText, block: list[tuple[Line, int, int]]
) -> list[Fact]:
    block_text = " ".join(line.text[start:end] for line, start, end in block)
    marrow = document.is_marrow_report or "marrow" in block_text.lower()
    for line, start, end in block:
        bullet = _BULLET.match(line.text, start)
        if bullet is not None:
            start = bullet.end()
        piece = line.text[start:end]
        if _SPECIMEN_LINE.search(piece) or not _DISEASE.search(piece):
            continue
        piece_end = start + len(piece.rstrip(" .;,"))
        if marrow:
            return _marrow_diagnoses(document, line, start, piece_end, block_text)
        return [_diagnosis_fact(document, line, start, piece_end)]
    return []


def _marrow_diagnoses(
    document: DocumentText, line: Line, start: int, end: int, block_text: str
) -> list[Fact]:
    text = line.text[start:end]
    parts = _split_by_system(text)
    facts = []
    for part_start, part_end in parts:
        absolute = (start + part_start, start + part_end)
        part = line.text[absolute[0] : absolute[1]]
        system = _system(part) or (_system(block_text) if len(parts) == 1 else None)
        details: dict[str, Any] = {}
        if system:
            details["system"] = system
        flags = ("hedged",) if _hedged(line, *absolute) else ()
        facts.append(
            new_fact(
                line.page,
                line.start + absolute[0],
                line.start + absolute[1],
                kind=FactKind.MARROW,
                name="marrow_diagnosis",
                value=part.strip(" .;,-"),
                date=document.date_near(line),
                details=details,
                flags=flags,
            )
        )
    return facts


def _split_by_system(text: str) -> list[tuple[int, int]]:
    """'MDS-IB1 (WHO 2022); MDS-EB (ICC 2022)' is two diagnoses, one per system."""
    pieces = []
    start = 0
    for match in re.finditer(r";|\s/\s", text):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    named = [piece for piece in pieces if _system(text[piece[0] : piece[1]])]
    if len(named) < 2:
        first = next(
            (piece for piece in pieces if _DISEASE.search(text[piece[0] : piece[1]])), pieces[0]
        )
        return [_trim(text, first)]
    return [_trim(text, piece) for piece in pieces if text[piece[0] : piece[1]].strip()]


def _trim(text: str, piece: tuple[int, int]) -> tuple[int, int]:
    start, end = piece
    while start < end and text[start] in " ;/":
        start += 1
    while end > start and text[end - 1] in " ;/.":
        end -= 1
    return start, end


def _system(text: str) -> str | None:
    for name, pattern in _SYSTEMS:
        if pattern.search(text):
            return name
    return None


_HEDGE_WORDS = re.compile(
    r"\b(?:suspicious\s+for|suggestive\s+of|concerning\s+for|cannot\s+(?:be\s+)?exclude"
    r"|cannot\s+be\s+ruled\s+out|possible|possibly|probable|probably|favou?rs?|favou?red"
    r"|questionable|presumed|likely|versus|vs\.?|differential\s+diagnosis)\b",
    re.I,
)
_DIAGNOSIS_ENDS = re.compile(r",?\s*\(?\b(?:diagnosed|dx)\b|;", re.I)
_SYSTEM_YEAR = re.compile(r"(?:WHO|ICC|edition|classification)[\s,-]*$", re.I)
_YEAR_CUE = re.compile(r"(?:\bin|\bsince|diagnosed|\bdx|\bof|\bon)\s*:?\s*$", re.I)


def _hedged(line: Line, start: int, end: int) -> bool:
    """Hedging written inside the diagnosis ("suspicious for MDS") or around it."""
    if _HEDGE_WORDS.search(line.text, start, end):
        return True
    assertion = assess(line.text, [(start, end)])[0]
    return assertion.hedged


def _diagnosis_fact(document: DocumentText, line: Line, start: int, end: int) -> Fact:
    text = line.text[start:end]
    date, details = _diagnosis_date(document, text)
    ends = _DIAGNOSIS_ENDS.search(text)
    value_end = start + (ends.start() if ends else len(text))
    return new_fact(
        line.page,
        line.start + start,
        line.start + end,
        kind=FactKind.DIAGNOSIS,
        name="diagnosis",
        value=line.text[start:value_end].strip(" .;,-"),
        date=date,
        details=details,
        flags=("hedged",) if _hedged(line, start, end) else (),
    )


def _diagnosis_date(document: DocumentText, text: str) -> tuple[DateReading | None, dict[str, Any]]:
    """A complete date in the diagnosis text, else a month/year kept as text and parts."""
    full = document.dates_in(text)
    if full:
        return full[0], {}
    partial = [
        found
        for found in find_partial_dates(text)
        if not _SYSTEM_YEAR.search(text[: found.start])
        and (found.month or _YEAR_CUE.search(text[: found.start]))
    ]
    if partial:
        first = partial[0]
        details: dict[str, Any] = {"year": first.year}
        if first.month:
            details["month"] = first.month
        return DateReading(first.text, first.start, first.end, None, False), details
    return None, {}


def _narrative(document: DocumentText) -> list[Fact]:
    """'diagnosed with MDS with ring sideroblasts in March 2022' in running text."""
    facts = []
    for line in document.lines():
        if _HEADING.match(line.text):
            continue
        matches = list(_DIAGNOSED.finditer(line.text)) or list(_DIAGNOSED_AFTER.finditer(line.text))
        for match in matches:
            what_start, what_end = match.span("what")
            what = line.text[what_start:what_end]
            if not _DISEASE.search(what):
                continue
            if match.re is _DIAGNOSED_AFTER:
                # "MDS with ring sideroblasts (...), diagnosed 03/2022": the words come first.
                rest = line.text[what_start:].rstrip(" .")
                value_end = what_start + len(what.rstrip(" ,("))
                clause_end = what_start + _date_end(document, rest)
            else:
                value_end = what_start + _cut_before_date(document, what)
                clause_end = what_start + _date_end(document, what)
            facts.append(_narrative_fact(document, line, what_start, value_end, clause_end))
    return facts


def _cut_before_date(document: DocumentText, text: str) -> int:
    """Where the diagnosis words end and its date begins ('MDS-EB1 in March 2023')."""
    dates: list[int] = [reading.start for reading in document.dates_in(text)]
    dates += [
        partial.start
        for partial in find_partial_dates(text)
        if partial.month or _YEAR_CUE.search(text[: partial.start])
    ]
    if not dates:
        return len(text.rstrip(" ,"))
    first = min(dates)
    cue = _DATE_CUE.search(text[:first])
    return cue.start() if cue else len(text[:first].rstrip(" ,("))


def _date_end(document: DocumentText, text: str) -> int:
    ends = [reading.end for reading in document.dates_in(text)]
    ends += [partial.end for partial in find_partial_dates(text) if partial.month]
    return min(ends) if ends else len(text.rstrip(" ,"))


def _narrative_fact(
    document: DocumentText, line: Line, start: int, end: int, clause_end: int
) -> Fact:
    date, details = _diagnosis_date(document, line.text[start:clause_end])
    return new_fact(
        line.page,
        line.start + start,
        line.start + clause_end,
        kind=FactKind.DIAGNOSIS,
        name="diagnosis",
        value=line.text[start:end].strip(" .;,-"),
        date=date,
        details=details,
        flags=("hedged",) if _hedged(line, start, end) else (),
    )
