"""Treatments given, stopped or planned: "C4D1 azacitidine", "started luspatercept on
01/15/2024", "s/p 6 cycles of decitabine (Jan-Jun 2023)".

A drug is named by its generic name in lower case (brand names and common abbreviations map
to it). A mention counts only with words that say something happened or is planned (started,
cycle, on, received, stopped, plan to ...): "options include luspatercept" is not a
treatment. Negated mentions ("no prior azacitidine") are skipped. No dose is ever read.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.records.extract.context import assess
from onconav.records.extract.dates import DateReading, find_partial_dates
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.model import Fact, FactKind

_DRUGS: tuple[tuple[str, str], ...] = (
    (
        "decitabine and cedazuridine",
        r"decitabine[\s/-]*(?:and\s+)?cedazuridine|inqovi|oral\s+decitabine|ASTX727",
    ),
    ("oral azacitidine", r"oral\s+azacitidine|onureg|CC-486"),
    ("azacitidine", r"azacitidine|azacytidine|vidaza|(?-i:AZA|Aza)|5-?aza(?:cytidine)?"),
    ("decitabine", r"decitabine|dacogen"),
    ("luspatercept", r"luspatercept(?:-aamt)?|reblozyl"),
    ("epoetin alfa", r"epoetin\s+alfa(?:-epbx)?|epogen|procrit|retacrit|eprex"),
    ("darbepoetin alfa", r"darbepoetin(?:\s+alfa)?|aranesp"),
    ("erythropoiesis-stimulating agent", r"(?-i:ESAs?)|erythropoiesis[\s-]stimulating\s+agents?"),
    ("lenalidomide", r"lenalidomide|revlimid"),
    ("imetelstat", r"imetelstat|rytelo"),
    ("venetoclax", r"venetoclax|venclexta"),
    ("ivosidenib", r"ivosidenib|tibsovo"),
    ("enasidenib", r"enasidenib|idhifa"),
    ("olutasidenib", r"olutasidenib|rezlidhia"),
    ("hydroxyurea", r"hydroxyurea|hydroxycarbamide|hydrea"),
    ("deferasirox", r"deferasirox|exjade|jadenu"),
    ("deferoxamine", r"deferoxamine|desferrioxamine|desferal"),
    ("filgrastim", r"filgrastim|neupogen|(?-i:G-CSF)"),
    ("eltrombopag", r"eltrombopag|promacta|revolade"),
    ("romiplostim", r"romiplostim|nplate"),
    ("antithymocyte globulin", r"anti-?thymocyte\s+globulin|(?-i:ATG)|thymoglobulin|atgam"),
    ("cyclosporine", r"cyclosporine?|ciclosporin"),
    ("daunorubicin and cytarabine liposome", r"cpx-?351|vyxeos"),
    ("cytarabine", r"cytarabine|(?-i:Ara-?C|ARA-?C)"),
    ("gilteritinib", r"gilteritinib|xospata"),
    ("midostaurin", r"midostaurin|rydapt"),
    (
        "allogeneic stem cell transplant",
        r"allogeneic\s+(?:stem\s+cell|hematopoietic\s+(?:stem\s+)?cell|bone\s+marrow)\s+"
        r"transplant\w*|allo[\s-]?(?:SCT|HSCT|HCT|BMT|transplant\w*)",
    ),
)
_DRUG = re.compile(
    "|".join(
        rf"(?<![A-Za-z0-9])(?P<d{index}>{pattern})(?![A-Za-z0-9])"
        for index, (_, pattern) in enumerate(_DRUGS)
    ),
    re.I,
)
_EVENT = re.compile(
    r"\b(?:start(?:ed|ing)?|initiat\w*|began|begin\w*|commenc\w*|receiv\w*|cycles?|s/p"
    r"|status\s+post|complet\w*|stopp\w*|discontinu\w*|held|hold|continu\w*|plan(?:s|ned)?\s+to"
    r"|will\s+(?:start|begin|initiate)|scheduled|since|prior|previous(?:ly)?|history\s+of"
    r"|treated\s+with|therapy\s+with|last\s+dose|dose|currently|restart\w*|resum\w*"
    r"|underwent|failed|refractory|relapsed\s+after|after)\b|(?<![A-Za-z])C\d{1,2}\s*D\d{1,2}\b",
    re.I,
)
_CYCLE_DAY = re.compile(
    r"(?<![A-Za-z])C(?P<c>\d{1,2})\s*D(?P<d>\d{1,2})\b|\bcycle\s+(?P<c2>\d{1,2})(?:\s*,?\s*day\s+(?P<d2>\d{1,2}))?",
    re.I,
)
_CYCLE_COUNT = re.compile(
    r"(?:x\s*)?(?P<n>\d{1,2})\s+cycles\b|\bcycles?\s*[:=x×]\s*(?P<m>\d{1,2})\b", re.I
)
_START = re.compile(
    r"\b(?:start(?:ed)?|initiated|began|begun|commenced|since|restarted|resumed)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:on\s+|in\s+)?$",
    re.I,
)
_STOP = re.compile(
    r"\b(?:stopped|discontinued|completed|last\s+dose|ended|held|until)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:on\s+|in\s+)?$",
    re.I,
)
_YEAR_RANGE = re.compile(
    r"(?<![\d/.])(?P<a>(?:19|20)\d{2})\s*(?:-|–|to)\s*(?P<b>(?:19|20)\d{2})(?![\d/.])"
)
_RANGE_SEPARATOR = re.compile(r"^\s*(?:-|–|—|to|through|until)\s*$", re.I)
_PLANNED = re.compile(
    r"\b(?:plan(?:s|ned)?\s+to|will\s+(?:start|begin|initiate)|scheduled|to\s+start|pending\s+approval)\b",
    re.I,
)
_STOPPED = re.compile(
    r"\b(?:stopp\w*|discontinu\w*|held|hold|failed|refractory|relapsed\s+after|prior|previous(?:ly)?|history\s+of|s/p|status\s+post)\b",
    re.I,
)
_COMPLETED = re.compile(r"\bcomplet\w*\b", re.I)
_ON_DRUG = re.compile(r"\b(?:on|remains\s+on|continues\s+on)\s+(?:\w+\s+)?$", re.I)
_ONGOING = re.compile(
    r"\b(?:currently|continu\w*|ongoing|receiving|since)\b|(?<![A-Za-z])C\d{1,2}\s*D\d{1,2}\b|\bcycle\s+\d",
    re.I,
)


def extract_treatments(document: DocumentText) -> list[Fact]:
    facts: list[Fact] = []
    for line in document.lines():
        mentions = list(_DRUG.finditer(line.text))
        if not mentions:
            continue
        assertions = assess(line.text, [m.span() for m in mentions])
        sentences = _sentences(line.text)
        for index, (match, assertion) in enumerate(zip(mentions, assertions, strict=True)):
            if assertion.negated:
                continue
            sentence_start, sentence_end = next(
                (s, e) for s, e in sentences if s <= match.start() < e
            )
            low = max(mentions[index - 1].end() if index else 0, sentence_start)
            high = min(
                mentions[index + 1].start() if index + 1 < len(mentions) else len(line.text),
                sentence_end,
            )
            fact = _treatment(document, line, match, low, high, hedged=assertion.hedged)
            if fact is not None:
                facts.append(fact)
    return facts


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of a line; ';' does not end one ("started X on <date>; now C10D1")."""
    spans = []
    start = 0
    for match in re.finditer(r"\.(?=\s+[A-Z]|\s*$)", text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text) + 1))
    return spans


def _treatment(
    document: DocumentText, line: Line, match: re.Match[str], low: int, high: int, *, hedged: bool
) -> Fact | None:
    text = line.text
    scope = text[low:high]
    on_drug = _ON_DRUG.search(text[low : match.start()]) is not None
    if _EVENT.search(scope) is None and not on_drug:
        return None
    name = _DRUGS[int(str(match.lastgroup)[1:])][0]
    details: dict[str, Any] = {}
    cycle = _CYCLE_DAY.search(scope)
    if cycle is not None:
        details["cycles"] = int(cycle.group("c") or cycle.group("c2"))
        day = cycle.group("d") or cycle.group("d2")
        if day:
            details["cycle_day"] = int(day)
    count = _CYCLE_COUNT.search(scope)
    if count is not None and "cycles" not in details:
        details["cycles"] = int(count.group("n") or count.group("m"))
    start, stop = _start_stop(document, text, low, high)
    if start is not None:
        details["start"] = _date_value(start)
    if stop is not None:
        details["stop"] = _date_value(stop)
    status = _status(scope, stop) or ("ongoing" if on_drug else None)
    if hedged and status != "planned":
        return None  # "if ... consider azacitidine" is a possibility, not a treatment
    if status:
        details["status"] = status
    in_scope = document.dates_in(scope)
    if start is not None and start.date is not None:
        date: DateReading | None = start
    elif in_scope:
        date = in_scope[0]
    else:
        date = document.date_for(line)
    return line_fact(
        line,
        match.start(),
        match.end(),
        kind=FactKind.TREATMENT,
        name=name,
        value=name,
        date=date,
        details=details,
        flags=("hedged",) if hedged else (),
    )


def _start_stop(
    document: DocumentText, text: str, low: int, high: int
) -> tuple[DateReading | None, DateReading | None]:
    scope = text[low:high]
    readings = _all_dates(document, scope)
    start = stop = None
    for index, reading in enumerate(readings):
        before = scope[: reading.start]
        if start is None and _START.search(before):
            start = reading
        elif stop is None and _STOP.search(before):
            stop = reading
        elif index + 1 < len(readings) and _RANGE_SEPARATOR.match(
            scope[reading.end : readings[index + 1].start]
        ):
            start, stop = reading, readings[index + 1]
            break
    return start, stop


def _all_dates(document: DocumentText, text: str) -> list[DateReading]:
    """Complete dates, and months-with-year or years in a range ("2022-2023") as dates
    known only as text."""
    readings = list(document.dates_in(text))
    for partial in find_partial_dates(text):
        if partial.month is not None:
            readings.append(DateReading(partial.text, partial.start, partial.end, None, False))
    for years in _YEAR_RANGE.finditer(text):
        if not any(r.start < years.end() and years.start() < r.end for r in readings):
            readings.append(DateReading(years.group("a"), *years.span("a"), None, False))
            readings.append(DateReading(years.group("b"), *years.span("b"), None, False))
    return sorted(readings, key=lambda reading: reading.start)


def _date_value(reading: DateReading) -> str:
    return reading.date.isoformat() if reading.date is not None else reading.text


def _status(scope: str, stop: DateReading | None) -> str | None:
    if _PLANNED.search(scope):
        return "planned"
    if _COMPLETED.search(scope):
        return "completed"
    if stop is not None or _STOPPED.search(scope):
        return "stopped"
    if _ONGOING.search(scope):
        return "ongoing"
    return None
