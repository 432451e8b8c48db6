"""MDS risk scores: IPSS (1997), IPSS-R and IPSS-RA (2012), IPSS-M (2022).

One implementation over columns of patients (``RiskColumns``) serves single patients and
batches: ``ipssm(patient)`` is ``ipssm_batch([patient])[0]``. ``None`` = not known; missing
inputs give best / worst bounds instead of a guess.
"""

from onconav.clinical.scores.all_scores import (
    RiskScoreColumns,
    risk_score_columns,
    risk_scores,
    risk_scores_batch,
)
from onconav.clinical.scores.categories import IpssCategory, IpssmCategory, IpssrCategory
from onconav.clinical.scores.columns import RiskColumns
from onconav.clinical.scores.inputs import (
    IpssmGene,
    RiskInputs,
    Tp53MutationCount,
    VafUnit,
    parse_vaf,
)
from onconav.clinical.scores.ipss import ipss, ipss_batch, ipss_columns
from onconav.clinical.scores.ipssm import (
    IPSSM_TP53_LOH_VAF_THRESHOLD,
    Scenario,
    ipssm,
    ipssm_batch,
    ipssm_columns,
)
from onconav.clinical.scores.ipssr import ipssr, ipssr_batch, ipssr_columns, ipssra, ipssra_batch
from onconav.clinical.scores.karyotype_inputs import (
    KaryotypeConflictError,
    with_alternative_karyotype,
    with_karyotype,
)
from onconav.clinical.scores.results import (
    IpssmComment,
    IpssmContribution,
    IpssmResult,
    IpssraResult,
    IpssResult,
    IpssrResult,
    ModelInfo,
    PointsContribution,
    RiskScores,
    ScenarioScore,
)

__all__ = [
    "IPSSM_TP53_LOH_VAF_THRESHOLD",
    "IpssCategory",
    "IpssResult",
    "IpssmCategory",
    "IpssmComment",
    "IpssmContribution",
    "IpssmGene",
    "IpssmResult",
    "IpssrCategory",
    "IpssrResult",
    "IpssraResult",
    "KaryotypeConflictError",
    "ModelInfo",
    "PointsContribution",
    "RiskColumns",
    "RiskInputs",
    "RiskScoreColumns",
    "RiskScores",
    "Scenario",
    "ScenarioScore",
    "Tp53MutationCount",
    "VafUnit",
    "ipss",
    "ipss_batch",
    "ipss_columns",
    "ipssm",
    "ipssm_batch",
    "ipssm_columns",
    "ipssr",
    "ipssr_batch",
    "ipssr_columns",
    "ipssra",
    "ipssra_batch",
    "parse_vaf",
    "risk_score_columns",
    "risk_scores",
    "risk_scores_batch",
    "with_alternative_karyotype",
    "with_karyotype",
]
