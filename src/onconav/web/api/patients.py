"""The people an account keeps records for, read-only sharing, and each one's audit log."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field

from onconav.service.audit_trail import AuditLine, audit_trail
from onconav.service.sharing import ShareError, share_with_email
from onconav.store.model import Patient
from onconav.web.api.access import OWNER_ONLY, RECORD_ERRORS, owned_patient, readable_patient
from onconav.web.api.errors import error_responses
from onconav.web.api.session import AccountInfo
from onconav.web.deps import CsrfChecked, CurrentUser, State

router = APIRouter(prefix="/patients", tags=["patients"])


class NewPatient(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str = Field(max_length=200, examples=["Mum"])


class NewReader(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str = Field(max_length=320, description="The account to share with, read-only")


@router.get("", response_model=list[Patient], responses=RECORD_ERRORS, summary="Your people")
def list_patients(state: State, user: CurrentUser) -> list[Patient]:
    """Your own people first, then those shared with you (``access`` is "read")."""
    return state.store.list_patients(user.id)


@router.post(
    "",
    response_model=Patient,
    status_code=201,
    dependencies=[CsrfChecked],
    responses={**RECORD_ERRORS, **error_responses(409, 422)},
    summary="Add a person",
)
def create_patient(body: NewPatient, state: State, user: CurrentUser) -> Patient:
    try:
        return state.store.create_patient(user.id, body.label)
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None


@router.get("/{patient_id}", response_model=Patient, responses=RECORD_ERRORS, summary="One person")
def get_patient(patient_id: str, state: State, user: CurrentUser) -> Patient:
    return readable_patient(state, user, patient_id)


@router.delete(
    "/{patient_id}",
    status_code=204,
    dependencies=[CsrfChecked],
    responses=RECORD_ERRORS,
    summary="Delete a person and all their records",
)
def delete_patient(patient_id: str, state: State, user: CurrentUser) -> Response:
    patient = owned_patient(state, user, patient_id)
    state.store.delete_patient(user.id, patient.id)
    return Response(status_code=204)


@router.get(
    "/{patient_id}/readers",
    response_model=list[AccountInfo],
    responses=RECORD_ERRORS,
    summary="Who these records are shared with",
)
def list_readers(patient_id: str, state: State, user: CurrentUser) -> list[AccountInfo]:
    patient = owned_patient(state, user, patient_id, reason=OWNER_ONLY)
    return [AccountInfo.of(reader) for reader in state.store.patient_readers(user.id, patient.id)]


@router.post(
    "/{patient_id}/readers",
    response_model=AccountInfo,
    status_code=201,
    dependencies=[CsrfChecked],
    responses={**RECORD_ERRORS, **error_responses(422)},
    summary="Share these records read-only with another account",
)
def add_reader(patient_id: str, body: NewReader, state: State, user: CurrentUser) -> AccountInfo:
    patient = owned_patient(state, user, patient_id)
    try:
        return AccountInfo.of(share_with_email(state.store, user.id, patient, body.email))
    except ShareError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None


@router.delete(
    "/{patient_id}/readers/{reader_id}",
    status_code=204,
    dependencies=[CsrfChecked],
    responses=RECORD_ERRORS,
    summary="Stop sharing with an account",
)
def remove_reader(patient_id: str, reader_id: str, state: State, user: CurrentUser) -> Response:
    patient = owned_patient(state, user, patient_id)
    state.store.unshare_patient(user.id, patient.id, reader_id)
    return Response(status_code=204)


@router.get(
    "/{patient_id}/audit",
    response_model=list[AuditLine],
    responses=RECORD_ERRORS,
    summary="Who read or changed what in these records (owner only)",
)
def audit_log(patient_id: str, state: State, user: CurrentUser) -> list[AuditLine]:
    """Actions and ids only, oldest first; never any record content."""
    patient = owned_patient(state, user, patient_id, reason=OWNER_ONLY)
    return audit_trail(state.store, user.id, patient)
