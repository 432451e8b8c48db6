"""Ingestion: the bytes of an uploaded file to ``ExtractedDocument``s (text pages, and
facts read straight from structured records), with the format told from the content.

    documents = ingest("export.zip", data, IngestLimits.from_settings(settings))

Whole-file problems raise ``RecordError`` with a message for the patient and a code.
The progress callback, when given, is called as ``progress(stage, done, total)`` once
per page: stage "text" while text layers are read, "ocr" as scanned pages are read.
"""

from __future__ import annotations

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.limits import IngestLimits
from onconav.records.ingest.pipeline import Progress, ingest

__all__ = ["ErrorCode", "IngestLimits", "Progress", "RecordError", "ingest"]
