"""Optical character recognition with tesseract: text, mean word confidence, rotation.

A page is read as it comes first. Only when that reading is doubtful (low mean word
confidence) is its orientation asked of tesseract's orientation detection (OSD), and if
that cannot tell, the other three quarter turns are tried; the reading with the most
confident words wins. Upright pages, the common case, cost one tesseract run.

Pages run in parallel, one tesseract process per worker with a single OpenMP thread each:
on two cores two single-threaded processes read faster than one multi-threaded one.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytesseract
from PIL import Image

from onconav.records.ingest.errors import ErrorCode, RecordError

log = logging.getLogger(__name__)

# Readings at or above this mean confidence are accepted without checking orientation.
CONFIDENT = 70.0
# Below this, when OSD cannot tell, every quarter turn is tried.
DOUBTFUL = 50.0
# A word counts as read when tesseract is at least this sure of it and it has two or
# more letters or digits; a page or image without such words has no text.
READABLE_WORD_CONFIDENCE = 40.0
# Long side of the image passed to tesseract; 300 dpi A3 fits, larger photos shrink.
MAX_SIDE = 5000


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float | None  # mean word confidence 0-100, None when no words
    readable_words: int
    words: int = 0  # every word tesseract put out, however unsure
    rotation: int = 0  # degrees clockwise the image was turned to read it
    failed: bool = False  # tesseract gave up on this image (error or timeout)

    @property
    def has_text(self) -> bool:
        return self.readable_words > 0

    @property
    def quality(self) -> float:
        """Confident word mass: many words read with high confidence."""
        return (self.confidence or 0.0) * self.readable_words


def read_image(image: Image.Image, timeout: int) -> OcrText:
    """The text of one image, turned upright if it was rotated."""
    prepared = _prepare(image)
    first = _recognise(prepared, timeout, rotation=0)
    if first.failed or first.words == 0 or (first.confidence or 0) >= CONFIDENT:
        return first  # read well, or nothing on the page that looks like writing
    best = first
    tried = {0}
    suggested = _suggested_rotation(prepared, timeout)
    if suggested is not None and suggested not in tried:
        tried.add(suggested)
        best = max(best, _recognise(prepared, timeout, rotation=suggested), key=_rank)
    if (best.confidence or 0) < DOUBTFUL:
        for rotation in (90, 180, 270):
            if rotation not in tried:
                best = max(best, _recognise(prepared, timeout, rotation=rotation), key=_rank)
    return best


def read_images(images: Iterable[Image.Image], *, workers: int, timeout: int) -> Iterator[OcrText]:
    """Readings in input order. At most two images per worker wait in memory, so a long
    scanned PDF is rendered page by page as the readers keep up."""
    # Each tesseract process inherits this; the user's own setting wins.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    workers = max(1, workers)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        pending: deque[Future[OcrText]] = deque()
        for image in images:
            pending.append(pool.submit(read_image, image, timeout))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _rank(reading: OcrText) -> float:
    return reading.quality


def _prepare(image: Image.Image) -> Image.Image:
    gray = image.convert("L") if image.mode != "L" else image
    longest = max(gray.size)
    if longest > MAX_SIDE:
        scale = MAX_SIDE / longest
        gray = gray.resize((round(gray.width * scale), round(gray.height * scale)))
    return gray


def _turned(image: Image.Image, rotation: int) -> Image.Image:
    turned = image.rotate(-rotation, expand=True, fillcolor=255) if rotation else image
    # pytesseract saves the image in its format to hand it over; uncompressed PPM/PGM is
    # written and read far faster than its default PNG.
    turned.format = "PPM"
    return turned


def _recognise(image: Image.Image, timeout: int, *, rotation: int) -> OcrText:
    try:
        data = pytesseract.image_to_data(
            _turned(image, rotation), output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except pytesseract.TesseractNotFoundError:
        raise _not_installed() from None
    except (pytesseract.TesseractError, RuntimeError, OSError):
        log.warning("tesseract failed on one image")
        return OcrText(text="", confidence=None, readable_words=0, rotation=rotation, failed=True)
    return _from_data(data, rotation)


def _suggested_rotation(image: Image.Image, timeout: int) -> int | None:
    try:
        osd = pytesseract.image_to_osd(
            _turned(image, 0), output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except pytesseract.TesseractNotFoundError:
        raise _not_installed() from None
    except (pytesseract.TesseractError, RuntimeError, OSError):
        return None  # too little text to tell; the caller tries each quarter turn
    rotate = int(osd.get("rotate", 0)) % 360
    return rotate if rotate in (0, 90, 180, 270) else None


def _from_data(data: dict[str, list[Any]], rotation: int) -> OcrText:
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    readable = 0
    for index, word in enumerate(data["text"]):
        word = str(word).strip()
        confidence = float(data["conf"][index])
        if not word or confidence < 0:
            continue
        key = (
            int(data["block_num"][index]),
            int(data["par_num"][index]),
            int(data["line_num"][index]),
        )
        lines.setdefault(key, []).append(word)
        confidences.append(confidence)
        if confidence >= READABLE_WORD_CONFIDENCE and sum(c.isalnum() for c in word) >= 2:
            readable += 1
    text_lines: list[str] = []
    previous_block: int | None = None
    for (block, _, _), words in sorted(lines.items()):
        if previous_block is not None and block != previous_block:
            text_lines.append("")
        text_lines.append(" ".join(words))
        previous_block = block
    mean = sum(confidences) / len(confidences) if confidences else None
    return OcrText(
        text="\n".join(text_lines),
        confidence=round(mean, 1) if mean is not None else None,
        readable_words=readable,
        words=len(confidences),
        rotation=rotation,
    )


def _not_installed() -> RecordError:
    return RecordError(
        "Reading scanned pages and photos needs the Tesseract OCR program, which is not "
        "installed where onconav runs. Please ask whoever set it up to install it.",
        ErrorCode.OCR_UNAVAILABLE,
    )
