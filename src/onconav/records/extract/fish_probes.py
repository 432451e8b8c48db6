"""FISH probes of the MDS panel and their targets (MDS brief §3.4: 5q31/EGR1 with a 5p15
control, 7q31/D7S486 with CEP7, CEP8, 20q12/D20S108, 17p13.1/TP53 with CEP17; some panels
add KMT2A at 11q23). A fact is named by its target, e.g. "EGR1 (5q31)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FishTarget:
    name: str  # the fact name
    probes: frozenset[str]  # probe names in ISCN (upper case)
    controls: frozenset[str]  # control probes that travel with it
    text: re.Pattern[str]  # how reports write it in prose or tables


TARGETS: tuple[FishTarget, ...] = (
    FishTarget(
        "EGR1 (5q31)",
        frozenset({"EGR1", "CSF1R", "5Q31", "5Q31.2", "D5S630"}),
        frozenset({"D5S23", "D5S721", "D5S23/D5S721", "5P15", "5P15.2", "5P15.31", "TERT"}),
        re.compile(
            r"\bEGR-?1\b|\b5q31(?:\.\d)?\b|\b5q-(?!\w)|\bdel(?:etion)?\s*(?:of\s+)?\(?5q\)?"
            r"|-5\s*/\s*5q-|\bmonosomy\s+5\b|\b5q\s+deletion",
            re.I,
        ),
    ),
    FishTarget(
        "D7S486 (7q31)",
        frozenset({"D7S486", "D7S522", "7Q31", "7Q22", "CUX1"}),
        frozenset({"D7Z1", "CEP7", "CEP 7"}),
        re.compile(
            r"\bD7S486\b|\bD7S522\b|\b7q31\b|\b7q-(?!\w)|-7\s*/\s*7q-|\bmonosomy\s+7\b"
            r"|\bdel(?:etion)?\s*(?:of\s+)?\(?7q\)?|\b7q\s+deletion|\bCEP\s*7\b",
            re.I,
        ),
    ),
    FishTarget(
        "CEP8",
        frozenset({"D8Z2", "CEP8", "CEP 8"}),
        frozenset(),
        re.compile(r"\bCEP\s*8\b|\bD8Z2\b|\btrisomy\s+8\b|(?<![\w(])\+8\b", re.I),
    ),
    FishTarget(
        "D20S108 (20q12)",
        frozenset({"D20S108", "20Q12", "PTPRT", "MYBL2", "20Q13.12"}),
        frozenset({"D20S1157", "CEP20"}),
        re.compile(
            r"\bD20S108\b|\b20q12\b|\b20q-(?!\w)|\bdel(?:etion)?\s*(?:of\s+)?\(?20q\)?"
            r"|\b20q\s+deletion",
            re.I,
        ),
    ),
    FishTarget(
        "TP53 (17p13.1)",
        frozenset({"TP53", "P53", "17P13", "17P13.1"}),
        frozenset({"D17Z1", "CEP17", "CEP 17"}),
        re.compile(
            r"\bT?P53\b|\b17p13(?:\.1)?\b|\b17p-(?!\w)|\bdel(?:etion)?\s*(?:of\s+)?\(?17p\)?"
            r"|\b17p\s+deletion",
            re.I,
        ),
    ),
    FishTarget(
        "KMT2A (11q23)",
        frozenset({"KMT2A", "MLL", "11Q23"}),
        frozenset(),
        re.compile(r"\bKMT2A\b|\bMLL\b|\b11q23(?:\.3)?\b", re.I),
    ),
)

# Words that make a line a FISH result rather than, say, a gene in an NGS list. Nuclei
# count only as the nuclei scored ("200 nuclei", "in 12% of nuclei", "nuclei scored"): a
# morphologist's "small megakaryocytes with round nuclei" is no FISH result.
FISH_CONTEXT = re.compile(
    r"\bFISH\b|in\s+situ|(?:\d\s*%?|\bof|\binterphase|\bthe)\s+nuclei\b"
    r"|\bnuclei\s+(?:were\s+)?(?:scored|analy[sz]ed|examined|counted|evaluated)\b"
    r"|\bsignals?\b|\bprobes?\b|\bcut-?off\b|interphase|\b\d{1,2}[pq]\d{2}",
    re.I,
)


def target_for_probe(probe: str) -> FishTarget | None:
    key = probe.upper()
    for target in TARGETS:
        if key in target.probes:
            return target
    return None


def is_control(probe: str) -> bool:
    key = probe.upper()
    return any(key in target.controls for target in TARGETS)
