"""IPSS-M, the Molecular International Prognostic Scoring System for MDS (2022).

Source: Bernard E, Tuechler H, Greenberg PL, et al. Molecular International Prognostic Scoring
System for Myelodysplastic Syndromes. NEJM Evidence 2022, doi:10.1056/EVIDoa2200008.
Coefficients, cohort means, best/worst values, derived variables, categories and the
consolidation rule as implemented by the official ipssm R package v1.0.0 (papaemmelab/ipssm,
``R/IPSSMprocess.R``, ``R/IPSSMmain.R``, ``R/IPSSMannotate.R``) and the web calculator's
ipssm-api v1.0.4 (``src/utils/betasRiskScore.ts``), as written down in IPSSM_SPEC.md.

Where the two implementations differ, the published IWG-PM cohort scores decide for complete
inputs (hemoglobin is not clipped to 4–20 g/dL, like the web calculator), and the R package
decides for missing inputs (imputation, worst hemoglobin 4 g/dL, consolidated result).

Everything is computed on columns (``RiskColumns``); ``ipssm`` scores one patient as a batch of
one through the same code.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

import numpy as np

from onconav.clinical.scores.arrays import BoolArray, CodeArray, FloatArray
from onconav.clinical.scores.categories import (
    IPSSM_CUTS,
    NOT_KNOWN,
    IpssmCategory,
    category_codes,
    category_of,
    round_half_up,
)
from onconav.clinical.scores.columns import RiskColumns, optional_float
from onconav.clinical.scores.inputs import (
    MAIN_EFFECT_GENES,
    RESIDUAL_GENES,
    IpssmGene,
    RiskInputs,
)
from onconav.clinical.scores.results import (
    IpssmComment,
    IpssmContribution,
    IpssmResult,
    ModelInfo,
    ScenarioScore,
)

IPSSM_MODEL = ModelInfo(
    name="IPSS-M",
    version="2022; ipssm R package 1.0.0 and web calculator ipssm-api 1.0.4",
    reference=(
        "Bernard E, Tuechler H, Greenberg PL, et al. Molecular International Prognostic "
        "Scoring System for Myelodysplastic Syndromes. NEJM Evidence 2022. "
        "doi:10.1056/EVIDoa2200008"
    ),
)

# IPSS-M rule (IPSSM_SPEC §2, R ``IPSSMprocess``): TP53 loss of heterozygosity is inferred
# when the largest TP53 VAF is strictly above this fraction. The WHO / ICC multi-hit rules
# use other thresholds and live in the classification package.
IPSSM_TP53_LOH_VAF_THRESHOLD = 0.55

# Residual genes are counted up to this cap; with some of them unknown, the mean scenario
# adds a share of the IWG-PM average count (R ``Nres``, IPSSM_SPEC §2).
NRES2_CAP = 2
NRES2_COHORT_MEAN = 0.388

# R ``IPSSMannotate(range.max = 1)``: a worst − best range up to 1 still gives a score.
CONSOLIDATION_RANGE_LIMIT_HUNDREDTHS = 100

# Hemoglobin range of both official calculators (R clips to it, the web refuses outside it).
CALCULATOR_HB_RANGE = (4.0, 20.0)

# Genes whose mutation rules out the favourable SF3B1 subset (SF3B1_alpha).
SF3B1_ALPHA_BLOCKERS: tuple[IpssmGene, ...] = (
    IpssmGene.SRSF2,
    IpssmGene.STAG2,
    IpssmGene.BCOR,
    IpssmGene.BCORL1,
    IpssmGene.RUNX1,
    IpssmGene.NRAS,
)


class Scenario(StrEnum):
    """How missing values are filled in: cohort mean, most favourable, least favourable."""

    MEAN = "mean"
    BEST = "best"
    WORST = "worst"


@dataclass(frozen=True)
class ModelVariable:
    """One IPSS-M term (IPSSM_SPEC §3): coefficient, cohort mean, best and worst value."""

    name: str
    label: str
    beta: float
    mean: float
    best: float
    worst: float
    inputs: tuple[str, ...]  # the batch columns it is derived from


_TP53_INPUTS = ("TP53mut", "TP53loh", "TP53maxvaf", "del17_17p")
_SF3B1_5Q_INPUTS = ("SF3B1", "del5q", "del7_7q", "complex")


def _gene(gene: IpssmGene, beta: float, mean: float) -> ModelVariable:
    return ModelVariable(gene.value, f"{gene.value} mutation", beta, mean, 0, 1, (gene.value,))


# Order and values as in IPSSM_SPEC §3 (identical in R ``IPSSMmain`` and JS
# ``betasRiskScore.ts``, except the worst hemoglobin: R 4, JS 2; the R value is used because
# only R imputes a missing hemoglobin). nRes2's best/worst come from ``_residual_counts``.
IPSSM_VARIABLES: tuple[ModelVariable, ...] = (
    ModelVariable("HB1", "hemoglobin", -0.171, 9.87, 20, 4, ("HB",)),
    ModelVariable("TRANSF_PLT100", "platelets", -0.222, 1.41, 2.5, 0, ("PLT",)),
    ModelVariable("BLAST5", "bone marrow blasts", 0.352, 0.922, 0, 4, ("BM_BLAST",)),
    ModelVariable("CYTOVEC", "cytogenetic risk group", 0.287, 1.39, 0, 4, ("CYTO_IPSSR",)),
    ModelVariable("TP53multi", "TP53 multi-hit", 1.18, 0.071, 0, 1, _TP53_INPUTS),
    ModelVariable("FLT3", "FLT3 mutation (ITD or TKD)", 0.798, 0.0108, 0, 1, ("FLT3",)),
    ModelVariable("MLL_PTD", "KMT2A partial tandem duplication", 0.798, 0.0247, 0, 1, ("MLL_PTD",)),
    ModelVariable(
        "SF3B1_5q", "SF3B1 mutation with isolated del(5q)", 0.504, 0.0166, 0, 1, _SF3B1_5Q_INPUTS
    ),
    _gene(IpssmGene.NPM1, 0.430, 0.0112),
    _gene(IpssmGene.RUNX1, 0.423, 0.126),
    _gene(IpssmGene.NRAS, 0.417, 0.0362),
    _gene(IpssmGene.ETV6, 0.391, 0.0216),
    _gene(IpssmGene.IDH2, 0.379, 0.0429),
    _gene(IpssmGene.CBL, 0.295, 0.0473),
    _gene(IpssmGene.EZH2, 0.270, 0.0588),
    _gene(IpssmGene.U2AF1, 0.247, 0.0866),
    _gene(IpssmGene.SRSF2, 0.239, 0.158),
    _gene(IpssmGene.DNMT3A, 0.221, 0.161),
    _gene(IpssmGene.ASXL1, 0.213, 0.252),
    _gene(IpssmGene.KRAS, 0.202, 0.0271),
    ModelVariable(
        "SF3B1_alpha",
        "SF3B1 mutation without isolated del(5q) or SRSF2, STAG2, BCOR, BCORL1, RUNX1, NRAS",
        -0.0794,
        0.186,
        1,
        0,
        tuple(dict.fromkeys((*_SF3B1_5Q_INPUTS, *(g.value for g in SF3B1_ALPHA_BLOCKERS)))),
    ),
    ModelVariable(
        "nRes2",
        "number of mutated residual genes (counted up to 2)",
        0.231,
        NRES2_COHORT_MEAN,
        math.nan,
        math.nan,
        tuple(g.value for g in RESIDUAL_GENES),
    ),
)

# Every batch column the IPSS-M reads (ANC and AGE are not among them).
IPSSM_INPUT_COLUMNS: tuple[str, ...] = (
    "HB",
    "PLT",
    "BM_BLAST",
    "CYTO_IPSSR",
    "del5q",
    "del7_7q",
    "del17_17p",
    "complex",
    "TP53mut",
    "TP53maxvaf",
    "TP53loh",
    "MLL_PTD",
    "FLT3",
    *(g.value for g in MAIN_EFFECT_GENES),
    *(g.value for g in RESIDUAL_GENES),
)

_NAMES = tuple(v.name for v in IPSSM_VARIABLES)
_BETAS = np.array([v.beta for v in IPSSM_VARIABLES])
_MEANS = np.array([v.mean for v in IPSSM_VARIABLES])
_NRES2 = _NAMES.index("nRes2")
_FILL: Mapping[Scenario, FloatArray] = MappingProxyType(
    {
        Scenario.MEAN: _MEANS,
        Scenario.BEST: np.array([v.best for v in IPSSM_VARIABLES]),
        Scenario.WORST: np.array([v.worst for v in IPSSM_VARIABLES]),
    }
)
_COMMENTS = tuple(IpssmComment)


def _tri_state(one: BoolArray, zero: BoolArray) -> FloatArray:
    """1 where ``one``, else 0 where ``zero``, else NaN (not determinable)."""
    result: FloatArray = np.where(one, 1.0, np.where(zero, 0.0, np.nan))
    return result


@dataclass(frozen=True)
class IpssmColumns:
    """IPSS-M for many patients: derived variables, shares, scenario scores, final answer."""

    size: int
    model_values: FloatArray  # patients × variables, NaN = not determinable
    residual_counts: Mapping[Scenario, FloatArray]
    contributions: Mapping[Scenario, FloatArray]  # patients × variables
    raw: Mapping[Scenario, FloatArray]
    score: Mapping[Scenario, FloatArray]
    category: Mapping[Scenario, CodeArray]
    final_score: FloatArray  # NaN when undetermined
    final_category: CodeArray  # NOT_KNOWN when undetermined
    comment: CodeArray  # index into IpssmComment
    tp53_loh_inferred: BoolArray  # LOH set by the VAF / del(17p) rule over the given value
    hb_outside_calculator_range: BoolArray

    def category_name(self, scenario: Scenario, row: int) -> IpssmCategory:
        found = category_of(int(self.category[scenario][row]), IpssmCategory)
        if found is None:  # scenario scores are always determined (missing values are filled)
            raise AssertionError("scenario score without category")
        return found

    def final_category_name(self, row: int) -> IpssmCategory | None:
        return category_of(int(self.final_category[row]), IpssmCategory)

    def comment_text(self, row: int) -> IpssmComment:
        return _COMMENTS[int(self.comment[row])]

    def notes(self, row: int, columns: RiskColumns) -> tuple[str, ...]:
        """Plain-language remarks on how this patient's inputs were read."""
        notes: list[str] = []
        if self.hb_outside_calculator_range[row]:
            low, high = CALCULATOR_HB_RANGE
            notes.append(
                f"Hemoglobin {columns['HB'][row]:g} g/dL is outside {low:g}–{high:g} g/dL, the "
                "range of the IPSS-M calculators; it is used as given, as in the published "
                "IWG-PM scores (the ipssm R package would clip it)."
            )
        if self.tp53_loh_inferred[row]:
            reasons = []
            if columns["TP53maxvaf"][row] > IPSSM_TP53_LOH_VAF_THRESHOLD:
                reasons.append(
                    f"the TP53 VAF {columns['TP53maxvaf'][row]:g} is above "
                    f"{IPSSM_TP53_LOH_VAF_THRESHOLD:g}"
                )
            if columns["del17_17p"][row] == 1:
                reasons.append("-17 or del(17p) is present")
            notes.append(
                "TP53 loss of heterozygosity counted as present because "
                f"{' and '.join(reasons)} (IPSS-M rule)."
            )
        return tuple(notes)

    def result(self, row: int, columns: RiskColumns) -> IpssmResult:
        """The typed result of one patient."""
        scenarios = {
            s: ScenarioScore(
                score=float(self.score[s][row]),
                raw_score=float(self.raw[s][row]),
                category=self.category_name(s, row),
            )
            for s in Scenario
        }
        contributions = tuple(
            IpssmContribution(
                variable=v.name,
                label=v.label,
                inputs=v.inputs,
                value=self._known_value(row, j),
                mean=float(self.contributions[Scenario.MEAN][row, j]),
                best=float(self.contributions[Scenario.BEST][row, j]),
                worst=float(self.contributions[Scenario.WORST][row, j]),
            )
            for j, v in enumerate(IPSSM_VARIABLES)
        )
        derived: dict[str, float | None] = {
            v.name: self._known_value(row, j)
            for j, v in enumerate(IPSSM_VARIABLES)
            if v.name != "nRes2"
        }
        derived["TP53loh"] = optional_float(_tp53_loh(columns)[row])
        for scenario in Scenario:
            derived[f"nRes2{scenario.value}"] = float(self.residual_counts[scenario][row])
        final = self.final_score[row]
        return IpssmResult(
            model=IPSSM_MODEL,
            score=None if np.isnan(final) else float(final),
            category=self.final_category_name(row),
            comment=self.comment_text(row),
            mean=scenarios[Scenario.MEAN],
            best=scenarios[Scenario.BEST],
            worst=scenarios[Scenario.WORST],
            contributions=contributions,
            derived=derived,
            inputs_used=columns.known(row, IPSSM_INPUT_COLUMNS),
            inputs_missing=columns.unknown(row, IPSSM_INPUT_COLUMNS),
            notes=self.notes(row, columns),
        )

    def _known_value(self, row: int, variable: int) -> float | None:
        if variable == _NRES2:
            best = self.residual_counts[Scenario.BEST][row]
            return float(best) if best == self.residual_counts[Scenario.WORST][row] else None
        return optional_float(self.model_values[row, variable])


def _tp53_loh(columns: RiskColumns) -> FloatArray:
    """TP53 LOH after the IPSS-M inference rule (applied even when TP53 is not mutated)."""
    inferred = (columns["TP53maxvaf"] > IPSSM_TP53_LOH_VAF_THRESHOLD) | (columns["del17_17p"] == 1)
    loh: FloatArray = np.where(inferred, 1.0, columns["TP53loh"])
    return loh


def _model_values(columns: RiskColumns) -> FloatArray:
    """The model variables (IPSSM_SPEC §2), patients × variables, NaN where undeterminable."""
    c = columns
    sf3b1, del5q, del7, cx = c["SF3B1"], c["del5q"], c["del7_7q"], c["complex"]
    sf3b1_5q = _tri_state(
        one=(sf3b1 == 1) & (del5q == 1) & (del7 == 0) & (cx == 0),
        zero=(sf3b1 == 0) | (del5q == 0) | (del7 == 1) | (cx == 1),
    )
    blockers = np.column_stack([c[g.value] for g in SF3B1_ALPHA_BLOCKERS])
    sf3b1_alpha = _tri_state(
        one=(sf3b1 == 1) & (sf3b1_5q == 0) & (blockers == 0).all(axis=1),
        zero=(sf3b1 == 0) | (sf3b1_5q == 1) | (blockers == 1).any(axis=1),
    )
    tp53mut, loh = c["TP53mut"], _tp53_loh(c)
    tp53multi = _tri_state(
        one=(tp53mut == 2) | (((tp53mut == 1) | (tp53mut == 2)) & (loh == 1)),
        zero=(tp53mut == 0) | ((tp53mut == 1) & (loh == 0)),
    )
    derived: dict[str, FloatArray] = {
        "HB1": c["HB"],  # not clipped: agrees with the published cohort scores and the web
        "TRANSF_PLT100": np.minimum(c["PLT"], 250) / 100,
        "BLAST5": np.minimum(c["BM_BLAST"], 20) / 5,
        "CYTOVEC": c["CYTO_IPSSR"],
        "TP53multi": tp53multi,
        "FLT3": c["FLT3"],
        "MLL_PTD": c["MLL_PTD"],
        "SF3B1_5q": sf3b1_5q,
        "SF3B1_alpha": sf3b1_alpha,
        "nRes2": np.full(c.size, np.nan),  # per scenario, see _residual_counts
    }
    for v in IPSSM_VARIABLES:
        if v.name not in derived:
            derived[v.name] = c[v.name]
    values: FloatArray = np.column_stack([derived[name] for name in _NAMES]).reshape(
        c.size, len(_NAMES)
    )
    return values


def _residual_counts(columns: RiskColumns) -> dict[Scenario, FloatArray]:
    """nRes2 per scenario (R ``Nres``; IPSSM_SPEC §2)."""
    residual = np.column_stack([columns[g.value] for g in RESIDUAL_GENES]).reshape(
        columns.size, len(RESIDUAL_GENES)
    )
    unknown = np.isnan(residual).sum(axis=1).astype(np.float64)
    mutated = (residual == 1).sum(axis=1).astype(np.float64)
    best = np.minimum(mutated, NRES2_CAP)
    share_unknown = unknown / len(RESIDUAL_GENES)
    expected_extra = (NRES2_CAP - mutated) / NRES2_CAP * share_unknown * NRES2_COHORT_MEAN
    return {
        Scenario.MEAN: best + np.maximum(expected_extra, 0),
        Scenario.BEST: best,
        Scenario.WORST: np.minimum(mutated + unknown, NRES2_CAP),
    }


def ipssm_columns(columns: RiskColumns) -> IpssmColumns:
    """IPSS-M for every patient in ``columns`` (vectorised over patients)."""
    values = _model_values(columns)
    residual_counts = _residual_counts(columns)
    missing = np.isnan(values)
    contributions: dict[Scenario, FloatArray] = {}
    raw: dict[Scenario, FloatArray] = {}
    score: dict[Scenario, FloatArray] = {}
    category: dict[Scenario, CodeArray] = {}
    for scenario in Scenario:
        filled = np.where(missing, _FILL[scenario], values)
        filled[:, _NRES2] = residual_counts[scenario]
        # log2 hazard ratio against the average IWG-PM patient (division by ln 2)
        contributions[scenario] = (filled - _MEANS) * _BETAS / math.log(2)
        raw[scenario] = contributions[scenario].sum(axis=1)
        score[scenario] = round_half_up(raw[scenario], 2)
        category[scenario] = category_codes(score[scenario], IPSSM_CUTS)

    final_score, final_category, comment = _consolidate(score, category)
    given_loh = columns["TP53loh"]
    hb = columns["HB"]
    low, high = CALCULATOR_HB_RANGE
    return IpssmColumns(
        size=columns.size,
        model_values=values,
        residual_counts=MappingProxyType(residual_counts),
        contributions=MappingProxyType(contributions),
        raw=MappingProxyType(raw),
        score=MappingProxyType(score),
        category=MappingProxyType(category),
        final_score=final_score,
        final_category=final_category,
        comment=comment,
        tp53_loh_inferred=(_tp53_loh(columns) == 1) & (given_loh != 1),
        hb_outside_calculator_range=(hb < low) | (hb > high),
    )


def _consolidate(
    score: Mapping[Scenario, FloatArray], category: Mapping[Scenario, CodeArray]
) -> tuple[FloatArray, CodeArray, CodeArray]:
    """R ``IPSSMannotate`` with range.max = 1 (IPSSM_SPEC §3, "Consolidated result").

    The range is compared in whole hundredths: the scores are already rounded to 2 decimals,
    and a range of exactly 1.00 is "below limit" as the rule says (a plain floating-point
    subtraction, as in R, can land a hair above 1 for some such pairs).
    """
    best, worst = score[Scenario.BEST], score[Scenario.WORST]
    range_hundredths = np.rint(worst * 100) - np.rint(best * 100)
    below = range_hundredths <= CONSOLIDATION_RANGE_LIMIT_HUNDREDTHS
    stable = category[Scenario.WORST] == category[Scenario.BEST]
    final_score: FloatArray = np.where(below, score[Scenario.MEAN], np.nan)
    final_category: CodeArray = np.where(below | stable, category[Scenario.MEAN], NOT_KNOWN).astype(
        np.int64
    )
    code = {c: _COMMENTS.index(c) for c in IpssmComment}
    comment: CodeArray = np.where(
        below,
        code[IpssmComment.BELOW_LIMIT],
        np.where(stable, code[IpssmComment.STABLE_CATEGORY], code[IpssmComment.ABOVE_LIMIT]),
    ).astype(np.int64)
    comment[range_hundredths == 0] = code[IpssmComment.NO_UNCERTAINTY]
    return final_score, final_category, comment


def ipssm_batch(patients: Sequence[RiskInputs]) -> list[IpssmResult]:
    """IPSS-M for many patients, as typed results."""
    columns = RiskColumns.from_inputs(patients)
    computed = ipssm_columns(columns)
    return [computed.result(row, columns) for row in range(columns.size)]


def ipssm(patient: RiskInputs) -> IpssmResult:
    """IPSS-M for one patient (a batch of one)."""
    return ipssm_batch([patient])[0]
