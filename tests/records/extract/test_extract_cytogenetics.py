"""Karyotypes (ISCN), OCR repairs, failed cultures and FISH."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, only, run

from onconav.records.extract.karyotype_repair import repair
from onconav.records.model import FactKind

KARYOTYPE, FISH = FactKind.KARYOTYPE, FactKind.FISH


def test_labelled_karyotype_with_summary() -> None:
    facts = run(
        "CYTOGENETICS REPORT\nCollected: 2024-03-12\n"
        "Karyotype: 46,XY,del(5)(q13q33)[20]\nTwenty metaphases were analyzed.\n"
    )
    fact = one(facts, KARYOTYPE, "karyotype")
    assert fact.value == "46,XY,del(5)(q13q33)[20]"
    assert fact.provenance.text == "46,XY,del(5)(q13q33)[20]"
    assert fact.provenance.line == 3
    assert fact.date == dt.date(2024, 3, 12)
    assert fact.details["del5q"] is True
    assert fact.details["abnormalities"] == ["del(5q)"]
    assert fact.details["ipssr_category"] == "Good"
    assert fact.details["metaphases"] == 20
    assert fact.flags == ()


def test_karyotype_wrapped_over_two_lines() -> None:
    text = "Result: 44,XY,del(5)(q13q33),-7,-17,\n  +mar[18]/46,XY[2]\n20 metaphases analyzed.\n"
    fact = one(run(text), KARYOTYPE, "karyotype")
    assert fact.value == "44,XY,del(5)(q13q33),-7,-17,+mar[18]/46,XY[2]"
    assert fact.provenance.text == "44,XY,del(5)(q13q33),-7,-17,\n  +mar[18]/46,XY[2]"
    assert fact.details["complex"] is True
    assert fact.details["ipssr_category"] == "Very Poor"


def test_spaces_inside_the_notation() -> None:
    fact = one(run("ISCN: 45,XX, -7[15]/46,XX[5] (see comment)"), KARYOTYPE, "karyotype")
    assert fact.value == "45,XX,-7[15]/46,XX[5]"
    assert fact.details["minus7"] is True


@pytest.mark.parametrize(
    ("printed", "value", "repairs"),
    [
        ("46,XY,del(5)(q13q33)[121", "46,XY,del(5)(q13q33)[12]", ["[121 → [12]"]),
        ("46,XY,del(20)(q11.2q13.3)[20l", "46,XY,del(20)(q11.2q13.3)[20]", ["[20l → [20]"]),
        (
            "46,XX,del(5)(ql3q33)[2O]",
            "46,XX,del(5)(q13q33)[20]",
            ["[2O] → [20]", "(ql3q33) → (q13q33)"],
        ),
    ],
)
def test_unambiguous_ocr_damage_is_repaired_and_flagged(
    printed: str, value: str, repairs: list[str]
) -> None:
    fact = one(run(f"Karyotype: {printed}", method="ocr"), KARYOTYPE, "karyotype")
    assert fact.value == value
    assert "ocr_repaired" in fact.flags
    assert fact.details["original"] == printed
    assert fact.details["repairs"] == repairs
    assert fact.provenance.text == printed


def test_ambiguous_damage_is_not_repaired() -> None:
    assert repair("46,XY[21") == ("46,XY[21", ())
    fact = one(run("Karyotype: 46,XY,+8[21"), KARYOTYPE, "karyotype")
    assert fact.value == "46,XY,+8[21"
    assert fact.flags == ("unparsed", "date_missing")
    assert "error" in fact.details
    assert "ipssr_category" not in fact.details


def test_unparseable_karyotype_keeps_raw_text() -> None:
    fact = one(run("Karyotype: 46,XX,del(5)(q13q33[20]"), KARYOTYPE, "karyotype")
    assert fact.value == "46,XX,del(5)(q13q33[20]"
    assert "unparsed" in fact.flags
    assert "expected ')'" in fact.details["error"]


def test_failed_culture() -> None:
    fact = one(
        run("Chromosome analysis: No analyzable metaphases were obtained (culture failure)."),
        KARYOTYPE,
        "karyotype",
    )
    assert fact.value == "No analyzable metaphases"
    assert fact.details["metaphases"] == 0
    assert fact.details["ipssr_category"] is None
    assert fact.details["no_result"] == "No analyzable metaphases"


def test_normal_karyotype_in_a_letter() -> None:
    fact = one(run("Cytogenetics 46,XX[20]. NGS pending."), KARYOTYPE, "karyotype")
    assert fact.value == "46,XX[20]"
    assert fact.details["normal"] is True


def test_iscn_fish() -> None:
    facts = run("FISH: nuc ish(EGR1x1,D5S23/D5S721x2)[156/200]")
    fish = one(facts, FISH, "EGR1 (5q31)")
    assert fish.value == "abnormal"
    assert fish.details["percent"] == 78.0
    assert fish.details["nuclei"] == [156, 200]
    assert fish.details["method"] == "nuc ish"
    assert fish.provenance.text == "nuc ish(EGR1x1,D5S23/D5S721x2)[156/200]"
    assert only(facts, KARYOTYPE) == []


def test_iscn_fish_normal_result() -> None:
    fish = one(run("nuc ish(D7S486,D7Z1)x2[200]"), FISH, "D7S486 (7q31)")
    assert fish.value == "normal"
    assert "percent" not in fish.details


def test_karyotype_followed_by_fish() -> None:
    facts = run("46,XY,del(5)(q13q33)[20].nuc ish(EGR1x1,D5S23x2)[156/200]")
    assert one(facts, KARYOTYPE, "karyotype").details["del5q"] is True
    assert one(facts, FISH, "EGR1 (5q31)").value == "abnormal"


def test_fish_table_and_prose() -> None:
    facts = run(
        "FISH PANEL (MDS)\n"
        "Probe            Target      Result      % abnormal nuclei\n"
        "EGR1/D5S23       5q31        Deleted     78% (cutoff 5.5%)\n"
        "D7S486/CEP7      7q31        Normal      1.5%\n"
        "CEP8             Chr 8       Abnormal    12%\n"
        "FISH: No evidence of deletion of 20q12 (D20S108) or TP53 (17p13.1).\n"
        "KMT2A (11q23) rearrangement not detected.\n"
    )
    found = {
        f.name: (f.value, f.details.get("percent"), f.details.get("cutoff"))
        for f in only(facts, FISH)
    }
    assert found == {
        "EGR1 (5q31)": ("abnormal", 78.0, 5.5),
        "D7S486 (7q31)": ("normal", 1.5, None),
        "CEP8": ("abnormal", 12.0, None),
        "D20S108 (20q12)": ("normal", None, None),
        "TP53 (17p13.1)": ("normal", None, None),
        "KMT2A (11q23)": ("normal", None, None),
    }
    assert only(facts, FactKind.VARIANT) == []
    assert only(facts, FactKind.GENE_STATUS) == []


def test_fish_nuclei_count_in_prose() -> None:
    fish = one(run("Trisomy 8 detected in 45/200 nuclei (22.5%)."), FISH, "CEP8")
    assert fish.value == "abnormal"
    assert fish.details["nuclei"] == [45, 200]
    assert fish.details["percent"] == 22.5


def test_one_fish_fact_per_probe_when_iscn_and_words_both_give_it() -> None:
    facts = run(
        "Interphase FISH, 200 nuclei scored per probe\n"
        "nuc ish(D7Z1,D7S486)x1[130/200],(D8Z2)x3[24/200]\n"
        "Loss of 7q31 (D7S486) in 65% of nuclei; laboratory cut-off 4.5%.\n"
        "Trisomy 8 (CEP8) in 12% of nuclei; cut-off 3%.\n"
    )
    seven = one(facts, FISH, "D7S486 (7q31)")
    assert seven.value == "abnormal"
    assert (seven.details["percent"], seven.details["cutoff"]) == (65.0, 4.5)
    assert seven.details["nuclei"] == [130, 200]
    eight = one(facts, FISH, "CEP8")
    assert (eight.value, eight.details["percent"], eight.details["cutoff"]) == (
        "abnormal",
        12.0,
        3.0,
    )


def test_cutoffs_listed_on_a_line_of_their_own() -> None:
    facts = run(
        "FISH (MDS probes), 200 nuclei each\n"
        "nuc ish(EGR1,D5S721)x2[200],(D20S108)x2[200]\n"
        "Both probes show a normal signal pattern.\n"
        "Cut-off values: EGR1 4%, D20S108 5.5%.\n"
    )
    egr1 = one(facts, FISH, "EGR1 (5q31)")
    assert (egr1.value, egr1.details["cutoff"]) == ("normal", 4.0)
    twenty = one(facts, FISH, "D20S108 (20q12)")
    assert (twenty.value, twenty.details["cutoff"]) == ("normal", 5.5)


@pytest.mark.parametrize(
    ("line", "name", "percent", "cutoff"),
    [
        ("CEP8 (centromere 8): normal, no trisomy, 2% (cut-off 3%).", "CEP8", 2.0, 3.0),
        ("17p13.1 (TP53): normal; no loss, 1% (cut-off 6%).", "TP53 (17p13.1)", 1.0, 6.0),
        ("5q31 (EGR1): no deletion seen, 0.5% (cut-off 4%).", "EGR1 (5q31)", 0.5, 4.0),
    ],
)
def test_an_abnormality_said_to_be_absent_is_a_normal_result(
    line: str, name: str, percent: float, cutoff: float
) -> None:
    fish = one(run("FISH RESULTS\n" + line), FISH, name)
    assert (fish.value, fish.details["percent"], fish.details["cutoff"]) == (
        "normal",
        percent,
        cutoff,
    )


def test_loss_of_heterozygosity_is_not_a_fish_result() -> None:
    facts = run(
        "SNP ARRAY AND SEQUENCING\n"
        "TP53 (17p13.1): copy-neutral loss of heterozygosity detected (SNP array).\n"
    )
    assert only(facts, FISH) == []
    assert one(facts, FactKind.GENE_STATUS, "TP53_LOH").value == "present"


def test_a_single_cell_mentioned_in_a_comment_is_not_the_karyotype() -> None:
    facts = run(
        "CHROMOSOME ANALYSIS\n"
        "RESULT: 45,X,-Y[8]/46,XY[12]\n"
        "Comment: a single metaphase with 47,XY,+21 was also seen; one cell does not make a"
        " clone and it is not included in the karyotype.\n"
    )
    assert [f.value for f in only(facts, KARYOTYPE)] == ["45,X,-Y[8]/46,XY[12]"]


def test_fish_table_with_percentage_and_cutoff_columns() -> None:
    facts = run(
        "INTERPHASE FISH, 200 nuclei per probe\n"
        "Probe               Call          % abnormal    Normal cut-off\n"
        "EGR1/5q31           Normal        1.0           <5.5%\n"
        "D20S108 (20q12)     Deleted       14.5          <5%\n"
    )
    egr1 = one(facts, FISH, "EGR1 (5q31)")
    assert (egr1.value, egr1.details["percent"], egr1.details["cutoff"]) == ("normal", 1.0, 5.5)
    twenty = one(facts, FISH, "D20S108 (20q12)")
    assert (twenty.value, twenty.details["percent"], twenty.details["cutoff"]) == (
        "abnormal",
        14.5,
        5.0,
    )


def test_a_karyotype_in_brackets_in_a_letter() -> None:
    fact = one(run("The karyotype was normal (46,XX[20]) in 2022."), KARYOTYPE, "karyotype")
    assert fact.value == "46,XX[20]"
    assert fact.flags == ("date_missing",)


def test_cutoffs_written_as_a_sentence_with_the_percentage_first() -> None:
    facts = run(
        "Interphase FISH (MDS panel), 200 nuclei per probe\n"
        "nuc ish(EGR1,D5S721)x2[200],(D7Z1,D7S486)x2[200]\n"
        "The laboratory's normal cut-offs are 6.5% for 5q31 and 5% for 7q31.\n"
    )
    assert one(facts, FISH, "EGR1 (5q31)").details["cutoff"] == 6.5
    assert one(facts, FISH, "D7S486 (7q31)").details["cutoff"] == 5.0


def test_a_sentence_defining_a_cutoff_is_not_a_result() -> None:
    facts = run(
        "FISH REPORT\n"
        "Specimen collected 2023-04-04\n"
        "The laboratory cut-off for an EGR1 deletion is 5.5%.\n"
        "Results: no deletion of 5q31 (EGR1) in 200 nuclei.\n"
    )
    egr1 = one(facts, FISH, "EGR1 (5q31)")
    assert (egr1.value, egr1.details["cutoff"]) == ("normal", 5.5)
    assert "percent" not in egr1.details


@pytest.mark.parametrize(
    ("text", "name", "percent", "cutoff"),
    [
        (
            "The D20S108 (20q12) probe set: no 20q deletion was detected (0.5% of nuclei;"
            " cut-off 4%).",
            "D20S108 (20q12)",
            0.5,
            4.0,
        ),
        (
            "With the TP53 (17p13.1) / CEP17 probes, no loss of TP53 was seen (2% of\n"
            "nuclei; cut-off 6%).",
            "TP53 (17p13.1)",
            2.0,
            6.0,
        ),
        (
            "Using the chromosome 8 centromere probe (CEP8), a gain was not identified in\n"
            "this sample (1.5% of nuclei, cut-off 3%).",
            "CEP8",
            1.5,
            3.0,
        ),
    ],
)
def test_an_abnormality_stated_not_found_in_a_sentence_that_wraps(
    text: str, name: str, percent: float, cutoff: float
) -> None:
    facts = run("Interphase FISH, specimen taken 2024-04-02\n" + text + "\n")
    fact = one(facts, FISH, name)
    assert fact.value == "normal"
    assert (fact.details["percent"], fact.details["cutoff"]) == (percent, cutoff)


@pytest.mark.parametrize(
    "line",
    [
        "FISH for del(5q) / EGR1: not performed (insufficient sample).",
        "TP53 (17p13.1) FISH was not done.",
        "CEP8 probe: could not be analysed (no nuclei on the slide).",
    ],
)
def test_a_fish_probe_that_was_not_done_is_no_result_not_a_normal_one(line: str) -> None:
    facts = run("CYTOGENETICS, sample taken 2024-10-15\n" + line + "\n")
    assert only(facts, FISH) == []


def test_fish_percentages_and_cutoffs_with_a_decimal_comma() -> None:
    facts = run(
        "FISH-ANALYSE (Interphase)   Abnahme: 05.02.2025\n"
        "D20S108 (20q12): deletion in 12,5 % of nuclei (cut-off 4,5 %)\n"
    )
    fish = one(facts, FISH, "D20S108 (20q12)")
    assert (fish.value, fish.details["percent"], fish.details["cutoff"]) == ("abnormal", 12.5, 4.5)


def test_fish_words_in_another_sentence_of_a_paragraph_do_not_make_a_fish_result() -> None:
    facts = run(
        "TP53 SEQUENCING\nSample drawn 2024-09-30\n"
        "No reportable variant was seen in TP53 (exons 2-11, minimum depth 800x), at a\n"
        "sensitivity of 3%. Deletion of 17p is assessed by FISH and given in that report.\n"
    )
    assert only(facts, FISH) == []


def test_nuclei_in_a_morphology_description_are_not_fish() -> None:
    facts = run(
        "MARROW ASPIRATE   Taken 2024-09-30\n"
        "Many megakaryocytes, half of them small with single round nuclei, as seen with\n"
        "loss of 5q or with monosomy 7.\n"
    )
    assert only(facts, FISH) == []


def test_cutoffs_listed_on_the_line_after_their_label_are_cutoffs_not_results() -> None:
    facts = run(
        "FISH (MDS probe set)   Collected 2024-09-30\n"
        "nuc ish(CEP8x2)[200],(D20S108x2)[200]\n"
        "Interpretation: normal. Cut-off values used by the laboratory:\n"
        "trisomy 8 4.5%; D20S108 deletion 7%.\n"
    )
    facts_by_name = {f.name: f for f in only(facts, FISH)}
    assert {name: f.value for name, f in facts_by_name.items()} == {
        "CEP8": "normal",
        "D20S108 (20q12)": "normal",
    }
    assert facts_by_name["CEP8"].details["cutoff"] == 4.5
    assert facts_by_name["D20S108 (20q12)"].details["cutoff"] == 7.0


def test_a_fish_table_row_above_the_iscn_line_keeps_its_numbers() -> None:
    facts = run(
        "Interphase FISH   Collected 2024-09-30\n"
        "Probe set    Call    Nuclei with signal pattern    Cut-off\n"
        "KMT2A (11q23) break-apart   normal 2.5% 6%\n"
        "nuc ish(KMT2Ax2)[200]\n"
    )
    fish = one(facts, FISH, "KMT2A (11q23)")
    assert (fish.value, fish.details["percent"], fish.details["cutoff"]) == ("normal", 2.5, 6.0)


@pytest.mark.parametrize(
    ("text", "karyotype"),
    [
        ("Summary: karyotype 46,XY[20];FISH normal; NGS pending.", "46,XY[20]"),
        ("Cytogenetics: 47,XX,+8[6]/46,XX[14],clonal trisomy 8.", "47,XX,+8[6]/46,XX[14]"),
    ],
)
def test_a_karyotype_ends_where_the_notation_stops_parsing(text: str, karyotype: str) -> None:
    fact = one(run("Letter 2024-05-02\n" + text + "\n"), KARYOTYPE, "karyotype")
    assert (fact.value, fact.provenance.text, fact.flags) == (karyotype, karyotype, ())


def test_a_karyotype_restated_in_a_letter_takes_the_date_of_its_own_sentence() -> None:
    facts = run(
        "Clinic letter, 3 March 2025\n"
        "Diagnosed on 2 October 2024. The marrow of 19 September 2024 had 4 % blasts and the"
        " karyotype was 46,XY,del(20)(q11q13)[8]/46,XY[12]; she is transfusion independent.\n"
    )
    assert one(facts, KARYOTYPE, "karyotype").date == dt.date(2024, 9, 19)


def test_a_date_broken_before_its_year_still_dates_the_karyotype_of_its_sentence() -> None:
    facts = run(
        "Clinic letter, 3 March 2025\n"
        "Diagnosed on 2 October 2024. The marrow of 19 September\n"
        "2024 had 4 % blasts and the karyotype was 46,XY[20]; no mutation was found.\n"
    )
    assert one(facts, KARYOTYPE, "karyotype").date == dt.date(2024, 9, 19)


def test_a_fish_table_with_a_nuclei_scored_column_and_a_wrapped_header() -> None:
    facts = run(
        "INTERPHASE FISH   Collected 2024-10-01\n"
        "Probe Region Nuclei Abnormal Normal Interpretation\n"
        "counted signal (%) limit (%)\n"
        "CEP8 8 centromere 300 12.0 3.5 Abnormal: trisomy 8\n"
        "D20S108 20q12 300 0.7 4.0 Normal\n"
    )
    cep8, d20 = one(facts, FISH, "CEP8"), one(facts, FISH, "D20S108 (20q12)")
    assert (cep8.value, cep8.details["percent"], cep8.details["cutoff"]) == ("abnormal", 12.0, 3.5)
    assert (d20.value, d20.details["percent"], d20.details["cutoff"]) == ("normal", 0.7, 4.0)


def test_a_fish_table_row_with_decimal_commas() -> None:
    facts = run(
        "FISH   Abnahme 2025-02-03\n"
        "Sonde / probe    Call        % abnormal    Normal cut-off\n"
        "D7S486 (7q31)    deleted     22,5          4,5\n"
    )
    fish = one(facts, FISH, "D7S486 (7q31)")
    assert (fish.details["percent"], fish.details["cutoff"]) == (22.5, 4.5)
