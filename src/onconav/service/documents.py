"""A stored document with the values read from it marked in its text, and deleting it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from onconav.records.model import Page
from onconav.service.audited_reads import view_document
from onconav.store import Store
from onconav.store.model import Patient, StoredDocument, StoredFact


@dataclass(frozen=True)
class TextPiece:
    """A run of page text; ``fact_ids`` are the values read from it (empty for plain text)."""

    text: str
    fact_ids: tuple[str, ...] = ()
    # The facts whose marked span starts here: the place a "see in the document" link jumps to.
    starts: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarkedPage:
    number: int
    method: str
    ocr_confidence: float | None
    pieces: tuple[TextPiece, ...]


@dataclass(frozen=True)
class DocumentView:
    document: StoredDocument
    patient: Patient
    pages: tuple[MarkedPage, ...]
    facts: tuple[StoredFact, ...]
    marked: frozenset[str]  # ids of the facts whose place in the text is marked

    @property
    def writable(self) -> bool:
        return self.patient.access == "owner"


def list_documents(store: Store, actor_id: str, patient: Patient) -> list[StoredDocument]:
    return store.list_documents(actor_id, patient.id)


def document_view(store: Store, actor_id: str, document_id: str) -> DocumentView:
    """The document with its values marked; the view is noted in the person's audit log.

    Raises the store's ``NotFoundError`` / ``PermissionDenied`` for another person's document.
    """
    contents = view_document(store, actor_id, document_id)
    document = contents.document
    patient = store.get_patient(actor_id, document.patient_id)
    marked_pages = tuple(mark_page(page, contents.facts) for page in contents.pages)
    marked = frozenset(f for page in marked_pages for piece in page.pieces for f in piece.starts)
    return DocumentView(document, patient, marked_pages, contents.facts, marked)


def mark_page(page: Page, facts: Sequence[StoredFact]) -> MarkedPage:
    """Split the page text at every span boundary; each piece knows which values cover it.

    Spans may overlap (a value and the date it was read with); spans outside the page
    text are left unmarked rather than guessed.
    """
    spans: list[tuple[int, int, str]] = []
    for stored in facts:
        where = stored.fact.provenance
        if where.page != page.number or where.start is None or where.end is None:
            continue
        if 0 <= where.start < where.end <= len(page.text):
            spans.append((where.start, where.end, stored.id))
    cuts = sorted({0, len(page.text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[TextPiece] = []
    for start, end in pairwise(cuts):
        covering = tuple(fact_id for s, e, fact_id in spans if s <= start and end <= e)
        starting = tuple(fact_id for s, _, fact_id in spans if s == start)
        pieces.append(TextPiece(page.text[start:end], covering, starting))
    return MarkedPage(page.number, page.method, page.ocr_confidence, tuple(pieces))


def delete_document(store: Store, actor_id: str, document_id: str) -> StoredDocument:
    """Delete a document (owner only); returns what was deleted, for the confirmation."""
    document = store.get_document(actor_id, document_id)
    store.delete_document(actor_id, document_id)
    return document
