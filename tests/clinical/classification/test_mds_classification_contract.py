"""Contracts: the published schema, rule documentation, thresholds, karyotype input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mds_case_builder import case, run

from onconav.clinical.classification import Findings, classify, findings_json_schema
from onconav.clinical.classification import thresholds as t
from onconav.clinical.classification.engine import Rule
from onconav.clinical.classification.icc2022 import RULES as ICC_RULES
from onconav.clinical.classification.who2022 import RULES as WHO_RULES
from onconav.clinical.cytogenetics import KaryotypeSummary

SCHEMA_FILE = Path(__file__).parents[3] / "src/onconav/clinical/schemas/mds_findings.schema.json"


def test_published_schema_is_in_sync_with_the_model() -> None:
    """The schema file is generated from ``Findings``; regenerate it with
    ``onconav classify --schema > src/onconav/clinical/schemas/mds_findings.schema.json``."""
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert published == findings_json_schema()


def test_schema_rejects_what_the_model_rejects() -> None:
    """VAFs are fractions and unknown fields are refused, in the model and the schema."""
    schema = findings_json_schema()
    variant = schema["$defs"]["Variant"]["properties"]["vaf"]["anyOf"][0]
    assert (variant["minimum"], variant["maximum"]) == (0, 1)
    assert schema["additionalProperties"] is False
    with pytest.raises(ValueError, match="vaf"):
        Findings.model_validate({"molecular": {"variants": [{"gene": "TP53", "vaf": 38}]}})


@pytest.mark.parametrize("rule", [*WHO_RULES, *ICC_RULES], ids=lambda r: r.id)
def test_every_rule_names_its_source_and_verification_status(rule: Rule) -> None:
    """Working rules: each clinical rule names its source; the brief asks for the
    verification status of each rule in its docstring."""
    doc = rule.condition.__doc__ or ""
    assert "Source:" in doc
    status = rule.verification.value
    assert re.search(rf"Verification: {status}\b", doc), doc


def test_rule_ids_are_unique_and_systems_end_in_a_rule_that_always_applies() -> None:
    """Precedence lists need unique ids; the last rule must hold when reached."""
    for rules in (WHO_RULES, ICC_RULES):
        ids = [r.id for r in rules]
        assert len(ids) == len(set(ids))
        assert rules[-1].code == "ICUS"


def test_tp53_thresholds_belong_to_each_system_and_are_not_ipssm() -> None:
    """JHO 2024 Table 3: ICC counts TP53 from 10 % VAF, WHO has no minimum; Mayo/SA cohort:
    WHO presumptive biallelic above 49 %. IPSS-M's 0.55 LOH rule is a different thing."""
    assert t.ICC_TP53_MIN_VAF == 0.10
    assert t.WHO_TP53_PRESUMPTIVE_BIALLELIC_VAF_ABOVE == 0.49
    assert t.ICC_TP53_MULTIHIT_SINGLE_MUTATION_MIN_VAF == 0.50
    assert 0.55 not in {
        t.ICC_TP53_MIN_VAF,
        t.WHO_TP53_PRESUMPTIVE_BIALLELIC_VAF_ABOVE,
        t.ICC_TP53_MULTIHIT_SINGLE_MUTATION_MIN_VAF,
    }


# --- Karyotype string input through the KaryotypeSummary contract ------------------------------


def _summary(text: str, **overrides: object) -> KaryotypeSummary:
    fields: dict[str, object] = {
        "karyotype": text,
        "normal": False,
        "abnormalities": ("del(5q)",),
        "n_abnormalities": 1,
        "metaphases": 20,
        "complex": False,
        "monosomal": False,
        "del5q": True,
        "minus7": False,
        "del7q": False,
        "del17p_or_minus17": False,
        "i17q": False,
        "abn_3q": False,
        "mecom_rearranged": False,
        "ipssr_category": None,
        "ipssr_rule": "",
        "ipss_category": None,
        "ipss_rule": "",
    }
    fields.update(overrides)
    return KaryotypeSummary.model_validate(fields)


def _with_karyotype(text: str, **fields: object) -> Findings:
    return Findings.model_validate(
        case(
            cytogenetics={"karyotype": text, "normal": None, "metaphases_analyzed": None, **fields}
        )
    )


def test_karyotype_string_is_summarised_by_the_given_parser() -> None:
    """MDS_BRIEF §3.2: 46,XY,del(5)(q13q33)[20] is a sole del(5q) (ICC MDS with del(5q))."""
    text = "46,XY,del(5)(q13q33)[20]"
    result = classify(_with_karyotype(text), summarize_karyotype=lambda s: _summary(s))
    assert (result.who.code, result.icc.code) == ("MDS-5q", "MDS-del(5q)")


def test_parser_unavailable_or_failing_leaves_the_karyotype_unknown() -> None:
    """Missing is not normal: an unreadable karyotype is unknown and flagged."""

    def broken(text: str) -> KaryotypeSummary:
        raise ValueError("unbalanced brackets")

    result = classify(_with_karyotype("46,XY,del(5)(q13q33[20]"), summarize_karyotype=broken)
    assert "KARYOTYPE_NOT_READ" in {f.code for f in result.icc.flags}
    assert result.icc.code is None
    assert any(m.field.startswith("cytogenetics.") for m in result.icc.missing)


def test_explicit_field_conflicting_with_the_karyotype_becomes_unknown() -> None:
    """Two reports disagreeing is not the engine's call: the value becomes unknown."""
    findings = _with_karyotype("46,XY,del(5)(q13q33)[20]", del5q=False)
    result = classify(findings, summarize_karyotype=lambda s: _summary(s))
    assert "CYTOGENETICS_CONFLICT" in {f.code for f in result.icc.flags}
    assert result.icc.code is None


@pytest.mark.parametrize(("counts", "expected"), [((2, 3), None), ((1, 2), "MDS-5q")])
def test_ambiguous_abnormality_count_is_not_guessed(
    counts: tuple[int, int], expected: str | None
) -> None:
    """MDS_BRIEF §3.3 rule 5: when counting conventions disagree across the "del(5q) with at
    most one other" limit the category stays open; when both readings agree it is decided."""
    summary = _summary(
        "x",
        n_abnormalities=counts[0],
        n_abnormalities_alternative=counts[1],
        abnormalities=("del(5q)", "der(1;7)(q10;p10)"),
    )
    result = classify(_with_karyotype("x"), summarize_karyotype=lambda s: summary)
    assert result.who.code == expected


@pytest.mark.parametrize(
    ("text", "dysplasia", "expected"),
    [
        ("46,XY,del(5)(q13q33)[20]", True, ("MDS-5q", "MDS-del(5q)")),
        ("45,XX,-7[15]/46,XX[5]", False, ("REVIEW-CYTOGENETICS-WITHOUT-DYSPLASIA", "MDS-NOS-noD")),
        ("46,XX,inv(3)(q21.3q26.2)[20]", True, ("AML", "REVIEW-RECURRENT-GENETICS-BELOW-10")),
        ("46,XY,t(8;21)(q22;q22.1)[20]", True, ("AML", "REVIEW-RECURRENT-GENETICS-BELOW-10")),
        ("44,XY,del(5)(q13q33),-7,-17,+mar[18]/46,XY[2]", True, ("MDS-LB", "MDS-NOS-SLD")),
    ],
)
def test_bundled_parser_end_to_end(text: str, dysplasia: bool, expected: tuple[str, str]) -> None:
    """MDS_BRIEF §3.2 examples through the project's ISCN parser (skipped while absent): sole
    del(5q); -7 without dysplasia (ICC MDS, NOS without dysplasia); inv(3) and t(8;21) are
    AML-defining at any blast count in WHO 2022, below ICC's 10 %; a complex karyotype with
    17p loss but no TP53 mutation."""
    pytest.importorskip("onconav.clinical.karyotype")
    data = case(
        cytogenetics={"karyotype": text, "normal": None},
        marrow={"dysplasia": {"erythroid": dysplasia}},
    )
    result = run(data)
    assert (result.who.code, result.icc.code) == expected
