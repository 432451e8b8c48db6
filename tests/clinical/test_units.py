"""Unit normalisation, against the conversions quoted by the sources."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.clinical.units import (
    CANONICAL_UNIT,
    PLAUSIBLE,
    Analyte,
    is_plausible,
    normalise,
    plausible_in_some_unit,
)


@pytest.mark.parametrize(
    ("mmol_per_litre", "grams_per_decilitre"),
    # MDS Foundation IPSS-R calculator tip: 10 g/dL ≈ 6.2 mmol/L; 8 g/dL ≈ 5.0 mmol/L.
    [(6.2, 10.0), (5.0, 8.0)],
)
def test_hemoglobin_mmol_matches_the_calculator_tip(
    mmol_per_litre: float, grams_per_decilitre: float
) -> None:
    result = normalise(Analyte.HEMOGLOBIN, mmol_per_litre, "mmol/L")
    assert result is not None
    assert result.value == pytest.approx(grams_per_decilitre, abs=0.06)
    assert result.unit == "g/dL"


def test_hemoglobin_grams_per_litre() -> None:
    result = normalise(Analyte.HEMOGLOBIN, 96, "g/L")
    assert result is not None
    assert result.value == pytest.approx(9.6)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (45, "K/µL", 45),
        (45, "x10^3/uL", 45),
        (45, "10*3/uL", 45),
        (45, "10^3/mm³", 45),
        (45, "thou/µL", 45),
        (45, "x10E9/L", 45),
        (45, "G/L", 45),
        (45_000, "/µL", 45),
        (45_000, "cells/uL", 45),
        (800, "/mm3", 0.8),
        (45, "Thousand/uL", 45),
        (45, "/nL", 45),
        (45, "G/l", 45),
    ],
)
def test_count_spellings(value: float, unit: str, expected: float) -> None:
    result = normalise(Analyte.PLATELETS, value, unit)
    assert result is not None
    assert result.value == pytest.approx(expected)
    assert result.unit == "10^9/L"


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "expected"),
    [
        (Analyte.EPO, 120, "U/L", 120),
        (Analyte.EPO, 120, "mIU/mL", 120),
        (Analyte.FERRITIN, 1500, "µg/L", 1500),
        (Analyte.B12, 738, "pmol/L", 1000),
        (Analyte.FOLATE, 22.66, "nmol/L", 10),
        (Analyte.COPPER, 10, "µmol/L", 63.55),
        (Analyte.IRON, 10, "umol/L", 55.85),
    ],
)
def test_other_workup_units(analyte: Analyte, value: float, unit: str, expected: float) -> None:
    result = normalise(analyte, value, unit)
    assert result is not None
    assert result.value == pytest.approx(expected, rel=1e-3)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(0.052, "10^6/µL", 52), (0.052, "x10^12/L", 52), (0.052, "M/uL", 52), (52, "10^9/L", 52)],
)
def test_reticulocyte_counts_in_millions_per_microlitre(
    value: float, unit: str, expected: float
) -> None:
    """10^6/µL = 10^12/L = 1000 × 10^9/L."""
    result = normalise(Analyte.RETICULOCYTES_ABSOLUTE, value, unit)
    assert result is not None
    assert result.value == pytest.approx(expected)
    assert result.unit == "10^9/L"


def test_millions_per_microlitre_are_not_a_white_cell_or_platelet_unit() -> None:
    """A platelet or white cell count is never printed per 10^6/µL; reading one so would
    multiply it by a thousand, so it stays unknown."""
    assert normalise(Analyte.PLATELETS, 0.2, "10^6/µL") is None
    assert normalise(Analyte.WBC, 4.1, "x10^12/L") is None


@pytest.mark.parametrize("unit", [None, "", "   ", "mg/dL", "furlongs"])
def test_missing_or_unknown_unit_is_never_guessed(unit: str | None) -> None:
    assert normalise(Analyte.HEMOGLOBIN, 9.6, unit) is None


def test_grams_per_litre_means_giga_for_counts_and_grams_for_hemoglobin() -> None:
    platelets = normalise(Analyte.PLATELETS, 150, "G/L")
    hemoglobin = normalise(Analyte.HEMOGLOBIN, 150, "g/L")
    assert platelets is not None
    assert hemoglobin is not None
    assert platelets.value == 150
    assert hemoglobin.value == pytest.approx(15)


@given(st.sampled_from(list(Analyte)), st.floats(min_value=0, max_value=1e6))
def test_canonical_unit_is_identity(analyte: Analyte, value: float) -> None:
    result = normalise(analyte, value, CANONICAL_UNIT[analyte])
    assert result is not None
    assert result.value == pytest.approx(value)


@given(st.floats(min_value=0.1, max_value=25), st.floats(min_value=0.1, max_value=25))
def test_conversion_preserves_order(a: float, b: float) -> None:
    first = normalise(Analyte.HEMOGLOBIN, a, "mmol/L")
    second = normalise(Analyte.HEMOGLOBIN, b, "mmol/L")
    assert first is not None
    assert second is not None
    assert (first.value < second.value) == (a < b)


def test_plausible_bounds_agree_with_the_risk_scores_bounds() -> None:
    """One set of bounds for the values the scores read: the records layer must not accept a
    hemoglobin, platelet count or ANC that the scores would refuse, or the reverse."""
    from onconav.clinical.scores.inputs import PLAUSIBLE_RANGES

    for analyte, column in (
        (Analyte.HEMOGLOBIN, "HB"),
        (Analyte.PLATELETS, "PLT"),
        (Analyte.ANC, "ANC"),
    ):
        scores = PLAUSIBLE_RANGES[column]
        bounds = PLAUSIBLE[analyte]
        assert (bounds.low, bounds.high, bounds.low_exclusive) == (
            scores.low,
            scores.high,
            scores.low_exclusive,
        )


@pytest.mark.parametrize(
    ("analyte", "value", "plausible"),
    [
        (Analyte.MCV, 103, True),
        (Analyte.MCV, 10324, False),  # "103 fL" read by OCR as one number
        (Analyte.MCV, 8.9, False),
        (Analyte.HEMOGLOBIN, 0, False),
        (Analyte.HEMOGLOBIN, 98, False),  # g/L printed, read as g/dL
        (Analyte.WBC, 2450, False),
        (Analyte.BLOOD_BLASTS, 104, False),
        (Analyte.FERRITIN, 25_000, True),
        (Analyte.FERRITIN, -1, False),
    ],
)
def test_plausible_values(analyte: Analyte, value: float, plausible: bool) -> None:
    assert is_plausible(analyte, value) is plausible


def test_an_unconverted_value_is_plausible_if_any_unit_the_analyte_is_printed_in_makes_it_so() -> (
    None
):
    assert plausible_in_some_unit(Analyte.HEMOGLOBIN, 98)  # g/L
    assert plausible_in_some_unit(Analyte.PLATELETS, 45_000)  # /µL
    assert not plausible_in_some_unit(Analyte.MCV, 10324)


@given(st.sampled_from(list(Analyte)))
def test_every_analyte_has_bounds_that_hold_its_canonical_zero_or_more(analyte: Analyte) -> None:
    bounds = PLAUSIBLE[analyte]
    assert bounds.low >= 0
    assert bounds.high > bounds.low
    assert not is_plausible(analyte, float("nan"))
