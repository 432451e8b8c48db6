"""Text-layer PDFs from corpus sources, drawn with reportlab.

``invariant=1`` fixes the creation date and document id, so the same source always gives the
same bytes. The font is Bitstream Vera, shipped inside reportlab, so µ and ^ print the same on
every machine.
"""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .layout import Block, Columns, Line, Table

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
REGULAR = "CorpusVera"
BOLD = "CorpusVeraBold"
FONT_SIZE = 9.5
LEADING = 12.5
MARGIN = 54.0
COLUMN_GAP = 24.0
CELL_PADDING = 4.0


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "VeraBd.ttf")))


def wrap(text: str, width: float, font: str = REGULAR, size: float = FONT_SIZE) -> list[str]:
    """Greedy word wrap by printed width; an empty line stays one empty line."""
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


class _PdfPage:
    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.width, self.height = LETTER
        self.top = self.height - MARGIN
        self.y = self.top
        self.first_line = True

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self.y = self.top

    def line(self, text: str, x: float, width: float, y: float | None = None) -> float:
        """Draws ``text`` wrapped to ``width`` from ``y`` (default: the cursor); returns the
        y below it."""
        font = BOLD if self.first_line and text.strip() else REGULAR
        if text.strip():
            self.first_line = False
        cursor = self.y if y is None else y
        for piece in wrap(text, width, font):
            if y is None:
                self.need(LEADING)
                cursor = self.y
            self.canvas.setFont(font, FONT_SIZE)
            self.canvas.drawString(x, cursor - FONT_SIZE, piece)
            cursor -= LEADING
            if y is None:
                self.y = cursor
        return cursor

    def table(self, table: Table, x: float, width: float, y: float | None = None) -> float:
        widths = _column_widths(table, width)
        cursor = self.y if y is None else y
        for index, row in enumerate(table.rows):
            font = BOLD if index == 0 else REGULAR
            wrapped = [
                wrap(cell, w - 2 * CELL_PADDING, font) for cell, w in zip(row, widths, strict=True)
            ]
            height = max(len(cell) for cell in wrapped) * LEADING + CELL_PADDING
            if y is None:
                self.need(height)
                cursor = self.y
            left = x
            for cell, cell_width in zip(wrapped, widths, strict=True):
                self.canvas.rect(left, cursor - height, cell_width, height, stroke=1, fill=0)
                text_y = cursor - CELL_PADDING / 2
                for piece in cell:
                    self.canvas.setFont(font, FONT_SIZE)
                    self.canvas.drawString(left + CELL_PADDING, text_y - FONT_SIZE, piece)
                    text_y -= LEADING
                left += cell_width
            cursor -= height
            if y is None:
                self.y = cursor
        if y is None:
            self.y -= LEADING / 2
        return cursor - LEADING / 2

    def columns(self, columns: Columns, x: float, width: float) -> None:
        column_width = (width - COLUMN_GAP) / 2
        start = self.y
        ends = []
        for blocks, left in ((columns.left, x), (columns.right, x + column_width + COLUMN_GAP)):
            cursor = start
            for block in blocks:
                if isinstance(block, Line):
                    cursor = self.line(block.text, left, column_width, y=cursor)
                elif isinstance(block, Table):
                    cursor = self.table(block, left, column_width, y=cursor)
                else:
                    raise ValueError("column blocks do not nest")
            ends.append(cursor)
        if min(ends) < MARGIN:
            raise ValueError("a column block must fit on one page")
        self.y = min(ends) - LEADING / 2


def _column_widths(table: Table, width: float) -> list[float]:
    natural = [
        max(pdfmetrics.stringWidth(row[i], BOLD, FONT_SIZE) for row in table.rows)
        + 2 * CELL_PADDING
        for i in range(len(table.rows[0]))
    ]
    total = sum(natural)
    if total <= width:
        return natural
    return [w * width / total for w in natural]


def render_pdf(blocks: tuple[Block, ...]) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setTitle("Report")
    page = _PdfPage(canvas)
    width = page.width - 2 * MARGIN
    for block in blocks:
        if isinstance(block, Line):
            page.line(block.text, MARGIN, width)
        elif isinstance(block, Table):
            page.table(block, MARGIN, width)
        else:
            page.columns(block, MARGIN, width)
    canvas.save()
    return buffer.getvalue()
