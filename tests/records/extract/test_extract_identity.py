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
