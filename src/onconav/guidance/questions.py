"""Questions to ask, tailored to the person's own results."""

from __future__ import annotations

from onconav.guidance.options import isolated_del5q
from onconav.guidance.situation import RiskLevel, Situation
from onconav.guidance.workup import missing_tests
from onconav.records.censored import printed_value
from onconav.records.model import FactKind

# IPSS-M infers TP53 loss of heterozygosity above this VAF (Bernard 2022); WHO 2022 calls
# a single TP53 mutation above 49 % presumptively biallelic. Questions mention both.
TP53_VAF_QUESTION = 0.49


def tailored_questions(situation: Situation) -> list[str]:
    questions: list[str] = []
    profile = situation.profile
    inputs = profile.risk.inputs
    vaf = inputs.get("tp53_max_vaf")
    if vaf is not None and isinstance(vaf.value, float) and vaf.value > TP53_VAF_QUESTION:
        questions.append(
            f"My TP53 VAF is {vaf.value:.0%}: does that count as multi-hit (biallelic) TP53, "
            "and how does that change my options?"
        )
    if situation.risk_level is RiskLevel.NOT_SETTLED:
        questions.append(
            f"My risk is not settled ({situation.risk_basis}). Which test would settle it?"
        )
    elif situation.risk_level is RiskLevel.BORDERLINE:
        questions.append(
            f"My score sits in the middle ({situation.risk_basis}). Do you treat me as lower "
            "or higher risk, and why?"
        )
    elif situation.risk_level is RiskLevel.HIGHER:
        questions.append("Should I be evaluated for a stem cell transplant now?")
    elif situation.risk_level is RiskLevel.LOWER:
        questions.append("What is the goal of treatment for me now, and when would it change?")
    if situation.risk_level is RiskLevel.LOWER and isolated_del5q(situation):
        questions.append("My karyotype shows del(5q). Is lenalidomide an option for me?")
    epo = profile.latest.get("epo")
    if epo is not None and isinstance(epo.value, int | float):
        questions.append(
            f"With a serum EPO of {printed_value(epo)} mU/mL, how likely is an ESA to help me?"
        )
    if any(f.kind is FactKind.TRANSFUSION for f in profile.facts):
        questions.append(
            "Am I transfusion dependent by the usual definition, and does that change my options?"
        )
    if not profile.risk.validated_setting:
        questions.append(
            "Some values behind my risk score are from after treatment started or far from my "
            "marrow test. Is my score still meaningful?"
        )
    for conflict in profile.conflicts[:2]:
        questions.append(f"My records disagree about {conflict.name}. Which value is right?")
    for test in missing_tests(situation)[:3]:
        questions.append(test.how_to_ask.removeprefix("Ask: ").strip('"'))
    return questions
