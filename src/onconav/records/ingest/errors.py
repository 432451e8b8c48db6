"""Whole-file problems, each with a message a patient can act on and a stable code.

The message never contains record content (it may name the file); the code lets the
CLI, the web app and tests tell problems apart without parsing sentences.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_PAGES = "too_many_pages"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    NO_TEXT = "no_text"
    UNKNOWN_FORMAT = "unknown_format"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TEXT_ENCODING = "text_encoding"
    MALFORMED_JSON = "malformed_json"
    NOT_FHIR = "not_fhir"
    NO_RECORDS = "no_records"
    UNSAFE_XML = "unsafe_xml"
    NOT_CCDA = "not_ccda"
    ARCHIVE_BOMB = "archive_bomb"
    ARCHIVE_TOO_MANY_FILES = "archive_too_many_files"
    ARCHIVE_UNREADABLE = "archive_unreadable"
    OCR_UNAVAILABLE = "ocr_unavailable"


class RecordError(Exception):
    """A file that cannot be read as a whole. Nothing from it is kept."""

    def __init__(self, message: str, code: ErrorCode | str) -> None:
        super().__init__(message)
        self.message = message
        self.code = ErrorCode(code)

    def __str__(self) -> str:
        return self.message
