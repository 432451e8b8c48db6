"""FISH results laid out as a table with a percentage column and a cut-off column:

    Probe               Call          % abnormal    Normal cut-off
    D20S108 (20q12)     Deleted       14.5          <5%

The numbers of a row are given to the numeric columns in the order the header names them,
and only when a row has exactly as many numbers as the header has numeric columns.
"""

from __future__ import annotations

import re

from onconav.records.extract.numbers import DECIMAL, decimal_value

_PROBE_COLUMN = re.compile(r"\bprobes?\b|\btargets?\b|\blocus\b|\bloci\b", re.I)
_CUTOFF_COLUMN = re.compile(
    r"cut-?off|normal\s+(?:range|limit|value)s?|threshold|reference(?:\s+range)?", re.I
)
_PERCENT_COLUMN = re.compile(r"%|percent(?:age)?|\bnuclei\b|\bcells\b|\bresult\s+value", re.I)
_ABNORMAL_COLUMN = re.compile(r"(?:%\s*)?\babnormal(?:\s+(?:nuclei|cells|signals?))?\b", re.I)
_BARE_NORMAL_COLUMN = re.compile(r"\bnormal\b(?!\s+(?:nuclei|cells|signals?))", re.I)
_SCORED_COLUMN = re.compile(
    r"\b(?:nuclei|cells)(?:\s+(?:scored|analy[sz]ed|counted|examined))?\b|\bscored\b", re.I
)
# A locus written in words ("8 centromere", "chromosome 7") is not a number of the row.
_LOCUS_WORDS = re.compile(
    r"\b\d{1,2}\s+centromere\b|\bcentromere\s+\d{1,2}\b|\bchromosome\s+\d{1,2}\b", re.I
)
_ROW_NUMBER = re.compile(rf"(?<![\w.,])(?:[<>≤≥]\s*)?(?P<v>{DECIMAL})\s*%?(?![\w.,])")


def table_columns(text: str) -> list[str] | None:
    """The numeric columns ("scored", "percent", "cutoff") of a FISH table header, left to
    right. A header whose headings wrap onto a second line names each column by its first
    word ("Nuclei  Abnormal  Normal" over "scored  nuclei (%)  cutoff (%)"): an "Abnormal"
    heading is the percentage, a "Normal" heading after it the cut-off, and a "Nuclei" or
    "Cells" heading before it the number of nuclei scored."""
    if re.search(r"\d", text) or not _PROBE_COLUMN.search(text):
        return None
    found: list[tuple[int, str]] = []
    rest = text
    abnormal = _ABNORMAL_COLUMN.search(text)
    cutoff = _CUTOFF_COLUMN.search(text) or (
        _BARE_NORMAL_COLUMN.search(text, abnormal.end()) if abnormal is not None else None
    )
    if cutoff is not None:
        found.append((cutoff.start(), "cutoff"))
        rest = _blank(rest, cutoff.start(), cutoff.end())
    if abnormal is not None:
        found.append((abnormal.start(), "percent"))
        rest = _blank(rest, abnormal.start(), abnormal.end())
        scored = _SCORED_COLUMN.search(rest, 0, abnormal.start())
        if scored is not None:
            found.append((scored.start(), "scored"))
    else:
        percent = _PERCENT_COLUMN.search(rest)
        if percent is not None:
            found.append((percent.start(), "percent"))
    return [name for _, name in sorted(found)] or None


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def row_values(text: str, mentions: list[tuple[int, int]], columns: list[str]) -> dict[str, float]:
    """The row's numbers by column, when they are exactly as many as the columns."""
    chars = list(text)
    for start, end in [*mentions, *(m.span() for m in _LOCUS_WORDS.finditer(text))]:
        chars[start:end] = " " * (end - start)
    numbers = [decimal_value(m.group("v")) for m in _ROW_NUMBER.finditer("".join(chars))]
    if len(numbers) != len(columns):
        return {}
    found = dict(zip(columns, numbers, strict=True))
    found.pop("scored", None)  # the nuclei counted: the ISCN line gives them with the result
    return found
