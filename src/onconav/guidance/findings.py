"""A patient profile as the WHO 2022 / ICC 2022 classifiers read it.

Values come from the diagnostic setting chosen by the profile (the marrow at
diagnosis and the counts closest to it); anything the records do not state stays
``None`` so the classifiers report it as missing instead of assuming it normal.
"""

from __future__ import annotations

from collections.abc import Sequence

from onconav.clinical.classification.findings import (
    BloodFindings,
    CytogeneticFindings,
    Dysplasia,
    Findings,
    MarrowFindings,
    MolecularFindings,
    Sex,
    Tp53Findings,
    Variant,
    VariantOrigin,
)
from onconav.records.censored import plain_number
from onconav.records.model import Fact, FactKind
from onconav.records.profile import PatientProfile


def _value(profile: PatientProfile, name: str) -> float | None:
    item = profile.risk.inputs.get(name)
    if item is None or not isinstance(item.value, int | float) or isinstance(item.value, bool):
        return None
    return float(item.value)


def _marrow_facts(profile: PatientProfile) -> list[Fact]:
    """Facts from the diagnostic marrow report (the one the blast count came from)."""
    blasts = profile.risk.inputs.get("marrow_blasts")
    if blasts is None or not blasts.provenance:
        return []
    document = blasts.provenance[0].document_id
    return [
        f
        for f in profile.facts
        if f.kind is FactKind.MARROW
        and f.provenance.document_id == document
        and "superseded" not in f.flags
    ]


def _marrow(profile: PatientProfile) -> MarrowFindings | None:
    facts = {f.name: f for f in _marrow_facts(profile)}
    if not facts:
        return None

    def number(name: str) -> float | None:
        fact = facts.get(name)
        if fact is None or isinstance(fact.value, bool) or not isinstance(fact.value, int | float):
            return None
        return float(fact.value)

    def flag(name: str) -> bool | None:
        fact = facts.get(name)
        return fact.value if fact is not None and isinstance(fact.value, bool) else None

    fibrosis = number("fibrosis_grade")
    adequacy = facts.get("marrow_adequacy")
    return MarrowFindings(
        blasts_percent=number("marrow_blasts"),
        auer_rods=flag("auer_rods"),
        ring_sideroblasts_percent=number("ring_sideroblasts"),
        cellularity_percent=number("cellularity"),
        fibrosis_grade=int(fibrosis) if fibrosis is not None else None,
        aspirate_hemodilute=(
            "hemodilut" in str(adequacy.value).lower() if adequacy is not None else None
        ),
        dysplasia=Dysplasia(
            erythroid=flag("dysplasia_erythroid"),
            granulocytic=flag("dysplasia_granulocytic"),
            megakaryocytic=flag("dysplasia_megakaryocytic"),
        ),
    )


def _molecular(profile: PatientProfile) -> MolecularFindings | None:
    genetic = [
        f
        for f in profile.facts
        if f.kind in {FactKind.VARIANT, FactKind.GENE_STATUS} and "superseded" not in f.flags
    ]
    if not genetic:
        return None
    variants = [
        Variant(
            gene=f.name,
            vaf=_fraction(f.details.get("vaf")),
            origin=VariantOrigin.GERMLINE if f.details.get("germline") else None,
            description=f.details.get("hgvs_p") or f.details.get("hgvs_c"),
        )
        for f in genetic
        if f.kind is FactKind.VARIANT
    ]
    tested = sorted(
        {f.name for f in genetic if f.kind is FactKind.GENE_STATUS and f.value == "wild_type"}
        | {v.gene for v in variants}
    )
    tp53 = [v for v in variants if v.gene == "TP53"]
    loh = [f for f in genetic if f.name in {"TP53_LOH", "TP53_copy_loss"}]
    tp53_findings = None
    if tp53 or "TP53" in tested:
        vafs = [v.vaf for v in tp53 if v.vaf is not None]
        tp53_findings = Tp53Findings(
            mutation_count=len(tp53),
            max_vaf=max(vafs) if vafs else None,
            copy_number_loss=_status(loh, "TP53_copy_loss"),
            copy_neutral_loh=_status(loh, "TP53_LOH"),
        )
    return MolecularFindings(genes_tested=tested, variants=variants, tp53=tp53_findings)


def _status(facts: Sequence[Fact], name: str) -> bool | None:
    for fact in facts:
        if fact.name == name and fact.value in {"present", "absent"}:
            return fact.value == "present"
    return None


def _fraction(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    return None


def findings_from_profile(profile: PatientProfile) -> Findings:
    karyotype = profile.risk.inputs.get("cyto_ipssr")
    karyotype_text = None
    if karyotype is not None and karyotype.provenance:
        document = karyotype.provenance[0].document_id
        karyotype_text = next(
            (
                str(f.value)
                for f in profile.facts
                if f.kind is FactKind.KARYOTYPE and f.provenance.document_id == document
            ),
            None,
        )
    sex_fact = profile.latest.get("sex")
    sex = None
    if sex_fact is not None and str(sex_fact.value).lower()[:1] in {"m", "f"}:
        sex = Sex.MALE if str(sex_fact.value).lower().startswith("m") else Sex.FEMALE
    age = _value(profile, "age")
    blasts = profile.latest.get("blood_blasts")
    monocytes = profile.latest.get("monocytes")
    prior = [
        f
        for f in profile.facts
        if f.kind is FactKind.DIAGNOSIS and "therapy-related" in str(f.value).lower()
    ]
    return Findings(
        sex=sex,
        age_years=int(age) if age is not None else None,
        blood=BloodFindings(
            hemoglobin_g_dl=_value(profile, "hemoglobin"),
            neutrophils_10e9_per_l=_value(profile, "anc"),
            platelets_10e9_per_l=_value(profile, "platelets"),
            monocytes_10e9_per_l=_number(monocytes),
            blasts_percent=_number(blasts),
        ),
        marrow=_marrow(profile),
        cytogenetics=CytogeneticFindings(karyotype=karyotype_text) if karyotype_text else None,
        molecular=_molecular(profile),
        prior_cytotoxic_therapy=True if prior else None,
    )


def _number(fact: Fact | None) -> float | None:
    return plain_number(fact) if fact is not None else None
