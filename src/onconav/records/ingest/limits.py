"""Limits that protect the machine from hostile or accidental input."""

from __future__ import annotations

from dataclasses import dataclass

from onconav.settings import Settings

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class IngestLimits:
    """How much one upload may ask of the machine.

    Archive limits are checked against the archive's directory before anything is
    unpacked; a member's declared size also bounds what is read from it.
    """

    max_bytes: int = 50 * MEGABYTE  # one file, or one member of an archive
    max_pages: int = 500  # pages of one document (PDF pages, TIFF frames, text pages)
    max_archive_members: int = 1000
    max_unpacked_bytes: int = 200 * MEGABYTE  # all members of one archive together
    max_compression_ratio: float = 100.0  # unpacked / packed size of one member
    max_image_pixels: int = 60_000_000  # one image or one rendered page
    ocr_workers: int = 2  # tesseract processes running at once
    ocr_timeout_seconds: int = 180  # one page

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestLimits:
        return cls(
            max_bytes=settings.max_upload_bytes,
            max_pages=settings.max_pdf_pages,
            max_unpacked_bytes=max(4 * settings.max_upload_bytes, 200 * MEGABYTE),
        )
