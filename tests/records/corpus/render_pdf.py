"""Text-layer PDFs from corpus sources, drawn with reportlab.

``invariant=1`` fixes the creation date and document id, so the same source always gives the
same bytes. The font is Bitstream Vera, shipped inside reportlab, so µ and ^ print the same
on every machine. A source's header and footer (``layout.PageMargin``) are drawn on every
page, the header before the page's body and the footer after it, as report generators do.
"""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .layout import Block, Columns, Line, PageMargin, Table, wrap_words

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
REGULAR = "CorpusVera"
BOLD = "CorpusVeraBold"
FONT_SIZE = 9.5
LEADING = 12.5
MARGIN = 54.0
COLUMN_GAP = 24.0
CELL_PADDING = 4.0
MARGIN_FONT_SIZE = 8.0
MARGIN_LEADING = 10.5


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "VeraBd.ttf")))


def wrap(text: str, width: float, font: str = REGULAR, size: float = FONT_SIZE) -> list[str]:
    return wrap_words(text, width, lambda line: pdfmetrics.stringWidth(line, font, size))


class _PdfPage:
    def __init__(
        self,
        canvas: Canvas,
        header: tuple[str, ...] = (),
        footer: tuple[str, ...] = (),
        pages: int | None = None,
    ) -> None:
        self.canvas = canvas
        self.width, self.height = LETTER
        self.header, self.footer = header, footer
        self.pages = pages  # the page count, once a first pass has counted it
        self.number = 1
        self.top = self.height - MARGIN - self._margin_height(header)
        self.bottom = MARGIN + self._margin_height(footer)
        self.y = self.top
        self.first_line = True
        self._draw_margin(header, self.height - MARGIN)

    @staticmethod
    def _margin_height(lines: tuple[str, ...]) -> float:
        return len(lines) * MARGIN_LEADING + LEADING if lines else 0.0

    def _draw_margin(self, lines: tuple[str, ...], y: float) -> None:
        total = "?" if self.pages is None else str(self.pages)
        for text in lines:
            self.canvas.setFont(REGULAR, MARGIN_FONT_SIZE)
            filled = text.replace("{page}", str(self.number)).replace("{pages}", total)
            self.canvas.drawString(MARGIN, y - MARGIN_FONT_SIZE, filled)
            y -= MARGIN_LEADING

    def finish_page(self) -> None:
        self._draw_margin(self.footer, MARGIN + len(self.footer) * MARGIN_LEADING)

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.finish_page()
            self.canvas.showPage()
            self.number += 1
            self._draw_margin(self.header, self.height - MARGIN)
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
        if min(ends) < self.bottom:
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


def _draw(blocks: tuple[Block, ...], pages: int | None) -> tuple[bytes, int]:
    margins = {b.where: b.lines for b in blocks if isinstance(b, PageMargin)}
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setTitle("Report")
    page = _PdfPage(canvas, margins.get("header", ()), margins.get("footer", ()), pages)
    width = page.width - 2 * MARGIN
    for block in blocks:
        if isinstance(block, Line):
            page.line(block.text, MARGIN, width)
        elif isinstance(block, Table):
            page.table(block, MARGIN, width)
        elif isinstance(block, Columns):
            page.columns(block, MARGIN, width)
    page.finish_page()
    canvas.save()
    return buffer.getvalue(), page.number


def render_pdf(blocks: tuple[Block, ...]) -> bytes:
    """The PDF; drawn twice when a header or footer prints the page count."""
    _register_fonts()
    data, pages = _draw(blocks, None)
    counted = any(
        "{pages}" in line for b in blocks if isinstance(b, PageMargin) for line in b.lines
    )
    return _draw(blocks, pages)[0] if counted else data
