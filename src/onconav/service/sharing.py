"""Sharing a person's records read-only with another account, found by email."""

from __future__ import annotations

from onconav.store import Store
from onconav.store.model import Patient, User


class ShareError(ValueError):
    """The share cannot be made; the message says why and is safe to show."""


def share_with_email(store: Store, actor_id: str, patient: Patient, email: str) -> User:
    """Give the account with this email read-only access (the owner only; the store checks)."""
    reader = store.find_user_by_email(email)
    if reader is None:
        raise ShareError(
            "No onconav account uses that email address. Ask the person to create an account "
            "first, then share again."
        )
    if reader.id == actor_id:
        raise ShareError("That is your own account: you already see these records.")
    store.share_patient(actor_id, patient.id, reader.id)
    return reader
