"""Views of a person's records, each noted in the audit log (action and ids, never content).

The store audits every change itself. Views are noted here so that the owner can see who
looked at what, including the people a record is shared with. Front ends call these
instead of the plain loaders whenever a person views something.
"""

from __future__ import annotations

from dataclasses import dataclass

from onconav.answer.engine import PersonalContext
from onconav.guidance.packet import Packet
from onconav.kb.model import KnowledgeBase
from onconav.records.model import Page
from onconav.records.profile import PatientProfile
from onconav.service.guidance import patient_context_for_answer
from onconav.service.packet import patient_packet
from onconav.service.profile import load_profile
from onconav.service.risk import ProfileRisk, profile_risk
from onconav.store import Store
from onconav.store.model import Patient, StoredDocument, StoredFact


@dataclass(frozen=True)
class DocumentContents:
    document: StoredDocument
    pages: tuple[Page, ...]
    facts: tuple[StoredFact, ...]


def view_profile(store: Store, actor_id: str, patient: Patient) -> PatientProfile:
    profile = load_profile(store, actor_id, patient)
    store.record_read(actor_id, patient.id, "profile.view", "patient", patient.id)
    return profile


def view_risk(store: Store, actor_id: str, patient: Patient) -> ProfileRisk:
    risk = profile_risk(load_profile(store, actor_id, patient))
    store.record_read(actor_id, patient.id, "risk.view", "patient", patient.id)
    return risk


def view_document(store: Store, actor_id: str, document_id: str) -> DocumentContents:
    """Raises the store's ``NotFoundError`` / ``PermissionDenied`` like ``get_document``."""
    document = store.get_document(actor_id, document_id)
    pages = store.document_pages(actor_id, document_id)
    facts = tuple(store.facts(actor_id, document.patient_id, document_id=document_id))
    store.record_read(actor_id, document.patient_id, "document.view", "document", document_id)
    return DocumentContents(document, pages, facts)


def view_packet(
    store: Store,
    actor_id: str,
    patient: Patient,
    kb: KnowledgeBase,
    *,
    zip_code: str | None = None,
    radius_miles: float = 300,
) -> Packet:
    """Raises ``ZipCodeError`` for a bad ZIP code, before anything is read or noted."""
    packet = patient_packet(
        store, actor_id, patient, kb, zip_code=zip_code, radius_miles=radius_miles
    )
    store.record_read(actor_id, patient.id, "packet.view", "patient", patient.id)
    return packet


def view_for_answer(
    store: Store, actor_id: str, patient: Patient, kb: KnowledgeBase
) -> PersonalContext:
    """The profile-aware part of an answer: reading the profile for it is a view too."""
    context = patient_context_for_answer(store, actor_id, patient, kb)
    store.record_read(actor_id, patient.id, "answer.personal", "patient", patient.id)
    return context
