"""Sentences that a PDF's narrow columns break over several lines are read as one sentence;
table rows and headings stay lines of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, only, run

from onconav.records.model import Fact, FactKind

MARROW = FactKind.MARROW

WRAPPED_MARROW = (
    "HAEMATOPATHOLOGY - MARROW EXAMINATION\n"
    "Date of procedure: 2023-11-08\n"
    "ASPIRATE\n"
    "Particulate aspirate. 400-cell count: blasts 3%,\n"
    "promyelocytes 2%, myelocytes 10%, lymphocytes\n"
    "14%, erythroid precursors 38%.\n"
    "Erythroid and myeloid lineages with\n"
    "no dysplasia.\n"
    "Megakaryocytes show separated nuclear lobes and\n"
    "small forms; megakaryocytic dysplasia in roughly\n"
    "30% of megakaryocytes.\n"
    "TREPHINE\n"
    "Overall cellularity about 35%, slightly\n"
    "hypocellular for the patient's age.\n"
    "CD34 immunohistochemistry: no excess of CD34 positive\n"
    "blasts (fewer than 2% of cellularity).\n"
)


@pytest.fixture(scope="module")
def wrapped() -> list[Fact]:
    return run(WRAPPED_MARROW)


def test_a_wrapped_sentence_keeps_its_negation_to_the_lineages_it_names(
    wrapped: list[Fact],
) -> None:
    values = {f.name: f.value for f in only(wrapped, MARROW) if f.name.startswith("dysplasia_")}
    assert values == {
        "dysplasia_erythroid": False,
        "dysplasia_granulocytic": False,
        "dysplasia_megakaryocytic": True,
    }


def test_a_percentage_on_the_next_line_belongs_to_the_finding(wrapped: list[Fact]) -> None:
    megakaryocytic = one(wrapped, MARROW, "dysplasia_megakaryocytic")
    assert megakaryocytic.details == {"percent": 30.0}
    assert megakaryocytic.provenance.text == "megakaryocytic dysplasia in roughly\n30%"
    assert megakaryocytic.provenance.line == 10
    assert megakaryocytic.date == dt.date(2023, 11, 8)


def test_a_cd34_estimate_broken_over_lines_is_not_the_blast_count(wrapped: list[Fact]) -> None:
    assert [f.value for f in only(wrapped, MARROW, "marrow_blasts")] == [3.0]


def test_one_cellularity_when_the_description_wraps(wrapped: list[Fact]) -> None:
    cellularity = one(wrapped, MARROW, "cellularity")
    assert cellularity.value == 35.0
    assert cellularity.details == {"comparator": "~", "description": "hypocellular"}


@pytest.mark.parametrize(
    ("line", "value", "comparator"),
    [
        ("Blasts less than 5% of nucleated cells.", 5.0, "<"),
        ("Blasts: more than 20%.", 20.0, ">"),
        ("Blasts under 2 %.", 2.0, "<"),
    ],
)
def test_bounds_written_in_words(line: str, value: float, comparator: str) -> None:
    facts = run("Bone marrow aspirate, cellularity and core biopsy\n" + line)
    blasts = one(facts, MARROW, "marrow_blasts")
    assert (blasts.value, blasts.details.get("comparator")) == (value, comparator)
