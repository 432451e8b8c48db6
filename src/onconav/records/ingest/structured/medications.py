"""A coded medication record (a FHIR MedicationStatement, MedicationRequest or
MedicationAdministration; a C-CDA substance administration) as a rendered line and a
treatment fact. The drug is the fact's name and the record's status its value; no dose
is ever kept."""

from __future__ import annotations

from typing import Any

from onconav.records.ingest.structured.drugs import generic_name
from onconav.records.ingest.structured.render import joined
from onconav.records.ingest.structured.when import When
from onconav.records.model import Fact, FactKind, Provenance


def medication_line(
    label: str, display: str | None, status: str | None, start: When, stop: When
) -> str:
    """'MedicationStatement: azacitidine 100 MG Injection (active) from 2024-01-08'."""
    return joined(
        f"{label}: {display or 'not named'}",
        f"({status})" if status else "",
        f"from {start.iso}" if start.iso else "",
        f"to {stop.iso}" if stop.iso else "",
    )


def treatment_fact(
    display: str | None,
    *,
    status: str | None,
    start: When,
    stop: When,
    provenance: Provenance,
    details: dict[str, Any],
) -> Fact | None:
    """The treatment a record names, or None when it names no drug."""
    drug = generic_name(display) if display else None
    if drug is None:
        return None
    return Fact(
        kind=FactKind.TREATMENT,
        name=drug,
        value=status,
        date=start.date,
        date_text=start.text,
        details={"start": start.iso, "stop": stop.iso, "cycles": None, "status": status, **details},
        flags=() if start.date else ("date_missing",),
        provenance=provenance,
    )
