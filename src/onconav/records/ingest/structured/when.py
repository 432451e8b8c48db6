"""Dates from structured records. FHIR and HL7 dates are written year first, so they are
never ambiguous; a date given only to the month or year has no exact day, and that is
kept as text rather than completed by guessing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_HL7_TS = re.compile(r"^(\d{4})(\d{2})?(\d{2})?")


@dataclass(frozen=True)
class When:
    date: dt.date | None = None
    text: str | None = None

    @property
    def iso(self) -> str | None:
        return self.date.isoformat() if self.date else self.text


NEVER = When()


def from_fhir(value: object) -> When:
    """A FHIR date, dateTime or instant as parsed by fhir.resources (date, datetime or,
    for partial dates such as '2024-03', a string)."""
    if value is None:
        return NEVER
    if isinstance(value, dt.datetime):
        # The calendar day where it was recorded, not converted to another time zone.
        return When(value.date(), value.isoformat())
    if isinstance(value, dt.date):
        return When(value, value.isoformat())
    text = str(value)
    try:
        return When(dt.date.fromisoformat(text[:10]), text) if len(text) >= 10 else When(None, text)
    except ValueError:
        return When(None, text)


def from_hl7(value: str | None) -> When:
    """An HL7 v3 timestamp: YYYYMMDD[HHMM[SS]][+ZZZZ]; shorter forms keep no day."""
    if not value:
        return NEVER
    match = _HL7_TS.match(value.strip())
    if not match:
        return When(None, value)
    year, month, day = match.groups()
    if month is None or day is None:
        return When(None, "-".join(part for part in (year, month) if part))
    try:
        return When(dt.date(int(year), int(month), int(day)), value.strip())
    except ValueError:
        return When(None, value)
