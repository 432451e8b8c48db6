"""Dates as reports print them, read without guessing.

Accepted: ISO (2024-03-04), month names (Mar 4, 2024; 4 March 2024; 04-Mar-2024), dotted
numeric dates, which are day-first wherever they are used (4.3.2024), and slashed or
hyphenated numeric dates (03/04/2024). A numeric date whose day and month could be swapped
is ambiguous: its ``date`` is None and the text is kept, unless the document states its
format (``DD/MM/YYYY``), or prints its other numeric dates in one order only (``printed_order``),
or one number is above 12, or both readings are the same day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class DateOrder(StrEnum):
    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"


@dataclass(frozen=True)
class DateReading:
    text: str
    start: int  # offsets in the text that was searched
    end: int
    date: dt.date | None  # None when the text could be read as two different dates
    ambiguous: bool
    two_digit_year: bool = False  # the century was supplied (see ``_full_year``)


@dataclass(frozen=True)
class PartialDate:
    """A month and year, or a year alone ("March 2023", "03/2023", "in 2021")."""

    text: str
    start: int
    end: int
    year: int
    month: int | None


_MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_NUMBER = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DATE = re.compile(
    rf"""
    (?<![\d./\-])(?P<iy>(?:19|20)\d{{2}})(?P<isep>[-/.])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?![\d])
  | (?<![\d])(?P<nd>\d{{1,2}})(?:st|nd|rd|th)?[\s\-./]*(?P<nm>{_MONTH_NAMES})(?![a-z])\.?
        [\s\-.,/]*(?P<ny>(?:19|20)\d{{2}}|\d{{2}})(?![\d])
  | (?<![a-z])(?P<mm>{_MONTH_NAMES})(?![a-z])\.?[\s\-]+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?
        ,?[\s\-]+(?P<my>(?:19|20)\d{{2}})(?![\d])
  | (?<![\d./\-])(?P<dd>\d{{1,2}})\.(?P<dm>\d{{1,2}})\.(?P<dy>(?:19|20)\d{{2}})(?![\d])
  | (?<![\d./\-])(?P<a>\d{{1,2}})(?P<sep>[/\-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})
        (?![\d/\-])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PARTIAL = re.compile(
    rf"""
    (?<![a-z\d])(?P<nm>{_MONTH_NAMES})(?![a-z])\.?[\s,\-]+(?P<ny>(?:19|20)\d{{2}})(?![\d])
  | (?<![\d./\-])(?P<m>\d{{1,2}})[/\-](?P<y>(?:19|20)\d{{2}})(?![\d/\-])
  | (?<![\d./\-])(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{2}})(?![\d\-])
  | (?<![\d./\-])(?P<year>(?:19|20)\d{{2}})(?![\d./\-])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_STATED_DAY_FIRST = re.compile(r"\b(?:dd?[/.\-]mm?[/.\-]yy(?:yy)?|day/month/year)\b", re.I)
_STATED_MONTH_FIRST = re.compile(r"\b(?:mm?[/.\-]dd?[/.\-]yy(?:yy)?|month/day/year)\b", re.I)


def stated_order(text: str) -> DateOrder | None:
    """The date format a document declares ("Dates: DD/MM/YYYY"), if exactly one."""
    day_first = _STATED_DAY_FIRST.search(text) is not None
    month_first = _STATED_MONTH_FIRST.search(text) is not None
    if day_first == month_first:
        return None
    return DateOrder.DAY_FIRST if day_first else DateOrder.MONTH_FIRST


def printed_order(text: str) -> DateOrder | None:
    """The order a document's own numeric dates show: when every slashed or hyphenated date
    that can be read only one way is read day-first (23/07/2023), or every one month-first
    (07/23/2023), the document prints that order, and its dates that could be read both ways
    follow it. Evidence both ways, or none, leaves them ambiguous. Dotted dates are day-first
    by convention and are no evidence for slashed ones."""
    day_first = month_first = False
    for match in _DATE.finditer(text):
        first, second = match.group("a"), match.group("b")
        if first is None or second is None:
            continue
        if int(first) > 12 >= int(second) >= 1:
            day_first = True
        elif int(second) > 12 >= int(first) >= 1:
            month_first = True
    if day_first == month_first:
        return None
    return DateOrder.DAY_FIRST if day_first else DateOrder.MONTH_FIRST


def find_dates(text: str, order: DateOrder | None = None) -> list[DateReading]:
    """Every complete date in ``text``, left to right; impossible dates are skipped."""
    readings = []
    for match in _DATE.finditer(text):
        reading = _reading(match, order)
        if reading is not None:
            readings.append(reading)
    return readings


def read_date(text: str, order: DateOrder | None = None) -> DateReading | None:
    """The date that makes up ``text`` (surrounding spaces and punctuation allowed)."""
    readings = find_dates(text, order)
    if len(readings) != 1:
        return None
    reading = readings[0]
    rest = text[: reading.start] + text[reading.end :]
    return reading if not rest.strip(" \t,.;:()[]") else None


def find_partial_dates(text: str) -> list[PartialDate]:
    """Months-with-year and bare years not part of a complete date."""
    taken = [(r.start, r.end) for r in find_dates(text)]
    found = []
    for match in _PARTIAL.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        groups = match.groupdict()
        if groups["nm"]:
            year, month = int(groups["ny"]), _MONTH_NUMBER[groups["nm"][:3].lower()]
        elif groups["m"]:
            year, month = int(groups["y"]), int(groups["m"])
        elif groups["iy"]:
            year, month = int(groups["iy"]), int(groups["im"])
        else:
            year, month = int(groups["year"]), 0
        if not 0 <= month <= 12:
            continue
        found.append(PartialDate(match.group(0), match.start(), match.end(), year, month or None))
    return found


def _reading(match: re.Match[str], order: DateOrder | None) -> DateReading | None:
    groups = match.groupdict()
    text, start, end = match.group(0), match.start(), match.end()
    if groups["iy"]:
        day = _valid(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        return None if day is None else DateReading(text, start, end, day, False)
    if groups["nm"] or groups["mm"]:
        name, day_text, year_text = (
            (groups["nm"], groups["nd"], groups["ny"])
            if groups["nm"]
            else (groups["mm"], groups["md"], groups["my"])
        )
        year, two_digit = _full_year(year_text)
        day = _valid(year, _MONTH_NUMBER[name[:3].lower()], int(day_text))
        return None if day is None else DateReading(text, start, end, day, False, two_digit)
    if groups["dd"]:
        day = _valid(int(groups["dy"]), int(groups["dm"]), int(groups["dd"]))
        return None if day is None else DateReading(text, start, end, day, False)
    first, second = int(groups["a"]), int(groups["b"])
    year, two_digit = _full_year(groups["y"])
    day_first = _valid(year, second, first)
    month_first = _valid(year, first, second)
    if order is DateOrder.DAY_FIRST:
        month_first = None
    elif order is DateOrder.MONTH_FIRST:
        day_first = None
    if day_first is None and month_first is None:
        return None
    if day_first is not None and month_first is not None and day_first != month_first:
        return DateReading(text, start, end, None, True, two_digit)
    chosen = day_first or month_first
    return DateReading(text, start, end, chosen, False, two_digit)


def _full_year(text: str) -> tuple[int, bool]:
    """Two-digit years are read in a 1970-2069 window; callers that need certainty
    (a date of birth) check ``two_digit_year``."""
    if len(text) == 4:
        return int(text), False
    value = int(text)
    return (2000 + value if value < 70 else 1900 + value), True


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
