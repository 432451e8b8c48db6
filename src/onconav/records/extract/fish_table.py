"""FISH results laid out as a table with a percentage column and a cut-off column:

    Probe               Call          % abnormal    Normal cut-off
    D20S108 (20q12)     Deleted       14.5          <5%

The numbers of a row are given to the numeric columns in the order the header names them,
and only when a row has exactly as many numbers as the header has numeric columns.
"""

from __future__ import annotations

import re

_PROBE_COLUMN = re.compile(r"\bprobes?\b|\btargets?\b|\blocus\b|\bloci\b", re.I)
_CUTOFF_COLUMN = re.compile(
    r"cut-?off|normal\s+(?:range|limit|value)s?|threshold|reference(?:\s+range)?", re.I
)
_PERCENT_COLUMN = re.compile(r"%|percent(?:age)?|\bnuclei\b|\bcells\b|\bresult\s+value", re.I)
_ROW_NUMBER = re.compile(r"(?<![\w.])(?:[<>≤≥]\s*)?(?P<v>\d{1,3}(?:\.\d+)?)\s*%?(?![\w.])")


def table_columns(text: str) -> list[str] | None:
    """The numeric columns ("percent", "cutoff") of a FISH table header, left to right."""
    if re.search(r"\d", text) or not _PROBE_COLUMN.search(text):
        return None
    found: list[tuple[int, str]] = []
    cutoff = _CUTOFF_COLUMN.search(text)
    rest = text
    if cutoff is not None:
        found.append((cutoff.start(), "cutoff"))
        rest = text[: cutoff.start()] + " " * (cutoff.end() - cutoff.start()) + text[cutoff.end() :]
    percent = _PERCENT_COLUMN.search(rest)
    if percent is not None:
        found.append((percent.start(), "percent"))
    return [name for _, name in sorted(found)] or None


def row_values(text: str, mentions: list[tuple[int, int]], columns: list[str]) -> dict[str, float]:
    """The row's numbers by column, when they are exactly as many as the columns."""
    chars = list(text)
    for start, end in mentions:
        chars[start:end] = " " * (end - start)
    numbers = [float(m.group("v")) for m in _ROW_NUMBER.finditer("".join(chars))]
    if len(numbers) != len(columns):
        return {}
    return dict(zip(columns, numbers, strict=True))
