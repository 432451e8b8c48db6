"""Word (.docx) documents: header text, then paragraphs and tables in document order.

A .docx is a zip, so it passes the same archive checks as any upload before python-docx
unpacks it. Table rows become one line each, cells separated by a tab, so a result row
("Hemoglobin  8.2  g/dL  13.5-17.5") stays together as it would on a printed page.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from onconav.records.ingest.archive import open_checked
from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.limits import IngestLimits
from onconav.records.ingest.page_text import tidy
from onconav.records.model import Page

CELL_SEPARATOR = "\t"


def read_docx(data: bytes, limits: IngestLimits) -> list[Page]:
    open_checked(data, limits, label="Word document").close()
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError):
        raise RecordError(
            "This Word document is damaged and cannot be opened. Please save it again, or "
            "save it as PDF and add that.",
            ErrorCode.CORRUPT,
        ) from None
    text = tidy("\n".join(_lines(document)))
    if not text.strip():
        raise RecordError("This Word document has no text in it.", ErrorCode.NO_TEXT)
    return [Page(number=1, text=text, method="docx")]


def _lines(document: Document) -> Iterator[str]:
    seen_headers: set[str] = set()
    for section in document.sections:
        # Report headers carry the patient, the dates and the lab; each distinct once.
        header = "\n".join(_block_lines(section.header.iter_inner_content()))
        if header.strip() and header not in seen_headers:
            seen_headers.add(header)
            yield header
    yield from _block_lines(document.iter_inner_content())


def _block_lines(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from _table_lines(block)


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_cell_text(cell))
        if any(cells):
            yield CELL_SEPARATOR.join(cells)


def _cell_text(cell: _Cell) -> str:
    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(_table_lines(block))
    return " ".join(part.strip() for part in parts if part.strip())
