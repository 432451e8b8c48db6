"""Diagnosis lines: marrow report final diagnosis (with system) and clinic diagnoses."""

from __future__ import annotations

import datetime as dt

from extract_helpers import one, only, run

from onconav.records.model import FactKind

MARROW_REPORT = (
    "SURGICAL PATHOLOGY - BONE MARROW\n"
    "Procedure date: 03/22/2024\n"
    "Aspirate: cellular. Megakaryocytes adequate. Iron stain performed.\n"
    "FINAL DIAGNOSIS:\n"
    "BONE MARROW, RIGHT POSTERIOR ILIAC CREST, ASPIRATE AND CORE BIOPSY:\n"
    "- Myelodysplastic neoplasm with increased blasts-1 (MDS-IB1), WHO 2022.\n"
    "- Blasts 7% by aspirate differential.\n"
    "\n"
    "COMMENT:\n"
    "The findings are discussed.\n"
)


def test_marrow_final_diagnosis_with_system() -> None:
    fact = one(run(MARROW_REPORT), FactKind.MARROW, "marrow_diagnosis")
    assert fact.value == "Myelodysplastic neoplasm with increased blasts-1 (MDS-IB1), WHO 2022"
    assert fact.details == {"system": "WHO 2022"}
    assert fact.date == dt.date(2024, 3, 22)
    assert fact.provenance.line == 6
    assert fact.flags == ()


def test_two_systems_on_one_line_are_two_facts() -> None:
    text = (
        "Bone marrow aspirate and core biopsy; cellularity 60%; megakaryocytes adequate.\n"
        "DIAGNOSIS: Hypercellular marrow with MDS-IB1 (WHO 5th edition); MDS-EB (ICC 2022).\n"
    )
    facts = only(run(text), FactKind.MARROW, "marrow_diagnosis")
    assert [(f.value, f.details) for f in facts] == [
        ("Hypercellular marrow with MDS-IB1 (WHO 5th edition)", {"system": "WHO 2022"}),
        ("MDS-EB (ICC 2022)", {"system": "ICC 2022"}),
    ]


def test_system_not_named_is_not_inferred() -> None:
    text = (
        "Bone marrow aspirate and core biopsy; cellularity 60%; megakaryocytes adequate.\n"
        "Final diagnosis: MDS with low blasts and SF3B1 mutation.\n"
    )
    fact = one(run(text), FactKind.MARROW, "marrow_diagnosis")
    assert fact.details == {}


def test_hedged_marrow_diagnosis() -> None:
    text = (
        "Bone marrow aspirate and core biopsy, cellularity 30%, megakaryocytes present\n"
        "Interpretation:\n"
        "Suspicious for myelodysplastic syndrome; correlation with cytogenetics recommended.\n"
    )
    fact = one(run(text), FactKind.MARROW, "marrow_diagnosis")
    assert fact.value == "Suspicious for myelodysplastic syndrome"
    assert "hedged" in fact.flags


def test_clinic_diagnosis_with_month_and_year() -> None:
    text = (
        "HEMATOLOGY CLINIC NOTE\n"
        "Diagnosis: MDS with ring sideroblasts (MDS-RS-SLD, WHO 2016), diagnosed 03/2022\n"
    )
    fact = one(run(text), FactKind.DIAGNOSIS, "diagnosis")
    assert fact.value == "MDS with ring sideroblasts (MDS-RS-SLD, WHO 2016)"
    assert fact.date is None
    assert fact.date_text == "03/2022"
    assert fact.details == {"year": 2022, "month": 3}
    assert fact.flags == ()


def test_diagnosed_with_in_running_text() -> None:
    facts = run(
        "Letter\n"
        "She was diagnosed with MDS with excess blasts-1 in March 2023 and started azacitidine.\n"
        "He was diagnosed with lower-risk MDS on 14 Feb 2021.\n"
        "Diagnosed with MDS in 2019.\n"
        "72-year-old woman with MDS-SLD (WHO 2016), diagnosed 03/2022.\n"
    )
    found = [(f.value, f.date, f.date_text) for f in only(facts, FactKind.DIAGNOSIS)]
    assert found == [
        ("MDS with excess blasts-1", None, "March 2023"),
        ("lower-risk MDS", dt.date(2021, 2, 14), "14 Feb 2021"),
        ("MDS", None, "2019"),
        ("MDS-SLD (WHO 2016)", None, "03/2022"),
    ]


def test_diagnosis_without_a_disease_is_ignored() -> None:
    assert only(run("Diagnosis: pending\nDiagnosis: see above"), FactKind.DIAGNOSIS) == []


def test_a_disclaimer_in_a_test_report_is_not_a_diagnosis() -> None:
    facts = run(
        "MOLECULAR CYTOGENETICS REPORT\n"
        "Collected: 2023-05-02\n"
        "Karyotype: 46,XY[20]\n"
        "\n"
        "Interpretation:\n"
        "Normal male karyotype in 20 metaphases.\n"
        "A normal karyotype does not exclude a myelodysplastic neoplasm.\n"
    )
    assert only(facts, FactKind.DIAGNOSIS) == []


def test_evidence_that_supports_a_diagnosis_is_not_the_diagnosis() -> None:
    facts = run(
        "Myeloid panel, collected 2023-05-02\n"
        "Comment: the JAK2 V617F variant would support a diagnosis of a myeloproliferative"
        " neoplasm in the right clinical setting.\n"
    )
    assert only(facts, FactKind.DIAGNOSIS) == []


def test_secondary_diagnoses_are_read_without_their_heading_or_a_treatment_date() -> None:
    facts = run(
        "INPATIENT DISCHARGE LETTER\n"
        "Primary diagnosis: community-acquired pneumonia.\n"
        "Other diagnoses: chronic myelomonocytic leukaemia (CMML-1), on hydroxyurea"
        " (started 2022-03-01).\n"
    )
    fact = one(facts, FactKind.DIAGNOSIS, "diagnosis")
    assert fact.value == "chronic myelomonocytic leukaemia (CMML-1)"
    assert fact.date is None
    assert fact.flags == ("date_missing",)


def test_a_conclusion_section_of_a_marrow_report() -> None:
    facts = run(
        "Bone marrow aspirate and trephine biopsy\n"
        "Date of sampling: 2023-07-11\n"
        "Aspirate: particulate, cellularity 45%, megakaryocytes present, differential done.\n"
        "\n"
        "Conclusion:\n"
        "Myelodysplastic neoplasm with low blasts (MDS-LB), WHO 2022. Blasts 2% on the"
        " aspirate.\n"
    )
    fact = one(facts, FactKind.MARROW, "marrow_diagnosis")
    assert fact.value == "Myelodysplastic neoplasm with low blasts (MDS-LB), WHO 2022"
    assert fact.details == {"system": "WHO 2022"}
    assert fact.date == dt.date(2023, 7, 11)


def test_a_diagnosis_with_a_bracketed_second_name_before_diagnosed() -> None:
    facts = run(
        "Clinic letter, 2023-09-01\n"
        "68-year-old woman with myelodysplastic neoplasm with low blasts (MDS-LB; ICC: MDS, NOS"
        " with single lineage dysplasia), diagnosed on 2023-06-14 after a marrow biopsy.\n"
    )
    fact = one(facts, FactKind.DIAGNOSIS, "diagnosis")
    assert fact.value == (
        "myelodysplastic neoplasm with low blasts (MDS-LB; ICC: MDS, NOS with single lineage"
        " dysplasia)"
    )
    assert fact.date == dt.date(2023, 6, 14)


def test_a_diagnosis_wrapped_over_lines_of_a_column() -> None:
    facts = run(
        "Clinic visit 2023-10-30\n"
        "HISTORY\n"
        "72-year-old man with chronic\n"
        "myelomonocytic leukaemia (CMML-1), diagnosed\n"
        "2022-09-14. Transfusion independent.\n"
    )
    fact = one(facts, FactKind.DIAGNOSIS, "diagnosis")
    assert fact.value == "chronic myelomonocytic leukaemia (CMML-1)"
    assert fact.date == dt.date(2022, 9, 14)


def test_blasts_in_a_disease_name_are_not_a_blood_count() -> None:
    facts = run(
        "Clinic letter, 2023-09-01\n"
        "Known myelodysplastic neoplasm with increased blasts-1, on decitabine.\n"
    )
    assert only(facts, FactKind.LAB) == []


def test_a_diagnosis_section_wrapped_onto_its_date() -> None:
    facts = run(
        "HAEMATOLOGY OUTPATIENTS\n"
        "Clinic date: 2024-05-21\n"
        "Diagnosis: MDS with low blasts and isolated del(5q) (WHO 2022),\n"
        "diagnosed February 2023; IPSS-R low.\n"
    )
    fact = one(facts, FactKind.DIAGNOSIS, "diagnosis")
    assert fact.value == "MDS with low blasts and isolated del(5q) (WHO 2022)"
    assert fact.details == {"year": 2023, "month": 2}


def test_a_classification_year_wrapped_to_the_next_line_keeps_the_diagnosis_whole() -> None:
    facts = run(
        "Consultation 2024-07-09\n"
        "Diagnosis: MDS with low blasts and SF3B1 mutation (MDS-SF3B1), ICC\n"
        "2022, diagnosed March 14, 2024.\n"
        "Plan: observation.\n"
    )
    fact = one(facts, FactKind.DIAGNOSIS, "diagnosis")
    assert "MDS-SF3B1" in fact.value
    assert fact.date == dt.date(2024, 3, 14)


def test_a_diagnosis_heading_naming_its_system_in_brackets() -> None:
    facts = run(
        "BONE MARROW REPORT   Procedure date: 2024-09-02\n"
        "Aspirate and trephine; cellularity 40%; blasts 2%.\n"
        "FINAL DIAGNOSIS (ICC 2022)\n"
        "\n"
        "MDS with mutated SF3B1 (MDS-SF3B1), pending the molecular confirmation.\n"
    )
    diagnosis = one(facts, FactKind.MARROW, "marrow_diagnosis")
    assert "SF3B1" in str(diagnosis.value)
    assert diagnosis.details["system"] == "ICC 2022"


def test_the_conclusion_of_a_blood_count_report_is_not_a_diagnosis() -> None:
    facts = run(
        "Complete blood count with differential\n"
        "Collected: 2025-02-14\n"
        "Conclusion: anaemia and neutropenia, as before; repeat in one week.\n"
    )
    assert only(facts, FactKind.DIAGNOSIS) == []


def test_a_page_holding_a_blood_count_report_has_no_diagnosis_in_its_conclusion() -> None:
    facts = run(
        [
            "Health record export\nCondition: MDS with low blasts, onset 2024-11-02\n",
            "FBC\nCollected: 2025-02-14\nConclusion: Pancytopenia, macrocytic; as before.\n",
        ]
    )
    assert [f.value for f in only(facts, FactKind.DIAGNOSIS)] in ([], ["MDS with low blasts"])
    assert not [f for f in only(facts, FactKind.DIAGNOSIS) if "ancytopenia" in str(f.value)]
