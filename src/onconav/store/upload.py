"""Writing one uploaded file: its encrypted bytes, documents, pages and facts."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from onconav.records.model import ExtractedDocument, Fact
from onconav.store.access import new_id, now, record_audit
from onconav.store.codec import RecordCodec
from onconav.store.model import StoredDocument
from onconav.store.schema import DOCUMENT_ID_LENGTH, BlobRow, DocumentRow, FactRow, PageRow


def check_batch(
    extracted_documents: Sequence[ExtractedDocument],
    facts_by_document: Mapping[str, Sequence[Fact]],
) -> None:
    """Refuse an inconsistent batch before anything is written."""
    if not extracted_documents:
        raise ValueError("add_document needs at least one extracted document")
    ids = [document.document_id for document in extracted_documents]
    if len(set(ids)) != len(ids):
        raise ValueError("extracted documents must have distinct document ids")
    for document in extracted_documents:
        if not document.document_id or len(document.document_id) > DOCUMENT_ID_LENGTH:
            raise ValueError(f"document ids must be 1 to {DOCUMENT_ID_LENGTH} characters")
        numbers = [page.number for page in document.pages]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a document's pages must have distinct numbers")
    if set(facts_by_document) - set(ids):
        raise ValueError("facts_by_document names documents that are not in the batch")
    for document_id, facts in facts_by_document.items():
        if any(fact.provenance.document_id != document_id for fact in facts):
            raise ValueError("every fact's provenance must name the document it is stored under")
        # JSON has no NaN or infinity: such a value would silently come back as None.
        if any(isinstance(fact.value, float) and not math.isfinite(fact.value) for fact in facts):
            raise ValueError("a fact's value must be a finite number, text, a boolean or None")


def documents_of_upload(
    session: Session, codec: RecordCodec, digest: str, patient_id: str
) -> tuple[StoredDocument, ...] | None:
    """The patient's documents from the file with this keyed digest, or None if new."""
    blob = session.get(BlobRow, digest)
    if blob is None or blob.patient_id != patient_id:
        return None
    rows = session.scalars(
        select(DocumentRow).where(DocumentRow.blob_digest == digest).order_by(DocumentRow.position)
    )
    return tuple(codec.document_from_row(row) for row in rows)


def insert_upload(
    session: Session,
    codec: RecordCodec,
    *,
    actor_id: str,
    patient_id: str,
    digest: str,
    extracted_documents: Sequence[ExtractedDocument],
    facts_by_document: Mapping[str, Sequence[Fact]],
    original_bytes: bytes,
) -> tuple[StoredDocument, ...]:
    created_at = now()
    session.add(
        BlobRow(
            digest=digest,
            patient_id=patient_id,
            size=len(original_bytes),
            ciphertext=codec.seal_blob(original_bytes, digest, patient_id),
            created_at=created_at,
        )
    )
    rows: list[DocumentRow] = []
    for position, document in enumerate(extracted_documents):
        document_id = document.document_id
        row = DocumentRow(
            id=document_id,
            patient_id=patient_id,
            blob_digest=digest,
            position=position,
            name_ciphertext=codec.seal_document_name(document.name, document_id, patient_id),
            format=document.format.value,
            media_type=document.media_type,
            size=document.size,
            page_count=len(document.pages),
            warnings_ciphertext=codec.seal_warnings(document.warnings, document_id, patient_id),
            created_at=created_at,
        )
        rows.append(row)
        session.add(row)
        session.add_all(
            PageRow(
                document_id=document_id,
                number=page.number,
                patient_id=patient_id,
                ciphertext=codec.seal_page(page, document_id, patient_id),
            )
            for page in document.pages
        )
        # Documents before facts: the facts' foreign keys need them.
        session.flush()
        for fact_position, fact in enumerate(facts_by_document.get(document_id, ())):
            fact_id = new_id()
            session.add(
                FactRow(
                    id=fact_id,
                    document_id=document_id,
                    patient_id=patient_id,
                    position=fact_position,
                    ciphertext=codec.seal_fact(fact, fact_id, patient_id),
                )
            )
        record_audit(session, actor_id, "document.add", "document", document_id, patient_id)
    session.flush()
    return tuple(codec.document_from_row(row) for row in rows)
