"""Blood counts over time: which values are drawn, the table, and the SVG."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from packets import cases

from onconav.guidance.counts import MIN_DATES_FOR_CHART, blood_counts
from onconav.records.model import Fact, FactKind
from onconav.records.profile import build_profile
from onconav.report.chart import render_svg

D = dt.date
UNITS = {"hemoglobin": "g/dL", "platelets": "10^9/L", "anc": "10^9/L"}


def history() -> list[Fact]:
    return [
        *cases.cbc(D(2023, 6, 1), 11.2, 260, 2.4, doc="cbc-2023"),
        *cases.cbc(D(2023, 11, 20), 10.1, 240, 2.2, doc="cbc-2023"),
        *cases.cbc(D(2024, 6, 3), 9.0, 180, 1.4, doc="cbc-2024"),
    ]


def test_counts_come_with_their_dates_and_sources() -> None:
    counts = blood_counts(build_profile("P", history()))
    hemoglobin = counts.series[0]
    assert (hemoglobin.label, hemoglobin.unit) == ("Hemoglobin", "g/dL")
    assert [p.value for p in hemoglobin.points] == [11.2, 10.1, 9.0]
    assert [p.source for p in hemoglobin.points] == [
        "cbc-2023.pdf, page 1",
        "cbc-2023.pdf, page 1",
        "cbc-2024.pdf, page 1",
    ]
    rows = counts.rows()
    assert [r.date for r in rows] == [D(2023, 6, 1), D(2023, 11, 20), D(2024, 6, 3)]
    assert rows[0].values == {"hemoglobin": (11.2,), "platelets": (260.0,), "anc": (2.4,)}
    assert counts.has_chart


def test_a_single_date_gives_a_table_but_no_chart() -> None:
    counts = blood_counts(build_profile("P", cases.no_ngs()))
    assert counts.has_values
    assert not counts.has_chart
    assert render_svg(counts) is None


def test_unconfirmed_or_unitless_values_are_counted_not_drawn() -> None:
    unitless = cases.fact(FactKind.LAB, "hemoglobin", 95, unit=None, date=D(2024, 7, 1))
    unitless = unitless.model_copy(update={"flags": ("unit_missing",)})
    undated = cases.fact(FactKind.LAB, "platelets", 120, unit="10^9/L")
    counts = blood_counts(build_profile("P", [*history(), unitless, undated]))
    assert counts.left_out == 2
    assert 95.0 not in [p.value for p in counts.series[0].points]


def test_svg_is_inline_labelled_text_and_the_same_every_time() -> None:
    counts = blood_counts(build_profile("P", history()))
    svg = render_svg(counts)
    assert svg is not None
    assert svg.startswith("<svg ")  # no XML prologue or DOCTYPE inside HTML
    assert 'role="img"' in svg
    assert re.search(r'aria-label="Blood counts over time\. Hemoglobin: 3 values', svg)
    assert "<title>Blood counts over time." in svg
    # Labels stay text (readable, selectable), with units.
    for label in ("Hemoglobin", "(g/dL)", "Platelets", "×10⁹/L", "Neutrophils (ANC)"):
        assert label in svg
    # Nothing to fetch: no embedded images, and links only within the drawing.
    assert "<image" not in svg
    assert not re.search(r'href="(?!#)', svg)
    assert render_svg(counts) == svg


def test_a_count_without_values_gets_an_empty_panel() -> None:
    only_hemoglobin = [f for f in history() if f.name == "hemoglobin"]
    svg = render_svg(blood_counts(build_profile("P", only_hemoglobin)))
    assert svg is not None
    assert svg.count("No values in the records") == 2


_lab_values = st.builds(
    lambda name, value, unit, day, flags, doc: cases.fact(
        FactKind.LAB, name, value, unit=unit, date=day, doc=doc
    ).model_copy(update={"flags": flags}),
    name=st.sampled_from(["hemoglobin", "platelets", "anc"]),
    value=st.one_of(
        st.floats(min_value=0, max_value=500, allow_nan=False), st.integers(0, 500), st.just("n/a")
    ),
    unit=st.sampled_from(["g/dL", "10^9/L", "g/L", None]),
    day=st.one_of(st.none(), st.dates(D(2015, 1, 1), D(2025, 1, 1))),
    flags=st.sampled_from([(), ("unit_missing",), ("date_ambiguous",), ("ocr_repaired",)]),
    doc=st.sampled_from(["a", "b", "c"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_lab_values, max_size=25))
def test_every_value_is_either_drawn_or_counted_as_left_out(facts: list[Fact]) -> None:
    profile = build_profile("P", facts)
    counts = blood_counts(profile)
    effective = [f for f in profile.facts if "superseded" not in f.flags]
    drawn = [p for s in counts.series for p in s.points]
    assert len(drawn) + counts.left_out == len(effective)
    for series in counts.series:
        for point in series.points:
            assert point.date is not None
    # Each drawn value is in exactly one table row, on its date.
    in_rows = sorted(
        (row.date, name, value)
        for row in counts.rows()
        for name, values in row.values.items()
        for value in values
    )
    assert in_rows == sorted((p.date, s.name, p.value) for s in counts.series for p in s.points)
    expected_chart = any(
        len({p.date for p in s.points}) >= MIN_DATES_FOR_CHART for s in counts.series
    )
    assert counts.has_chart is expected_chart


def _trusted(fact: Fact) -> bool:
    return (
        fact.date is not None
        and isinstance(fact.value, int | float)
        and fact.unit == UNITS[fact.name]
        and not {"unit_missing", "date_ambiguous"} & set(fact.flags)
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(_lab_values, max_size=25))
def test_only_dated_numeric_values_in_the_expected_unit_are_drawn(facts: list[Fact]) -> None:
    counts = blood_counts(build_profile("P", facts))
    trusted = {
        (f.name, f.date, float(f.value), f.provenance.document_id)  # type: ignore[arg-type]
        for f in facts
        if _trusted(f)
    }
    for series in counts.series:
        for point in series.points:
            assert (series.name, point.date, point.value, point.document_id) in trusted
