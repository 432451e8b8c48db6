"""Accounts for multi-user mode: sign up, sign in (argon2), export everything, delete everything."""

from __future__ import annotations

import io
import json
import re
import zipfile

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from onconav.store import Store
from onconav.store.model import User

MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Verifying against this when the email is unknown keeps sign-in timing the same.
_DUMMY_HASH = _hasher.hash("onconav-timing-equaliser")


class AccountError(ValueError):
    """A sign-up or sign-in problem; the message is safe to show."""


def sign_up(store: Store, email: str, password: str) -> User:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise AccountError("Please enter a valid email address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Please choose a password of at least {MIN_PASSWORD_LENGTH} characters."
        )
    if store.find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists. Please sign in.")
    return store.create_user(email, _hasher.hash(password))


def sign_in(store: Store, email: str, password: str) -> User | None:
    """The user, or None. The same answer (and similar time) for an unknown email."""
    user = store.find_user_by_email(email.strip().lower())
    stored = store.password_hash(user.id) if user is not None else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or stored is None:
        return None
    if _hasher.check_needs_rehash(stored):
        store.set_password_hash(user.id, _hasher.hash(password))
    return user


def export_all(store: Store, user: User) -> bytes:
    """Everything of this account's: a zip with data.json and every original document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        people = []
        for patient in store.list_patients(user.id):
            if patient.access != "owner":
                continue
            documents = store.list_documents(user.id, patient.id)
            facts = store.facts(user.id, patient.id)
            people.append(
                {
                    "patient": patient.model_dump(mode="json"),
                    "documents": [d.model_dump(mode="json") for d in documents],
                    "facts": [f.model_dump(mode="json") for f in facts],
                }
            )
            seen: set[str] = set()
            for document in documents:
                if document.content_digest in seen:
                    continue
                seen.add(document.content_digest)
                name = f"{patient.label}/{document.id}-{_safe(document.name)}"
                archive.writestr(name, store.original_bytes(user.id, document.id))
        archive.writestr(
            "data.json",
            json.dumps(
                {"account": user.model_dump(mode="json"), "people": people},
                indent=2,
                ensure_ascii=False,
                default=str,
            ),
        )
    return buffer.getvalue()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name.rsplit("/", 1)[-1])[:80] or "document"


def delete_everything(store: Store, user: User) -> None:
    """The account and every person, document, fact and correction it owns."""
    store.delete_user(user.id, user.id)
