"""What an extractor needs to know about the whole document: its pages as lines, the date
format it declares, which date applies to a result, and which specimen a line is about.

Result dates come from labelled dates in the report ("Collected: ...", "Sampled ...",
"Reported: ...", "Discharged: ...").
A collection date outranks a received date, which outranks a report date, which outranks a
bare "Date:", which outranks a letter's unlabelled date on a short line at the top of a page;
among equals, the latest one above the line on the same page wins, so a multi-report PDF
gives each page its own date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from onconav.records.extract.dates import (
    DateOrder,
    DateReading,
    find_dates,
    printed_order,
    stated_order,
)
from onconav.records.extract.numbers import DecimalMark, decimal_mark
from onconav.records.extract.source import Line, PageText
from onconav.records.extract.wrapping import join_wrapped
from onconav.records.model import ExtractedDocument


class Specimen(StrEnum):
    BLOOD = "blood"
    MARROW = "marrow"
    FLOW = "flow"


_DATE_LABELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        4,
        re.compile(
            r"\b(?:date\s+(?:of\s+)?collect(?:ion|ed)|collect(?:ion|ed)(?:\s+(?:date|on|at))?"
            r"|specimen\s+(?:date|collected|taken)|date\s+(?:drawn|taken|obtained)|drawn(?:\s+on)?"
            r"|sample\s+(?:date|taken|drawn)|date\s+of\s+(?:procedure|biopsy|specimen|sample"
            r"|aspirat(?:e|ion)|trephine|(?:bone\s+)?marrow|sampling|venepuncture)"
            r"|(?:procedure|biopsy|aspirate|aspiration|trephine|specimen|sampling)\s+date"
            r"|obtained(?:\s+on)?"
            r"|date\s+of\s+sampl(?:e|ing)"
            r"|(?:sampled|taken|drawn)(?:\s+on)?)\b",
            re.I,
        ),
    ),
    (3, re.compile(r"\b(?:date\s+)?(?:received|accessioned)(?:\s+(?:date|on))?\b", re.I)),
    (
        2,
        re.compile(
            r"\b(?:report(?:ed)?(?:\s+(?:date|on))?|date\s+(?:of\s+)?report|sign(?:ed)?[\s-]*out"
            r"(?:\s+date)?|signed(?:\s+on)?|final(?:ized)?(?:\s+(?:date|on))?|verified(?:\s+on)?"
            r"|resulted(?:\s+on)?|(?:date\s+of\s+)?(?:service|visit|encounter|clinic|consultation"
            r"|appointment|attendance|admission)(?:\s+date)?|date\s+seen|seen(?:\s+in\s+clinic)?\s+on"
            r"|discharged(?:\s+on)?|(?:date\s+of\s+)?discharge(?:\s+date)?)\b",
            re.I,
        ),
    ),
    (1, re.compile(r"\bdate\b(?!\s+of\s+birth)(?!\s+format)", re.I)),
)
# After the label: a closing bracket of a glossed label ("Afname (collected): ..."), a time
# column, a bracketed format, then ':' or 'on'.
_LABEL_TO_DATE = re.compile(
    r"\s*[)\]]?\s*(?:/\s*time\s*)?(?:\(\s*\w+\s*\)\s*)?(?:[:=#\-]|\bon\b)?\s*(?:[:=#\-]\s*)?", re.I
)

_HEADING_DATE_LINES = 8
_HEADING_DATE_WORDS = 6
# A birth date, or the date a copy was printed, faxed or exported, is not a letter's date.
_NOT_THE_LETTER_DATE = re.compile(
    r"\b(?:born|birth|dob|d\.o\.b|geb\w*|n[ée]e?\s+le|printed|print|page|generated|downloaded"
    r"|exported|export|fax\w*|run|copy|accessed)\b",
    re.I,
)

# "that marrow", "the same sample": a specimen the text has already named and dated.
_BACK_REFERENCE = re.compile(
    r"\b(?:that|this|the\s+same|the\s+above|the\s+previous|the\s+earlier)\s+(?:bone\s+)?"
    r"(?:marrow|sample|specimen|biopsy|aspirate)\b",
    re.I,
)
_SPECIMEN = re.compile(r"\b(?:marrow|sample|specimen|biopsy|aspirat\w*|trephine)\b", re.I)
_BACK_REFERENCE_LINES = 6  # sentences above in which the specimen referred to is looked for

_MARROW_WORDS = re.compile(
    r"\b(?:bone\s+marrow|marrow|aspirate|aspiration|core\s+biopsy|trephine|clot\s+section"
    r"|500[\s-]cell|biopsy|(?-i:BM|BMA|BMBx))\b",
    re.I,
)
_BLOOD_WORDS = re.compile(
    r"\b(?:peripheral\s+blood|blood\s+(?:smear|film|count)|cbc|complete\s+blood\s+count"
    r"|hematology|haematology|pb|200[\s-]cell)\b",
    re.I,
)
_FLOW_WORDS = re.compile(r"\b(?:flow\s+cytometry|immunophenotyp\w*|flow)\b", re.I)
_FISH_SECTION = re.compile(r"\bFISH\b|in\s+situ\s+hybridi", re.I)
_OTHER_SECTION = re.compile(
    r"^\s*(?:KARYOTYPE|CYTOGENETIC\w*|CHROMOSOME\s+ANALYSIS|NGS|MOLECULAR|NEXT[\s-]GENERATION"
    r"|MUTATION\w*|FLOW|MORPHOLOGY|PERIPHERAL|BONE\s+MARROW|SEQUENCING|GENES?\s+TESTED)\b",
    re.I,
)
# An upper-case heading may carry a remark in brackets: "PERIPHERAL BLOOD (same day)".
_HEADING = re.compile(
    r"^\s*[A-Z0-9][A-Z0-9 ,/&()\-.]{2,70}(?:\([^()]{1,30}\))?:?\s*$|^\s*[^:]{3,60}:\s*$"
)


@dataclass(frozen=True)
class _Anchor:
    page: int
    line: int
    priority: int
    reading: DateReading


class DocumentText:
    """A document's pages, cut into lines, with document-wide readings."""

    def __init__(self, document: ExtractedDocument) -> None:
        self.document = document
        self.pages = tuple(PageText(document, page) for page in document.pages)
        full_text = "\n".join(page.text for page in document.pages)
        # Only a format the document states resolves a date that reads two ways. The order
        # its other dates show is a hint for the person (``likely_order``), never a decision:
        # such dates stay flagged date_ambiguous.
        self.date_order: DateOrder | None = stated_order(full_text)
        self.likely_order: DateOrder | None = None if self.date_order else printed_order(full_text)
        self.is_marrow_report = _looks_like_marrow_report(full_text)
        # "3,150" is 3.15 where the document writes its decimals with a comma (``numbers``).
        self.decimal_mark: DecimalMark | None = decimal_mark(full_text)
        self._anchors = self._find_anchors()
        self._specimens = {id(page): _specimens(page, self.is_marrow_report) for page in self.pages}
        self._fish = {id(page): _fish_sections(page) for page in self.pages}
        self._wrapped_pages = {id(page): join_wrapped(page.lines) for page in self.pages}
        self._wrapped = tuple(line for page in self.pages for line in self._wrapped_pages[id(page)])

    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    def wrapped_lines(self) -> tuple[Line, ...]:
        """Lines with sentences that wrap onto the next lines joined (see ``wrapping``)."""
        return self._wrapped

    def wrapped_page_lines(self, page: PageText) -> tuple[Line, ...]:
        return self._wrapped_pages[id(page)]

    def dates_in(self, text: str) -> list[DateReading]:
        return find_dates(text, self.date_order)

    def date_for(self, line: Line) -> DateReading | None:
        """The labelled date that applies to a result on ``line`` (None if the report has none);
        for a result from a specimen named earlier ("karyotype of that marrow"), that
        specimen's date."""
        referenced = self._referenced_date(line)
        if referenced is not None:
            return referenced
        page_number = line.page.page.number
        best: tuple[int, int, int, int] | None = None
        chosen: DateReading | None = None
        for order, anchor in enumerate(self._anchors):
            above = anchor.page == page_number and anchor.line <= line.number
            # Rank: priority, then same page above the line, then the latest such, then first.
            rank = (anchor.priority, int(above), anchor.line if above else 0, -order)
            if best is None or rank > best:
                best, chosen = rank, anchor.reading
        return chosen

    def date_near(self, line: Line) -> DateReading | None:
        """A date printed on the line itself, if exactly one; else the report's date."""
        own = self.dates_in(line.text)
        if len(own) == 1:
            return own[0]
        return self.date_for(line)

    def _referenced_date(self, line: Line) -> DateReading | None:
        """'Cytogenetics on the same sample: ...': the date printed with the nearest specimen
        named in the sentences above on the page, if one is dated there."""
        if _BACK_REFERENCE.search(line.text) is None:
            return None
        above = [w for w in self._wrapped_pages[id(line.page)] if w.end < line.start]
        for earlier in reversed(above[-_BACK_REFERENCE_LINES:]):
            specimen = _SPECIMEN.search(earlier.text)
            dates = self.dates_in(earlier.text)
            if specimen is not None and dates:
                return min(dates, key=lambda date: abs(date.start - specimen.start()))
        return None

    def in_fish_section(self, line: Line) -> bool:
        """Under a FISH heading (until a heading of another test), or naming FISH itself."""
        return self._fish[id(line.page)][line.number - 1]

    def specimen(self, line: Line) -> Specimen | None:
        return self._specimens[id(line.page)][line.number - 1]

    def _find_anchors(self) -> tuple[_Anchor, ...]:
        anchors = []
        for page in self.pages:
            for line in page.lines:
                for priority, reading in self._labelled_dates(line.text):
                    anchors.append(_Anchor(page.page.number, line.number, priority, reading))
            heading = self._heading_date(page)
            if heading is not None:
                anchors.append(_Anchor(page.page.number, heading[0], 0, heading[1]))
        return tuple(anchors)

    def _heading_date(self, page: PageText) -> tuple[int, DateReading] | None:
        """A letter's own date: the one date on a short line near the top of the page with no
        label ("Clinic review - 14 March 2024"), used only when no labelled date applies."""
        for line in [line for line in page.lines if line.stripped][:_HEADING_DATE_LINES]:
            readings = self.dates_in(line.text)
            if len(readings) != 1 or _NOT_THE_LETTER_DATE.search(line.text):
                continue
            if self._labelled_dates(line.text):
                return None
            rest = line.text[: readings[0].start] + line.text[readings[0].end :]
            if len(re.findall(r"[A-Za-z]+", rest)) <= _HEADING_DATE_WORDS:
                return line.number, readings[0]
        return None

    def _labelled_dates(self, text: str) -> list[tuple[int, DateReading]]:
        found: list[tuple[int, DateReading]] = []
        readings = self.dates_in(text)
        for reading in readings:
            prefix = text[: reading.start]
            for priority, label in _DATE_LABELS:
                matches = list(label.finditer(prefix))
                if not matches:
                    continue
                gap = prefix[matches[-1].end() :]
                if _LABEL_TO_DATE.fullmatch(gap):
                    found.append((priority, reading))
                    break
        return found


_MARROW_REPORT_WORDS = (
    "aspirate",
    "cellularity",
    "trephine",
    "core biopsy",
    "megakaryocyte",
    "iron stain",
    "reticulin",
    "m:e ratio",
    "differential",
    "spicul",
    "particle",
    "clot section",
    "erythroid precursors",
    "myeloid precursors",
)


def _looks_like_marrow_report(text: str) -> bool:
    """A pathology report on a marrow, not a letter that mentions one: several of the
    words only a marrow report uses."""
    lowered = text.lower()
    if "marrow" not in lowered:
        return False
    return sum(word in lowered for word in _MARROW_REPORT_WORDS) >= 3


def _specimens(page: PageText, marrow_report: bool) -> list[Specimen | None]:
    """Each line's specimen: said on the line, else under the last heading that said it (up
    to the next upper-case heading), else the document's default (marrow for a marrow
    report, blood otherwise)."""
    default = Specimen.MARROW if marrow_report else Specimen.BLOOD
    current: Specimen | None = None
    result: list[Specimen | None] = []
    for line in page.lines:
        own = _specimen_named(line.text)
        if own is not None and _HEADING.match(line.text):
            current = own
        elif own is None and line.stripped.isupper() and _HEADING.match(line.text):
            current = None  # a new section ("MICROSCOPIC DESCRIPTION") ends the last one
        elif not line.stripped and current is not None and current is Specimen.FLOW:
            current = None
        result.append(own or current or default)
    return result


def _fish_sections(page: PageText) -> list[bool]:
    inside = False
    result = []
    for line in page.lines:
        if _FISH_SECTION.search(line.text):
            inside = True
        elif _OTHER_SECTION.match(line.text):
            inside = False
        result.append(inside)
    return result


def _specimen_named(text: str) -> Specimen | None:
    blood = _BLOOD_WORDS.search(text)
    marrow = _MARROW_WORDS.search(text)
    flow = _FLOW_WORDS.search(text)
    if flow and not blood:
        return Specimen.FLOW
    if blood and marrow:
        return Specimen.BLOOD if blood.start() < marrow.start() else Specimen.MARROW
    if blood:
        return Specimen.BLOOD
    if marrow:
        return Specimen.MARROW
    return None
