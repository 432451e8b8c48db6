"""Dates are read without guessing: ambiguous day/month dates stay ambiguous."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.records.extract.dates import (
    DateOrder,
    find_dates,
    find_partial_dates,
    read_date,
    stated_order,
)

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_FULL = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2069, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-04", dt.date(2024, 3, 4)),
        ("2024/03/04", dt.date(2024, 3, 4)),
        ("Mar 4, 2024", dt.date(2024, 3, 4)),
        ("March 4 2024", dt.date(2024, 3, 4)),
        ("4 March 2024", dt.date(2024, 3, 4)),
        ("04-Mar-2024", dt.date(2024, 3, 4)),
        ("04-MAR-24", dt.date(2024, 3, 4)),
        ("4th March 2024", dt.date(2024, 3, 4)),
        ("Sept 30, 2023", dt.date(2023, 9, 30)),
        ("4.3.2024", dt.date(2024, 3, 4)),
        ("04.03.2024", dt.date(2024, 3, 4)),
        ("13/03/2024", dt.date(2024, 3, 13)),
        ("03/13/2024", dt.date(2024, 3, 13)),
        ("05/05/2024", dt.date(2024, 5, 5)),
        ("3-13-2024", dt.date(2024, 3, 13)),
    ],
)
def test_unambiguous_formats(text: str, expected: dt.date) -> None:
    reading = read_date(text)
    assert reading is not None
    assert reading.date == expected
    assert not reading.ambiguous
    assert reading.text == text


@pytest.mark.parametrize("text", ["03/04/2024", "3/4/24", "11-12-2023", "01/02/1950"])
def test_swappable_day_and_month_is_ambiguous(text: str) -> None:
    reading = read_date(text)
    assert reading is not None
    assert reading.ambiguous
    assert reading.date is None
    assert reading.text == text


def test_a_stated_format_resolves_the_ambiguity() -> None:
    assert stated_order("All dates are DD/MM/YYYY.") is DateOrder.DAY_FIRST
    assert stated_order("Date format: mm/dd/yyyy") is DateOrder.MONTH_FIRST
    assert stated_order("no statement here") is None
    assert stated_order("dd/mm/yyyy and also mm/dd/yyyy") is None
    day_first = read_date("03/04/2024", DateOrder.DAY_FIRST)
    month_first = read_date("03/04/2024", DateOrder.MONTH_FIRST)
    assert day_first is not None
    assert day_first.date == dt.date(2024, 4, 3)
    assert month_first is not None
    assert month_first.date == dt.date(2024, 3, 4)


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("02/30/2024 and 31.02.2024 and 2024-13-01") == []


def test_two_digit_years_are_marked() -> None:
    reading = read_date("04-Mar-24")
    assert reading is not None
    assert reading.two_digit_year
    assert reading.date == dt.date(2024, 3, 4)


def test_dates_inside_other_numbers_are_not_read() -> None:
    assert find_dates("NM_000546.6:c.743G>A") == []
    assert find_dates("ranges 4-6-8") == []
    assert find_dates("Hb 13.5-17.5") == []


def test_find_dates_gives_offsets() -> None:
    text = "Collected: 2024-03-12 08:15  Reported: Mar 14, 2024"
    readings = find_dates(text)
    assert [text[r.start : r.end] for r in readings] == ["2024-03-12", "Mar 14, 2024"]


def test_partial_dates() -> None:
    found = find_partial_dates("diagnosed March 2022, relapsed 03/2023, first seen in 2019")
    assert [(p.text, p.year, p.month) for p in found] == [
        ("March 2022", 2022, 3),
        ("03/2023", 2023, 3),
        ("2019", 2019, None),
    ]
    assert find_partial_dates("on 2024-03-04") == []


@given(_dates, st.sampled_from(["iso", "mdy_name", "dmy_name", "dash_name", "dotted"]))
def test_unambiguous_formats_round_trip(day: dt.date, style: str) -> None:
    text = {
        "iso": day.isoformat(),
        "mdy_name": f"{_FULL[day.month - 1]} {day.day}, {day.year}",
        "dmy_name": f"{day.day} {_MONTHS[day.month - 1]} {day.year}",
        "dash_name": f"{day.day:02d}-{_MONTHS[day.month - 1].upper()}-{day.year}",
        "dotted": f"{day.day}.{day.month}.{day.year}",
    }[style]
    readings = find_dates(f"Collected: {text}. Reported later.")
    assert len(readings) == 1
    reading = readings[0]
    assert reading.text == text
    assert reading.date == day
    assert not reading.ambiguous


@given(_dates, st.sampled_from(["/", "-"]))
def test_numeric_dates_resolve_only_when_unambiguous(day: dt.date, separator: str) -> None:
    text = f"{day.month:02d}{separator}{day.day:02d}{separator}{day.year}"
    reading = read_date(text)
    assert reading is not None
    if day.day <= 12 and day.day != day.month:
        assert reading.ambiguous
        assert reading.date is None
    else:
        assert reading.date == day
        assert not reading.ambiguous


@given(_dates, st.sampled_from(list(DateOrder)))
def test_a_stated_order_always_resolves(day: dt.date, order: DateOrder) -> None:
    first, second = (day.day, day.month) if order is DateOrder.DAY_FIRST else (day.month, day.day)
    reading = read_date(f"{first}/{second}/{day.year}", order)
    assert reading is not None
    assert reading.date == day
