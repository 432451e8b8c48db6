"""IPSS-R and IPSS-RA against the published table (Greenberg et al., Blood 2012;120:2454)."""

from __future__ import annotations

import pytest

from onconav.clinical.cytogenetics import IpssrCytoCategory
from onconav.clinical.scores import IpssrCategory, RiskInputs, ipssr, ipssra

# A patient worth 0 points on every variable: Very Good cytogenetics, blasts ≤ 2 %,
# Hb ≥ 10, platelets ≥ 100, ANC ≥ 0.8.
ZERO_POINTS = RiskInputs(
    cyto_ipssr=IpssrCytoCategory.VERY_GOOD, bm_blast=1, hb=12, plt=200, anc=2, age=70
)

# (variable, value, points): the published table, at and around every bin edge.
POINTS_TABLE = [
    ("cyto_ipssr", IpssrCytoCategory.VERY_GOOD, 0),
    ("cyto_ipssr", IpssrCytoCategory.GOOD, 1),
    ("cyto_ipssr", IpssrCytoCategory.INTERMEDIATE, 2),
    ("cyto_ipssr", IpssrCytoCategory.POOR, 3),
    ("cyto_ipssr", IpssrCytoCategory.VERY_POOR, 4),
    ("bm_blast", 0, 0),
    ("bm_blast", 2, 0),
    ("bm_blast", 2.01, 1),
    ("bm_blast", 4.99, 1),
    ("bm_blast", 4.995, 1),  # "> 2 to < 5 %" (the web calculator's bins give 2)
    ("bm_blast", 5, 2),
    ("bm_blast", 10, 2),
    ("bm_blast", 10.01, 3),
    ("bm_blast", 19, 3),
    ("hb", 10, 0),
    ("hb", 9.99, 1),
    ("hb", 8, 1),
    ("hb", 7.99, 1.5),
    ("plt", 100, 0),
    ("plt", 99.9, 0.5),
    ("plt", 50, 0.5),
    ("plt", 49.9, 1),
    ("plt", 0, 1),
    ("anc", 0.8, 0),
    ("anc", 0.79, 0.5),
    ("anc", 0, 0.5),
]
COLUMN = {
    "cyto_ipssr": "CYTO_IPSSR",
    "bm_blast": "BM_BLAST",
    "hb": "HB",
    "plt": "PLT",
    "anc": "ANC",
}


@pytest.mark.parametrize(("field", "value", "points"), POINTS_TABLE)
def test_published_points_table(field: str, value: object, points: float) -> None:
    result = ipssr(ZERO_POINTS.model_copy(update={field: value}))
    assert result.score == points
    by_variable = {c.variable: c.points for c in result.contributions}
    assert by_variable[COLUMN[field]] == points
    assert sum(p for p in by_variable.values() if p is not None) == points


def _patient_with_score(score: float) -> RiskInputs:
    """A complete patient with the given IPSS-R score (cytogenetics + blasts + Hb + PLT)."""
    update: dict[str, object] = {}
    remaining = score
    cyto = min(int(remaining), 4)
    update["cyto_ipssr"] = list(IpssrCytoCategory)[cyto]
    remaining -= cyto
    blasts = {0: 1, 1: 3, 2: 7, 3: 15}[min(int(remaining), 3)]
    update["bm_blast"] = blasts
    remaining -= min(int(remaining), 3)
    if remaining == 0.5:
        update["anc"] = 0.5
    return ZERO_POINTS.model_copy(update=update)


# Risk groups, closed on the right: ≤ 1.5 Very Low; > 1.5–3 Low; > 3–4.5 Intermediate;
# > 4.5–6 High; > 6 Very High (Greenberg 2012, Table 3).
CUT_POINTS = [
    (0, "Very Low"),
    (1.5, "Very Low"),
    (2, "Low"),
    (3, "Low"),
    (3.5, "Intermediate"),
    (4.5, "Intermediate"),
    (5, "High"),
    (6, "High"),
    (6.5, "Very High"),
    (7, "Very High"),
]


@pytest.mark.parametrize(("score", "category"), CUT_POINTS)
def test_risk_group_cut_points(score: float, category: str) -> None:
    result = ipssr(_patient_with_score(score))
    assert result.score == score
    assert result.category == IpssrCategory(category)


@pytest.mark.parametrize(
    ("ipssr_score", "age", "expected"),
    [
        (4.0, 79, 4.27),  # official test pp347
        (3.5, 100, 4.475),  # official test zeroScore
        (2.0, 18, -0.08),
        (2.0, 100, 3.2),
        (3.0, 70, 3.0),
    ],
)
def test_age_adjustment_formula(ipssr_score: float, age: float, expected: float) -> None:
    """IPSS-RA = IPSS-R + (age − 70) × (0.05 − 0.005 × IPSS-R)."""
    result = ipssra(_patient_with_score(ipssr_score).model_copy(update={"age": age}))
    assert result.score == pytest.approx(expected, abs=1e-9)
    adjustment = next(c for c in result.contributions if c.variable == "AGE")
    assert adjustment.points == pytest.approx(expected - ipssr_score, abs=1e-9)


def test_very_poor_everything_is_ten_at_any_age() -> None:
    worst = RiskInputs(
        cyto_ipssr=IpssrCytoCategory.VERY_POOR, bm_blast=15, hb=7, plt=20, anc=0.3, age=40
    )
    assert ipssr(worst).score == 10
    for age in (20, 70, 100):
        assert ipssra(worst.model_copy(update={"age": age})).score == pytest.approx(10)


def test_missing_anc_adds_zero_or_half_a_point() -> None:
    result = ipssr(ZERO_POINTS.model_copy(update={"anc": None}))
    assert (result.score, result.best, result.worst) == (None, 0, 0.5)
    assert result.category is IpssrCategory.VERY_LOW  # both ends are Very Low
    assert result.inputs_missing == ("ANC",)
    anc = next(c for c in result.contributions if c.variable == "ANC")
    assert (anc.value, anc.points, anc.best, anc.worst) == (None, None, 0, 0.5)


def test_missing_karyotype_spans_the_five_cytogenetic_groups() -> None:
    base = ZERO_POINTS.model_copy(update={"cyto_ipssr": None, "bm_blast": 7})  # blasts: 2
    result = ipssr(base)
    assert (result.best, result.worst) == (2, 6)
    assert (result.category_best, result.category_worst) == (
        IpssrCategory.LOW,
        IpssrCategory.HIGH,
    )
    assert result.category is None
    # each group falls inside the range
    for group in IpssrCytoCategory:
        known = ipssr(base.model_copy(update={"cyto_ipssr": group}))
        assert known.score is not None
        assert result.best <= known.score <= result.worst


def test_everything_missing_spans_zero_to_ten() -> None:
    result = ipssr(RiskInputs())
    assert (result.score, result.best, result.worst) == (None, 0, 10)
    assert result.inputs_missing == ("CYTO_IPSSR", "BM_BLAST", "HB", "PLT", "ANC")
    assert ipssra(RiskInputs()).best is None


def test_ipssra_range_follows_the_ipssr_range() -> None:
    result = ipssra(ZERO_POINTS.model_copy(update={"anc": None, "age": 80}))
    # IPSS-R 0 → 0 + 10 × 0.05 = 0.5; IPSS-R 0.5 → 0.5 + 10 × (0.05 − 0.0025) = 0.975
    assert result.best == pytest.approx(0.5)
    assert result.worst == pytest.approx(0.975)
    assert result.score is None
