"""Diagnosis lines: the final diagnosis of a bone marrow report (``marrow_diagnosis``, with
the classification system when the report names it) and diagnoses with their dates in
clinic letters and summaries (kind ``diagnosis``).

The system is recorded only when named (WHO 2022 / 5th edition, ICC 2022, WHO 2016 /
revised 4th edition); it is never inferred from the wording, because both 2022 systems
share many labels.

Not diagnoses: the "Interpretation" or "Conclusion" of a cytogenetics or molecular report
(it explains the test), a disclaimer ("does not exclude a myeloid neoplasm"), and evidence
for one ("supports a diagnosis of"). A diagnosis ends where a clause about its date,
treatment or status begins ("..., on azacitidine since <date>"), and only a date inside it
or after "diagnosed" is its date.
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
    r"^\s*(?:(?:final|pathologic(?:al)?|clinical|working|primary|principal|secondary|other"
    r"|additional|main|discharge|admission|admitting|referral)\s+)*"
    r"(?P<word>diagnos[ie]s|dx|interpretation|impression|conclusions?)"
    r"(?:\s*/\s*(?:interpretation|comment))?"
    r"(?P<remark>\s*\([^()]{1,40}\))?"  # "DIAGNOSIS (WHO 2022, 5th edition)"
    r"\s*(?::|-|\n|$)\s*(?P<rest>.*)$",
    re.I,
)
# In a cytogenetics, molecular or blood count report, "Interpretation" and "Conclusion"
# explain the test result; the patient's diagnosis is made elsewhere.
_RESULT_WORDS_HEADING = re.compile(r"interpretation|impression|conclusion", re.I)
_TEST_REPORT_TITLE = re.compile(
    r"cytogenetic|chromosome\s+analysis|karyotype\s+report|\bFISH\b|molecular|\bNGS\b"
    r"|sequencing|mutation\s+panel|myeloid\s+(?:gene\s+)?panel|genomic"
    # a blood test's report: its conclusion comments on the result
    r"|\bCBC\b|(?:complete|full)\s+blood\s+count|\bFBC\b|blood\s+count|haemogram|hemogram",
    re.I,
)
# "does not exclude a myeloid neoplasm", "would support a diagnosis of": a statement about
# what a result allows, not a diagnosis.
_NOT_A_DIAGNOSIS = re.compile(
    r"\b(?:do|does|did)\s*(?:not|n't)\s+(?:exclude|rule\s+out)|\bnot\s+excluded\b"
    r"|\b(?:supports?|supporting|supportive\s+of|would\s+support|in\s+support\s+of)\b"
    r"|\bcriteria\s+for\b|\bto\s+(?:exclude|rule\s+out)\b|\bevaluat\w+\s+for\b",
    re.I,
)
# Where the words of a diagnosis end: a date cue, or a clause about treatment or status.
_VALUE_END = re.compile(
    r",?\s*\(?\s*\b(?:diagnosed|dx)\b|;|\.\s+(?=[A-Z])"
    r"|,\s*(?:on|currently|treated|now|receiving|started|since|s/p|status\s+post|for)\b",
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
_DIAGNOSED_CUE = re.compile(r",?\s*\(?\s*\b(?:diagnosed|dx)\b(?!\s+(?:with|of)\b)", re.I)
_DISEASE_START = re.compile(
    r"\bMDS\b|myelodysplas|\bAML\b|\bCMML\b|acute\s+myeloid|chronic\s+myelomonocytic"
    r"|myeloproliferative|myelofibrosis|\bCCUS\b|aplastic",
    re.I,
)
_DATE_CUE = re.compile(r"\s+(?:in|on|since|at|dated|\(|,)\s*(?:dx\s*)?$", re.I)


def extract_diagnoses(document: DocumentText) -> list[Fact]:
    facts: list[Fact] = []
    test_report = _is_test_report(document)
    for page in document.pages:
        # a page of its own that is a test's report (an export's attached report text)
        test_page = test_report or (
            len(document.pages) > 1 and _is_test_report(document, page.page.number - 1)
        )
        for heading, block in _blocks(document.wrapped_page_lines(page)):
            if test_page and _RESULT_WORDS_HEADING.fullmatch(heading):
                continue
            facts.extend(_block_facts(document, page, block))
    if not document.is_marrow_report:
        facts.extend(_narrative(document))
    return facts


def _is_test_report(document: DocumentText, page_index: int = 0) -> bool:
    """A cytogenetics, molecular or blood count report, by its title (the first lines of
    text, of the page given); a marrow report that mentions its cytogenetics is not one."""
    if document.is_marrow_report:
        return False
    for page in document.pages[page_index : page_index + 1]:
        titles = [line.text for line in page.lines if line.stripped][:2]
        return any(_TEST_REPORT_TITLE.search(title) for title in titles)
    return False


def _blocks(lines: tuple[Line, ...]) -> Iterator[tuple[str, list[tuple[Line, int, int]]]]:
    """Each diagnosis section, with its heading word, as (line, start, end) pieces of text;
    a diagnosis wrapped onto the next line ("..., diagnosed\nFebruary 2023") is one piece."""
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
        if pieces and heading.group("remark"):
            # no disease in it, but its system applies to the diagnosis below
            pieces.insert(0, (lines[index], heading.start("remark"), heading.end("remark")))
        if pieces:
            yield heading.group("word").lower(), pieces
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
        if _NOT_A_DIAGNOSIS.search(piece) or _negated(line, start, end):
            continue
        if marrow:
            end = start + _first_sentence_end(piece)
            piece_end = start + len(line.text[start:end].rstrip(" .;,"))
            return _marrow_diagnoses(document, line, start, piece_end, block_text)
        piece_end = start + len(piece.rstrip(" .;,"))
        return [_diagnosis_fact(document, line, start, piece_end)]
    return []


def _negated(line: Line, start: int, end: int) -> bool:
    disease = _DISEASE.search(line.text, start, end)
    if disease is None:
        return False
    return assess(line.text, [disease.span()])[0].negated


def _first_sentence_end(text: str) -> int:
    """The end of the first sentence that names a disease ('MDS-LB, WHO 2022. Blasts 2%')."""
    start = 0
    for match in re.finditer(r"\.\s+(?=[A-Z])", text):
        if _outside_brackets(text, match.start()) and _DISEASE.search(text, start, match.start()):
            return match.start()
        start = match.end()
    return len(text)


def _outside_brackets(text: str, position: int) -> bool:
    return text.count("(", 0, position) <= text.count(")", 0, position)


def _value_end(text: str) -> int:
    """Where the diagnosis words end in ``text``: at a date cue, a treatment or status
    clause, or the end of the sentence, not inside brackets ("(MDS-IB2; ICC: ...)")."""
    for match in _VALUE_END.finditer(text):
        if match.start() > 0 and _outside_brackets(text, match.start()):
            return match.start()
    return len(text)


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
    cut = _value_end(text)
    value_end = start + cut
    # The date belongs to the diagnosis when it is inside its words or after "diagnosed";
    # a date in a clause about treatment ("on azacitidine since ...") is not its date.
    dated = text if _DIAGNOSED_CUE.match(text, cut) else text[:cut]
    date, details = _diagnosis_date(document, dated)
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
    """'diagnosed with MDS with ring sideroblasts in March 2022' in running text, and
    'MDS-LB (...), diagnosed 05/02/2024', over wrapped lines too."""
    facts = []
    for line in document.wrapped_lines():
        if _HEADING.match(line.text):
            continue
        text = line.text
        found = False
        for match in _DIAGNOSED.finditer(text):
            what_start, what_end = match.span("what")
            if not _DISEASE.search(text, what_start, what_end):
                continue
            if _NOT_A_DIAGNOSIS.search(text[max(0, match.start() - 40) : match.start()]):
                continue
            what = text[what_start:what_end]
            value_end = what_start + _cut_before_date(document, what)
            clause_end = what_start + _date_end(document, what)
            facts.append(_narrative_fact(document, line, what_start, value_end, clause_end))
            found = True
        if found:
            continue
        for cue in _DIAGNOSED_CUE.finditer(text):
            start = _disease_start_before(text, cue.start())
            if start is None:
                continue
            value_end = start + len(text[start : cue.start()].rstrip(" ,("))
            rest = text[start:].rstrip(" .")
            clause_end = start + _date_end(document, rest, after=cue.end() - start)
            facts.append(_narrative_fact(document, line, start, value_end, clause_end))
    return facts


def _disease_start_before(text: str, cue: int) -> int | None:
    """The first disease word of the sentence ending at ``cue``, outside brackets."""
    sentence_start = 0
    for boundary in re.finditer(r"[.;]\s+", text[:cue]):
        if _outside_brackets(text, boundary.start()):
            sentence_start = boundary.end()
    masked = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text[:cue])
    disease = _DISEASE_START.search(masked, sentence_start)
    return disease.start() if disease is not None else None


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


def _date_end(document: DocumentText, text: str, after: int = 0) -> int:
    ends = [reading.end for reading in document.dates_in(text) if reading.start >= after]
    ends += [partial.end for partial in find_partial_dates(text) if partial.month]
    ends = [end for end in ends if end > after]
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
