"""A person's situation and the profile-aware parts of answers, packets and trial searches."""

from __future__ import annotations

from onconav.answer.engine import PersonalContext
from onconav.guidance.personal import personal_context
from onconav.guidance.situation import Situation, assess
from onconav.kb.model import KnowledgeBase
from onconav.service.profile import load_profile
from onconav.store import Store
from onconav.store.model import Patient


def patient_situation(store: Store, actor_id: str, patient: Patient) -> Situation:
    return assess(load_profile(store, actor_id, patient))


def patient_context_for_answer(
    store: Store, actor_id: str, patient: Patient, kb: KnowledgeBase
) -> PersonalContext:
    return personal_context(patient_situation(store, actor_id, patient), kb)
