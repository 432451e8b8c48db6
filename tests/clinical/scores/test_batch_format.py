"""Reading rows of the ipssm batch format, and scoring chunks with bad rows in them."""

from __future__ import annotations

import pytest
from score_reference_data import EDGE_CASES, R_EXAMPLE, read_rows

from onconav.clinical.cytogenetics import (
    IpssCytoCategory,
    IpssrCytoCategory,
    KaryotypeSummary,
)
from onconav.clinical.scores import (
    IpssmGene,
    KaryotypeConflictError,
    RiskInputs,
    Tp53MutationCount,
    VafUnit,
    ipssm,
    with_alternative_karyotype,
    with_karyotype,
)
from onconav.clinical.scores.batch import (
    CYTOGENETIC_COLUMNS,
    ERROR_COLUMN,
    REQUIRED_COLUMNS,
    RowError,
    batch_layout,
    parse_row,
    score_rows,
)

PP347 = read_rows(R_EXAMPLE)[0]


def with_cells(**cells: str) -> dict[str, str]:
    return {**PP347, **cells}


@pytest.mark.parametrize("spelling", ["NA", "", " ", "N/A", "n/a", "na"])
def test_r_reader_na_spellings_mean_not_known(spelling: str) -> None:
    patient, _ = parse_row(with_cells(HB=spelling, ASXL1=spelling, CYTO_IPSSR=spelling))
    assert patient.hb is None
    assert patient.cyto_ipssr is None
    assert IpssmGene.ASXL1 not in patient.genes


def test_a_blank_gene_is_not_wild_type() -> None:
    patient, _ = parse_row(with_cells(SF3B1=""))
    assert patient.gene(IpssmGene.SF3B1) is None
    assert "SF3B1" in ipssm(patient).inputs_missing


@pytest.mark.parametrize(
    ("cells", "fragment"),
    [
        ({"HB": "abc"}, "HB 'abc' is not a number"),
        ({"HB": "-3"}, "Hemoglobin (HB) -3 g/dL is not plausible"),
        ({"HB": "96"}, "g/L"),
        ({"PLT": "nan"}, "PLT 'nan' is not a number"),
        ({"TP53maxvaf": "1.7"}, "percent sign"),
        ({"TP53maxvaf": "170%"}, "not a percentage"),
        ({"CYTO_IPSSR": "Excellent"}, "CYTO_IPSSR 'Excellent' is not one of Very Good"),
        ({"TP53mut": "some"}, "TP53mut 'some' must be 0, 1, 2 or more"),
        ({"ASXL1": "2"}, "ASXL1 '2' must be 0 (absent), 1 (present) or NA"),
        ({"del5q": "yes"}, "del5q 'yes' is not a number"),
        ({"AGE": "130"}, "Age (AGE) 130 years is not plausible"),
    ],
)
def test_bad_cells_are_named_in_the_error(cells: dict[str, str], fragment: str) -> None:
    with pytest.raises(RowError) as error:
        parse_row(with_cells(**cells))
    assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("0.12", None, 0.12),
        ("12%", None, 0.12),
        ("12 %", None, 0.12),
        ("12", VafUnit.PERCENT, 0.12),
        ("0.56", VafUnit.FRACTION, 0.56),
        ("55%", None, 0.55),
    ],
)
def test_tp53_vaf_units(text: str, unit: VafUnit | None, expected: float) -> None:
    patient, _ = parse_row(with_cells(TP53maxvaf=text), vaf_unit=unit)
    assert patient.tp53_max_vaf == pytest.approx(expected)


def test_vaf_of_55_percent_is_not_above_the_loh_threshold() -> None:
    """55 % must equal the fraction 0.55 exactly, or LOH would be inferred by rounding noise."""
    percent, _ = parse_row(with_cells(TP53mut="1", TP53maxvaf="55%", TP53loh="0"))
    fraction, _ = parse_row(with_cells(TP53mut="1", TP53maxvaf="0.55", TP53loh="0"))
    assert ipssm(percent).derived["TP53multi"] == ipssm(fraction).derived["TP53multi"] == 0


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("0", Tp53MutationCount.NONE),
        ("1", Tp53MutationCount.ONE),
        ("2 or more", Tp53MutationCount.TWO_OR_MORE),
        ("3", Tp53MutationCount.TWO_OR_MORE),
    ],
)
def test_tp53_mutation_counts(text: str, count: Tp53MutationCount) -> None:
    patient, _ = parse_row(with_cells(TP53mut=text))
    assert patient.tp53_mutations is count


def test_cytogenetic_group_spelling_is_forgiving_about_case_and_spaces() -> None:
    patient, _ = parse_row(with_cells(CYTO_IPSSR="very  poor", CYTO_IPSS="poor"))
    assert patient.cyto_ipssr is IpssrCytoCategory.VERY_POOR
    assert patient.cyto_ipss is IpssCytoCategory.POOR


def test_layout_lists_missing_required_columns() -> None:
    header = [c for c in PP347 if c not in ("HB", "WT1")]
    layout = batch_layout(header)
    assert layout.missing == ("HB", "WT1")


def test_karyotype_column_replaces_the_cytogenetic_columns() -> None:
    header = [c for c in PP347 if c not in CYTOGENETIC_COLUMNS] + ["KARYOTYPE"]
    layout = batch_layout(header)
    assert layout.missing == ()
    assert layout.has_karyotype
    assert layout.has_ipss_karyotype
    assert "KARYOTYPE_CYTO_IPSSR" in layout.output_columns


def test_anc_and_age_are_optional_with_a_note() -> None:
    layout = batch_layout(list(REQUIRED_COLUMNS))
    assert layout.missing == ()
    assert any("ANC" in note for note in layout.notes)
    assert any("AGE" in note for note in layout.notes)
    assert "IPSS_SCORE" not in layout.output_columns  # no 1997 karyotype group available


def test_a_bad_row_gets_an_error_and_the_others_are_still_scored() -> None:
    rows: list[dict[str, str | None]] = [dict(r) for r in read_rows(EDGE_CASES)[:5]]
    rows.insert(2, {**rows[0], "ID": "bad", "HB": "-3"})
    layout = batch_layout(list(rows[0]))
    out = score_rows(rows, layout)
    assert [r["ID"] for r in out] == [r["ID"] for r in rows]
    bad = out[2]
    assert "Hemoglobin" in bad[ERROR_COLUMN]
    assert bad["IPSSM_SCORE"] == bad["IPSSR_SCORE"] == "NA"
    good = [r for r in out if r["ID"] != "bad"]
    assert all(r[ERROR_COLUMN] == "" for r in good)
    for row, source in zip(good, [r for r in rows if r["ID"] != "bad"], strict=True):
        assert row["IPSSM_SCORE"] == source["JS_IPSSM_SCORE"]  # complete inputs: web = cohort
        assert row["HB"] == source["HB"]  # input cells are kept


def test_output_columns_of_a_scored_row() -> None:
    row = dict(PP347)
    out = score_rows([row], batch_layout(list(row)))[0]
    assert (out["IPSSM_SCORE"], out["IPSSM_CAT"]) == ("0.31", "Moderate High")
    assert (out["IPSSM_SCORE_BEST"], out["IPSSM_SCORE_WORST"]) == ("0.3", "0.63")
    assert (out["IPSSM_SCORE_FINAL"], out["IPSSM_CAT_FINAL"]) == ("0.31", "Moderate High")
    assert out["IPSSM_COMMENT"] == "range (worst - best) below limit"
    assert (out["IPSSR_SCORE"], out["IPSSR_CAT"]) == ("4", "Intermediate")
    assert (out["IPSSRA_SCORE"], out["IPSSRA_CAT"]) == ("4.27", "Intermediate")


# A summary built by hand against the contract in onconav.clinical.cytogenetics, so the
# merge rules are tested without the parser.
DEL5Q_ALONE = KaryotypeSummary(
    karyotype="46,XX,del(5)(q13q33)[20]",
    normal=False,
    abnormalities=("del(5q)",),
    n_abnormalities=1,
    complex=False,
    monosomal=False,
    del5q=True,
    minus7=False,
    del7q=False,
    del17p_or_minus17=False,
    i17q=False,
    abn_3q=False,
    mecom_rearranged=False,
    ipssr_category=IpssrCytoCategory.GOOD,
    ipssr_rule="del(5q) as single abnormality",
    ipss_category=IpssCytoCategory.GOOD,
    ipss_rule="del(5q) alone",
)


def test_karyotype_fills_the_cytogenetic_inputs() -> None:
    row = {k: v for k, v in PP347.items() if k not in CYTOGENETIC_COLUMNS}
    row["KARYOTYPE"] = DEL5Q_ALONE.karyotype
    patient, summary = parse_row(row, summarize=lambda _: DEL5Q_ALONE)
    assert summary is DEL5Q_ALONE
    assert patient.cyto_ipssr is IpssrCytoCategory.GOOD
    assert patient.cyto_ipss is IpssCytoCategory.GOOD
    assert (patient.del5q, patient.del7_7q, patient.del17_17p, patient.complex) == (
        True,
        False,
        False,
        False,
    )


def test_karyotype_disagreeing_with_a_given_value_is_a_row_error() -> None:
    row = with_cells(KARYOTYPE=DEL5Q_ALONE.karyotype, CYTO_IPSSR="Poor")
    with pytest.raises(RowError, match="CYTO_IPSSR is Poor but the karyotype gives Good"):
        parse_row(row, summarize=lambda _: DEL5Q_ALONE)


def test_unreadable_karyotype_is_a_row_error() -> None:
    def refuse(text: str) -> KaryotypeSummary:
        raise ValueError("could not read the karyotype at the end")

    with pytest.raises(RowError, match="KARYOTYPE: could not read"):
        parse_row(with_cells(KARYOTYPE="46,XY,"), summarize=refuse)


# Two counting conventions disagree: -Y counted (3 abnormalities, complex, Poor) or not
# (2 abnormalities, Intermediate). Built by hand against the contract.
MINUS_Y_COUNTED = DEL5Q_ALONE.model_copy(
    update={
        "karyotype": "47,XY,+8,del(20)(q11q13),-Y[20]",
        "abnormalities": ("+8", "del(20q)", "-Y"),
        "n_abnormalities": 3,
        "n_abnormalities_alternative": 2,
        "complex": True,
        "del5q": False,
        "ipssr_category": IpssrCytoCategory.POOR,
        "ipssr_category_alternative": IpssrCytoCategory.INTERMEDIATE,
        "ipss_category": IpssCytoCategory.POOR,
        "ipss_category_alternative": IpssCytoCategory.INTERMEDIATE,
        "flags": ("-Y with other changes counted",),
    }
)


def test_the_primary_reading_is_used_and_the_other_one_offered() -> None:
    nothing_given = RiskInputs()
    primary = with_karyotype(nothing_given, MINUS_Y_COUNTED)
    assert (primary.cyto_ipssr, primary.cyto_ipss, primary.complex) == (
        IpssrCytoCategory.POOR,
        IpssCytoCategory.POOR,
        True,
    )
    other = with_alternative_karyotype(nothing_given, MINUS_Y_COUNTED)
    assert other is not None
    assert (other.cyto_ipssr, other.cyto_ipss, other.complex) == (
        IpssrCytoCategory.INTERMEDIATE,
        IpssCytoCategory.INTERMEDIATE,
        False,
    )
    assert with_alternative_karyotype(nothing_given, DEL5Q_ALONE) is None


def test_an_explicit_value_can_settle_the_reading() -> None:
    settled = RiskInputs(cyto_ipssr=IpssrCytoCategory.INTERMEDIATE)
    used = with_karyotype(settled, MINUS_Y_COUNTED)
    assert (used.cyto_ipssr, used.cyto_ipss, used.complex) == (
        IpssrCytoCategory.INTERMEDIATE,
        IpssCytoCategory.INTERMEDIATE,
        False,
    )
    assert with_alternative_karyotype(settled, MINUS_Y_COUNTED) is None
    with pytest.raises(KaryotypeConflictError, match="CYTO_IPSSR is Very Poor"):
        with_karyotype(RiskInputs(cyto_ipssr=IpssrCytoCategory.VERY_POOR), MINUS_Y_COUNTED)


def test_batch_shows_both_readings() -> None:
    row = {k: v for k, v in PP347.items() if k not in CYTOGENETIC_COLUMNS}
    row["KARYOTYPE"] = MINUS_Y_COUNTED.karyotype
    layout = batch_layout(list(row))
    out = score_rows([row], layout, summarize=lambda _: MINUS_Y_COUNTED)[0]
    assert out["ERROR"] == ""
    assert out["KARYOTYPE_CYTO_IPSSR"] == "Poor"
    assert out["KARYOTYPE_CYTO_IPSSR_ALTERNATIVE"] == "Intermediate"
    assert out["KARYOTYPE_complex"] == "1"
    assert out["KARYOTYPE_FLAGS"] == "-Y with other changes counted"
    assert out["IPSS_CAT"] != "NA"
