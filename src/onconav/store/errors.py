"""Errors raised by the store. Messages are written for the person using onconav."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: something about the store itself went wrong."""


class NotFoundError(StoreError):
    """The user, patient, document or fact does not exist."""


class PermissionDenied(StoreError):  # noqa: N818 - the name the web issue expects
    """The acting user may not read (or change) this object."""


class SecretKeyError(StoreError):
    """The data key is missing, malformed, exposed, or not the key the data was stored with."""


class DecryptionError(StoreError):
    """A stored value failed its integrity check: tampered with, or moved to another row."""


class ConflictError(StoreError):
    """The object already exists (an email already registered, a label already used)."""
