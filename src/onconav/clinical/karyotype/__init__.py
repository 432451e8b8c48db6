"""ISCN karyotype reading and cytogenetic risk (IPSS-R, IPSS 1997) for the clinical core.

Public API: ``parse_karyotype``, ``render``, ``summarize``, ``summarize_many`` (a batch,
each distinct text read once), ``parse_fish`` and the ``KaryotypeSyntaxError`` they raise.
``summarize`` produces the ``KaryotypeSummary`` contract in ``onconav.clinical.cytogenetics``.
"""

from onconav.clinical.karyotype.batch import KaryotypeOutcome, summarize_many
from onconav.clinical.karyotype.errors import KaryotypeSyntaxError
from onconav.clinical.karyotype.fish import parse_fish
from onconav.clinical.karyotype.model import (
    Abnormality,
    Clone,
    CloneReference,
    FishFinding,
    FishResult,
    FishSignal,
    Karyotype,
    Kind,
    Rearrangement,
    Sign,
)
from onconav.clinical.karyotype.parser import parse_karyotype
from onconav.clinical.karyotype.render import render
from onconav.clinical.karyotype.summary import summarize

__all__ = [
    "Abnormality",
    "Clone",
    "CloneReference",
    "FishFinding",
    "FishResult",
    "FishSignal",
    "Karyotype",
    "KaryotypeOutcome",
    "KaryotypeSyntaxError",
    "Kind",
    "Rearrangement",
    "Sign",
    "parse_fish",
    "parse_karyotype",
    "render",
    "summarize",
    "summarize_many",
]
