"""The small readers behind FHIR and C-CDA: drug names, HL7 dates, UCUM units."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.clinical.units import Analyte
from onconav.records.ingest import ErrorCode, IngestLimits, RecordError, ingest
from onconav.records.ingest.structured.drugs import generic_name
from onconav.records.ingest.structured.labs import lab_fact
from onconav.records.ingest.structured.when import When, from_fhir, from_hl7
from onconav.records.model import Provenance

PROVENANCE = Provenance(document_id="d", document_name="n", text="t", method="fhir")


@pytest.mark.parametrize(
    ("display", "generic"),
    [
        ("azacitidine 100 MG Injection", "azacitidine"),
        ("Lenalidomide 10 MG Oral Capsule [Revlimid]", "lenalidomide"),
        ("decitabine and cedazuridine 35 MG / 100 MG Oral Tablet", "decitabine and cedazuridine"),
        ("Epoetin Alfa 40000 UNT/ML Injectable Solution", "epoetin alfa"),
        ("luspatercept-aamt", "luspatercept-aamt"),
        ("Vidaza", "vidaza"),
        ("100 MG Injection", None),
    ],
)
def test_generic_name(display: str, generic: str | None) -> None:
    assert generic_name(display) == generic


@given(st.text(max_size=60))
def test_generic_name_is_lower_case_and_has_no_digits(text: str) -> None:
    name = generic_name(text)
    if name is not None:
        assert name == name.lower()
        assert not any(c.isdigit() for c in name)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20240301", When(dt.date(2024, 3, 1), "20240301")),
        ("202403011030-0500", When(dt.date(2024, 3, 1), "202403011030-0500")),
        ("202403", When(None, "2024-03")),
        ("2024", When(None, "2024")),
        ("20241301", When(None, "20241301")),
        (None, When()),
    ],
)
def test_hl7_dates_keep_no_day_they_do_not_give(value: str | None, expected: When) -> None:
    assert from_hl7(value) == expected


def test_fhir_datetimes_keep_the_recorded_calendar_day() -> None:
    late = dt.datetime(2024, 3, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert from_fhir(late).date == dt.date(2024, 3, 1)
    assert from_fhir("2024-03").date is None


@pytest.mark.parametrize(
    ("analyte", "value", "ucum", "expected"),
    [
        (Analyte.EPO, 38, "m[IU]/mL", 38),
        (Analyte.PLATELETS, 61, "10*3/uL", 61),
        (Analyte.WBC, 3100, "{cells}/uL", 3.1),
        (Analyte.FOLATE, 22.66, "nmol/L", 10),
    ],
)
def test_ucum_codes_are_read_when_the_printed_unit_is_absent(
    analyte: Analyte, value: float, ucum: str, expected: float
) -> None:
    fact = lab_fact(
        analyte, value, unit=None, unit_code=ucum, when=When(), provenance=PROVENANCE, details={}
    )
    assert fact.value == pytest.approx(expected)
    assert "unit_unknown" not in fact.flags
    assert "date_missing" in fact.flags


@pytest.mark.parametrize(
    ("analyte", "value", "ucum", "implausible"),
    [
        (Analyte.HEMOGLOBIN, 131, "g/dL", True),  # a g/L value recorded with the wrong unit
        (Analyte.HEMOGLOBIN, 131, "g/L", False),
        (Analyte.MCV, 9.4, "fL", True),
        (Analyte.MCV, 94, None, False),
    ],
)
def test_a_recorded_value_no_patient_can_have_is_flagged(
    analyte: Analyte, value: float, ucum: str | None, implausible: bool
) -> None:
    fact = lab_fact(
        analyte, value, unit=None, unit_code=ucum, when=When(), provenance=PROVENANCE, details={}
    )
    assert fact.original_value == f"{value:g}"
    assert ("implausible" in fact.flags) is implausible


def test_html_page_is_refused_with_advice() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("INDEX.HTM", b"<!DOCTYPE html><html><body>Portal</body></html>", IngestLimits())
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
    assert "PDF" in caught.value.message


def test_single_read_formats_report_progress() -> None:
    calls: list[tuple[str, int, int]] = []
    ingest("a.txt", b"one\ftwo", IngestLimits(), progress=lambda *c: calls.append(c))
    assert calls == [("text", 1, 2), ("text", 2, 2)]
