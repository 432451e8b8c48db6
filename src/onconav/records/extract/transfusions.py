"""Transfusions with units and dates, for transfusion dependence (IWG 2018 counts red cell
units over 8 or 16 weeks; Platzbecker U et al., Blood 2019;133:1020).

"Transfused 2 units PRBC on 03/04/2024", "RBC transfusion: 2 units", "1 unit of platelets",
"platelets 1 unit on <date> and 1 unit on <date>" (each with its own date), "her last red cell
transfusion was on <date> (2 units)", and logs laid out as tables (``transfusion_log``).
"4 units pRBC in the last 8 weeks" is dated at the report, with ``details.period``; units
"between September and November" are a total with no date (``date_missing``); a rate
("two units every three weeks") has no date and ``details.recurring``. A planned or
conditional transfusion ("will transfuse 1 unit if Hb < 7") and a negated one ("no
transfusions") are not read.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.records.extract.context import assess
from onconav.records.extract.dates import DateReading
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.extract.transfusion_log import transfusion_log
from onconav.records.model import Fact, FactKind

_COUNT = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_RBC = (
    r"p?RBCs?|PRBCs?|pRBCs?|packed\s+(?:red\s+)?(?:blood\s+)?cells|red\s+(?:blood\s+)?cells"
    r"|red\s+cell|blood"
)
_PLT = r"platelets?|plts?|apheresis\s+platelets?|pooled\s+platelets?|SDP"
_PRODUCT = rf"(?P<rbc>{_RBC})|(?P<plt>{_PLT})"
_UNITS_OF = re.compile(
    rf"(?<![\w.]){_COUNT}\s*(?:units?|u|bags?|pools?|doses?)\s+(?:of\s+)?(?:{_PRODUCT})\b",
    re.I,
)
_PRODUCT_UNITS = re.compile(
    rf"(?:{_PRODUCT})(?:\s+transfusions?)?\s*(?:[:x×=-]\s*|\s+)(?:given\s*:?\s*)?{_COUNT}\s*"
    r"(?:units?|u|bags?|pools?|doses?)\b",
    re.I,
)
_TRANSFUSED = re.compile(rf"\btransfused\s+(?:with\s+)?{_COUNT}\s*(?:units?|u)\b", re.I)
# "Her last red cell transfusion was on 28 March 2024 (2 units)": the count after the date.
_PRODUCT_THEN_COUNT = re.compile(
    rf"(?:{_PRODUCT})\s+transfusions?\b[^.;()]{{0,60}}?\(\s*{_COUNT}\s*(?:units?|u|bags?)\s*\)",
    re.I,
)
# "red cell support: 2 units on <date>": a count whose product the sentence names.
_BARE_UNITS = re.compile(rf"(?<![\w.]){_COUNT}\s*units?\b(?!\s*(?:/|per\b|of\b|x\b|\*))", re.I)
_TRANSFUSION_TALK = re.compile(
    r"\btransfus\w*|\b(?:red\s+(?:blood\s+)?cell|platelet)\s+support\b|\bp?rbcs?\b"
    r"|\bred\s+(?:blood\s+)?cells?\b|\bplatelets?\b",
    re.I,
)
# "platelets 2 units on <date> and 1 unit on <date>": a further count of the same product.
_FURTHER = re.compile(
    rf"\s*(?:,|\band\b|\bplus\b|\bthen\b)\s*{_COUNT}\s*(?:units?|u|bags?)\b", re.I
)
_NUMBER_WORD = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve"
_PERIOD = re.compile(
    r"\s*(?P<how>/|per|every|each|a|over|in(?:\s+the)?(?:\s+(?:last|past|previous|prior))?)\s*"
    rf"(?P<period>(?:(?:{_NUMBER_WORD})\s*)?(?:weeks?|wks?|months?|mos?|days?))\b",
    re.I,
)
_RECURRING = {"/", "per", "every", "each", "a"}
# "4 units of red cells between September and November", "from January to April": a total
# over a span with no one day; kept without a date (``date_missing``), the span in details.
_SPAN = re.compile(
    r"\s*(?:(?:were\s+|was\s+)?(?:given|needed|received|required)\s+)?"
    r"(?P<span>between\s+[^.;]{2,40}?\s+and\s+[A-Za-z]+(?:\s+(?:19|20)\d{2})?"
    r"|from\s+[^.;]{2,40}?\s+(?:to|until|through)\s+[A-Za-z]+(?:\s+(?:19|20)\d{2})?)",
    re.I,
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
_CONDITIONAL = re.compile(r"\bif\b|\bplan\w*\b|\bwill\b|\bshould\b|\bthreshold\b|\btrigger\b", re.I)
_DATE_AFTER = re.compile(r"\s*(?:,\s*)?(?:on|dated|given\s+on|at)?\s*(?:the\s+)?", re.I)


def extract_transfusions(document: DocumentText) -> list[Fact]:
    facts, rows = transfusion_log(document)
    for line in document.wrapped_lines():
        if (line.page.page.number, line.number) in rows:
            continue
        taken: list[tuple[int, int]] = []
        for pattern in (_PRODUCT_THEN_COUNT, _UNITS_OF, _PRODUCT_UNITS, _TRANSFUSED, _BARE_UNITS):
            for match in pattern.finditer(line.text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                fact = _transfusion(document, line, match)
                if fact is None:
                    continue
                taken.append(match.span())
                facts.append(fact)
                for further in _further(document, line, match, fact):
                    taken.append((further.provenance.start or 0, further.provenance.end or 0))
                    facts.append(further)
    return facts


def _product(sentence: str, match: re.Match[str]) -> str | None:
    """The product the match names, else the one its sentence names (only one may be)."""
    groups = match.groupdict()
    if groups.get("plt"):
        return "platelets"
    if groups.get("rbc"):
        return "rbc"
    if match.re is _BARE_UNITS and not _TRANSFUSION_TALK.search(sentence):
        return None  # "6 units given": of what, the sentence must say
    platelets = re.search(r"platelet|\bplts?\b", sentence, re.I)
    red_cells = re.search(r"\b(?:p?rbcs?|red\s+(?:blood\s+)?cells?)\b", sentence, re.I)
    if red_cells is None and match.re is not _BARE_UNITS:
        red_cells = re.search(r"\bblood\b", sentence, re.I)
    if platelets and not red_cells:
        return "platelets"
    if red_cells and not platelets:
        return "rbc"
    if match.re is not _BARE_UNITS and re.search(
        r"\b(?:hgb|h(?:a)?emoglobin|hb)\b", sentence, re.I
    ):
        return "rbc"  # "Hgb 6.8, transfused 2 units"
    return None


def _sentence(text: str, position: int) -> tuple[int, int]:
    """The sentence of ``text`` holding ``position``."""
    start = 0
    for boundary in re.finditer(r"\.(?=\s+[A-Z]|\s*$)", text):
        if boundary.start() >= position:
            return start, boundary.end()
        start = boundary.end()
    return start, len(text)


def _clause(text: str, position: int) -> tuple[int, int]:
    """The clause (between ';' and sentence ends) holding ``position``."""
    sentence_start, sentence_end = _sentence(text, position)
    start, end = sentence_start, sentence_end
    for semicolon in re.finditer(";", text[sentence_start:sentence_end]):
        at = sentence_start + semicolon.start()
        if at < position:
            start = at + 1
        else:
            end = at
            break
    return start, end


def _transfusion(document: DocumentText, line: Line, match: re.Match[str]) -> Fact | None:
    text = line.text
    sentence_start, sentence_end = _sentence(text, match.start())
    product = _product(text[sentence_start:sentence_end], match)
    if product is None:
        return None
    if _CONDITIONAL.search(text, sentence_start, sentence_end):
        return None
    assertion = assess(text, [match.span()])[0]
    if assertion.negated or assertion.hedged:
        return None
    details: dict[str, Any] = {}
    end = match.end()
    period = _PERIOD.match(text, match.end())
    if period is not None:
        details["period"] = period.group("period")
        end = period.end()
        if period.group("how").lower() in _RECURRING:
            details["recurring"] = True
    span = _SPAN.match(text, end) if period is None else None
    if span is not None:
        details["period"] = span.group("span")
        return _fact(line, match, product, end, None, details)
    if details.get("recurring"):
        date = None  # a rate ("every three weeks") is not a transfusion on any one day
    elif "period" in details:
        # A count over a period ("4 units in 8 weeks") is as of the report, not of a date
        # that happens to be on the same line.
        date = document.date_for(line)
    else:
        date = _date_of(document, line, match)
    return _fact(line, match, product, end, date, details)


def _further(document: DocumentText, line: Line, match: re.Match[str], first: Fact) -> list[Fact]:
    """'... 2 units on <date> and 1 unit on <date>': more transfusions of the same product."""
    text = line.text
    facts = []
    position = _after_date(document, text, match.end())
    _, clause_end = _clause(text, match.start())
    while (further := _FURTHER.match(text, position, clause_end)) is not None:
        date = _date_of(document, line, further)
        if date is None:
            break
        facts.append(_fact(line, further, first.name, further.end(), date, {}, lead=True))
        position = _after_date(document, text, further.end())
    return facts


def _after_date(document: DocumentText, text: str, position: int) -> int:
    gap = _DATE_AFTER.match(text, position)
    start = gap.end() if gap is not None else position
    for reading in document.dates_in(text[start : start + 40]):
        if reading.start == 0:
            return start + reading.end
        break
    return position


def _date_of(document: DocumentText, line: Line, match: re.Match[str]) -> DateReading | None:
    """The date written right after the count ("on 2024-04-11"), else the one date of the
    clause or inside the match, else the report's date."""
    text = line.text
    gap = _DATE_AFTER.match(text, match.end())
    start = gap.end() if gap is not None else match.end()
    for reading in document.dates_in(text[start : start + 40]):
        if reading.start == 0:
            return _shifted(reading, start)
        break
    inside = document.dates_in(text[match.start() : match.end()])
    if len(inside) == 1:
        return _shifted(inside[0], match.start())
    clause_start, clause_end = _clause(text, match.start())
    in_clause = document.dates_in(text[clause_start:clause_end])
    if len(in_clause) == 1:
        return _shifted(in_clause[0], clause_start)
    return document.date_near(line) if not in_clause else document.date_for(line)


def _shifted(reading: DateReading, offset: int) -> DateReading:
    return DateReading(
        reading.text,
        reading.start + offset,
        reading.end + offset,
        reading.date,
        reading.ambiguous,
        reading.two_digit_year,
    )


def _fact(
    line: Line,
    match: re.Match[str],
    product: str,
    end: int,
    date: DateReading | None,
    details: dict[str, Any],
    *,
    lead: bool = False,
) -> Fact:
    count_text = match.group("n")
    units = _WORD_NUMBERS.get(count_text.lower()) or int(count_text)
    start = match.start("n") if lead else match.start()
    return line_fact(
        line,
        start,
        end,
        kind=FactKind.TRANSFUSION,
        name=product,
        value=units,
        unit="units",
        original_value=count_text,
        date=date,
        details=details,
    )
