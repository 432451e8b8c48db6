"""The text of a structured record: page 1 holds one line per resource or entry, each
fact points at its line; narrative text (report conclusions, attached reports, note
sections) follows on pages of its own so the text extractors can read it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from onconav.records.ingest.page_text import tidy
from onconav.records.model import Fact, Page, Provenance

StructuredMethod = Literal["fhir", "ccda"]
_SPACES = re.compile(r"\s+")


def joined(*parts: str) -> str:
    """A rendered line from its parts, the empty ones left out: 'Condition: MDS (active)'."""
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class RenderedLine:
    number: int  # 1-based on page 1
    start: int  # offset in page 1's text
    text: str
    locator: str


@dataclass
class StructuredText:
    document_id: str
    document_name: str
    method: StructuredMethod
    lines: list[RenderedLine] = field(default_factory=list)
    narratives: list[str] = field(default_factory=list)
    extra_pages: list[Page] = field(default_factory=list)
    _offset: int = 0

    def add_line(self, text: str, locator: str) -> RenderedLine:
        flat = _SPACES.sub(" ", text).strip()
        line = RenderedLine(
            number=len(self.lines) + 1, start=self._offset, text=flat, locator=locator
        )
        self.lines.append(line)
        self._offset += len(flat) + 1
        return line

    def add_narrative(self, heading: list[str], body: str) -> int:
        """A page of narrative text under heading lines; returns its page number."""
        text = tidy("\n".join([*heading, body]))
        self.narratives.append(text)
        return 1 + len(self.narratives)

    def provenance(self, line: RenderedLine) -> Provenance:
        return Provenance(
            document_id=self.document_id,
            document_name=self.document_name,
            page=1,
            line=line.number,
            start=line.start,
            end=line.start + len(line.text),
            text=line.text,
            locator=line.locator,
            method=self.method,
        )

    def pages(self) -> tuple[Page, ...]:
        first = Page(
            number=1, text="\n".join(line.text for line in self.lines), method="structured"
        )
        narrative = [
            Page(number=number, text=text, method="structured")
            for number, text in enumerate(self.narratives, start=2)
        ]
        after = len(narrative) + 2
        attached = [
            page.model_copy(update={"number": number})
            for number, page in enumerate(self.extra_pages, start=after)
        ]
        return (first, *narrative, *attached)


@dataclass(frozen=True)
class StructuredResult:
    pages: tuple[Page, ...]
    facts: tuple[Fact, ...]
    warnings: tuple[str, ...]
