"""The patient's name as letters and bilingual headers print it."""

from __future__ import annotations

import pytest
from extract_helpers import one, only, run

from onconav.records.model import FactKind

IDENTITY = FactKind.IDENTITY


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Patiënt / Patient: Dekker, M. (Marit)      Geb.datum: 02-07-1948", "Dekker, M. (Marit)"),
        ("Patient: Ortiz, J. (Joaquin)   MRN 44120", "Ortiz, J. (Joaquin)"),
        ("Re: Mr Piet Dekker, born 02-07-1948", "Piet Dekker"),
        ("RE: Mrs. Anouk de Wit (DOB 14/11/1950)", "Anouk de Wit"),
        ("Re: Ms Lena Okafor-Brandt, 22 Elm Road", "Lena Okafor-Brandt"),
        ("Re: Willem van der Berg, DOB 03.04.1939", "Willem van der Berg"),
        ("Name: Idris Okonkwo Date of birth: 02-07-1948", "Idris Okonkwo"),
        ("Name: Ida Lind DOB: 1950-01-01", "Ida Lind"),
    ],
)
def test_names_with_initials_in_brackets_and_letter_headings(text: str, name: str) -> None:
    assert one(run(text), IDENTITY, "name").value == name


def test_a_subject_line_that_is_not_a_person_gives_no_name() -> None:
    facts = run("Re: bone marrow biopsy results\nDear colleague,\n")
    assert only(facts, IDENTITY, "name") == []


def test_a_name_followed_by_the_birth_date_in_brackets() -> None:
    facts = run("Patient: Ferreira, Luisa (DOB 1955-11-03)\n")
    assert one(facts, IDENTITY, "name").value == "Ferreira, Luisa"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Family name: VERHOEVEN     Given name(s): ANNELIES     DOB: 1944-02-19",
            "ANNELIES VERHOEVEN",
        ),
        ("Last name: Okafor   First name: Chidi   MRN: 55102", "Chidi Okafor"),
        ("First name: Chidi | Last name: Okafor | Sex: M", "Chidi Okafor"),
        ("Nachname: Brenner     Vorname: Ulla", "Ulla Brenner"),
    ],
)
def test_a_name_printed_under_separate_family_and_given_name_labels(text: str, name: str) -> None:
    fact = one(run(text), IDENTITY, "name")
    assert fact.value == name
    assert all(part in fact.provenance.text for part in name.split())


@pytest.mark.parametrize(
    ("text", "sex", "name"),
    [
        ("Patient: KOWALSKI Jan (M)     DOB: 1950-01-01", "male", "KOWALSKI Jan"),
        ("Patient: Lind, Greta (F, 74)   MRN 20931", "female", "Lind, Greta"),
    ],
)
def test_the_sex_in_brackets_after_the_patients_name(text: str, sex: str, name: str) -> None:
    facts = run(text)
    assert one(facts, IDENTITY, "sex").value == sex
    assert one(facts, IDENTITY, "name").value == name


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("Geschlecht/Sex: W (F)", "female"),
        ("Geslacht: M", "male"),
        ("Geslacht / Gender: V", "female"),
        ("Sexe: F", "female"),
        ("Geschlecht: männlich", "male"),
    ],
)
def test_the_sex_under_a_dutch_german_or_french_label(text: str, sex: str) -> None:
    assert one(run("Laborbefund\n" + text + "\n"), IDENTITY, "sex").value == sex


@pytest.mark.parametrize(
    "header",
    [
        "NORTHFIELD LAB SERVICES - ONDRASEK, MILENA J - DOB 1951-12-04 - Requisition 88123",
        "ST ANSELM HOSPITAL   LABORATORY   VAN-DER-BERG, PIETER   MRN 0093311   Sex M",
    ],
)
def test_a_name_in_capitals_before_the_birth_date_or_record_number(header: str) -> None:
    facts = run(header + "\nCollected 2024-02-02\nHgb 9.9 g/dL\n")
    name = one(facts, FactKind.IDENTITY, "name")
    assert "," in str(name.value)
    assert str(name.value).split(",")[0] in header


def test_a_labelled_name_wins_over_a_name_in_a_running_header() -> None:
    facts = run(
        "NORTHFIELD LAB SERVICES - ONDRASEK, MILENA J - DOB 1951-12-04\n"
        "Patient: Ondrasek, Milena Jana     DOB: 1951-12-04\n"
    )
    assert one(facts, FactKind.IDENTITY, "name").value == "Ondrasek, Milena Jana"
