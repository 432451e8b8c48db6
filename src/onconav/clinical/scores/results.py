"""Typed results of the MDS risk scores: what was computed, from what, and why.

Every result carries the model and its version, the inputs used, the inputs missing, and the
contribution of each variable, so an answer can say which findings drive the score and which
missing findings could move it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Generic

from pydantic import BaseModel, ConfigDict

from onconav.clinical.scores.categories import (
    CategoryT,
    IpssCategory,
    IpssmCategory,
    IpssrCategory,
)
from onconav.clinical.scores.columns import InputValue


class ModelInfo(BaseModel):
    """Which model computed a result, in which version, from which publication."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    reference: str


class IpssmComment(StrEnum):
    """How the IPSS-M consolidated result was reached (ipssm R package, ``IPSSMannotate``)."""

    BELOW_LIMIT = "range (worst - best) below limit"
    STABLE_CATEGORY = "range (worst - best) above limit, but stable category"
    ABOVE_LIMIT = "range (worst - best) above limit"
    NO_UNCERTAINTY = "no uncertainty (no missing data)"


class ScenarioScore(BaseModel):
    """IPSS-M score under one way of filling in missing values."""

    model_config = ConfigDict(frozen=True)

    score: float  # rounded to 2 decimals; the category is read from this value
    raw_score: float
    category: IpssmCategory


class IpssmContribution(BaseModel):
    """One IPSS-M model variable: its value and its share of the score in each scenario.

    A share is (value − cohort mean) × coefficient / ln 2, in the score's unit (log2 hazard
    ratio against the average IWG-PM patient); the shares of a scenario sum to its raw score.
    """

    model_config = ConfigDict(frozen=True)

    variable: str  # the model's name, e.g. "HB1", "TP53multi", "nRes2"
    label: str  # plain words, e.g. "hemoglobin"
    inputs: tuple[str, ...]  # the input columns it is derived from
    value: float | None  # None: could not be determined from the inputs, so it was imputed
    mean: float
    best: float
    worst: float

    @property
    def swing(self) -> float:
        """How far the missing information behind this variable can move the score."""
        return self.worst - self.best


class IpssmResult(BaseModel):
    """IPSS-M for one patient: three scenarios and the consolidated answer."""

    model_config = ConfigDict(frozen=True)

    model: ModelInfo
    score: float | None  # consolidated; None when the missing data leave it undetermined
    category: IpssmCategory | None
    comment: IpssmComment
    mean: ScenarioScore
    best: ScenarioScore
    worst: ScenarioScore
    contributions: tuple[IpssmContribution, ...]
    derived: dict[str, float | None]  # model variables derived from the inputs; None = NA
    inputs_used: dict[str, InputValue]
    inputs_missing: tuple[str, ...]
    notes: tuple[str, ...]


class PointsContribution(BaseModel):
    """Points one variable adds to an IPSS / IPSS-R / IPSS-RA score."""

    model_config = ConfigDict(frozen=True)

    variable: str
    label: str
    value: InputValue | None  # None: not known
    points: float | None  # None when not known; best and worst then give the range
    best: float | None  # None only when the range cannot be bounded
    worst: float | None


class PointsResult(BaseModel, Generic[CategoryT]):
    """A points-based score. With missing inputs the score is None and best/worst bound it;
    the category is still given when best and worst fall in the same category."""

    model_config = ConfigDict(frozen=True)

    model: ModelInfo
    score: float | None
    category: CategoryT | None
    best: float | None  # None only when the range cannot be bounded (IPSS-RA without age)
    worst: float | None
    category_best: CategoryT | None
    category_worst: CategoryT | None
    contributions: tuple[PointsContribution, ...]
    inputs_used: dict[str, InputValue]
    inputs_missing: tuple[str, ...]
    notes: tuple[str, ...]


class IpssrResult(PointsResult[IpssrCategory]):
    """IPSS-R (2012)."""


class IpssraResult(PointsResult[IpssrCategory]):
    """IPSS-RA, the age-adjusted IPSS-R (for survival only)."""


class IpssResult(PointsResult[IpssCategory]):
    """IPSS (1997)."""


class RiskScores(BaseModel):
    """Every MDS risk score for one patient."""

    model_config = ConfigDict(frozen=True)

    ipssm: IpssmResult
    ipssr: IpssrResult
    ipssra: IpssraResult
    ipss: IpssResult
