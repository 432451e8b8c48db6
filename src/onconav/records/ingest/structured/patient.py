"""The patient a structured record is about (a FHIR Patient, a C-CDA recordTarget): one
rendered line and the identity facts it gives. A birth date known only to the month or
year is kept as printed and flagged ``date_missing``."""

from __future__ import annotations

from onconav.records.ingest.structured.render import StructuredText
from onconav.records.ingest.structured.when import When
from onconav.records.model import Fact, FactKind


def patient_facts(
    text: StructuredText, locator: str, *, name: str | None, born: When, sex: str | None
) -> list[Fact]:
    line = text.add_line(
        "; ".join(
            part
            for part in (
                f"Patient: {name}" if name else "Patient",
                f"date of birth {born.iso}" if born.iso else "",
                f"sex {sex}" if sex else "",
            )
            if part
        ),
        locator,
    )
    provenance = text.provenance(line)
    return [
        Fact(kind=FactKind.IDENTITY, name=field, value=value, flags=flags, provenance=provenance)
        for field, value, flags in (
            ("name", name, ()),
            ("date_of_birth", born.iso, () if born.date else ("date_missing",)),
            ("sex", sex, ()),
        )
        if value
    ]
