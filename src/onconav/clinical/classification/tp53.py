"""TP53 allelic status, once per system: WHO 2022 "biallelic" and ICC 2022 "multi-hit".

The two systems draw the line differently and neither uses IPSS-M's 0.55 VAF rule, so each
definition lives here under its own name with its own thresholds (``thresholds``).
"""

from __future__ import annotations

from onconav.clinical.classification import thresholds as t
from onconav.clinical.classification.case_facts import (
    NEED_TP53_CNLOH,
    NEED_TP53_COPY_LOSS,
    NEED_TP53_COUNT,
    NEED_TP53_VAF,
    CaseFacts,
    vaf_text,
)
from onconav.clinical.classification.tristate import Expr, Fact, all_of, any_of


def tp53_mutations_at_least(f: CaseFacts, n: int) -> Expr:
    count = f.tp53.count_exact if f.tp53.count_exact is not None else f.tp53.count_min
    return Fact(
        f.tp53.at_least(n),
        f"{count} TP53 mutation(s) (at least {n})",
        f"{count} TP53 mutation(s) (fewer than {n})",
        (NEED_TP53_COUNT,),
    )


def tp53_single_mutation(f: CaseFacts) -> Expr:
    return Fact(
        f.tp53.exactly(1),
        "one TP53 mutation",
        f"not a single TP53 mutation ({f.tp53.count_exact or f.tp53.count_min} found)",
        (NEED_TP53_COUNT,),
    )


def tp53_copy_loss(f: CaseFacts) -> Expr:
    return Fact(
        f.tp53.copy_number_loss,
        "TP53/17p copy loss shown",
        "no TP53/17p copy loss on a test able to show it",
        (NEED_TP53_COPY_LOSS,),
    )


def tp53_copy_neutral_loh(f: CaseFacts) -> Expr:
    return Fact(
        f.tp53.copy_neutral_loh,
        "copy-neutral LOH at 17p shown",
        "no copy-neutral LOH at 17p",
        (NEED_TP53_CNLOH,),
    )


def tp53_vaf_at_least(f: CaseFacts, threshold: float) -> Expr:
    return _vaf_fact(f, threshold, inclusive=True)


def tp53_vaf_above(f: CaseFacts, threshold: float) -> Expr:
    return _vaf_fact(f, threshold, inclusive=False)


def _vaf_fact(f: CaseFacts, threshold: float, *, inclusive: bool) -> Expr:
    relation = "at least" if inclusive else "above"
    highest = f.tp53.max_vaf if f.tp53.max_vaf is not None else max(f.tp53.vafs, default=None)
    shown = f" (highest {vaf_text(highest)})" if highest is not None else ""
    return Fact(
        f.tp53.any_vaf_above(threshold, inclusive=inclusive),
        f"TP53 VAF {relation} {vaf_text(threshold)}{shown}",
        f"no TP53 mutation with VAF {relation} {vaf_text(threshold)}{shown}",
        (NEED_TP53_VAF,),
    )


def who_biallelic_tp53(f: CaseFacts) -> Expr:
    """WHO 2022 biallelic TP53 inactivation.

    Two or more TP53 mutations, or one mutation with TP53 copy-number loss or copy-neutral
    LOH. No minimum VAF. A complex karyotype is not accepted as evidence.
    Source: WHO2022 Table 3 (MDS-biTP53); JHO 2024 Table 3 (no VAF minimum; complex
    karyotype is an ICC-only surrogate).
    Verification: V
    """
    return any_of(
        tp53_mutations_at_least(f, 2),
        all_of(
            tp53_mutations_at_least(f, 1),
            any_of(tp53_copy_loss(f), tp53_copy_neutral_loh(f)),
        ),
    )


def who_presumptive_biallelic_tp53(f: CaseFacts) -> Expr:
    """WHO 2022 presumptive biallelic TP53: one mutation with VAF above 49 %.

    Presumptive only, and only once a germline TP53 variant is excluded; always flagged.
    Source: TP53_WHO_ICC_COHORT (applying the WHO 5th edition definitions: single TP53
    mutation with VAF > 49 % classified as presumptive MDS-biTP53).
    Verification: V
    """
    return all_of(
        tp53_single_mutation(f),
        tp53_vaf_above(f, t.WHO_TP53_PRESUMPTIVE_BIALLELIC_VAF_ABOVE),
    )


def icc_multi_hit_tp53(f: CaseFacts) -> Expr:
    """ICC 2022 multi-hit TP53.

    Two or more distinct TP53 mutations each at VAF ≥ 10 %, or one mutation at VAF ≥ 10 %
    with 17p/TP53 deletion, with VAF ≥ 50 %, or with copy-neutral LOH at 17p.
    Source: ICC2022_MDS; JHO 2024 Table 3 (ICC's 10 % VAF minimum);
    TP53_WHO_ICC_COHORT (17p deletion on cytogenetics as a multi-hit equivalent).
    Verification: M — the 10 % minimum and the 17p-deletion route are V; the "each ≥ 10 %",
    "VAF ≥ 50 %" and "copy-neutral LOH" routes are from MDS_BRIEF §1.3 and are flagged when
    they decide a case.
    """
    return any_of(
        Fact(
            f.tp53.mutations_with_vaf_at_least(t.ICC_TP53_MIN_VAF, 2),
            f"two or more TP53 mutations at VAF {vaf_text(t.ICC_TP53_MIN_VAF)} or more",
            f"fewer than two TP53 mutations at VAF {vaf_text(t.ICC_TP53_MIN_VAF)} or more",
            (NEED_TP53_COUNT,),
        ),
        all_of(
            tp53_vaf_at_least(f, t.ICC_TP53_MIN_VAF),
            any_of(
                tp53_copy_loss(f),
                tp53_vaf_at_least(f, t.ICC_TP53_MULTIHIT_SINGLE_MUTATION_MIN_VAF),
                tp53_copy_neutral_loh(f),
            ),
        ),
    )


def icc_tp53_with_complex_karyotype(f: CaseFacts) -> Expr:
    """ICC 2022: a TP53 mutation at VAF ≥ 10 % with a complex karyotype stands in for multi-hit.

    Source: JHO 2024 Table 3 (complex karyotype qualifies when LOH status is unknown).
    Verification: V
    """
    return all_of(
        tp53_vaf_at_least(f, t.ICC_TP53_MIN_VAF),
        f.karyotype_shows("complex", "a complex karyotype"),
    )
