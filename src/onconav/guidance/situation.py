"""Where a person stands: subtype, risk scores and the lower/higher-risk question.

Lower vs higher risk: IPSS-R ≤ 3.5 points is the split used to separate lower-
from higher-risk disease (Pfeilstöcker M et al., Blood 2016;128:902, as the
knowledge-base article mds-lower-vs-higher-risk explains). For IPSS-M, Very Low
and Low are lower risk and High and Very High higher risk; the two middle groups
sit either side of the average patient and are reported as borderline, with the
advice to ask where the care team draws the line. When the scores' ranges span
both sides, the risk level is "not settled" and the missing tests say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from onconav.clinical.classification import SideBySide, classify
from onconav.clinical.scores import IpssmCategory, RiskScores, risk_scores
from onconav.guidance.findings import findings_from_profile
from onconav.records.profile import PatientProfile

IPSSR_LOWER_RISK_MAX = 3.5
IPSSM_LOWER = frozenset({IpssmCategory.VERY_LOW, IpssmCategory.LOW})
IPSSM_HIGHER = frozenset({IpssmCategory.HIGH, IpssmCategory.VERY_HIGH})


class RiskLevel(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"
    BORDERLINE = "borderline"
    NOT_SETTLED = "not settled"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Situation:
    profile: PatientProfile
    scores: RiskScores | None
    scores_error: str | None
    classification: SideBySide | None
    risk_level: RiskLevel
    risk_basis: str

    @property
    def has_records(self) -> bool:
        return bool(self.profile.facts)


def assess(profile: PatientProfile) -> Situation:
    scores: RiskScores | None = None
    error: str | None = None
    if profile.facts:
        try:
            scores = risk_scores(profile.risk.to_risk_inputs())
        except ValueError as exc:
            # A value outside the plausible range (e.g. a unit the extractor could not
            # confirm): the scores are not computed rather than computed wrong.
            error = str(exc)
    classification = classify(findings_from_profile(profile)) if profile.facts else None
    level, basis = risk_level(scores)
    return Situation(profile, scores, error, classification, level, basis)


def risk_level(scores: RiskScores | None) -> tuple[RiskLevel, str]:
    if scores is None:
        return RiskLevel.UNKNOWN, "no risk score could be computed from the records"
    ipssm = scores.ipssm
    best, worst = ipssm.best.category, ipssm.worst.category
    if best in IPSSM_LOWER and worst in IPSSM_LOWER:
        return RiskLevel.LOWER, f"IPSS-M {_range(best, worst)}"
    if best in IPSSM_HIGHER and worst in IPSSM_HIGHER:
        return RiskLevel.HIGHER, f"IPSS-M {_range(best, worst)}"
    ipssr = scores.ipssr
    if ipssr.best is not None and ipssr.worst is not None:
        if ipssr.worst <= IPSSR_LOWER_RISK_MAX and best not in IPSSM_HIGHER:
            return RiskLevel.LOWER, f"IPSS-R {ipssr.worst:g} points or fewer"
        if ipssr.best > IPSSR_LOWER_RISK_MAX and worst not in IPSSM_LOWER:
            return RiskLevel.HIGHER, f"IPSS-R more than {IPSSR_LOWER_RISK_MAX:g} points"
    if best == worst:
        return RiskLevel.BORDERLINE, f"IPSS-M {best.value}, between lower and higher risk"
    return RiskLevel.NOT_SETTLED, f"IPSS-M could be anywhere from {_range(best, worst)}"


def _range(best: IpssmCategory, worst: IpssmCategory) -> str:
    return best.value if best == worst else f"{best.value} to {worst.value}"
