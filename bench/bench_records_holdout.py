"""Records pipeline on the held-out set ``tests/records/holdout`` (16 documents, three
patients the extractors were never tuned on), through ``bench_records.run_record_set``:
the same figures and targets as the corpus, named "holdout ...", with no bad inputs."""

from __future__ import annotations

from bench.bench_records import run_record_set
from bench.figures import Figure


def run() -> list[Figure]:
    return run_record_set("holdout")
