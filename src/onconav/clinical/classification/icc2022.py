"""ICC 2022 myelodysplastic syndromes, in the precedence of MDS_BRIEF §1.5.

Each condition's docstring names its source and verification status (V/M/U, see
``sources``). Blast limits are half-open (EB marrow [5, 10), MDS/AML [10, 20)).
"""

from __future__ import annotations

from onconav.clinical.classification import thresholds as t
from onconav.clinical.classification.case_facts import NEED_CLONALITY, CaseFacts, karyotype_need
from onconav.clinical.classification.edge_flags import decided_category_flags, shared_flags
from onconav.clinical.classification.engine import Decision, Rule, Subtype, SystemSpec
from onconav.clinical.classification.findings import AmlGeneticFinding as G
from onconav.clinical.classification.result import CategoryKind as K
from onconav.clinical.classification.result import Flag, System
from onconav.clinical.classification.sources import (
    DOMAIN_BRIEF,
    ICC2022,
    ICC2022_AML_TABLE,
    ICC2022_CMML_TABLE,
    ICC2022_MDS,
    WHO_ICC_COMPARISON,
    Verification,
)
from onconav.clinical.classification.tp53 import (
    icc_multi_hit_tp53,
    icc_tp53_with_complex_karyotype,
    tp53_copy_loss,
    tp53_mutations_at_least,
    tp53_vaf_at_least,
)
from onconav.clinical.classification.tristate import Expr, all_of, always, any_of, negate

V, M, U = Verification.VERIFIED, Verification.UNVERIFIED, Verification.UNCERTAIN

# AML with recurrent genetic abnormalities from 10 % blasts (V: ICC2022_AML_TABLE). APL is
# listed at ≥ 10 % there, not "any count" as MDS_BRIEF says. BCR::ABL1 needs 20 % and is
# therefore left to the blast rule. RBM15::MRTFA and NUP98 fall under "other rare recurring
# translocations" (ICC supplemental table; M).
ICC_AML_FROM_10_PERCENT: frozenset[G] = frozenset(
    {
        G.PML_RARA,
        G.OTHER_RARA_REARRANGEMENT,
        G.RUNX1_RUNX1T1,
        G.CBFB_MYH11,
        G.DEK_NUP214,
        G.KMT2A_REARRANGEMENT,
        G.MECOM_REARRANGEMENT,
        G.OTHER_RARE_RECURRING_TRANSLOCATION,
        G.RBM15_MRTFA,
        G.NUP98_REARRANGEMENT,
        G.NPM1_MUTATION,
        G.CEBPA_BZIP_IN_FRAME,
    }
)

# Myelodysplasia-related gene mutations (V: ICC2022_AML_TABLE; AML_CLASSIFICATION_REVIEW).
ICC_MR_GENES: tuple[str, ...] = (
    "ASXL1",
    "BCOR",
    "EZH2",
    "RUNX1",
    "SF3B1",
    "SRSF2",
    "STAG2",
    "U2AF1",
    "ZRSR2",
)


def _blasts_10_percent_or_more(f: CaseFacts) -> Expr:
    """Marrow or blood blasts ≥ 10 %: the lower limit of ICC MDS/AML (ICC2022_AML_TABLE)."""
    return any_of(
        f.marrow_blasts_at_least(t.MARROW_BLASTS_HIGH),
        f.blood_blasts_at_least(t.ICC_BLOOD_BLASTS_MDS_AML),
    )


def _below_10_percent_blasts(f: CaseFacts) -> Expr:
    return negate(_blasts_10_percent_or_more(f))


def recurrent_genetics_aml(f: CaseFacts) -> Expr:
    """AML with recurrent genetic abnormality: the abnormality with ≥ 10 % blasts.

    Source: ICC2022_AML_TABLE. Verification: V
    """
    return all_of(
        f.aml_genetics(ICC_AML_FROM_10_PERCENT, system="ICC"),
        f.blasts_at_least(t.ICC_RECURRENT_GENETICS_AML_BLASTS),
    )


def recurrent_genetics_below_10(f: CaseFacts) -> Expr:
    """An AML-type recurrent abnormality with < 10 % blasts: not AML by ICC; left to review.

    What ICC calls these cases could not be verified here.
    Source: ICC2022_AML_TABLE (the 10 % threshold). Verification: U
    """
    return all_of(
        f.aml_genetics(ICC_AML_FROM_10_PERCENT, system="ICC"), _below_10_percent_blasts(f)
    )


def aml_with_mutated_tp53(f: CaseFacts) -> Expr:
    """AML with mutated TP53: any TP53 mutation at VAF ≥ 10 % with ≥ 20 % blasts.

    Source: ICC2022_AML_TABLE; AML_CLASSIFICATION_REVIEW. Verification: V
    """
    return all_of(tp53_vaf_at_least(f, t.ICC_TP53_MIN_VAF), f.blasts_at_least(t.AML_BLASTS))


def aml_by_blasts(f: CaseFacts) -> Expr:
    """AML: 20 % blasts or more (MR-gene, MR-cytogenetic or NOS subtypes not resolved here).

    Source: ICC2022_AML_TABLE. Verification: V
    """
    return f.blasts_at_least(t.AML_BLASTS)


def consider_cmml(f: CaseFacts) -> Expr:
    """Monocytes ≥ 0.5 ×10⁹/L and ≥ 10 % of white cells: consider CMML.

    Source: ICC2022_CMML_TABLE. Verification: V
    """
    return f.monocytosis()


def consider_sf3b1_thrombocytosis(f: CaseFacts) -> Expr:
    """SF3B1 mutation with platelets ≥ 450 ×10⁹/L: consider MDS/MPN with thrombocytosis
    and SF3B1 mutation.

    Source: MDS_BRIEF §8 (ICC keeps the entity; the 450 threshold is V for WHO 2016).
    Verification: M
    """
    return all_of(f.gene_mutated("SF3B1"), f.thrombocytosis())


def no_cytopenia(f: CaseFacts) -> Expr:
    """Counts known and none low: no MDS category applies.

    Source: CAP_MDS_REVIEW. Verification: V
    """
    return f.counts_show_no_cytopenia()


def mds_aml_with_mutated_tp53(f: CaseFacts) -> Expr:
    """MDS/AML with mutated TP53: any TP53 mutation at VAF ≥ 10 %, 10-19 % blasts.

    Source: WHO_ICC_COMPARISON (monoallelic enough at 10-19 %); ICC2022_AML_TABLE.
    Verification: V
    """
    return all_of(tp53_vaf_at_least(f, t.ICC_TP53_MIN_VAF), _blasts_10_percent_or_more(f))


def mds_with_mutated_tp53(f: CaseFacts) -> Expr:
    """MDS with mutated TP53: < 10 % blasts with multi-hit TP53, or a TP53 mutation at
    VAF ≥ 10 % with a complex karyotype.

    Source: WHO_ICC_COMPARISON; ICC2022_MDS. Verification: V (multi-hit sub-routes: see
    ``tp53.icc_multi_hit_tp53``)
    """
    return all_of(
        _below_10_percent_blasts(f),
        any_of(icc_multi_hit_tp53(f), icc_tp53_with_complex_karyotype(f)),
    )


def mds_aml(f: CaseFacts) -> Expr:
    """MDS/AML: 10-19 % blasts in marrow or blood.

    Source: ICC2022_AML_TABLE (MDS/AML 10-19 %). Verification: V
    """
    return _blasts_10_percent_or_more(f)


def excess_blasts(f: CaseFacts) -> Expr:
    """MDS-EB: marrow 5-9 %, blood 2-9 %, or Auer rods with < 10 % blasts.

    Source: WHO_ICC_COMPARISON (Auer rods and blood 5-9 % are EB in ICC). Verification: V
    """
    return any_of(
        f.marrow_blasts_at_least(t.MARROW_BLASTS_INCREASED),
        f.blood_blasts_at_least(t.BLOOD_BLASTS_INCREASED),
        f.auer_rods(),
    )


def del5q(f: CaseFacts) -> Expr:
    """MDS with del(5q): low blasts, del(5q) alone or with one other abnormality that is not
    -7/del(7q); no dysplasia requirement.

    Source: WHO_ICC_COMPARISON ("as WHO" apart from dysplasia); ICC2022_MDS.
    Verification: V
    """
    return all_of(
        f.low_blasts(),
        f.karyotype_shows("del5q", "del(5q)"),
        f.abnormality_count_at_most(2),
        negate(f.monosomy7_or_del7q()),
    )


def mutated_sf3b1(f: CaseFacts) -> Expr:
    """MDS with mutated SF3B1: low blasts, SF3B1 VAF ≥ 10 %, no RUNX1 mutation, no
    -7/del(7q), abnormal 3q26.2 or complex karyotype (isolated del(5q) and multi-hit TP53
    rank higher). Ring sideroblasts do not replace the mutation.

    Source: SF3B1_WHO_ICC_LETTER; WHO_ICC_COMPARISON (3q26.2 and RUNX1 exclusions).
    Verification: V (del(7q) as an exclusion is M)
    """
    return all_of(
        f.low_blasts(),
        f.gene_vaf_at_least("SF3B1", t.ICC_SF3B1_MIN_VAF),
        negate(f.gene_mutated("RUNX1")),
        negate(f.monosomy7_or_del7q()),
        negate(f.karyotype_shows("abnormal_3q26_2", "a 3q26.2 (MECOM) abnormality")),
        negate(f.karyotype_shows("complex", "a complex karyotype")),
    )


def nos_without_dysplasia(f: CaseFacts) -> Expr:
    """MDS, NOS without dysplasia: low blasts, -7/del(7q) or complex karyotype, no dysplasia.

    Source: DOMAIN_BRIEF §1.3 (ICC table not re-checked). Verification: M
    """
    return all_of(
        f.low_blasts(),
        any_of(f.monosomy7_or_del7q(), f.karyotype_shows("complex", "a complex karyotype")),
        f.dysplastic_lineages(at_least=0, at_most=0),
    )


def nos_multilineage(f: CaseFacts) -> Expr:
    """MDS, NOS with multilineage dysplasia (2-3 lineages).

    Source: WHO_ICC_COMPARISON (ICC splits low-blast MDS by 1 vs 2-3 dysplastic lineages).
    Verification: V
    """
    return all_of(f.low_blasts(), f.dysplastic_lineages(at_least=2))


def nos_single_lineage(f: CaseFacts) -> Expr:
    """MDS, NOS with single lineage dysplasia. Ranked after multilineage, so "at least one
    lineage" here means exactly one: with lineages unassessed both stay possible.

    Source: WHO_ICC_COMPARISON. Verification: V
    """
    return all_of(f.low_blasts(), f.dysplastic_lineages(at_least=1))


def clonal_cytopenia(f: CaseFacts) -> Expr:
    """CCUS: a clone (VAF ≥ 2 % or clonal karyotype) with cytopenia, short of MDS.

    Source: CAP_MDS_REVIEW (CCUS shared by WHO 2022 and ICC). Verification: V
    """
    return f.clonal()


def idiopathic_cytopenia(f: CaseFacts) -> Expr:
    """ICUS (working term). Reached only after everything above is ruled out.

    Source: VALENT2017. Verification: V (as a working term, not an ICC category)
    """
    return any_of(negate(f.clonal()), always(""))


RULES: tuple[Rule, ...] = (
    Rule(
        "ICC-R1",
        "AML",
        "AML with recurrent genetic abnormality (10 % blasts or more)",
        K.AML,
        recurrent_genetics_aml,
        ICC2022_AML_TABLE,
        V,
    ),
    Rule(
        "ICC-R1b",
        "REVIEW-RECURRENT-GENETICS-BELOW-10",
        "Not decided by the engine: AML-type genetic abnormality with fewer than 10 % blasts",
        K.REVIEW,
        recurrent_genetics_below_10,
        ICC2022_AML_TABLE,
        U,
    ),
    Rule(
        "ICC-R2a",
        "AML",
        "AML with mutated TP53",
        K.AML,
        aml_with_mutated_tp53,
        ICC2022_AML_TABLE,
        V,
    ),
    Rule(
        "ICC-R2b",
        "AML",
        "Acute myeloid leukaemia (20 % blasts or more)",
        K.AML,
        aml_by_blasts,
        ICC2022_AML_TABLE,
        V,
    ),
    Rule(
        "ICC-R3a",
        "CONSIDER-CMML",
        "Chronic myelomonocytic leukaemia to be considered",
        K.MDS_MPN,
        consider_cmml,
        ICC2022_CMML_TABLE,
        V,
    ),
    Rule(
        "ICC-R3b",
        "CONSIDER-MDS/MPN-T-SF3B1",
        "MDS/MPN with thrombocytosis and SF3B1 mutation to be considered",
        K.MDS_MPN,
        consider_sf3b1_thrombocytosis,
        DOMAIN_BRIEF,
        M,
    ),
    Rule(
        "ICC-G1",
        "NO-CYTOPENIA",
        "MDS criteria not met: the counts show no cytopenia",
        K.NO_CRITERIA_MET,
        no_cytopenia,
        ICC2022,
        V,
    ),
    Rule(
        "ICC-R4a",
        "MDS/AML-TP53",
        "MDS/AML with mutated TP53",
        K.MDS_AML,
        mds_aml_with_mutated_tp53,
        ICC2022_AML_TABLE,
        V,
    ),
    Rule(
        "ICC-R4b", "MDS-TP53", "MDS with mutated TP53", K.MDS, mds_with_mutated_tp53, ICC2022_MDS, V
    ),
    Rule("ICC-R5", "MDS/AML", "MDS/AML", K.MDS_AML, mds_aml, ICC2022_AML_TABLE, V),
    Rule("ICC-R6", "MDS-EB", "MDS with excess blasts", K.MDS, excess_blasts, WHO_ICC_COMPARISON, V),
    Rule("ICC-R7a", "MDS-del(5q)", "MDS with del(5q)", K.MDS, del5q, ICC2022_MDS, V),
    Rule("ICC-R7b", "MDS-SF3B1", "MDS with mutated SF3B1", K.MDS, mutated_sf3b1, ICC2022_MDS, V),
    Rule(
        "ICC-R7c",
        "MDS-NOS-noD",
        "MDS, NOS without dysplasia",
        K.MDS,
        nos_without_dysplasia,
        DOMAIN_BRIEF,
        M,
    ),
    Rule(
        "ICC-R7d",
        "MDS-NOS-MLD",
        "MDS, NOS with multilineage dysplasia",
        K.MDS,
        nos_multilineage,
        WHO_ICC_COMPARISON,
        V,
    ),
    Rule(
        "ICC-R7e",
        "MDS-NOS-SLD",
        "MDS, NOS with single lineage dysplasia",
        K.MDS,
        nos_single_lineage,
        WHO_ICC_COMPARISON,
        V,
    ),
    Rule(
        "ICC-R8a",
        "CCUS",
        "Clonal cytopenia of undetermined significance",
        K.PRECURSOR,
        clonal_cytopenia,
        ICC2022,
        V,
    ),
    Rule(
        "ICC-R8b",
        "ICUS",
        "Idiopathic cytopenia of undetermined significance (working term)",
        K.PRECURSOR,
        idiopathic_cytopenia,
        ICC2022,
        V,
    ),
)


def mds_aml_subtype(f: CaseFacts, rule: Rule) -> Subtype:
    """MDS/AML subtype: MR gene mutations, then MR cytogenetics, else NOS.

    Source: ICC2022_AML_TABLE (gene list and cytogenetic list V; the order is MDS_BRIEF, M).
    """
    if rule.code != "MDS/AML":
        return Subtype(None)
    genes = f.any_gene_mutated(ICC_MR_GENES)
    cytogenetics = f.myelodysplasia_related_cytogenetics()
    if genes is True:
        return Subtype("with myelodysplasia-related gene mutations")
    if genes is False and cytogenetics is True:
        return Subtype("with myelodysplasia-related cytogenetic abnormalities")
    if genes is False and cytogenetics is False:
        return Subtype("not otherwise specified")
    needs = []
    if genes is None:
        needs.append(NEED_CLONALITY)
    if cytogenetics is None:
        needs.append(karyotype_need("karyotype"))
    return Subtype(None, tuple(needs))


def icc_flags(f: CaseFacts, decision: Decision) -> tuple[Flag, ...]:
    code = decision.code
    flags = list(shared_flags(f))
    if decision.possible_rule("ICC-R1") or decision.possible_rule("ICC-R1b"):
        flags.append(
            Flag(
                code="AML_BOUNDARY",
                message="An AML-type genetic abnormality makes this AML under ICC from 10 % "
                "blasts (WHO: at any count); below 10 % ICC's category needs a "
                "haematopathologist's review.",
                source=str(ICC2022_AML_TABLE),
            )
        )
    tp53_rules = ("ICC-R2a", "ICC-R4a", "ICC-R4b")
    if any(decision.possible_rule(rule_id) for rule_id in tp53_rules):
        flags.append(
            Flag(
                code="TP53_ICC",
                message="ICC counts TP53 mutations from 10 % VAF, accepts a single mutation "
                "with 10-19 % blasts, and lets a complex karyotype stand in for the second hit.",
                source=str(WHO_ICC_COMPARISON),
            )
        )
    if code == "MDS-TP53" and _decided_by_unverified_multi_hit_route(f):
        flags.append(
            Flag(
                code="TP53_MULTI_HIT_ROUTE_NOT_VERIFIED",
                message="Multi-hit TP53 rests here on VAF ≥ 50 % or copy-neutral LOH; these "
                "parts of the ICC definition come from the project brief and were not "
                "re-checked against the ICC paper.",
                source=str(DOMAIN_BRIEF),
            )
        )
    if code == "REVIEW-RECURRENT-GENETICS-BELOW-10":
        flags.append(
            Flag(
                code="ICC_RECURRENT_GENETICS_BELOW_10",
                message="ICC needs 10 % blasts for AML with this abnormality; what ICC calls "
                "the case below 10 % could not be verified here, so the engine does not "
                "assign an MDS category.",
                source=str(ICC2022_AML_TABLE),
            )
        )
    unverified_classes = {G.RBM15_MRTFA, G.NUP98_REARRANGEMENT} & set(f.aml_genetics_present())
    if unverified_classes and decision.possible_rule("ICC-R1"):
        flags.append(
            Flag(
                code="ICC_RARE_TRANSLOCATION_NOT_VERIFIED",
                message=f"{', '.join(sorted(unverified_classes))} is counted among ICC's 'other "
                "rare recurring translocations' (10 % blasts); that list was not re-checked.",
                source=str(DOMAIN_BRIEF),
            )
        )
    sf3b1_high = f.molecular.gene("SF3B1").vaf_at_least(t.ICC_SF3B1_MIN_VAF) is True
    if sf3b1_high and f.cytogenetics.del7q is True and f.cytogenetics.monosomy7 is not True:
        flags.append(
            Flag(
                code="ICC_SF3B1_DEL7Q_NOT_VERIFIED",
                message="del(7q) is treated as excluding ICC 'MDS with mutated SF3B1' (as -7 "
                "does); that part of the rule was not re-checked against the ICC paper.",
                source=str(DOMAIN_BRIEF),
            )
        )
    flags += decided_category_flags(f, code)
    return tuple(flags)


def _decided_by_unverified_multi_hit_route(f: CaseFacts) -> bool:
    verified_routes = any_of(
        tp53_mutations_at_least(f, 2),
        all_of(tp53_vaf_at_least(f, t.ICC_TP53_MIN_VAF), tp53_copy_loss(f)),
        icc_tp53_with_complex_karyotype(f),
    )
    return verified_routes.evaluate().value is not True


def icc_qualifiers(f: CaseFacts) -> tuple[str, ...]:
    """ICC qualifiers: therapy-related (V: AML_CLASSIFICATION_REVIEW) and germline
    predisposition (M: MDS_BRIEF §1.2)."""
    qualifiers = []
    if f.findings.prior_cytotoxic_therapy:
        qualifiers.append("therapy-related")
    if f.findings.germline_predisposition:
        qualifiers.append("with germline predisposition")
    return tuple(qualifiers)


ICC2022_SPEC = SystemSpec(
    system=System.ICC,
    version="International Consensus Classification of Myeloid Neoplasms (2022)",
    rules=RULES,
    flags=icc_flags,
    qualifiers=icc_qualifiers,
    subtype=mds_aml_subtype,
)
