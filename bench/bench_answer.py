"""Answer latency: warm ``ask`` over the eval set, and the cold start of ``onconav ask``.

Targets (issue 2, on the 2-core reference machine): p50 ≤ 50 ms warm, cold start ≤ 2 s.
"Warm" means the process is up and the index loaded; the engine's answer cache is switched
off for the target figure, so every question is answered from retrieval onward. A repeated
question (the cache) is measured separately.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bench.figures import Figure

if TYPE_CHECKING:
    from onconav.answer.engine import AnswerEngine

REPEATS = 3
COLD_RUNS = 5


def run() -> list[Figure]:
    from onconav.answer.engine import AnswerEngine
    from onconav.eval.runner import load_questions
    from onconav.search.build import ensure_index
    from onconav.settings import Settings

    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        started = time.perf_counter()
        ensure_index(settings)
        build_seconds = time.perf_counter() - started
        questions = [q.question for q in load_questions()]
        uncached = _timings(AnswerEngine.open(settings, cache_size=0), questions)
        cached = _timings(AnswerEngine.open(settings), questions)
        cold = _cold_start(home)
    return [
        Figure("index build (first run)", build_seconds, "s"),
        Figure("warm ask p50", statistics.median(uncached), "ms", target=50, better="lower"),
        Figure("warm ask p95", _p95(uncached), "ms"),
        Figure("repeated question (answer cache) p50", statistics.median(cached), "ms"),
        Figure("cold start of `onconav ask` (median)", cold, "s", target=2, better="lower"),
    ]


def _timings(engine: AnswerEngine, questions: list[str]) -> list[float]:
    engine.ask(questions[0])
    timings: list[float] = []
    for _ in range(REPEATS):
        for question in questions:
            began = time.perf_counter()
            engine.ask(question)
            timings.append((time.perf_counter() - began) * 1000)
    return sorted(timings)


def _p95(sorted_timings: list[float]) -> float:
    return sorted_timings[int(len(sorted_timings) * 0.95) - 1]


def _cold_start(home: str) -> float:
    executable = Path(sys.executable).with_name("onconav")
    env = {**os.environ, "ONCONAV_HOME": home}
    runs: list[float] = []
    for _ in range(COLD_RUNS):
        began = time.perf_counter()
        subprocess.run(
            [str(executable), "ask", "What is MDS?", "--format", "json"],
            check=True,
            capture_output=True,
            env=env,
        )
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)
