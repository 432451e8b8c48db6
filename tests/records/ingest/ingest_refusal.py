"""Refusing an input and measuring the memory it took: a hostile archive must be refused
before anything large is allocated, so tests check the peak traced while it was read."""

from __future__ import annotations

import tracemalloc

import pytest

from onconav.records.ingest import IngestLimits, RecordError, ingest


def refusal_and_peak(name: str, data: bytes, limits: IngestLimits) -> tuple[RecordError, int]:
    """The error ``ingest`` refuses ``data`` with, and the peak bytes traced meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(RecordError) as caught:
            ingest(name, data, limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value, peak
