"""``ingest``: the bytes of one upload to extracted documents (one per file; an archive
gives one per member it holds)."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from onconav.records.ingest.archive import Member, SkippedMember, members
from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.images import read_image_file
from onconav.records.ingest.limits import MEGABYTE, IngestLimits
from onconav.records.ingest.pdf import read_pdf
from onconav.records.ingest.plain import read_text
from onconav.records.ingest.sniff import Kind, Sniffed, sniff
from onconav.records.ingest.structured import ccda, fhir
from onconav.records.ingest.word import read_docx
from onconav.records.model import DocumentFormat, ExtractedDocument, Fact, Page

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

_IMAGE_KINDS = (Kind.PNG, Kind.JPEG, Kind.TIFF)


def ingest(
    name: str,
    data: bytes,
    limits: IngestLimits,
    progress: Progress | None = None,
) -> list[ExtractedDocument]:
    """Read one uploaded file. A problem with the file as a whole raises ``RecordError``
    (nothing from it is returned); a problem with one part of it (an unreadable FHIR
    entry, a blank page, an archive member we cannot read) becomes a warning."""
    _check_size(data, limits)
    sniffed = sniff(data)
    if sniffed.kind is Kind.ZIP:
        return _ingest_archive(name, data, limits, progress)
    return [_ingest_file(name, data, sniffed, limits, progress)]


def new_document_id() -> str:
    return uuid.uuid4().hex[:12]


def _check_size(data: bytes, limits: IngestLimits) -> None:
    if not data:
        raise RecordError("This file is empty.", ErrorCode.EMPTY)
    if len(data) > limits.max_bytes:
        raise RecordError(
            f"This file is {_megabytes(len(data))}, larger than the "
            f"{_megabytes(limits.max_bytes)} we accept. Please split it or add the pages "
            "you need.",
            ErrorCode.TOO_LARGE,
        )


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB" if size < 10 * MEGABYTE else f"{size // MEGABYTE} MB"


@dataclass(frozen=True)
class _Read:
    format: DocumentFormat
    media_type: str
    pages: tuple[Page, ...]
    facts: tuple[Fact, ...] = ()
    warnings: tuple[str, ...] = ()


def _ingest_file(
    name: str,
    data: bytes,
    sniffed: Sniffed,
    limits: IngestLimits,
    progress: Progress | None,
) -> ExtractedDocument:
    document_id = new_document_id()
    read = _read(document_id, name, data, sniffed, limits, progress)
    if progress and sniffed.kind not in (Kind.PDF, *_IMAGE_KINDS):
        # Formats read in one go report their pages once they are read.
        for number in range(1, len(read.pages) + 1):
            progress("text", number, len(read.pages))
    log.info(
        "ingested document %s: %s, %d pages, %d facts, %d warnings",
        document_id,
        read.format.value,
        len(read.pages),
        len(read.facts),
        len(read.warnings),
    )
    return ExtractedDocument(
        document_id=document_id,
        name=name,
        format=read.format,
        media_type=read.media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        pages=read.pages,
        facts=read.facts,
        warnings=read.warnings,
    )


def _read(
    document_id: str,
    name: str,
    data: bytes,
    sniffed: Sniffed,
    limits: IngestLimits,
    progress: Progress | None,
) -> _Read:
    kind = sniffed.kind
    if kind is Kind.PDF:
        pdf = read_pdf(data, limits, progress)
        return _Read(
            DocumentFormat.PDF, sniffed.media_type, tuple(pdf.pages), warnings=tuple(pdf.warnings)
        )
    if kind in _IMAGE_KINDS:
        image = read_image_file(data, limits, progress)
        return _Read(
            DocumentFormat.IMAGE,
            sniffed.media_type,
            tuple(image.pages),
            warnings=tuple(image.warnings),
        )
    if kind is Kind.DOCX:
        return _Read(DocumentFormat.DOCX, sniffed.media_type, tuple(read_docx(data, limits)))
    text = sniffed.text or ""
    if kind is Kind.JSON:
        content = fhir.parse(text)
        if content is not None:
            result = fhir.read_fhir(
                content,
                document_id=document_id,
                document_name=name,
                read_attachment=lambda media, body: _attachment(media, body, limits),
            )
            media_type = (
                "application/fhir+ndjson"
                if content.format is DocumentFormat.FHIR_NDJSON
                else "application/fhir+json"
            )
            return _Read(content.format, media_type, result.pages, result.facts, result.warnings)
    if kind is Kind.XML:
        root = ccda.parse_xml(text)
        result = ccda.read_ccda(root, document_id=document_id, document_name=name)
        return _Read(
            DocumentFormat.CCDA,
            "application/hl7-cda+xml",
            result.pages,
            result.facts,
            result.warnings,
        )
    return _Read(DocumentFormat.TEXT, "text/plain", tuple(read_text(text, limits)))


def _attachment(media_type: str, body: bytes, limits: IngestLimits) -> list[Page]:
    """A report attached inside a structured record (a PDF or scan in a FHIR
    DiagnosticReport); its pages join the record's pages. ``RecordError`` if unreadable."""
    _check_size(body, limits)
    kind = sniff(body).kind
    if kind is Kind.PDF:
        return read_pdf(body, limits).pages
    if kind in _IMAGE_KINDS:
        return read_image_file(body, limits).pages
    raise RecordError(
        f"Attached files of this kind ({media_type or 'not stated'}) are not read.",
        ErrorCode.UNSUPPORTED_FORMAT,
    )


def _ingest_archive(
    name: str, data: bytes, limits: IngestLimits, progress: Progress | None
) -> list[ExtractedDocument]:
    documents: list[ExtractedDocument] = []
    skipped: list[str] = []
    first_problem: RecordError | None = None
    for member in members(data, limits):
        if isinstance(member, SkippedMember):
            skipped.append(f"{member.path} was not read because {member.reason}.")
            continue
        document_name = f"{name}/{member.path}"
        try:
            documents.append(_ingest_member(document_name, member, limits, progress))
        except RecordError as problem:
            first_problem = first_problem or problem
            skipped.append(f"{member.path} was not read. {problem.message}")
    if not documents:
        if first_problem is not None and len(skipped) == 1:
            raise first_problem
        raise RecordError(
            "We could not read any of the files in this archive."
            + (f" The first problem: {skipped[0]}" if skipped else " It is empty."),
            ErrorCode.ARCHIVE_UNREADABLE,
        )
    if skipped:
        # Reported once, on the archive's first document, so each appears once to the user.
        first = documents[0]
        documents[0] = first.model_copy(update={"warnings": (*first.warnings, *skipped)})
    log.info("ingested archive: %d documents, %d members skipped", len(documents), len(skipped))
    return documents


def _ingest_member(
    name: str, member: Member, limits: IngestLimits, progress: Progress | None
) -> ExtractedDocument:
    _check_size(member.data, limits)
    sniffed = sniff(member.data)
    if sniffed.kind is Kind.ZIP:
        raise RecordError(
            "This is an archive inside the archive; we open one level only. Please unpack "
            "it and add its files.",
            ErrorCode.UNSUPPORTED_FORMAT,
        )
    return _ingest_file(name, member.data, sniffed, limits, progress)
