"""FHIR resources to rendered lines and facts: Patient, Observation, Condition,
MedicationStatement / MedicationRequest / MedicationAdministration, Procedure
(transfusions) and DiagnosticReport (its conclusion and attached report text become
pages of their own)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import html

from onconav.records.ingest.errors import RecordError
from onconav.records.ingest.structured import codes
from onconav.records.ingest.structured.conditions import condition_line, diagnosis_fact
from onconav.records.ingest.structured.fhir_observations import is_retracted, observation
from onconav.records.ingest.structured.fhir_read import FhirContent, ParsedResource
from onconav.records.ingest.structured.fhir_values import (
    code_list,
    codes_in,
    concept_text,
    first_when,
    human_name,
    period_end,
)
from onconav.records.ingest.structured.medications import medication_line, treatment_fact
from onconav.records.ingest.structured.patient import patient_facts
from onconav.records.ingest.structured.render import StructuredText, joined
from onconav.records.ingest.structured.when import NEVER, When
from onconav.records.model import Fact, FactKind, Page

# Reads an attached file (content type, bytes) into pages; RecordError if it cannot.
AttachmentReader = Callable[[str, bytes], list[Page]]

_MEDICATIONS = ("MedicationStatement", "MedicationRequest", "MedicationAdministration")


@dataclass
class FhirFacts:
    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_resources(
    content: FhirContent, text: StructuredText, read_attachment: AttachmentReader
) -> FhirFacts:
    result = FhirFacts(warnings=list(content.warnings))
    medications = _medication_index(content)
    retracted = 0
    for resource in content.resources:
        if is_retracted(resource):
            retracted += 1
            continue
        kind = resource.resource_type
        if kind == "Patient":
            result.facts.extend(_patient(resource, text))
        elif kind == "Observation":
            result.facts.extend(observation(resource, text))
        elif kind == "Condition":
            result.facts.extend(_condition(resource, text))
        elif kind in _MEDICATIONS:
            result.facts.extend(_medication_use(resource, text, medications))
        elif kind == "Procedure":
            result.facts.extend(_procedure(resource, text))
        elif kind == "DiagnosticReport":
            _report(resource, text, read_attachment, result.warnings)
    if retracted:
        result.warnings.append(
            f"{retracted} record(s) marked as entered in error or cancelled were left out."
        )
    return result


def _patient(resource: ParsedResource, text: StructuredText) -> list[Fact]:
    model = resource.model
    name = human_name(model.name)
    born = first_when(model.birthDate)
    sex = model.gender if model.gender in ("male", "female", "other") else None
    return patient_facts(text, resource.reference, name=name, born=born, sex=sex)


def _condition(resource: ParsedResource, text: StructuredText) -> list[Fact]:
    model = resource.model
    diagnosis = concept_text(model.code)
    onset = first_when(model.onsetDateTime, model.onsetPeriod)
    clinical = concept_text(model.clinicalStatus)
    verification = concept_text(model.verificationStatus)
    statuses = ", ".join(s for s in (clinical, verification) if s)
    line = text.add_line(
        condition_line("Condition", diagnosis, statuses, onset), resource.reference
    )
    if not diagnosis:
        return []
    refuted = "refuted" in codes_in(model.verificationStatus, _VERIFICATION_SYSTEM)
    return [
        diagnosis_fact(
            diagnosis,
            onset=onset,
            provenance=text.provenance(line),
            details={
                "codes": code_list(model.code),
                "clinical_status": clinical,
                "verification_status": verification,
                "recorded": first_when(model.recordedDate).iso,
            },
            flags=("negated_context",) if refuted else (),
        )
    ]


_VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def _medication_index(content: FhirContent) -> dict[str, str]:
    """Medication resources by every way a reference may name them."""
    index: dict[str, str] = {}
    for resource in content.resources:
        if resource.resource_type != "Medication":
            continue
        name = concept_text(resource.model.code)
        if not name:
            continue
        index[resource.reference] = name
        if resource.full_url:
            index[resource.full_url] = name
    return index


def _medication_use(
    resource: ParsedResource, text: StructuredText, medications: dict[str, str]
) -> list[Fact]:
    model = resource.model
    kind = resource.resource_type
    display = _medication_name(model, medications)
    start, stop = _treatment_dates(model, kind)
    status = getattr(model, "status", None)
    line = text.add_line(medication_line(kind, display, status, start, stop), resource.reference)
    fact = treatment_fact(
        display,
        status=status,
        start=start,
        stop=stop,
        provenance=text.provenance(line),
        details={"record_type": kind},
    )
    return [] if fact is None else [fact]


def _medication_name(model: Any, medications: dict[str, str]) -> str | None:
    concept = getattr(model, "medicationCodeableConcept", None)
    if concept is not None:
        return concept_text(concept)
    reference = getattr(model, "medicationReference", None)
    target = getattr(reference, "reference", None)
    if target:
        if target.startswith("#"):
            for contained in getattr(model, "contained", None) or []:
                if getattr(contained, "id", None) == target[1:]:
                    return concept_text(getattr(contained, "code", None))
        if target in medications:
            return medications[target]
    return getattr(reference, "display", None)


def _treatment_dates(model: Any, kind: str) -> tuple[When, When]:
    if kind == "MedicationRequest":
        validity = getattr(getattr(model, "dispenseRequest", None), "validityPeriod", None)
        return first_when(validity, model.authoredOn), period_end(validity)
    period = getattr(model, "effectivePeriod", None)
    start = first_when(getattr(model, "effectiveDateTime", None), period)
    return start, period_end(period) if period is not None else NEVER


def _procedure(resource: ParsedResource, text: StructuredText) -> list[Fact]:
    model = resource.model
    name = concept_text(model.code)
    when = first_when(model.performedDateTime, model.performedPeriod)
    line = text.add_line(
        joined(
            when.iso or "",
            f"Procedure: {name or 'not named'}",
            f"({model.status})" if model.status else "",
        ),
        resource.reference,
    )
    product = next(
        (
            codes.TRANSFUSION_PRODUCTS[code]
            for code in codes_in(model.code, codes.SNOMED_SYSTEM)
            if code in codes.TRANSFUSION_PRODUCTS
        ),
        None,
    )
    if product is None or model.status in ("not-done", "preparation"):
        return []
    return [
        Fact(
            kind=FactKind.TRANSFUSION,
            name=product,
            value=None,  # units given are not part of a FHIR Procedure
            date=when.date,
            date_text=when.text,
            details={"codes": code_list(model.code), "status": model.status},
            flags=() if when.date else ("date_missing",),
            provenance=text.provenance(line),
        )
    ]


def _report(
    resource: ParsedResource,
    text: StructuredText,
    read_attachment: AttachmentReader,
    warnings: list[str],
) -> None:
    model = resource.model
    title = concept_text(model.code) or "Report"
    collected = first_when(model.effectiveDateTime, model.effectivePeriod)
    reported = first_when(model.issued)
    heading = [title]
    if collected.iso:
        heading.append(f"Collected: {collected.iso}")
    if reported.iso:
        heading.append(f"Reported: {reported.iso}")
    pages: list[int] = []
    conclusion_parts = [str(model.conclusion)] if model.conclusion else []
    conclusion_parts += [t for c in model.conclusionCode or [] if (t := concept_text(c))]
    if conclusion_parts:
        pages.append(text.add_narrative(heading, "Conclusion: " + "\n".join(conclusion_parts)))
    attached = 0
    for form in model.presentedForm or []:
        body = _attachment_bytes(form)
        content_type = (form.contentType or "").split(";")[0].strip().lower()
        if body is None:
            if form.url:
                warnings.append(
                    f"{resource.resource_type} entry {resource.position} links to a report "
                    "file by address; linked files are not downloaded."
                )
            continue
        if content_type.startswith("text/"):
            decoded = body.decode("utf-8", errors="replace")
            pages.append(text.add_narrative(heading, _strip_markup(decoded, content_type)))
            continue
        try:
            read = read_attachment(content_type, body)
        except RecordError as problem:
            warnings.append(
                f"{resource.resource_type} entry {resource.position} has an attached file "
                f"that was not read. {problem.message}"
            )
            continue
        text.extra_pages.extend(read)
        attached += len(read)
    where = [f"page {number}" for number in pages]
    if attached:
        where.append(f"{attached} attached page(s)")
    text.add_line(
        joined(
            collected.iso or reported.iso or "",
            f"DiagnosticReport: {title}",
            f"({model.status})" if model.status else "",
            f"- text on {', '.join(where)}" if where else "",
        ),
        resource.reference,
    )


def _attachment_bytes(form: Any) -> bytes | None:
    data = getattr(form, "data", None)
    if data is None:
        return None
    if isinstance(data, bytes):
        return data
    try:
        return base64.b64decode(str(data), validate=False)
    except (binascii.Error, ValueError):
        return None


def _strip_markup(text: str, content_type: str) -> str:
    if content_type not in ("text/html", "text/xml", "application/xhtml+xml"):
        return text
    try:
        return str(html.fromstring(text).text_content())
    except (ValueError, TypeError):
        return text
