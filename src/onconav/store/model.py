"""Typed values returned by the store. No SQLAlchemy object leaves the package."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from onconav.records.model import DocumentFormat, Fact, FactValue

Access = Literal["owner", "read"]


class User(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    email: str | None = Field(description="None only for the local single-user account")
    created_at: dt.datetime
    is_local: bool = False


class Patient(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    owner_id: str
    label: str = Field(description="How the user calls this person, e.g. 'P' or 'Mum'")
    created_at: dt.datetime
    access: Access = Field(description="What the acting user may do: 'owner' or 'read' (shared)")


class StoredDocument(BaseModel):
    """One document (one file, or one member of a zip) kept for a patient."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="The ingest document id; facts' provenance points to it")
    patient_id: str
    name: str
    format: DocumentFormat
    media_type: str
    size: int
    page_count: int
    warnings: tuple[str, ...]
    content_digest: str = Field(
        description="Keyed digest of the uploaded file; equal only within one patient"
    )
    created_at: dt.datetime


class AddedDocuments(BaseModel):
    """Result of adding one uploaded file: its documents, and whether they are new."""

    model_config = ConfigDict(frozen=True)

    documents: tuple[StoredDocument, ...]
    created: bool = Field(description="False when this patient already had this exact file")


class Correction(BaseModel):
    """A user's correction of a fact. The original fact is kept unchanged beside it."""

    model_config = ConfigDict(frozen=True)

    id: str
    fact_id: str
    name: str
    value: FactValue
    unit: str | None
    date: dt.date | None
    note: str | None
    author_id: str | None = Field(description="None once the author's account is deleted")
    created_at: dt.datetime


class StoredFact(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    document_id: str
    fact: Fact
    corrections: tuple[Correction, ...] = Field(description="Oldest first; the last one counts")


class AuditEntry(BaseModel):
    """Who did what to which object, and when. Never any record content."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    actor_id: str | None
    action: str
    object_type: str
    object_id: str | None
