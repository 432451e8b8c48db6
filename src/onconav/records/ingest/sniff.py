"""What a file is, told from its bytes alone (never from its name).

Binary formats are recognised by their signatures. Anything else must be text: UTF-8
(with or without a byte-order mark) or UTF-16 with a byte-order mark; its first
character then tells JSON and XML from plain text.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from onconav.records.ingest.archive import declared_members
from onconav.records.ingest.errors import ErrorCode, RecordError


class Kind(StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    ZIP = "zip"
    DOCX = "docx"
    JSON = "json"
    XML = "xml"
    TEXT = "text"


MEDIA_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.PNG: "image/png",
    Kind.JPEG: "image/jpeg",
    Kind.TIFF: "image/tiff",
    Kind.ZIP: "application/zip",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.JSON: "application/json",
    Kind.XML: "application/xml",
    Kind.TEXT: "text/plain",
}

SUPPORTED = (
    "PDF, Word (.docx), plain text, photos or scans (PNG, JPEG, TIFF), FHIR exports (JSON), "
    "C-CDA documents (XML) and zip archives of these"
)

_SIGNATURES: tuple[tuple[bytes, Kind], ...] = (
    (b"\x89PNG\r\n\x1a\n", Kind.PNG),
    (b"\xff\xd8\xff", Kind.JPEG),
    (b"II*\x00", Kind.TIFF),
    (b"MM\x00*", Kind.TIFF),
    (b"PK\x03\x04", Kind.ZIP),
    (b"PK\x05\x06", Kind.ZIP),  # an empty archive
)

# Formats people do send, which we cannot read, with what to do instead.
_KNOWN_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "This looks like an older Word (.doc) or Excel file. Please save it as PDF or .docx "
        "and add that instead.",
    ),
    (b"{\\rtf", "This is a Rich Text (.rtf) file. Please save it as PDF or .docx and add that."),
    (b"GIF87a", "GIF images are not supported. Please save the image as PNG or JPEG."),
    (b"GIF89a", "GIF images are not supported. Please save the image as PNG or JPEG."),
)
MAX_DOCX_PARTS = 5000
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif")


@dataclass(frozen=True)
class Sniffed:
    kind: Kind
    text: str | None = None  # the decoded text, for JSON, XML and plain text

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def sniff(data: bytes) -> Sniffed:
    """The kind of ``data``; raises ``RecordError`` for anything we cannot read."""
    if not data:
        raise RecordError("This file is empty.", ErrorCode.EMPTY)
    # PDF writers may put junk before the header; readers accept it within 1 KB.
    if b"%PDF-" in data[:1024]:
        return Sniffed(Kind.PDF)
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            if kind is Kind.ZIP and is_docx(data):
                return Sniffed(Kind.DOCX)
            return Sniffed(kind)
    _reject_known_unsupported(data)
    text = decode_text(data)
    first = text.lstrip()[:1]
    if first in ("{", "["):
        return Sniffed(Kind.JSON, text)
    if first == "<":
        return Sniffed(Kind.XML, text)
    return Sniffed(Kind.TEXT, text)


def is_docx(data: bytes) -> bool:
    """A zip whose directory names a Word main document. Reads the directory only, and
    not even that for an archive declaring more parts than any Word file has."""
    declared = declared_members(data)
    if declared is not None and declared > MAX_DOCX_PARTS:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is refused, not guessed."""
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    else:
        if _looks_binary(data):
            raise _unknown_format()
        text = _decode(data, "utf-8")
    if "\x00" in text:
        raise _unknown_format()
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise RecordError(
            "This text file uses a character encoding we cannot read. Please save it as "
            "UTF-8 text (most editors offer this under 'Save as') and add it again.",
            ErrorCode.TEXT_ENCODING,
        ) from None


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def _reject_known_unsupported(data: bytes) -> None:
    for signature, message in _KNOWN_UNSUPPORTED:
        if data.startswith(signature):
            raise RecordError(message, ErrorCode.UNSUPPORTED_FORMAT)
    # "BM" alone could start a text file; a bitmap header also has four zero bytes.
    if data.startswith(b"BM") and data[6:10] == b"\x00\x00\x00\x00":
        raise RecordError(
            "BMP images are not supported. Please save the image as PNG or JPEG.",
            ErrorCode.UNSUPPORTED_FORMAT,
        )
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        raise RecordError(
            "This is an HEIC/HEIF photo, which we cannot read yet. Please export it as JPEG "
            "(on a phone: share the photo and choose 'Most compatible') and add that.",
            ErrorCode.UNSUPPORTED_FORMAT,
        )


def _unknown_format() -> RecordError:
    return RecordError(
        f"We do not recognise this kind of file. We can read {SUPPORTED}.",
        ErrorCode.UNKNOWN_FORMAT,
    )
