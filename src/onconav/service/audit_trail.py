"""A person's audit trail as its owner sees it: who read or changed what, and when."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from onconav.store import NotFoundError, Store
from onconav.store.model import Patient


class AuditLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    actor_id: str | None = Field(description="None once that account was deleted")
    actor_email: str | None = Field(description="None for the local account or a deleted one")
    action: str = Field(examples=["document.view", "fact.correct", "patient.share"])
    object_type: str
    object_id: str | None


def audit_trail(store: Store, actor_id: str, patient: Patient) -> list[AuditLine]:
    """Oldest first; actions and ids only, never record content (owner only: the store checks)."""
    entries = store.audit_log(actor_id, patient.id)
    emails: dict[str, str | None] = {}
    for someone in {e.actor_id for e in entries if e.actor_id is not None}:
        try:
            emails[someone] = store.get_user(someone).email
        except NotFoundError:
            emails[someone] = None
    return [
        AuditLine(
            at=entry.at,
            actor_id=entry.actor_id,
            actor_email=None if entry.actor_id is None else emails.get(entry.actor_id),
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
        )
        for entry in entries
    ]
