"""Dysplasia by lineage and the number of dysplastic lineages."""

from __future__ import annotations

import pytest
from extract_helpers import one, only, run

from onconav.records.model import Fact, FactKind

MARROW = FactKind.MARROW


def lineages(text: str) -> dict[str, tuple[object, dict[str, object], str]]:
    facts: list[Fact] = run("BONE MARROW ASPIRATE:\n" + text)
    return {
        f.name: (f.value, f.details, f.provenance.text)
        for f in only(facts, MARROW)
        if f.name.startswith("dysplas")
    }


def test_each_lineage_described() -> None:
    found = lineages(
        "Erythroid: left-shifted with megaloblastoid changes and nuclear budding (15%).\n"
        "Myeloid: maturing; hypogranular neutrophils and pseudo-Pelger-Huet forms are seen.\n"
        "Megakaryocytes: adequate in number without dysplastic features.\n"
    )
    assert found == {
        "dysplasia_erythroid": (
            True,
            {"percent": 15.0},
            "megaloblastoid changes and nuclear budding (15%",
        ),
        "dysplasia_granulocytic": (True, {}, "hypogranular"),
        "dysplasia_megakaryocytic": (False, {}, "dysplastic"),
        "dysplastic_lineages": (
            2,
            {"basis": "lineages described"},
            "megaloblastoid changes and nuclear budding (15%",
        ),
    }


def test_trilineage() -> None:
    found = lineages("Trilineage dysplasia is present.")
    assert found["dysplastic_lineages"] == (3, {"basis": "stated"}, "Trilineage")
    assert all(
        found[f"dysplasia_{x}"][0] is True for x in ("erythroid", "granulocytic", "megakaryocytic")
    )


def test_no_dysplasia_means_every_lineage_described_normal() -> None:
    found = lineages("No significant dysplasia is identified.")
    assert {name: value for name, (value, _, _) in found.items()} == {
        "dysplasia_erythroid": False,
        "dysplasia_granulocytic": False,
        "dysplasia_megakaryocytic": False,
        "dysplastic_lineages": 0,
    }


def test_lineages_not_described_stay_unknown() -> None:
    found = lineages(
        "Dyserythropoiesis in approximately 20% of erythroid precursors; "
        "megakaryocytes show micromegakaryocytes."
    )
    assert set(found) == {"dysplasia_erythroid", "dysplasia_megakaryocytic", "dysplastic_lineages"}
    assert found["dysplasia_erythroid"][:2] == (True, {"percent": 20.0})
    assert found["dysplastic_lineages"][:2] == (
        2,
        {"basis": "lineages described", "comparator": ">="},
    )


def test_multilineage_is_a_lower_bound() -> None:
    found = lineages("Multilineage dysplasia (erythroid and megakaryocytic).")
    assert found["dysplastic_lineages"][:2] == (2, {"basis": "stated", "comparator": ">="})


def test_only_normal_lineages_described_gives_no_count() -> None:
    found = lineages("Megakaryocytes are adequate without dysplasia.")
    assert found == {"dysplasia_megakaryocytic": (False, {}, "dysplasia")}


def test_hedged_dysplasia_is_not_a_finding() -> None:
    assert lineages("Possible mild dyserythropoiesis.") == {}


@pytest.mark.parametrize(
    ("line", "lineage"),
    [
        ("Dysgranulopoiesis with hyposegmented neutrophils.", "granulocytic"),
        ("Dysplastic megakaryocytes with separated nuclear lobes.", "megakaryocytic"),
        ("Erythroid precursors show dysplasia.", "erythroid"),
        ("Small hypolobated megakaryocytes are present.", "megakaryocytic"),
    ],
)
def test_wordings(line: str, lineage: str) -> None:
    facts = run("BONE MARROW ASPIRATE:\n" + line)
    assert one(facts, MARROW, f"dysplasia_{lineage}").value is True


def test_dysplasia_outside_a_marrow_context_is_ignored() -> None:
    assert only(run("Peripheral blood smear: hypogranular neutrophils."), MARROW) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Multilineage dysplasia (3 lineages).", 3),
        ("Multi-lineage dysplasia, two lineages involved.", 2),
        ("Dysplasia is seen in 2 of 3 lineages.", 2),
    ],
)
def test_a_stated_number_of_lineages_outranks_multilineage(text: str, count: int) -> None:
    found = lineages(text)
    assert found["dysplastic_lineages"][:2] == (count, {"basis": "stated"})


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("Dysplastic lineages: 3", 3),
        ("Number of lineages showing dysplasia: 1", 1),
        ("Lineages with dysplasia (number): two", 2),
    ],
)
def test_a_labelled_count_of_dysplastic_lineages(line: str, count: int) -> None:
    found = lineages(
        "Erythroid dysplasia: present, 30% of erythroid precursors\n"
        "Megakaryocytic dysplasia: absent\n"
        f"{line}\n"
    )
    value, details, source = found["dysplastic_lineages"]
    assert (value, details.get("basis")) == (count, "stated")
    assert source.startswith(line.split(":")[0])


def test_a_finding_after_a_comma_is_outside_the_negation_before_it() -> None:
    found = lineages("4% blasts, no Auer rods, granulocytic dysplasia only.\n")
    assert found["dysplasia_granulocytic"][0] is True


def test_a_negated_list_closed_by_or_still_negates_its_last_item() -> None:
    found = lineages("No ring sideroblasts, excess blasts or erythroid dysplasia.\n")
    assert found["dysplasia_erythroid"][0] is False


def test_a_disease_name_with_dysplastic_in_it_says_nothing_about_dysplasia() -> None:
    facts = run(
        "BONE MARROW CYTOGENETICS\n"
        "Specimen: bone marrow aspirate\n"
        "Drawn: 2024-12-02\n"
        "Clinical question: bicytopenia; evaluate for myelodysplastic neoplasm\n"
        "Result: 46,XX[20]\n"
    )
    assert [f for f in facts if f.name.startswith("dysplas")] == []


def test_a_blood_heading_with_a_remark_in_brackets_still_makes_its_lines_blood() -> None:
    facts = run(
        "BONE MARROW REPORT   Procedure 2024-12-02\n"
        "Aspirate and trephine; cellularity 50%; iron stain done; 500-cell differential.\n"
        "BLOOD FILM (taken at the biopsy)\n"
        "Film: pseudo-Pelger neutrophils, occasional.\n"
        "ASPIRATE\n"
        "Myeloid series: orderly maturation, no significant dysplasia.\n"
    )
    assert one(facts, MARROW, "dysplasia_granulocytic").value is False


def test_a_new_upper_case_section_ends_the_blood_section_above_it() -> None:
    facts = run(
        "BONE MARROW REPORT   Procedure 2024-12-02\n"
        "Aspirate and trephine; cellularity 50%; iron stain done; 500-cell differential.\n"
        "PERIPHERAL BLOOD (2024-12-02)\n"
        "Hb 9.0 g/dL, platelets 80 x10^9/L.\n"
        "MICROSCOPY\n"
        "Erythroid: nuclear budding in 30%.\n"
    )
    assert one(facts, MARROW, "dysplasia_erythroid").details["percent"] == 30


def test_a_dysplasia_percentage_with_a_decimal_comma() -> None:
    facts = run(
        "KNOCHENMARK / BONE MARROW ASPIRATE   Entnahme 2025-02-03\n"
        "Aspirate and trephine; cellularity 50%; iron stain done; 500-cell differential.\n"
        "Erythropoiesis: dyserythropoiesis in 12,5 % of precursors.\n"
    )
    assert one(facts, MARROW, "dysplasia_erythroid").details["percent"] == 12.5
