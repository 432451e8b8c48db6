"""A comparison key for protein changes, so p.(Lys700Glu), p.K700E and K700E match.

Three-letter amino-acid codes (HGVS, den Dunnen JT et al., Hum Mutat 2016;37:564) map to
IUPAC one-letter codes; Ter and X are the stop codon ``*``.
"""

from __future__ import annotations

import re

_THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*",
    "Sec": "U",
}  # fmt: skip
_THREE = re.compile("|".join(_THREE_TO_ONE))


def protein_key(protein: str) -> str:
    """'p.(Lys700Glu)' → 'K700E'; 'p.Gly646TrpfsTer12' → 'G646Wfs*12'."""
    key = protein.strip()
    if key.startswith("p."):
        key = key[2:]
    key = key.strip("()")
    key = _THREE.sub(lambda match: _THREE_TO_ONE[match.group(0)], key)
    return key.replace("X", "*")
