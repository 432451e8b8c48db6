"""Profile-aware sections for an answer: "For your situation" and what follows it.

Every statement is either a value from the person's own records (cited to the
document and page), a computation of the clinical core (cited to the model's
source), or a knowledge-base passage (cited to its sources). Nothing here is
advice: options are the passages "what care teams typically consider" describes.
"""

from __future__ import annotations

from collections.abc import Iterable

from onconav.answer.engine import PersonalContext
from onconav.answer.model import PersonalItem, PersonalSection, Ref
from onconav.clinical.classification import Classification, Status
from onconav.clinical.scores import IpssmResult, RiskScores
from onconav.guidance.kb_refs import passage_items, source_ref
from onconav.guidance.options import matching_rules
from onconav.guidance.questions import tailored_questions
from onconav.guidance.situation import RiskLevel, Situation
from onconav.guidance.workup import missing_tests
from onconav.kb.model import Intent, KnowledgeBase
from onconav.records.model import Provenance
from onconav.records.profile import RiskInput

INPUT_LABELS = {
    "hemoglobin": "Hemoglobin",
    "platelets": "Platelets",
    "anc": "Neutrophils (ANC)",
    "marrow_blasts": "Marrow blasts",
    "cyto_ipssr": "Cytogenetic risk group (IPSS-R)",
    "age": "Age at diagnosis",
    "tp53_mutations": "TP53 mutations",
    "tp53_max_vaf": "Highest TP53 VAF",
    "tp53_loh": "TP53 loss of heterozygosity",
    "flt3": "FLT3 (ITD or TKD)",
    "mll_ptd": "KMT2A partial tandem duplication",
}
MAX_DRIVERS = 3


def record_refs(provenance: Iterable[Provenance]) -> tuple[Ref, ...]:
    refs: list[Ref] = []
    for item in provenance:
        if item.method == "user":
            continue
        ref = Ref(
            kind="record",
            document_id=item.document_id,
            document_name=item.document_name,
            page=item.page,
            label=item.text[:80],
        )
        if ref not in refs:
            refs.append(ref)
    return tuple(refs)


def _input_refs(situation: Situation, *names: str) -> tuple[Ref, ...]:
    provenance = [
        p
        for name in names
        for item in [situation.profile.risk.inputs.get(name)]
        if item is not None
        for p in item.provenance
    ]
    return record_refs(provenance)


def _classification_item(
    result: Classification, kb: KnowledgeBase, situation: Situation
) -> PersonalItem:
    article, source = (
        ("mds-who-2022-subtypes", "who-2022-myeloid")
        if result.system.value.startswith("WHO")
        else ("mds-icc-2022-subtypes", "icc-2022-myeloid")
    )
    label = result.system.value
    if result.status is Status.ASSIGNED and result.category:
        text = f"**{label}:** {result.category} — a candidate that your pathologist confirms."
    else:
        possible = ", ".join(p.name for p in result.possible_categories[:4])
        missing = ", ".join(m.test for m in result.missing[:3])
        text = f"**{label}:** cannot be assigned from your records yet"
        if possible:
            text += f" (it could be: {possible})"
        if missing:
            text += f". What would decide it: {missing}"
        text += "."
    refs = (
        source_ref(kb, article, source),
        *_input_refs(situation, "marrow_blasts", "cyto_ipssr", "tp53_mutations"),
    )
    return PersonalItem(text=text, refs=refs)


def _drivers(result: IpssmResult) -> str:
    """The known findings that push the score up most (their share of the mean score)."""
    known = [c for c in result.contributions if c.value is not None and c.mean > 0.05]
    raising = sorted(known, key=lambda c: -c.mean)[:MAX_DRIVERS]
    return ", ".join(f"{c.label} (+{c.mean:.2f})" for c in raising)


def _score_items(scores: RiskScores, kb: KnowledgeBase, situation: Situation) -> list[PersonalItem]:
    items: list[PersonalItem] = []
    inputs = ("hemoglobin", "platelets", "anc", "marrow_blasts", "cyto_ipssr")
    ipssr = scores.ipssr
    if ipssr.score is not None and ipssr.category is not None:
        text = f"**IPSS-R:** {ipssr.score:g} points, {ipssr.category.value}."
    elif ipssr.category_best is not None and ipssr.category_worst is not None:
        text = (
            f"**IPSS-R:** between {ipssr.best:g} and {ipssr.worst:g} points "
            f"({ipssr.category_best.value} to {ipssr.category_worst.value}), because "
            f"{_missing_words(ipssr.inputs_missing)} not known."
        )
    else:
        text = "**IPSS-R:** cannot be computed from your records."
    items.append(
        PersonalItem(
            text=text,
            refs=(
                source_ref(kb, "mds-ipss-r", "greenberg-2012-ipss-r"),
                *_input_refs(situation, *inputs),
            ),
        )
    )
    ipssm = scores.ipssm
    if ipssm.best.category == ipssm.worst.category:
        text = f"**IPSS-M:** {ipssm.mean.category.value} (score {ipssm.mean.score:g})."
    else:
        text = (
            f"**IPSS-M:** somewhere from {ipssm.best.category.value} ({ipssm.best.score:g}) to "
            f"{ipssm.worst.category.value} ({ipssm.worst.score:g}); with average values for what "
            f"is missing it would be {ipssm.mean.category.value} ({ipssm.mean.score:g})."
        )
    drivers = _drivers(ipssm)
    if drivers:
        text += f" What raises it most: {drivers}."
    items.append(
        PersonalItem(
            text=text,
            refs=(
                source_ref(kb, "mds-ipss-m", "bernard-2022-ipss-m"),
                *_input_refs(situation, *inputs, "tp53_mutations", "flt3", "mll_ptd"),
            ),
        )
    )
    level = situation.risk_level
    if level in {RiskLevel.LOWER, RiskLevel.HIGHER}:
        level_text = f"Taken together, this is **{level.value}-risk** MDS ({situation.risk_basis})."
    elif level is RiskLevel.BORDERLINE:
        level_text = (
            f"Your score sits between lower and higher risk ({situation.risk_basis}); ask where "
            "your care team draws the line."
        )
    else:
        level_text = (
            f"Whether this is lower- or higher-risk MDS is **not settled yet** "
            f"({situation.risk_basis}). The tests below would settle it."
        )
    items.append(
        PersonalItem(
            text=level_text,
            refs=(source_ref(kb, "mds-ipss-r", "pfeilstocker-2016-ipss-r-time"),),
        )
    )
    if not situation.profile.risk.validated_setting:
        items.append(
            PersonalItem(
                text="Some values behind these scores come from after treatment started or far "
                "from your marrow test, so the scores are outside the setting they were built "
                "for (see the values below).",
                refs=(source_ref(kb, "mds-ipss-r", "greenberg-2012-ipss-r"),),
            )
        )
    return items


_INPUT_WORDS = {
    "HB": "hemoglobin",
    "PLT": "platelets",
    "ANC": "the neutrophil count",
    "BM_BLAST": "the marrow blast count",
    "CYTO_IPSSR": "the karyotype (cytogenetic group)",
    "AGE": "age",
}


def _missing_words(columns: tuple[str, ...]) -> str:
    """Model input names in plain words: "the karyotype and hemoglobin are"."""
    words = [_INPUT_WORDS.get(c, c) for c in columns] or ["an input"]
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"{joined} {'is' if len(words) == 1 else 'are'}"


def _value_line(item: RiskInput) -> str:
    label = INPUT_LABELS.get(item.name, item.name.removeprefix("gene:") + " mutation")
    value = item.value
    if isinstance(value, bool):
        shown = "yes" if value else "no (tested)"
    elif hasattr(value, "value"):
        shown = str(value.value)
    elif item.name == "tp53_max_vaf" and isinstance(value, float):
        shown = f"{value:.0%}"
    else:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
    unit = f" {item.unit}" if item.unit and item.unit not in {"fraction"} else ""
    date = f", {item.date:%d %b %Y}" if item.date else ""
    notes = f" — {'; '.join(item.notes)}" if item.notes else ""
    return f"{label}: {shown}{unit}{date}{notes}"


_KARYOTYPE_FLAGS = {
    "del5q": "del(5q)",
    "del7_7q": "−7 or del(7q)",
    "del17_17p": "−17 or del(17p)",
    "complex": "complex (3 or more changes)",
}


def _value_items(situation: Situation) -> list[PersonalItem]:
    """Each value behind the scores once: the karyotype as one line, tested genes together."""
    inputs = situation.profile.risk.inputs
    items: list[PersonalItem] = []
    for name in ("marrow_blasts", "hemoglobin", "platelets", "anc", "age"):
        if name in inputs:
            items.append(
                PersonalItem(
                    text=_value_line(inputs[name]), refs=record_refs(inputs[name].provenance)
                )
            )
    group = inputs.get("cyto_ipssr")
    if group is not None:
        karyotype = next(
            (
                str(f.value)
                for f in situation.profile.facts
                if f.kind.value == "karyotype"
                and group.provenance
                and f.provenance.document_id == group.provenance[0].document_id
            ),
            None,
        )
        present = [
            label
            for key, label in _KARYOTYPE_FLAGS.items()
            if inputs.get(key) and inputs[key].value is True
        ]
        shown = f"Karyotype: {karyotype}" if karyotype else "Karyotype"
        group_value = getattr(group.value, "value", group.value)
        detail = f"IPSS-R cytogenetic group {group_value}"
        if present:
            detail += "; " + ", ".join(present)
        date = f", {group.date:%d %b %Y}" if group.date else ""
        items.append(
            PersonalItem(text=f"{shown} — {detail}{date}", refs=record_refs(group.provenance))
        )
    genes = {n.removeprefix("gene:"): i for n, i in inputs.items() if n.startswith("gene:")}
    mutated = sorted(g for g, i in genes.items() if i.value is True)
    tested = sorted(g for g, i in genes.items() if i.value is False)
    for gene in mutated:
        items.append(
            PersonalItem(text=_value_line(genes[gene]), refs=record_refs(genes[gene].provenance))
        )
    if tested:
        provenance = [p for g in tested for p in genes[g].provenance]
        items.append(
            PersonalItem(
                text=f"Genes tested without a mutation ({len(tested)}): {', '.join(tested)}",
                refs=record_refs(provenance),
            )
        )
    tp53 = inputs.get("tp53_mutations")
    tp53_mutated = tp53 is not None and str(getattr(tp53.value, "value", tp53.value)) != "0"
    for name in ("tp53_mutations", "tp53_max_vaf", "tp53_loh", "flt3", "mll_ptd"):
        if name == "tp53_max_vaf" and not tp53_mutated:
            continue  # a VAF of 0 % says nothing more than "no TP53 mutation"
        if name in inputs:
            items.append(
                PersonalItem(
                    text=_value_line(inputs[name]), refs=record_refs(inputs[name].provenance)
                )
            )
    return items


def situation_sections(situation: Situation, kb: KnowledgeBase) -> list[PersonalSection]:
    if not situation.has_records:
        return [
            PersonalSection(
                heading="For your situation",
                paragraphs=(
                    PersonalItem(
                        text="No records have been added for this person yet. Add reports "
                        "(marrow, chromosome and gene tests, blood counts) and onconav will show "
                        "your subtype, your risk scores with the values behind them, the options "
                        "care teams typically consider at that risk, and tests that seem missing.",
                        clinical=False,
                    ),
                ),
            )
        ]
    paragraphs: list[PersonalItem] = []
    bullets: list[PersonalItem] = []
    if situation.classification is not None:
        bullets.append(_classification_item(situation.classification.who, kb, situation))
        bullets.append(_classification_item(situation.classification.icc, kb, situation))
    if situation.scores is not None:
        bullets.extend(_score_items(situation.scores, kb, situation))
    elif situation.scores_error:
        paragraphs.append(
            PersonalItem(
                text=f"The risk scores could not be computed: {situation.scores_error}",
                clinical=False,
            )
        )
    sections = [
        PersonalSection(
            heading="For your situation", paragraphs=tuple(paragraphs), bullets=tuple(bullets)
        )
    ]
    # A passage is shown once; every rule that points to it adds its reason there.
    shown: dict[str, int] = {}
    for rule in matching_rules(situation):
        evidence = _evidence_refs(situation, rule.evidence)
        reason = PersonalItem(text=rule.reason(situation), refs=evidence, clinical=bool(evidence))
        for position, passage_id in enumerate(rule.passages):
            reasons = (reason,) if position == 0 else ()
            if passage_id in shown:
                index = shown[passage_id]
                existing = sections[index]
                sections[index] = existing.model_copy(
                    update={"paragraphs": (*existing.paragraphs, *reasons)}
                )
                continue
            shown[passage_id] = len(sections)
            sections.append(
                PersonalSection(
                    heading=kb.passage(passage_id).heading,
                    paragraphs=reasons,
                    bullets=tuple(passage_items(kb, passage_id)),
                    kind="options",
                )
            )
    values = _value_items(situation)
    if values:
        sections.append(
            PersonalSection(
                heading="Values from your records used above",
                kind="values",
                paragraphs=(
                    PersonalItem(
                        text="Scores use the values closest to diagnosis, before treatment, as "
                        "the scores were built.",
                        refs=(source_ref(kb, "mds-ipss-r", "greenberg-2012-ipss-r"),),
                    ),
                ),
                bullets=tuple(values),
            )
        )
    missing = missing_tests(situation)
    if missing:
        bullets = []
        for test in missing:
            passage = kb.passage(test.passage_id)
            bullets.append(
                PersonalItem(
                    text=f"**{test.test}.** {test.why} {test.how_to_ask}",
                    refs=tuple(
                        Ref(kind="source", source_id=s, passage_id=passage.id)
                        for s in passage.source_ids
                    ),
                )
            )
        sections.append(
            PersonalSection(
                heading="Tests that may be missing", bullets=tuple(bullets), kind="missing"
            )
        )
    questions = tailored_questions(situation)
    if questions:
        sections.append(
            PersonalSection(
                heading="Questions you could ask",
                kind="questions",
                bullets=tuple(PersonalItem(text=q, clinical=False) for q in questions),
            )
        )
    return sections


def _evidence_refs(situation: Situation, names: Iterable[str]) -> tuple[Ref, ...]:
    """The records behind a rule's reason: the latest value of each named fact."""
    provenance: list[Provenance] = []
    for name in names:
        facts = situation.profile.values(name)
        if facts:
            provenance.append(facts[-1].provenance)
    return record_refs(provenance)


_TREATMENT_INTENTS = {
    RiskLevel.LOWER: Intent.LOWER_RISK_TREATMENT,
    RiskLevel.HIGHER: Intent.HIGHER_RISK_TREATMENT,
}


def personal_context(situation: Situation, kb: KnowledgeBase) -> PersonalContext:
    return PersonalContext(
        sections=situation_sections(situation, kb),
        treatment_intent=_TREATMENT_INTENTS.get(situation.risk_level),
    )
