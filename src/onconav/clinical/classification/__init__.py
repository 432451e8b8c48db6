"""WHO 2022 and ICC 2022 MDS classification: candidate categories with reasons and gaps.

Pure functions over typed findings. Results are candidates for a pathologist to confirm;
unknown inputs are never taken as normal.
"""

from onconav.clinical.classification.api import (
    classify,
    classify_icc2022,
    classify_who2022,
    findings_json_schema,
)
from onconav.clinical.classification.findings import Findings
from onconav.clinical.classification.result import (
    CategoryKind,
    Classification,
    Criterion,
    Flag,
    MissingInput,
    PossibleCategory,
    SideBySide,
    Status,
    System,
)

__all__ = [
    "CategoryKind",
    "Classification",
    "Criterion",
    "Findings",
    "Flag",
    "MissingInput",
    "PossibleCategory",
    "SideBySide",
    "Status",
    "System",
    "classify",
    "classify_icc2022",
    "classify_who2022",
    "findings_json_schema",
]
