"""Shared machinery of the points-based scores (IPSS, IPSS-R, IPSS-RA), over columns.

Each variable gives points per patient, or, when its inputs are not known, the lowest and the
highest points it could give. A score is known when its best and worst totals coincide;
otherwise best and worst bound it, and the category is still known when both totals fall in
the same category.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from onconav.clinical.scores.arrays import CodeArray, FloatArray
from onconav.clinical.scores.categories import (
    NOT_KNOWN,
    CategoryT,
    category_codes,
    category_of,
)
from onconav.clinical.scores.columns import InputValue, RiskColumns, optional_float
from onconav.clinical.scores.results import ModelInfo, PointsContribution


@dataclass(frozen=True)
class PointsVariable:
    """One row of a points table: the input it reads and its lowest and highest points."""

    name: str
    label: str
    lowest: float
    highest: float
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class VariablePoints:
    """A variable's points for every patient; NaN points = not known (see best / worst)."""

    points: FloatArray
    best: FloatArray
    worst: FloatArray
    # What the points were read from when it is not a single input (e.g. a count); NaN = unknown
    derived_value: FloatArray | None = None

    @classmethod
    def from_points(cls, variable: PointsVariable, points: FloatArray) -> VariablePoints:
        """Points that are NaN exactly where the input is not known."""
        unknown = np.isnan(points)
        return cls(
            points=points,
            best=np.where(unknown, variable.lowest, points),
            worst=np.where(unknown, variable.highest, points),
        )

    @classmethod
    def from_bounds(
        cls, best: FloatArray, worst: FloatArray, derived_value: FloatArray | None = None
    ) -> VariablePoints:
        """Points known where best and worst coincide."""
        points: FloatArray = np.where(best == worst, best, np.nan)
        return cls(points=points, best=best, worst=worst, derived_value=derived_value)


@dataclass(frozen=True)
class PointsColumns:
    """A points score for many patients."""

    variables: tuple[PointsVariable, ...]
    per_variable: tuple[VariablePoints, ...]
    score: FloatArray  # NaN unless determined
    best: FloatArray  # NaN when the range cannot be bounded
    worst: FloatArray
    category: CodeArray  # known when best and worst share a category
    category_best: CodeArray
    category_worst: CodeArray

    @classmethod
    def total(
        cls,
        variables: Sequence[PointsVariable],
        per_variable: Sequence[VariablePoints],
        cuts: tuple[float, ...],
        rounding: Callable[[FloatArray], FloatArray],
    ) -> PointsColumns:
        """Sum the variables, round as the model does, and categorise best and worst."""
        best = rounding(np.sum([v.best for v in per_variable], axis=0))
        worst = rounding(np.sum([v.worst for v in per_variable], axis=0))
        return cls.from_totals(variables, per_variable, best, worst, cuts)

    @classmethod
    def from_totals(
        cls,
        variables: Sequence[PointsVariable],
        per_variable: Sequence[VariablePoints],
        best: FloatArray,
        worst: FloatArray,
        cuts: tuple[float, ...],
    ) -> PointsColumns:
        category_best = category_codes(best, cuts)
        category_worst = category_codes(worst, cuts)
        category: CodeArray = np.where(
            category_best == category_worst, category_best, NOT_KNOWN
        ).astype(np.int64)
        score: FloatArray = np.where(best == worst, best, np.nan)
        return cls(
            variables=tuple(variables),
            per_variable=tuple(per_variable),
            score=score,
            best=best,
            worst=worst,
            category=category,
            category_best=category_best,
            category_worst=category_worst,
        )

    def result_fields(
        self,
        row: int,
        columns: RiskColumns,
        input_columns: Sequence[str],
        categories: type[CategoryT],
        model: ModelInfo,
        notes: tuple[str, ...] = (),
    ) -> dict[str, object]:
        """The fields of one patient's ``PointsResult`` (the caller picks the result class)."""
        contributions = tuple(
            PointsContribution(
                variable=variable.name,
                label=variable.label,
                value=_display(columns, variable, points, row),
                points=optional_float(points.points[row]),
                best=optional_float(points.best[row]),
                worst=optional_float(points.worst[row]),
            )
            for variable, points in zip(self.variables, self.per_variable, strict=True)
        )
        return {
            "model": model,
            "score": optional_float(self.score[row]),
            "category": category_of(int(self.category[row]), categories),
            "best": optional_float(self.best[row]),
            "worst": optional_float(self.worst[row]),
            "category_best": category_of(int(self.category_best[row]), categories),
            "category_worst": category_of(int(self.category_worst[row]), categories),
            "contributions": contributions,
            "inputs_used": columns.known(row, input_columns),
            "inputs_missing": columns.unknown(row, input_columns),
            "notes": notes,
        }


def _display(
    columns: RiskColumns, variable: PointsVariable, points: VariablePoints, row: int
) -> InputValue | None:
    if points.derived_value is not None:
        return optional_float(points.derived_value[row])
    if len(variable.inputs) != 1:
        return None
    known = columns.known(row, variable.inputs)
    return known.get(variable.inputs[0])
