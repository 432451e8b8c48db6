"""Building a ``Fact`` the same way in every extractor: provenance from page offsets, the
date or the doubt about it, and the flags that every fact from a page inherits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from onconav.records.extract.dates import DateReading
from onconav.records.extract.source import Line, PageText
from onconav.records.model import Fact, FactKind, FactValue

UNDATED_KINDS = frozenset({FactKind.IDENTITY})


def new_fact(
    page: PageText,
    start: int,
    end: int,
    *,
    kind: FactKind,
    name: str,
    value: FactValue,
    date: DateReading | None,
    unit: str | None = None,
    original_value: str | None = None,
    original_unit: str | None = None,
    details: dict[str, Any] | None = None,
    flags: Iterable[str] = (),
    date_text: str | None = None,
) -> Fact:
    """A fact read from ``page.text[start:end]`` (offsets in the page text)."""
    text = page.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    all_flags = list(flags)
    fact_date = None
    if date is not None:
        date_text = date.text
        if date.ambiguous:
            all_flags.append("date_ambiguous")
        else:
            fact_date = date.date
    elif kind not in UNDATED_KINDS:
        all_flags.append("date_missing")
    if page.low_confidence:
        all_flags.append("ocr_low_confidence")
    return Fact(
        kind=kind,
        name=name,
        value=value,
        unit=unit,
        original_value=original_value,
        original_unit=original_unit,
        date=fact_date,
        date_text=date_text,
        details=details or {},
        flags=tuple(dict.fromkeys(all_flags)),
        provenance=page.provenance(start, end),
    )


def line_fact(
    line: Line,
    start: int,
    end: int,
    **fields: Any,
) -> Fact:
    """A fact read from ``line.text[start:end]`` (offsets within the line)."""
    return new_fact(line.page, line.start + start, line.start + end, **fields)
