"""Identity, treatments, transfusions, HLA typing and performance status."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, only, run

from onconav.records.model import FactKind

IDENTITY = FactKind.IDENTITY
TREATMENT = FactKind.TREATMENT
TRANSFUSION = FactKind.TRANSFUSION


def test_identity_header() -> None:
    facts = run("Patient: Jane Q. Doe      DOB: 02/14/1951      MRN: 123456\nSex: F   Age: 72\n")
    name = one(facts, IDENTITY, "name")
    assert (name.value, name.provenance.text) == ("Jane Q. Doe", "Jane Q. Doe")
    dob = one(facts, IDENTITY, "date_of_birth")
    assert (dob.value, dob.original_value, dob.date, dob.flags) == (
        "1951-02-14",
        "02/14/1951",
        None,
        (),
    )
    assert one(facts, IDENTITY, "sex").value == "female"
    age = one(facts, IDENTITY, "age")
    assert (age.value, age.unit) == (72, "years")
    assert all(f.flags == () for f in only(facts, IDENTITY))  # identity facts carry no date


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("Name: DOE, JOHN  DOB: 1948-07-01", "name", "DOE, JOHN"),
        ("Patient Name: María José García-López", "name", "María José García-López"),
        ("Date of birth: 1 July 1948", "date_of_birth", "1948-07-01"),
        ("D.O.B. 07/13/1948", "date_of_birth", "1948-07-13"),
        ("Gender: Male", "sex", "male"),
        ("Age/Sex: 81/M", "sex", "male"),
        ("Age/Sex: 81/M", "age", 81),
        ("Sex/Age: F/67", "age", 67),
        ("81-year-old man with MDS", "sex", "male"),
        ("67 y/o female", "age", 67),
    ],
)
def test_identity_wordings(text: str, name: str, value: object) -> None:
    assert one(run(text), IDENTITY, name).value == value


def test_ambiguous_birth_dates_are_not_resolved() -> None:
    for text in ("DOB: 03/04/1950", "DOB: 03-JUL-48"):
        dob = one(run(text), IDENTITY, "date_of_birth")
        assert dob.value is None
        assert "date_ambiguous" in dob.flags
        assert dob.date_text == text.split(": ")[1]


def test_patient_line_without_a_name_is_not_a_name() -> None:
    assert only(run("Patient: 72 year old female"), IDENTITY, "name") == []


def test_treatments() -> None:
    facts = run(
        "Date of visit: 04/22/2024\n"
        "Treatment: started luspatercept on 2023-06-01; now C10D1. "
        "Previously on epoetin alfa (2022-2023), stopped for lack of response.\n"
        "Plan: continue luspatercept. Will start Inqovi next month.\n"
        "No prior azacitidine. Options discussed include imetelstat.\n"
    )
    lusp = only(facts, TREATMENT, "luspatercept")
    assert lusp[0].details == {
        "cycles": 10,
        "cycle_day": 1,
        "start": "2023-06-01",
        "status": "ongoing",
    }
    assert lusp[0].date == dt.date(2023, 6, 1)
    assert lusp[0].provenance.text == "luspatercept"
    epo = one(facts, TREATMENT, "epoetin alfa")
    assert epo.details == {"start": "2022", "stop": "2023", "status": "stopped"}
    assert epo.date == dt.date(2024, 4, 22)
    inqovi = one(facts, TREATMENT, "decitabine and cedazuridine")
    assert inqovi.details == {"status": "planned"}
    assert only(facts, TREATMENT, "azacitidine") == []  # negated
    assert only(facts, TREATMENT, "imetelstat") == []  # an option, not a treatment


@pytest.mark.parametrize(
    ("text", "drug", "details"),
    [
        (
            "C4D1 azacitidine today.",
            "azacitidine",
            {"cycles": 4, "cycle_day": 1, "status": "ongoing"},
        ),
        ("s/p 6 cycles of Vidaza.", "azacitidine", {"cycles": 6, "status": "stopped"}),
        (
            "Decitabine x 4 cycles, completed March 2023.",
            "decitabine",
            {"cycles": 4, "stop": "March 2023", "status": "completed"},
        ),
        (
            "Cycle 3, day 1 of decitabine.",
            "decitabine",
            {"cycles": 3, "cycle_day": 1, "status": "ongoing"},
        ),
        ("Started Reblozyl in January 2024.", "luspatercept", {"start": "January 2024"}),
        (
            "On Revlimid since 03/15/2023.",
            "lenalidomide",
            {"start": "2023-03-15", "status": "ongoing"},
        ),
        (
            "Aranesp discontinued on 2022-11-30.",
            "darbepoetin alfa",
            {"stop": "2022-11-30", "status": "stopped"},
        ),
        ("Underwent allo-HSCT in 2021.", "allogeneic stem cell transplant", {}),
    ],
)
def test_treatment_wordings(text: str, drug: str, details: dict[str, object]) -> None:
    assert one(run(text), TREATMENT, drug).details == details


def test_transfusions() -> None:
    facts = run(
        "Date of visit: 2024-04-22\n"
        "Transfusions: 2 units PRBC on 04/01/2024; 4 units pRBC in the last 8 weeks.\n"
        "Received 1 unit of platelets 2024-04-10.\n"
        "Plan: if Hb < 7 will transfuse 1 unit.\n"
        "No transfusions since March.\n"
    )
    rbc = only(facts, TRANSFUSION, "rbc")
    assert [(f.value, f.unit, f.date, f.date_text, f.details) for f in rbc] == [
        (2, "units", None, "04/01/2024", {}),
        (4, "units", dt.date(2024, 4, 22), "2024-04-22", {"period": "8 weeks"}),
    ]
    assert "date_ambiguous" in rbc[0].flags
    platelets = one(facts, TRANSFUSION, "platelets")
    assert (platelets.value, platelets.date) == (1, dt.date(2024, 4, 10))
    assert platelets.provenance.text == "1 unit of platelets"


@pytest.mark.parametrize(
    ("text", "product", "units"),
    [
        ("RBC transfusion: 2 units", "rbc", 2),
        ("Transfused two units of packed red cells.", "rbc", 2),
        ("Platelets x 1 unit given", "platelets", 1),
        ("Hgb 6.8, transfused 2 units", "rbc", 2),
    ],
)
def test_transfusion_wordings(text: str, product: str, units: int) -> None:
    assert one(run(text), TRANSFUSION, product).value == units


def test_hla() -> None:
    typed = one(run("HLA typing (HLA-A, -B, -C, -DRB1) completed 2024-02-01."), FactKind.HLA, "hla")
    assert (typed.value, typed.date, typed.details) == (
        "typed",
        dt.date(2024, 2, 1),
        {"loci": ["A", "B", "C", "DRB1"]},
    )
    assert one(run("HLA typing sent today."), FactKind.HLA, "hla").value == "pending"
    assert only(run("HLA typing not done."), FactKind.HLA) == []


@pytest.mark.parametrize(
    ("text", "scale", "value", "details"),
    [
        ("ECOG 1.", "ecog", 1, {}),
        ("ECOG performance status of 2", "ecog", 2, {}),
        ("ECOG PS: 0-1", "ecog", None, {"range": [0, 1]}),
        ("WHO performance status 1", "ecog", 1, {}),
        ("Karnofsky 80%", "karnofsky", 80, {}),
        ("KPS 70", "karnofsky", 70, {}),
        ("Performance status: 90%", "karnofsky", 90, {}),
    ],
)
def test_performance_status(
    text: str, scale: str, value: int | None, details: dict[str, object]
) -> None:
    fact = one(run(text), FactKind.PERFORMANCE_STATUS, scale)
    assert (fact.value, fact.details) == (value, details)


def test_who_classification_is_not_a_performance_status() -> None:
    assert only(run("MDS-IB1 (WHO 2022)"), FactKind.PERFORMANCE_STATUS) == []


@pytest.mark.parametrize(
    "text",
    [
        "Test Name: Myeloid NGS Panel",
        "Ordering Physician: Dr. Smith",
        "Specimen name: bone marrow aspirate",
    ],
)
def test_other_names_are_not_the_patient(text: str) -> None:
    assert only(run(text), IDENTITY, "name") == []


def test_cellularity_for_age_is_not_an_age() -> None:
    assert only(run("Hypercellular for age 80%."), IDENTITY, "age") == []
