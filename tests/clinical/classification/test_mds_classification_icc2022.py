"""ICC 2022 rules, one test per rule and boundary, each naming its source."""

from __future__ import annotations

from typing import Any

import pytest
from mds_case_builder import case, karyotype, run, variants

from onconav.clinical.classification import (
    CategoryKind,
    Classification,
    Findings,
    Status,
    classify_icc2022,
)


def icc(data: dict[str, Any]) -> Classification:
    return run(data).icc


def test_baseline_is_mds_nos_single_lineage() -> None:
    """JHO 2024 Table 3: ICC splits low-blast MDS by 1 vs 2-3 dysplastic lineages."""
    result = icc(case())
    assert (result.status, result.code, result.category) == (
        Status.ASSIGNED,
        "MDS-NOS-SLD",
        "MDS, NOS with single lineage dysplasia",
    )


# --- R1: AML with recurrent genetic abnormalities from 10 % (ICC AML table, ASH-SAP copy) --


@pytest.mark.parametrize(
    "finding",
    [
        "NPM1 mutation",
        "RUNX1::RUNX1T1",
        "CBFB::MYH11",
        "PML::RARA",
        "KMT2A rearrangement",
        "MECOM rearrangement",
        "DEK::NUP214",
        "CEBPA in-frame bZIP mutation",
    ],
)
def test_recurrent_abnormality_with_10_percent_blasts_is_aml(finding: str) -> None:
    """ICC AML table: these classes need ≥ 10 % blasts (APL included; BCR::ABL1 needs 20 %)."""
    result = icc(case(aml_genetic_findings=[finding], marrow={"blasts_percent": 10}))
    assert (result.code, result.decided_by, result.kind) == ("AML", "ICC-R1", CategoryKind.AML)


def test_recurrent_abnormality_below_10_percent_is_left_to_review() -> None:
    """ICC AML table: below 10 % the abnormality does not make AML; what ICC then calls the
    case is unverified (U), so the engine flags instead of assigning an MDS category."""
    result = icc(case(molecular=variants(("NPM1", 0.4)), marrow={"blasts_percent": 4}))
    assert result.status is Status.NEEDS_REVIEW
    assert {"AML_BOUNDARY", "ICC_RECURRENT_GENETICS_BELOW_10"} <= {f.code for f in result.flags}


def test_bcr_abl1_needs_20_percent_in_icc() -> None:
    """ICC AML table: AML with BCR::ABL1 needs ≥ 20 % blasts."""
    result = icc(case(aml_genetic_findings=["BCR::ABL1"], marrow={"blasts_percent": 12}))
    assert result.code == "MDS/AML"


def test_cebpa_mutation_of_unknown_type_cannot_be_decided_at_10_percent() -> None:
    """ICC AML table: only in-frame bZIP CEBPA mutations qualify; an untyped CEBPA mutation
    leaves AML vs MDS/AML open."""
    result = icc(case(molecular=variants(("CEBPA", 0.45)), marrow={"blasts_percent": 12}))
    assert result.status is Status.NOT_ASSIGNABLE_YET
    assert {"AML", "MDS/AML"} <= {p.code for p in result.possible_categories}
    assert any(m.field == "aml_genetic_findings" for m in result.missing)


# --- R2: AML (ICC AML table; Park 2024: TP53 AML needs VAF ≥ 10 %) -------------------------


@pytest.mark.parametrize(
    ("vaf", "name"),
    [(0.3, "AML with mutated TP53"), (0.05, "Acute myeloid leukaemia (20 % blasts or more)")],
)
def test_aml_with_mutated_tp53_needs_vaf_10(vaf: float, name: str) -> None:
    """ICC AML table and Park 2024: AML with mutated TP53 = TP53 VAF ≥ 10 % and ≥ 20 %."""
    result = icc(case(marrow={"blasts_percent": 25}, molecular=variants(("TP53", vaf))))
    assert (result.code, result.category) == ("AML", name)


# --- R4: TP53 categories (JHO 2024 Table 3; MDS_BRIEF §1.3 for the M routes) ---------------


def test_single_tp53_is_enough_at_10_to_19_percent_blasts() -> None:
    """JHO 2024 Table 3: ICC allows a monoallelic TP53 mutation (VAF ≥ 10 %) in MDS/AML."""
    result = icc(case(marrow={"blasts_percent": 12}, molecular=variants(("TP53", 0.2))))
    assert (result.code, result.kind) == ("MDS/AML-TP53", CategoryKind.MDS_AML)


def test_tp53_below_10_percent_does_not_count_for_icc() -> None:
    """JHO 2024 Table 3: ICC requires TP53 VAF ≥ 10 %, WHO has no minimum."""
    data = case(
        marrow={"blasts_percent": 12},
        molecular={"variants": [{"gene": "TP53", "vaf": 0.06}, {"gene": "TP53", "vaf": 0.05}]},
    )
    result = run(data)
    assert result.icc.code == "MDS/AML"
    assert result.who.code == "MDS-biTP53"
    assert "WHO_ICC_TP53_BELOW_10" in {f.code for f in result.divergences}


@pytest.mark.parametrize(
    ("molecular", "cytogenetics", "unverified_route"),
    [
        ({"variants": [{"gene": "TP53", "vaf": 0.2}, {"gene": "TP53", "vaf": 0.15}]}, None, False),
        (
            {"variants": [{"gene": "TP53", "vaf": 0.2}], "tp53": {"copy_number_loss": None}},
            karyotype(loss_17p=True),
            False,
        ),
        (
            {"variants": [{"gene": "TP53", "vaf": 0.2}]},
            karyotype(complex=True, other_abnormalities=["-5", "+8", "-18"]),
            False,
        ),
        ({"variants": [{"gene": "TP53", "vaf": 0.55}]}, None, True),
        (
            {"variants": [{"gene": "TP53", "vaf": 0.2}], "tp53": {"copy_neutral_loh": True}},
            None,
            True,
        ),
    ],
)
def test_mds_with_mutated_tp53_below_10_percent(
    molecular: dict[str, Any], cytogenetics: dict[str, Any] | None, unverified_route: bool
) -> None:
    """JHO 2024 Table 3 (VAF ≥ 10 %; complex karyotype stands in when LOH is unknown); Mayo/SA
    cohort 2025 (17p deletion as second hit); MDS_BRIEF §1.3 (VAF ≥ 50 %, cnLOH: M, flagged)."""
    changes: dict[str, Any] = {"molecular": molecular}
    if cytogenetics:
        changes["cytogenetics"] = cytogenetics
    result = icc(case(**changes))
    assert result.code == "MDS-TP53"
    flags = {f.code for f in result.flags}
    assert ("TP53_MULTI_HIT_ROUTE_NOT_VERIFIED" in flags) is unverified_route


def test_two_tp53_mutations_one_below_10_percent_is_not_multi_hit() -> None:
    """MDS_BRIEF §1.3 (M): each of the two mutations must reach 10 % VAF for ICC."""
    molecular = {"variants": [{"gene": "TP53", "vaf": 0.3}, {"gene": "TP53", "vaf": 0.04}]}
    assert icc(case(molecular=molecular)).code == "MDS-NOS-SLD"


# --- R5: MDS/AML and its subtypes (ICC AML table: MR genes and MR cytogenetics) -------------


@pytest.mark.parametrize(
    ("changes", "subtype"),
    [
        ({"molecular": variants(("ASXL1", 0.3))}, "with myelodysplasia-related gene mutations"),
        ({"molecular": variants(("RUNX1", 0.3))}, "with myelodysplasia-related gene mutations"),
        (
            {"cytogenetics": karyotype(other_abnormalities=["+8"])},
            "with myelodysplasia-related cytogenetic abnormalities",
        ),
        (
            {"cytogenetics": karyotype(other_abnormalities=["del(20q)"])},
            "with myelodysplasia-related cytogenetic abnormalities",
        ),
        ({}, "not otherwise specified"),
    ],
)
def test_mds_aml_subtypes(changes: dict[str, Any], subtype: str) -> None:
    """ICC AML table: MR gene list (ASXL1, BCOR, EZH2, RUNX1, SF3B1, SRSF2, STAG2, U2AF1,
    ZRSR2) and MR cytogenetics (+8, del(20q), ...); order gene > cytogenetics > NOS (M)."""
    result = icc(case(marrow={"blasts_percent": 15}, **changes))
    assert (result.code, result.subtype) == ("MDS/AML", subtype)


def test_mds_aml_subtype_stays_open_without_ngs() -> None:
    """Missing is not normal: without NGS the MR-gene subtype is unknown."""
    data = case(
        marrow={"blasts_percent": 15},
        molecular={"genes_tested": ["TP53"], "variants": []},
        aml_genetic_findings=[],
    )
    result = icc(data)
    assert (result.code, result.subtype) == ("MDS/AML", None)
    assert any("genes_tested" in m.field for m in result.missing)


# --- R6: MDS-EB (JHO 2024 Table 3: Auer rods and PB 5-9 % are EB in ICC) -------------------


@pytest.mark.parametrize(
    ("marrow", "blood", "auer", "expected"),
    [
        (5, 0, False, "MDS-EB"),
        (9.9, 0, False, "MDS-EB"),
        (3, 2, False, "MDS-EB"),
        (3, 9.9, False, "MDS-EB"),
        (3, 0, True, "MDS-EB"),
        (10, 0, False, "MDS/AML"),
        (3, 10, False, "MDS/AML"),
        (4.9, 1.9, False, "MDS-NOS-SLD"),
    ],
)
def test_excess_blast_intervals(marrow: float, blood: float, auer: bool, expected: str) -> None:
    """JHO 2024 Table 3 / ICC AML table: EB = BM 5-9 % or PB 2-9 % (or Auer rods with
    < 10 %); MDS/AML = 10-19 % in BM or PB."""
    data = case(
        marrow={"blasts_percent": marrow, "auer_rods": auer}, blood={"blasts_percent": blood}
    )
    assert icc(data).code == expected


# --- R7: low-blast categories --------------------------------------------------------------


def test_del5q_needs_no_dysplasia_in_icc() -> None:
    """JHO 2024 Table 3: ICC, unlike WHO, has no dysplasia requirement for MDS with del(5q)."""
    data = case(
        cytogenetics=karyotype(del5q=True, other_abnormalities=["+8"]),
        marrow={"dysplasia": {"erythroid": False}},
    )
    assert icc(data).code == "MDS-del(5q)"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"molecular": variants(("SF3B1", 0.10))}, "MDS-SF3B1"),
        ({"molecular": variants(("SF3B1", 0.099))}, "MDS-NOS-SLD"),
        ({"molecular": variants(("SF3B1", 0.3), ("RUNX1", 0.2))}, "MDS-NOS-SLD"),
        (
            {"molecular": variants(("SF3B1", 0.3)), "cytogenetics": karyotype(del7q=True)},
            "MDS-NOS-SLD",
        ),
        ({"marrow": {"ring_sideroblasts_percent": 40}}, "MDS-NOS-SLD"),
    ],
)
def test_mutated_sf3b1(changes: dict[str, Any], expected: str) -> None:
    """Leukemia 2022 letter / JHO 2024: ICC MDS-SF3B1 needs VAF ≥ 10 %, excludes RUNX1,
    abnormal 3q26.2 and -7/del(7q) (del(7q): M); ring sideroblasts do not replace SF3B1."""
    assert icc(case(**changes)).code == expected


def test_sf3b1_with_3q26_rearrangement_is_not_mds_sf3b1() -> None:
    """JHO 2024 Table 3: ICC excludes abnormal 3q26.2; a MECOM rearrangement is also an
    AML-type abnormality (ICC AML table), so below 10 % blasts the case goes to review."""
    data = case(molecular=variants(("SF3B1", 0.3)), cytogenetics=karyotype(abnormal_3q26_2=True))
    assert icc(data).code == "REVIEW-RECURRENT-GENETICS-BELOW-10"


def test_mds_nos_without_dysplasia_for_monosomy_7() -> None:
    """MDS_BRIEF §1.3 (M): cytopenia with -7/del(7q) or complex karyotype and no dysplasia."""
    data = case(cytogenetics=karyotype(monosomy7=True), marrow={"dysplasia": {"erythroid": False}})
    result = icc(data)
    assert result.code == "MDS-NOS-noD"
    assert "RULE_NOT_VERIFIED" in {f.code for f in result.flags}


def test_multilineage_dysplasia() -> None:
    """JHO 2024 Table 3: two or three dysplastic lineages = MDS, NOS with MLD."""
    data = case(marrow={"dysplasia": {"erythroid": True, "granulocytic": True}})
    assert icc(data).code == "MDS-NOS-MLD"


def test_one_known_lineage_and_two_unknown_cannot_split_sld_from_mld() -> None:
    """Missing is not normal: unassessed lineages keep SLD vs MLD open."""
    data = case(marrow={"dysplasia": {"granulocytic": None, "megakaryocytic": None}})
    result = icc(data)
    assert result.status is Status.NOT_ASSIGNABLE_YET
    assert {p.code for p in result.possible_categories} == {"MDS-NOS-SLD", "MDS-NOS-MLD"}


# --- R8: precursors and qualifiers ----------------------------------------------------------


def test_ccus_and_icus() -> None:
    """CAP review (CCUS shared by both systems); Valent 2017 (ICUS working term)."""
    no_dysplasia = {"dysplasia": {"erythroid": False}}
    assert icc(case(marrow=no_dysplasia, molecular=variants(("DNMT3A", 0.08)))).code == "CCUS"
    assert icc(case(marrow=no_dysplasia)).code == "ICUS"


def test_therapy_related_qualifier() -> None:
    """Park, Blood Res 2024: ICC describes prior-therapy cases with a "therapy-related"
    qualifier rather than a separate category."""
    result = icc(case(prior_cytotoxic_therapy=True, germline_predisposition=True))
    assert result.qualifiers == ("therapy-related", "with germline predisposition")
    assert result.code == "MDS-NOS-SLD"


def test_classify_icc2022_is_the_same_as_the_side_by_side_icc_column() -> None:
    """The single-system entry point gives the same answer as ``classify``."""
    data = case(marrow={"blasts_percent": 12})
    assert classify_icc2022(Findings.model_validate(data)) == run(data).icc
