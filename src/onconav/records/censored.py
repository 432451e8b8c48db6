"""Censored results ("<0.1", ">1000", "< 5 %"): a bound, not a value.

A lab prints a bound when the result is beyond what the method measures; the fact keeps the
bound as its value and the comparator in ``details.comparator`` ("<", "<=", ">", ">="), as
FHIR ``Quantity.comparator`` does. Downstream a bound is never a plain number: it stands in
for the result in the risk scores only when the bound itself and every value it allows fall
in the same band of every score that reads it, so that the scores come out the same whatever
the exact value is. Otherwise the result is treated as missing, with a note naming it.

The bands (cut-offs) each score applies:
- IPSS-R (Greenberg PL et al., Blood 2012;120:2454, Table 3): hemoglobin < 8, < 10 g/dL;
  platelets < 50, < 100 x10^9/L; ANC < 0.8 x10^9/L; marrow blasts <= 2, < 5, <= 10 %.
- IPSS (Greenberg P et al., Blood 1997;89:2079): cytopenias hemoglobin < 10 g/dL, ANC
  < 1.8 x10^9/L, platelets < 100 x10^9/L; marrow blasts < 5, <= 10, <= 20, <= 30 %.
- IPSS-M (Bernard E et al., NEJM Evid 2022;1(7), supplementary model): hemoglobin as a
  continuous value (not clipped), platelets continuous up to 250 x10^9/L (min(PLT, 250)),
  marrow blasts continuous up to 20 % (min(BM_BLAST, 20)); it does not read the ANC.
These are the thresholds ``onconav.clinical.scores`` implements (``ipssr.ipssr_points``,
``ipss``, ``ipssm``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from onconav.records.model import Fact

COMPARATORS = frozenset({"<", "<=", ">", ">="})


@dataclass(frozen=True)
class Cut:
    """A band edge: below it means ``x < value`` (or ``x <= value`` when ``inclusive``)."""

    value: float
    inclusive: bool = False

    def below(self, x: float) -> bool:
        return x <= self.value if self.inclusive else x < self.value


@dataclass(frozen=True)
class ScoreBands:
    cuts: tuple[Cut, ...]
    # Where some score reads the value continuously (every value scores differently).
    continuous: tuple[float, float] | None = None


_EVERYWHERE = (-math.inf, math.inf)
BANDS: dict[str, ScoreBands] = {
    "hemoglobin": ScoreBands((Cut(8), Cut(10)), continuous=_EVERYWHERE),
    "platelets": ScoreBands((Cut(50), Cut(100)), continuous=(-math.inf, 250)),
    "anc": ScoreBands((Cut(0.8), Cut(1.8))),
    "marrow_blasts": ScoreBands(
        (Cut(2, inclusive=True), Cut(5), Cut(10, inclusive=True), Cut(20, True), Cut(30, True)),
        continuous=(-math.inf, 20),
    ),
}


def comparator_of(details: dict[str, object]) -> str | None:
    comparator = details.get("comparator")
    return comparator if isinstance(comparator, str) and comparator in COMPARATORS else None


def plain_number(fact: Fact) -> float | None:
    """The value as a number only when it is one: a bound ("<0.1") is not, so a rule that
    compares it with a threshold treats it as unknown rather than as its bound."""
    value = fact.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if comparator_of(fact.details) else float(value)


def printed_value(fact: Fact) -> str:
    """The value as the report printed it, a bound with its comparator ("<0.1"), no unit."""
    value = fact.value
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{comparator_of(fact.details) or ''}{shown}"


def scores_alike(name: str, bound: float, comparator: str) -> bool:
    """Whether the bound and every value ``comparator bound`` allows fall in the same band of
    every score that reads ``name`` (the values from the bound downwards for "<" and "<=",
    upwards for ">" and ">=")."""
    bands = BANDS.get(name)
    if bands is None:
        return False  # a value no score reads in bands: never stands in for a number
    downwards = comparator in ("<", "<=")
    if bands.continuous is not None:
        low, high = bands.continuous
        if downwards and bound > low:
            return False
        if not downwards and bound < high:
            return False
    for cut in bands.cuts:
        # (-inf, bound] or [bound, inf) lies on one side of the cut when the bound and the
        # far end do: the far end is always below (downwards) or above (upwards).
        if downwards and not cut.below(bound):
            return False
        if not downwards and cut.below(bound):
            return False
    return True
