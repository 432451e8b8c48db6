"""Treatments given, stopped or planned: "C4D1 azacitidine", "started luspatercept on
01/15/2024", "s/p 6 cycles of decitabine (Jan-Jun 2023)".

A drug is named by its generic name in lower case (brand names and common abbreviations map
to it). A mention counts only with words that say something happened or is planned (started,
cycle, on, received, stopped, plan to ...): "options include luspatercept" is not a
treatment. Negated mentions ("no prior azacitidine") are skipped. No dose is ever read.

The sentences right after a drug ("Cycle 2 started <date>. Ongoing.") give its cycle and
status; between two drugs of one sentence, each keeps the words on its side of the clause
break. A drug named again later in the note is the same course and gives one fact, unless
the mentions carry different start dates.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.records.extract.bracketed_aliases import without_bracketed_aliases
from onconav.records.extract.context import assess
from onconav.records.extract.dates import DateReading, find_partial_dates
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.extract.treatment_table import TableRow, treatment_rows
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
    r"|treated\s+with|therapy\s+with|last\s+dose|doses?|administered|currently|restart\w*|resum\w*"
    r"|underwent|failed|failing|refractory|relapsed\s+after|after)\b"
    r"|(?<![A-Za-z])C\d{1,2}\s*D\d{1,2}\b"
    # "epoetin alfa from 3 February 2024 to ...": given over dates
    r"|\bfrom\s+(?=\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,}|\d{1,4}[/.\-]\d|[A-Za-z]{3,}\.?\s+\d)",
    re.I,
)
_CYCLE_DAY = re.compile(
    r"(?<![A-Za-z])C(?P<c>\d{1,2})\s*D(?P<d>\d{1,2})\b|\bcycle\s+(?P<c2>\d{1,2})(?:\s*,?\s*day\s+(?P<d2>\d{1,2}))?",
    re.I,
)
_COUNT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_CYCLE_COUNT = re.compile(
    rf"(?:x\s*)?(?P<n>\d{{1,2}}|{'|'.join(_COUNT_WORDS)})\s+(?:(?:full|complete[d]?)\s+)?cycles\b"
    r"|\bcycles?\s*[:=x×]\s*(?P<m>\d{1,2})\b",
    re.I,
)
# "cycle 5 is due", "after cycle 6": a cycle still to come, not one under way.
_FUTURE_CYCLE = re.compile(
    r"(?:\b(?:after|before|until|by|next|from)\s+)(?:cycle|C)\s*\d{1,2}\b"
    r"|\b(?:cycle|C)\s*\d{1,2}(?:\s*,?\s*(?:day|D)\s*\d{1,2})?\s+(?:is\s+|was\s+)?"
    r"(?:due|planned|scheduled|booked|to\s+(?:start|begin))\b",
    re.I,
)
_START = re.compile(
    r"\b(?:start(?:ed)?|initiated|began|begun|commenced|since|restarted|resumed)\s+"
    # the drug and its brand in brackets: "started azacitidine (Vidaza) on <date>"
    r"(?:[\w-]+\s+|\([^()]{1,30}\)\s+){0,4}?(?:on\s+|in\s+)?$",
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
_NOT_BEGUN = re.compile(
    r"\b(?:not|never)\s+(?:yet\s+)?(?:been\s+)?(?:start(?:ed)?|begun|began|commenced|initiated"
    r"|given|received|administered|pursued|restarted|resumed)\b",
    re.I,
)
# "Azacitidine was considered before treatment began": the drug is the subject of a
# discussion, and the event words in its sentence are about something else.
_ONLY_DISCUSSED = re.compile(
    r"^\W*(?:\([^)]*\)\s*)?(?:(?:was|were|had\s+been|has\s+been|is)\s+)"
    r"(?:considered|discussed|offered|proposed|suggested|declined|refused|mentioned)\b",
    re.I,
)
_THEN_GIVEN = re.compile(
    r"\b(?:and|then)\s+(?:was\s+|were\s+)?(?:then\s+)?(?:started|given|begun|commenced"
    r"|initiated|administered|received)\b",
    re.I,
)
_BEFORE_BRAND = re.compile(r"[\w-]*\s*\(\s*")
_RANGE_SEPARATOR = re.compile(r"^\s*(?:-|–|—|to|through|until)\s*$", re.I)
_PLANNED = re.compile(
    r"\b(?:plan(?:s|ned)?\s+to|will\s+(?:start|begin|initiate)|scheduled|to\s+start"
    r"|pending\s+approval)\b|^\s*plan\s*:\s*(?:to\s+)?(?:start|begin|initiate|commence)\b",
    re.I,
)
_STOPPED = re.compile(
    r"\b(?:stopp\w*|discontinu\w*|held|hold|failed|failing|failure\s+(?:of|on)|refractory"
    r"|relapsed\s+after|prior|previous(?:ly)?|history\s+of|s/p|status\s+post)\b",
    re.I,
)
_COMPLETED = re.compile(r"\bcomplet\w*\b", re.I)
_ON_DRUG = re.compile(r"\b(?:on|remains\s+on|continues\s+on)\s+(?:\w+\s+)?$", re.I)
_ONGOING = re.compile(
    r"\b(?:currently|continu\w*|ongoing|receiving|since)\b|(?<![A-Za-z])C\d{1,2}\s*D\d{1,2}\b|\bcycle\s+\d",
    re.I,
)


def extract_treatments(document: DocumentText) -> list[Fact]:
    rows = treatment_rows(document, _DRUG)
    facts = [fact for row in rows if (fact := _table_fact(document, row)) is not None]
    in_tables = {(row.line.page.page.number, row.line.start) for row in rows}
    for line in document.wrapped_lines():
        if any(
            page == line.page.page.number and line.start <= start <= line.end
            for page, start in in_tables
        ):
            continue
        # 'azacitidine (Vidaza)': a brand in brackets right after its drug names it again.
        mentions = without_bracketed_aliases(
            line.text, list(_DRUG.finditer(line.text)), _BEFORE_BRAND, _same_drug
        )
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
            # Between two drugs of one sentence, the words after a clause break belong to the
            # next drug: "on X since <date> (...) after failing Y (...)".
            if index and mentions[index - 1].end() > sentence_start:
                low = _last_break(line.text, low, match.start())
            if index + 1 < len(mentions) and mentions[index + 1].start() < sentence_end:
                high = _last_break(line.text, match.end(), high, fallback=high)
            fact = _treatment(document, line, match, low, high, hedged=assertion.hedged)
            if fact is None:
                continue
            following = [
                (s, e)
                for s, e in sentences
                if s >= sentence_end
                and (index + 1 == len(mentions) or e <= mentions[index + 1].start())
            ]
            facts.append(_with_following_sentences(fact, line.text, following))
    return _one_per_course(facts)


_CLAUSE_BREAK = re.compile(
    r",|;|\)|\b(?:and|after|then|but|following|before|followed\s+by|instead\s+of)\b", re.I
)


def _last_break(text: str, start: int, end: int, fallback: int | None = None) -> int:
    """The end (or, with ``fallback``, the start) of the last clause break in
    ``text[start:end]``; ``start`` (or ``fallback``) when there is none."""
    breaks = list(_CLAUSE_BREAK.finditer(text, start, end))
    if not breaks:
        return start if fallback is None else fallback
    return breaks[-1].end() if fallback is None else breaks[-1].start()


def _with_following_sentences(fact: Fact, text: str, following: list[tuple[int, int]]) -> Fact:
    """'Azacitidine started <date>. Cycle 2 started <date>. Ongoing.': the sentences after a
    drug, up to the next drug named, give its cycle and status when they speak only of a
    cycle or are a word or two long; reading stops at the first that is neither."""
    details = dict(fact.details)
    for start, end in following:
        sentence = text[start:end]
        cycle = _cycle_details(sentence)
        if not cycle and len(re.findall(r"[A-Za-z]+", sentence)) > 3:
            break
        if "cycles" in cycle and "cycles" not in details:
            details["cycles"] = cycle["cycles"]
        status = _status(sentence, None)
        if status and status != "planned":
            details["status"] = status
    if details == fact.details:
        return fact
    return fact.model_copy(update={"details": details})


def _cycle_details(text: str) -> dict[str, Any]:
    """The cycle under way ("C4D1", "now in cycle 5") or the count given ("four cycles");
    a cycle still to come ("cycle 5 is due", "after cycle 6") is neither."""
    current = _FUTURE_CYCLE.sub(lambda m: " " * len(m.group(0)), text)
    cycle = _CYCLE_DAY.search(current)
    if cycle is not None:
        details: dict[str, Any] = {"cycles": int(cycle.group("c") or cycle.group("c2"))}
        day = cycle.group("d") or cycle.group("d2")
        if day:
            details["cycle_day"] = int(day)
        return details
    count = _CYCLE_COUNT.search(text)
    if count is None:
        return {}
    number = count.group("n") or count.group("m")
    return {"cycles": _COUNT_WORDS.get(number.lower()) or int(number)}


def _one_per_course(facts: list[Fact]) -> list[Fact]:
    """A drug named again later in a note (history, then plan) is the same course: its
    mentions are one fact, the first with a start date standing and the others completing
    it (the latest status wins). Mentions with different start dates are separate courses."""
    by_drug: dict[str, list[Fact]] = {}
    for fact in facts:
        by_drug.setdefault(fact.name, []).append(fact)
    kept: list[Fact] = []
    for mentions in by_drug.values():
        starts = {str(f.details["start"]) for f in mentions if "start" in f.details}
        if len(starts) > 1 or len(mentions) == 1:
            kept.extend(mentions)
            continue
        base = next((f for f in mentions if "start" in f.details), mentions[0])
        details = dict(base.details)
        for fact in mentions:
            for key, value in fact.details.items():
                if key == "status":
                    details[key] = value
                else:
                    details.setdefault(key, value)
        kept.append(base.model_copy(update={"details": details}))
    return kept


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of a line; ';' does not end one ("started X on <date>; now C10D1")."""
    spans = []
    start = 0
    for match in re.finditer(r"\.(?=\s+[A-Z]|\s*$)", text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text) + 1))
    return spans


def _same_drug(first: re.Match[str], alias: re.Match[str]) -> bool:
    return first.lastgroup == alias.lastgroup


def _treatment(
    document: DocumentText, line: Line, match: re.Match[str], low: int, high: int, *, hedged: bool
) -> Fact | None:
    text = line.text
    after = text[match.end() : high]
    if _ONLY_DISCUSSED.match(after) and not _THEN_GIVEN.search(after):
        return None
    # "considered but not started": an event said not to have happened is no event.
    scope = _NOT_BEGUN.sub(lambda m: " " * len(m.group(0)), text[low:high])
    on_drug = _ON_DRUG.search(text[low : match.start()]) is not None
    if _EVENT.search(scope) is None and not on_drug:
        return None
    name = _DRUGS[int(str(match.lastgroup)[1:])][0]
    details: dict[str, Any] = _cycle_details(scope)
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


def _table_fact(document: DocumentText, row: TableRow) -> Fact | None:
    """A course from a treatment table row, each detail from its own column."""
    text = row.line.text
    drug_start, drug_end = row.cells["drug"]
    match = _DRUG.search(text, drug_start, drug_end)
    if match is None:
        return None
    name = _DRUGS[int(str(match.lastgroup)[1:])][0]
    details: dict[str, Any] = {}
    dates: dict[str, DateReading] = {}
    for column in ("start", "stop"):
        if column in row.cells:
            found = _all_dates(document, text[slice(*row.cells[column])])
            if found:
                dates[column] = found[0]
                details[column] = _date_value(found[0])
    if "cycles" in row.cells:
        count = re.search(r"(?<![\d.])\d{1,2}(?![\d.])", text[slice(*row.cells["cycles"])])
        if count is not None:
            details["cycles"] = int(count.group(0))
    status_cell = text[slice(*row.cells["status"])] if "status" in row.cells else ""
    status = _status(status_cell, dates.get("stop"))
    if status:
        details["status"] = status
    start = dates.get("start")
    return line_fact(
        row.line,
        match.start(),
        match.end(),
        kind=FactKind.TREATMENT,
        name=name,
        value=name,
        date=start if start is not None and start.date is not None else document.date_for(row.line),
        details=details,
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
