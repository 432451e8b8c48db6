"""Every MDS risk score at once: IPSS-M, IPSS-R, IPSS-RA and IPSS (1997)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from onconav.clinical.scores.columns import RiskColumns
from onconav.clinical.scores.inputs import RiskInputs
from onconav.clinical.scores.ipss import IpssColumns, ipss_columns
from onconav.clinical.scores.ipssm import IpssmColumns, ipssm_columns
from onconav.clinical.scores.ipssr import IpssrColumns, ipssr_columns
from onconav.clinical.scores.results import RiskScores


@dataclass(frozen=True)
class RiskScoreColumns:
    """All scores for many patients, with the columns they were computed from."""

    columns: RiskColumns
    ipssm: IpssmColumns
    ipssr: IpssrColumns
    ipss: IpssColumns

    def result(self, row: int) -> RiskScores:
        return RiskScores(
            ipssm=self.ipssm.result(row, self.columns),
            ipssr=self.ipssr.ipssr_result(row, self.columns),
            ipssra=self.ipssr.ipssra_result(row, self.columns),
            ipss=self.ipss.result(row, self.columns),
        )


def risk_score_columns(columns: RiskColumns) -> RiskScoreColumns:
    """Every score for every patient in ``columns`` (vectorised)."""
    return RiskScoreColumns(
        columns=columns,
        ipssm=ipssm_columns(columns),
        ipssr=ipssr_columns(columns),
        ipss=ipss_columns(columns),
    )


def risk_scores_batch(patients: Sequence[RiskInputs]) -> list[RiskScores]:
    """Every score for many patients, as typed results."""
    computed = risk_score_columns(RiskColumns.from_inputs(patients))
    return [computed.result(row) for row in range(len(patients))]


def risk_scores(patient: RiskInputs) -> RiskScores:
    """Every score for one patient (a batch of one)."""
    return risk_scores_batch([patient])[0]
