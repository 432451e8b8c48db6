"""Reading order for pages set in two columns, and table rows kept whole.

A PDF's text layer is usually read row by row across the page, which interleaves the
lines of two columns. This module looks at where the text sits: a vertical gutter that
no line crosses marks a possible two-column region; it is read left column then right
only when both sides read as prose (lines of several words, many of them running the
full width of their column). Tables also have gaps between their columns: rows holding
cell-sized gaps, and regions of short label/value pairs, stay row by row.

The functions work on plain boxes (text runs or words with their positions, top-down
coordinates in points) so they can be fed from pypdfium2's text rectangles for a quick
screen, from its character boxes for the reading itself, and tested without a PDF.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# The gutter must be at least this wide (points); body text spaces are ~3 pt.
MIN_GUTTER = 8.0
# Lines with text on both sides of the gutter needed before a region counts as columns.
MIN_TWO_SIDED_LINES = 4
# Prose: at least this share of a column's lines hold four words or more ...
MIN_WORDY_SHARE = 0.4
WORDY = 4
# ... and at least this share run (nearly) the full width of the column.
MIN_FULL_SHARE = 0.25
FULL = 0.7
# Share of lines allowed to hold a cell-sized gap inside one column (a small table of a
# few rows inside a column of prose).
MAX_CELL_GAP_SHARE = 0.4


@dataclass(frozen=True)
class Box:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class _Line:
    boxes: tuple[Box, ...]  # left to right

    def crosses(self, gutter: float) -> bool:
        half = MIN_GUTTER / 2
        return any(b.x0 < gutter + half and b.x1 > gutter - half for b in self.boxes)

    def left(self, gutter: float) -> tuple[Box, ...]:
        return tuple(b for b in self.boxes if b.x1 <= gutter)

    def right(self, gutter: float) -> tuple[Box, ...]:
        return tuple(b for b in self.boxes if b.x0 >= gutter)

    def two_sided(self, gutter: float) -> bool:
        return not self.crosses(gutter) and bool(self.left(gutter)) and bool(self.right(gutter))


def row_count(boxes: Sequence[Box]) -> int:
    """How many text rows the boxes form."""
    return len(_group_lines(boxes))


def row_reading(boxes: Sequence[Box]) -> list[str]:
    """The page's rows top to bottom, each read left to right: a table row stays one
    line even where a PDF's own text order breaks it."""
    return [_join(line.boxes) for line in _group_lines(boxes)]


def may_have_columns(boxes: Sequence[Box]) -> bool:
    """A quick screen on text runs (no words needed): whether some region has a gutter
    with enough lines on both sides that are not table rows."""
    lines = _group_lines(boxes)
    gutter = _find_gutter(lines)
    if gutter is None:
        return False
    return any(
        not row_by_row and sum(line.two_sided(gutter) for line in block) >= MIN_TWO_SIDED_LINES
        for block, row_by_row in _blocks(lines, gutter)
    )


def column_reading(words: Sequence[Box]) -> list[str] | None:
    """The page's lines in reading order, or None when no region is set in columns of
    prose (the caller then keeps the ordinary row-by-row text)."""
    lines = _group_lines(words)
    gutter = _find_gutter(lines)
    if gutter is None:
        return None
    output: list[str] = []
    found_columns = False
    blocks = _blocks(lines, gutter)
    for index, (block, row_by_row) in enumerate(blocks):
        if row_by_row or not _is_prose_columns(block, gutter):
            output.extend(_join(line.boxes) for line in block)
            continue
        found_columns = True
        following = blocks[index + 1][0][0] if index + 1 < len(blocks) else None
        lead_in = _heading_of_next(block, following, gutter)
        body = block[:-1] if lead_in else block
        left = [_join(line.left(gutter)) for line in body if line.left(gutter)]
        right = [_join(line.right(gutter)) for line in body if line.right(gutter)]
        output.extend([*left, "", *right])
        if lead_in:
            output.append(_join(lead_in.boxes))
    return output if found_columns else None


def _heading_of_next(
    block: Sequence[_Line], following: _Line | None, gutter: float
) -> _Line | None:
    """The block's last line when it is a short heading for the full-width text below
    it (one-sided, nearer the line below than the line above), not the end of a column."""
    if following is None or len(block) < 2:
        return None
    last, before = block[-1], block[-2]
    if last.two_sided(gutter) or last.right(gutter):
        return None
    gap_above = last.boxes[0].top - max(b.bottom for b in before.boxes)
    gap_below = following.boxes[0].top - max(b.bottom for b in last.boxes)
    return last if gap_below < gap_above else None


def _blocks(lines: Sequence[_Line], gutter: float) -> list[tuple[list[_Line], bool]]:
    """Runs of lines, top to bottom, each marked True when it must be read row by row:
    lines that cross the gutter (full width) and table rows (lines holding cell gaps).
    The runs between them may be columns; a table under two columns of prose is thus
    judged on its own."""
    blocks: list[tuple[list[_Line], bool]] = []
    previous: tuple[bool, bool] | None = None
    for line in lines:
        crossing = line.crosses(gutter)
        key = (crossing, not crossing and _is_row_of_cells(line, gutter))
        if key != previous:
            blocks.append(([], crossing or key[1]))
            previous = key
        blocks[-1][0].append(line)
    return blocks


def _is_row_of_cells(line: _Line, gutter: float) -> bool:
    """A table row across the page: cells on both sides of the gutter. A row of cells on
    one side only, beside prose or nothing, is a small table inside one column and stays
    with the columns."""
    left, right = line.left(gutter), line.right(gutter)
    return bool(left and right) and _has_cell_gap(left) and _has_cell_gap(right)


def _group_lines(boxes: Sequence[Box]) -> list[_Line]:
    """Boxes sharing a baseline band, top to bottom; within a line, left to right."""
    if not boxes:
        return []
    tolerance = statistics.median(b.height for b in boxes) * 0.5
    rows: list[list[Box]] = []
    centres: list[float] = []
    for box in sorted(boxes, key=lambda b: (b.middle, b.x0)):
        if rows and abs(box.middle - centres[-1]) <= tolerance:
            rows[-1].append(box)
            centres[-1] = statistics.fmean(b.middle for b in rows[-1])
        else:
            rows.append([box])
            centres.append(box.middle)
    return [_Line(tuple(sorted(row, key=lambda b: b.x0))) for row in rows]


def _find_gutter(lines: Sequence[_Line]) -> float | None:
    """The x in the middle band of the text's width with the most two-sided lines.
    The band is taken from where the text lies, not from the page's size, so margins
    and page boxes that do not start at zero make no difference."""
    if len(lines) < MIN_TWO_SIDED_LINES:
        return None
    left = min(line.boxes[0].x0 for line in lines)
    right = max(b.x1 for line in lines for b in line.boxes)
    candidates = [left + (right - left) * share / 100 for share in range(30, 71)]
    scores = [sum(line.two_sided(x) for line in lines) for x in candidates]
    best = max(scores)
    if best < MIN_TWO_SIDED_LINES:
        return None
    # Centre of the widest run of best positions: the middle of the gutter.
    runs: list[list[float]] = []
    previous_was_best = False
    for x, score in zip(candidates, scores, strict=True):
        if score == best:
            if previous_was_best:
                runs[-1].append(x)
            else:
                runs.append([x])
        previous_was_best = score == best
    widest = max(runs, key=len)
    return (widest[0] + widest[-1]) / 2


def _is_prose_columns(block: Sequence[_Line], gutter: float) -> bool:
    if sum(line.two_sided(gutter) for line in block) < MIN_TWO_SIDED_LINES:
        return False
    lefts = [line.left(gutter) for line in block if line.left(gutter)]
    rights = [line.right(gutter) for line in block if line.right(gutter)]
    return all(_reads_as_prose(side) for side in (lefts, rights))


def _reads_as_prose(parts: Sequence[tuple[Box, ...]]) -> bool:
    """Lines of several words, many running the column's full width, no table cells:
    wrapped prose. Label/value pairs are short; table rows hold wide gaps."""
    start = min(b.x0 for part in parts for b in part)
    end = max(b.x1 for part in parts for b in part)
    width = end - start
    if width <= 0:
        return False
    wordy = sum(1 for part in parts if sum(len(b.text.split()) for b in part) >= WORDY)
    full = sum(1 for part in parts if (part[-1].x1 - part[0].x0) >= FULL * width)
    cells = sum(1 for part in parts if _has_cell_gap(part))
    return (
        wordy >= MIN_WORDY_SHARE * len(parts)
        and full >= MIN_FULL_SHARE * len(parts)
        and cells <= MAX_CELL_GAP_SHARE * len(parts)
    )


def _has_cell_gap(part: Sequence[Box]) -> bool:
    """Whether a gap wider than a few spaces separates two boxes: table cells, not prose."""
    if len(part) < 2:
        return False
    threshold = 1.5 * statistics.median(b.height for b in part)
    return any(right.x0 - left.x1 > threshold for left, right in itertools.pairwise(part))


def _join(boxes: Sequence[Box]) -> str:
    return " ".join(b.text for b in boxes if b.text)
