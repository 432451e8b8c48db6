"""Which patient or document a request may touch, as the API answers it.

Another person's data is "not found" (404), never "forbidden": its existence is not
revealed. A person who was given read-only access already knows the record exists, so
a change they may not make is refused plainly (403).
"""

from __future__ import annotations

from fastapi import HTTPException

from onconav.store import NotFoundError, PermissionDenied
from onconav.store.model import Patient, StoredDocument, User
from onconav.web.api.errors import error_responses
from onconav.web.deps import patient_for
from onconav.web.state import WebState

READ_ONLY = "These records are shared with you to read only; only their owner can change them."
OWNER_ONLY = "Only the owner of these records can see or do this."
NO_DOCUMENT = "No such document."
# What a route about someone's records may answer: not signed in, read-only, not found.
RECORD_ERRORS = error_responses(401, 403, 404)


def readable_patient(state: WebState, user: User, patient_id: str) -> Patient:
    return patient_for(state, user, patient_id)


def owned_patient(
    state: WebState, user: User, patient_id: str, *, reason: str = READ_ONLY
) -> Patient:
    patient = patient_for(state, user, patient_id)
    if patient.access != "owner":
        raise HTTPException(status_code=403, detail=reason)
    return patient


def readable_document(state: WebState, user: User, document_id: str) -> StoredDocument:
    try:
        return state.store.get_document(user.id, document_id)
    except (NotFoundError, PermissionDenied):
        raise HTTPException(status_code=404, detail=NO_DOCUMENT) from None


def owned_document(state: WebState, user: User, document_id: str) -> StoredDocument:
    document = readable_document(state, user, document_id)
    owned_patient(state, user, document.patient_id)
    return document
