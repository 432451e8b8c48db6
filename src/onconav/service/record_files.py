"""Files in and out: checking an upload before it is queued, and giving back an original.

An upload is checked by what its bytes are (ingestion's own format detection), never by
its name, so a renamed program is refused at once rather than after a wait.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onconav.records.ingest import ErrorCode, RecordError
from onconav.records.ingest.sniff import sniff
from onconav.settings import Settings
from onconav.store import Store

MEGABYTE = 1024 * 1024
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ ()-]+")
MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class UploadRefusal:
    name: str
    message: str
    code: str


@dataclass(frozen=True)
class OriginalFile:
    filename: str
    media_type: str
    data: bytes


def upload_name(raw: str | None) -> str:
    """The file's own name without any folder a browser or script may have sent."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:MAX_NAME_CHARS] or "document"


def upload_refusal(name: str, data: bytes, settings: Settings) -> UploadRefusal | None:
    """Why this file cannot be added, or None when it can be queued for reading."""
    if len(data) > settings.max_upload_bytes:
        return UploadRefusal(
            name,
            f"{name} is too large: the limit is {settings.max_upload_bytes // MEGABYTE} MB "
            "per file.",
            ErrorCode.TOO_LARGE.value,
        )
    try:
        sniff(data)
    except RecordError as error:
        return UploadRefusal(name, error.message, error.code.value)
    return None


def original_file(store: Store, actor_id: str, document_id: str) -> OriginalFile:
    """The uploaded file (for a member of a zip: the zip), typed by its bytes.

    The store records the download in the audit log.
    """
    document = store.get_document(actor_id, document_id)
    data = store.original_bytes(actor_id, document_id)
    try:
        media_type = sniff(data).media_type
    except RecordError:
        media_type = "application/octet-stream"
    name = document.name
    if media_type != document.media_type and "/" in name:
        name = name.split("/", 1)[0]  # a member of an archive: the archive's own name
    safe = _UNSAFE_NAME.sub("_", name.rsplit("/", 1)[-1]).strip() or "document"
    return OriginalFile(filename=safe[:MAX_NAME_CHARS], media_type=media_type, data=data)
