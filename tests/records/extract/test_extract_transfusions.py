"""Transfusions: logs laid out as tables, several transfusions in one sentence, and
transfusion rates that are not dated events."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import only, run

from onconav.records.model import Fact, FactKind

TRANSFUSION = FactKind.TRANSFUSION


def given(facts: list[Fact]) -> list[tuple[str, object, dt.date | None]]:
    return [(f.name, f.value, f.date) for f in only(facts, TRANSFUSION)]


def test_a_transfusion_log_laid_out_as_a_table() -> None:
    facts = run(
        "Haematology day unit, letter of 2024-01-20\n"
        "TRANSFUSION RECORD\n"
        "Date         Component            Qty\n"
        "03.01.2024   Platelets, pooled    1\n"
        "10.01.2024   Packed red cells     2\n"
        "17.01.2024   Red cells            1\n"
        "\n"
        "Next review in two weeks.\n"
    )
    assert given(facts) == [
        ("platelets", 1, dt.date(2024, 1, 3)),
        ("rbc", 2, dt.date(2024, 1, 10)),
        ("rbc", 1, dt.date(2024, 1, 17)),
    ]
    first = only(facts, TRANSFUSION)[0]
    assert first.provenance.text == "03.01.2024   Platelets, pooled    1"


def test_a_pipe_table_with_the_product_first() -> None:
    facts = run(
        "Blood bank issue log\n"
        "| Product | Issued | Units |\n"
        "| RBC | 2023-12-01 | 2 |\n"
        "| Platelets (apheresis) | 2023-12-04 | 1 |\n"
    )
    assert given(facts) == [
        ("rbc", 2, dt.date(2023, 12, 1)),
        ("platelets", 1, dt.date(2023, 12, 4)),
    ]


def test_each_transfusion_in_a_sentence_takes_its_own_date() -> None:
    facts = run(
        "Clinic review 2023-11-20\n"
        "Transfusion history: 1 unit of red cells on 2023-11-02; platelets 2 units on"
        " 2023-11-05 and 1 unit on 2023-11-09.\n"
    )
    assert given(facts) == [
        ("rbc", 1, dt.date(2023, 11, 2)),
        ("platelets", 2, dt.date(2023, 11, 5)),
        ("platelets", 1, dt.date(2023, 11, 9)),
    ]


def test_the_count_after_the_date() -> None:
    facts = run(
        "Letter dated 2024-01-08\n"
        "Her most recent platelet transfusion was on 4 December 2023 (1 unit).\n"
    )
    assert given(facts) == [("platelets", 1, dt.date(2023, 12, 4))]


def test_a_transfusion_rate_is_not_a_dated_transfusion() -> None:
    facts = run(
        "Letter dated 2024-01-08\n"
        "Before lenalidomide he needed about three units of red cells every four weeks.\n"
    )
    rate = only(facts, TRANSFUSION)
    assert [(f.name, f.value, f.date) for f in rate] == [("rbc", 3, None)]
    assert "date_missing" in rate[0].flags
    assert rate[0].details == {"period": "four weeks", "recurring": True}


def test_units_in_a_sentence_about_red_cell_support() -> None:
    facts = run(
        "Letter dated 2024-03-14\n"
        "He still needs red cell support: 2 units on 2024-02-02 and 2 units on 2024-02-23."
        " No platelet transfusions so far.\n"
    )
    assert given(facts) == [
        ("rbc", 2, dt.date(2024, 2, 2)),
        ("rbc", 2, dt.date(2024, 2, 23)),
    ]


def test_units_of_something_else_in_a_sentence_about_blood_are_not_transfusions() -> None:
    facts = run(
        "Ward note 2024-03-14\n"
        "Blood glucose 14 mmol/L; 8 units of insulin given. Heparin 5 units/kg bolus.\n"
        "Blood sugars were high, 6 units given at 22:00.\n"
    )
    assert only(facts, TRANSFUSION) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "He received 6 units of packed cells between March and June 2024.",
        "In total 3 units of platelets from January to April were needed.",
    ],
)
def test_units_given_over_a_span_of_months_are_an_aggregate_without_a_date(
    sentence: str,
) -> None:
    facts = run(f"Clinic review 2024-08-19\n{sentence}\n")
    (fact,) = only(facts, FactKind.TRANSFUSION)
    assert fact.date is None
    assert "date_missing" in fact.flags
    assert fact.details["period"]


def test_an_aggregate_whose_span_wraps_onto_the_next_line_has_no_date() -> None:
    facts = run(
        "Clinic review 2024-08-19\n"
        "He has had 5 units of red cells between\n"
        "April and July 2024; none since.\n"
    )
    (fact,) = only(facts, FactKind.TRANSFUSION)
    assert (fact.date, "date_missing" in fact.flags) == (None, True)
