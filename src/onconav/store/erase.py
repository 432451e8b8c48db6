"""Deleting documents, patients and users completely.

Children are deleted before parents by explicit statements, so erasure does not
depend on the database enforcing ``ON DELETE CASCADE`` (the foreign keys declare
it too, as a second line).
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from onconav.store.schema import (
    AuditRow,
    BlobRow,
    CorrectionRow,
    DocumentRow,
    FactRow,
    PageRow,
    PatientRow,
    ShareRow,
    UserRow,
)


def delete_document_rows(session: Session, document: DocumentRow) -> None:
    """The document, its pages, facts and corrections, and its file if no other uses it."""
    fact_ids = select(FactRow.id).where(FactRow.document_id == document.id)
    session.execute(delete(CorrectionRow).where(CorrectionRow.fact_id.in_(fact_ids)))
    session.execute(delete(FactRow).where(FactRow.document_id == document.id))
    session.execute(delete(PageRow).where(PageRow.document_id == document.id))
    session.execute(delete(DocumentRow).where(DocumentRow.id == document.id))
    still_used = session.scalars(
        select(DocumentRow.id).where(DocumentRow.blob_digest == document.blob_digest)
    ).first()
    if still_used is None:
        session.execute(delete(BlobRow).where(BlobRow.digest == document.blob_digest))


def delete_patient_rows(session: Session, patient_id: str) -> None:
    """Every row that names the patient, their audit trail included."""
    for table in (CorrectionRow, FactRow, PageRow, DocumentRow, BlobRow, ShareRow, AuditRow):
        session.execute(delete(table).where(table.patient_id == patient_id))
    session.execute(delete(PatientRow).where(PatientRow.id == patient_id))


def delete_user_rows(session: Session, user_id: str) -> None:
    """The user's patients (completely), their shares, and every mention of their id."""
    owned = list(session.scalars(select(PatientRow.id).where(PatientRow.owner_id == user_id)))
    for patient_id in owned:
        delete_patient_rows(session, patient_id)
    session.execute(delete(ShareRow).where(ShareRow.user_id == user_id))
    session.execute(
        delete(AuditRow).where(
            AuditRow.object_id == user_id, AuditRow.object_type.in_(("user", "share"))
        )
    )
    session.execute(update(AuditRow).where(AuditRow.actor_id == user_id).values(actor_id=None))
    session.execute(
        update(CorrectionRow).where(CorrectionRow.author_id == user_id).values(author_id=None)
    )
    session.execute(delete(UserRow).where(UserRow.id == user_id))
