"""Zip archives (portal exports, and the zip inside every .docx) opened defensively.

Everything is decided from the archive's central directory before a byte is unpacked:
member count, total unpacked size, each member's compression ratio. Python's zipfile
never inflates a member beyond the size its directory entry declares (and fails the CRC
if the data claims otherwise), so the checked sizes also bound the memory used.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.limits import MEGABYTE, IngestLimits

# Below this size a high ratio is harmless (small XML and text parts compress very well).
_RATIO_FLOOR = 1 * MEGABYTE
_CHUNK = 1 * MEGABYTE
_ENCRYPTED_FLAG = 0x1
# The end-of-archive record is 22 bytes plus a comment of at most 65,535.
_END_SEARCH = 22 + 65_535


@dataclass(frozen=True)
class Member:
    path: str
    data: bytes


@dataclass(frozen=True)
class SkippedMember:
    path: str
    reason: str


def open_checked(data: bytes, limits: IngestLimits, *, label: str) -> zipfile.ZipFile:
    """The archive, once its directory shows it cannot exhaust memory or disk."""
    declared = declared_members(data)
    if declared is not None and declared > limits.max_archive_members:
        # Refused before zipfile builds an entry object for each of them.
        raise _too_many(label, declared, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise RecordError(
            f"This {label} is damaged and cannot be opened. Please download or export it again.",
            ErrorCode.CORRUPT,
        ) from None
    infos = archive.infolist()
    if len(infos) > limits.max_archive_members:
        archive.close()
        raise _too_many(label, len(infos), limits)
    total = sum(info.file_size for info in infos)
    if total > limits.max_unpacked_bytes or any(_inflates_suspiciously(i, limits) for i in infos):
        archive.close()
        raise RecordError(
            f"This {label} would unpack to far more data than it contains, which is a sign "
            "of a damaged or harmful file, so we did not open it.",
            ErrorCode.ARCHIVE_BOMB,
        )
    return archive


def declared_members(data: bytes) -> int | None:
    """The member count the archive's end record declares (zip64 included), read from
    the last bytes of the file; None when there is no end record to read."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - _END_SEARCH))
    if end < 0 or end + 22 > len(data):
        return None
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        record = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data[record : record + 4] == b"PK\x06\x06":
            return int.from_bytes(data[record + 32 : record + 40], "little")
    return count


def _too_many(label: str, count: int, limits: IngestLimits) -> RecordError:
    return RecordError(
        f"This {label} holds {count} files; we open at most {limits.max_archive_members}. "
        "Please add the files you need separately.",
        ErrorCode.ARCHIVE_TOO_MANY_FILES,
    )


def _inflates_suspiciously(info: zipfile.ZipInfo, limits: IngestLimits) -> bool:
    if info.file_size > limits.max_unpacked_bytes:
        return True
    if info.file_size <= _RATIO_FLOOR:
        return False
    return info.file_size > max(info.compress_size, 1) * limits.max_compression_ratio


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, read in chunks and never past its declared size or ``limit``."""
    allowed = min(info.file_size, limit)
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            size += len(chunk)
            if size > allowed:
                raise RecordError(
                    "A file inside this archive is larger than it claims to be, so we "
                    "stopped reading it.",
                    ErrorCode.ARCHIVE_BOMB,
                )
            chunks.append(chunk)
    return b"".join(chunks)


def members(data: bytes, limits: IngestLimits) -> Iterator[Member | SkippedMember]:
    """Each file of a checked archive, in directory order; folders and system clutter
    are passed over silently, files we must not or cannot read are reported skipped."""
    with open_checked(data, limits, label="archive") as archive:
        for info in archive.infolist():
            path = info.filename
            if info.is_dir() or _is_clutter(path):
                continue
            if info.flag_bits & _ENCRYPTED_FLAG:
                yield SkippedMember(path, "it is protected by a password")
                continue
            if info.file_size > limits.max_bytes:
                yield SkippedMember(path, "it is larger than the size limit for one file")
                continue
            try:
                yield Member(path, read_member(archive, info, limits.max_bytes))
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
                yield SkippedMember(path, "it is damaged inside the archive")


def _is_clutter(path: str) -> bool:
    """Folders and files that operating systems add to archives, never records."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return (
        "__MACOSX" in parts
        or name.startswith(".")
        or name in ("Thumbs.db", "desktop.ini")
        or not name
    )
