"""IPSS-R (2012) and the age-adjusted IPSS-RA.

Source: Greenberg PL, Tuechler H, Schanz J, et al. Revised International Prognostic Scoring
System for Myelodysplastic Syndromes. Blood 2012;120:2454 — Table 3 (points, risk groups) and
the IPSS-RA formula; cytogenetic groups from Schanz J et al., J Clin Oncol 2012;30:820.
Cross-checked against the web calculator's ``computeIpssr`` (papaemmelab/ipssm-api v1.0.4,
``src/utils/risk.ts``), as written down in IPSSR_SPEC.md.

Blast points follow the published table ("> 2 to < 5 %" gives 1 point, so 4.995 % gives 1);
the web calculator's bins put values between 4.99 and 5 in the 2-point bin instead.
A missing input gives a range: its lowest and highest points (e.g. ANC +0 or +0.5; a missing
cytogenetic group +0 to +4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from onconav.clinical.scores.arrays import BoolArray, FloatArray
from onconav.clinical.scores.categories import IPSSR_CUTS, IpssrCategory, round_half_up
from onconav.clinical.scores.columns import RiskColumns
from onconav.clinical.scores.inputs import RiskInputs
from onconav.clinical.scores.points import PointsColumns, PointsVariable, VariablePoints
from onconav.clinical.scores.results import IpssraResult, IpssrResult, ModelInfo

IPSSR_MODEL = ModelInfo(
    name="IPSS-R",
    version="2012",
    reference=(
        "Greenberg PL, Tuechler H, Schanz J, et al. Revised International Prognostic Scoring "
        "System for Myelodysplastic Syndromes. Blood 2012;120:2454"
    ),
)
IPSSRA_MODEL = ModelInfo(
    name="IPSS-RA",
    version="2012 (age-adjusted IPSS-R, for survival)",
    reference=IPSSR_MODEL.reference,
)

IPSSR_VARIABLES: tuple[PointsVariable, ...] = (
    PointsVariable("CYTO_IPSSR", "cytogenetic risk group", 0, 4, ("CYTO_IPSSR",)),
    PointsVariable("BM_BLAST", "bone marrow blasts", 0, 3, ("BM_BLAST",)),
    PointsVariable("HB", "hemoglobin", 0, 1.5, ("HB",)),
    PointsVariable("PLT", "platelets", 0, 1, ("PLT",)),
    PointsVariable("ANC", "absolute neutrophil count", 0, 0.5, ("ANC",)),
)
# Its bounds come from the IPSS-R range and the age, not from a fixed table.
AGE_ADJUSTMENT = PointsVariable("AGE", "age adjustment", math.nan, math.nan, ("AGE",))
IPSSR_INPUT_COLUMNS: tuple[str, ...] = ("CYTO_IPSSR", "BM_BLAST", "HB", "PLT", "ANC")
IPSSRA_INPUT_COLUMNS: tuple[str, ...] = (*IPSSR_INPUT_COLUMNS, "AGE")

# IPSS-RA = IPSS-R + (age − 70) × (0.05 − 0.005 × IPSS-R)   (Greenberg 2012)
IPSSRA_REFERENCE_AGE = 70.0
IPSSRA_AGE_SLOPE = 0.05
IPSSRA_AGE_SLOPE_PER_POINT = 0.005
# The web calculator rounds IPSS-R and IPSS-RA to 4 decimals before categorising.
IPSSR_DECIMALS = 4


def _select(
    conditions: list[BoolArray], choices: list[float], default: float, value: FloatArray
) -> FloatArray:
    points: FloatArray = np.select(conditions, [float(c) for c in choices], float(default))
    points[np.isnan(value)] = np.nan
    return points


def ipssr_points(columns: RiskColumns) -> tuple[VariablePoints, ...]:
    """Points of each IPSS-R variable (Greenberg 2012, Table 3), NaN where not known."""
    blast, hb, plt, anc = columns["BM_BLAST"], columns["HB"], columns["PLT"], columns["ANC"]
    points = {
        # Very Good 0, Good 1, Intermediate 2, Poor 3, Very Poor 4: the rank itself
        "CYTO_IPSSR": columns["CYTO_IPSSR"].copy(),
        # ≤ 2 %: 0; > 2 to < 5 %: 1; 5–10 %: 2; > 10 %: 3
        "BM_BLAST": _select([blast <= 2, blast < 5, blast <= 10], [0, 1, 2], 3, blast),
        # ≥ 10 g/dL: 0; 8 to < 10: 1; < 8: 1.5
        "HB": _select([hb >= 10, hb >= 8], [0, 1], 1.5, hb),
        # ≥ 100 x10^9/L: 0; 50 to < 100: 0.5; < 50: 1
        "PLT": _select([plt >= 100, plt >= 50], [0, 0.5], 1, plt),
        # ≥ 0.8 x10^9/L: 0; < 0.8: 0.5
        "ANC": _select([anc >= 0.8], [0], 0.5, anc),
    }
    return tuple(VariablePoints.from_points(v, points[v.name]) for v in IPSSR_VARIABLES)


def _rounded(values: FloatArray) -> FloatArray:
    return round_half_up(values, IPSSR_DECIMALS)


def age_adjusted(ipssr_score: FloatArray, age: FloatArray) -> FloatArray:
    """IPSS-RA from IPSS-R and age (Greenberg 2012). Unrounded."""
    adjusted: FloatArray = ipssr_score + (age - IPSSRA_REFERENCE_AGE) * (
        IPSSRA_AGE_SLOPE - IPSSRA_AGE_SLOPE_PER_POINT * ipssr_score
    )
    return adjusted


@dataclass(frozen=True)
class IpssrColumns:
    """IPSS-R and IPSS-RA computed together (IPSS-RA is built on IPSS-R)."""

    ipssr: PointsColumns
    ipssra: PointsColumns

    def ipssr_result(self, row: int, columns: RiskColumns) -> IpssrResult:
        fields = self.ipssr.result_fields(
            row, columns, IPSSR_INPUT_COLUMNS, IpssrCategory, IPSSR_MODEL
        )
        return IpssrResult.model_validate(fields)

    def ipssra_result(self, row: int, columns: RiskColumns) -> IpssraResult:
        notes: tuple[str, ...] = ()
        if np.isnan(columns["AGE"][row]):
            notes = ("IPSS-RA needs the age; without it the age adjustment has no bound.",)
        fields = self.ipssra.result_fields(
            row, columns, IPSSRA_INPUT_COLUMNS, IpssrCategory, IPSSRA_MODEL, notes
        )
        return IpssraResult.model_validate(fields)


def ipssr_columns(columns: RiskColumns) -> IpssrColumns:
    """IPSS-R and IPSS-RA for every patient in ``columns``.

    The age adjustment grows with IPSS-R for every plausible age (its derivative
    1 − 0.005 × (age − 70) is positive below 270 years), so the IPSS-RA range comes from the
    IPSS-R best and worst.
    """
    per_variable = ipssr_points(columns)
    ipssr = PointsColumns.total(IPSSR_VARIABLES, per_variable, IPSSR_CUTS, _rounded)
    age = columns["AGE"]
    raw_best = np.sum([v.best for v in per_variable], axis=0)
    raw_worst = np.sum([v.worst for v in per_variable], axis=0)
    adjustment = VariablePoints.from_bounds(
        best=age_adjusted(raw_best, age) - raw_best,
        worst=age_adjusted(raw_worst, age) - raw_worst,
    )
    ra_variables = (*IPSSR_VARIABLES, AGE_ADJUSTMENT)
    ra_points = (*per_variable, adjustment)
    ipssra = PointsColumns.from_totals(
        ra_variables,
        ra_points,
        best=_rounded(age_adjusted(raw_best, age)),
        worst=_rounded(age_adjusted(raw_worst, age)),
        cuts=IPSSR_CUTS,
    )
    return IpssrColumns(ipssr=ipssr, ipssra=ipssra)


def ipssr_batch(patients: Sequence[RiskInputs]) -> list[IpssrResult]:
    """IPSS-R for many patients."""
    columns = RiskColumns.from_inputs(patients)
    computed = ipssr_columns(columns)
    return [computed.ipssr_result(row, columns) for row in range(columns.size)]


def ipssra_batch(patients: Sequence[RiskInputs]) -> list[IpssraResult]:
    """IPSS-RA for many patients."""
    columns = RiskColumns.from_inputs(patients)
    computed = ipssr_columns(columns)
    return [computed.ipssra_result(row, columns) for row in range(columns.size)]


def ipssr(patient: RiskInputs) -> IpssrResult:
    """IPSS-R for one patient (a batch of one)."""
    return ipssr_batch([patient])[0]


def ipssra(patient: RiskInputs) -> IpssraResult:
    """IPSS-RA for one patient (a batch of one)."""
    return ipssra_batch([patient])[0]
