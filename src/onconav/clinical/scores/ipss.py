"""IPSS, the International Prognostic Scoring System for MDS (1997).

Source: Greenberg P, Cox C, LeBeau MM, et al. International scoring system for evaluating
prognosis in myelodysplastic syndromes. Blood 1997;89:2079 (points table and risk groups), as
written down in IPSSR_SPEC.md ("IPSS (1997)").

Blasts: < 5 % 0; 5–10 % 0.5; 11–20 % 1.5; 21–30 % 2.0. The published bins leave gaps
(10–11, 20–21); like the usual implementations, values in a gap go to the higher bin
(> 10–20 % 1.5, > 20–30 % 2.0). Above 30 % blasts the system does not apply (the 1997 cohort
stopped at 30 %), so no score is given.
Karyotype: good 0, intermediate 0.5, poor 1.0. Cytopenias (Hb < 10 g/dL, ANC < 1.8 x10^9/L,
platelets < 100 x10^9/L): 0 or 1 of them 0, 2 or 3 of them 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from onconav.clinical.scores.arrays import FloatArray
from onconav.clinical.scores.categories import IPSS_CUTS, IpssCategory
from onconav.clinical.scores.columns import RiskColumns
from onconav.clinical.scores.inputs import RiskInputs
from onconav.clinical.scores.points import PointsColumns, PointsVariable, VariablePoints
from onconav.clinical.scores.results import IpssResult, ModelInfo

IPSS_MODEL = ModelInfo(
    name="IPSS",
    version="1997",
    reference=(
        "Greenberg P, Cox C, LeBeau MM, et al. International scoring system for evaluating "
        "prognosis in myelodysplastic syndromes. Blood 1997;89:2079"
    ),
)

IPSS_MAX_BLAST = 30.0
IPSS_CYTOPENIA_THRESHOLDS = {"HB": 10.0, "ANC": 1.8, "PLT": 100.0}  # below = cytopenia

IPSS_VARIABLES: tuple[PointsVariable, ...] = (
    PointsVariable("BM_BLAST", "bone marrow blasts", 0, 2, ("BM_BLAST",)),
    PointsVariable("CYTO_IPSS", "karyotype group (IPSS 1997)", 0, 1, ("CYTO_IPSS",)),
    PointsVariable("cytopenias", "number of cytopenias", 0, 0.5, ("HB", "ANC", "PLT")),
)
IPSS_INPUT_COLUMNS: tuple[str, ...] = ("BM_BLAST", "CYTO_IPSS", "HB", "ANC", "PLT")


def _cytopenia_points(count: FloatArray) -> FloatArray:
    points: FloatArray = np.where(count >= 2, 0.5, 0.0)
    return points


def ipss_points(columns: RiskColumns) -> tuple[VariablePoints, ...]:
    """Points of each IPSS variable; blasts above 30 % give no points at all (NaN bounds)."""
    blast = columns["BM_BLAST"]
    blast_points: FloatArray = np.select(
        [blast < 5, blast <= 10, blast <= 20, blast <= IPSS_MAX_BLAST], [0, 0.5, 1.5, 2], np.nan
    )
    blasts = VariablePoints.from_points(IPSS_VARIABLES[0], blast_points)
    out_of_scope = blast > IPSS_MAX_BLAST
    blasts = VariablePoints(
        points=blasts.points,
        best=np.where(out_of_scope, np.nan, blasts.best),
        worst=np.where(out_of_scope, np.nan, blasts.worst),
    )
    karyotype_points: FloatArray = columns["CYTO_IPSS"] * 0.5  # ranks 0, 1, 2 → 0, 0.5, 1
    karyotype = VariablePoints.from_points(IPSS_VARIABLES[1], karyotype_points)

    present = np.zeros(columns.size)
    unknown = np.zeros(columns.size)
    for column, threshold in IPSS_CYTOPENIA_THRESHOLDS.items():
        present += columns[column] < threshold
        unknown += np.isnan(columns[column])
    cytopenias = VariablePoints.from_bounds(
        best=_cytopenia_points(present),
        worst=_cytopenia_points(present + unknown),
        derived_value=np.where(unknown == 0, present, np.nan),
    )
    return blasts, karyotype, cytopenias


@dataclass(frozen=True)
class IpssColumns:
    """IPSS for many patients."""

    points: PointsColumns

    def result(self, row: int, columns: RiskColumns) -> IpssResult:
        notes: tuple[str, ...] = ()
        if columns["BM_BLAST"][row] > IPSS_MAX_BLAST:
            notes = (
                f"The IPSS (1997) covers marrow blasts up to {IPSS_MAX_BLAST:g} %; "
                "it gives no score above that.",
            )
        fields = self.points.result_fields(
            row, columns, IPSS_INPUT_COLUMNS, IpssCategory, IPSS_MODEL, notes
        )
        return IpssResult.model_validate(fields)


def ipss_columns(columns: RiskColumns) -> IpssColumns:
    """IPSS for every patient in ``columns``. Scores move in steps of 0.5: no rounding."""
    return IpssColumns(
        PointsColumns.total(IPSS_VARIABLES, ipss_points(columns), IPSS_CUTS, lambda x: x)
    )


def ipss_batch(patients: Sequence[RiskInputs]) -> list[IpssResult]:
    """IPSS for many patients."""
    columns = RiskColumns.from_inputs(patients)
    computed = ipss_columns(columns)
    return [computed.result(row, columns) for row in range(columns.size)]


def ipss(patient: RiskInputs) -> IpssResult:
    """IPSS (1997) for one patient (a batch of one)."""
    return ipss_batch([patient])[0]
