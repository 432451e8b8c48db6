"""The small layout markup of corpus sources that are rendered to PDF, DOCX or scans.

A source is plain text, one printed line per line, with two additions:

- consecutive lines written ``| cell | cell |`` form a table (the first row is the header);
- ``=== columns ===``, ``=== column ===`` and ``=== end columns ===`` put the lines between
  them into a left and a right column (PDF only; other renderers refuse columns);
- ``=== header ===`` ... ``=== end header ===`` and ``=== footer ===`` ... ``=== end footer ===``
  hold lines printed at the top and the bottom of every page, wherever they stand in the
  source; ``{page}`` and ``{pages}`` in them become the page number and the page count
  (PDF only).

Sources rendered as plain text use no markup at all, so the text the pipeline reads is the
file itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

COLUMNS_START = "=== columns ==="
COLUMN_BREAK = "=== column ==="
COLUMNS_END = "=== end columns ==="
_MARGIN_MARKERS = {
    "=== header ===": "header",
    "=== footer ===": "footer",
}
_MARGIN_ENDS = {"=== end header ===": "header", "=== end footer ===": "footer"}


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


@dataclass(frozen=True)
class PageMargin:
    """Lines repeated on every page: ``where`` is "header" (top) or "footer" (bottom)."""

    where: str
    lines: tuple[str, ...]


Block = Line | Table | Columns | PageMargin


class LayoutError(ValueError):
    """The source's markup is malformed (an unclosed column block, a ragged table)."""


def has_markup(text: str) -> bool:
    return any(_is_table_row(line) or line.strip().startswith("===") for line in text.splitlines())


def parse_layout(text: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    left: list[Block] = []
    right: list[Block] = []
    target: list[Block] | None = None  # the column being filled, None outside columns
    margin: tuple[str, list[str]] | None = None  # the header or footer being filled
    for raw in text.splitlines():
        marker = raw.strip()
        if marker in _MARGIN_MARKERS:
            if margin is not None or target is not None:
                raise LayoutError(f"{marker!r} inside another block")
            margin = (_MARGIN_MARKERS[marker], [])
            continue
        if marker in _MARGIN_ENDS:
            if margin is None or margin[0] != _MARGIN_ENDS[marker]:
                raise LayoutError(f"{marker!r} without its start")
            blocks.append(PageMargin(where=margin[0], lines=tuple(margin[1])))
            margin = None
            continue
        if margin is not None:
            margin[1].append(raw.rstrip())
            continue
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
    if margin is not None:
        raise LayoutError(f"{margin[0]} block not closed")
    if len([b for b in blocks if isinstance(b, PageMargin)]) != len(
        {b.where for b in blocks if isinstance(b, PageMargin)}
    ):
        raise LayoutError("one header and one footer at most")
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


def wrap_words(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap by printed width (``measure`` gives a string's width in the
    renderer's own units); an empty line stays one empty line."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines
