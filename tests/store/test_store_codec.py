"""Property tests: every fact, page and correction survives sealing and opening unchanged."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.records.model import Fact, FactKind, Page, Provenance
from onconav.store import DecryptionError
from onconav.store.codec import CorrectionContent, RecordCodec
from onconav.store.crypto import RecordCipher
from onconav.store.schema import CorrectionRow

CODEC = RecordCodec(RecordCipher(os.urandom(32)))

any_text = st.text(max_size=40)  # includes NUL and astral characters
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
details = st.dictionaries(
    st.text(min_size=1, max_size=10),
    st.one_of(scalar, st.lists(scalar, max_size=3)),
    max_size=4,
)
provenances = st.builds(
    Provenance,
    document_id=st.text(min_size=1, max_size=12),
    document_name=any_text,
    page=st.one_of(st.none(), st.integers(min_value=1, max_value=500)),
    line=st.one_of(st.none(), st.integers(min_value=1, max_value=200)),
    text=any_text,
    method=st.sampled_from(["text-layer", "ocr", "fhir", "plain"]),
)
facts = st.builds(
    Fact,
    kind=st.sampled_from(FactKind),
    name=any_text,
    value=scalar,
    unit=st.one_of(st.none(), any_text),
    original_value=st.one_of(st.none(), any_text),
    date=st.one_of(st.none(), st.dates()),
    details=details,
    flags=st.lists(st.sampled_from(["unit_missing", "date_ambiguous", "hedged"])).map(tuple),
    provenance=provenances,
)


@given(fact=facts)
def test_facts_round_trip_exactly(fact: Fact) -> None:
    sealed = CODEC.seal_fact(fact, "fact-1", "patient-1")
    opened = CODEC.open_fact(sealed, "fact-1", "patient-1")
    assert opened == fact
    assert type(opened.value) is type(fact.value)  # 1 stays int, True stays bool


@given(
    text=any_text,
    confidence=st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
    number=st.integers(min_value=1, max_value=500),
)
def test_pages_round_trip_exactly(text: str, confidence: float | None, number: int) -> None:
    page = Page(number=number, text=text, method="ocr", ocr_confidence=confidence)
    sealed = CODEC.seal_page(page, "doc", "patient-1")
    assert CODEC.open_page(sealed, "doc", number, "patient-1") == page


@given(value=scalar, note=st.one_of(st.none(), any_text), date=st.one_of(st.none(), st.dates()))
def test_corrections_round_trip_exactly(
    value: float | int | str | bool | None, note: str | None, date: dt.date | None
) -> None:
    content = CorrectionContent(name="hemoglobin", value=value, unit="g/dL", date=date, note=note)
    row = CorrectionRow(
        id="c1",
        fact_id="f1",
        patient_id="patient-1",
        author_id="u1",
        created_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        ciphertext=CODEC.seal_correction(content, "c1", "patient-1"),
    )
    correction = CODEC.correction_from_row(row)
    assert (correction.name, correction.unit, correction.date, correction.note) == (
        "hemoglobin",
        "g/dL",
        date,
        note,
    )
    assert correction.value == value
    assert type(correction.value) is type(value)


@given(fact=facts)
def test_opening_under_another_row_or_patient_fails(fact: Fact) -> None:
    sealed = CODEC.seal_fact(fact, "fact-1", "patient-1")
    with pytest.raises(DecryptionError):
        CODEC.open_fact(sealed, "fact-2", "patient-1")
    with pytest.raises(DecryptionError):
        CODEC.open_fact(sealed, "fact-1", "patient-2")
