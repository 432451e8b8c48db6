"""PDF pages to text: the text layer where it is good, layout analysis where a page is set
in two columns, OCR where there is no usable text layer.

Every page is first read through pypdfium2 (about a millisecond a page). Its text runs
are checked for a two-column layout, and for table rows the text layer broke apart;
only pages with either are read again word by word from pdfium's character boxes.
Pages without usable text (scans, or a short fax header over a page-sized image) are
rendered at 300 dpi and read by tesseract.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.layout import (
    Box,
    column_reading,
    may_have_columns,
    row_count,
    row_reading,
)
from onconav.records.ingest.limits import IngestLimits
from onconav.records.ingest.ocr import read_images
from onconav.records.ingest.page_text import tidy, usable, visible_length
from onconav.records.ingest.pdf_words import page_words
from onconav.records.model import Page

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

OCR_DPI = 300
POINTS_PER_INCH = 72
# A text layer this short on a page that is mostly one image is a scanner's or fax
# machine's stamp over a scan: the page is read by OCR instead.
STAMP_CHARS = 200
# Fewer visible characters than this is no text layer at all (page numbers, a dot).
MIN_VISIBLE_CHARS = 20
# Pages with more text runs than this are not checked for columns (cost, and such
# pages are dense tables or letter-spaced text, not two-column prose).
MAX_RUNS_FOR_LAYOUT = 5000


@dataclass
class PdfText:
    pages: list[Page] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_pdf(data: bytes, limits: IngestLimits, progress: Progress | None = None) -> PdfText:
    document = _open(data)
    try:
        count = len(document)
        if count == 0:
            raise RecordError("This PDF has no pages. Please download it again.", ErrorCode.CORRUPT)
        if count > limits.max_pages:
            raise RecordError(
                f"This PDF has {count} pages; we read at most {limits.max_pages} pages in "
                "one file. Please split it into smaller files.",
                ErrorCode.TOO_MANY_PAGES,
            )
        return _read_pages(document, count, limits, progress)
    finally:
        document.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise RecordError(
                "This PDF is protected by a password. Please save an unlocked copy and add "
                "that instead.",
                ErrorCode.ENCRYPTED,
            ) from None
        raise RecordError(
            "This PDF is damaged and cannot be opened. Please download it again or ask for "
            "a new copy.",
            ErrorCode.CORRUPT,
        ) from None


def _read_pages(
    document: pdfium.PdfDocument,
    count: int,
    limits: IngestLimits,
    progress: Progress | None,
) -> PdfText:
    result = PdfText()
    texts: dict[int, Page] = {}
    needs_ocr: list[int] = []
    for index in range(count):
        page = document[index]
        try:
            text_page = _from_text_layer(page, index)
        finally:
            page.close()
        if text_page is None:
            needs_ocr.append(index)
        else:
            texts[index] = text_page
        if progress:
            progress("text", index + 1, count)
    if needs_ocr:
        texts.update(_ocr_pages(document, needs_ocr, limits, progress, result.warnings))
    result.pages = [texts[index] for index in range(count)]
    if not any(page.text.strip() for page in result.pages):
        raise RecordError(
            "We could not find any text in this PDF. If it is a scan, please try a clearer "
            "scan (at least 300 dpi, straight and well lit).",
            ErrorCode.NO_TEXT,
        )
    log.info("pdf read: %d pages, %d by OCR", count, len(needs_ocr))
    return result


def _from_text_layer(page: pdfium.PdfPage, index: int) -> Page | None:
    """The page from its text layer, or None when it must be read by OCR."""
    text_page = page.get_textpage()
    try:
        text = tidy(text_page.get_text_range())
        visible = visible_length(text)
        if not usable(text):
            if visible >= MIN_VISIBLE_CHARS:
                return None  # glyph garbage: fonts without a character map
            # Nearly empty: a scan needs OCR, a blank page does not.
            return None if _mostly_image(page) else _page(index, text)
        if visible < STAMP_CHARS and _mostly_image(page):
            return None
        if page.get_rotation() == 0:
            lines = _layout_lines(page, text_page, text)
            if lines is not None:
                return Page(number=index + 1, text=tidy("\n".join(lines)), method="layout")
        return _page(index, text)
    finally:
        text_page.close()


def _page(index: int, text: str) -> Page:
    return Page(number=index + 1, text=text, method="text-layer")


def _layout_lines(
    page: pdfium.PdfPage, text_page: pdfium.PdfTextPage, text: str
) -> list[str] | None:
    """The page read word by word, or None when its text layer reads fine. Its text runs
    are screened first (fast): for a gutter with text on both sides (maybe two columns),
    and for rows the text layer broke that the runs show as one (table cells far apart
    come out on lines of their own)."""
    runs = text_page.count_rects()
    if runs < 2 or runs > MAX_RUNS_FOR_LAYOUT:
        return None
    height = page.get_height()
    boxes = []
    for run in range(runs):
        left, bottom, right, top = text_page.get_rect(run)
        boxes.append(Box(x0=left, x1=right, top=height - top, bottom=height - bottom))
    maybe_columns = may_have_columns(boxes)
    broken_rows = sum(1 for line in text.split("\n") if line.strip()) > row_count(boxes)
    if not (maybe_columns or broken_rows):
        return None
    words = page_words(text_page, height)
    if not words:
        return None
    if maybe_columns and (lines := column_reading(words)) is not None:
        return lines
    return row_reading(words) if broken_rows else None


def _mostly_image(page: pdfium.PdfPage) -> bool:
    width, height = page.get_size()
    area = width * height
    for image in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * area:
            return True
    return False


def _ocr_pages(
    document: pdfium.PdfDocument,
    indices: list[int],
    limits: IngestLimits,
    progress: Progress | None,
    warnings: list[str],
) -> dict[int, Page]:
    pages: dict[int, Page] = {}
    readings = read_images(
        _rendered(document, indices, limits.max_image_pixels),
        workers=limits.ocr_workers,
        timeout=limits.ocr_timeout_seconds,
    )
    for done, (index, reading) in enumerate(zip(indices, readings, strict=True), start=1):
        if reading.failed:
            warnings.append(f"Page {index + 1} could not be read by OCR.")
        elif not reading.has_text:
            warnings.append(f"Page {index + 1} looks blank; no text was found on it.")
        pages[index] = Page(
            number=index + 1,
            text=tidy(reading.text) if reading.has_text else "",
            method="ocr",
            ocr_confidence=reading.confidence if reading.has_text else None,
        )
        if progress:
            progress("ocr", done, len(indices))
    return pages


def _rendered(
    document: pdfium.PdfDocument, indices: list[int], max_pixels: int
) -> Iterator[Image.Image]:
    """Grayscale renderings at 300 dpi (less for pages so large that 300 dpi would exceed
    ``max_pixels``), made one at a time in this thread: pdfium is not thread-safe."""
    for index in indices:
        page = document[index]
        try:
            width, height = page.get_size()
            scale = OCR_DPI / POINTS_PER_INCH
            if width * height * scale * scale > max_pixels:
                scale = math.sqrt(max_pixels / (width * height))
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                # Copy: the bitmap's buffer belongs to pdfium and is freed on close.
                image = bitmap.to_pil().copy()
            finally:
                bitmap.close()
        finally:
            page.close()
        yield image
