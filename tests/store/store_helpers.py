"""Builders and raw-row inspection shared by the store tests."""

from __future__ import annotations

import base64
import os
from typing import Any

from sqlalchemy import Engine, inspect, text

from fact_builders import record_fact
from onconav.records.model import (
    DocumentFormat,
    ExtractedDocument,
    Fact,
    FactKind,
    Page,
)


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def all_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        names = inspect(connection).get_table_names()
        return {
            name: [tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))]
            for name in names
        }


def rows_mentioning(engine: Engine, needle: bytes) -> list[tuple[str, tuple[Any, ...]]]:
    found = []
    for name, rows in all_rows(engine).items():
        for row in rows:
            for value in row:
                as_bytes = value.encode() if isinstance(value, str) else value
                if isinstance(as_bytes, bytes | memoryview) and needle in bytes(as_bytes):
                    found.append((name, row))
    return found


def count_rows(engine: Engine, table_name: str) -> int:
    return len(all_rows(engine)[table_name])


def make_document(
    document_id: str,
    name: str = "labs.txt",
    texts: tuple[str, ...] = ("Hemoglobin 9.1 g/dL",),
    warnings: tuple[str, ...] = (),
) -> ExtractedDocument:
    return ExtractedDocument(
        document_id=document_id,
        name=name,
        format=DocumentFormat.TEXT,
        media_type="text/plain",
        sha256="0" * 64,
        size=sum(len(page) for page in texts),
        pages=tuple(
            Page(number=number, text=page, method="plain")
            for number, page in enumerate(texts, start=1)
        ),
        warnings=warnings,
    )


def make_fact(
    document_id: str,
    name: str = "hemoglobin",
    value: float | int | str | bool | None = 9.1,
    source_text: str = "Hemoglobin 9.1 g/dL",
    kind: FactKind = FactKind.LAB,
    unit: str | None = "g/dL",
) -> Fact:
    return record_fact(
        kind,
        name,
        value,
        unit=unit,
        doc=document_id,
        document_name="labs.txt",
        line=None,
        text=source_text,
        method="plain",
    )
