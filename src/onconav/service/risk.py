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


def scores_summary(scores: RiskScores) -> dict[str, Any]:
    """The documented JSON shape of the scores, shared by `risk` by hand and `risk --patient`.

    ``ipss``, ``ipssr``, ``ipssra``: score, category, best, worst (with their categories) and
    the inputs missing. ``ipssm``: the mean, best and worst scenarios, the consolidated
    ``final`` result, the comment and the inputs missing.
    """

    def points(result: Any) -> dict[str, Any]:
        return {
            "score": result.score,
            "category": _text(result.category),
            "best": result.best,
            "category_best": _text(result.category_best),
            "worst": result.worst,
            "category_worst": _text(result.category_worst),
            "missing": list(result.inputs_missing),
        }

    ipssm = scores.ipssm
    return {
        "ipss": points(scores.ipss),
        "ipssr": points(scores.ipssr),
        "ipssra": points(scores.ipssra),
        "ipssm": {
            "mean": {"score": ipssm.mean.score, "category": ipssm.mean.category.value},
            "best": {"score": ipssm.best.score, "category": ipssm.best.category.value},
            "worst": {"score": ipssm.worst.score, "category": ipssm.worst.category.value},
            "final": {"score": ipssm.score, "category": _text(ipssm.category)},
            "comment": ipssm.comment.value,
            "missing": list(ipssm.inputs_missing),
        },
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))
