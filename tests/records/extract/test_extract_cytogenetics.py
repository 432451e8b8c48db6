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
        "D7S486 (7q31)": ("normal", None, None),
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
