"""The facts a perfect pipeline would produce for a document: every required expected fact,
with the annotated source text as its provenance. Used to test that the scorer counts right
and that every annotation can be matched at all."""

from __future__ import annotations

from onconav.records.model import Fact, Provenance

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
