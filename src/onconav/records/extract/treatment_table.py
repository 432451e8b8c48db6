"""Treatment histories laid out as tables: a header naming the drug column and some of the
start, stop, cycles and status columns, then one row per course.

    Treatment        Started       Cycles        Status
    Decitabine       2024-07-02    3 given       stopped after cycle 4 was held

Cells are cut at tabs, '|' or runs of two or more spaces. A row's cells go to the header's
columns by order when there are as many, else by where they start under the headings; a row
whose cells cannot be placed is left to the sentence reader. Each column is read on its own,
so "cycle 4 was held" in the status cell is not the number of cycles given. The table ends
at a blank line or a row that names no drug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onconav.records.extract.document import DocumentText
from onconav.records.extract.source import Line

_CELL = re.compile(r"[^\t|]+?(?=\s{2,}|\t|\||$)")
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "drug",
        re.compile(
            r"\b(?:treatments?|therap(?:y|ies)|drugs?|agents?|regimens?|medications?)\b", re.I
        ),
    ),
    (
        "start",
        re.compile(
            r"\bstart(?:ed|\s+date)?\b|\bbegan\b|\bfirst\s+(?:dose|cycle)\b|\binitiated\b"
            r"|\bcommenced\b|\bsince\b|\bfrom\b",
            re.I,
        ),
    ),
    (
        "stop",
        re.compile(
            r"\bstop(?:ped|\s+date)?\b|\bend(?:ed|\s+date)?\b|\blast\s+(?:dose|cycle)\b"
            r"|\bdiscontinued\b|\buntil\b|\bto\b",
            re.I,
        ),
    ),
    ("cycles", re.compile(r"\bcycles?\b|\bcourses?\b", re.I)),
    ("status", re.compile(r"\bstatus\b|\bresponse\b|\boutcome\b|\bcurrent\b|\bcomments?\b", re.I)),
)
_TOLERANCE = 4  # characters a cell may start away from its heading


@dataclass(frozen=True)
class TableRow:
    """One course: the row's line and, for each column it fills, the cell's span."""

    line: Line
    cells: dict[str, tuple[int, int]]


def treatment_rows(document: DocumentText, drug: re.Pattern[str]) -> list[TableRow]:
    """Every row of every treatment table in ``document``."""
    rows: list[TableRow] = []
    for page in document.pages:
        header: list[tuple[str, int, int]] | None = None
        for line in page.lines:
            columns = _header(line.text)
            if columns is not None:
                header = columns
                continue
            if header is None:
                continue
            row = _row(line, header, drug)
            if row is None:
                header = None
                continue
            rows.append(row)
    return rows


def _cells(text: str) -> list[tuple[int, int]]:
    return [
        (match.start() + len(match.group(0)) - len(match.group(0).lstrip()), match.end())
        for match in _CELL.finditer(text)
        if match.group(0).strip()
    ]


def _header(text: str) -> list[tuple[str, int, int]] | None:
    """The header's columns as (kind, start, end); None for a line that is not one."""
    if re.search(r"\d", text):
        return None
    cells = _cells(text)
    if len(cells) < 3:
        return None
    columns = []
    for start, end in cells:
        kind = next((k for k, pattern in _COLUMNS if pattern.search(text, start, end)), "other")
        columns.append((kind, start, end))
    kinds = [kind for kind, _, _ in columns]
    if kinds.count("drug") != 1 or len({k for k in kinds if k not in ("drug", "other")}) < 2:
        return None
    return columns


def _row(line: Line, header: list[tuple[str, int, int]], drug: re.Pattern[str]) -> TableRow | None:
    cells = _cells(line.text)
    if len(cells) < 2:
        return None  # a sentence after the table, not a row
    if len(cells) == len(header):
        placed = {kind: cell for (kind, _, _), cell in zip(header, cells, strict=True)}
    else:
        placed = {}
        for cell in cells:
            distances = sorted((abs(cell[0] - start), kind) for kind, start, _ in header)
            distance, kind = distances[0]
            if distance > _TOLERANCE or kind in placed:
                return None
            placed[kind] = cell
    drug_cell = placed.get("drug")
    if drug_cell is None or drug.search(line.text, *drug_cell) is None:
        return None
    return TableRow(line, {kind: span for kind, span in placed.items() if kind != "other"})
