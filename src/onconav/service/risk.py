"""Risk scores from a patient's profile, with where each input came from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from onconav.clinical.scores import RiskScores, risk_scores
from onconav.records.model import Provenance
from onconav.records.profile import PatientProfile


class InputSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    value: Any
    unit: str | None
    date: dt.date | None
    provenance: tuple[Provenance, ...]
    notes: tuple[str, ...]
    validated_setting: bool


class ProfileRisk(BaseModel):
    model_config = ConfigDict(frozen=True)

    scores: RiskScores | None
    error: str | None
    anchor_date: dt.date | None
    anchor_reason: str
    therapy_start: dt.date | None
    validated_setting: bool
    inputs: tuple[InputSource, ...]
    notes: tuple[str, ...]


def profile_risk(profile: PatientProfile) -> ProfileRisk:
    selection = profile.risk
    scores: RiskScores | None = None
    error: str | None = None
    try:
        scores = risk_scores(selection.to_risk_inputs())
    except ValueError as exc:
        error = str(exc)
    return ProfileRisk(
        scores=scores,
        error=error,
        anchor_date=selection.anchor_date,
        anchor_reason=selection.anchor_reason,
        therapy_start=selection.therapy_start,
        validated_setting=selection.validated_setting,
        inputs=tuple(
            InputSource(
                name=item.name,
                value=getattr(item.value, "value", item.value),
                unit=item.unit,
                date=item.date,
                provenance=item.provenance,
                notes=item.notes,
                validated_setting=item.validated_setting,
            )
            for item in selection.inputs.values()
        ),
        notes=selection.notes,
    )
