"""The patient profile: corrections, conflicts, identity, and risk inputs at diagnosis."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fact_builders import record_fact
from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory
from onconav.clinical.scores import IpssmGene, RiskInputs, Tp53MutationCount, risk_scores
from onconav.records.model import Fact, FactKind
from onconav.records.profile import Correction, build_profile

D = dt.date


def fact(kind: FactKind, name: str, value: Any, *, doc: str = "doc1", **more: Any) -> Fact:
    return record_fact(kind, name, value, doc=doc, **more)


def lab(name: str, value: float, date: dt.date, doc: str = "cbc", **kw: Any) -> Fact:
    unit = {"hemoglobin": "g/dL"}.get(name, "10^9/L")
    return fact(FactKind.LAB, name, value, unit=unit, date=date, doc=doc, **kw)


# As the extractor stores a parsed karyotype: the summary's fields in the fact's details.
KARYOTYPE_GOOD = {
    "ipssr_category": "Good",
    "ipss_category": "Good",
    "del5q": True,
    "minus7": False,
    "del7q": False,
    "del17p_or_minus17": False,
    "complex": False,
    "flags": [],
}


def diagnosis_facts() -> list[Fact]:
    return [
        fact(
            FactKind.DIAGNOSIS, "diagnosis", "MDS with low blasts", date=D(2024, 3, 1), doc="note"
        ),
        fact(FactKind.MARROW, "marrow_blasts", 3.0, unit="%", date=D(2024, 2, 26), doc="marrow"),
        fact(
            FactKind.KARYOTYPE,
            "karyotype",
            "46,XX,del(5)(q13q33)[20]",
            date=D(2024, 2, 26),
            doc="cyto",
            **KARYOTYPE_GOOD,
        ),
        lab("hemoglobin", 8.9, D(2024, 2, 20)),
        lab("platelets", 210, D(2024, 2, 20)),
        lab("anc", 1.9, D(2024, 2, 20)),
        fact(FactKind.IDENTITY, "date_of_birth", "1950-06-15", doc="note"),
    ]


def test_corrections_override_and_keep_the_original() -> None:
    facts = [lab("hemoglobin", 96.0, D(2024, 2, 20))]
    correction = Correction(
        name="hemoglobin",
        kind=FactKind.LAB,
        value=9.6,
        unit="g/dL",
        created_at=dt.datetime(2024, 3, 2, 10, 0),
        note="report was in g/L",
    )
    profile = build_profile("P", facts, [correction])
    original = [f for f in profile.facts if f.provenance.document_id == "cbc"]
    assert original[0].value == 96.0
    assert "superseded" in original[0].flags
    assert profile.latest["hemoglobin"].value == 9.6
    assert profile.latest["hemoglobin"].date == D(2024, 2, 20)
    assert profile.latest["hemoglobin"].provenance.method == "user"


def test_a_later_karyotype_is_history_not_a_conflict() -> None:
    facts = [
        fact(FactKind.KARYOTYPE, "karyotype", "46,XY[20]", date=D(2023, 1, 5), doc="a"),
        fact(
            FactKind.KARYOTYPE,
            "karyotype",
            "46,XY,del(20)(q11q13)[5]/46,XY[15]",
            date=D(2024, 1, 5),
            doc="b",
        ),
    ]
    profile = build_profile("P", facts)
    assert profile.conflicts == ()
    assert profile.latest["karyotype"].value.startswith("46,XY,del(20)")


def test_same_day_disagreement_between_documents_is_a_conflict() -> None:
    facts = [
        lab("platelets", 45, D(2024, 2, 20), doc="lab"),
        lab("platelets", 54, D(2024, 2, 20), doc="letter"),
    ]
    profile = build_profile("P", facts)
    (conflict,) = profile.conflicts
    assert conflict.name == "platelets"
    assert "differs between documents" in conflict.message


def test_same_value_twice_is_not_a_conflict() -> None:
    facts = [
        lab("platelets", 45, D(2024, 2, 20), doc="lab"),
        lab("platelets", 45.0, D(2024, 2, 20), doc="letter"),
    ]
    assert build_profile("P", facts).conflicts == ()


def test_identity_mismatch_warns_but_name_order_does_not() -> None:
    same = [
        fact(FactKind.IDENTITY, "name", "DOE, JANE A.", doc="a"),
        fact(FactKind.IDENTITY, "name", "Jane A Doe", doc="b"),
    ]
    assert build_profile("P", same).warnings == ()
    different = [*same, fact(FactKind.IDENTITY, "name", "John Smith", doc="c")]
    (warning,) = build_profile("P", different).warnings
    assert "different names" in warning
    born = [
        fact(FactKind.IDENTITY, "date_of_birth", "1950-06-15", doc="a"),
        fact(FactKind.IDENTITY, "date_of_birth", "1951-06-15", doc="b"),
    ]
    (dob_warning,) = build_profile("P", born).warnings
    assert "dates of birth" in dob_warning


def test_risk_inputs_are_taken_at_diagnosis_with_dates_and_sources() -> None:
    facts = [
        *diagnosis_facts(),
        lab("hemoglobin", 11.5, D(2024, 9, 1), doc="later"),  # later and better: history
        fact(FactKind.MARROW, "marrow_blasts", 12.0, unit="%", date=D(2025, 1, 10), doc="marrow2"),
    ]
    profile = build_profile("P", facts)
    risk = profile.risk
    assert risk.anchor_date == D(2024, 3, 1)
    assert risk.inputs["hemoglobin"].value == 8.9
    assert risk.inputs["hemoglobin"].date == D(2024, 2, 20)
    assert risk.inputs["hemoglobin"].provenance[0].document_id == "cbc"
    assert risk.inputs["marrow_blasts"].value == 3.0
    assert risk.inputs["cyto_ipssr"].value is IpssrCytoCategory.GOOD
    assert risk.inputs["del5q"].value is True
    assert risk.inputs["age"].value == 73.0
    assert risk.validated_setting
    assert profile.latest["hemoglobin"].value == 11.5


def test_counts_after_treatment_started_are_labelled() -> None:
    facts = [
        fact(FactKind.DIAGNOSIS, "diagnosis", "MDS-IB1", date=D(2024, 3, 1), doc="note"),
        fact(FactKind.MARROW, "marrow_blasts", 7.0, unit="%", date=D(2024, 3, 1), doc="marrow"),
        fact(
            FactKind.TREATMENT,
            "azacitidine",
            "started",
            date=D(2024, 3, 10),
            doc="note",
            start="2024-03-10",
        ),
        lab("hemoglobin", 8.0, D(2024, 3, 20)),  # within 30 days, but after azacitidine
    ]
    risk = build_profile("P", facts).risk
    hemoglobin = risk.inputs["hemoglobin"]
    assert hemoglobin.value == 8.0
    assert not hemoglobin.validated_setting
    assert any("after azacitidine started" in note for note in hemoglobin.notes)
    assert risk.therapy_start == D(2024, 3, 10)
    assert not risk.validated_setting


def test_counts_far_from_the_marrow_are_labelled_not_silently_used() -> None:
    facts = [
        fact(FactKind.MARROW, "marrow_blasts", 2.0, unit="%", date=D(2024, 3, 1), doc="marrow"),
        lab("platelets", 90, D(2024, 6, 1)),
    ]
    platelets = build_profile("P", facts).risk.inputs["platelets"]
    assert not platelets.validated_setting
    assert any("92 days from the marrow" in note for note in platelets.notes)


def test_unconfirmed_values_stay_out_of_the_scores() -> None:
    facts = [
        *diagnosis_facts(),
        lab("anc", 0.4, D(2024, 2, 27), flags=("unit_missing",)),
    ]
    profile = build_profile("P", facts)
    assert profile.risk.inputs["anc"].value == 1.9
    assert [f.value for f in profile.needs_confirmation] == [0.4]


@pytest.mark.parametrize("flag", ["implausible", "decimal_ambiguous"])
def test_a_value_read_with_doubt_about_the_number_stays_out_of_latest_and_the_scores(
    flag: str,
) -> None:
    facts = [
        *diagnosis_facts(),
        lab("platelets", 4210, D(2024, 2, 24), flags=(flag,)),
    ]
    profile = build_profile("P", facts)
    assert profile.risk.inputs["platelets"].value == 210
    assert profile.latest["platelets"].value == 210
    assert [f.value for f in profile.needs_confirmation] == [4210]


def test_genes_tested_wild_type_vus_and_separate_assays() -> None:
    ngs = "ngs"
    facts = [
        *diagnosis_facts(),
        fact(
            FactKind.VARIANT,
            "SF3B1",
            "mutated",
            date=D(2024, 3, 5),
            doc=ngs,
            vaf=0.38,
            classification="Pathogenic",
        ),
        fact(
            FactKind.VARIANT,
            "TP53",
            "mutated",
            date=D(2024, 3, 5),
            doc=ngs,
            vaf=0.62,
            classification="Pathogenic",
        ),
        fact(
            FactKind.VARIANT,
            "RUNX1",
            "mutated",
            date=D(2024, 3, 5),
            doc=ngs,
            vaf=0.2,
            classification="Variant of uncertain significance",
        ),
        fact(FactKind.GENE_STATUS, "ASXL1", "wild_type", date=D(2024, 3, 5), doc=ngs),
        fact(FactKind.GENE_STATUS, "FLT3", "wild_type", date=D(2024, 3, 5), doc=ngs),
    ]
    profile = build_profile("P", facts)
    risk = profile.risk
    assert risk.inputs["gene:SF3B1"].value is True
    assert risk.inputs["gene:ASXL1"].value is False
    assert "gene:RUNX1" not in risk.inputs
    assert any("RUNX1" in note and "uncertain significance" in note for note in risk.notes)
    assert risk.inputs["tp53_mutations"].value is Tp53MutationCount.ONE
    assert risk.inputs["tp53_max_vaf"].value == 0.62
    assert "flt3" not in risk.inputs  # the panel cannot rule out an ITD
    assert any(note.startswith("FLT3") for note in risk.notes)
    missing = {m.name for m in profile.missing}
    assert {"flt3", "mll_ptd", "genes"} <= missing
    with_itd = [
        *facts,
        fact(FactKind.GENE_STATUS, "FLT3-ITD", "not_detected", date=D(2024, 3, 6), doc="pcr"),
        fact(FactKind.GENE_STATUS, "KMT2A-PTD", "detected", date=D(2024, 3, 6), doc="pcr"),
    ]
    risk = build_profile("P", with_itd).risk
    assert risk.inputs["flt3"].value is False
    assert risk.inputs["mll_ptd"].value is True


def test_profile_scores_equal_the_same_values_typed_by_hand() -> None:
    facts = [
        *diagnosis_facts(),
        fact(FactKind.VARIANT, "SF3B1", "mutated", date=D(2024, 3, 5), doc="ngs", vaf=0.38),
        fact(FactKind.GENE_STATUS, "TP53", "wild_type", date=D(2024, 3, 5), doc="ngs"),
    ]
    from_profile = risk_scores(build_profile("P", facts).risk.to_risk_inputs())
    by_hand = risk_scores(
        RiskInputs(
            hb=8.9,
            plt=210,
            anc=1.9,
            bm_blast=3.0,
            age=73,
            cyto_ipssr=IpssrCytoCategory.GOOD,
            del5q=True,
            del7_7q=False,
            del17_17p=False,
            complex=False,
            tp53_mutations=Tp53MutationCount.NONE,
            tp53_max_vaf=0.0,
            genes={IpssmGene.SF3B1: True},
            cyto_ipss=IpssCytoCategory.GOOD,
        )
    )
    assert from_profile.ipssm.mean.score == by_hand.ipssm.mean.score
    assert from_profile.ipssm.best.score == by_hand.ipssm.best.score
    assert from_profile.ipssm.worst.score == by_hand.ipssm.worst.score
    assert from_profile.ipssr.score == by_hand.ipssr.score
    assert from_profile.ipssra.score == by_hand.ipssra.score
    assert from_profile.ipss.score == by_hand.ipss.score


def _with_replaced(name: str, replacement: Fact) -> list[Fact]:
    return [f for f in diagnosis_facts() if f.name != name] + [replacement]


@pytest.mark.parametrize(
    ("name", "bound", "comparator"),
    [
        ("anc", 0.2, "<"),  # below 0.8 (IPSS-R) and 1.8 (IPSS) whatever its value
        ("platelets", 400, ">"),  # above 100 (IPSS-R, IPSS) and the IPSS-M cap of 250
    ],
)
def test_a_censored_count_feeds_the_scores_when_every_value_it_allows_scores_alike(
    name: str, bound: float, comparator: str
) -> None:
    profile = build_profile(
        "P", _with_replaced(name, lab(name, bound, D(2024, 2, 21), comparator=comparator))
    )
    chosen = profile.risk.inputs[name]
    assert chosen.value == bound
    assert any(comparator in note for note in chosen.notes)
    scores = _scored(risk_scores(profile.risk.to_risk_inputs()).model_dump())
    for probe in (bound * 0.5, bound * 0.999) if comparator == "<" else (bound * 1.01, bound * 3):
        other = _with_replaced(name, lab(name, probe, D(2024, 2, 21)))
        alike = risk_scores(build_profile("P", other).risk.to_risk_inputs()).model_dump()
        assert _scored(alike) == scores


def _scored(results: Any) -> Any:
    """The scores and categories, without the echo of the input values they were given."""
    if isinstance(results, dict):
        return {
            key: _scored(value)
            for key, value in results.items()
            if key not in {"inputs_used", "value", "contributions"}
        }
    if isinstance(results, list | tuple):
        return [_scored(value) for value in results]
    return results


@pytest.mark.parametrize(
    ("name", "bound", "comparator"),
    [
        ("anc", 1.0, "<"),  # 0.9 and 0.5 fall on both sides of the IPSS-R 0.8
        ("anc", 0.8, "<"),  # all below 0.8, but the bound that would stand in for it is not
        ("anc", 0.8, "<="),  # 0.8 itself scores like 1.5, 0.7 does not
        ("platelets", 20, "<"),  # the IPSS-M reads platelets continuously below 250
        ("hemoglobin", 7.0, "<"),  # and hemoglobin everywhere
        ("platelets", 100, ">="),
    ],
)
def test_a_censored_count_whose_values_score_differently_is_missing_with_a_note(
    name: str, bound: float, comparator: str
) -> None:
    censored = lab(name, bound, D(2024, 2, 21), comparator=comparator)
    profile = build_profile("P", _with_replaced(name, censored))
    assert name not in profile.risk.inputs
    assert any(name in note and f"{comparator}{bound:g}" in note for note in profile.risk.notes)
    assert name in {item.name for item in profile.missing}


def test_a_censored_marrow_blast_count_is_not_a_value_of_its_bound() -> None:
    blasts = fact(
        FactKind.MARROW, "marrow_blasts", 5.0, unit="%", date=D(2024, 2, 26), comparator="<"
    )
    profile = build_profile("P", _with_replaced("marrow_blasts", blasts))
    # the marrow stays the diagnostic one; its count is not scored
    assert profile.risk.inputs["marrow_blasts"].value is None
    assert profile.risk.to_risk_inputs().bm_blast is None
    assert any("marrow_blasts" in note and "<5" in note for note in profile.risk.notes)
    assert "marrow_blasts" in {item.name for item in profile.missing}


def test_a_marrow_blast_range_is_not_scored_as_a_number() -> None:
    blasts = fact(
        FactKind.MARROW, "marrow_blasts", "3-4", unit="%", date=D(2024, 2, 26), range=[3.0, 4.0]
    )
    profile = build_profile("P", _with_replaced("marrow_blasts", blasts))
    assert profile.risk.to_risk_inputs().bm_blast is None
    assert any("3-4 %" in note for note in profile.risk.notes)


def test_a_conflict_message_shows_a_censored_value_with_its_comparator() -> None:
    facts = [
        lab("anc", 0.1, D(2024, 2, 20), doc="ward", comparator="<"),
        lab("anc", 0.4, D(2024, 2, 20), doc="clinic"),
    ]
    (conflict,) = build_profile("P", facts).conflicts
    assert "<0.1 10^9/L" in conflict.message
