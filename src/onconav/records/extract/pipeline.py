"""``extract_facts``: every extractor over a document's pages, plus the facts ingestion
already read from structure (FHIR, C-CDA), with duplicates removed.

A fact read from text that repeats a structured fact is dropped, the structured one being
the better source: either it was read from the same rendered line (ingestion renders one
line per FHIR resource or C-CDA entry and points its facts at it), or it has the same kind,
name, value and date. Text facts that repeat each other (a
summary line and the table below it) are kept once, the one with more detail winning.
The result is ordered by page and position, structured facts first. Deterministic; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable

from onconav.records.extract.cytogenetics import extract_cytogenetics
from onconav.records.extract.dates import DateOrder, read_date
from onconav.records.extract.diagnosis import extract_diagnoses
from onconav.records.extract.differential import extract_differential
from onconav.records.extract.document import DocumentText
from onconav.records.extract.dysplasia import extract_dysplasia
from onconav.records.extract.history import extract_history
from onconav.records.extract.identity import extract_identity
from onconav.records.extract.lab_columns import extract_lab_columns
from onconav.records.extract.lab_series import extract_series
from onconav.records.extract.labs import extract_labs
from onconav.records.extract.marrow import extract_marrow
from onconav.records.extract.ngs import extract_ngs
from onconav.records.extract.transfusion_log import transfusion_log
from onconav.records.extract.transfusions import extract_transfusions
from onconav.records.extract.treatments import extract_treatments
from onconav.records.model import ExtractedDocument, Fact, FactKind

Extractor = Callable[[DocumentText], list[Fact]]

EXTRACTORS: tuple[Extractor, ...] = (
    extract_marrow,
    extract_dysplasia,
    extract_diagnoses,
    extract_cytogenetics,
    extract_ngs,
    extract_identity,
    extract_treatments,
    extract_transfusions,
    extract_history,
)


def extract_facts(document: ExtractedDocument) -> list[Fact]:
    """All facts in ``document``, each with its provenance."""
    text = DocumentText(document)
    series, series_lines = extract_series(text)
    differential, differential_rows = extract_differential(text)
    columns, column_lines = extract_lab_columns(text)
    _, log_rows = transfusion_log(text)  # "04-Feb  Platelets  1" is a transfusion, not a count
    found = [
        *series,
        *differential,
        *columns,
        *extract_labs(text, series_lines | differential_rows | column_lines | log_rows),
    ]
    for extractor in EXTRACTORS:
        found.extend(extractor(text))
    kept = _without_duplicates(found, document.facts)
    kept.sort(key=_position)
    return [*document.facts, *_with_likely_dates(kept, text)]


def _with_likely_dates(facts: list[Fact], text: DocumentText) -> list[Fact]:
    """Ambiguous dates stay unresolved; when the document's other dates all read one way,
    the reading that order gives is attached as a hint for the person to confirm."""
    if text.likely_order is None:
        return facts
    hinted: list[Fact] = []
    for fact in facts:
        if "date_ambiguous" in fact.flags and fact.date_text:
            reading = read_date(fact.date_text, text.likely_order)
            if reading is not None and reading.date is not None:
                order = "day first" if text.likely_order is DateOrder.DAY_FIRST else "month first"
                fact = fact.model_copy(
                    update={
                        "details": {
                            **fact.details,
                            "likely_date": reading.date.isoformat(),
                            "likely_date_reason": "the other dates in this document are written "
                            f"{order}; please confirm",
                        }
                    }
                )
        hinted.append(fact)
    return hinted


def _key(fact: Fact) -> tuple[object, ...]:
    """Lab results repeat with more or less detail (a summary and its table); other facts
    are told apart by their details too (two TP53 variants, blasts by two methods)."""
    value = round(fact.value, 4) if isinstance(fact.value, float) else fact.value
    key: tuple[object, ...] = (fact.kind, fact.name, value, fact.unit, fact.date, fact.date_text)
    if fact.kind is not FactKind.LAB:
        key += (repr(sorted(fact.details.items())),)
    return key


def _without_duplicates(found: list[Fact], structured: tuple[Fact, ...]) -> list[Fact]:
    structured_keys = {_structured_key(fact) for fact in structured}
    structured_spans = [
        (f.provenance.page, f.provenance.start, f.provenance.end)
        for f in structured
        if f.provenance.page is not None
        and f.provenance.start is not None
        and f.provenance.end is not None
    ]
    chosen: dict[tuple[object, ...], Fact] = {}
    for fact in found:
        if _structured_key(fact) in structured_keys or _overlaps(fact, structured_spans):
            continue
        key = _key(fact)
        current = chosen.get(key)
        if current is None or len(fact.details) > len(current.details):
            chosen[key] = fact
    return list(chosen.values())


def _overlaps(fact: Fact, spans: list[tuple[int, int, int]]) -> bool:
    provenance = fact.provenance
    if provenance.start is None or provenance.end is None:
        return False
    return any(
        page == provenance.page and start < provenance.end and provenance.start < end
        for page, start, end in spans
    )


def _structured_key(fact: Fact) -> tuple[object, ...]:
    value = round(fact.value, 2) if isinstance(fact.value, float) else fact.value
    return (fact.kind, fact.name, value, fact.date)


def _position(fact: Fact) -> tuple[int, int, int, str]:
    provenance = fact.provenance
    return (provenance.page or 0, provenance.start or 0, provenance.end or 0, fact.name)
