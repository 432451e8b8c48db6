"""The text an extractor reads, cut into lines that remember where they are.

Extractors work on ``Line`` objects and report character offsets within the line; this
module turns those into ``Provenance`` (page, 1-based line, span in the page text, the
source text) so that every fact points back at exactly what was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from onconav.records.model import DocumentFormat, ExtractedDocument, Page, Provenance

ProvenanceMethod = Literal["text-layer", "layout", "ocr", "docx", "plain", "fhir", "ccda", "user"]

# Below this mean word confidence (0-100, tesseract's scale) an OCR page is flagged: the
# digits in a result are the first thing OCR gets wrong, and a person should check them.
LOW_OCR_CONFIDENCE = 80.0


@dataclass(frozen=True)
class Line:
    page: PageText = field(repr=False, compare=False)
    number: int  # 1-based within the page
    start: int  # offset of the line's first character in the page text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def stripped(self) -> str:
        return self.text.strip()


class PageText:
    """One page of a document with its lines. Built once per page by ``DocumentText``."""

    __slots__ = ("document", "lines", "page")

    def __init__(self, document: ExtractedDocument, page: Page) -> None:
        self.document = document
        self.page = page
        lines: list[Line] = []
        offset = 0
        for number, text in enumerate(page.text.split("\n"), start=1):
            lines.append(Line(page=self, number=number, start=offset, text=text))
            offset += len(text) + 1
        self.lines: tuple[Line, ...] = tuple(lines)

    @property
    def text(self) -> str:
        return self.page.text

    @property
    def method(self) -> ProvenanceMethod:
        if self.page.method != "structured":
            return self.page.method
        return "ccda" if self.document.format == DocumentFormat.CCDA else "fhir"

    @property
    def low_confidence(self) -> bool:
        confidence = self.page.ocr_confidence
        return (
            self.page.method == "ocr" and confidence is not None and confidence < LOW_OCR_CONFIDENCE
        )

    def line_at(self, offset: int) -> Line:
        """The line holding the character at ``offset`` in the page text."""
        for line in self.lines:
            if line.start <= offset <= line.end:
                return line
        return self.lines[-1]

    def provenance(self, start: int, end: int) -> Provenance:
        """Provenance of ``text[start:end]`` of this page (offsets in the page text)."""
        line = self.line_at(start)
        return Provenance(
            document_id=self.document.document_id,
            document_name=self.document.name,
            page=self.page.number,
            line=line.number,
            start=start,
            end=end,
            text=self.page.text[start:end],
            method=self.method,
        )
