"""The small layout markup of corpus sources that are rendered to PDF, DOCX or scans.

A source is plain text, one printed line per line, with two additions:

- consecutive lines written ``| cell | cell |`` form a table (the first row is the header);
- ``=== columns ===``, ``=== column ===`` and ``=== end columns ===`` put the lines between
  them into a left and a right column (PDF only; other renderers refuse columns).

Sources rendered as plain text use no markup at all, so the text the pipeline reads is the
file itself.
"""

from __future__ import annotations

from dataclasses import dataclass

COLUMNS_START = "=== columns ==="
COLUMN_BREAK = "=== column ==="
COLUMNS_END = "=== end columns ==="


@dataclass(frozen=True)
class Line:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Columns:
    left: tuple[Block, ...]  # lines and tables only: column blocks do not nest
    right: tuple[Block, ...]


Block = Line | Table | Columns


class LayoutError(ValueError):
    """The source's markup is malformed (an unclosed column block, a ragged table)."""


def has_markup(text: str) -> bool:
    return any(_is_table_row(line) or line.strip().startswith("===") for line in text.splitlines())


def parse_layout(text: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    left: list[Block] = []
    right: list[Block] = []
    target: list[Block] | None = None  # the column being filled, None outside columns
    for raw in text.splitlines():
        marker = raw.strip()
        if marker == COLUMNS_START:
            if target is not None:
                raise LayoutError("nested column blocks")
            left, right = [], []
            target = left
            continue
        if marker == COLUMN_BREAK:
            if target is not left:
                raise LayoutError("'=== column ===' outside a column block")
            target = right
            continue
        if marker == COLUMNS_END:
            if target is None:
                raise LayoutError("'=== end columns ===' without '=== columns ==='")
            blocks.append(
                Columns(left=tuple(_group_tables(left)), right=tuple(_group_tables(right)))
            )
            target = None
            continue
        line = Line(raw.rstrip())
        if target is None:
            blocks.append(line)
        else:
            target.append(line)
    if target is not None:
        raise LayoutError("column block not closed")
    return tuple(_group_tables(blocks))


def _is_table_row(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|")


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip()[1:-1].split("|"))


def _group_tables(blocks: list[Block]) -> list[Block]:
    grouped: list[Block] = []
    rows: list[tuple[str, ...]] = []

    def close_table() -> None:
        if rows:
            if len({len(row) for row in rows}) != 1:
                raise LayoutError(f"table rows have different numbers of cells: {rows[0]}")
            grouped.append(Table(rows=tuple(rows)))
            rows.clear()

    for block in blocks:
        if isinstance(block, Line) and _is_table_row(block.text):
            rows.append(_cells(block.text))
            continue
        close_table()
        grouped.append(block)
    close_table()
    return grouped
