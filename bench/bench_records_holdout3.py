"""Records pipeline on the third held-out set ``tests/records/holdout3`` (three more
patients, written blind), through ``bench_records.run_record_set``: the same figures and
targets as the corpus, named "holdout3 ...", with no bad inputs."""

from __future__ import annotations

from bench.bench_records import run_record_set
from bench.figures import Figure


def run() -> list[Figure]:
    return run_record_set("holdout3")
