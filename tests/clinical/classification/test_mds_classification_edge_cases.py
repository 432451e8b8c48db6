"""MDS_BRIEF §1.5 "edge cases to flag, not auto-resolve", in both systems, plus missing data."""

from __future__ import annotations

from typing import Any

import pytest
from mds_case_builder import case, flag_codes, karyotype, run, variants

from onconav.clinical.classification import Status


def test_blood_blasts_5_to_9_with_marrow_below_10() -> None:
    """JHO 2024 Table 3: blood blasts 5-9 % are WHO MDS-IB2 but ICC MDS-EB."""
    data = case(blood={"blasts_percent": 6}, marrow={"blasts_percent": 3})
    result = run(data)
    assert (result.who.code, result.icc.code) == ("MDS-IB2", "MDS-EB")
    assert "WHO_ICC_BLOOD_BLASTS_5_TO_9" in {f.code for f in result.divergences}
    assert "BLOOD_BLASTS_5_OR_MORE" in {f.code for f in result.who.flags}


def test_auer_rods_below_10_percent_blasts() -> None:
    """JHO 2024 Table 3: Auer rods with < 10 % blasts are WHO MDS-IB2 but ICC MDS-EB."""
    result = run(case(marrow={"auer_rods": True, "blasts_percent": 3}))
    assert (result.who.code, result.icc.code) == ("MDS-IB2", "MDS-EB")
    assert "WHO_ICC_AUER_RODS" in {f.code for f in result.divergences}


def test_sf3b1_vaf_between_5_and_10_percent() -> None:
    """Leukemia 2022 letter: WHO MDS-SF3B1 from VAF 5 %, ICC from 10 %."""
    result = run(case(molecular=variants(("SF3B1", 0.07))))
    assert (result.who.code, result.icc.code) == ("MDS-SF3B1", "MDS-NOS-SLD")
    assert "WHO_ICC_SF3B1_VAF_5_TO_10" in {f.code for f in result.divergences}


def test_sf3b1_with_runx1() -> None:
    """JHO 2024 Table 3: ICC excludes RUNX1-mutated cases from MDS-SF3B1; WHO does not."""
    result = run(case(molecular=variants(("SF3B1", 0.35), ("RUNX1", 0.3))))
    assert (result.who.code, result.icc.code) == ("MDS-SF3B1", "MDS-NOS-SLD")
    assert "WHO_ICC_SF3B1_WITH_RUNX1" in {f.code for f in result.divergences}


def test_single_tp53_below_50_percent_without_copy_number_data() -> None:
    """MDS_BRIEF §1.5: one TP53 mutation < 50 % VAF, no copy-number data: both systems leave
    the category open (WHO biTP53 vs LB; ICC MDS-TP53 vs NOS) and flag it."""
    data = case(
        molecular={
            "variants": [{"gene": "TP53", "vaf": 0.3}],
            "tp53": {"copy_number_loss": None, "copy_neutral_loh": None},
        }
    )
    result = run(data)
    for column in (result.who, result.icc):
        assert column.status is Status.NOT_ASSIGNABLE_YET
        assert "TP53_SINGLE_HIT_UNRESOLVED" in {f.code for f in column.flags}


def test_single_tp53_with_17p_loss_on_the_karyotype_is_biallelic_in_both() -> None:
    """Khoury 2022 Table 3 (1 mutation + copy loss); Mayo/SA 2025 (17p deletion as ICC
    second hit)."""
    data = case(
        molecular={"variants": [{"gene": "TP53", "vaf": 0.3}], "tp53": {"copy_number_loss": None}},
        cytogenetics=karyotype(loss_17p=True),
    )
    assert (run(data).who.code, run(data).icc.code) == ("MDS-biTP53", "MDS-TP53")


def test_complex_karyotype_stands_in_for_icc_but_not_for_who() -> None:
    """JHO 2024 Table 3: only ICC lets a complex karyotype qualify as the second TP53 hit."""
    data = case(
        molecular={
            "variants": [{"gene": "TP53", "vaf": 0.3}],
            "tp53": {"copy_number_loss": None, "copy_neutral_loh": None},
        },
        cytogenetics=karyotype(complex=True, other_abnormalities=["-5", "+8", "-18"]),
    )
    result = run(data)
    assert result.icc.code == "MDS-TP53"
    assert result.who.status is Status.NOT_ASSIGNABLE_YET
    assert "TP53_COMPLEX_KARYOTYPE_WHO" in {f.code for f in result.who.flags}
    assert "WHO_ICC_TP53_COMPLEX_KARYOTYPE" in {f.code for f in result.divergences}


def test_hemodilute_aspirate_is_flagged_in_both() -> None:
    """MDS_BRIEF §1.5 / §6.2: a haemodilute aspirate may undercount blasts."""
    who, icc, _ = flag_codes(case(marrow={"aspirate_hemodilute": True}))
    assert "HEMODILUTE_ASPIRATE" in who & icc


def test_fewer_than_20_metaphases_is_flagged_in_both() -> None:
    """MDS_BRIEF §3.3 rule 7: fewer than 20 metaphases = incomplete cytogenetics."""
    who, icc, _ = flag_codes(case(cytogenetics={"metaphases_analyzed": 12}))
    assert "FEW_METAPHASES" in who & icc
    who, icc, _ = flag_codes(case())
    assert "FEW_METAPHASES" not in who | icc


def test_prior_cytotoxic_therapy_is_flagged_and_qualified() -> None:
    """Park, Blood Res 2024: WHO "post cytotoxic therapy", ICC "therapy-related"."""
    result = run(case(prior_cytotoxic_therapy=True))
    assert "post cytotoxic therapy" in result.who.qualifiers
    assert "therapy-related" in result.icc.qualifiers
    for column in (result.who, result.icc):
        assert "PRIOR_CYTOTOXIC_THERAPY" in {f.code for f in column.flags}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"germline_predisposition": True}, "GERMLINE_PREDISPOSITION"),
        ({"molecular": variants(("DDX41", 0.48))}, "POSSIBLE_GERMLINE_VARIANT"),
        (
            {"molecular": {"variants": [{"gene": "GATA2", "vaf": 0.5, "origin": "germline"}]}},
            "GERMLINE_VARIANT",
        ),
    ],
)
def test_suspected_germline_predisposition(changes: dict[str, Any], code: str) -> None:
    """MDS_BRIEF §1.5 and §6.3 (M): a stated predisposition, a germline variant, or a VAF
    near 50 % in DDX41/RUNX1/GATA2/ETV6/ANKRD26/CEBPA/TP53 is flagged for germline testing."""
    who, icc, _ = flag_codes(case(**changes))
    assert code in who & icc


def test_blast_estimate_from_flow_is_flagged() -> None:
    """MDS_BRIEF §1.1 (M): flow CD34 % and CD34 IHC support but do not classify."""
    who, icc, _ = flag_codes(case(marrow={"blasts_method": "flow_cytometry"}))
    assert "BLASTS_NOT_FROM_ASPIRATE" in who & icc


def test_signed_out_diagnosis_is_never_overridden() -> None:
    """Brief: the engine never overrides a sign-out; it says so next to its candidate."""
    result = run(case(signed_out_diagnosis="MDS with excess blasts-1 (WHO 2016)"))
    for column in (result.who, result.icc):
        assert column.candidate_needs_pathologist_confirmation is True
        assert "SIGNED_OUT_DIAGNOSIS" in {f.code for f in column.flags}


# --- Missing inputs: never assume normal ------------------------------------------------------


def test_no_ngs_leaves_tp53_and_sf3b1_open() -> None:
    """Missing is not normal: without NGS, TP53 (both) and SF3B1 (ICC) could change the
    category, so neither system assigns one and the tests are listed."""
    data = case()
    data.pop("molecular")
    result = run(data)
    for column in (result.who, result.icc):
        assert column.status is Status.NOT_ASSIGNABLE_YET
        fields = {m.field for m in column.missing}
        assert "molecular.tp53.mutation_count" in fields
    assert "MDS-biTP53" in {p.code for p in result.who.possible_categories}
    assert {"MDS-TP53", "MDS-SF3B1"} <= {p.code for p in result.icc.possible_categories}


def test_unknown_input_that_cannot_matter_still_gives_a_category() -> None:
    """A category that holds whatever the unknown value is gets assigned: cellularity only
    matters for hypoplastic MDS, which needs low blasts (Khoury 2022 Table 3)."""
    data = case(marrow={"blasts_percent": 7, "cellularity_percent": None})
    assert run(data).who.code == "MDS-IB1"


def test_one_low_count_establishes_cytopenia_with_others_unknown() -> None:
    """CAP review: one count below its threshold is a cytopenia; the other counts being
    unknown does not matter then, and the R0 statement names the low one."""
    data = case()
    data["blood"] = {
        "blasts_percent": 0,
        "monocytes_10e9_per_l": 0.2,
        "white_cells_10e9_per_l": 3.0,
        "platelets_10e9_per_l": 120,
    }
    result = run(data)
    assert result.who.code == "MDS-LB"
    assert "blood" not in {m.field for m in result.who.missing}
    assert "platelets 120" in result.who.deciding_criteria[0].statement


def test_counts_unknown_are_named_in_the_prerequisite() -> None:
    """Unknown counts: the prerequisite statement says cytopenia is not established."""
    data = case()
    data["blood"] = {
        "blasts_percent": 0,
        "monocytes_10e9_per_l": 0.1,
        "white_cells_10e9_per_l": 3.0,
        "platelets_10e9_per_l": 300,
    }
    result = run(data)
    statement = result.icc.deciding_criteria[0].statement
    assert "not established" in statement
    assert "haemoglobin" in statement
    assert "blood" in {m.field for m in result.icc.missing}


def test_panel_coverage_unknown_keeps_unlisted_genes_unknown() -> None:
    """Missing is not normal: a variant list without the panel's gene list proves nothing
    about other genes."""
    data = case(molecular={"genes_tested": None, "variants": [{"gene": "ASXL1", "vaf": 0.3}]})
    result = run(data)
    assert result.icc.status is Status.NOT_ASSIGNABLE_YET
    assert "PANEL_COVERAGE_UNKNOWN" in {f.code for f in result.icc.flags}


def test_positive_finding_outside_the_stated_aml_list_is_counted_and_flagged() -> None:
    """Khoury 2022 / Park 2024: NPM1 mutation is AML-defining in WHO 2022; a stated "none
    found" list does not hide a positive NGS result (the contradiction is flagged)."""
    result = run(case(aml_genetic_findings=[], molecular=variants(("NPM1", 0.4))))
    assert result.who.code == "AML"
    assert "AML_GENETICS_NOT_IN_STATED_LIST" in {f.code for f in result.who.flags}


def test_unverified_parts_of_rules_are_flagged_when_they_decide() -> None:
    """Rules with brief-only (M) parts raise a flag when those parts decide the case:
    NUP98 in WHO's any-blast list, del(7q) as an ICC MDS-SF3B1 exclusion."""
    who_flags, _, _ = flag_codes(case(aml_genetic_findings=["NUP98 rearrangement"]))
    assert "NUP98_NOT_VERIFIED" in who_flags
    data = case(molecular=variants(("SF3B1", 0.3)), cytogenetics=karyotype(del7q=True))
    _, icc_flags, _ = flag_codes(data)
    assert "ICC_SF3B1_DEL7Q_NOT_VERIFIED" in icc_flags
