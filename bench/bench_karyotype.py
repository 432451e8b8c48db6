"""Karyotype parsing + summarising rate (``parse_karyotype`` then ``summarize``).

Target (karyotype issue, 2-core reference machine): ≥ 20,000 karyotypes/s. The corpus is
generated (seeded) to resemble report volume: about 60 % normal karyotypes, 28 % with one
or two changes, 12 % complex with sidelines (the IPSS-M study's karyotypes are about
64 % normal). Nothing is cached, so a repeated string costs as much as a new one.
The rate is shown for one process and for two worker processes (the machine's two cores),
then end to end for the batch command on 100,000 report-like lines, which reads each distinct
text once and spreads large batches over the cores (process start and CSV writing included).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.figures import Figure

CORPUS_SIZE = 20_000
BATCH_LINES = 100_000
TARGET_PER_SECOND = 20_000
SEED = 2026

_SIMPLE = (
    "del(5)(q13q33)",
    "del(5)(q31q35)",
    "-7",
    "+8",
    "del(20)(q11.2q13.3)",
    "-Y",
    "del(7)(q22q34)",
    "i(17)(q10)",
    "+21",
    "del(11)(q14q23)",
    "del(12)(p12p13)",
    "inv(3)(q21q26.2)",
    "t(3;3)(q21.3;q26.2)",
    "+19",
    "del(9)(q13q22)",
    "t(1;7)(q12;q32)",
    "+1,der(1;7)(q10;p10)",
    "idic(X)(q13)",
)
_COMPLEX = (
    "-5",
    "-7",
    "-17",
    "-18",
    "-20",
    "+mar",
    "+2mar",
    "+1~3mar",
    "add(17)(p11.2)",
    "del(12)(p11.2p13)",
    "der(5;17)(q10;q10)",
    "dic(5;17)(q13;p11.2)",
    "add(3)(p21)",
    "der(18)t(17;18)(q21;p11.2)",
    "r(7)(p22q36)",
    "+8",
    "i(17)(q10)",
)


def corpus(size: int = CORPUS_SIZE, seed: int = SEED) -> list[str]:
    """Report-like karyotypes (seeded)."""
    rng = random.Random(seed)
    texts: list[str] = []
    while len(texts) < size:
        sex = rng.choice(("XX", "XY"))
        roll = rng.random()
        cells = rng.randint(12, 30)
        if roll < 0.60:
            text = f"46,{sex}[{cells}]"
            if rng.random() < 0.5:
                text = f"46,{sex}[{cells}]//46,{'XY' if sex == 'XX' else 'XX'}[{rng.randint(1, 9)}]"
        elif roll < 0.88:
            changes = rng.sample(_SIMPLE, rng.randint(1, 2))
            normal = rng.randint(0, 15)
            text = f"46,{sex},{','.join(changes)}[{cells}]/46,{sex}[{normal}]"
        else:
            stemline = rng.sample(_COMPLEX, rng.randint(3, 7))
            sideline = rng.sample(_COMPLEX, rng.randint(1, 2))
            text = (
                f"{rng.randint(40, 47)},{sex},{','.join(stemline)}[{cells}]"
                f"/{rng.randint(40, 47)},{sex},idem,{','.join(sideline)}[{rng.randint(2, 9)}]"
                f"/46,{sex}[{rng.randint(1, 5)}]"
            )
        texts.append(text)
    return texts


def _work(texts: list[str]) -> int:
    from onconav.clinical.karyotype import parse_karyotype, summarize

    for text in texts:
        summarize(parse_karyotype(text))
    return len(texts)


def run() -> list[Figure]:
    texts = corpus()
    _work(texts[:200])  # imports and first-call costs outside the timing
    started = time.perf_counter()
    _work(texts)
    one_process = len(texts) / (time.perf_counter() - started)
    halves = [texts[0::2], texts[1::2]]
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_work, [t[:50] for t in halves]))
        started = time.perf_counter()
        done = sum(pool.map(_work, halves))
        two_processes = done / (time.perf_counter() - started)
    batch = _batch_command_rate(corpus(BATCH_LINES, seed=SEED + 1))
    return [
        Figure("parse + summarise, 1 process", one_process, "karyotypes/s"),
        Figure(
            "parse + summarise, 2 processes",
            two_processes,
            "karyotypes/s",
            target=TARGET_PER_SECOND,
        ),
        Figure(
            f"`onconav karyotype --input` on {BATCH_LINES:,} lines, end to end",
            batch,
            "karyotypes/s",
        ),
    ]


def _batch_command_rate(texts: list[str]) -> float:
    executable = Path(sys.executable).with_name("onconav")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "karyotypes.txt"
        source.write_text("\n".join(texts) + "\n", encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [str(executable), "karyotype", "--input", str(source), "--output", f"{folder}/out.csv"],
            check=True,
            capture_output=True,
        )
        return len(texts) / (time.perf_counter() - started)
