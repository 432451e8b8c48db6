"""Persistence of users, patients and their records; SQLite by default, PostgreSQL by URL.

Record content (original files, page texts, facts, corrections, document names)
is encrypted at rest with AES-GCM. The schema is migrated by Alembic when the
store opens. Only typed values from ``onconav.store.model`` and
``onconav.records.model`` leave this package.
"""

from __future__ import annotations

from onconav.store.errors import (
    ConflictError,
    DecryptionError,
    NotFoundError,
    PermissionDenied,
    SecretKeyError,
    StoreError,
)
from onconav.store.model import (
    AddedDocuments,
    AuditEntry,
    Correction,
    Patient,
    StoredDocument,
    StoredFact,
    User,
)
from onconav.store.store import LOCAL_USER_ID, Store

__all__ = [
    "LOCAL_USER_ID",
    "AddedDocuments",
    "AuditEntry",
    "ConflictError",
    "Correction",
    "DecryptionError",
    "NotFoundError",
    "Patient",
    "PermissionDenied",
    "SecretKeyError",
    "Store",
    "StoreError",
    "StoredDocument",
    "StoredFact",
    "User",
]
