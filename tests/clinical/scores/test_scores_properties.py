"""Properties every patient's scores must have, whatever the inputs (hypothesis)."""

from __future__ import annotations

import math
from typing import Any, TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory
from onconav.clinical.scores import (
    IpssCategory,
    IpssmCategory,
    IpssmComment,
    IpssmGene,
    IpssrCategory,
    RiskInputs,
    Tp53MutationCount,
    ipssm,
    risk_scores,
    risk_scores_batch,
)

EXAMPLES = 150
T = TypeVar("T")

# The range each measurement is drawn from, and for the ones the monotonicity tests vary,
# whether a larger value is more adverse (IPSS-M: Bernard 2022 coefficients; IPSS-R:
# Greenberg 2012 points).
MEASUREMENTS: dict[str, st.SearchStrategy[float]] = {
    "hb": st.floats(1, 25),
    "plt": st.floats(0, 1500),
    "bm_blast": st.floats(0, 30),
    "anc": st.floats(0, 20),
    "age": st.floats(18, 100),
    "tp53_max_vaf": st.floats(0, 1),
}
LARGER_IS_WORSE: dict[str, bool] = {
    "bm_blast": True,
    "tp53_max_vaf": True,
    "hb": False,
    "plt": False,
    "anc": False,
}


def _maybe(strategy: st.SearchStrategy[Any], complete: bool) -> st.SearchStrategy[Any]:
    return strategy if complete else st.one_of(st.none(), strategy)


@st.composite
def patients(draw: st.DrawFn, complete: bool = False) -> RiskInputs:
    def m(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(_maybe(strategy, complete))

    flag = st.booleans()
    genes: dict[IpssmGene, bool] = {}
    for gene in IpssmGene:
        status = m(flag)
        if status is not None:
            genes[gene] = status
    return RiskInputs(
        hb=m(MEASUREMENTS["hb"]),
        plt=m(MEASUREMENTS["plt"]),
        bm_blast=m(MEASUREMENTS["bm_blast"]),
        anc=m(MEASUREMENTS["anc"]),
        age=m(MEASUREMENTS["age"]),
        cyto_ipssr=m(st.sampled_from(IpssrCytoCategory)),
        cyto_ipss=m(st.sampled_from(IpssCytoCategory)),
        del5q=m(flag),
        del7_7q=m(flag),
        del17_17p=m(flag),
        complex=m(flag),
        tp53_mutations=m(st.sampled_from(Tp53MutationCount)),
        tp53_max_vaf=m(MEASUREMENTS["tp53_max_vaf"]),
        tp53_loh=m(flag),
        mll_ptd=m(flag),
        flt3=m(flag),
        genes=genes,
    )


def ipssm_category(score: float) -> IpssmCategory:
    """IPSS-M cut points written out (IPSSM_SPEC §3), independent of the implementation."""
    if score <= -1.5:
        return IpssmCategory.VERY_LOW
    if score <= -0.5:
        return IpssmCategory.LOW
    if score <= 0:
        return IpssmCategory.MODERATE_LOW
    if score <= 0.5:
        return IpssmCategory.MODERATE_HIGH
    if score <= 1.5:
        return IpssmCategory.HIGH
    return IpssmCategory.VERY_HIGH


def ipssr_category(score: float) -> IpssrCategory:
    """IPSS-R risk groups written out (Greenberg 2012, Table 3)."""
    if score <= 1.5:
        return IpssrCategory.VERY_LOW
    if score <= 3:
        return IpssrCategory.LOW
    if score <= 4.5:
        return IpssrCategory.INTERMEDIATE
    if score <= 6:
        return IpssrCategory.HIGH
    return IpssrCategory.VERY_HIGH


def ipss_category(score: float) -> IpssCategory:
    """IPSS 1997 groups: Low 0; Int-1 0.5–1.0; Int-2 1.5–2.0; High ≥ 2.5."""
    if score == 0:
        return IpssCategory.LOW
    if score <= 1:
        return IpssCategory.INTERMEDIATE_1
    if score <= 2:
        return IpssCategory.INTERMEDIATE_2
    return IpssCategory.HIGH


@settings(max_examples=EXAMPLES)
@given(patients())
def test_best_mean_worst_are_ordered(patient: RiskInputs) -> None:
    scores = risk_scores(patient)
    m = scores.ipssm
    assert m.best.raw_score <= m.mean.raw_score + 1e-12
    assert m.mean.raw_score <= m.worst.raw_score + 1e-12
    assert m.best.score <= m.mean.score <= m.worst.score
    for points in (scores.ipssr, scores.ipss):
        if points.best is not None and points.worst is not None:
            assert points.best <= points.worst
            if points.score is not None:
                assert points.best == points.score == points.worst


@settings(max_examples=EXAMPLES)
@given(patients(complete=True))
def test_no_missing_input_means_no_range(patient: RiskInputs) -> None:
    scores = risk_scores(patient)
    m = scores.ipssm
    assert m.best.score == m.mean.score == m.worst.score
    assert m.comment is IpssmComment.NO_UNCERTAINTY
    assert m.score == m.mean.score
    assert m.category == m.mean.category
    assert m.inputs_missing == ()
    assert all(c.value is not None and c.swing == 0 for c in m.contributions)
    for points in (scores.ipssr, scores.ipssra):
        assert points.score is not None
        assert points.best == points.score == points.worst
        assert points.category is not None


@settings(max_examples=EXAMPLES)
@given(patients())
def test_categories_follow_the_cut_points(patient: RiskInputs) -> None:
    scores = risk_scores(patient)
    m = scores.ipssm
    for scenario in (m.mean, m.best, m.worst):
        assert scenario.category == ipssm_category(scenario.score)
        assert scenario.score == round(scenario.raw_score, 2) or math.isclose(
            abs(scenario.score - scenario.raw_score), 0.005, abs_tol=1e-9
        )
    for result, cut in ((scores.ipssr, ipssr_category), (scores.ipssra, ipssr_category)):
        if result.best is not None and result.worst is not None:
            assert result.category_best == cut(result.best)
            assert result.category_worst == cut(result.worst)
            expected = cut(result.best) if cut(result.best) == cut(result.worst) else None
            assert result.category == expected
    if scores.ipss.score is not None:
        assert scores.ipss.category == ipss_category(scores.ipss.score)


@settings(max_examples=EXAMPLES)
@given(patients())
def test_consolidated_result_follows_the_r_rule(patient: RiskInputs) -> None:
    m = ipssm(patient)
    spread = round(m.worst.score - m.best.score, 2)
    if spread == 0:
        assert m.comment is IpssmComment.NO_UNCERTAINTY
    if spread <= 1:
        assert (m.score, m.category) == (m.mean.score, m.mean.category)
    elif m.best.category == m.worst.category:
        assert (m.score, m.category) == (None, m.mean.category)
        assert m.comment is IpssmComment.STABLE_CATEGORY
    else:
        assert (m.score, m.category) == (None, None)
        assert m.comment is IpssmComment.ABOVE_LIMIT


@settings(max_examples=EXAMPLES)
@given(patients())
def test_contributions_sum_to_the_raw_scores(patient: RiskInputs) -> None:
    scores = risk_scores(patient)
    m = scores.ipssm
    for name, scenario in (("mean", m.mean), ("best", m.best), ("worst", m.worst)):
        total = sum(getattr(c, name) for c in m.contributions)
        assert math.isclose(total, scenario.raw_score, abs_tol=1e-9)
    for points in (scores.ipssr, scores.ipss):
        if points.best is not None and points.worst is not None:
            assert sum(c.best or 0 for c in points.contributions) == points.best
            assert sum(c.worst or 0 for c in points.contributions) == points.worst
    ra = scores.ipssra
    if ra.score is not None:
        total = sum(c.points or 0 for c in ra.contributions)
        assert math.isclose(total, ra.score, abs_tol=1e-4)  # IPSS-RA is rounded to 4 decimals


@settings(max_examples=100)
@given(st.lists(patients(), min_size=1, max_size=8))
def test_single_patient_equals_its_batch_row(batch: list[RiskInputs]) -> None:
    together = risk_scores_batch(batch)
    for patient, from_batch in zip(batch, together, strict=True):
        assert risk_scores(patient) == from_batch


# Where the IPSS-M says a finding is adverse, a more adverse value never lowers the score
# (Bernard 2022: positive coefficients; hemoglobin and platelets negative). SF3B1 and the
# cytogenetic flags del7_7q / complex are left out: they act through SF3B1_5q / SF3B1_alpha,
# whose effects point in opposite directions.
ADVERSE_FLAGS = [
    "mll_ptd",
    "flt3",
    "tp53_loh",
    "del17_17p",
    "del5q",
]
ADVERSE_GENES = [g for g in IpssmGene if g is not IpssmGene.SF3B1]
# Categories listed from the most favourable to the most adverse.
ORDERED_CATEGORIES: dict[str, list[Any]] = {
    "cyto_ipssr": list(IpssrCytoCategory),
    "cyto_ipss": list(IpssCytoCategory),
    "tp53_mutations": list(Tp53MutationCount),
}


def _ipssm_scores(patient: RiskInputs) -> tuple[float, float, float]:
    m = ipssm(patient)
    return m.best.raw_score, m.mean.raw_score, m.worst.raw_score


def _not_lower(lower: RiskInputs, higher: RiskInputs) -> None:
    for a, b in zip(_ipssm_scores(lower), _ipssm_scores(higher), strict=True):
        assert a <= b + 1e-12


def _better_and_worse(data: st.DataObject, field: str) -> tuple[float, float]:
    """Two values of a measurement, the less adverse first."""
    a, b = sorted((data.draw(MEASUREMENTS[field]), data.draw(MEASUREMENTS[field])))
    return (a, b) if LARGER_IS_WORSE[field] else (b, a)


def _in_order(data: st.DataObject, choices: list[T]) -> tuple[T, T]:
    """Two entries of an ordered list, the earlier (less adverse) first."""
    i, j = sorted(data.draw(st.integers(0, len(choices) - 1)) for _ in range(2))
    return choices[i], choices[j]


@settings(max_examples=EXAMPLES)
@given(patients(), st.sampled_from(ADVERSE_GENES))
def test_ipssm_monotone_in_adverse_genes(patient: RiskInputs, gene: IpssmGene) -> None:
    wild = patient.model_copy(update={"genes": {**patient.genes, gene: False}})
    mutated = patient.model_copy(update={"genes": {**patient.genes, gene: True}})
    _not_lower(wild, mutated)


@settings(max_examples=EXAMPLES)
@given(patients(), st.sampled_from(ADVERSE_FLAGS))
def test_ipssm_monotone_in_adverse_findings(patient: RiskInputs, field: str) -> None:
    _not_lower(patient.model_copy(update={field: False}), patient.model_copy(update={field: True}))


@settings(max_examples=EXAMPLES)
@given(patients(), st.data())
def test_ipssm_monotone_in_measurements(patient: RiskInputs, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["bm_blast", "tp53_max_vaf", "hb", "plt"]))
    better, worse = _better_and_worse(data, field)
    _not_lower(
        patient.model_copy(update={field: better}), patient.model_copy(update={field: worse})
    )


@settings(max_examples=EXAMPLES)
@given(patients(), st.data())
def test_ipssm_monotone_in_ordered_categories(patient: RiskInputs, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["cyto_ipssr", "tp53_mutations"]))
    better, worse = _in_order(data, ORDERED_CATEGORIES[field])
    _not_lower(
        patient.model_copy(update={field: better}), patient.model_copy(update={field: worse})
    )


@settings(max_examples=EXAMPLES)
@given(patients(), st.data())
def test_points_scores_monotone(patient: RiskInputs, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["bm_blast", "hb", "plt", "anc", "cyto_ipssr", "cyto_ipss"]))
    if field in ORDERED_CATEGORIES:
        better, worse = _in_order(data, ORDERED_CATEGORIES[field])
    else:
        better, worse = _better_and_worse(data, field)
    low = risk_scores(patient.model_copy(update={field: better}))
    high = risk_scores(patient.model_copy(update={field: worse}))
    for name in ("ipssr", "ipssra", "ipss"):
        lo, hi = getattr(low, name), getattr(high, name)
        if None not in (lo.best, hi.best):
            assert lo.best <= hi.best + 1e-9
            assert lo.worst <= hi.worst + 1e-9
