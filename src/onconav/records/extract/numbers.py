"""Numbers as lab reports print them: 9.6, 9,6 (decimal comma), 45,000 and 1 250 (grouped
thousands), .8, and results written as bounds (<0.5, >2000, ≥ 10).

A comma followed by exactly three digits groups thousands (45,000) unless the whole part is
0 (0,850 is a decimal comma); any other comma between digits is a decimal comma (9,6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class NumberReading:
    value: float
    text: str
    start: int
    end: int
    comparator: str | None  # "<", ">", "<=", ">=" when the result is a bound


def parse_number(text: str) -> float | None:
    """The number written in ``text`` (no comparator), or None."""
    match = NUMBER.fullmatch(text.strip())
    if match is None or match.group("cmp"):
        return None
    return _value(match.group("num"))


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberReading]:
    return [
        number_reading(match)
        for match in NUMBER.finditer(text, start, len(text) if end is None else end)
    ]


def number_reading(match: re.Match[str]) -> NumberReading:
    """The reading of a ``NUMBER`` match."""
    return NumberReading(
        value=_value(match.group("num")),
        text=match.group(0),
        start=match.start(),
        end=match.end(),
        comparator=_COMPARATORS[match.group("cmp")] if match.group("cmp") else None,
    )


def _value(text: str) -> float:
    compact = re.sub(r"[\u202f\u00a0\u2009]", "", text)
    if "," in compact:
        whole, _, rest = compact.partition(",")
        grouped = re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", compact) is not None
        compact = compact.replace(",", "") if grouped and whole != "0" else f"{whole}.{rest}"
    return float(compact)
