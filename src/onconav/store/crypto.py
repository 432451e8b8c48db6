"""Encryption at rest: AES-256-GCM per value, and the keyed content digest.

Two sub-keys are derived from the data key with HKDF (one for AES-GCM, one for
HMAC) so that the same key bytes never serve two algorithms.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from onconav.store.errors import DecryptionError

KEY_BYTES = 32
NONCE_BYTES = 12  # 96 bits, the size GCM is specified for
_FORMAT_VERSION = b"\x01"
_ENCRYPTION_INFO = b"onconav store: AES-256-GCM record encryption v1"
_DIGEST_INFO = b"onconav store: HMAC-SHA256 content digest v1"


def _derive(data_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(data_key)


def _associated_data(table: str, row_id: str, patient_id: str) -> bytes:
    # JSON keeps the three parts unambiguous whatever characters an id holds.
    return json.dumps(["onconav-store-v1", table, row_id, patient_id]).encode()


class RecordCipher:
    """Encrypts values bound to (table, row id, patient id)."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(_derive(data_key, _ENCRYPTION_INFO))
        self._digest_key = _derive(data_key, _DIGEST_INFO)

    def __repr__(self) -> str:
        return "RecordCipher(<key hidden>)"

    def encrypt(self, plaintext: bytes, *, table: str, row_id: str, patient_id: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext, _associated_data(table, row_id, patient_id))
        return _FORMAT_VERSION + nonce + sealed

    def decrypt(self, stored: bytes, *, table: str, row_id: str, patient_id: str) -> bytes:
        if stored[:1] != _FORMAT_VERSION or len(stored) < 1 + NONCE_BYTES + 16:
            raise DecryptionError(f"A stored value in {table} has an unknown format.")
        nonce = stored[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(
                nonce, stored[1 + NONCE_BYTES :], _associated_data(table, row_id, patient_id)
            )
        except InvalidTag:
            raise DecryptionError(
                f"A stored value in {table} failed its integrity check: it was changed, "
                "moved from another row, or written with a different key."
            ) from None

    def content_digest(self, patient_id: str, data: bytes) -> str:
        """HMAC over patient id and bytes: equal files of different patients never match."""
        mac = hmac.new(self._digest_key, digestmod=hashlib.sha256)
        encoded_patient = patient_id.encode()
        mac.update(len(encoded_patient).to_bytes(4, "big"))
        mac.update(encoded_patient)
        mac.update(data)
        return mac.hexdigest()
