"""Who may do what with a patient, and the audit trail of what was done.

The owner may read and write; a user the patient is shared with may only read;
anyone else gets ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from onconav.store.errors import ConflictError, NotFoundError, PermissionDenied
from onconav.store.model import Access
from onconav.store.schema import AuditRow, DocumentRow, PatientRow, ShareRow

_Result = TypeVar("_Result")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return uuid.uuid4().hex


def patient_access(
    session: Session, actor_id: str, patient_id: str, *, write: bool
) -> tuple[PatientRow, Access]:
    row = session.get(PatientRow, patient_id)
    if row is None:
        raise NotFoundError("No such patient.")
    if row.owner_id == actor_id:
        return row, "owner"
    if session.get(ShareRow, (patient_id, actor_id)) is None:
        raise PermissionDenied("You do not have access to this patient.")
    if write:
        raise PermissionDenied("This patient is shared with you to read only.")
    return row, "read"


def document_access(
    session: Session, actor_id: str, document_id: str, *, write: bool
) -> DocumentRow:
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFoundError("No such document.")
    patient_access(session, actor_id, row.patient_id, write=write)
    return row


def record_audit(
    session: Session,
    actor_id: str | None,
    action: str,
    object_type: str,
    object_id: str | None,
    patient_id: str | None = None,
) -> None:
    """Add an audit entry. Ids and action names only: never record content."""
    session.add(
        AuditRow(
            at=now(),
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            patient_id=patient_id,
        )
    )


def retry_once_on_conflict(action: Callable[[], _Result]) -> _Result:
    """Run a find-or-create again if another process created the same row meanwhile."""
    try:
        return action()
    except (IntegrityError, ConflictError):
        return action()
