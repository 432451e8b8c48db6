"""Photos and scans (PNG, JPEG, TIFF including multi-page TIFF) read by OCR."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.limits import IngestLimits
from onconav.records.ingest.ocr import read_images
from onconav.records.ingest.page_text import tidy
from onconav.records.model import Page

Progress = Callable[[str, int, int], None]


@dataclass
class ImageText:
    pages: list[Page] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_image_file(
    data: bytes, limits: IngestLimits, progress: Progress | None = None
) -> ImageText:
    image = _open(data, limits)
    try:
        frames = getattr(image, "n_frames", 1)
        if frames > limits.max_pages:
            raise RecordError(
                f"This image file has {frames} pages; we read at most {limits.max_pages} "
                "pages in one file. Please split it into smaller files.",
                ErrorCode.TOO_MANY_PAGES,
            )
        result = ImageText()
        readings = read_images(
            _frames(image, limits.max_image_pixels),
            workers=limits.ocr_workers,
            timeout=limits.ocr_timeout_seconds,
        )
        for number, reading in enumerate(readings, start=1):
            if reading.failed:
                result.warnings.append(f"Page {number} could not be read by OCR.")
            elif not reading.has_text and frames > 1:
                result.warnings.append(f"Page {number} looks blank; no text was found on it.")
            result.pages.append(
                Page(
                    number=number,
                    text=tidy(reading.text) if reading.has_text else "",
                    method="ocr",
                    ocr_confidence=reading.confidence if reading.has_text else None,
                )
            )
            if progress:
                progress("ocr", number, frames)
    finally:
        image.close()
    if not any(page.text for page in result.pages):
        raise RecordError(
            "We could not find any text in this image. If it is a photo of a document, "
            "please try again with the page flat, in focus and well lit, or add the "
            "original file if you have it.",
            ErrorCode.NO_TEXT,
        )
    return result


def _open(data: bytes, limits: IngestLimits) -> Image.Image:
    try:
        # Pillow warns about large images itself; our own limit below decides.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise RecordError(
            "This image is damaged and cannot be opened. Please take or export it again.",
            ErrorCode.CORRUPT,
        ) from None
    width, height = image.size
    if width * height > limits.max_image_pixels:
        image.close()
        raise _too_many_pixels()
    return image


def _frames(image: Image.Image, max_pixels: int) -> Iterator[Image.Image]:
    """Each page, loaded one at a time (size checked first) and turned as its EXIF
    orientation says."""
    for frame in ImageSequence.Iterator(image):
        if frame.width * frame.height > max_pixels:
            raise _too_many_pixels()
        try:
            upright = ImageOps.exif_transpose(frame)
            loaded = (upright or frame).convert("L")
        except (OSError, ValueError, SyntaxError):
            raise RecordError(
                "This image is damaged and cannot be read. Please take or export it again.",
                ErrorCode.CORRUPT,
            ) from None
        yield loaded


def _too_many_pixels() -> RecordError:
    return RecordError(
        "This image is too large to read (too many pixels). Please save a smaller copy, "
        "for example at 300 dpi, and add that.",
        ErrorCode.TOO_LARGE,
    )
