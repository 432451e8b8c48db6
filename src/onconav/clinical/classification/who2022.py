"""WHO 2022 (5th edition) myelodysplastic neoplasms, in the precedence of MDS_BRIEF §1.5.

Each condition's docstring names its source and verification status (V/M/U, see
``sources``). Blast limits are half-open (IB1 marrow [5, 10), IB2 [10, 20)).
"""

from __future__ import annotations

from onconav.clinical.classification import thresholds as t
from onconav.clinical.classification.case_facts import (
    NEED_TP53_CNLOH,
    NEED_TP53_COPY_LOSS,
    CaseFacts,
)
from onconav.clinical.classification.edge_flags import decided_category_flags, shared_flags
from onconav.clinical.classification.engine import Decision, Rule, Subtype, SystemSpec
from onconav.clinical.classification.findings import AmlGeneticFinding as G
from onconav.clinical.classification.result import CategoryKind as K
from onconav.clinical.classification.result import Flag, System
from onconav.clinical.classification.sources import (
    AML_CLASSIFICATION_REVIEW,
    DOMAIN_BRIEF,
    WHO2022,
    WHO2022_CMML_TABLE,
    WHO2022_MDS_TABLE,
    WHO_ICC_COMPARISON,
    Verification,
)
from onconav.clinical.classification.tp53 import (
    who_biallelic_tp53,
    who_presumptive_biallelic_tp53,
)
from onconav.clinical.classification.tristate import Expr, all_of, always, any_of, negate

V, M, U = Verification.VERIFIED, Verification.UNVERIFIED, Verification.UNCERTAIN

# AML with defining genetic abnormalities diagnosable at any blast count; BCR::ABL1 and
# CEBPA still need 20 % (V: AML_CLASSIFICATION_REVIEW; ASH-SAP table of WHO 2022 AML
# classes lists RBM15::MRTFA; NUP98 rearrangement is from MDS_BRIEF §1.2, M).
WHO_AML_ANY_BLAST_COUNT: frozenset[G] = frozenset(
    {
        G.PML_RARA,
        G.RUNX1_RUNX1T1,
        G.CBFB_MYH11,
        G.DEK_NUP214,
        G.RBM15_MRTFA,
        G.KMT2A_REARRANGEMENT,
        G.MECOM_REARRANGEMENT,
        G.NUP98_REARRANGEMENT,
        G.NPM1_MUTATION,
    }
)


def aml_defining_genetics(f: CaseFacts) -> Expr:
    """AML with defining genetic abnormality: WHO 2022 sets no blast threshold.

    Source: AML_CLASSIFICATION_REVIEW (blast cut-off removed except BCR::ABL1 and CEBPA);
    WHO2022. Verification: V (list), with NUP98 rearrangement from MDS_BRIEF (M).
    """
    return f.aml_genetics(WHO_AML_ANY_BLAST_COUNT, system="WHO")


def aml_by_blasts(f: CaseFacts) -> Expr:
    """AML: 20 % blasts or more in marrow or blood.

    Source: WHO2022_MDS_TABLE (MDS is < 20 % in both). Verification: V
    """
    return f.blasts_at_least(t.AML_BLASTS)


def consider_cmml(f: CaseFacts) -> Expr:
    """Monocytosis ≥ 0.5 ×10⁹/L and ≥ 10 % of white cells: consider CMML (an MDS/MPN).

    Source: WHO2022_CMML_TABLE (prerequisite criterion 1). Verification: V
    """
    return f.monocytosis()


def consider_sf3b1_thrombocytosis(f: CaseFacts) -> Expr:
    """SF3B1 mutation with platelets ≥ 450 ×10⁹/L: consider MDS/MPN-SF3B1-T.

    Source: MDS_BRIEF §1.5 R3 (the 450 threshold is V for WHO 2016 MDS/MPN-RS-T).
    Verification: M
    """
    return all_of(f.gene_mutated("SF3B1"), f.thrombocytosis())


def no_cytopenia(f: CaseFacts) -> Expr:
    """Counts known and none low: no MDS category applies (CHIP if a clone is found).

    Source: CAP_MDS_REVIEW (cytopenia thresholds shared by WHO 2022 and ICC).
    Verification: V
    """
    return f.counts_show_no_cytopenia()


def biallelic_tp53(f: CaseFacts) -> Expr:
    """MDS with biallelic TP53 inactivation (< 20 % blasts); overrides every other MDS type.

    Definite (see ``tp53.who_biallelic_tp53``) or presumptive (one mutation, VAF > 49 %).
    Source: WHO2022_MDS_TABLE; TP53_WHO_ICC_COHORT for the presumptive route.
    Verification: V
    """
    return any_of(who_biallelic_tp53(f), who_presumptive_biallelic_tp53(f))


def isolated_del5q(f: CaseFacts) -> Expr:
    """MDS-5q: low blasts, del(5q) alone or with one other abnormality that is not -7/del(7q).

    WHO (unlike ICC) also needs dysplasia in at least one lineage.
    Source: WHO2022_MDS_TABLE; WHO_ICC_COMPARISON (dysplasia requirement). Verification: V
    """
    return all_of(
        f.low_blasts(),
        f.karyotype_shows("del5q", "del(5q)"),
        f.abnormality_count_at_most(2),
        negate(f.monosomy7_or_del7q()),
        f.dysplastic_lineages(at_least=1),
    )


def sf3b1_or_ring_sideroblasts(f: CaseFacts) -> Expr:
    """MDS-SF3B1: low blasts, SF3B1 VAF ≥ 5 % (or ≥ 15 % ring sideroblasts), no del(5q),
    no monosomy 7, no complex karyotype.

    Source: WHO2022_MDS_TABLE (footnote a: ring sideroblasts may substitute; "MDS with low
    blasts and ring sideroblasts" is acceptable); SF3B1_WHO_ICC_LETTER (VAF ≥ 5 %).
    Verification: V
    """
    return all_of(
        f.low_blasts(),
        negate(f.karyotype_shows("del5q", "del(5q)")),
        negate(f.karyotype_shows("monosomy7", "monosomy 7")),
        negate(f.karyotype_shows("complex", "a complex karyotype")),
        any_of(
            f.gene_vaf_at_least("SF3B1", t.WHO_SF3B1_MIN_VAF),
            f.ring_sideroblasts_at_least(t.WHO_RING_SIDEROBLASTS_MIN_PERCENT),
        ),
    )


def _sf3b1_name(f: CaseFacts) -> str:
    status = f.molecular.gene("SF3B1").vaf_at_least(t.WHO_SF3B1_MIN_VAF)
    if status is True:
        return "MDS with low blasts and SF3B1 mutation"
    if status is False:
        return "MDS with low blasts and ring sideroblasts"
    return "MDS with low blasts and ring sideroblasts (SF3B1 status not known)"


def _biallelic_name(f: CaseFacts) -> str:
    shown = who_biallelic_tp53(f).evaluate().value
    presumed = who_presumptive_biallelic_tp53(f).evaluate().value
    if shown is not True and presumed is True:
        return "MDS with biallelic TP53 inactivation (presumptive: one TP53 mutation, VAF > 49 %)"
    return "MDS with biallelic TP53 inactivation"


def with_fibrosis(f: CaseFacts) -> Expr:
    """MDS-f: marrow 5-19 % or blood 2-19 % blasts with reticulin fibrosis grade 2-3.

    Source: WHO2022_MDS_TABLE (blasts); WHO_ICC_COMPARISON (grade 2-3). Verification: V
    """
    return all_of(_increased_blasts(f), f.fibrosis_at_least(t.WHO_FIBROSIS_MIN_GRADE))


def increased_blasts_2(f: CaseFacts) -> Expr:
    """MDS-IB2: marrow 10-19 %, blood 5-19 %, or Auer rods.

    Source: WHO2022_MDS_TABLE. Verification: V
    """
    return any_of(
        f.marrow_blasts_at_least(t.MARROW_BLASTS_HIGH),
        f.blood_blasts_at_least(t.WHO_BLOOD_BLASTS_IB2),
        f.auer_rods(),
    )


def increased_blasts_1(f: CaseFacts) -> Expr:
    """MDS-IB1: marrow 5-9 % or blood 2-4 %.

    Source: WHO2022_MDS_TABLE. Verification: V
    """
    return _increased_blasts(f)


def _increased_blasts(f: CaseFacts) -> Expr:
    """Marrow blasts ≥ 5 % or blood blasts ≥ 2 %: the lower limits shared by MDS-f and MDS-IB1
    (WHO2022_MDS_TABLE); the upper limits come from the rules ranked above."""
    return any_of(
        f.marrow_blasts_at_least(t.MARROW_BLASTS_INCREASED),
        f.blood_blasts_at_least(t.BLOOD_BLASTS_INCREASED),
    )


def hypoplastic(f: CaseFacts) -> Expr:
    """MDS-h: marrow cellularity ≤ 25 % (age-adjusted), low blasts.

    Source: WHO2022_MDS_TABLE footnote b (cellularity). Verification: U — the table gives
    no blast range for MDS-h; low blasts follow secondary reproductions of the table and
    the age adjustment is the pathologist's; both are flagged.
    """
    return all_of(
        f.low_blasts(),
        f.cellularity_at_most(t.WHO_HYPOPLASTIC_MAX_CELLULARITY_PERCENT),
    )


def low_blasts(f: CaseFacts) -> Expr:
    """MDS-LB: marrow < 5 %, blood < 2 %, no Auer rods, dysplasia in ≥ 1 lineage.

    Source: WHO2022_MDS_TABLE (blasts); CAP_MDS_REVIEW (dysplasia ≥ 10 % separates MDS
    from CCUS). Verification: V
    """
    return all_of(f.low_blasts(), f.dysplastic_lineages(at_least=1))


def cytogenetics_without_dysplasia(f: CaseFacts) -> Expr:
    """Low blasts, -7/del(7q) or complex karyotype, no dysplasia: left to the pathologist.

    ICC calls this "MDS, NOS without dysplasia"; the WHO 2022 position could not be
    verified here, so the engine does not choose between MDS-LB and CCUS.
    Source: DOMAIN_BRIEF §1.3-1.5. Verification: U
    """
    return all_of(
        f.low_blasts(),
        any_of(f.monosomy7_or_del7q(), f.karyotype_shows("complex", "a complex karyotype")),
        f.dysplastic_lineages(at_least=0, at_most=0),
    )


def clonal_cytopenia(f: CaseFacts) -> Expr:
    """CCUS: a clone (VAF ≥ 2 % or clonal karyotype) with cytopenia, short of MDS.

    Source: CAP_MDS_REVIEW (CCUS definition shared by WHO 2022 and ICC). Verification: V
    """
    return f.clonal()


def idiopathic_cytopenia(f: CaseFacts) -> Expr:
    """ICUS (working term): cytopenia without clone or dysplasia. Reached only after every
    category above is ruled out, so it holds whenever it is reached.

    Source: VALENT2017. Verification: V (as a working term, not a WHO category)
    """
    return any_of(negate(f.clonal()), always(""))


RULES: tuple[Rule, ...] = (
    Rule(
        "WHO-R1",
        "AML",
        "AML with defining genetic abnormality (no blast threshold)",
        K.AML,
        aml_defining_genetics,
        AML_CLASSIFICATION_REVIEW,
        V,
    ),
    Rule(
        "WHO-R2",
        "AML",
        "Acute myeloid leukaemia (20 % blasts or more)",
        K.AML,
        aml_by_blasts,
        WHO2022_MDS_TABLE,
        V,
    ),
    Rule(
        "WHO-R3a",
        "CONSIDER-CMML",
        "Chronic myelomonocytic leukaemia to be considered (MDS/MPN)",
        K.MDS_MPN,
        consider_cmml,
        WHO2022_CMML_TABLE,
        V,
    ),
    Rule(
        "WHO-R3b",
        "CONSIDER-MDS/MPN-SF3B1-T",
        "MDS/MPN with SF3B1 mutation and thrombocytosis to be considered",
        K.MDS_MPN,
        consider_sf3b1_thrombocytosis,
        DOMAIN_BRIEF,
        M,
    ),
    Rule(
        "WHO-G1",
        "NO-CYTOPENIA",
        "MDS criteria not met: the counts show no cytopenia",
        K.NO_CRITERIA_MET,
        no_cytopenia,
        WHO2022,
        V,
    ),
    Rule(
        "WHO-R4",
        "MDS-biTP53",
        "MDS with biallelic TP53 inactivation",
        K.MDS,
        biallelic_tp53,
        WHO2022_MDS_TABLE,
        V,
        _biallelic_name,
    ),
    Rule(
        "WHO-R5",
        "MDS-5q",
        "MDS with low blasts and isolated 5q deletion",
        K.MDS,
        isolated_del5q,
        WHO2022_MDS_TABLE,
        V,
    ),
    Rule(
        "WHO-R6",
        "MDS-SF3B1",
        "MDS with low blasts and SF3B1 mutation",
        K.MDS,
        sf3b1_or_ring_sideroblasts,
        WHO2022_MDS_TABLE,
        V,
        _sf3b1_name,
    ),
    Rule("WHO-R7a", "MDS-f", "MDS with fibrosis", K.MDS, with_fibrosis, WHO2022_MDS_TABLE, V),
    Rule(
        "WHO-R7b",
        "MDS-IB2",
        "MDS with increased blasts 2",
        K.MDS,
        increased_blasts_2,
        WHO2022_MDS_TABLE,
        V,
    ),
    Rule(
        "WHO-R7c",
        "MDS-IB1",
        "MDS with increased blasts 1",
        K.MDS,
        increased_blasts_1,
        WHO2022_MDS_TABLE,
        V,
    ),
    Rule("WHO-R8a", "MDS-h", "MDS, hypoplastic", K.MDS, hypoplastic, WHO2022_MDS_TABLE, U),
    Rule("WHO-R8b", "MDS-LB", "MDS with low blasts", K.MDS, low_blasts, WHO2022_MDS_TABLE, V),
    Rule(
        "WHO-R8c",
        "REVIEW-CYTOGENETICS-WITHOUT-DYSPLASIA",
        "Not decided by the engine: MDS-defining karyotype without dysplasia (MDS-LB or CCUS)",
        K.REVIEW,
        cytogenetics_without_dysplasia,
        DOMAIN_BRIEF,
        U,
    ),
    Rule(
        "WHO-R9a",
        "CCUS",
        "Clonal cytopenia of undetermined significance",
        K.PRECURSOR,
        clonal_cytopenia,
        WHO2022,
        V,
    ),
    Rule(
        "WHO-R9b",
        "ICUS",
        "Idiopathic cytopenia of undetermined significance (working term)",
        K.PRECURSOR,
        idiopathic_cytopenia,
        WHO2022,
        V,
    ),
)


def who_flags(f: CaseFacts, decision: Decision) -> tuple[Flag, ...]:
    code = decision.code
    flags = list(shared_flags(f))
    if decision.possible_rule("WHO-R1"):
        flags.append(
            Flag(
                code="AML_BOUNDARY",
                message="WHO 2022 diagnoses AML with an AML-defining genetic abnormality "
                "(e.g. NPM1, KMT2A or MECOM rearrangement) at any blast count; ICC asks for "
                "10 %. This needs a haematologist's review.",
                source=str(AML_CLASSIFICATION_REVIEW),
            )
        )
    if code == "MDS-biTP53" and who_biallelic_tp53(f).evaluate().value is not True:
        flags.append(
            Flag(
                code="TP53_PRESUMPTIVE_BIALLELIC",
                message="Biallelic TP53 is presumed from one mutation above 49 % VAF; this holds "
                "only if an inherited TP53 variant is excluded, and a 17p FISH or SNP array "
                "would confirm it.",
                source=str(WHO2022),
            )
        )
    if (
        code != "MDS-biTP53"
        and f.tp53.exactly(1) is True
        and f.cytogenetics.complex is True
        and f.tp53.copy_number_loss is None
    ):
        flags.append(
            Flag(
                code="TP53_COMPLEX_KARYOTYPE_WHO",
                message="One TP53 mutation with a complex karyotype: ICC counts the complex "
                "karyotype as a second hit; for WHO the stored sources disagree, so copy-"
                "number testing should decide.",
                source=str(WHO_ICC_COMPARISON),
            )
        )
    if code == "MDS-h":
        flags.append(
            Flag(
                code="HYPOPLASTIC_AGE_ADJUSTED",
                message="Hypoplastic MDS is judged on age-adjusted cellularity and must be told "
                "apart from aplastic anaemia by the pathologist; the WHO table gives no blast "
                "range for it (low blasts assumed).",
                source=str(WHO2022_MDS_TABLE),
            )
        )
    if code == "MDS-SF3B1" and f.dysplastic_lineages(at_least=1).evaluate().value is False:
        flags.append(
            Flag(
                code="SF3B1_WITHOUT_DYSPLASIA",
                message="No lineage is reported as dysplastic; whether WHO 2022 still calls this "
                "MDS-SF3B1 could not be verified here.",
                source=str(WHO2022_MDS_TABLE),
            )
        )
    if code == "REVIEW-CYTOGENETICS-WITHOUT-DYSPLASIA":
        flags.append(
            Flag(
                code="WHO_CYTOGENETICS_WITHOUT_DYSPLASIA",
                message="-7/del(7q) or a complex karyotype without dysplasia: ICC names this "
                "MDS, NOS without dysplasia; the WHO 2022 handling could not be verified, so "
                "the pathologist decides between MDS with low blasts and CCUS.",
                source=str(DOMAIN_BRIEF),
            )
        )
    if code == "AML" and G.NUP98_REARRANGEMENT in f.aml_genetics_present():
        flags.append(
            Flag(
                code="NUP98_NOT_VERIFIED",
                message="NUP98 rearrangement as an AML-defining finding at any blast count comes "
                "from the project brief and was not re-checked against WHO 2022.",
                source=str(DOMAIN_BRIEF),
            )
        )
    flags += decided_category_flags(f, code)
    return tuple(flags)


def who_qualifiers(f: CaseFacts) -> tuple[str, ...]:
    """WHO 2022 qualifiers: post cytotoxic therapy (V: AML_CLASSIFICATION_REVIEW, MN-pCT)
    and germline predisposition (M: MDS_BRIEF §1.2)."""
    qualifiers = []
    if f.findings.prior_cytotoxic_therapy:
        qualifiers.append("post cytotoxic therapy")
    if f.findings.germline_predisposition:
        qualifiers.append("associated with germline predisposition")
    return tuple(qualifiers)


def who_subtype(f: CaseFacts, rule: Rule) -> Subtype:
    """MDS-biTP53 only: shown biallelic, or presumptive with the tests that would confirm it."""
    if rule.code != "MDS-biTP53":
        return Subtype(None)
    if who_biallelic_tp53(f).evaluate().value is True:
        return Subtype("biallelic inactivation shown")
    return Subtype(
        "presumptive: single TP53 mutation above 49 % VAF",
        (NEED_TP53_COPY_LOSS, NEED_TP53_CNLOH),
    )


WHO2022_SPEC = SystemSpec(
    system=System.WHO,
    version="WHO Classification of Haematolymphoid Tumours, 5th edition (2022)",
    rules=RULES,
    flags=who_flags,
    qualifiers=who_qualifiers,
    subtype=who_subtype,
)
