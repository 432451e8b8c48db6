"""Everything the "My situation" page shows about a person, cited like an answer."""

from __future__ import annotations

from dataclasses import dataclass

from onconav.answer.compose import CitationBook, personal_section
from onconav.answer.model import Citation, Section
from onconav.guidance.counts import BloodCounts, blood_counts
from onconav.guidance.personal import situation_sections
from onconav.guidance.situation import Situation, assess
from onconav.kb.model import KnowledgeBase
from onconav.service.answers import CitedPassage, cited_passages
from onconav.service.profile import load_profile
from onconav.service.risk import ProfileRisk, profile_risk
from onconav.store import Store
from onconav.store.model import Patient


@dataclass(frozen=True)
class GuidanceBlock:
    """A guidance section with its citations numbered; ``kind`` says which part it is."""

    kind: str  # situation, options, values, missing, questions
    section: Section


@dataclass(frozen=True)
class SituationOverview:
    patient: Patient
    situation: Situation
    risk: ProfileRisk
    blocks: tuple[GuidanceBlock, ...]
    citations: tuple[Citation, ...]
    passages: dict[str, CitedPassage]
    counts: BloodCounts

    def blocks_of(self, kind: str) -> list[Section]:
        return [block.section for block in self.blocks if block.kind == kind]


def situation_overview(
    store: Store, actor_id: str, patient: Patient, kb: KnowledgeBase
) -> SituationOverview:
    """The person's profile, scores and guidance; the view is noted in their audit log."""
    profile = load_profile(store, actor_id, patient)
    situation = assess(profile)
    book = CitationBook(kb)
    blocks = tuple(
        GuidanceBlock(section.kind, personal_section(section, book))
        for section in situation_sections(situation, kb)
    )
    citations = tuple(book.citations)
    store.record_read(actor_id, patient.id, "profile.view", "patient", patient.id)
    return SituationOverview(
        patient=patient,
        situation=situation,
        risk=profile_risk(profile),
        blocks=blocks,
        citations=citations,
        passages=cited_passages(kb, citations),
        counts=blood_counts(profile),
    )


def patient_blood_counts(store: Store, actor_id: str, patient: Patient) -> BloodCounts:
    """The blood counts to chart, without the rest of the overview."""
    return blood_counts(load_profile(store, actor_id, patient))
