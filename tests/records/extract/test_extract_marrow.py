"""Bone marrow findings: blasts by method, ring sideroblasts, cellularity, fibrosis, Auer
rods and adequacy."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, only, run

from onconav.records.model import FactKind

MARROW = FactKind.MARROW
REPORT = (
    "BONE MARROW PATHOLOGY REPORT\n"
    "Date of procedure: 2024-03-12\n"
    "PERIPHERAL BLOOD:\n"
    "WBC 2.1 x10^9/L, blasts 1%.\n"
    "BONE MARROW ASPIRATE:\n"
    "The aspirate is hemodilute but adequate for evaluation.\n"
    "Differential (500 cells): Blasts 8.4%, promyelocytes 3%, lymphocytes 20%.\n"
    "Erythroid precursors show megaloblastoid changes.\n"
    "Iron stain: ring sideroblasts 22% of erythroid precursors.\n"
    "Auer rods are not identified.\n"
    "CORE BIOPSY:\n"
    "The core is hypercellular for age (80%) with reticulin MF-2/3.\n"
    "CD34 immunostain highlights approximately 5% of the marrow cellularity.\n"
    "FLOW CYTOMETRY:\n"
    "2.8% CD34+ myeloblasts with aberrant CD7.\n"
)


@pytest.fixture(scope="module")
def report_facts():  # type: ignore[no-untyped-def]
    return run(REPORT)


def test_aspirate_blasts_are_the_classifying_number(report_facts) -> None:  # type: ignore[no-untyped-def]
    blasts = one(report_facts, MARROW, "marrow_blasts")
    assert blasts.value == 8.4
    assert blasts.unit == "%"
    assert blasts.details == {
        "blast_method": "aspirate",
        "cd34_ihc_percent": 5.0,
        "cd34_flow_percent": 2.8,
    }
    assert blasts.provenance.text == "Blasts 8.4%"
    assert blasts.provenance.line == 7
    assert blasts.date == dt.date(2024, 3, 12)


def test_blast_method_is_the_method_of_the_blast_count(report_facts) -> None:  # type: ignore[no-untyped-def]
    """CD34 by flow or immunohistochemistry is not a blast count (WHO 2022, ICC 2022): with an
    aspirate differential, they are kept beside it, not as further blast facts."""
    methods = [(f.value, f.details["percent"]) for f in only(report_facts, MARROW, "blast_method")]
    assert methods == [("aspirate", 8.4)]


def test_without_an_aspirate_count_the_cd34_estimate_is_kept_with_its_method() -> None:
    facts = run(
        "Bone marrow core biopsy; aspirate aparticulate, no differential possible.\n"
        "Date of biopsy: 2023-09-14\n"
        "Flow cytometry: CD34-positive myeloblasts 6.5% of CD45+ events.\n"
    )
    assert only(facts, MARROW, "marrow_blasts") == []
    method = one(facts, MARROW, "blast_method")
    assert (method.value, method.details) == ("flow", {"percent": 6.5})


def test_peripheral_blood_blasts_stay_out_of_the_marrow(report_facts) -> None:  # type: ignore[no-untyped-def]
    assert one(report_facts, FactKind.LAB, "blood_blasts").value == 1.0
    assert all(f.value != 1.0 for f in only(report_facts, MARROW, "marrow_blasts"))


def test_ring_sideroblasts(report_facts) -> None:  # type: ignore[no-untyped-def]
    ring = one(report_facts, MARROW, "ring_sideroblasts")
    assert (ring.value, ring.unit, ring.details) == (22.0, "%", {})
    assert ring.provenance.text == "ring sideroblasts 22%"


def test_cellularity_fibrosis_auer_adequacy(report_facts) -> None:  # type: ignore[no-untyped-def]
    cellularity = one(report_facts, MARROW, "cellularity")
    assert (cellularity.value, cellularity.details) == (80.0, {"description": "hypercellular"})
    fibrosis = one(report_facts, MARROW, "fibrosis_grade")
    assert fibrosis.value == 2
    assert fibrosis.details["scale"].startswith("MF-0 to MF-3")
    assert fibrosis.provenance.text == "MF-2/3"
    assert one(report_facts, MARROW, "auer_rods").value is False
    adequacy = {f.value for f in only(report_facts, MARROW, "marrow_adequacy")}
    assert adequacy == {"hemodilute", "adequate"}


@pytest.mark.parametrize(
    ("line", "value", "details"),
    [
        ("Myeloblasts 8% (500-cell differential).", 8.0, {"blast_method": "aspirate"}),
        ("Blasts: 12 %", 12.0, {"blast_method": "aspirate"}),
        ("Blast count 5.5%", 5.5, {"blast_method": "aspirate"}),
        ("Blasts <5%.", 5.0, {"blast_method": "aspirate", "comparator": "<"}),
        ("Blasts are not increased (2%).", 2.0, {"blast_method": "aspirate"}),
        ("15% blasts on the aspirate smear.", 15.0, {"blast_method": "aspirate"}),
        ("Blasts 5-9%.", "5-9", {"blast_method": "aspirate", "range": [5.0, 9.0]}),
    ],
)
def test_blast_wordings(line: str, value: float | str | None, details: dict[str, object]) -> None:
    facts = run("Bone marrow aspirate, cellularity and core biopsy\n" + line)
    blasts = one(facts, MARROW, "marrow_blasts")
    assert blasts.value == value
    assert blasts.details == details


def test_blasts_next_to_other_cells_are_not_confused() -> None:
    facts = run(
        "Bone marrow aspirate, cellularity and core biopsy\n"
        "Blasts and 40% ring sideroblasts; lymphocytes 20%.\n"
        "Promyelocytes 4%, blasts 3%.\n"
    )
    assert [f.value for f in only(facts, MARROW, "marrow_blasts")] == [3.0]
    assert one(facts, MARROW, "ring_sideroblasts").value == 40.0


@pytest.mark.parametrize(
    ("line", "value", "details"),
    [
        ("Ringed sideroblasts: approximately 40%", 40.0, {"comparator": "~"}),
        ("15% of erythroid precursors are ring sideroblasts.", 15.0, {}),
        ("RS 18%", 18.0, {}),
        ("No ring sideroblasts are seen.", 0.0, {"stated": "absent"}),
        ("Ring sideroblasts are not increased (<5%).", 5.0, {"comparator": "<"}),
        ("Ring sideroblasts are present.", None, {"stated": "present"}),
    ],
)
def test_ring_sideroblast_wordings(
    line: str, value: float | None, details: dict[str, object]
) -> None:
    facts = run("Bone marrow aspirate, cellularity and core biopsy\nIron stain: " + line)
    ring = one(facts, MARROW, "ring_sideroblasts")
    assert (ring.value, ring.details) == (value, details)


def test_a_diagnosis_name_is_not_a_ring_sideroblast_count() -> None:
    facts = run(
        "Bone marrow aspirate, cellularity and core biopsy\n"
        "Consistent with MDS with ring sideroblasts."
    )
    assert only(facts, MARROW, "ring_sideroblasts") == []


def test_an_age_expected_range_is_not_the_cellularity() -> None:
    facts = run(
        "Bone marrow trephine and aspirate, megakaryocytes\n"
        "Trephine: hypocellular marrow, overall cellularity about 15% (age-expected 50-70%).\n"
    )
    cellularity = one(facts, MARROW, "cellularity")
    assert (cellularity.value, cellularity.details) == (
        15.0,
        {"comparator": "~", "description": "hypocellular"},
    )


@pytest.mark.parametrize(
    ("line", "value", "details"),
    [
        ("Cellularity: 30-40%.", "30-40", {"range": [30.0, 40.0]}),
        ("Overall cellularity approximately 20%.", 20.0, {"comparator": "~"}),
        ("A 60% cellular marrow.", 60.0, {}),
        ("Normocellular for age (40%).", 40.0, {"description": "normocellular"}),
        ("The marrow is markedly hypocellular.", None, {"description": "hypocellular"}),
    ],
)
def test_cellularity_wordings(line: str, value: float | None, details: dict[str, object]) -> None:
    facts = run("Bone marrow aspirate and core biopsy, megakaryocytes\n" + line)
    cellularity = one(facts, MARROW, "cellularity")
    assert (cellularity.value, cellularity.details) == (value, details)


@pytest.mark.parametrize(
    ("line", "grade", "scale"),
    [
        ("Reticulin stain: MF-1", 1, "MF-0 to MF-3 (European consensus)"),
        ("Reticulin 2+ (of 4).", 2, "0-4 (Bauermeister)"),
        ("Reticulin fibrosis grade 1/3.", 1, "0-3 (European consensus)"),
        ("Reticulin 3+.", 3, "reticulin grade, scale not stated"),
        ("Grade 1 reticulin fibrosis.", 1, "grade, scale not stated"),
        ("No reticulin fibrosis.", 0, "stated as no fibrosis, not graded"),
    ],
)
def test_fibrosis_wordings(line: str, grade: int, scale: str) -> None:
    facts = run("BONE MARROW CORE BIOPSY:\n" + line)
    fibrosis = one(facts, MARROW, "fibrosis_grade")
    assert (fibrosis.value, fibrosis.details["scale"]) == (grade, scale)


@pytest.mark.parametrize(
    ("line", "present"),
    [
        ("Auer rods are identified in rare blasts.", True),
        ("Auer rods: present", True),
        ("No Auer rods are seen.", False),
        ("Auer rods: none", False),
        ("Auer rods not identified", False),
    ],
)
def test_auer_rods(line: str, present: bool) -> None:
    facts = run("BONE MARROW ASPIRATE:\n" + line)
    assert one(facts, MARROW, "auer_rods").value is present


@pytest.mark.parametrize(
    ("line", "values"),
    [
        ("The specimen is aparticulate; dry tap.", {"aparticulate", "dry tap"}),
        ("Aspirate smears are paucispicular and hemodiluted.", {"aparticulate", "hemodilute"}),
        ("Suboptimal core biopsy with crush artifact.", {"suboptimal", "crush artifact"}),
        ("The aspirate is not hemodilute.", set()),
    ],
)
def test_adequacy(line: str, values: set[str]) -> None:
    facts = run("BONE MARROW ASPIRATE:\n" + line)
    assert {f.value for f in only(facts, MARROW, "marrow_adequacy")} == values


def test_marrow_findings_in_a_letter_use_the_line() -> None:
    facts = run(
        "Clinic letter 2024-05-02\n"
        "Bone marrow biopsy on 2024-04-20 showed 12% blasts and ring sideroblasts 3%.\n"
    )
    blasts = one(facts, MARROW, "marrow_blasts")
    assert (blasts.value, blasts.date) == (12.0, dt.date(2024, 4, 20))


def test_a_blast_range_quoted_from_a_classification_criterion_is_no_count() -> None:
    facts = run(
        "BONE MARROW ASPIRATE   Procedure 2024-12-02\n"
        "Blasts 7% on a 500-cell differential.\n"
        "Note: marrow blasts between 5% and 9% define MDS-IB1 in WHO 2022.\n"
    )
    assert [f.value for f in only(facts, MARROW, "marrow_blasts")] == [7.0]


def test_a_labelled_field_on_the_next_line_is_not_the_end_of_the_line_above() -> None:
    facts = run(
        "BONE MARROW ASPIRATE AND TREPHINE   Procedure 2024-12-02\n"
        "Cellularity 60%. Iron stain: no ring sideroblasts.\n"
        "Granulocytic: hypogranular forms in 25%,\n"
        "Megakaryocytes: 60% micromegakaryocytes.\n"
    )
    assert one(facts, MARROW, "dysplasia_granulocytic").details["percent"] == 25
    assert one(facts, MARROW, "dysplasia_megakaryocytic").details["percent"] == 60


def test_a_blast_label_with_the_cell_count_in_brackets_before_the_value() -> None:
    facts = run(
        "BONE MARROW SYNOPTIC REPORT   Procedure date: 2024-03-08\n"
        "Aspirate: adequate. Trephine cellularity: 45 %\n"
        "Blasts, aspirate differential (300 cells): 6 %\n"
        "Blasts, CD34 immunohistochemistry: about 8 % of nucleated cells\n"
    )
    blasts = one(facts, MARROW, "marrow_blasts")
    assert (blasts.value, blasts.details.get("cd34_ihc_percent")) == (6.0, 8.0)
    assert [f.value for f in only(facts, MARROW, "blast_method")] == ["aspirate"]


def test_a_cd34_estimate_beside_blasts_stated_not_increased_is_no_blast_method() -> None:
    facts = run(
        "BONE MARROW ASPIRATE AND TREPHINE   Procedure 2024-12-02\n"
        "Aspirate: cellular. Blasts are not increased. Cellularity 55%.\n"
        "Trephine: CD34 immunostaining highlights fewer than 3% of nucleated cells.\n"
    )
    assert only(facts, MARROW, "marrow_blasts") == []
    assert [f for f in only(facts, MARROW, "blast_method") if f.value == "IHC"] == []
