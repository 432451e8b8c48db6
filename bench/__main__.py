"""Runs every benchmark module and prints its figures.

A benchmark module is ``bench/bench_<name>.py`` with ``run() -> list[Figure]``.
Targets are printed beside the measured figure; a missed target is reported, not
hidden, and makes the exit code 1 so a regression is visible in CI logs.

    python -m bench              # all benchmarks
    python -m bench answer       # only bench_answer.py
    make bench BENCH="answer web"  # the same through make
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

from bench.figures import Figure


def main(argv: list[str]) -> int:
    import bench

    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules(bench.__path__)
        if m.name.startswith("bench_")
    )
    if any(arg in ("-h", "--help") for arg in argv):
        print(__doc__.strip())
        print(f"\navailable: {', '.join(names)}")
        return 0
    wanted = argv or names
    missed = 0
    for name in wanted:
        if name not in names:
            print(f"unknown benchmark {name!r}; available: {', '.join(names)}", file=sys.stderr)
            return 2
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}")
        started = time.perf_counter()
        figures: list[Figure] = module.run()
        for figure in figures:
            print(f"  {figure}")
            missed += figure.missed
        print(f"  ({time.perf_counter() - started:.1f} s)")
    if missed:
        print(f"{missed} target(s) missed", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
