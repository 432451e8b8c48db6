"""Blood counts over time from a profile: the values a chart may draw, and those left out.

Only values a person can trust are drawn: dated, numeric, in the unit the records flow
normalises to, and not waiting for confirmation (a missing or unknown unit, an
ambiguous date). The others are counted, never silently dropped, so the packet can say
how many were left out. Drawing is ``onconav.report.chart``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from onconav.records.model import Fact, FactKind
from onconav.records.profile import NEEDS_CONFIRMATION, PatientProfile

# (fact name, label, unit the records flow normalises to, unit as shown to people)
COUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("hemoglobin", "Hemoglobin", "g/dL", "g/dL"),
    ("platelets", "Platelets", "10^9/L", "×10⁹/L"),
    ("anc", "Neutrophils (ANC)", "10^9/L", "×10⁹/L"),
)
MIN_DATES_FOR_CHART = 2


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CountPoint(_Frozen):
    date: dt.date
    value: float
    document_id: str
    document_name: str
    page: int | None = None

    @property
    def source(self) -> str:
        page = f", page {self.page}" if self.page else ""
        return f"{self.document_name}{page}"


class CountSeries(_Frozen):
    name: str
    label: str
    unit: str
    points: tuple[CountPoint, ...]

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({p.date for p in self.points}))


class CountRow(_Frozen):
    """One date of the table: every value of each count that day (two if records disagree)."""

    date: dt.date
    values: dict[str, tuple[float, ...]]
    sources: tuple[str, ...]


class BloodCounts(_Frozen):
    series: tuple[CountSeries, ...]
    left_out: int = 0  # values not drawn: undated, non-numeric, odd unit, or unconfirmed

    @property
    def has_chart(self) -> bool:
        """A line needs two dates; with fewer, the table alone says it better."""
        return any(len(s.dates) >= MIN_DATES_FOR_CHART for s in self.series)

    @property
    def has_values(self) -> bool:
        return any(s.points for s in self.series)

    def rows(self) -> list[CountRow]:
        dates = sorted({p.date for s in self.series for p in s.points})
        rows = []
        for day in dates:
            values: dict[str, tuple[float, ...]] = {}
            sources: list[str] = []
            for series in self.series:
                that_day = [p for p in series.points if p.date == day]
                values[series.name] = tuple(p.value for p in that_day)
                for point in that_day:
                    if point.source not in sources:
                        sources.append(point.source)
            rows.append(CountRow(date=day, values=values, sources=tuple(sources)))
        return rows


def _drawable(fact: Fact, unit: str) -> bool:
    return (
        fact.date is not None
        and isinstance(fact.value, int | float)
        and not isinstance(fact.value, bool)
        and fact.unit == unit
        and not NEEDS_CONFIRMATION & set(fact.flags)
    )


def blood_counts(profile: PatientProfile) -> BloodCounts:
    """The three counts from every effective (not superseded) lab value in the profile."""
    series: list[CountSeries] = []
    left_out = 0
    for name, label, unit, shown_unit in COUNTS:
        facts = [
            f
            for f in profile.facts
            if f.kind is FactKind.LAB and f.name == name and "superseded" not in f.flags
        ]
        drawable = [f for f in facts if _drawable(f, unit)]
        left_out += len(facts) - len(drawable)
        series.append(
            CountSeries(name=name, label=label, unit=shown_unit, points=_points(drawable))
        )
    return BloodCounts(series=tuple(series), left_out=left_out)


def _points(facts: Iterable[Fact]) -> tuple[CountPoint, ...]:
    points = [
        CountPoint(
            date=f.date,
            value=float(f.value),  # type: ignore[arg-type]  # _drawable checked it
            document_id=f.provenance.document_id,
            document_name=f.provenance.document_name,
            page=f.provenance.page,
        )
        for f in facts
        if f.date is not None
    ]
    return tuple(sorted(points, key=lambda p: (p.date, p.value)))
