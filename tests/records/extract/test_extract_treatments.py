"""Treatments told over several sentences, and one treatment mentioned again later."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, only, run

from onconav.records.model import FactKind

TREATMENT = FactKind.TREATMENT


def test_cycles_told_in_the_next_sentence_belong_to_the_drug_named_before() -> None:
    facts = run(
        "Haematology clinic, 2023-09-18\n"
        "Decitabine started 2023-05-10. Cycle 4 given from 2023-08-02. Continuing.\n"
    )
    decitabine = one(facts, TREATMENT, "decitabine")
    assert decitabine.details["start"] == "2023-05-10"
    assert decitabine.details["cycles"] == 4
    assert decitabine.details["status"] == "ongoing"
    assert decitabine.date == dt.date(2023, 5, 10)


def test_a_cycle_sentence_after_another_drug_is_not_taken() -> None:
    facts = run(
        "Clinic note 2023-09-18\n"
        "Luspatercept started 2023-01-09, stopped 2023-06-01. Decitabine started 2023-06-20."
        " Cycle 3 given 2023-08-15.\n"
    )
    assert "cycles" not in one(facts, TREATMENT, "luspatercept").details
    assert one(facts, TREATMENT, "decitabine").details["cycles"] == 3


def test_the_same_treatment_named_again_in_the_plan_is_one_fact() -> None:
    facts = run(
        "Clinic note 2023-09-18\n"
        "HISTORY\n"
        "Started decitabine on 2023-05-10, now in cycle 5.\n"
        "PLAN\n"
        "Continue decitabine; review after cycle 6.\n"
    )
    decitabine = only(facts, TREATMENT, "decitabine")
    assert len(decitabine) == 1
    assert decitabine[0].details["start"] == "2023-05-10"
    assert decitabine[0].details["cycles"] == 5


def test_two_courses_with_their_own_start_dates_stay_two() -> None:
    facts = run(
        "Clinic note 2024-02-01\n"
        "Azacitidine started 2021-03-01, stopped 2021-09-30 for cytopenias.\n"
        "Azacitidine restarted on 2023-11-15.\n"
    )
    starts = sorted(f.details["start"] for f in only(facts, TREATMENT, "azacitidine"))
    assert starts == ["2021-03-01", "2023-11-15"]


def test_each_drug_in_a_sentence_keeps_its_own_dates_and_status() -> None:
    facts = run(
        "Letter dated 2024-03-14\n"
        "On luspatercept since 12 September 2023 (dose level 2) after failing epoetin alfa"
        " (stopped 2023-08-31).\n"
    )
    luspatercept = one(facts, TREATMENT, "luspatercept")
    assert luspatercept.details == {"start": "2023-09-12", "status": "ongoing"}
    epoetin = one(facts, TREATMENT, "epoetin alfa")
    assert epoetin.details == {"stop": "2023-08-31", "status": "stopped"}


def test_a_stop_date_wrapped_onto_the_next_line() -> None:
    facts = run(
        "Clinic date: 2024-05-21\n"
        "History: lenalidomide started 2023-03-06, stopped\n"
        "2023-10-12 because of thrombocytopenia.\n"
    )
    assert one(facts, TREATMENT, "lenalidomide").details == {
        "start": "2023-03-06",
        "stop": "2023-10-12",
        "status": "stopped",
    }


def test_a_treatment_under_a_plan_heading_is_planned() -> None:
    facts = run("Clinic date: 2024-05-21\nPlan: start luspatercept next month.\n")
    assert one(facts, TREATMENT, "luspatercept").details["status"] == "planned"


@pytest.mark.parametrize(
    "sentence",
    [
        "Lenalidomide was considered but never started.",
        "Decitabine was discussed but not commenced, given her frailty.",
        "Romiplostim: not started (insurance approval pending).",
        "We talked about luspatercept; it has not yet been started.",
    ],
)
def test_a_treatment_weighed_but_not_begun_is_not_a_treatment(sentence: str) -> None:
    facts = run("Review clinic 2024-11-20\n" + sentence + "\n")
    assert only(facts, TREATMENT) == []


@pytest.mark.parametrize(
    ("header", "row"),
    [
        (
            "Agent\tFirst dose\tCycles given\tCurrent status",
            "Decitabine (5-day course)\t02-Jul-2024\t3\tstopped; cycle 4 cancelled for sepsis",
        ),
        (
            "Drug                    Start         No. of cycles   Status",
            "Decitabine IV           2024-07-02    3 given         stopped after cycle 4 was held",
        ),
    ],
)
def test_a_treatment_table_is_read_by_its_columns(header: str, row: str) -> None:
    facts = run(f"Review clinic 2024-11-20\nPrevious therapy\n{header}\n{row}\n\nPlan: review.\n")
    decitabine = one(facts, TREATMENT, "decitabine")
    assert decitabine.details["start"] == "2024-07-02"
    assert decitabine.details["cycles"] == 3
    assert decitabine.details["status"] == "stopped"
    assert decitabine.date == dt.date(2024, 7, 2)


def test_a_sentence_right_under_a_treatment_table_is_not_a_row() -> None:
    facts = run(
        "Review clinic 2024-11-20\n"
        "Regimen\tStarted\tCycles\tStatus\n"
        "Decitabine\t2024-07-02\t3\tstopped\n"
        "She has never received azacitidine.\n"
    )
    assert only(facts, TREATMENT, "azacitidine") == []
    assert one(facts, TREATMENT, "decitabine").details["cycles"] == 3


def test_the_next_cycle_due_is_not_a_cycle_given() -> None:
    facts = run(
        "Clinic letter, 2025-03-01\n"
        "She has had four cycles of decitabine since 06-Nov-2024; cycle 5 is due next week.\n"
    )
    decitabine = one(facts, TREATMENT, "decitabine")
    assert decitabine.details["cycles"] == 4
    assert decitabine.details["start"] == "2024-11-06"


def test_doses_given_make_a_treatment() -> None:
    facts = run("Clinic letter, 2025-03-01\nRomiplostim: 3 doses administered, last 2025-02-10.\n")
    assert one(facts, TREATMENT, "romiplostim").value == "romiplostim"


@pytest.mark.parametrize(
    "sentence",
    [
        "Luspatercept was discussed at the last visit before the transfusions began, but she"
        " chose to wait.",
        "Lenalidomide had been offered when the anaemia started; he declined it.",
    ],
)
def test_a_drug_only_considered_or_offered_is_not_a_treatment(sentence: str) -> None:
    facts = run(f"Clinic letter 2024-07-08\n{sentence}\n")
    assert [f for f in only(facts, TREATMENT) if "hedged" not in f.flags] == []


def test_a_drug_offered_and_then_started_is_a_treatment() -> None:
    facts = run("Clinic letter 2024-07-08\nLenalidomide was offered, and started on 2024-05-02.\n")
    assert one(facts, TREATMENT, "lenalidomide").date == dt.date(2024, 5, 2)


def test_a_drug_given_from_one_date_to_another_is_a_treatment_with_start_and_stop() -> None:
    facts = run(
        "Clinic letter 2025-04-08\n"
        "Treatment so far\n"
        "(a) Epoetin alfa from 3 February 2024 to 28 July 2024. No response.\n"
    )
    epoetin = one(facts, TREATMENT, "epoetin alfa")
    assert (epoetin.details["start"], epoetin.details["stop"]) == ("2024-02-03", "2024-07-28")


@pytest.mark.parametrize(
    ("sentence", "drug"),
    [
        ("He started azacitidine (Vidaza) on 2025-01-13 and is in cycle 3.", "azacitidine"),
        (
            "He started oral decitabine-cedazuridine (Inqovi) on 2025-01-13; cycle 3 now.",
            "decitabine and cedazuridine",
        ),
    ],
)
def test_a_start_date_after_a_brand_name_in_brackets(sentence: str, drug: str) -> None:
    facts = run("Clinic letter 2025-04-08\n" + sentence + "\n")
    assert one(facts, TREATMENT, drug).details["start"] == "2025-01-13"
