"""The facts a perfect pipeline would produce for a document: every required expected fact,
with the annotated source text as its provenance. Used to test that the scorer counts right
and that every annotation can be matched at all."""

from __future__ import annotations

from typing import Any

from onconav.records.model import Fact, FactKind, Provenance

from .annotations import DocumentAnnotation


def perfect_facts(annotation: DocumentAnnotation) -> list[Fact]:
    return [
        Fact(
            kind=want.kind,
            name=want.name,
            value=None if want.match == "any" else want.value,
            unit=want.unit,
            date=None if want.date == "any" else want.date,
            details=dict(want.details),
            flags=want.flags,
            provenance=Provenance(
                document_id=annotation.document,
                document_name=annotation.file_name,
                text=want.source_text or "",
                method="plain",
            ),
        )
        for want in annotation.expected_facts()
        if not want.optional
    ]


def perfect_facts_with(annotation: DocumentAnnotation, *extra: Fact) -> list[Fact]:
    """The perfect facts plus ``extra``: how a set's tests show what one misreading scores."""
    return [*perfect_facts(annotation), *extra]


def perfect_fact_like(
    annotation: DocumentAnnotation, kind: FactKind, model: str, text: str = "", /, **update: Any
) -> Fact:
    """A copy of the perfect fact ``kind``/``model`` with ``update``, read from ``text``."""
    fact = next(f for f in perfect_facts(annotation) if f.kind == kind and f.name == model)
    provenance = fact.provenance.model_copy(update={"text": text or fact.provenance.text})
    return fact.model_copy(update={**update, "provenance": provenance})
