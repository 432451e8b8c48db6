"""Numbers as labs print them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.records.extract.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9.6", 9.6),
        ("9,6", 9.6),
        ("45,000", 45000.0),
        ("1,250", 1250.0),
        ("0,850", 0.85),
        ("150,000.5", 150000.5),
        (".8", 0.8),
        ("45\u202f000", 45000.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_bounds_keep_their_comparator() -> None:
    readings = find_numbers("EPO <10, ferritin >2000, blasts ≥ 5, retic ≤0.5")
    assert [(r.value, r.comparator) for r in readings] == [
        (10.0, "<"),
        (2000.0, ">"),
        (5.0, ">="),
        (0.5, "<="),
    ]


def test_digits_inside_names_are_not_numbers() -> None:
    assert [r.value for r in find_numbers("B12 350 CD34 x10^9/L 7")] == [350.0, 7.0]


@given(st.integers(min_value=1000, max_value=999_999))
def test_grouped_thousands(value: int) -> None:
    assert parse_number(f"{value:,}") == value


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=99))
def test_decimal_point_and_decimal_comma_agree(whole: int, fraction: int) -> None:
    text = f"{whole}.{fraction:02d}"
    assert parse_number(text) == pytest.approx(float(text))
    assert parse_number(text.replace(".", ",")) == pytest.approx(float(text))
