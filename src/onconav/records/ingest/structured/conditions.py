"""A coded problem or condition (a FHIR Condition, a C-CDA problem observation) as a
rendered line and a diagnosis fact dated at its onset."""

from __future__ import annotations

from typing import Any

from onconav.records.ingest.structured.render import joined
from onconav.records.ingest.structured.when import When
from onconav.records.model import Fact, FactKind, Provenance


def condition_line(label: str, diagnosis: str | None, status: str | None, onset: When) -> str:
    """'2024-02-12 Condition: Myelodysplastic syndrome (active, confirmed)'."""
    return joined(
        onset.iso or "",
        f"{label}: {diagnosis or 'not named'}",
        f"({status})" if status else "",
        "" if onset.iso else "(onset not recorded)",
    )


def diagnosis_fact(
    diagnosis: str,
    *,
    onset: When,
    provenance: Provenance,
    details: dict[str, Any],
    flags: tuple[str, ...] = (),
) -> Fact:
    return Fact(
        kind=FactKind.DIAGNOSIS,
        name="diagnosis",
        value=diagnosis,
        date=onset.date,
        date_text=onset.text,
        details=details,
        flags=(*(() if onset.date else ("date_missing",)), *flags),
        provenance=provenance,
    )
