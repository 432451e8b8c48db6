"""Lab results from coded records, normalised through ``onconav.clinical.units``.

A structured record gives the unit twice: as printed ("K/uL") and as a UCUM code
("10*3/uL"). Either is tried; when neither is recognised the value is kept as recorded,
without a unit, and flagged for the person to confirm rather than converted by guess. A
value no patient can have (``onconav.clinical.units.PLAUSIBLE``) is kept, flagged
``implausible``, for the person to correct; the profile does not use it.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.clinical.units import Analyte, normalise, plausible_reading
from onconav.records.ingest.structured.when import When
from onconav.records.model import Fact, FactKind, Provenance

_UCUM_ANNOTATION = re.compile(r"\{[^}]*\}")


def lab_fact(
    analyte: Analyte,
    value: float,
    *,
    unit: str | None,
    unit_code: str | None,
    when: When,
    provenance: Provenance,
    details: dict[str, Any],
) -> Fact:
    flags: list[str] = []
    printed_unit = unit or unit_code
    normalised = None
    for candidate in (unit, _readable_ucum(unit_code)):
        if candidate and (normalised := normalise(analyte, value, candidate)):
            break
    if normalised is not None:
        canonical_value: float = round(normalised.value, 6)
        canonical_unit: str | None = normalised.unit
    else:
        canonical_value, canonical_unit = value, None
        flags.append("unit_missing" if not printed_unit else "unit_unknown")
    if not plausible_reading(analyte, canonical_value, converted=canonical_unit is not None):
        flags.append("implausible")
    if when.date is None:
        flags.append("date_missing")
    return Fact(
        kind=FactKind.LAB,
        name=analyte.value,
        value=canonical_value,
        unit=canonical_unit,
        original_value=format_number(value),
        original_unit=printed_unit,
        date=when.date,
        date_text=when.text,
        details={key: item for key, item in details.items() if item is not None},
        flags=tuple(flags),
        provenance=provenance,
    )


def format_number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def _readable_ucum(code: str | None) -> str | None:
    """'m[IU]/mL' -> 'mIU/mL', '{cells}/uL' -> '/uL': UCUM brackets mark special units
    and braces annotations, neither of which the unit table spells."""
    if not code:
        return None
    return _UCUM_ANNOTATION.sub("", code).replace("[", "").replace("]", "")
