"""The third holdout set as a ``corpus.documents.RecordSet``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from corpus.documents import RecordSet

RECORD_SET = RecordSet(
    name="holdout3",
    folder=Path(__file__).resolve().parent,
    first_date=dt.date(2024, 1, 1),
    last_date=dt.date(2025, 12, 31),
    # every document gives at least one value the risk scores read
    without_risk_values=frozenset(),
)
