"""White cell differentials printed with a percentage column and an absolute column:

    Differential   Percent   Ref (%)     Absolute   Ref (abs)    Units    Flag
    Neutrophils    46.2      38.0-80.0   1.48       1.50-7.80    K/uL     L

The count is the number under the absolute heading, never the percentage (a percentage of
neutrophils is not the ANC). A cell is taken only where it lines up with its heading; a row
whose cells do not line up (a text layer that collapsed the spacing) gives nothing rather than
a guess. The reference range and flag are the cells right after the count, when the header
names them for the absolute column (or names no other). Rows end at a blank line or at a
line that is not a row (a cell-type name, then numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onconav.clinical.units import CANONICAL_UNIT
from onconav.records.extract.document import DocumentText
from onconav.records.extract.lab_names import LABEL_PATTERN, REFERENCE_RANGE, UNIT
from onconav.records.extract.labs import LabResult, analyte_for, lab_fact, label_in_context
from onconav.records.extract.numbers import NUMBER, number_reading
from onconav.records.extract.source import Line
from onconav.records.model import Fact

_ABSOLUTE = re.compile(r"\babs(?:olute|\.)?(?:\s+(?:count|value|number))?(?![\w(])|#", re.I)
_PERCENT = re.compile(
    r"(?<![\w(])(?:%|percent(?:age)?|pct\.?|rel(?:ative|\.)?\s*%?)(?![\w)])", re.I
)
_RANGE_HEADING = re.compile(r"\b(?:ref\w*|range|normal|interval)\b", re.I)
_FLAG_HEADING = re.compile(r"\bflags?\b", re.I)
_CELL = re.compile(r"\S+(?:[ ](?=\S)\S+)*")  # cells are set apart by two spaces or more
_TOLERANCE = 3  # characters a cell may start away from its heading
_FLAG_CELL = re.compile(r"HH|LL|H|L|High|Low", re.I)
_ROW = re.compile(r"\s*[A-Za-z][A-Za-z .,/()-]{1,40}?\s{2,}\d")  # a cell type, then numbers


@dataclass(frozen=True)
class _Header:
    absolute: int  # where the absolute heading starts
    range_after: bool  # a reference-range heading follows the absolute heading
    flag: int | None  # where a flag heading for the absolute values starts


def extract_differential(document: DocumentText) -> tuple[list[Fact], frozenset[tuple[int, int]]]:
    """Counts from differential tables, and the (page, line) of each row read."""
    facts: list[Fact] = []
    consumed: set[tuple[int, int]] = set()
    for page in document.pages:
        header: _Header | None = None
        for line in page.lines:
            if not line.stripped:
                header = None
                continue
            found = _header(line.text)
            if found is not None:
                header = found
                continue
            if header is None:
                continue
            label = LABEL_PATTERN.match(line.text, len(line.text) - len(line.text.lstrip()))
            if label is None:
                if not _ROW.match(line.text):
                    header = None  # a cell type this reader has no name for keeps the table
                continue
            consumed.add((page.page.number, line.number))
            fact = _row(document, line, label, header)
            if fact is not None:
                facts.append(fact)
    return facts, frozenset(consumed)


def _header(text: str) -> _Header | None:
    """A header with both a percentage and an absolute heading, in that order, no digits."""
    if re.search(r"\d", text):
        return None
    absolute = _ABSOLUTE.search(text)
    percent = _PERCENT.search(text)
    if absolute is None or percent is None or percent.start() > absolute.start():
        return None
    after = text[absolute.end() :]
    next_range = _RANGE_HEADING.search(after)
    next_cell = _CELL.search(after)
    range_after = (
        next_range is not None and next_cell is not None and next_range.start() == next_cell.start()
    )
    flags = list(_FLAG_HEADING.finditer(text))
    flag = flags[-1].start() if flags and flags[-1].start() > absolute.start() else None
    return _Header(absolute=absolute.start(), range_after=range_after, flag=flag)


def _row(document: DocumentText, line: Line, label: re.Match[str], header: _Header) -> Fact | None:
    lab_label = label_in_context(document, line, label)
    if lab_label is None:
        return None
    text = line.text
    cells = list(_CELL.finditer(text, label.end()))
    index = next(
        (i for i, c in enumerate(cells) if abs(c.start() - header.absolute) <= _TOLERANCE), None
    )
    if index is None:
        return None
    number = NUMBER.fullmatch(text, cells[index].start(), cells[index].end())
    if number is None:
        return None
    unit = UNIT.search(text, cells[index].end())
    unit_text = unit.group(0) if unit is not None else None
    analyte = analyte_for(lab_label, label.group(0), "abs", unit_text)
    if analyte is None or CANONICAL_UNIT[analyte] != "10^9/L":
        return None
    reference = None
    if header.range_after and index + 1 < len(cells):
        following = REFERENCE_RANGE.fullmatch(
            text, cells[index + 1].start(), cells[index + 1].end()
        )
        reference = following.group("range").strip() if following is not None else None
    flag = None
    if header.flag is not None:
        flag_cell = next(
            (c for c in cells[index + 1 :] if abs(c.start() - header.flag) <= _TOLERANCE), None
        )
        if flag_cell is not None and _FLAG_CELL.fullmatch(flag_cell.group(0)):
            flag = flag_cell.group(0)
    return lab_fact(
        LabResult(
            line=line,
            start=number.start(),
            end=number.end(),
            label=lab_label,
            analyte=analyte,
            value=number_reading(number, document.decimal_mark),
            unit_text=unit_text,
            flag=flag,
            reference=reference,
            date=document.date_for(line),
        )
    )
