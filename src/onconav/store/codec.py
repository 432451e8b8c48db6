"""Rows to typed values and back, with every piece of record content sealed by the cipher.

The associated data of each ciphertext names its table (and field), its row and
its patient, so a ciphertext copied into another row, or to another patient,
fails to decrypt instead of showing the wrong person's record.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict

from onconav.records.model import DocumentFormat, Fact, FactValue, Page
from onconav.store.crypto import RecordCipher
from onconav.store.model import Access, Correction, Patient, StoredDocument, User
from onconav.store.schema import CorrectionRow, DocumentRow, PatientRow, UserRow

BLOB_TABLE = "blobs"
DOCUMENT_NAME_FIELD = "documents.name"
DOCUMENT_WARNINGS_FIELD = "documents.warnings"
PAGE_TABLE = "pages"
FACT_TABLE = "facts"
CORRECTION_TABLE = "corrections"


class CorrectionContent(BaseModel):
    """The encrypted part of a correction."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: FactValue
    unit: str | None
    date: dt.date | None
    note: str | None


def page_row_id(document_id: str, number: int) -> str:
    return f"{document_id}#{number}"


def user_from_row(row: UserRow, *, local_user_id: str) -> User:
    return User(
        id=row.id, email=row.email, created_at=row.created_at, is_local=row.id == local_user_id
    )


def patient_from_row(row: PatientRow, access: Access) -> Patient:
    return Patient(
        id=row.id, owner_id=row.owner_id, label=row.label, created_at=row.created_at, access=access
    )


class RecordCodec:
    def __init__(self, cipher: RecordCipher) -> None:
        self._cipher = cipher

    def content_digest(self, patient_id: str, data: bytes) -> str:
        return self._cipher.content_digest(patient_id, data)

    def seal_document_name(self, name: str, document_id: str, patient_id: str) -> bytes:
        return self._cipher.encrypt(
            name.encode(), table=DOCUMENT_NAME_FIELD, row_id=document_id, patient_id=patient_id
        )

    def seal_warnings(self, warnings: tuple[str, ...], document_id: str, patient_id: str) -> bytes:
        return self._cipher.encrypt(
            json.dumps(list(warnings)).encode(),
            table=DOCUMENT_WARNINGS_FIELD,
            row_id=document_id,
            patient_id=patient_id,
        )

    def document_from_row(self, row: DocumentRow) -> StoredDocument:
        name = self._cipher.decrypt(
            row.name_ciphertext, table=DOCUMENT_NAME_FIELD, row_id=row.id, patient_id=row.patient_id
        ).decode()
        warnings = json.loads(
            self._cipher.decrypt(
                row.warnings_ciphertext,
                table=DOCUMENT_WARNINGS_FIELD,
                row_id=row.id,
                patient_id=row.patient_id,
            )
        )
        return StoredDocument(
            id=row.id,
            patient_id=row.patient_id,
            name=name,
            format=DocumentFormat(row.format),
            media_type=row.media_type,
            size=row.size,
            page_count=row.page_count,
            warnings=tuple(warnings),
            content_digest=row.blob_digest,
            created_at=row.created_at,
        )

    def seal_blob(self, data: bytes, digest: str, patient_id: str) -> bytes:
        return self._cipher.encrypt(data, table=BLOB_TABLE, row_id=digest, patient_id=patient_id)

    def open_blob(self, ciphertext: bytes, digest: str, patient_id: str) -> bytes:
        return self._cipher.decrypt(
            ciphertext, table=BLOB_TABLE, row_id=digest, patient_id=patient_id
        )

    def seal_page(self, page: Page, document_id: str, patient_id: str) -> bytes:
        return self._cipher.encrypt(
            page.model_dump_json().encode(),
            table=PAGE_TABLE,
            row_id=page_row_id(document_id, page.number),
            patient_id=patient_id,
        )

    def open_page(self, ciphertext: bytes, document_id: str, number: int, patient_id: str) -> Page:
        plain = self._cipher.decrypt(
            ciphertext,
            table=PAGE_TABLE,
            row_id=page_row_id(document_id, number),
            patient_id=patient_id,
        )
        return Page.model_validate_json(plain)

    def seal_fact(self, fact: Fact, fact_id: str, patient_id: str) -> bytes:
        return self._cipher.encrypt(
            fact.model_dump_json().encode(), table=FACT_TABLE, row_id=fact_id, patient_id=patient_id
        )

    def open_fact(self, ciphertext: bytes, fact_id: str, patient_id: str) -> Fact:
        plain = self._cipher.decrypt(
            ciphertext, table=FACT_TABLE, row_id=fact_id, patient_id=patient_id
        )
        return Fact.model_validate_json(plain)

    def seal_correction(
        self, content: CorrectionContent, correction_id: str, patient_id: str
    ) -> bytes:
        return self._cipher.encrypt(
            content.model_dump_json().encode(),
            table=CORRECTION_TABLE,
            row_id=correction_id,
            patient_id=patient_id,
        )

    def correction_from_row(self, row: CorrectionRow) -> Correction:
        plain = self._cipher.decrypt(
            row.ciphertext, table=CORRECTION_TABLE, row_id=row.id, patient_id=row.patient_id
        )
        content = CorrectionContent.model_validate_json(plain)
        return Correction(
            id=row.id,
            fact_id=row.fact_id,
            name=content.name,
            value=content.value,
            unit=content.unit,
            date=content.date,
            note=content.note,
            author_id=row.author_id,
            created_at=row.created_at,
        )
