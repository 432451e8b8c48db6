"""Plain text files: one page per form feed, as printed reports separate them."""

from __future__ import annotations

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.limits import IngestLimits
from onconav.records.ingest.page_text import tidy
from onconav.records.model import Page


def read_text(text: str, limits: IngestLimits) -> list[Page]:
    chunks = text.split("\f")
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()  # a form feed after the last page
    if len(chunks) > limits.max_pages:
        raise RecordError(
            f"This text file has {len(chunks)} pages; we read at most {limits.max_pages} "
            "pages in one file. Please split it into smaller files.",
            ErrorCode.TOO_MANY_PAGES,
        )
    pages = [
        Page(number=number, text=tidy(chunk), method="plain")
        for number, chunk in enumerate(chunks, start=1)
    ]
    if not any(page.text.strip() for page in pages):
        raise RecordError("This text file has no text in it.", ErrorCode.NO_TEXT)
    return pages
