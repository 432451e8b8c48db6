"""WHO 2022 rules, one test per rule and boundary, each naming its source."""

from __future__ import annotations

from typing import Any

import pytest
from mds_case_builder import case, karyotype, run, variants

from onconav.clinical.classification import (
    CategoryKind,
    Classification,
    Findings,
    Status,
    classify_who2022,
)


def who(data: dict[str, Any]) -> Classification:
    return run(data).who


def test_baseline_is_mds_with_low_blasts() -> None:
    """Khoury 2022 Table 3: MDS-LB = BM < 5 %, PB < 2 %; dysplasia ≥ 10 % in a lineage
    (CAP review: dysplasia separates MDS from CCUS)."""
    result = who(case())
    assert (result.status, result.code, result.category) == (
        Status.ASSIGNED,
        "MDS-LB",
        "MDS with low blasts",
    )
    assert result.decided_by == "WHO-R8b"
    assert result.candidate_needs_pathologist_confirmation is True
    assert result.missing == ()


# --- R1: AML with defining genetic abnormality (Park, Blood Res 2024; Khoury 2022) ---------


@pytest.mark.parametrize(
    "change",
    [
        {"molecular": variants(("NPM1", 0.4))},
        {"cytogenetics": karyotype(abnormal_3q26_2=True)},
        {"aml_genetic_findings": ["KMT2A rearrangement"]},
        {"aml_genetic_findings": ["RUNX1::RUNX1T1"]},
    ],
)
def test_defining_genetic_abnormality_is_aml_at_any_blast_count(change: dict[str, object]) -> None:
    """Park, Blood Res 2024;59:15: WHO 2022 removed the 20 % threshold for AML with defining
    genetic abnormalities (here at 2 % marrow blasts)."""
    result = who(case(**change))
    assert (result.code, result.kind, result.decided_by) == ("AML", CategoryKind.AML, "WHO-R1")
    assert "AML_BOUNDARY" in {f.code for f in result.flags}


@pytest.mark.parametrize("finding", ["BCR::ABL1", "CEBPA in-frame bZIP mutation"])
def test_bcr_abl1_and_cebpa_still_need_20_percent(finding: str) -> None:
    """Park, Blood Res 2024;59:15: BCR::ABL1 and CEBPA-mutated AML keep the 20 % threshold."""
    result = who(case(aml_genetic_findings=[finding], marrow={"blasts_percent": 8}))
    assert result.code == "MDS-IB1"


# --- R2: blasts ≥ 20 % (Khoury 2022 Table 3: MDS < 20 % in BM and PB) ----------------------


@pytest.mark.parametrize(
    ("marrow", "blood", "expected"),
    [(20, 0, "AML"), (19.9, 0, "MDS-IB2"), (3, 20, "AML"), (3, 19.9, "MDS-IB2")],
)
def test_twenty_percent_blast_boundary(marrow: float, blood: float, expected: str) -> None:
    """Khoury 2022 Table 3: IB2 is 10-19 % BM or 5-19 % PB; 20 % is AML."""
    result = who(case(marrow={"blasts_percent": marrow}, blood={"blasts_percent": blood}))
    assert result.code == expected


# --- R3: neighbouring MDS/MPN to consider ---------------------------------------------------


@pytest.mark.parametrize(("monocytes", "wbc", "expected"), [(0.6, 5.0, True), (0.6, 8.0, False)])
def test_monocytosis_points_to_cmml(monocytes: float, wbc: float, expected: bool) -> None:
    """Khoury 2022 Table 6: CMML needs monocytes ≥ 0.5 ×10⁹/L and ≥ 10 % of white cells."""
    result = who(case(blood={"monocytes_10e9_per_l": monocytes, "white_cells_10e9_per_l": wbc}))
    assert (result.code == "CONSIDER-CMML") is expected


def test_sf3b1_with_thrombocytosis_points_to_mds_mpn() -> None:
    """MDS_BRIEF §1.5 R3 (M): SF3B1 with platelets ≥ 450 ×10⁹/L → consider MDS/MPN-SF3B1-T."""
    result = who(case(blood={"platelets_10e9_per_l": 520}, molecular=variants(("SF3B1", 0.35))))
    assert result.code == "CONSIDER-MDS/MPN-SF3B1-T"
    assert result.kind is CategoryKind.MDS_MPN
    assert "RULE_NOT_VERIFIED" in {f.code for f in result.flags}


# --- G1: no cytopenia (CAP review: thresholds shared by WHO 2022 and ICC) -------------------


def test_normal_counts_are_not_mds_and_a_clone_is_chip() -> None:
    """CAP review: cytopenia = Hb < 13 (men), ANC < 1.8, platelets < 150; without it no MDS.
    Valent 2017: a clone without cytopenia is CHIP (working term)."""
    normal = {"hemoglobin_g_dl": 14.0, "neutrophils_10e9_per_l": 3.0, "platelets_10e9_per_l": 220}
    result = who(case(blood=normal, molecular=variants(("DNMT3A", 0.12))))
    assert (result.code, result.kind) == ("NO-CYTOPENIA", CategoryKind.NO_CRITERIA_MET)
    assert "CHIP_WORKING_TERM" in {f.code for f in result.flags}


@pytest.mark.parametrize(
    ("sex", "hemoglobin", "cytopenic"), [("female", 12.5, False), ("male", 12.5, True)]
)
def test_anaemia_threshold_depends_on_sex(sex: str, hemoglobin: float, cytopenic: bool) -> None:
    """CAP review: anaemia is Hb < 13 g/dL in men, < 12 g/dL in women."""
    counts = {
        "hemoglobin_g_dl": hemoglobin,
        "neutrophils_10e9_per_l": 3.0,
        "platelets_10e9_per_l": 220,
    }
    result = who(case(sex=sex, blood=counts))
    assert (result.code != "NO-CYTOPENIA") is cytopenic


# --- R4: biallelic TP53 (Khoury 2022 Table 3; JHO 2024 Table 3; Mayo/SA cohort) ------------


@pytest.mark.parametrize(
    "tp53",
    [
        {"variants": [{"gene": "TP53", "vaf": 0.03}, {"gene": "TP53", "vaf": 0.04}]},
        {"variants": [{"gene": "TP53", "vaf": 0.3}], "tp53": {"copy_number_loss": True}},
        {"variants": [{"gene": "TP53", "vaf": 0.3}], "tp53": {"copy_neutral_loh": True}},
    ],
)
def test_biallelic_tp53_without_vaf_minimum(tp53: dict[str, object]) -> None:
    """Khoury 2022 Table 3: ≥ 2 TP53 mutations, or 1 with copy loss or cnLOH; JHO 2024:
    WHO sets no minimum VAF (two mutations at 3-4 % still count)."""
    result = who(case(molecular=tp53))
    assert (result.code, result.category) == (
        "MDS-biTP53",
        "MDS with biallelic TP53 inactivation",
    )


def test_single_tp53_above_49_percent_is_presumptive_and_flagged() -> None:
    """Mayo/South Australia cohort applying WHO 5th ed.: one TP53 mutation with VAF > 49 %
    = presumptive MDS-biTP53 (germline variant must be excluded)."""
    result = who(
        case(
            molecular={
                "variants": [{"gene": "TP53", "vaf": 0.62}],
                "tp53": {"copy_number_loss": None, "copy_neutral_loh": None},
            }
        )
    )
    assert result.code == "MDS-biTP53"
    assert result.category is not None
    assert "presumptive" in result.category
    assert "TP53_PRESUMPTIVE_BIALLELIC" in {f.code for f in result.flags}
    assert any(m.field == "molecular.tp53.copy_number_loss" for m in result.missing)


def test_single_tp53_at_49_percent_is_not_presumptive() -> None:
    """Mayo/SA cohort: the presumptive route starts above 49 %; monoallelic evidence given."""
    result = who(case(molecular=variants(("TP53", 0.49))))
    assert result.code == "MDS-LB"


def test_single_tp53_without_copy_number_data_cannot_be_assigned() -> None:
    """MDS_BRIEF §1.5 edge case: one TP53 mutation < 50 % and no copy-number data."""
    data = case(
        molecular={
            "variants": [{"gene": "TP53", "vaf": 0.3}],
            "tp53": {"copy_number_loss": None, "copy_neutral_loh": None},
        }
    )
    result = who(data)
    assert result.status is Status.NOT_ASSIGNABLE_YET
    assert {p.code for p in result.possible_categories} == {"MDS-biTP53", "MDS-LB"}
    assert "TP53_SINGLE_HIT_UNRESOLVED" in {f.code for f in result.flags}
    assert {"molecular.tp53.copy_number_loss", "molecular.tp53.copy_neutral_loh"} <= {
        m.field for m in result.missing
    }


@pytest.mark.parametrize(
    "change",
    [
        {"cytogenetics": karyotype(del5q=True)},
        {"marrow": {"blasts_percent": 15}},
        {"marrow": {"ring_sideroblasts_percent": 40}},
    ],
)
def test_biallelic_tp53_overrides_other_mds_types(change: dict[str, object]) -> None:
    """Khoury 2022 Table 3 / MDS_BRIEF §1.2: MDS-biTP53 (< 20 % blasts) overrides all other
    MDS subtypes (here del(5q), 15 % blasts, ring sideroblasts)."""
    tp53 = {"molecular": {"variants": [{"gene": "TP53", "vaf": 0.2}, {"gene": "TP53", "vaf": 0.2}]}}
    result = who(case(**{**change, **tp53}))
    assert result.code == "MDS-biTP53"


# --- R5: MDS-5q (Khoury 2022 Table 3; JHO 2024: WHO requires dysplasia) --------------------


@pytest.mark.parametrize(
    ("cytogenetics", "expected"),
    [
        (karyotype(del5q=True), "MDS-5q"),
        (karyotype(del5q=True, other_abnormalities=["+8"]), "MDS-5q"),
        (karyotype(del5q=True, monosomy7=True), "MDS-LB"),
        (karyotype(del5q=True, del7q=True), "MDS-LB"),
        (karyotype(del5q=True, other_abnormalities=["+8", "del(20q)"]), "MDS-LB"),
    ],
)
def test_del5q_alone_or_with_one_other_not_chromosome_7(
    cytogenetics: dict[str, object], expected: str
) -> None:
    """Khoury 2022 Table 3: del(5q) alone or with 1 other abnormality other than -7/del(7q).
    With -7/del(7q), or three abnormalities, the dysplastic case falls back to MDS-LB."""
    assert who(case(cytogenetics=cytogenetics)).code == expected


def test_del5q_needs_low_blasts() -> None:
    """Khoury 2022 Table 3: MDS-5q needs BM < 5 % and PB < 2 %."""
    assert who(case(cytogenetics=karyotype(del5q=True), marrow={"blasts_percent": 5})).code == (
        "MDS-IB1"
    )


def test_del5q_without_dysplasia_is_not_who_mds_5q() -> None:
    """JHO 2024 Table 3: WHO, not ICC, requires ≥ 10 % dysplasia in ≥ 1 lineage for MDS-5q."""
    data = case(cytogenetics=karyotype(del5q=True), marrow={"dysplasia": {"erythroid": False}})
    result = run(data)
    assert result.who.code == "CCUS"
    assert result.icc.code == "MDS-del(5q)"
    assert "WHO_ICC_DEL5Q_WITHOUT_DYSPLASIA" in {f.code for f in result.divergences}


# --- R6: MDS-SF3B1 (Khoury 2022 Table 3 + footnote a; Leukemia 2022 letter: VAF ≥ 5 %) ------


@pytest.mark.parametrize(("vaf", "expected"), [(0.05, "MDS-SF3B1"), (0.049, "MDS-LB")])
def test_sf3b1_vaf_threshold_is_5_percent(vaf: float, expected: str) -> None:
    """Leukemia 2022 letter (doi:10.1038/s41375-022-01783-y): WHO MDS-SF3B1 needs VAF ≥ 5 %."""
    assert who(case(molecular=variants(("SF3B1", vaf)))).code == expected


@pytest.mark.parametrize(("ring_sideroblasts", "expected"), [(15, "MDS-SF3B1"), (14, "MDS-LB")])
def test_ring_sideroblasts_substitute_for_sf3b1(ring_sideroblasts: float, expected: str) -> None:
    """Khoury 2022 Table 3 footnote a: ≥ 15 % ring sideroblasts may substitute for the SF3B1
    mutation ("MDS with low blasts and ring sideroblasts")."""
    result = who(case(marrow={"ring_sideroblasts_percent": ring_sideroblasts}))
    assert result.code == expected
    if expected == "MDS-SF3B1":
        assert result.category == "MDS with low blasts and ring sideroblasts"


@pytest.mark.parametrize(
    ("cytogenetics", "expected"),
    [
        (karyotype(monosomy7=True), "MDS-LB"),
        (karyotype(complex=True, other_abnormalities=["+8", "-5", "+21"]), "MDS-LB"),
        (karyotype(del7q=True), "MDS-SF3B1"),
    ],
)
def test_sf3b1_exclusions(cytogenetics: dict[str, object], expected: str) -> None:
    """Khoury 2022 Table 3: MDS-SF3B1 requires absence of del(5q), monosomy 7 and complex
    karyotype; del(7q) is not on the WHO list (ICC excludes it, see the ICC tests)."""
    data = case(cytogenetics=cytogenetics, molecular=variants(("SF3B1", 0.3)))
    assert who(data).code == expected


# --- R7: increased blasts (Khoury 2022 Table 3; JHO 2024: MDS-f = fibrosis grade 2-3) -------


@pytest.mark.parametrize(
    ("marrow", "blood", "auer", "expected"),
    [
        (5, 0, False, "MDS-IB1"),
        (9.9, 0, False, "MDS-IB1"),
        (4, 2, False, "MDS-IB1"),
        (4, 4.9, False, "MDS-IB1"),
        (10, 0, False, "MDS-IB2"),
        (4, 5, False, "MDS-IB2"),
        (3, 0, True, "MDS-IB2"),
        (4.9, 1.9, False, "MDS-LB"),
    ],
)
def test_increased_blast_intervals(marrow: float, blood: float, auer: bool, expected: str) -> None:
    """Khoury 2022 Table 3: IB1 = BM 5-9 % or PB 2-4 %; IB2 = BM 10-19 %, PB 5-19 % or Auer
    rods; intervals half-open (MDS_BRIEF §1.5)."""
    data = case(
        marrow={"blasts_percent": marrow, "auer_rods": auer}, blood={"blasts_percent": blood}
    )
    assert who(data).code == expected


@pytest.mark.parametrize(
    ("marrow", "blood", "grade", "expected"),
    [
        (7, 0, 2, "MDS-f"),
        (12, 0, 3, "MDS-f"),
        (3, 3, 2, "MDS-f"),
        (7, 0, 1, "MDS-IB1"),
        (3, 0, 3, "MDS-LB"),
    ],
)
def test_fibrosis_with_increased_blasts(
    marrow: float, blood: float, grade: int, expected: str
) -> None:
    """Khoury 2022 Table 3 (MDS-f: BM 5-19 %, PB 2-19 %); JHO 2024 Table 3 (grade 2-3)."""
    data = case(
        marrow={"blasts_percent": marrow, "fibrosis_grade": grade}, blood={"blasts_percent": blood}
    )
    assert who(data).code == expected


# --- R8: hypoplastic and low-blast MDS ------------------------------------------------------


@pytest.mark.parametrize(("cellularity", "expected"), [(25, "MDS-h"), (26, "MDS-LB")])
def test_hypoplastic_mds_at_25_percent_cellularity(cellularity: float, expected: str) -> None:
    """Khoury 2022 Table 3 footnote b: MDS-h = ≤ 25 % cellularity, age adjusted (the age
    adjustment and the blast range are flagged: rule status U)."""
    result = who(case(marrow={"cellularity_percent": cellularity}))
    assert result.code == expected
    if expected == "MDS-h":
        assert {"HYPOPLASTIC_AGE_ADJUSTED", "RULE_NOT_VERIFIED"} <= {f.code for f in result.flags}


def test_mds_defining_karyotype_without_dysplasia_is_left_to_review() -> None:
    """MDS_BRIEF §1.3 (ICC MDS-NOS without dysplasia); the WHO handling is unverified (U), so
    the engine flags instead of choosing between MDS-LB and CCUS."""
    data = case(cytogenetics=karyotype(monosomy7=True), marrow={"dysplasia": {"erythroid": False}})
    result = who(data)
    assert result.status is Status.NEEDS_REVIEW
    assert "WHO_CYTOGENETICS_WITHOUT_DYSPLASIA" in {f.code for f in result.flags}


# --- R9: precursors (CAP review; Malcovati 2017; Valent 2017) -------------------------------


def test_clone_without_dysplasia_is_ccus_with_risk_note() -> None:
    """CAP review: CCUS = clone (VAF ≥ 2 %) + cytopenia without MDS criteria. Malcovati 2017:
    VAF ≥ 10 % or ≥ 2 mutations predict a myeloid neoplasm."""
    data = case(
        marrow={"dysplasia": {"erythroid": False}},
        molecular=variants(("TET2", 0.25), ("SRSF2", 0.2)),
    )
    result = who(data)
    assert (result.code, result.kind) == ("CCUS", CategoryKind.PRECURSOR)
    ccus = next(f for f in result.flags if f.code == "CCUS")
    assert "high chance" in ccus.message


def test_variant_below_2_percent_is_not_a_clone() -> None:
    """CAP review: clonal haematopoiesis starts at VAF 2 %; below it, with no dysplasia, the
    working term is ICUS (Valent 2017)."""
    data = case(marrow={"dysplasia": {"erythroid": False}}, molecular=variants(("TET2", 0.015)))
    result = who(data)
    assert result.code == "ICUS"
    assert "ICUS_WORKING_TERM" in {f.code for f in result.flags}


# --- Qualifiers (Park 2024: MN post cytotoxic therapy; MDS_BRIEF §1.2: germline, M) ---------


def test_qualifiers_for_prior_therapy_and_germline_predisposition() -> None:
    """Park, Blood Res 2024: WHO appends "post cytotoxic therapy"; germline qualifier (M)."""
    result = who(case(prior_cytotoxic_therapy=True, germline_predisposition=True))
    assert result.qualifiers == (
        "post cytotoxic therapy",
        "associated with germline predisposition",
    )
    assert {"PRIOR_CYTOTOXIC_THERAPY", "GERMLINE_PREDISPOSITION"} <= {f.code for f in result.flags}


def test_classify_who2022_is_the_same_as_the_side_by_side_who_column() -> None:
    """The single-system entry point gives the same answer as ``classify``."""
    data = case(marrow={"blasts_percent": 12})
    assert classify_who2022(Findings.model_validate(data)) == run(data).who
