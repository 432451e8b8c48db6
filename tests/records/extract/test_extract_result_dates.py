"""Which date a result carries: the collection date under its many labels, an ambiguous
date flagged rather than guessed, and a document's own date order as a hint only."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, run

from onconav.records.model import FactKind

LAB = FactKind.LAB


def test_results_under_an_ambiguous_collection_line_are_flagged_not_missing() -> None:
    facts = run("Ward 7 results, phoned through\nSamples taken 11/09/2023:\nHb 101 g/L\n")
    hemoglobin = one(facts, LAB, "hemoglobin")
    assert hemoglobin.date is None
    assert hemoglobin.date_text == "11/09/2023"
    assert "date_ambiguous" in hemoglobin.flags
    assert "date_missing" not in hemoglobin.flags


@pytest.mark.parametrize(
    "header",
    [
        "Marrow and blood sampled 05 Jan 2024; reported 19 Jan 2024.",
        "Specimen: peripheral blood, taken 5 Jan 2024. Reported 19 Jan 2024.",
        "Blood drawn on 2024-01-05, reported 2024-01-19",
        "Date of aspiration: 05.01.2024        Reported: 19.01.2024",
        "Trephine date 05/01/2024 (DD/MM/YYYY); authorised 19/01/2024",
    ],
)
def test_collection_wordings_outrank_the_report_date(header: str) -> None:
    facts = run(f"City Lab\n{header}\nHaemoglobin 10.9 g/dL\n")
    assert one(facts, LAB, "hemoglobin").date == dt.date(2024, 1, 5)


def test_a_discharge_summary_dates_its_findings_at_discharge() -> None:
    facts = run(
        "DISCHARGE SUMMARY\n"
        "Admitted: 2023-10-02     Discharged: 2023-10-09\n"
        "Performance status on leaving hospital: ECOG 1.\n"
    )
    assert one(facts, FactKind.PERFORMANCE_STATUS, "ecog").date == dt.date(2023, 10, 9)


def test_a_documents_own_date_order_is_a_hint_never_a_decision() -> None:
    facts = run(
        "Hillside Clinic    Visit: 07/23/2023\n"
        "Patient: Tomas Arve    DOB: 11/28/1950\n"
        "Labs drawn 08/03/2023: Hgb 9.9 g/dL\n"
    )
    hemoglobin = one(facts, LAB, "hemoglobin")
    assert hemoglobin.date is None
    assert "date_ambiguous" in hemoglobin.flags
    assert hemoglobin.details["likely_date"] == "2023-08-03"
    assert "please confirm" in hemoglobin.details["likely_date_reason"]


def test_a_stated_format_does_resolve_ambiguous_dates() -> None:
    facts = run("Date format: DD/MM/YYYY\nBloods taken 08/03/2023: Hgb 9.9 g/dL\n")
    hemoglobin = one(facts, LAB, "hemoglobin")
    assert hemoglobin.date == dt.date(2023, 3, 8)
    assert "date_ambiguous" not in hemoglobin.flags


def test_a_document_that_prints_both_orders_stays_ambiguous() -> None:
    facts = run(
        "Printed 23/07/2023 from the shared record\n"
        "Clinic visit 07/25/2023\n"
        "Labs drawn 08/03/2023: Hgb 9.9 g/dL\n"
    )
    hemoglobin = one(facts, LAB, "hemoglobin")
    assert hemoglobin.date is None
    assert "date_ambiguous" in hemoglobin.flags


def test_dotted_dates_do_not_decide_slashed_ones() -> None:
    facts = run("Printed 23.07.2023\nLabs drawn 08/03/2023: Hgb 9.9 g/dL\n")
    assert "date_ambiguous" in one(facts, LAB, "hemoglobin").flags


def test_a_letter_dated_on_a_line_of_its_own_dates_todays_results() -> None:
    facts = run(
        "Northside Haematology\n"
        "Clinic review — 14 March 2024\n"
        "\n"
        "Dear colleague,\n"
        "Blood count today: Hb 8.6 g/dL, platelets 61 x10^9/L.\n"
    )
    assert one(facts, LAB, "hemoglobin").date == dt.date(2024, 3, 14)


def test_a_birth_date_is_never_the_letter_date() -> None:
    facts = run("Letter\nBorn 14 March 1944\nBlood count: Hb 8.6 g/dL.\n")
    hemoglobin = one(facts, LAB, "hemoglobin")
    assert hemoglobin.date is None
    assert "date_missing" in hemoglobin.flags


def test_a_print_date_at_the_top_is_not_the_date_of_the_results() -> None:
    facts = run("Printed 2024-05-01 10:22\nLAB RESULTS\nHb 8.6 g/dL\n")
    hemoglobin = one(facts, LAB, "hemoglobin")
    assert hemoglobin.date is None
    assert "date_missing" in hemoglobin.flags


@pytest.mark.parametrize(
    "header",
    [
        "Clinic date: 03-Sep-2024        Dictated: 06-Sep-2024",
        "Date of consultation: 3 September 2024; typed 6 September 2024",
        "Appointment date 2024-09-03     Transcribed 2024-09-06",
        "Date seen: 03.09.2024   Letter sent: 06.09.2024",
    ],
)
def test_the_visit_date_of_a_clinic_letter_dates_the_bloods_taken_that_day(header: str) -> None:
    facts = run(
        "Department of Haematology\n"
        f"{header}\n"
        "Dear colleague,\n"
        "Bloods this morning: Hb 92 g/L, Plt 61 x10^9/L.\n"
    )
    assert one(facts, LAB, "hemoglobin").date == dt.date(2024, 9, 3)
    assert one(facts, LAB, "platelets").date == dt.date(2024, 9, 3)


@pytest.mark.parametrize(
    "label",
    [
        "Abnahme (sampled): 03.09.2024",
        "Prelevement [collected] : 2024-09-03",
        "Afname/collected: 03.09.2024",
    ],
)
def test_a_collection_label_glossed_in_brackets_still_labels_the_date(label: str) -> None:
    facts = run(f"Laboratorium\n{label}    Befund: 05.09.2024\nHb 9.1 g/dL\n")
    assert one(facts, LAB, "hemoglobin").date == dt.date(2024, 9, 3)


@pytest.mark.parametrize(
    "reference",
    [
        "Cytogenetics on the same sample:",
        "Karyotype of this marrow:",
        "From that biopsy, karyotype",
    ],
)
def test_a_result_from_a_specimen_named_earlier_carries_that_specimens_date(
    reference: str,
) -> None:
    facts = run(
        "Haematology review, 2024-10-01\n"
        "HISTORY\n"
        "Marrow biopsy at St Olaf on 12 June 2024 showed 6% blasts.\n"
        f"{reference} 47,XY,+8[15]/46,XY[5].\n"
        "Today: Hb 9.9 g/dL.\n"
    )
    assert one(facts, FactKind.KARYOTYPE, "karyotype").date == dt.date(2024, 6, 12)
    assert one(facts, LAB, "hemoglobin").date == dt.date(2024, 10, 1)
