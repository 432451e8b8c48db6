"""A person's profile and risk scores (as ``onconav profile`` / ``onconav risk --patient``
print them in JSON), and corrections to the values read from the records."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from onconav.records.model import Fact
from onconav.service.audited_reads import view_profile, view_risk
from onconav.service.profile import CorrectionError, correct_value
from onconav.service.summaries import ProfileSummary, RiskSummary
from onconav.store.model import Correction
from onconav.web.api.access import RECORD_ERRORS, owned_patient, readable_patient
from onconav.web.api.errors import error_responses
from onconav.web.deps import CsrfChecked, CurrentUser, State

router = APIRouter(prefix="/patients/{patient_id}", tags=["profile"])


class NewCorrection(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(max_length=200, examples=["hemoglobin"], description="As in the profile")
    value: float | bool | str = Field(examples=[9.6])
    unit: str | None = Field(default=None, max_length=50, examples=["g/dL"])
    date: dt.date | None = Field(
        default=None, description="The date of the value to correct; without it, the one in use"
    )
    note: str | None = Field(default=None, max_length=2000, description="Why it was corrected")


class CorrectionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    fact_id: str
    original: Fact = Field(description="The value as read from the records; it is kept")
    correction: Correction


@router.get(
    "/profile",
    response_model=ProfileSummary,
    responses=RECORD_ERRORS,
    summary="Every value with its source, the timeline, warnings and what is missing",
)
def get_profile(patient_id: str, state: State, user: CurrentUser) -> ProfileSummary:
    patient = readable_patient(state, user, patient_id)
    return ProfileSummary.of(patient.label, view_profile(state.store, user.id, patient))


@router.get(
    "/risk",
    response_model=RiskSummary,
    responses=RECORD_ERRORS,
    summary="IPSS, IPSS-R, IPSS-RA and IPSS-M from the records",
)
def get_risk(patient_id: str, state: State, user: CurrentUser) -> RiskSummary:
    """When the scores cannot be computed, the score fields are null and ``error`` says why."""
    patient = readable_patient(state, user, patient_id)
    return RiskSummary.of(patient.label, view_risk(state.store, user.id, patient))


@router.post(
    "/corrections",
    response_model=CorrectionResult,
    status_code=201,
    dependencies=[CsrfChecked],
    responses={**RECORD_ERRORS, **error_responses(422)},
    summary="Correct or confirm a value; the original stays, marked as corrected",
)
def post_correction(
    patient_id: str, body: NewCorrection, state: State, user: CurrentUser
) -> CorrectionResult:
    patient = owned_patient(state, user, patient_id)
    try:
        stored = correct_value(
            state.store,
            user.id,
            patient,
            body.name,
            body.value,
            unit=body.unit,
            date=body.date,
            note=body.note,
        )
    except CorrectionError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return CorrectionResult(
        fact_id=stored.id, original=stored.fact, correction=stored.corrections[-1]
    )
