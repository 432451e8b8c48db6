"""Small readers for FHIR data types (CodeableConcept, Quantity, Period, HumanName) as
parsed by fhir.resources, tolerant of the many optional fields."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from onconav.records.ingest.structured.when import NEVER, When, from_fhir


def codings(concept: Any) -> Iterator[tuple[str, str, str]]:
    """(system, code, display) of each coding in a CodeableConcept."""
    for coding in getattr(concept, "coding", None) or []:
        yield (
            str(getattr(coding, "system", None) or ""),
            str(getattr(coding, "code", None) or ""),
            str(getattr(coding, "display", None) or ""),
        )


def codes_in(concept: Any, system: str) -> list[str]:
    return [code for coding_system, code, _ in codings(concept) if coding_system == system and code]


def concept_text(concept: Any) -> str | None:
    """What a person would read: the text, else the first display, else the first code."""
    if concept is None:
        return None
    text = getattr(concept, "text", None)
    if text:
        return str(text)
    for _, _code, display in codings(concept):
        if display:
            return display
    for _, code, _ in codings(concept):
        if code:
            return code
    return None


def code_list(concept: Any) -> list[str]:
    """Codes as 'system|code', for details a profile can match on."""
    return [f"{system}|{code}" for system, code, _ in codings(concept) if code]


def number(value: Any) -> float | None:
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return float(value)
    return None


def quantity_text(quantity: Any) -> str | None:
    if quantity is None:
        return None
    value = number(getattr(quantity, "value", None))
    if value is None:
        return None
    comparator = getattr(quantity, "comparator", None) or ""
    unit = getattr(quantity, "unit", None) or getattr(quantity, "code", None) or ""
    return f"{comparator}{value:g} {unit}".strip()


def first_when(*values: Any) -> When:
    """The first of several date fields that holds a date (a Period gives its start)."""
    for value in values:
        if value is None:
            continue
        start = getattr(value, "start", None) if hasattr(value, "start") else value
        when = from_fhir(start)
        if when.text:
            return when
    return NEVER


def period_end(period: Any) -> When:
    return from_fhir(getattr(period, "end", None)) if period is not None else NEVER


def human_name(names: Any) -> str | None:
    """The official name when marked, else the first, as 'Given Family'."""
    candidates = list(names or [])
    if not candidates:
        return None
    chosen = next((n for n in candidates if getattr(n, "use", None) == "official"), candidates[0])
    text = getattr(chosen, "text", None)
    if text:
        return str(text)
    parts = [*(getattr(chosen, "given", None) or []), getattr(chosen, "family", None) or ""]
    joined = " ".join(str(part) for part in parts if part)
    return joined or None
