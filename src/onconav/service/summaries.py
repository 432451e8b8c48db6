"""The documented JSON shapes of a profile and of its risk scores.

``onconav profile --format json`` and ``onconav risk --patient P --format json`` print
these shapes; the web API returns them as typed models, so the OpenAPI schema documents
them and both front ends agree field for field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from onconav.records.model import Fact, FactValue, Provenance
from onconav.records.profile import Conflict, MissingItem, PatientProfile, RiskInput, TimelineEvent
from onconav.service.risk import InputSource, ProfileRisk
from onconav.service.score_summary import RISK_DISCLAIMER, scores_summary


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ProfileFact(_Frozen):
    kind: str
    name: str
    value: FactValue
    unit: str | None
    date: dt.date | None
    flags: list[str]
    details: dict[str, Any]
    provenance: Provenance


class ProfileSummary(_Frozen):
    """Every value with its source, the latest of each, the timeline and what is missing."""

    patient: str = Field(description="The person's label")
    facts: list[ProfileFact]
    latest: dict[str, Fact]
    timeline: list[TimelineEvent]
    conflicts: list[Conflict]
    warnings: list[str]
    needs_confirmation: list[Fact] = Field(description="Not used in scores until confirmed")
    missing: list[MissingItem]
    diagnosis_date: dt.date | None
    risk_inputs: dict[str, RiskInput]

    @classmethod
    def of(cls, label: str, profile: PatientProfile) -> ProfileSummary:
        return cls(
            patient=label,
            facts=[
                ProfileFact(
                    kind=f.kind.value,
                    name=f.name,
                    value=f.value,
                    unit=f.unit,
                    date=f.date,
                    flags=list(f.flags),
                    details=f.details,
                    provenance=f.provenance,
                )
                for f in profile.facts
            ],
            latest=dict(profile.latest),
            timeline=list(profile.timeline),
            conflicts=list(profile.conflicts),
            warnings=list(profile.warnings),
            needs_confirmation=list(profile.needs_confirmation),
            missing=list(profile.missing),
            diagnosis_date=profile.diagnosis_date,
            risk_inputs=dict(profile.risk.inputs),
        )


class ScorePoints(_Frozen):
    score: float | None
    category: str | None
    best: float | None
    category_best: str | None
    worst: float | None
    category_worst: str | None
    missing: list[str]


class ScenarioScore(_Frozen):
    score: float | None
    category: str | None


class IpssmSummary(_Frozen):
    mean: ScenarioScore
    best: ScenarioScore
    worst: ScenarioScore
    final: ScenarioScore
    comment: str
    missing: list[str]


class RiskSummary(_Frozen):
    """IPSS, IPSS-R, IPSS-RA and IPSS-M from the records, with where each input came from.

    The score fields are None when the scores could not be computed; ``error`` says why.
    """

    patient: str
    disclaimer: str
    ipss: ScorePoints | None = None
    ipssr: ScorePoints | None = None
    ipssra: ScorePoints | None = None
    ipssm: IpssmSummary | None = None
    error: str | None
    anchor_date: dt.date | None
    anchor_reason: str
    therapy_start: dt.date | None
    validated_setting: bool
    inputs: list[InputSource]
    notes: list[str]
    detail: dict[str, Any] | None = Field(description="Every score's full result")

    @classmethod
    def of(cls, label: str, risk: ProfileRisk) -> RiskSummary:
        scores = {} if risk.scores is None else scores_summary(risk.scores)
        return cls(
            patient=label,
            disclaimer=RISK_DISCLAIMER,
            **scores,
            error=risk.error,
            anchor_date=risk.anchor_date,
            anchor_reason=risk.anchor_reason,
            therapy_start=risk.therapy_start,
            validated_setting=risk.validated_setting,
            inputs=list(risk.inputs),
            notes=list(risk.notes),
            detail=None if risk.scores is None else risk.scores.model_dump(mode="json"),
        )
