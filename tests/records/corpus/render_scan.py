"""Scans and phone photos made from corpus sources: text drawn on a page image, then
degraded the way a scanner or a phone camera degrades it.

Each degradation step draws from one ``numpy`` generator seeded per document, so a document
always gives the same pixels: slight rotation, paper tint, uneven lighting (photos), sensor
noise, specks, a little blur and JPEG artefacts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .layout import Block, Line, Table, wrap_words

FONT_PATH = Path(reportlab.__file__).resolve().parent / "fonts" / "Vera.ttf"
BOLD_FONT_PATH = FONT_PATH.with_name("VeraBd.ttf")
PAGE_SIZE = (1700, 2200)  # US letter at 200 dpi
MARGIN = 130
FONT_PX = 29
LINE_PX = 42
CELL_GAP_PX = 36


@dataclass(frozen=True)
class Degradation:
    max_rotation_degrees: float
    noise_sigma: float
    speck_share: float
    blur_radius: float
    jpeg_quality: int
    uneven_light: bool


SCANNER = Degradation(1.0, 9.0, 0.0008, 0.5, 60, uneven_light=False)
PHONE = Degradation(2.0, 12.0, 0.0005, 0.7, 50, uneven_light=True)


def _fonts() -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]:
    return (
        ImageFont.truetype(str(FONT_PATH), FONT_PX),
        ImageFont.truetype(str(BOLD_FONT_PATH), FONT_PX),
    )


def draw_pages(blocks: tuple[Block, ...]) -> list[Image.Image]:
    """Clean page images (before any degradation); several when the text is long."""
    regular, bold = _fonts()
    width = PAGE_SIZE[0] - 2 * MARGIN
    rows: list[tuple[list[tuple[int, str]], ImageFont.FreeTypeFont]] = []
    first = True
    for block in blocks:
        if isinstance(block, Line):
            font = bold if first and block.text.strip() else regular
            if block.text.strip():
                first = False
            for piece in wrap_words(block.text, width, font.getlength):
                rows.append(([(0, piece)], font))
        elif isinstance(block, Table):
            offsets = _cell_offsets(block, regular, bold, width)
            for index, row in enumerate(block.rows):
                font = bold if index == 0 else regular
                rows.append(
                    ([(offset, cell) for offset, cell in zip(offsets, row, strict=True)], font)
                )
        else:
            raise ValueError("scans have no columns, headers or footers; use a PDF render")
    per_page = (PAGE_SIZE[1] - 2 * MARGIN) // LINE_PX
    pages = []
    for start in range(0, max(len(rows), 1), per_page):
        page = Image.new("L", PAGE_SIZE, 255)
        draw = ImageDraw.Draw(page)
        for index, (cells, font) in enumerate(rows[start : start + per_page]):
            y = MARGIN + index * LINE_PX
            for offset, text in cells:
                draw.text((MARGIN + offset, y), text, fill=20, font=font)
        pages.append(page)
    return pages


def _cell_offsets(
    table: Table, regular: ImageFont.FreeTypeFont, bold: ImageFont.FreeTypeFont, width: int
) -> list[int]:
    widths = [
        max(
            bold.getlength(row[i]) if n == 0 else regular.getlength(row[i])
            for n, row in enumerate(table.rows)
        )
        for i in range(len(table.rows[0]))
    ]
    offsets, x = [], 0.0
    for cell_width in widths:
        offsets.append(int(x))
        x += cell_width + CELL_GAP_PX
    if x - CELL_GAP_PX > width:
        raise ValueError(f"table too wide for a scanned page: {table.rows[0]}")
    return offsets


def degrade(page: Image.Image, rng: np.random.Generator, how: Degradation) -> Image.Image:
    angle = float(rng.uniform(-how.max_rotation_degrees, how.max_rotation_degrees))
    image = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
    pixels = np.asarray(image, dtype=np.float64)
    height, width = pixels.shape
    paper = 242.0 + rng.uniform(-6, 6)
    pixels = pixels * (paper / 255.0)
    if how.uneven_light:
        ys, xs = np.mgrid[0:height, 0:width]
        centre_x, centre_y = rng.uniform(0.3, 0.7) * width, rng.uniform(0.3, 0.7) * height
        distance = np.hypot(xs - centre_x, ys - centre_y) / np.hypot(width, height)
        pixels = pixels * (1.0 - 0.35 * distance)
    pixels += rng.normal(0.0, how.noise_sigma, size=pixels.shape)
    specks = rng.uniform(size=pixels.shape) < how.speck_share
    pixels[specks] = rng.uniform(0, 90, size=int(specks.sum()))
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    image = image.filter(ImageFilter.GaussianBlur(how.blur_radius))
    return _jpeg_round_trip(image, how.jpeg_quality)


def _jpeg_round_trip(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as reloaded:
        return reloaded.copy()


def _scanned_pages(blocks: tuple[Block, ...], seed: int, how: Degradation) -> list[Image.Image]:
    rng = np.random.default_rng(seed)
    return [degrade(page, rng, how) for page in draw_pages(blocks)]


def render_scan_png(blocks: tuple[Block, ...], seed: int) -> bytes:
    pages = _scanned_pages(blocks, seed, SCANNER)
    if len(pages) != 1:
        raise ValueError("a PNG scan holds one page; shorten the source")
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def render_scan_tiff(blocks: tuple[Block, ...], seed: int) -> bytes:
    pages = _scanned_pages(blocks, seed, SCANNER)
    buffer = io.BytesIO()
    pages[0].save(
        buffer,
        format="TIFF",
        compression="tiff_lzw",
        dpi=(200, 200),
        save_all=True,
        append_images=pages[1:],
    )
    return buffer.getvalue()


def render_scan_jpeg(blocks: tuple[Block, ...], seed: int) -> bytes:
    """A phone photo of a lab slip: stronger tilt and uneven light."""
    pages = _scanned_pages(blocks, seed, PHONE)
    if len(pages) != 1:
        raise ValueError("a photo holds one page; shorten the source")
    buffer = io.BytesIO()
    pages[0].save(buffer, format="JPEG", quality=70, dpi=(200, 200))
    return buffer.getvalue()


def render_scan_pdf(blocks: tuple[Block, ...], seed: int) -> bytes:
    """A scanner's PDF: one JPEG image per page and no text layer."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    for page in _scanned_pages(blocks, seed, SCANNER):
        jpeg = io.BytesIO()
        page.save(jpeg, format="JPEG", quality=75)
        jpeg.seek(0)
        canvas.drawImage(ImageReader(jpeg), 0, 0, width=LETTER[0], height=LETTER[1])
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
