"""Helpers for the extraction tests: documents built from text, and facts looked up by name
with their provenance checked against the page they came from. Imported by the test modules
beside it (pytest puts this directory on the path)."""

from __future__ import annotations

from collections.abc import Sequence

from onconav.records.extract import extract_facts
from onconav.records.model import DocumentFormat, ExtractedDocument, Fact, FactKind, Page


def build_document(
    pages: str | Sequence[str],
    *,
    method: str = "plain",
    ocr_confidence: float | None = None,
    document_format: DocumentFormat = DocumentFormat.TEXT,
    facts: tuple[Fact, ...] = (),
    name: str = "report.txt",
) -> ExtractedDocument:
    texts = [pages] if isinstance(pages, str) else list(pages)
    return ExtractedDocument(
        document_id="doc-1",
        name=name,
        format=document_format,
        media_type="text/plain",
        sha256="0" * 64,
        size=sum(len(text) for text in texts),
        pages=tuple(
            Page(number=index + 1, text=text, method=method, ocr_confidence=ocr_confidence)  # type: ignore[arg-type]
            for index, text in enumerate(texts)
        ),
        facts=facts,
    )


def check_provenance(document: ExtractedDocument, fact: Fact) -> None:
    """The span's text is exactly the page text at the span, and the line number is right."""
    provenance = fact.provenance
    assert provenance.document_id == document.document_id
    assert provenance.document_name == document.name
    if provenance.page is None:
        return
    page = document.pages[provenance.page - 1]
    assert provenance.start is not None
    assert provenance.end is not None
    assert page.text[provenance.start : provenance.end] == provenance.text
    assert provenance.line == page.text.count("\n", 0, provenance.start) + 1
    assert provenance.text == provenance.text.strip()


def run(pages: str | Sequence[str], **options: object) -> list[Fact]:
    document = build_document(pages, **options)  # type: ignore[arg-type]
    facts = extract_facts(document)
    for fact in facts:
        check_provenance(document, fact)
    return facts


def only(facts: list[Fact], kind: FactKind, name: str | None = None) -> list[Fact]:
    return [f for f in facts if f.kind == kind and (name is None or f.name == name)]


def one(facts: list[Fact], kind: FactKind, name: str) -> Fact:
    found = only(facts, kind, name)
    assert len(found) == 1, f"expected one {kind.value} {name}, got {found}"
    return found[0]
