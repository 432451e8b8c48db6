"""Zip archives with fixed timestamps, so a rebuilt corpus has the same bytes."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (2024, 7, 1, 12, 0, 0)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members:
            archive.writestr(_entry(name), data)
    return buffer.getvalue()


def restamp_zip(data: bytes) -> bytes:
    """The same archive with every member's timestamp fixed (python-docx stamps the clock)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return write_zip(members)


def write_zip_bomb(name_and_prolog: list[tuple[str, bytes]], bomb_name: str, size: int) -> bytes:
    """An archive whose ``bomb_name`` member inflates to ``size`` bytes of blanks.

    Written in 1 MiB chunks: the compressed archive is about a thousandth of ``size`` and is
    never held uncompressed in memory.
    """
    buffer = io.BytesIO()
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in name_and_prolog:
            archive.writestr(_entry(name), data)
        with archive.open(_entry(bomb_name), "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
            written = 0
            while written < size:
                piece = chunk[: min(len(chunk), size - written)]
                member.write(piece)
                written += len(piece)
    return buffer.getvalue()
