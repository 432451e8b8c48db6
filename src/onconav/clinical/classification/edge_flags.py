"""Flags both systems raise: the brief's edge cases that are shown, never auto-resolved."""

from __future__ import annotations

from onconav.clinical.classification import thresholds as t
from onconav.clinical.classification.case_facts import CaseFacts, vaf_text
from onconav.clinical.classification.findings import BlastCountMethod
from onconav.clinical.classification.result import Flag
from onconav.clinical.classification.sources import (
    AML_CLASSIFICATION_REVIEW,
    DOMAIN_BRIEF,
    LEE2024,
    MALCOVATI2017,
    VALENT2017,
    WHO_ICC_COMPARISON,
)

# Genes where a VAF near 50 % or 100 % may mean an inherited variant (MDS_BRIEF §6.3, M).
GERMLINE_SUSPECT_GENES = frozenset({"DDX41", "RUNX1", "GATA2", "ETV6", "ANKRD26", "CEBPA", "TP53"})


def shared_flags(f: CaseFacts) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    marrow = f.marrow
    if marrow.aspirate_hemodilute:
        flags.append(
            Flag(
                code="HEMODILUTE_ASPIRATE",
                message="The aspirate is described as haemodilute, so the marrow blast count may "
                "be too low; the category could be higher than the numbers suggest.",
                source=str(DOMAIN_BRIEF),
            )
        )
    if marrow.blasts_method in (
        BlastCountMethod.FLOW_CYTOMETRY,
        BlastCountMethod.CD34_IMMUNOHISTOCHEMISTRY,
    ):
        flags.append(
            Flag(
                code="BLASTS_NOT_FROM_ASPIRATE",
                message="The marrow blast % comes from flow cytometry or a CD34 stain; only "
                "the aspirate count classifies, so this result is an estimate.",
                source=str(DOMAIN_BRIEF),
            )
        )
    metaphases = f.cytogenetics.metaphases
    if metaphases is not None and metaphases < t.STANDARD_METAPHASE_COUNT:
        flags.append(
            Flag(
                code="FEW_METAPHASES",
                message=f"Only {metaphases} metaphases were analysed (standard "
                f"{t.STANDARD_METAPHASE_COUNT}); the karyotype may miss an abnormality.",
                source=str(DOMAIN_BRIEF),
            )
        )
    if f.findings.prior_cytotoxic_therapy:
        flags.append(
            Flag(
                code="PRIOR_CYTOTOXIC_THERAPY",
                message="Earlier chemotherapy or radiotherapy makes this a therapy-related "
                "(post-cytotoxic-therapy) neoplasm; the qualifier is added and risk scores "
                "were not built for this setting.",
                source=str(DOMAIN_BRIEF),
            )
        )
    stated = f.findings.aml_genetic_findings
    unstated = [g for g in f.aml_genetics_present() if stated is not None and g not in stated]
    if unstated:
        flags.append(
            Flag(
                code="AML_GENETICS_NOT_IN_STATED_LIST",
                message=f"The karyotype or NGS shows {', '.join(unstated)}, which the list of "
                "AML-defining findings does not include; the finding is counted.",
            )
        )
    flags += _germline_flags(f)
    flags += _tp53_flags(f)
    if f.molecular.given is not None and not f.molecular.coverage_known:
        flags.append(
            Flag(
                code="PANEL_COVERAGE_UNKNOWN",
                message="The panel's gene list was not given, so every gene without a listed "
                "variant is treated as unknown, not as normal.",
            )
        )
    blood_blasts = f.blood.blasts_percent
    if blood_blasts is not None and blood_blasts >= t.WHO_BLOOD_BLASTS_IB2:
        flags.append(
            Flag(
                code="BLOOD_BLASTS_5_OR_MORE",
                message="Blood blasts of 5 % or more carried worse survival independently of "
                "the category in a comparison of both systems.",
                source=str(LEE2024),
            )
        )
    if f.findings.signed_out_diagnosis:
        flags.append(
            Flag(
                code="SIGNED_OUT_DIAGNOSIS",
                message=f"The pathologist signed out '{f.findings.signed_out_diagnosis}'. That "
                "sign-out is the diagnosis; this result is only a candidate to discuss.",
            )
        )
    return tuple(flags)


def decided_category_flags(f: CaseFacts, code: str | None) -> tuple[Flag, ...]:
    """Flags that follow from the decided category (``code``), worded alike in both systems."""
    cryptic = (
        (_cryptic_fusions_flag(),) if f.aml_genetics_inferred_absent() and code != "AML" else ()
    )
    return (*cryptic, *_precursor_flags(f, code))


def _cryptic_fusions_flag() -> Flag:
    return Flag(
        code="CRYPTIC_FUSIONS_NOT_EXCLUDED",
        message="No AML-defining finding is known from the karyotype and the NGS genes tested; "
        "hidden rearrangements (e.g. NUP98, some KMT2A) need FISH or RNA tests to exclude.",
        source=str(AML_CLASSIFICATION_REVIEW),
    )


def _precursor_flags(f: CaseFacts, code: str | None) -> tuple[Flag, ...]:
    if code == "CCUS":
        somatic = [v for v in f.molecular.somatic if v.vaf is not None]
        high = any(v.vaf is not None and v.vaf >= t.CCUS_HIGH_RISK_MIN_VAF for v in somatic)
        many = len(somatic) >= t.CCUS_HIGH_RISK_MIN_MUTATIONS
        note = (
            " A VAF of 10 % or more, or two or more mutations, were linked to a high chance of "
            "a later myeloid neoplasm."
            if high or many
            else ""
        )
        return (
            Flag(
                code="CCUS",
                message="Clonal cytopenia of undetermined significance: a clone with low counts "
                "but without the findings that define MDS." + note,
                source=str(MALCOVATI2017),
            ),
        )
    if code == "ICUS":
        return (
            Flag(
                code="ICUS_WORKING_TERM",
                message="ICUS is a working term for unexplained low counts without a clone or "
                "dysplasia, not a formal WHO or ICC category.",
                source=str(VALENT2017),
            ),
        )
    if code == "NO-CYTOPENIA" and f.clonal().evaluate().value is True:
        return (
            Flag(
                code="CHIP_WORKING_TERM",
                message="A clone without low counts is called clonal haematopoiesis (CHIP, a "
                "working term): not MDS.",
                source=str(VALENT2017),
            ),
        )
    return ()


def _germline_flags(f: CaseFacts) -> list[Flag]:
    flags = []
    if f.findings.germline_predisposition:
        flags.append(
            Flag(
                code="GERMLINE_PREDISPOSITION",
                message="A germline predisposition is confirmed or suspected; the qualifier is "
                "added and family members may be affected (genetic counselling).",
                source=str(DOMAIN_BRIEF),
            )
        )
    for variant in f.molecular.germline:
        flags.append(
            Flag(
                code="GERMLINE_VARIANT",
                message=f"{variant.gene} is reported as germline (inherited).",
                source=str(DOMAIN_BRIEF),
            )
        )
    for variant in f.molecular.somatic:
        vaf = variant.vaf
        if variant.gene not in GERMLINE_SUSPECT_GENES or vaf is None or variant.origin:
            continue
        if 0.4 <= vaf <= 0.6 or vaf >= 0.9:
            flags.append(
                Flag(
                    code="POSSIBLE_GERMLINE_VARIANT",
                    message=f"{variant.gene} at VAF {vaf_text(vaf)} could be inherited; "
                    "testing non-blood tissue (e.g. skin fibroblasts) tells.",
                    source=str(DOMAIN_BRIEF),
                )
            )
    return flags


def _tp53_flags(f: CaseFacts) -> list[Flag]:
    tp53 = f.tp53
    single = tp53.exactly(1) is True
    below_half = tp53.any_vaf_above(0.5, inclusive=True) is not True
    second_hit = (tp53.copy_number_loss, tp53.copy_neutral_loh)
    unresolved = True not in second_hit and None in second_hit
    if single and below_half and unresolved:
        return [
            Flag(
                code="TP53_SINGLE_HIT_UNRESOLVED",
                message="One TP53 mutation below 50 % VAF and no copy-number/LOH result: "
                "whether both copies are hit is open, and WHO and ICC may then differ. A 17p "
                "FISH or SNP array would decide.",
                source=str(WHO_ICC_COMPARISON),
            )
        ]
    return []
