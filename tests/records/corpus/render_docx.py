"""Word documents from corpus sources: one paragraph per line, markup tables as Word tables."""

from __future__ import annotations

import io

import docx

from .archive import restamp_zip
from .layout import Block, Line, Table


def render_docx(blocks: tuple[Block, ...]) -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, Line):
            document.add_paragraph(block.text)
        elif isinstance(block, Table):
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row_cells, row in zip(table.rows, block.rows, strict=True):
                for cell, text in zip(row_cells.cells, row, strict=True):
                    cell.text = text
        else:
            raise ValueError("columns, headers and footers are for PDFs; a Word letter has none")
    buffer = io.BytesIO()
    document.save(buffer)
    return restamp_zip(buffer.getvalue())
