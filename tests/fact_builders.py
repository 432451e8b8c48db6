"""One way for every test to build an extracted ``Fact`` with a plausible provenance.

``pyproject.toml`` puts ``tests`` on pytest's path, so any test module can
``from fact_builders import record_fact``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from onconav.records.model import Fact, FactKind, Provenance


def record_fact(
    kind: FactKind,
    name: str,
    value: Any,
    *,
    unit: str | None = None,
    date: dt.date | None = None,
    doc: str = "doc",
    document_name: str | None = None,
    page: int = 1,
    line: int | None = 1,
    text: str | None = None,
    method: str = "text-layer",
    flags: tuple[str, ...] = (),
    **details: Any,
) -> Fact:
    """A fact read from document ``doc`` (file ``<doc>.pdf`` unless named), with the printed
    text ``"<name> <value>"`` unless given; keyword arguments left over are its details."""
    return Fact(
        kind=kind,
        name=name,
        value=value,
        unit=unit,
        date=date,
        details=details,
        flags=flags,
        provenance=Provenance(
            document_id=doc,
            document_name=document_name or f"{doc}.pdf",
            page=page,
            line=line,
            text=text if text is not None else f"{name} {value}",
            method=method,
        ),
    )
