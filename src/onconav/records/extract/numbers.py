"""Numbers as lab reports print them: 9.6, 9,6 (decimal comma), 45,000 and 1 250 (grouped
thousands), .8, and results written as bounds (<0.5, >2000, ≥ 10).

A separator is read by the number's shape where the shape decides: a comma or point followed
by one, two or four and more digits, or after a whole part of 0, is a decimal mark (9,6;
0,850); several groups of three (1,250,000) or a comma before a decimal point (2,345.6)
group thousands. One separator followed by exactly three digits (3,150 or 3.150) reads either
way: the document's own decimal mark decides it (``decimal_mark``: the mark its other numbers
show by their shape). When the document shows none, or both, the number keeps the usual
reading (a comma groups thousands, a point is decimal) and is marked
``separator_ambiguous`` with the other reading, for the person to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# A decimal in a sentence or cell of its own kind (a percentage, a VAF): a point, or a comma
# followed by one or two digits, which the shape alone makes a decimal comma ("38,4 %").
DECIMAL = r"(?<![\d.,])\d+(?:\.\d+|,\d{1,2}(?!\d))?"


def decimal_value(text: str) -> float:
    """The value of a ``DECIMAL`` match."""
    return float(text.replace(",", "."))


_COMPARATORS = {"<": "<", ">": ">", "≤": "<=", "≥": ">=", "<=": "<=", ">=": ">=", "=<": "<="}
NUMBER = re.compile(
    r"""
    (?<![\w,^*])(?<!\d\.)
    (?:(?P<cmp><=|>=|=<|[<>≤≥])\s*)?
    (?P<num>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])
      | \d{1,3}(?:\u202f|\u00a0|\u2009)\d{3}(?![\d])
      | \d+(?:[.,]\d+)?
      | \.\d+
    )
    (?![\d]|[.,]\d)
    """,
    re.VERBOSE,
)


class DecimalMark(StrEnum):
    POINT = "."
    COMMA = ","


# A document needs this many times more numbers of one shape than of the other before that
# mark is its own: "exons 2,3" in a report of decimal points does not make it European.
_MAJORITY = 3
_ONE_GROUP = re.compile(r"(?P<whole>\d{1,3})(?P<mark>[.,])\d{3}")


@dataclass(frozen=True)
class NumberReading:
    value: float
    text: str
    start: int
    end: int
    comparator: str | None  # "<", ">", "<=", ">=" when the result is a bound
    separator_ambiguous: bool = False  # "3,150" in a document that shows no decimal mark
    other_value: float | None = None  # the other reading of an ambiguous separator


def parse_number(text: str, mark: DecimalMark | None = None) -> float | None:
    """The number written in ``text`` (no comparator), or None."""
    match = NUMBER.fullmatch(text.strip())
    if match is None or match.group("cmp"):
        return None
    return number_reading(match, mark).value


def find_numbers(
    text: str, start: int = 0, end: int | None = None, *, mark: DecimalMark | None = None
) -> list[NumberReading]:
    return [
        number_reading(match, mark)
        for match in NUMBER.finditer(text, start, len(text) if end is None else end)
    ]


def number_reading(match: re.Match[str], mark: DecimalMark | None = None) -> NumberReading:
    """The reading of a ``NUMBER`` match, in a document whose decimal mark is ``mark``."""
    compact = _compact(match.group("num"))
    decimal = _shape_mark(compact) or mark
    other = None
    if decimal is None and re.search(r"[.,]", compact):
        # one group of three digits, and the document does not say
        other = _value(compact, DecimalMark.COMMA)
    return NumberReading(
        value=_value(compact, decimal or DecimalMark.POINT),
        text=match.group(0),
        start=match.start(),
        end=match.end(),
        comparator=_COMPARATORS[match.group("cmp")] if match.group("cmp") else None,
        separator_ambiguous=other is not None,
        other_value=other,
    )


def decimal_mark(text: str) -> DecimalMark | None:
    """The decimal mark ``text`` writes its numbers with, judged by the numbers whose shape
    decides it; None when there are none, or both kinds without a clear majority."""
    counts = {DecimalMark.POINT: 0, DecimalMark.COMMA: 0}
    for match in NUMBER.finditer(text):
        shape = _shape_mark(_compact(match.group("num")))
        if shape is not None and re.search(r"[.,]", match.group("num")):
            counts[shape] += 1
    points, commas = counts[DecimalMark.POINT], counts[DecimalMark.COMMA]
    if points >= max(1, _MAJORITY * commas):
        return DecimalMark.POINT
    if commas >= max(1, _MAJORITY * points):
        return DecimalMark.COMMA
    return None


def _compact(text: str) -> str:
    return re.sub(r"[\u202f\u00a0\u2009]", "", text)


def _shape_mark(compact: str) -> DecimalMark | None:
    """The decimal mark the number's own shape implies; None when it has no separator's
    worth of evidence (an integer), or reads both ways (one group of three digits)."""
    if "," in compact and "." in compact:
        return DecimalMark.POINT if compact.rfind(".") > compact.rfind(",") else DecimalMark.COMMA
    if compact.count(",") > 1:
        return DecimalMark.POINT  # 1,250,000: commas group, so a point would be decimal
    group = _ONE_GROUP.fullmatch(compact)
    if group is not None and group.group("whole") != "0":
        return None
    if "," in compact:
        return DecimalMark.COMMA
    if "." in compact:
        return DecimalMark.POINT
    return None


def _value(compact: str, decimal: DecimalMark) -> float:
    grouping = "." if decimal is DecimalMark.COMMA else ","
    return float(compact.replace(grouping, "").replace(",", "."))
