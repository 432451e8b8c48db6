"""The holdout set as a ``corpus.documents.RecordSet``: its annotations, with sources resolved
to this folder, built and scored by the corpus's own machinery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from corpus.documents import RecordSet

RECORD_SET = RecordSet(
    name="holdout",
    folder=Path(__file__).resolve().parent,
    first_date=dt.date(2024, 1, 1),
    last_date=dt.date(2025, 12, 31),
    without_risk_values=frozenset({"h2_cyto_failed_fish"}),  # the culture failed
)
