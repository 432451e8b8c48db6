"""Numbers as labs print them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.records.extract.numbers import DecimalMark, decimal_mark, find_numbers, parse_number


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


@pytest.mark.parametrize(
    ("text", "mark", "value", "ambiguous"),
    [
        # the shape decides whatever the document does
        ("7,25", None, 7.25, False),
        ("0,125", DecimalMark.POINT, 0.125, False),
        ("1,250,000", DecimalMark.COMMA, 1_250_000.0, False),
        ("2,345.6", DecimalMark.COMMA, 2345.6, False),
        # one group of three digits: the document's other numbers decide
        ("3,150", DecimalMark.COMMA, 3.15, False),
        ("3,150", DecimalMark.POINT, 3150.0, False),
        ("3.150", DecimalMark.COMMA, 3150.0, False),
        ("3.150", DecimalMark.POINT, 3.15, False),
        # ... and when they do not, the reading is marked as undecided
        ("3,150", None, 3150.0, True),
        ("3.150", None, 3.15, True),
    ],
)
def test_a_separator_is_read_by_the_numbers_shape_then_by_the_document(
    text: str, mark: DecimalMark | None, value: float, ambiguous: bool
) -> None:
    (reading,) = find_numbers(text, mark=mark)
    assert reading.value == pytest.approx(value)
    assert reading.separator_ambiguous is ambiguous
    assert reading.other_value is None or reading.separator_ambiguous


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("Hb 10,2 g/dl  Leuco 3,45 G/l  Plaquettes 161 G/l  Ferritine 1,250 ug/l", "comma"),
        ("Hb 10.2 g/dL  WBC 3.45 K/uL  Platelets 161,000 /uL", "point"),
        ("Platelets 161,000 /uL", None),  # nothing else to go by
        ("Hb 10.2 g/dL, exons 2,3 and Plt 1,250 /uL, MCV 101.5, ANC 0.95", "point"),
    ],
)
def test_the_documents_decimal_mark(text: str, mark: str | None) -> None:
    found = decimal_mark(text)
    assert (found.name.lower() if found else None) == mark


@given(st.integers(min_value=0, max_value=99_999))
def test_a_whole_number_is_never_ambiguous(value: int) -> None:
    (reading,) = find_numbers(str(value))
    assert (reading.value, reading.separator_ambiguous) == (value, False)
