"""Risk categories of each model, spelled as the references spell them, and their cut points."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

import numpy as np

from onconav.clinical.scores.arrays import CodeArray, FloatArray

NOT_KNOWN = -1  # category code of a score that could not be determined


class IpssmCategory(StrEnum):
    """IPSS-M risk categories (Bernard et al., NEJM Evid 2022; ipssm R package v1.0.0)."""

    VERY_LOW = "Very Low"
    LOW = "Low"
    MODERATE_LOW = "Moderate Low"
    MODERATE_HIGH = "Moderate High"
    HIGH = "High"
    VERY_HIGH = "Very High"


class IpssrCategory(StrEnum):
    """IPSS-R risk groups (Greenberg et al., Blood 2012;120:2454, Table 3).

    The web calculator abbreviates Intermediate as "Int"; the paper spells it out.
    """

    VERY_LOW = "Very Low"
    LOW = "Low"
    INTERMEDIATE = "Intermediate"
    HIGH = "High"
    VERY_HIGH = "Very High"


class IpssCategory(StrEnum):
    """IPSS (1997) risk groups (Greenberg et al., Blood 1997;89:2079)."""

    LOW = "Low"
    INTERMEDIATE_1 = "Intermediate-1"
    INTERMEDIATE_2 = "Intermediate-2"
    HIGH = "High"


# Upper bounds (inclusive) of every category but the last: R ``cut(..., right = TRUE)``.
IPSSM_CUTS: tuple[float, ...] = (-1.5, -0.5, 0.0, 0.5, 1.5)  # IPSSM_SPEC §3
IPSSR_CUTS: tuple[float, ...] = (1.5, 3.0, 4.5, 6.0)  # Greenberg 2012, Table 3
# IPSS 1997 groups: Low 0, Int-1 0.5–1.0, Int-2 1.5–2.0, High ≥ 2.5 (scores move in 0.5 steps).
IPSS_CUTS: tuple[float, ...] = (0.0, 1.0, 2.0)

CategoryT = TypeVar("CategoryT", IpssmCategory, IpssrCategory, IpssCategory)


def category_codes(scores: FloatArray, cuts: tuple[float, ...]) -> CodeArray:
    """Category index of each score, intervals closed on the right; NaN → ``NOT_KNOWN``."""
    codes = np.searchsorted(np.array(cuts), scores, side="left").astype(np.int64)
    codes[np.isnan(scores)] = NOT_KNOWN
    return codes


def category_of(code: int, categories: type[CategoryT]) -> CategoryT | None:
    """The category for a code, or None for ``NOT_KNOWN``."""
    return None if code == NOT_KNOWN else list(categories)[code]


def round_half_up(values: FloatArray, digits: int) -> FloatArray:
    """Round as the web calculator does (``Math.round(x * 10^d) / 10^d``).

    R's ``round`` differs only at exact ties, which did not occur in 6,120 scenario scores
    (IPSSM_SPEC §3). Adding 0.0 turns -0.0 into 0.0 so a score never prints as "-0".
    """
    scale = 10.0**digits
    rounded: FloatArray = np.floor(values * scale + 0.5) / scale + 0.0
    return rounded
