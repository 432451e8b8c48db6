"""WHO 2022 and ICC 2022 side by side: how the names map, and where the two part ways.

The divergence flags are the comparison points the sources name (JHO 2024 Table 3 and the
MDS_BRIEF §1.5 edge-case list); each is raised only when the deciding findings are known.
"""

from __future__ import annotations

from onconav.clinical.classification import thresholds as t
from onconav.clinical.classification.case_facts import CaseFacts
from onconav.clinical.classification.result import Classification, Flag, SideBySide, Status
from onconav.clinical.classification.sources import (
    AML_CLASSIFICATION_REVIEW,
    SF3B1_WHO_ICC_LETTER,
    WHO_ICC_COMPARISON,
)

NOTICE = (
    "These are candidate categories computed from the findings entered, for discussion with "
    "your care team. They are information, not a diagnosis and not medical advice: only the "
    "pathologist's report, read with your haematologist, decides."
)

# What a WHO 2022 category usually is called under ICC 2022 (MDS_BRIEF §1.4; the blast
# exceptions are V in JHO 2024 Table 3), with the WHO 2016 name older reports may use.
_CROSSWALK: dict[str, str] = {
    "MDS-5q": "WHO MDS-5q corresponds to ICC 'MDS with del(5q)' (WHO 2016: MDS with isolated "
    "del(5q)).",
    "MDS-SF3B1": "WHO MDS-SF3B1 (VAF ≥ 5 % or ≥ 15 % ring sideroblasts) is ICC 'MDS with "
    "mutated SF3B1' only with VAF ≥ 10 % and no RUNX1 or 3q26.2 change; otherwise ICC uses an "
    "MDS, NOS category (WHO 2016: MDS-RS).",
    "MDS-biTP53": "WHO MDS-biTP53 is ICC 'MDS with mutated TP53' below 10 % blasts and "
    "'MDS/AML with mutated TP53' at 10-19 %.",
    "MDS-LB": "WHO MDS-LB corresponds to ICC 'MDS, NOS' with single- or multilineage "
    "dysplasia (WHO 2016: MDS-SLD / MDS-MLD).",
    "MDS-h": "WHO hypoplastic MDS has no ICC counterpart; ICC uses an 'MDS, NOS' category.",
    "MDS-IB1": "WHO MDS-IB1 is usually ICC 'MDS with excess blasts' (WHO 2016: MDS-EB-1).",
    "MDS-IB2": "WHO MDS-IB2 is ICC 'MDS/AML' when blasts are 10-19 %, but ICC 'MDS with "
    "excess blasts' when only blood blasts of 5-9 % or Auer rods put it there "
    "(WHO 2016: MDS-EB-2).",
    "MDS-f": "WHO MDS with fibrosis is not a separate ICC category: ICC uses 'MDS with excess "
    "blasts' or 'MDS/AML' by blast count.",
    "CCUS": "Both systems use CCUS for a clone with low counts that falls short of MDS.",
}


def side_by_side(who: Classification, icc: Classification, f: CaseFacts) -> SideBySide:
    return SideBySide(
        who=who,
        icc=icc,
        crosswalk=_crosswalk_note(who, icc),
        divergences=divergences(f),
        notice=NOTICE,
    )


def _crosswalk_note(who: Classification, icc: Classification) -> str:
    if who.status is not Status.ASSIGNED or icc.status is not Status.ASSIGNED:
        return (
            "At least one system cannot name a category yet; the missing tests listed would "
            "decide it."
        )
    mapped = _CROSSWALK.get(who.code or "", "")
    same = f"WHO '{who.category}' and ICC '{icc.category}'."
    return f"{same} {mapped}".strip()


def divergences(f: CaseFacts) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    marrow_blasts = f.marrow.blasts_percent
    blood_blasts = f.blood.blasts_percent
    below_10 = _known_below(marrow_blasts, t.MARROW_BLASTS_HIGH) and _known_below(
        blood_blasts, t.ICC_BLOOD_BLASTS_MDS_AML
    )
    if (
        blood_blasts is not None
        and t.WHO_BLOOD_BLASTS_IB2 <= blood_blasts < t.ICC_BLOOD_BLASTS_MDS_AML
        and _known_below(marrow_blasts, t.MARROW_BLASTS_HIGH)
    ):
        flags.append(
            _flag(
                "BLOOD_BLASTS_5_TO_9",
                "Blood blasts of 5-9 % with marrow blasts below 10 %: "
                "WHO calls this MDS-IB2, ICC 'MDS with excess blasts'.",
            )
        )
    if f.marrow.auer_rods is True and below_10:
        flags.append(
            _flag(
                "AUER_RODS",
                "Auer rods with fewer than 10 % blasts: WHO calls this MDS-IB2, "
                "ICC 'MDS with excess blasts'.",
            )
        )
    if _any_known_at_least((marrow_blasts, blood_blasts), t.MARROW_BLASTS_HIGH) and not (
        _any_known_at_least((marrow_blasts, blood_blasts), t.AML_BLASTS)
    ):
        flags.append(
            _flag(
                "BLASTS_10_TO_19",
                "10-19 % blasts: WHO keeps this within MDS (IB2 or MDS-f), ICC names it MDS/AML.",
            )
        )
    sf3b1 = f.molecular.gene("SF3B1")
    if (
        sf3b1.vaf_at_least(t.WHO_SF3B1_MIN_VAF) is True
        and sf3b1.vaf_at_least(t.ICC_SF3B1_MIN_VAF) is False
    ):
        flags.append(
            _flag(
                "SF3B1_VAF_5_TO_10",
                "SF3B1 VAF between 5 % and 10 %: enough for WHO MDS-SF3B1, below ICC's 10 %.",
                SF3B1_WHO_ICC_LETTER,
            )
        )
    if sf3b1.mutated is True and f.molecular.gene("RUNX1").mutated is True:
        flags.append(
            _flag(
                "SF3B1_WITH_RUNX1",
                "SF3B1 with a RUNX1 mutation: WHO can still call it "
                "MDS-SF3B1, ICC excludes it from 'MDS with mutated SF3B1'.",
            )
        )
    if (
        f.marrow.ring_sideroblasts_percent is not None
        and f.marrow.ring_sideroblasts_percent >= t.WHO_RING_SIDEROBLASTS_MIN_PERCENT
        and sf3b1.vaf_at_least(t.WHO_SF3B1_MIN_VAF) is not True
    ):
        flags.append(
            _flag(
                "RING_SIDEROBLASTS_WITHOUT_SF3B1",
                "Ring sideroblasts of 15 % or more without "
                "a known SF3B1 mutation: WHO accepts them in place of the mutation, ICC does "
                "not.",
            )
        )
    if (
        f.marrow.fibrosis_grade is not None
        and f.marrow.fibrosis_grade >= t.WHO_FIBROSIS_MIN_GRADE
        and _any_known_at_least((marrow_blasts,), t.MARROW_BLASTS_INCREASED)
    ):
        flags.append(
            _flag(
                "FIBROSIS",
                "Marked fibrosis with increased blasts: WHO names MDS with "
                "fibrosis, ICC has no such category.",
            )
        )
    cellularity = f.marrow.cellularity_percent
    if cellularity is not None and cellularity <= t.WHO_HYPOPLASTIC_MAX_CELLULARITY_PERCENT:
        flags.append(
            _flag(
                "HYPOCELLULAR",
                "A marrow of 25 % cellularity or less: WHO has hypoplastic MDS, ICC does not.",
            )
        )
    if f.cytogenetics.del5q is True and f.dysplastic_lineages(at_least=1).evaluate().value is False:
        flags.append(
            _flag(
                "DEL5Q_WITHOUT_DYSPLASIA",
                "del(5q) without dysplasia: ICC can call it MDS "
                "with del(5q); WHO asks for dysplasia.",
            )
        )
    tp53 = f.tp53
    if tp53.count_min >= 1 and tp53.any_vaf_above(t.ICC_TP53_MIN_VAF, inclusive=True) is False:
        flags.append(
            _flag(
                "TP53_BELOW_10",
                "TP53 mutation(s) below 10 % VAF: WHO sets no VAF minimum, "
                "ICC does not count them.",
            )
        )
    if tp53.exactly(1) is True and f.cytogenetics.complex is True:
        flags.append(
            _flag(
                "TP53_COMPLEX_KARYOTYPE",
                "One TP53 mutation with a complex karyotype: ICC "
                "accepts the karyotype as the second hit; WHO needs copy-number or LOH "
                "evidence.",
            )
        )
    if f.aml_genetics_present() and _any_below_aml((marrow_blasts, blood_blasts)):
        flags.append(
            _flag(
                "AML_GENETICS_LOW_BLASTS",
                "An AML-type genetic finding with fewer than 20 % "
                "blasts: WHO may call this AML at any blast count, ICC from 10 %.",
                AML_CLASSIFICATION_REVIEW,
            )
        )
    return tuple(flags)


def _flag(code: str, message: str, source: object = WHO_ICC_COMPARISON) -> Flag:
    return Flag(code=f"WHO_ICC_{code}", message=message, source=str(source))


def _known_below(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def _any_known_at_least(values: tuple[float | None, ...], limit: float) -> bool:
    return any(v is not None and v >= limit for v in values)


def _any_below_aml(values: tuple[float | None, ...]) -> bool:
    return any(v is not None and v < t.AML_BLASTS for v in values) and not any(
        v is not None and v >= t.AML_BLASTS for v in values
    )
