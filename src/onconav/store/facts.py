"""Reading facts with their corrections, and recording a correction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from onconav.store.access import new_id, now
from onconav.store.codec import CorrectionContent, RecordCodec
from onconav.store.model import Correction, StoredFact
from onconav.store.schema import CorrectionRow, DocumentRow, FactRow


def read_facts(
    session: Session, codec: RecordCodec, patient_id: str, document_id: str | None
) -> list[StoredFact]:
    """Facts in document order then reading order, each with its corrections oldest first."""
    query = (
        select(FactRow)
        .join(DocumentRow, DocumentRow.id == FactRow.document_id)
        .where(FactRow.patient_id == patient_id)
        .order_by(DocumentRow.created_at, DocumentRow.position, DocumentRow.id, FactRow.position)
    )
    if document_id is not None:
        query = query.where(FactRow.document_id == document_id)
    fact_rows = list(session.scalars(query))
    corrections: dict[str, list[Correction]] = {}
    correction_rows = session.scalars(
        select(CorrectionRow)
        .where(CorrectionRow.patient_id == patient_id)
        .order_by(CorrectionRow.created_at, CorrectionRow.id)
    )
    for row in correction_rows:
        corrections.setdefault(row.fact_id, []).append(codec.correction_from_row(row))
    return [
        StoredFact(
            id=row.id,
            document_id=row.document_id,
            fact=codec.open_fact(row.ciphertext, row.id, row.patient_id),
            corrections=tuple(corrections.get(row.id, ())),
        )
        for row in fact_rows
    ]


def insert_correction(
    session: Session,
    codec: RecordCodec,
    fact_row: FactRow,
    author_id: str,
    content: CorrectionContent,
) -> Correction:
    correction_id = new_id()
    row = CorrectionRow(
        id=correction_id,
        fact_id=fact_row.id,
        patient_id=fact_row.patient_id,
        author_id=author_id,
        created_at=now(),
        ciphertext=codec.seal_correction(content, correction_id, fact_row.patient_id),
    )
    session.add(row)
    session.flush()
    return codec.correction_from_row(row)
