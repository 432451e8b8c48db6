"""FHIR Observations: lab results by LOINC code, and genomic variants as the HL7
Genomics Reporting guide codes them (gene studied, HGVS, allele frequency ...)."""

from __future__ import annotations

import re
from typing import Any

from onconav.records.ingest.structured import codes
from onconav.records.ingest.structured.fhir_read import ParsedResource
from onconav.records.ingest.structured.fhir_values import (
    code_list,
    codes_in,
    codings,
    concept_text,
    first_when,
    number,
    quantity_text,
)
from onconav.records.ingest.structured.labs import lab_fact
from onconav.records.ingest.structured.render import StructuredText, joined
from onconav.records.model import Fact, FactKind

_HGVS_PART = re.compile(r"(?:^|:)\s*([cpgn]\.\S+)")
_RETRACTED = frozenset({"entered-in-error", "cancelled"})


def is_retracted(resource: ParsedResource) -> bool:
    return getattr(resource.model, "status", None) in _RETRACTED


def observation(resource: ParsedResource, text: StructuredText) -> list[Fact]:
    model = resource.model
    if _is_genomic(model):
        return _genomic(resource, text)
    name = concept_text(model.code) or "Result"
    when = first_when(
        model.effectiveDateTime, model.effectivePeriod, model.effectiveInstant, model.issued
    )
    value_text = _value_text(model)
    if value_text is None:
        return []  # a panel header or a result not given
    reference = _reference_range(model)
    flag = _abnormal_flag(model)
    status = model.status if model.status not in ("final", "amended", "corrected") else None
    line = text.add_line(
        joined(
            when.iso or "",
            f"Observation {name}: {value_text}",
            f"(reference {reference})" if reference else "",
            flag or "",
            f"[{status}]" if status else "",
        ),
        resource.reference,
    )
    quantity = model.valueQuantity
    value = number(getattr(quantity, "value", None)) if quantity is not None else None
    analyte = next(
        (
            codes.LOINC_ANALYTES[code]
            for code in codes_in(model.code, codes.LOINC_SYSTEM)
            if code in codes.LOINC_ANALYTES
        ),
        None,
    )
    if analyte is None or value is None:
        return []
    return [
        lab_fact(
            analyte,
            value,
            unit=quantity.unit,
            unit_code=quantity.code,
            when=when,
            provenance=text.provenance(line),
            details={
                "loinc": codes_in(model.code, codes.LOINC_SYSTEM),
                "comparator": quantity.comparator,
                "reference_range": reference,
                "abnormal_flag": flag,
                "status": status,
            },
        )
    ]


def _value_text(model: Any) -> str | None:
    if model.valueQuantity is not None:
        return quantity_text(model.valueQuantity)
    if model.valueCodeableConcept is not None:
        return concept_text(model.valueCodeableConcept)
    for field in ("valueString", "valueInteger", "valueBoolean"):
        value = getattr(model, field, None)
        if value is not None:
            return str(value)
    if model.dataAbsentReason is not None:
        return f"no result ({concept_text(model.dataAbsentReason) or 'not given'})"
    return None


def _reference_range(model: Any) -> str | None:
    for reference in model.referenceRange or []:
        if reference.text:
            return str(reference.text)
        low = quantity_text(reference.low)
        high = quantity_text(reference.high)
        if low and high:
            low_number = low.split(" ")[0]
            return f"{low_number}-{high}"
        if low:
            return f">={low}"
        if high:
            return f"<={high}"
    return None


def _abnormal_flag(model: Any) -> str | None:
    for concept in model.interpretation or []:
        for _, code, _ in codings(concept):
            if code in codes.ABNORMAL_FLAGS:
                return codes.ABNORMAL_FLAGS[code]
    return None


def _is_genomic(model: Any) -> bool:
    if codes.GENETIC_VARIANT_ASSESSMENT in codes_in(model.code, codes.LOINC_SYSTEM):
        return True
    return any(_component_code(c) == codes.GENE_STUDIED for c in model.component or [])


def _component_code(component: Any) -> str | None:
    found = codes_in(component.code, codes.LOINC_SYSTEM)
    return found[0] if found else None


def _components(model: Any) -> dict[str, Any]:
    return {code: c for c in model.component or [] if (code := _component_code(c))}


def _component_text(component: Any) -> str | None:
    if component is None:
        return None
    if component.valueCodeableConcept is not None:
        return concept_text(component.valueCodeableConcept)
    if component.valueString is not None:
        return str(component.valueString)
    if component.valueQuantity is not None:
        return quantity_text(component.valueQuantity)
    if component.valueInteger is not None:
        return str(component.valueInteger)
    return None


def _genomic(resource: ParsedResource, text: StructuredText) -> list[Fact]:
    model = resource.model
    parts = _components(model)
    gene = _gene_symbol(parts.get(codes.GENE_STUDIED))
    when = first_when(model.effectiveDateTime, model.effectivePeriod, model.issued)
    presence = codes_in(model.valueCodeableConcept, codes.LOINC_SYSTEM)
    hgvs_c = _hgvs(_component_text(parts.get(codes.DNA_CHANGE)), "c.")
    hgvs_p = _hgvs(_component_text(parts.get(codes.AMINO_ACID_CHANGE)), "p.")
    transcript = _transcript(parts)
    vaf = _allele_fraction(parts.get(codes.SAMPLE_VARIANT_ALLELE_FREQUENCY))
    depth_component = parts.get(codes.ALLELIC_READ_DEPTH)
    depth = _depth(depth_component)
    significance = _component_text(parts.get(codes.CLINICAL_SIGNIFICANCE))
    germline = _germline(parts.get(codes.GENOMIC_SOURCE_CLASS))
    absent = codes.ABSENT in presence
    described = joined(
        when.iso or "",
        f"Observation genetic variant: {gene or 'gene not named'}",
        "not detected" if absent else (hgvs_c or ""),
        "" if absent else (hgvs_p or ""),
        f"VAF {vaf:.1%}" if vaf is not None else "",
        f"({significance})" if significance else "",
    )
    line = text.add_line(described, resource.reference)
    if gene is None:
        return []
    flags = () if when.date else ("date_missing",)
    if absent:
        return [
            Fact(
                kind=FactKind.GENE_STATUS,
                name=gene,
                value="wild_type",
                date=when.date,
                date_text=when.text,
                details={"codes": code_list(model.code)},
                flags=flags,
                provenance=text.provenance(line),
            )
        ]
    if codes.PRESENT not in presence and not (hgvs_c or hgvs_p):
        return []  # a gene listed without a call: nothing to say either way
    details: dict[str, Any] = {
        "transcript": transcript,
        "hgvs_c": hgvs_c,
        "hgvs_p": hgvs_p,
        "vaf": vaf,
        "depth": depth,
        "tier": None,
        "classification": significance,
        "germline": germline,
        "assay": None,
    }
    return [
        Fact(
            kind=FactKind.VARIANT,
            name=gene,
            value="mutated",
            date=when.date,
            date_text=when.text,
            details=details,
            flags=flags,
            provenance=text.provenance(line),
        )
    ]


def _gene_symbol(component: Any) -> str | None:
    if component is None:
        return None
    concept = component.valueCodeableConcept
    symbol: str | None = None
    if concept is not None:
        # HGNC codings carry the id as code ("HGNC:11998") and the symbol as display.
        symbol = next((display for _, _, display in codings(concept) if display), None)
        symbol = symbol or concept.text
    symbol = symbol or (str(component.valueString) if component.valueString else None)
    if not symbol:
        return None
    upper = symbol.strip().upper()
    return codes.GENE_ALIASES.get(upper, upper)


def _hgvs(value: str | None, prefix: str) -> str | None:
    if not value:
        return None
    match = _HGVS_PART.search(value)
    if match and match.group(1).startswith(prefix):
        return match.group(1)
    return value.strip() or None


def _transcript(parts: dict[str, Any]) -> str | None:
    named = _component_text(parts.get(codes.TRANSCRIPT_REFERENCE))
    if named:
        return named
    dna = _component_text(parts.get(codes.DNA_CHANGE))
    if dna and ":" in dna:
        return dna.split(":", 1)[0].strip() or None
    return None


def _allele_fraction(component: Any) -> float | None:
    """The variant allele fraction, 0-1. Reports give it as a fraction or in percent;
    a value above 1 can only be a percentage."""
    if component is None or component.valueQuantity is None:
        return None
    quantity = component.valueQuantity
    value = number(quantity.value)
    if value is None or value < 0:
        return None
    unit = (quantity.unit or quantity.code or "").strip()
    if unit == "%" or value > 1:
        value /= 100
    return round(value, 4) if value <= 1 else None


def _depth(component: Any) -> int | None:
    if component is None:
        return None
    value = (
        number(getattr(component.valueQuantity, "value", None)) if component.valueQuantity else None
    )
    if value is None and component.valueInteger is not None:
        value = float(component.valueInteger)
    return int(value) if value is not None else None


def _germline(component: Any) -> bool | None:
    if component is None or component.valueCodeableConcept is None:
        return None
    found = set(codes_in(component.valueCodeableConcept, codes.LOINC_SYSTEM))
    text = (concept_text(component.valueCodeableConcept) or "").lower()
    if codes.GERMLINE in found or text == "germline":
        return True
    if codes.SOMATIC in found or text == "somatic":
        return False
    return None
