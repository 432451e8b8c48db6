"""IPSS (1997) against its published table (Greenberg et al., Blood 1997;89:2079)."""

from __future__ import annotations

import pytest

from onconav.clinical.cytogenetics import IpssCytoCategory
from onconav.clinical.scores import IpssCategory, RiskInputs, ipss

# 0 points everywhere: blasts < 5 %, good karyotype, no cytopenia.
NO_POINTS = RiskInputs(bm_blast=2, cyto_ipss=IpssCytoCategory.GOOD, hb=12, anc=3, plt=200)


@pytest.mark.parametrize(
    ("blasts", "points"),
    [(0, 0), (4.9, 0), (5, 0.5), (10, 0.5), (10.5, 1.5), (11, 1.5), (20, 1.5), (21, 2), (30, 2)],
)
def test_blast_points(blasts: float, points: float) -> None:
    result = ipss(NO_POINTS.model_copy(update={"bm_blast": blasts}))
    assert result.score == points


@pytest.mark.parametrize(
    ("group", "points"),
    [(IpssCytoCategory.GOOD, 0), (IpssCytoCategory.INTERMEDIATE, 0.5), (IpssCytoCategory.POOR, 1)],
)
def test_karyotype_points(group: IpssCytoCategory, points: float) -> None:
    assert ipss(NO_POINTS.model_copy(update={"cyto_ipss": group})).score == points


@pytest.mark.parametrize(
    ("hb", "anc", "plt", "cytopenias", "points"),
    [
        (10, 1.8, 100, 0, 0),  # thresholds are "below"
        (9.9, 1.8, 100, 1, 0),
        (12, 1.7, 100, 1, 0),
        (12, 3, 99, 1, 0),
        (9.9, 1.7, 100, 2, 0.5),
        (9.9, 1.7, 99, 3, 0.5),
    ],
)
def test_cytopenia_points(
    hb: float, anc: float, plt: float, cytopenias: int, points: float
) -> None:
    result = ipss(NO_POINTS.model_copy(update={"hb": hb, "anc": anc, "plt": plt}))
    assert result.score == points
    count = next(c for c in result.contributions if c.variable == "cytopenias")
    assert count.value == cytopenias


@pytest.mark.parametrize(
    ("blasts", "group", "hb", "category"),
    [
        (2, IpssCytoCategory.GOOD, 12, "Low"),  # 0
        (7, IpssCytoCategory.GOOD, 12, "Intermediate-1"),  # 0.5
        (7, IpssCytoCategory.INTERMEDIATE, 12, "Intermediate-1"),  # 1.0
        (15, IpssCytoCategory.GOOD, 12, "Intermediate-2"),  # 1.5
        (15, IpssCytoCategory.INTERMEDIATE, 12, "Intermediate-2"),  # 2.0
        (15, IpssCytoCategory.POOR, 12, "High"),  # 2.5
        (25, IpssCytoCategory.POOR, 8, "High"),  # 3.0 (one cytopenia: 0)
    ],
)
def test_risk_groups(blasts: float, group: IpssCytoCategory, hb: float, category: str) -> None:
    """Low 0; Int-1 0.5–1.0; Int-2 1.5–2.0; High ≥ 2.5."""
    result = ipss(NO_POINTS.model_copy(update={"bm_blast": blasts, "cyto_ipss": group, "hb": hb}))
    assert result.category == IpssCategory(category)


def test_highest_possible_score_is_high() -> None:
    result = ipss(RiskInputs(bm_blast=25, cyto_ipss=IpssCytoCategory.POOR, hb=8, anc=1, plt=50))
    assert (result.score, result.category) == (3.5, IpssCategory.HIGH)


def test_above_30_percent_blasts_is_outside_the_system() -> None:
    result = ipss(NO_POINTS.model_copy(update={"bm_blast": 31}))
    assert (result.score, result.best, result.worst, result.category) == (None, None, None, None)
    assert result.notes


def test_missing_cytopenia_inputs_give_a_range_unless_they_cannot_matter() -> None:
    one_known_one_missing = ipss(NO_POINTS.model_copy(update={"hb": 9, "anc": None}))
    assert (one_known_one_missing.best, one_known_one_missing.worst) == (0, 0.5)
    assert one_known_one_missing.score is None
    two_known = ipss(NO_POINTS.model_copy(update={"hb": 9, "anc": 1, "plt": None}))
    assert two_known.score == 0.5  # already two cytopenias
    none_known_one_missing = ipss(NO_POINTS.model_copy(update={"plt": None}))
    assert none_known_one_missing.score == 0  # at most one cytopenia


def test_missing_karyotype_gives_the_range_over_the_three_groups() -> None:
    result = ipss(NO_POINTS.model_copy(update={"cyto_ipss": None}))
    assert (result.best, result.worst) == (0, 1)
    assert (result.category_best, result.category_worst) == (
        IpssCategory.LOW,
        IpssCategory.INTERMEDIATE_1,
    )
    assert result.category is None
    assert result.inputs_missing == ("CYTO_IPSS",)
