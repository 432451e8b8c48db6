"""What counts: clonality, constitutional changes, clones, conventions that disagree.

Sources: ISCN 2020 clone definition (≥2 cells for a gain or structural change, ≥3 for a
loss); MDS brief §3.3 counting rules; Breems 2008 monosomal karyotype; WHO 2022
AML-defining rearrangements (MDS brief §1.2).
"""

from __future__ import annotations

import pytest

from onconav.clinical.cytogenetics import IpssrCytoCategory as R
from onconav.clinical.karyotype import summarize


def flags_text(karyotype: str) -> str:
    return " ".join(summarize(karyotype).flags)


# --- clonality (ISCN 2020) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("karyotype", "n", "abnormalities"),
    [
        ("45,XY,-7[2]/46,XY[18]", 0, ()),  # a loss needs 3 cells
        ("45,XY,-7[3]/46,XY[17]", 1, ("-7",)),
        ("47,XY,+8[2]/46,XY[18]", 1, ("+8",)),  # a gain needs 2
        ("47,XY,+8[1]/46,XY[19]", 0, ()),
        ("46,XY,del(12)(p12)[1]/46,XY[19]", 0, ()),
        ("46,XY,del(12)(p12)[2]/46,XY[18]", 1, ("del(12p)",)),
        ("47,XY,+8[1]/48,XY,+8,+21[1]/46,XY[18]", 1, ("+8",)),  # cells summed over lines
        ("45,xy,-20[2]/46,xy[18]", 0, ()),
        ("46,xy,del(11)(q14)[10]/46,xy,del(11)(q14),del(20)(q13.2),der(21)[1]", 1, ("del(11q)",)),
        ("44~45,XX,-5,-7,+mar[cp8]/46,XX[12]", 3, ("-5", "-7", "+mar")),  # cp: all clonal
    ],
)
def test_only_clonal_changes_count(karyotype: str, n: int, abnormalities: tuple[str, ...]) -> None:
    summary = summarize(karyotype)
    assert summary.n_abnormalities == n
    assert summary.abnormalities == abnormalities


def test_non_clonal_changes_are_listed_as_not_counted() -> None:
    text = flags_text("45,XY,-7[2]/46,XY[18]")
    assert "Not counted: -7 (seen in 2 cells only)" in text


def test_each_change_counts_once_across_stemline_and_sidelines() -> None:
    summary = summarize("46,XY,del(20)(q11)[8]/45,XY,idem,-7[3]/46,XY[14]")
    assert summary.abnormalities == ("del(20q)", "-7")
    assert summary.ipssr_category is R.POOR


def test_a_change_written_twice_in_one_line_counts_twice() -> None:
    summary = summarize("44,XX,-22,-22[20]")
    assert summary.n_abnormalities == 2


def test_sideline_loss_of_a_stemline_gain_removes_the_gain() -> None:
    summary = summarize("47,XY,+8[1]/46,XY,idem,-8[5]/46,XY[14]")
    assert summary.n_abnormalities == 0


def test_sideline_repeating_a_stemline_change_is_not_counted_twice() -> None:
    summary = summarize("46,XX,del(20)(q11)[2]/46,XX,idem,del(20)(q11),del(6)(q21)[19]")
    assert summary.abnormalities == ("del(20q)", "del(6q)")


# --- constitutional changes, heteromorphisms, donor cells ------------------------------


@pytest.mark.parametrize(
    "karyotype",
    [
        "47,XY,+21c[20]",
        "47,XXYc[20]",
        "46,XY,inv(9)(p12q13)c[20]",
        "46,XY,9qh+[20]",
        "46,XX,1qh-[20]",
    ],
)
def test_constitutional_changes_and_heteromorphisms_do_not_count(karyotype: str) -> None:
    summary = summarize(karyotype)
    assert summary.n_abnormalities == 0
    assert summary.normal is True
    assert summary.ipssr_category is R.GOOD


def test_acquired_change_beside_a_constitutional_one_counts() -> None:
    summary = summarize("48,XY,+8,+21c[20]")
    assert summary.abnormalities == ("+8",)
    assert "constitutional" in " ".join(summary.flags)


def test_inv9_variant_without_c_is_flagged_with_the_other_count() -> None:
    summary = summarize("46,XX,inv(9)(p11q13)[20]")
    assert summary.n_abnormalities == 0
    assert summary.n_abnormalities_alternative == 1
    assert summary.ipssr_category_alternative is R.INTERMEDIATE
    assert "inv(9)" in " ".join(summary.flags)


def test_donor_cells_after_double_slash_are_not_counted() -> None:
    summary = summarize("46,XY[5]//47,XX,+8[15]")
    assert summary.n_abnormalities == 0
    assert summary.metaphases == 20
    assert "donor" in " ".join(summary.flags)
    recipient_abnormal = summarize("46,XY,del(5)(q13q33)[5]//46,XX[15]")
    assert recipient_abnormal.abnormalities == ("del(5q)",)


# --- sex chromosomes ---------------------------------------------------------------------


def test_loss_of_y_implied_by_the_sex_chromosomes_is_counted_and_flagged() -> None:
    summary = summarize("45,X[5]/46,XY[15]")
    assert summary.abnormalities == ("-Y",)
    assert summary.ipssr_category is R.VERY_GOOD
    assert "implied by the sex chromosomes" in " ".join(summary.flags)


def test_45x_without_a_normal_line_is_not_guessed() -> None:
    summary = summarize("45,X[20]")
    assert summary.ipssr_category is None
    assert summary.normal is None
    assert "cannot be told whether an X or a Y" in " ".join(summary.flags)


def test_a_rearranged_x_replaces_a_normal_x() -> None:
    assert summarize("46,X,idic(X)(q13)[20]").abnormalities == ("idic(Xq)",)
    assert summarize("46,X,i(X)(q10),del(17)(q22q23.3)[7]/46,XX[13]").abnormalities == (
        "i(Xq)",
        "del(17q)",
    )


def test_loss_of_y_written_twice_counts_once() -> None:
    summary = summarize("45,X,-Y,-Y[4]/46,XY[16]")
    assert summary.abnormalities == ("-Y",)


def test_unexplained_chromosome_number_counts_as_one_unidentified_change() -> None:
    summary = summarize("47,XY[11]/46,XY[9]")
    assert summary.n_abnormalities == 1
    assert "no change is written" in " ".join(summary.flags)


def test_polyploid_line_without_other_changes_counts_once_with_a_flag() -> None:
    summary = summarize("92,XXYY[5]/46,XY[15]")
    assert summary.n_abnormalities == 1
    assert "polyploid" in " ".join(summary.flags)


# --- conventions that disagree: flagged, both readings kept ------------------------------


def test_minus_y_with_other_changes_changes_the_group_only_under_the_other_reading() -> None:
    summary = summarize("45,X,-Y,del(20)(q11.2)[20]")
    assert summary.n_abnormalities == 2
    assert summary.ipssr_category is R.INTERMEDIATE
    assert summary.n_abnormalities_alternative == 1
    assert summary.ipssr_category_alternative is R.GOOD
    assert "Loss of Y with other changes" in " ".join(summary.flags)


def test_minus_y_flag_says_when_the_group_does_not_change() -> None:
    summary = summarize("44,X,-Y,-7,del(5)(q13q33)[20]")
    assert summary.ipssr_category is R.POOR
    assert summary.n_abnormalities_alternative == 2
    assert summary.ipssr_category_alternative is None
    assert "do not change" in " ".join(summary.flags)


def test_der_1_7_with_plus_1_keeps_both_readings() -> None:
    summary = summarize("46,XY,+1,der(1;7)(q10;p10)[20]")
    assert summary.abnormalities == ("+1", "der(1;7)")
    assert summary.ipssr_category is R.POOR
    assert summary.ipssr_category_alternative is R.INTERMEDIATE
    assert summary.n_abnormalities_alternative == 1
    assert summary.del7q is True
    assert summary.minus7 is False


def test_der_1_7_alone_is_a_7q_loss_and_iscn_2024_would_count_two() -> None:
    summary = summarize("46,XX,der(1;7)(q10;p10)[20]")
    assert summary.ipssr_category is R.INTERMEDIATE
    assert summary.ipssr_category_alternative is R.POOR
    assert summary.n_abnormalities_alternative == 2


def test_marker_range_crossing_the_complexity_threshold_is_flagged() -> None:
    summary = summarize("45~48,XY,-7,+1~3mar[cp10]/46,XY[10]")
    assert summary.n_abnormalities == 2
    assert summary.ipssr_category is R.POOR
    assert summary.n_abnormalities_alternative == 4
    assert summary.ipssr_category_alternative is R.VERY_POOR
    assert summary.abnormalities == ("-7", "+1~3mar")


def test_3q_change_away_from_3q21_and_3q26_offers_the_narrow_reading() -> None:
    summary = summarize("46,XY,del(3)(q13q24)[6]/46,XY[9]")
    assert summary.ipssr_category is R.POOR
    assert summary.ipssr_category_alternative is R.INTERMEDIATE
    classic = summarize("46,XX,inv(3)(q21q26.2)[20]")
    assert classic.ipssr_category_alternative is None


def test_chromosome_3_without_bands_leaves_the_group_unknown() -> None:
    summary = summarize("46,XY,t(3;5)[20]")
    assert summary.ipssr_category is None
    assert summary.abn_3q is None
    assert summary.mecom_rearranged is None


# --- findings for IPSS-M and the classifications ----------------------------------------


def test_del17p_i17q_and_minus17() -> None:
    assert summarize("45,XY,-17[20]").del17p_or_minus17 is True
    assert summarize("46,XY,del(17)(p11.2)[20]").del17p_or_minus17 is True
    iso = summarize("46,XY,i(17)(q10)[10]/46,XY[10]")
    assert iso.i17q is True
    assert iso.del17p_or_minus17 is None
    assert "i(17q) loses one copy of 17p" in " ".join(iso.flags)
    assert summarize("47,XY,+8[20]").del17p_or_minus17 is False


def test_losses_through_other_rearrangements_are_left_unknown() -> None:
    assert summarize("46,XY,add(7)(q22)[20]").del7q is None
    assert summarize("45,XX,der(5)t(5;17)(q13;p11),-17[20]").del5q is None
    assert summarize("45,xx,dic(5;17)(q13;p11.2)[20]").del17p_or_minus17 is None


def test_del7_7q_property_combines_minus7_and_del7q() -> None:
    assert summarize("45,XY,-7[20]").del7_7q is True
    assert summarize("46,XY,del(7)(q22q34)[20]").del7_7q is True
    assert summarize("46,XY,add(7)(q22)[20]").del7_7q is None
    assert summarize("46,XY[20]").del7_7q is False


@pytest.mark.parametrize(
    ("karyotype", "monosomal"),
    [
        ("45,XY,-7[20]", False),  # one monosomy, no structural change
        ("44,XY,-5,-7[20]", True),  # two autosomal monosomies
        ("45,XY,-7,del(20)(q11.2)[20]", True),  # one monosomy plus a structural change
        ("45,X,-Y,del(20)(q11.2)[20]", False),  # -Y is not autosomal
        ("47,XY,del(5)(q13q33),+8,+21[20]", False),  # complex but not monosomal
        ("46,XY,-7,+mar[20]", True),  # a marker is structural
    ],
)
def test_monosomal_karyotype_breems_2008(karyotype: str, monosomal: bool) -> None:
    assert summarize(karyotype).monosomal is monosomal


@pytest.mark.parametrize(
    ("karyotype", "fusion"),
    [
        ("46,XY,t(8;21)(q22;q22.1)[20]", "RUNX1::RUNX1T1"),
        ("46,XX,inv(16)(p13.1q22)[20]", "CBFB::MYH11"),
        ("46,XX,t(16;16)(p13.1;q22)[20]", "CBFB::MYH11"),
        ("46,XY,t(15;17)(q24;q21)[20]", "PML::RARA"),
        ("46,XX,t(6;9)(p23;q34)[20]", "DEK::NUP214"),
        ("46,XY,t(9;11)(p21;q23)[20]", "MLLT3::KMT2A"),
        ("46,XY,t(11;19)(q23;p13.1)[20]", "KMT2A rearrangement (11q23)"),
        ("46,XY,t(6;11)(q27;q23)[18]/46,XY[2]", "KMT2A rearrangement (11q23)"),
        ("46,XY,t(1;22)(p13;q13)[20]", "RBM15::MRTFA"),
        ("46,XY,t(9;22)(q34;q11.2)[20]", "BCR::ABL1"),
        ("46,XX,inv(3)(q21q26.2)[20]", "GATA2::MECOM"),
        ("46,XY,t(3;3)(q21.3;q26.2)[20]", "GATA2::MECOM"),
        ("46,XY,t(3;21)(q26.2;q22.1)[20]", "MECOM rearrangement (3q26.2)"),
    ],
)
def test_aml_defining_rearrangements(karyotype: str, fusion: str) -> None:
    assert fusion in summarize(karyotype).aml_defining


def test_aml_defining_is_empty_for_other_changes() -> None:
    assert summarize("46,XY,t(1;3)(p36;p21)[20]").aml_defining == ()
    assert summarize("46,XY,del(11)(q23)[20]").aml_defining == ()  # a deletion, not a fusion


@pytest.mark.parametrize(
    ("karyotype", "mecom"),
    [
        ("46,XX,inv(3)(q21q26.2)[20]", True),
        ("46,XY,t(2;3)(p15;q26)[20]", True),
        ("46,XY,t(3;5)(q26.1;q35)[20]", None),
        ("46,XY,t(3;3)(q25;q27)[20]", False),
        ("46,XY,del(5)(q13q33)[20]", False),
    ],
)
def test_mecom_rearrangement(karyotype: str, mecom: bool | None) -> None:
    assert summarize(karyotype).mecom_rearranged is mecom


# --- results that are not a karyotype, adequacy ------------------------------------------


@pytest.mark.parametrize(
    "text", ["no metaphases", "Culture failed: no growth", "No analyzable metaphases were obtained"]
)
def test_failed_culture_gives_unknown_not_normal(text: str) -> None:
    summary = summarize(text)
    assert summary.normal is None
    assert summary.ipssr_category is None
    assert summary.n_abnormalities is None
    assert summary.del5q is None
    assert "no karyotype result" in summary.flags[0]


def test_fish_only_gives_unknown() -> None:
    summary = summarize("nuc ish(EGR1x1,D5S23x2)[40/200]")
    assert summary.ipssr_category is None
    assert "Only FISH results" in summary.flags[0]


def test_fewer_than_20_metaphases_is_flagged() -> None:
    summary = summarize("46,XY[12]")
    assert summary.normal is True
    assert summary.metaphases == 12
    assert "Only 12 metaphases" in " ".join(summary.flags)
    assert "metaphases" not in " ".join(summarize("46,XY[20]").flags)


def test_missing_cell_counts_are_flagged() -> None:
    summary = summarize("46,XY,del(5)(q13q33)")
    assert summary.abnormalities == ("del(5q)",)
    assert summary.metaphases is None
    assert "Cell counts are not given" in " ".join(summary.flags)


def test_incomplete_uncertain_and_alternative_readings_are_flagged() -> None:
    assert "incomplete" in flags_text("45,XX,-7,inc[cp9]/46,XX[11]")
    assert "uncertain" in flags_text("46,XY,del(5)(?q13q33)[20]")
    assert "alternative readings" in flags_text("46,xy,add(3)(p1?)ordel(3)(p14p21)[8]/46,xy[12]")
