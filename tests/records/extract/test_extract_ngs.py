"""NGS variants, separately reported assays, and wild type from genes tested."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, only, run

from onconav.records.model import Fact, FactKind

VARIANT, STATUS = FactKind.VARIANT, FactKind.GENE_STATUS

REPORT = (
    "MYELOID NGS REPORT\n"
    "Test: Myeloid NGS Panel (54 genes)\n"
    "Collected: 2024-03-12\n"
    "RESULTS\n"
    "SF3B1 NM_012433.4:c.2098A>G p.(Lys700Glu) VAF 38%  Tier I  Pathogenic\n"
    "TP53 NM_000546.6:c.743G>A p.(Arg248Gln) VAF 34%, depth 1520x\n"
    "TET2 c.3781C>T p.R1261C VAF: 0.45 (VUS, Tier III) possible germline\n"
    "FLT3-ITD: not detected\n"
    "FLT3-TKD: Not detected\n"
    "KMT2A-PTD: Negative\n"
    "TP53 LOH: not detected\n"
    "No pathogenic variants were detected in RUNX1 or ASXL1.\n"
    "INTERPRETATION: The SF3B1 K700E mutation is associated with ring sideroblasts.\n"
    "Genes tested: ASXL1, BCOR, CBL, DNMT3A, EZH2, IDH1, IDH2, JAK2, NRAS,\n"
    "KRAS, RUNX1, SF3B1, SRSF2, STAG2, TET2, TP53, U2AF1, ZRSR2\n"
    "\n"
    "Comment: none.\n"
)


@pytest.fixture(scope="module")
def report() -> list[Fact]:
    return run(REPORT)


def test_variant_lines(report: list[Fact]) -> None:
    variants = {f.name: f for f in only(report, VARIANT)}
    assert set(variants) == {"SF3B1", "TP53", "TET2"}
    sf3b1 = variants["SF3B1"]
    assert sf3b1.value == "mutated"
    assert sf3b1.details == {
        "transcript": "NM_012433.4",
        "hgvs_c": "c.2098A>G",
        "hgvs_p": "p.(Lys700Glu)",
        "vaf": 0.38,
        "tier": "I",
        "classification": "pathogenic",
        "germline": None,
        "assay": "Myeloid NGS Panel (54 genes)",
    }
    assert sf3b1.provenance.text == "SF3B1 NM_012433.4:c.2098A>G p.(Lys700Glu) VAF 38%  Tier I"
    assert sf3b1.provenance.line == 5
    assert sf3b1.date == dt.date(2024, 3, 12)
    tp53 = variants["TP53"]
    assert (tp53.details["vaf"], tp53.details["depth"]) == (0.34, 1520)
    tet2 = variants["TET2"]
    assert tet2.details["vaf"] == 0.45
    assert tet2.details["classification"] == "vus"
    assert tet2.details["tier"] == "III"
    assert tet2.details["germline"] is None
    assert tet2.details["germline_suspected"] is True


def test_assays_reported_apart(report: list[Fact]) -> None:
    statuses = {f.name: f.value for f in only(report, STATUS) if "-" in f.name or "_" in f.name}
    assert statuses == {
        "FLT3-ITD": "not_detected",
        "FLT3-TKD": "not_detected",
        "KMT2A-PTD": "not_detected",
        "TP53_LOH": "absent",
    }
    flt3 = one(report, STATUS, "FLT3-ITD")
    assert flt3.details == {"panel": "Myeloid NGS Panel (54 genes)"}


def test_wild_type_from_negation_and_from_the_genes_tested(report: list[Fact]) -> None:
    wild = {f.name: f.details["basis"] for f in only(report, STATUS) if f.value == "wild_type"}
    assert wild["RUNX1"] == "stated not detected"
    assert wild["ASXL1"] == "stated not detected"
    assert wild["BCOR"] == "tested, no variant reported"
    tested = {"BCOR", "CBL", "DNMT3A", "EZH2", "IDH1", "IDH2", "JAK2", "NRAS", "KRAS"}
    tested |= {"SRSF2", "STAG2", "U2AF1", "ZRSR2"}
    assert set(wild) == tested | {"RUNX1", "ASXL1"}
    assert not {"SF3B1", "TP53", "TET2"} & set(wild)  # mutated genes are never wild type
    kras = one(report, STATUS, "KRAS")
    assert kras.provenance.line == 15
    assert kras.provenance.text == "KRAS"


def test_the_same_variant_in_the_interpretation_is_not_counted_twice(report: list[Fact]) -> None:
    assert len(only(report, VARIANT, "SF3B1")) == 1


def test_table_with_vaf_percent_column() -> None:
    facts = run(
        "Gene     Variant                 Protein        VAF (%)   Depth    Classification\n"
        "DNMT3A   c.2645G>A               p.R882H        41.2      812      Pathogenic\n"
        "ASXL1    c.1934dupG              p.G646Wfs*12   0.8       1503     Likely pathogenic\n"
    )
    dnmt3a, asxl1 = one(facts, VARIANT, "DNMT3A"), one(facts, VARIANT, "ASXL1")
    assert (dnmt3a.details["vaf"], dnmt3a.details["depth"]) == (0.412, 812)
    assert dnmt3a.details["classification"] == "pathogenic"
    assert (asxl1.details["vaf"], asxl1.details["depth"]) == (0.008, 1503)
    assert asxl1.details["hgvs_p"] == "p.G646Wfs*12"
    assert asxl1.details["classification"] == "likely pathogenic"  # as FHIR and reports write it


def test_table_with_fraction_vaf_column() -> None:
    facts = run(
        "Gene    cDNA         Protein     VAF     Coverage   Tier\n"
        "SRSF2   c.284C>A     p.P95H      0.44    988        Tier II\n"
    )
    srsf2 = one(facts, VARIANT, "SRSF2")
    assert srsf2.details["vaf"] == 0.44
    assert srsf2.details["depth"] == 988
    assert srsf2.details["tier"] == "II"


@pytest.mark.parametrize(
    ("line", "vaf"),
    [
        ("IDH2 c.419G>A p.R140Q, VAF 12.5%", 0.125),
        ("IDH2 c.419G>A p.R140Q (12.5%)", 0.125),
        ("IDH2 p.R140Q at a variant allele frequency of 12.5%", 0.125),
        ("IDH2 p.R140Q VAF=0.125", 0.125),
        ("IDH2 p.R140Q 12.5% VAF", 0.125),
        ("IDH2 p.R140Q VAF 38", 0.38),
        ("IDH2 p.R140Q, 0.125 VAF", 0.125),
        ("IDH2 p.R140Q: 0.125 allele fraction", 0.125),
    ],
)
def test_vaf_wordings(line: str, vaf: float) -> None:
    assert one(run(line), VARIANT, "IDH2").details["vaf"] == vaf


def test_several_variants_in_one_gene_are_kept() -> None:
    facts = run("TP53 c.743G>A p.R248Q (VAF 34%); TP53 c.818G>A p.R273H (VAF 12%)")
    assert [(f.details["hgvs_p"], f.details["vaf"]) for f in only(facts, VARIANT, "TP53")] == [
        ("p.R248Q", 0.34),
        ("p.R273H", 0.12),
    ]


def test_narrative_variants_and_assays() -> None:
    facts = run(
        "Molecular: positive for SF3B1 mutation; FLT3-ITD detected (allelic ratio 0.45). "
        "NPM1 mutated.\nTP53 copy number loss detected. MLL-PTD positive.\n"
    )
    assert {f.name for f in only(facts, VARIANT)} == {"SF3B1", "NPM1"}
    assert one(facts, VARIANT, "SF3B1").details == {"germline": None}
    itd = one(facts, STATUS, "FLT3-ITD")
    assert (itd.value, itd.details) == ("detected", {"allelic_ratio": 0.45})
    assert one(facts, STATUS, "KMT2A-PTD").value == "detected"
    assert one(facts, STATUS, "TP53_copy_loss").value == "present"


def test_general_statements_are_not_results() -> None:
    facts = run("We discussed that TP53 mutations confer a poor prognosis.")
    assert only(facts, VARIANT) == []
    assert only(facts, STATUS) == []


def test_hedged_and_negated_contexts() -> None:
    hedged = one(run("A DDX41 mutation cannot be excluded."), VARIANT, "DDX41")
    assert "hedged" in hedged.flags
    negated = one(
        run("The previously reported TP53 c.743G>A is no longer detected."), VARIANT, "TP53"
    )
    assert "negated_context" in negated.flags
    wild = one(run("TP53: no mutation detected"), STATUS, "TP53")
    assert wild.value == "wild_type"


def test_germline() -> None:
    confirmed = one(
        run("RUNX1 c.601C>T p.(Arg201Ter) heterozygous, germline confirmed on skin fibroblasts."),
        VARIANT,
        "RUNX1",
    )
    assert confirmed.details["germline"] is True
    possible = one(
        run("DDX41 c.415_418dup VAF 48%; possible germline origin, testing recommended."),
        VARIANT,
        "DDX41",
    )
    assert possible.details["germline"] is None
    assert possible.details["germline_suspected"] is True
    somatic = one(run("ASXL1 c.1934dupG VAF 22% (somatic)"), VARIANT, "ASXL1")
    assert somatic.details["germline"] is False


def test_mll_is_kmt2a_and_unknown_symbols_before_hgvs_are_read() -> None:
    facts = run("MLL c.4000A>G p.K1334E VAF 11%\nZNF318 c.100G>T p.E34* VAF 40%")
    assert {f.name for f in only(facts, VARIANT)} == {"KMT2A", "ZNF318"}


def test_a_gene_mentioned_elsewhere_is_not_assumed_wild_type() -> None:
    facts = run(
        "Genes tested: TP53, RUNX1, EZH2\n\nThe TP53 finding should be interpreted with care.\n"
    )
    wild = {f.name for f in only(facts, STATUS) if f.value == "wild_type"}
    assert wild == {"RUNX1", "EZH2"}


def test_fish_lines_are_not_ngs() -> None:
    facts = run("FISH: TP53 (17p13.1) deletion detected in 35% of nuclei.")
    assert only(facts, VARIANT) == []
    assert only(facts, STATUS) == []
    assert one(facts, FactKind.FISH, "TP53 (17p13.1)").value == "abnormal"


def test_classification_and_tier_from_the_section_heading() -> None:
    facts = run(
        "TIER I/II VARIANTS:\n"
        "SF3B1   c.2098A>G   p.K700E   VAF 36%\n"
        "VARIANTS OF UNCERTAIN SIGNIFICANCE\n"
        "TET2    c.5618T>C   p.I1873T  VAF 48%\n"
        "Tier III:\n"
        "BCOR    c.100A>G    p.K34E    VAF 5%\n"
    )
    sf3b1, tet2, bcor = (one(facts, VARIANT, gene) for gene in ("SF3B1", "TET2", "BCOR"))
    assert "tier" not in sf3b1.details
    assert "classification" not in sf3b1.details
    assert tet2.details["classification"] == "vus"
    assert bcor.details["tier"] == "III"
    assert "classification" not in bcor.details


def test_a_new_heading_ends_the_previous_section() -> None:
    facts = run(
        "VARIANTS OF UNCERTAIN SIGNIFICANCE\n"
        "TET2    c.5618T>C   p.I1873T  VAF 48%\n"
        "TIER I/II VARIANTS:\n"
        "SF3B1   c.2098A>G   p.K700E   VAF 36%\n"
    )
    assert one(facts, VARIANT, "TET2").details["classification"] == "vus"
    assert "classification" not in one(facts, VARIANT, "SF3B1").details


def test_a_limit_of_detection_is_not_a_variant_allele_frequency() -> None:
    facts = run(
        "Myeloid sequencing panel, collected 2023-08-30\n"
        "RUNX1: no pathogenic variant detected (exons 1-8 covered; limit of detection 3% VAF).\n"
    )
    assert only(facts, VARIANT) == []
    assert one(facts, STATUS, "RUNX1").value == "wild_type"


def test_vaf_column_read_by_order_when_the_text_layer_collapses_spacing() -> None:
    facts = run(
        "NGS myeloid panel, collected 2023-08-30\n"
        "Gene Change (HGVS) VAF Significance\n"
        "IDH2 NM_002168.4:c.419G>A p.(Arg140Gln) 0.41 Pathogenic (Tier I)\n"
        "SRSF2 NM_003016.4:c.284C>T p.(Pro95Leu) 0.38 Likely pathogenic (Tier II)\n"
    )
    assert one(facts, VARIANT, "IDH2").details["vaf"] == 0.41
    assert one(facts, VARIANT, "SRSF2").details["vaf"] == 0.38


def test_depth_and_vaf_columns_in_header_order() -> None:
    facts = run(
        "NGS myeloid panel, collected 2023-08-30\n"
        "Gene cDNA Protein Reads VAF\n"
        "NRAS c.35G>A p.G12D 1250 0.09\n"
    )
    nras = one(facts, VARIANT, "NRAS")
    assert (nras.details["depth"], nras.details["vaf"]) == (1250, 0.09)


def test_a_protein_change_wrapped_to_the_next_line_belongs_to_the_row_above() -> None:
    facts = run(
        "NGS myeloid panel, collected 2023-08-30\n"
        "Gene Change (HGVS) VAF Significance\n"
        "EZH2 NM_004456.5:c.2084_2085del 0.22 Pathogenic (Tier II)\n"
        "p.(Leu695ArgfsTer5)\n"
        "CBL NM_005188.4:c.1111T>C p.(Tyr371His) 0.12 Likely pathogenic (Tier II)\n"
    )
    ezh2 = one(facts, VARIANT, "EZH2")
    assert ezh2.details["hgvs_p"] == "p.(Leu695ArgfsTer5)"
    assert ezh2.details["vaf"] == 0.22
    assert one(facts, VARIANT, "CBL").details["hgvs_p"] == "p.(Tyr371His)"


@pytest.mark.parametrize(
    "line",
    [
        "KMT2A (MLL) partial tandem duplication, by RT-PCR: not detected.",
        "MLL (KMT2A) partial tandem duplication: negative",
    ],
)
def test_a_partial_tandem_duplication_named_with_both_gene_names(line: str) -> None:
    facts = run("Molecular addendum, collected 2023-08-30\n" + line)
    assert one(facts, STATUS, "KMT2A-PTD").value == "not_detected"
    assert only(facts, STATUS, "KMT2A") == []


@pytest.mark.parametrize(
    "heading", ["Genes on this panel:", "Genes included on the panel:", "Panel genes:"]
)
def test_more_headings_of_the_genes_tested(heading: str) -> None:
    facts = run(
        "Myeloid NGS panel, collected 2023-08-30\n"
        "No variants detected.\n"
        f"{heading} CALR, CSF3R, JAK2,\nMPL, SETBP1.\n"
    )
    assert {f.name for f in only(facts, STATUS)} == {"CALR", "CSF3R", "JAK2", "MPL", "SETBP1"}


def test_a_comment_that_repeats_a_reported_variant_is_not_another_variant() -> None:
    facts = run(
        "NGS myeloid panel, collected 2023-08-30\n"
        "NPM1 NM_002520.7:c.860_863dup p.(Trp288CysfsTer12) VAF 41%\n"
        "Comment: the NPM1 insertion at a VAF of about 40% may indicate evolving AML.\n"
    )
    assert len(only(facts, VARIANT, "NPM1")) == 1


def test_a_gene_symbol_ending_in_af_and_a_digit_is_not_an_allele_frequency() -> None:
    facts = run(
        "Myeloid NGS, collected 2023-08-30\n"
        "Gene Variant VAF Tier\n"
        "SF3B1 c.2098A>G p.K700E 0.38 I\n"
        "Splicing factor genes SRSF2, U2AF1 and ZRSR2 were also sequenced.\n"
    )
    assert {f.name for f in only(facts, VARIANT)} == {"SF3B1"}


@pytest.mark.parametrize(
    "heading",
    [
        "Not detected:",
        "Negative for mutations:",
        "No pathogenic variants identified in:",
        "Wild-type genes:",
    ],
)
def test_a_list_of_genes_after_a_negative_heading_is_wild_type(heading: str) -> None:
    facts = run(
        "Myeloid NGS, collected 2023-12-04\n"
        "SRSF2 c.284C>T p.Pro95Leu VAF 43%\n"
        f"{heading} ASXL1, DNMT3A, EZH2, IDH1,\n"
        "IDH2, RUNX1, TP53.\n"
        "FLT3-ITD: negative.\n"
    )
    assert {f.name for f in only(facts, VARIANT)} == {"SRSF2"}
    wild = {f.name for f in only(facts, STATUS) if f.value == "wild_type"}
    assert wild == {"ASXL1", "DNMT3A", "EZH2", "IDH1", "IDH2", "RUNX1", "TP53"}


@pytest.mark.parametrize(
    "untested",
    [
        "Outside the scope of this panel: CUX1, DDX41, GATA2.",
        "Not sequenced: CUX1, DDX41, GATA2",
        "CUX1, DDX41 and GATA2 were not analysed.",
        "Genes not included in this assay: CUX1, DDX41, GATA2",
        "CUX1, DDX41, GATA2: coverage insufficient, not evaluable.",
        "Not covered by this version of the assay:\nCUX1, DDX41, GATA2 (result unknown)",
    ],
)
def test_a_gene_the_report_did_not_test_is_never_wild_type(untested: str) -> None:
    facts = run(
        "MYELOID VARIANT ANALYSIS, specimen date 2024-10-15\n"
        "Genes sequenced: ASXL1, CBL, EZH2, IDH2, NRAS, RUNX1, SF3B1, TET2,\n"
        "TP53, ZRSR2\n"
        f"{untested}\n"
        "Comment: no reportable variants.\n"
    )
    statuses = {f.name: f.value for f in only(facts, STATUS)}
    assert not {"CUX1", "DDX41", "GATA2"} & set(statuses)
    assert set(statuses) == {
        "ASXL1", "CBL", "EZH2", "IDH2", "NRAS", "RUNX1", "SF3B1", "TET2", "TP53", "ZRSR2",
    }  # fmt: skip


def test_a_listed_gene_the_report_later_says_it_could_not_assess_is_not_wild_type() -> None:
    facts = run(
        "Myeloid NGS, specimen date 2024-10-15\n"
        "Genes sequenced: ASXL1, CBL, EZH2, GATA2, RUNX1, TP53\n"
        "GATA2 could not be assessed owing to low coverage.\n"
    )
    assert {f.name for f in only(facts, STATUS)} == {"ASXL1", "CBL", "EZH2", "RUNX1", "TP53"}


@pytest.mark.parametrize(
    "line",
    [
        "FLT3-ITD: not performed",
        "FLT3 ITD fragment analysis was not done on this sample.",
        "MLL-PTD: not evaluated (request separately).",
        "Partial tandem duplication of KMT2A is not assessed by this method.",
        "Loss of heterozygosity at the TP53 locus was not analysed.",
        "TP53 copy-number status: not available.",
        "TP53 deletion and LOH were not tested.",
        "Limitation: the method does not detect FLT3-ITD or KMT2A-PTD.",
        "Copy-number changes and TP53 loss of heterozygosity are not reported by this assay.",
        "This panel is not designed to detect FLT3 tyrosine kinase domain mutations (FLT3-TKD).",
    ],
)
def test_an_assay_that_was_not_done_gives_no_status(line: str) -> None:
    facts = run("Molecular report, specimen date 2024-10-15\n" + line + "\n")
    assert only(facts, STATUS) == []


def test_a_vaf_heading_wrapped_onto_a_second_header_line() -> None:
    facts = run(
        "Sequencing result, collected 2024-09-02\n"
        "Gene Nucleotide Protein Allele Interpretation\n"
        "change change frequency\n"
        "SF3B1 NM_012433.4:c.1998G>T p.K666N 0.19 Pathogenic (Tier IB)\n"
        "ZRSR2 NM_005089.4:c.1207_1208del p.R403fs 0.88 Pathogenic (Tier IB)\n"
    )
    assert one(facts, VARIANT, "SF3B1").details["vaf"] == 0.19
    assert one(facts, VARIANT, "ZRSR2").details["vaf"] == 0.88


def test_numbers_that_do_not_line_up_under_the_headings_are_read_in_heading_order() -> None:
    facts = run(
        "Sequencing result, collected 2024-09-02\n"
        "Gene Transcript Coding Amino acid VAF Reads Class\n"
        "change change (%)\n"
        "CBL NM_005188.4 c.1112A>G p.(Tyr371Cys) 8.0 1931 pathogenic\n"
        "EZH2 NM_004456.5 c.1852T>C p.(Tyr618His) 27.5 862 likely pathogenic\n"
    )
    cbl, ezh2 = one(facts, VARIANT, "CBL"), one(facts, VARIANT, "EZH2")
    assert (cbl.details["vaf"], cbl.details["depth"]) == (0.08, 1931)
    assert (ezh2.details["vaf"], ezh2.details["depth"]) == (0.275, 862)


def test_a_bracketed_gap_in_coverage_leaves_only_its_own_gene_untested() -> None:
    facts = run(
        "Myeloid NGS, specimen date 2024-10-15\n"
        "Genes sequenced: ASXL1, CBL, EZH2, TP53 (exon 4 not covered), RUNX1, SF3B1\n"
    )
    assert {f.name for f in only(facts, STATUS)} == {"ASXL1", "CBL", "EZH2", "RUNX1", "SF3B1"}


@pytest.mark.parametrize(
    ("line", "vaf"),
    [
        ("DNMT3A  NM_022552.5  c.2645G>A  p.(Arg882His)  27,5 %  1890  pathogenic", 0.275),
        ("DNMT3A c.2645G>A p.(Arg882His), allele fraction 8,25 %", 0.0825),
        ("DNMT3A c.2645G>A p.(Arg882His) VAF: 41,7%", 0.417),
        ("DNMT3A p.R882H at 9,4 % of reads", 0.094),
    ],
)
def test_a_vaf_with_a_decimal_comma(line: str, vaf: float) -> None:
    fact = one(run(f"Datum: 03.03.2025\n{line}\n"), VARIANT, "DNMT3A")
    assert fact.details["vaf"] == pytest.approx(vaf)


@pytest.mark.parametrize(
    "sentence",
    [
        "Molecular: SRSF2 not mutated; EZH2 was not mutated.",
        "Summary of earlier work-up: hypocellular marrow, normal karyotype, SRSF2 and EZH2 not"
        " mutated.",
    ],
)
def test_a_gene_said_not_mutated_is_never_a_variant(sentence: str) -> None:
    facts = run(f"Haematology letter 2024-06-03\n{sentence}\n")
    assert only(facts, VARIANT) == []
    assert {f.name for f in only(facts, STATUS) if f.value == "wild_type"} <= {"SRSF2", "EZH2"}


@pytest.mark.parametrize(
    "sentence",
    [
        "17p / TP53 copy number (deletion or loss) is reported separately with the FISH study.",
        "For TP53 copy number loss see the cytogenetics report.",
        "TP53 allelic deletion status: reported with the karyotype result.",
    ],
)
def test_a_tp53_copy_loss_reported_elsewhere_is_no_result_here(sentence: str) -> None:
    facts = run(
        "SINGLE GENE SEQUENCING - TP53\nSampled 2024-09-30\n"
        "Result: no TP53 variant detected (sensitivity 3% VAF).\n" + sentence + "\n"
    )
    assert [f for f in only(facts, STATUS) if f.name.startswith("TP53_")] == []
    assert only(facts, FactKind.FISH) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "This sequencing test does not measure allelic imbalance or\nloss of heterozygosity"
        " of TP53; copy number was not examined.",
        "The method cannot measure loss of heterozygosity (17p) for TP53.",
    ],
)
def test_a_tp53_allelic_state_the_assay_cannot_measure_has_no_status(sentence: str) -> None:
    facts = run(
        "MYELOID PANEL   Received 2024-10-02\n"
        "TP53 NM_000546.6:c.818G>A p.(Arg273His) VAF 22%\n" + sentence + "\n"
    )
    assert [f for f in only(facts, STATUS) if f.name.startswith("TP53_")] == []


def test_a_fish_probe_suggested_for_a_later_sample_is_no_result() -> None:
    facts = run(
        "KARYOTYPE   Sample 2024-10-02\n"
        "Result: 46,XX[11]\n"
        "Only eleven metaphases grew; interphase FISH for monosomy 7 and\n"
        "del(20q) could be considered on the next marrow.\n"
    )
    assert only(facts, FactKind.FISH) == []


def test_a_variant_told_in_sentences_takes_its_details_from_the_rest_of_its_item() -> None:
    facts = run(
        "MOLECULAR REPORT   Sample received 2024-08-02\n"
        "RESULTS\n"
        "(a) U2AF1: the missense change NM_006758.3:c.101C>T, p.(Ser34Phe), is present with\n"
        "an allele frequency (VAF) of 22.6% over 1,318 reads. Interpretation: pathogenic,\n"
        "tier I.\n"
        "(b) EZH2: NM_004456.5:c.2196-1G>A was called in 9.8% of 2,044 reads. It is\n"
        "classified as likely pathogenic (tier II).\n"
        "COMMENT\n"
        "EZH2 splice variants are associated with a poorer outlook; 40% of cases.\n"
    )
    u2af1, ezh2 = one(facts, VARIANT, "U2AF1"), one(facts, VARIANT, "EZH2")
    assert {k: u2af1.details.get(k) for k in ("vaf", "depth", "classification", "tier")} == {
        "vaf": 0.226,
        "depth": 1318,
        "classification": "pathogenic",
        "tier": "I",
    }
    assert {k: ezh2.details.get(k) for k in ("vaf", "depth", "classification", "tier")} == {
        "vaf": 0.098,
        "depth": 2044,
        "classification": "likely pathogenic",
        "tier": "II",
    }


def test_a_variant_named_again_with_its_coding_change_is_the_same_variant() -> None:
    facts = run(
        "NGS   Collected 2024-08-02\n"
        "DDX41 NM_016222.4:c.415_418dup p.(Asp140GlyfsTer2) VAF 47%\n"
        "Germline testing: the DDX41 c.415_418dup variant was found at 49% in hair follicle DNA,\n"
        "which confirms it is germline.\n"
    )
    (ddx41,) = only(facts, VARIANT, "DDX41")
    assert ddx41.details["vaf"] == 0.47
    assert ddx41.details["germline"] is True


@pytest.mark.parametrize(
    ("line", "gene"),
    [
        (
            "IDH2: coverage under the 300x threshold in exon 4; no IDH2 result can be issued.",
            "IDH2",
        ),
        ("SRSF2 - no result could be reported (amplification failure).", "SRSF2"),
        ("ETV6: the result cannot be given because coverage was too low.", "ETV6"),
    ],
)
def test_a_gene_with_no_result_given_is_not_wild_type(line: str, gene: str) -> None:
    facts = run(
        "MYELOID NGS   Collected 2024-06-11\n"
        "Genes analysed: ASXL1, ETV6, IDH2, SRSF2, TET2\n"
        "No reportable variants.\n"
        "\n"
        "LIMITATIONS\n" + line + "\n"
    )
    statuses = {f.name: f.value for f in only(facts, STATUS)}
    assert statuses.get("ASXL1") == "wild_type"
    assert gene not in statuses


def test_an_assay_listed_as_not_covered_leaves_its_gene_tested() -> None:
    facts = run(
        "MYELOID PANEL   Collected 2024-06-11\n"
        "Genes on this panel: ASXL1, FLT3, KMT2A, NPM1, RUNX1, TET2\n"
        "No reportable variants were detected in these genes.\n"
        "Not covered by this assay:\n"
        "WT1 (not on the panel); FLT3 internal tandem duplication (FLT3-ITD);\n"
        "KMT2A partial tandem duplication (KMT2A-PTD).\n"
    )
    statuses = {f.name: f.value for f in only(facts, STATUS)}
    assert statuses.get("FLT3") == "wild_type"
    assert statuses.get("KMT2A") == "wild_type"
    assert "WT1" not in statuses
    assert "FLT3-ITD" not in statuses
    assert "KMT2A-PTD" not in statuses


def test_an_allelic_ratio_with_a_decimal_comma() -> None:
    facts = run("FLT3-Analyse 2025-02-03\nFLT3-ITD: detected, allelic ratio 0,62\n")
    assert one(facts, STATUS, "FLT3-ITD").details["allelic_ratio"] == 0.62
