"""A FHIR file (JSON Bundle, single resource, or Bulk Data NDJSON) read into pages and
facts."""

from __future__ import annotations

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.structured.fhir_facts import AttachmentReader, read_resources
from onconav.records.ingest.structured.fhir_read import FhirContent, parse_fhir
from onconav.records.ingest.structured.render import StructuredResult, StructuredText


def parse(text: str) -> FhirContent | None:
    """The file's resources, or None when it is not JSON (read it as plain text)."""
    return parse_fhir(text)


def read_fhir(
    content: FhirContent,
    *,
    document_id: str,
    document_name: str,
    read_attachment: AttachmentReader,
) -> StructuredResult:
    text = StructuredText(document_id, document_name, "fhir")
    found = read_resources(content, text, read_attachment)
    if not text.lines:
        raise RecordError(
            "This FHIR file holds no records we can show (no patient, results, conditions, "
            "medications, procedures or reports).",
            ErrorCode.NO_RECORDS,
        )
    return StructuredResult(
        pages=text.pages(), facts=tuple(found.facts), warnings=tuple(found.warnings)
    )
