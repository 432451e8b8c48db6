"""Types of the records flow: a document's text, and the facts found in it.

Every fact keeps where it came from (document, page, line, character span and
the source text) so that a person can check it against the original.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class DocumentFormat(StrEnum):
    PDF = "pdf"
    IMAGE = "image"  # PNG, JPEG or TIFF, read by OCR
    DOCX = "docx"
    TEXT = "text"
    FHIR_JSON = "fhir-json"  # a FHIR R4 Bundle (or single resource)
    FHIR_NDJSON = "fhir-ndjson"  # FHIR Bulk Data export
    CCDA = "ccda"  # HL7 C-CDA XML
    ZIP = "zip"  # an archive of any of the above


class Page(BaseModel):
    """One page of text. Structured documents (FHIR, C-CDA) are rendered to text too,
    one line per resource or entry, so every fact can be shown in context."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    text: str
    method: Literal["text-layer", "layout", "ocr", "docx", "plain", "structured"]
    ocr_confidence: float | None = Field(default=None, description="Mean word confidence, 0-100")


class Provenance(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_id: str
    document_name: str
    page: int | None = Field(default=None, description="1-based page in the document's text")
    line: int | None = Field(default=None, description="1-based line within the page")
    start: int | None = Field(default=None, description="Character offset in the page text")
    end: int | None = None
    text: str = Field(description="The source text the fact was read from")
    locator: str | None = Field(
        default=None, description="Structured address, e.g. 'Observation/abc' in a FHIR bundle"
    )
    method: Literal["text-layer", "layout", "ocr", "docx", "plain", "fhir", "ccda", "user"]


class FactKind(StrEnum):
    LAB = "lab"  # blood counts and other blood tests (EPO, ferritin, B12 ...)
    MARROW = "marrow"  # bone marrow findings
    KARYOTYPE = "karyotype"
    FISH = "fish"
    VARIANT = "variant"  # a gene mutation found
    GENE_STATUS = "gene_status"  # a gene or assay tested without a variant, LOH, ITD ...
    HLA = "hla"
    IDENTITY = "identity"
    DIAGNOSIS = "diagnosis"
    TREATMENT = "treatment"
    TRANSFUSION = "transfusion"
    PERFORMANCE_STATUS = "performance_status"


FactValue = float | int | str | bool | None


class Fact(BaseModel):
    """A value read from a record, normalised, with its provenance and any doubts."""

    model_config = ConfigDict(frozen=True)

    kind: FactKind
    name: str = Field(description="Canonical name, e.g. 'hemoglobin', 'marrow_blasts', 'TP53'")
    value: FactValue
    unit: str | None = Field(default=None, description="Canonical unit after normalisation")
    original_value: str | None = Field(default=None, description="Value as printed")
    original_unit: str | None = Field(default=None, description="Unit as printed")
    date: dt.date | None = Field(default=None, description="Collection or report date")
    date_text: str | None = None
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="Kind-specific details, e.g. HGVS and VAF for a variant, drug and cycles "
        "for a treatment, the lab's reference range",
    )
    flags: tuple[str, ...] = Field(
        default=(),
        description="Doubts to show the user: unit_missing, date_ambiguous, date_missing, "
        "ocr_repaired, hedged, conflicting, outside_validated_setting ...",
    )
    provenance: Provenance


class ExtractedDocument(BaseModel):
    """A document after ingestion: its text pages and any facts read from structure."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    name: str
    format: DocumentFormat
    media_type: str
    sha256: str
    size: int
    pages: tuple[Page, ...]
    facts: tuple[Fact, ...] = Field(
        default=(), description="Facts read directly from structured content (FHIR, C-CDA)"
    )
    warnings: tuple[str, ...] = ()
