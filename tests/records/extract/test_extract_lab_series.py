"""Serial (cumulative) results tables: one fact per date column."""

from __future__ import annotations

import datetime as dt

from extract_helpers import only, run

from onconav.records.model import FactKind

LAB = FactKind.LAB


def test_one_fact_per_date_column() -> None:
    text = (
        "CUMULATIVE RESULTS\n"
        "Test          13/01/2024   14/02/2024   15/03/2024   Units     Reference\n"
        "Hemoglobin    8.9 L        8.1 L        9.4 L        g/dL      13.5-17.5\n"
        "Platelets     52 L         --           61 L         K/uL      150-400\n"
        "WBC (x10^9/L) 2.1          2.4          3.0                    4.0-11.0\n"
    )
    facts = run(text)
    hb = only(facts, LAB, "hemoglobin")
    assert [(f.value, f.date) for f in hb] == [
        (8.9, dt.date(2024, 1, 13)),
        (8.1, dt.date(2024, 2, 14)),
        (9.4, dt.date(2024, 3, 15)),
    ]
    assert all(f.details["reference_range"] == "13.5-17.5" for f in hb)
    assert all(f.details["abnormal_flag"] == "L" for f in hb)
    assert [f.provenance.text for f in hb] == ["8.9 L", "8.1 L", "9.4 L"]
    assert all(f.provenance.line == 3 for f in hb)
    platelets = only(facts, LAB, "platelets")
    assert [(f.value, f.unit, f.date) for f in platelets] == [
        (52.0, "10^9/L", dt.date(2024, 1, 13)),
        (61.0, "10^9/L", dt.date(2024, 3, 15)),
    ]
    wbc = only(facts, LAB, "wbc")
    assert [(f.value, f.unit) for f in wbc] == [(2.1, "10^9/L"), (2.4, "10^9/L"), (3.0, "10^9/L")]


def test_ambiguous_column_dates_are_not_guessed() -> None:
    text = "Date         03/01/2024   04/02/2024\nHemoglobin   8.9          8.1     g/dL\n"
    hb = only(run(text), LAB, "hemoglobin")
    assert [(f.value, f.date, f.date_text, f.flags) for f in hb] == [
        (8.9, None, "03/01/2024", ("date_ambiguous",)),
        (8.1, None, "04/02/2024", ("date_ambiguous",)),
    ]


def test_columns_by_position_when_a_cell_is_empty() -> None:
    text = (
        "Component     2024-01-05   2024-02-05   2024-03-05\n"
        "Ferritin      1210                      1480        ng/mL\n"
    )
    ferritin = only(run(text), LAB, "ferritin")
    assert [(f.value, f.date) for f in ferritin] == [
        (1210.0, dt.date(2024, 1, 5)),
        (1480.0, dt.date(2024, 3, 5)),
    ]


def test_rows_that_cannot_be_placed_are_skipped_not_guessed() -> None:
    text = "Test   2024-01-05   2024-02-05\nFerritin 1210 1300 1480 ng/mL\n"
    assert only(run(text), LAB, "ferritin") == []


def test_the_table_ends_at_a_line_that_is_not_a_row() -> None:
    text = (
        "Test        2024-01-05   2024-02-05\n"
        "Hemoglobin  8.9          8.1     g/dL\n"
        "\n"
        "Comment: 2 units transfused 2024-02-06\n"
        "Hemoglobin 9.9 g/dL on 2024-03-01\n"
    )
    hb = only(run(text), LAB, "hemoglobin")
    assert [(f.value, f.date) for f in hb] == [
        (8.9, dt.date(2024, 1, 5)),
        (8.1, dt.date(2024, 2, 5)),
        (9.9, dt.date(2024, 3, 1)),
    ]


def test_previous_and_current_columns_each_carry_their_own_date() -> None:
    facts = run(
        "HAEMATOLOGY            Sample received 2024-09-18\n"
        "Analyte      Prior 2024-08-28    Latest 2024-09-18    Units\n"
        "Hgb          10.2                9.4                  g/dL\n"
        "Plt          77                  63                   10^9/L\n"
    )
    assert [(f.value, f.date) for f in only(facts, LAB, "hemoglobin")] == [
        (10.2, dt.date(2024, 8, 28)),
        (9.4, dt.date(2024, 9, 18)),
    ]
    assert [(f.value, f.date) for f in only(facts, LAB, "platelets")] == [
        (77, dt.date(2024, 8, 28)),
        (63, dt.date(2024, 9, 18)),
    ]


def test_a_row_of_specimen_numbers_or_times_does_not_end_the_table() -> None:
    # A text layer that keeps one space between cells, and two rows that identify each
    # collection (its specimen number, its time) between the dates and the results.
    facts = run(
        "CUMULATIVE HAEMATOLOGY\n"
        "Analyte Unit 03.02.2025 17.02.2025 03.03.2025 Normal\n"
        "Specimen no. B2502031-7 B2502172-2 B2503033-9\n"
        "Time 08:10 09:45 10:05\n"
        "Hb g/dL 9.1 L 8.7 L 8.4 L 12.0-16.0\n"
        "Plt x10^9/L 88 L 80 L 71 L 150-400\n"
    )
    assert [(f.value, f.date) for f in only(facts, LAB, "hemoglobin")] == [
        (9.1, dt.date(2025, 2, 3)),
        (8.7, dt.date(2025, 2, 17)),
        (8.4, dt.date(2025, 3, 3)),
    ]
    assert [(f.value, f.date) for f in only(facts, LAB, "platelets")] == [
        (88, dt.date(2025, 2, 3)),
        (80, dt.date(2025, 2, 17)),
        (71, dt.date(2025, 3, 3)),
    ]
    assert not any("date_missing" in f.flags for f in only(facts, LAB))


def test_a_sentence_with_numbers_still_ends_the_table() -> None:
    facts = run(
        "Test        2024-01-05   2024-02-05\n"
        "Hemoglobin  8.9          8.1     g/dL\n"
        "Note 2 units given on day 3 after the second sample\n"
        "Platelets   45           52      K/uL\n"
    )
    assert [f.date for f in only(facts, LAB, "platelets")] != [
        dt.date(2024, 1, 5),
        dt.date(2024, 2, 5),
    ]
