"""The second-opinion packet for a stored patient."""

from __future__ import annotations

import datetime as dt

from onconav.guidance.centers import CentersResult, centers_near
from onconav.guidance.packet import DocumentSummary, Packet, build_packet
from onconav.kb.model import KnowledgeBase
from onconav.service.guidance import patient_situation
from onconav.store import Store
from onconav.store.model import Patient


def patient_packet(
    store: Store,
    actor_id: str,
    patient: Patient,
    kb: KnowledgeBase,
    *,
    zip_code: str | None = None,
    radius_miles: float = 300,
    today: dt.date | None = None,
) -> Packet:
    """Raises ``ZipCodeError`` for a bad ZIP code (before any work is done)."""
    centers: CentersResult | None = (
        centers_near(zip_code, radius_miles) if zip_code is not None else None
    )
    situation = patient_situation(store, actor_id, patient)
    facts = store.facts(actor_id, patient.id)
    documents = [
        DocumentSummary.from_facts(
            document.id,
            document.name,
            document.created_at.date(),
            [f.fact for f in facts if f.document_id == document.id],
        )
        for document in store.list_documents(actor_id, patient.id)
    ]
    return build_packet(situation, documents, kb, centers=centers, today=today or dt.date.today())
