"""Karyotypes: ISCN strings found in the text, read with ``onconav.clinical.karyotype``.

A karyotype is found by its opening (modal number, comma, sex chromosomes: ``46,XY``,
``45,X,-Y``, ``47~48,XX``) and read to its end; a string that continues on the next line
after ',' or '/' is joined. When the parser cannot read it, OCR repairs that have only one
reading are tried (``karyotype_repair``) and the fact is flagged ``ocr_repaired`` with the
original kept; when it still cannot be read, the raw text is kept with the flag
``unparsed`` and the parser's message, never a reading that might be wrong.
A failed culture ("no metaphases were obtained") is a karyotype fact with no result. A
karyotype of a single cell mentioned in a comment ("one further metaphase showed 47,XY,+8")
is not a clone and not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from onconav.clinical.karyotype import KaryotypeSyntaxError, parse_karyotype, summarize
from onconav.clinical.karyotype.model import Karyotype
from onconav.records.extract.dates import DateReading
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import new_fact
from onconav.records.extract.fish_results import (
    document_cutoffs,
    extract_fish_text,
    iscn_fish_facts,
    merged_fish,
)
from onconav.records.extract.karyotype_repair import repair
from onconav.records.extract.source import PageText
from onconav.records.model import Fact, FactKind

_OPENING = re.compile(
    r"(?<![\w\]/.,~])(?P<modal>\d{2,3}(?:\s*[~-]\s*\d{2,3})?(?:<\dn>)?)\s*,\s*"
    r"(?P<sex>X{1,4}Y{0,3}|Y{1,2}|X{0,3}Yc?|XXc?|XYc?)(?=\s*(?:[,\[/.]|$))",
)
_ISCN_CHAR = re.compile(r"[0-9A-Za-z,;:()\[\]/~.+\-?<>×*]")
_CONTINUES_AFTER_SPACE = re.compile(r"\s+(?=[,(\[/+~\])])")
_FISH_TAIL = re.compile(r"\s*\.?\s*(?=nuc\s*ish|ish\s*\()", re.I)
_FISH_OPENING = re.compile(r"(?<![\w.])(?:nuc\s*ish|ish)\s*(?=[\w(])", re.I)
_NO_RESULT = re.compile(
    r"no\s+(?:analy[sz]able\s+|dividing\s+|suitable\s+)?(?:metaphases?|mitos[ie]s|mitotic\s+cells)"
    r"|culture\s+fail\w*|failed\s+to\s+grow|failed\s+culture|no\s+(?:cell\s+)?growth"
    r"|insufficient\s+(?:metaphases|mitoses|growth)|unsuccessful\s+culture",
    re.I,
)
_SINGLE_CELL = re.compile(
    r"\bsingle\s+(?:abnormal\s+)?(?:cell|metaphase)|\bone\s+(?:additional\s+|other\s+|further\s+"
    r"|more\s+)?(?:abnormal\s+)?(?:cell|metaphase)\b|\bnon-?clonal\b|\bnot\s+(?:\w+\s+){0,4}clone\b"
    r"|\bnot\s+(?:be\s+)?(?:included|reported)\s+in\s+the\s+karyotype",
    re.I,
)
_CYTOGENETICS_WORDS = re.compile(r"metaphase|karyotype|cytogenetic|culture|chromosome", re.I)
_NUMBER_WORDS = {"ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30}
_METAPHASES = re.compile(
    r"(?P<n>\d{1,3}|ten|fifteen|twenty(?:-five)?|thirty)\s+(?:G-banded\s+)?(?:metaphases?|cells)\s+(?:were\s+)?"
    r"(?:analy[sz]ed|examined|counted|karyotyped|scored)"
    r"|(?:metaphases|cells)\s+(?:analy[sz]ed|counted|examined|scored)\s*[:=]?\s*(?P<m>\d{1,3})"
    r"|number\s+of\s+(?:metaphases|cells)(?:\s+(?:analy[sz]ed|counted))?\s*[:=]?\s*(?P<k>\d{1,3})",
    re.I,
)


@dataclass(frozen=True)
class _Found:
    page: PageText
    start: int  # offsets in the page text
    end: int

    @property
    def raw(self) -> str:
        return self.page.text[self.start : self.end]


def extract_cytogenetics(document: DocumentText) -> list[Fact]:
    """Karyotypes and FISH results (ISCN and written out) from every page."""
    facts: list[Fact] = []
    stated_metaphases = _stated_metaphases(document)
    iscn_spans: list[tuple[int, int, int]] = []
    for page in document.pages:
        taken: list[tuple[int, int]] = []
        for found in _find(page):
            taken.append((found.start, found.end))
            iscn_spans.append((page.page.number, found.start, found.end))
            if _single_cell_mention(document, found):
                continue
            facts.extend(_facts(document, found, stated_metaphases))
        facts.extend(_failed_cultures(document, page, taken))
    facts.extend(extract_fish_text(document, iscn_spans))
    return merged_fish(facts, document_cutoffs(document))


def _single_cell_mention(document: DocumentText, found: _Found) -> bool:
    """A karyotype in a sentence about a single cell ("one further metaphase showed
    47,XY,+8"; a single cell is not a clone, ISCN 2020 §11.1) is not the reported result.
    One with a clone size of two or more cells is always read."""
    counts = [int(n) for n in re.findall(r"\[(?:cp)?(\d+)\]", found.raw)]
    if counts and max(counts) >= 2:
        return False
    sentence = next(
        (
            line.text
            for line in document.wrapped_lines()
            if line.page is found.page and line.start <= found.start <= line.end
        ),
        "",
    )
    return _SINGLE_CELL.search(sentence) is not None


def _find(page: PageText) -> list[_Found]:
    text = page.text
    found: list[_Found] = []
    position = 0
    while True:
        opening = _OPENING.search(text, position)
        fish_only = _FISH_OPENING.search(text, position)
        if opening is None and fish_only is None:
            return found
        if opening is None or (fish_only is not None and fish_only.start() < opening.start()):
            assert fish_only is not None
            start = fish_only.start()
            end = _extend(text, fish_only.end())
        else:
            start = opening.start()
            end = _extend(text, opening.end())
            tail = _FISH_TAIL.match(text, end)
            if tail is not None:
                fish = _FISH_OPENING.match(text, tail.end())
                if fish is not None:
                    end = _extend(text, fish.end())
        end = _trim_end(text, start, end)
        end = _parsed_end(text, start, end)
        found.append(_Found(page, start, end))
        position = max(end, start + 1)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def _sentence_date(document: DocumentText, found: _Found) -> DateReading | None:
    """'The marrow of 16 April 2024 showed ...; the karyotype was 46,XX[20]': in a paragraph
    of several sentences, the one date of the karyotype's own sentence."""
    line = next(
        (w for w in document.wrapped_page_lines(found.page) if w.start <= found.start < w.end),
        None,
    )
    if line is None:
        return None
    text, position = line.text, found.start - line.start
    starts = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))]
    if len(starts) < 2:
        return None  # one sentence: the line's date rule applies
    start = max(s for s in starts if s <= position)
    following = [s for s in starts if s > position]
    end = following[0] if following else len(text)
    dates = document.dates_in(text[start:end])
    return dates[0] if len(dates) == 1 and dates[0].date is not None else None


def _parsed_end(text: str, start: int, end: int) -> int:
    """Where the notation ends: the whole run when it parses, else the longest part cut at
    a separator that does ("46,XX[20];NGS ..." is 46,XX[20]). A run no part of which parses
    is kept whole, to be flagged ``unparsed``."""
    if _parses(text[start:end]):
        return end
    for cut in range(end - 1, start, -1):
        if text[cut] in ",;/ \t\n" and text[cut - 1] == "]":
            trimmed = _trim_end(text, start, cut)
            if _parses(text[start:trimmed]):
                return trimmed
    return end


def _parses(raw: str) -> bool:
    try:
        parse_karyotype(_compact(raw))
    except KaryotypeSyntaxError:
        return False
    return True


def _extend(text: str, position: int) -> int:
    """The end of ISCN text starting before ``position``."""
    while position < len(text):
        char = text[position]
        if _ISCN_CHAR.match(char):
            if char == "." and not _continues_after_dot(text, position):
                return position
            position += 1
            continue
        if char in " \t":
            space = _CONTINUES_AFTER_SPACE.match(text, position)
            if space is not None and text[position - 1] == "]" and text[space.end()] != "/":
                return position  # "[20] (see comment)": an aside after the cell count
            if space is not None or text[position - 1] in ",(/;[":
                position = space.end() if space is not None else position + 1
                continue
            return position
        if char == "\n" and text[position - 1] in ",/":
            nxt = position + 1
            while nxt < len(text) and text[nxt] in " \t":
                nxt += 1
            if nxt < len(text) and _ISCN_CHAR.match(text[nxt]):
                position = nxt
                continue
        return position
    return position


def _continues_after_dot(text: str, dot: int) -> bool:
    """A '.' inside a band (q21.3) or before nuc ish continues; one ending a sentence does not."""
    before = text[dot - 1] if dot else ""
    after = text[dot + 1] if dot + 1 < len(text) else ""
    return (before.isdigit() and after.isdigit()) or text[dot + 1 : dot + 8].lower().replace(
        " ", ""
    ).startswith(("nucish", "ish("))


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".,;: \t\n":
        end -= 1
    # "(46,XX[20])": the bracket that closes the sentence's aside is not the karyotype's.
    while (
        end > start
        and text[end - 1] == ")"
        and (text.count("(", start, end) < text.count(")", start, end))
    ):
        end -= 1
        while end > start and text[end - 1] in ".,;: \t\n":
            end -= 1
    return end


def _compact(raw: str) -> str:
    return re.sub(r"\s+", "", raw).replace("nucish", "nuc ish")


def _facts(document: DocumentText, found: _Found, stated_metaphases: int | None) -> list[Fact]:
    raw = found.raw
    compact = _compact(raw)
    line = found.page.line_at(found.start)
    date = _sentence_date(document, found) or document.date_near(line)
    flags: list[str] = []
    details: dict[str, Any] = {}
    parsed: Karyotype | None = None
    try:
        parsed = parse_karyotype(compact)
    except KaryotypeSyntaxError as error:
        repaired, repairs = repair(compact)
        if repairs:
            try:
                parsed = parse_karyotype(repaired)
            except KaryotypeSyntaxError:
                parsed = None
        if parsed is not None:
            flags.append("ocr_repaired")
            details["original"] = compact
            details["repairs"] = list(repairs)
            compact = repaired
        else:
            fish_only = _FISH_OPENING.match(compact) is not None
            return [
                new_fact(
                    found.page,
                    found.start,
                    found.end,
                    kind=FactKind.FISH if fish_only else FactKind.KARYOTYPE,
                    name="FISH" if fish_only else "karyotype",
                    value=compact,
                    date=date,
                    details={"error": str(error)},
                    flags=("unparsed",),
                )
            ]
    facts: list[Fact] = []
    if parsed is None:  # pragma: no cover - every path above either parsed or returned
        return facts
    if parsed.recipient or parsed.no_result:
        summary = summarize(parsed)
        details.update(summary.model_dump(mode="json"))
        details["metaphases"] = stated_metaphases or summary.metaphases
        if parsed.notes:
            details["parser_notes"] = list(parsed.notes)
        facts.append(
            new_fact(
                found.page,
                found.start,
                found.end,
                kind=FactKind.KARYOTYPE,
                name="karyotype",
                value=compact,
                date=date,
                details=details,
                flags=flags,
            )
        )
    if parsed.fish is not None:
        facts.extend(
            iscn_fish_facts(document, found.page, found.start, found.end, parsed.fish, line)
        )
    return facts


def _failed_cultures(
    document: DocumentText, page: PageText, taken: list[tuple[int, int]]
) -> list[Fact]:
    facts = []
    for line in page.lines:
        match = _NO_RESULT.search(line.text)
        if match is None or not _CYTOGENETICS_WORDS.search(line.text):
            continue
        start, end = line.start + match.start(), line.start + match.end()
        if any(s < end and start < e for s, e in taken):
            continue
        sentence = line.text.strip()
        summary = summarize(sentence) if _parses_as_no_result(sentence) else None
        details: dict[str, Any] = summary.model_dump(mode="json") if summary else {}
        details["metaphases"] = 0
        facts.append(
            new_fact(
                page,
                start,
                end,
                kind=FactKind.KARYOTYPE,
                name="karyotype",
                value=line.text[match.start() : match.end()],
                date=document.date_near(line),
                details={"no_result": line.text[match.start() : match.end()], **details},
            )
        )
        break
    return facts


def _parses_as_no_result(text: str) -> bool:
    try:
        return bool(parse_karyotype(text).no_result)
    except KaryotypeSyntaxError:
        return False


def _stated_metaphases(document: DocumentText) -> int | None:
    for line in document.lines():
        match = _METAPHASES.search(line.text)
        if match is not None:
            number = (match.group("n") or match.group("m") or match.group("k")).lower()
            return _NUMBER_WORDS.get(number) or int(number)
    return None
