"""The typed syntax tree of an ISCN karyotype.

Nomenclature: ISCN 2020 (McGowan-Jordan J, Hastings RJ, Moore S, eds. ISCN 2020: An
International System for Human Cytogenomic Nomenclature. Karger), chapters on neoplasia
(clones, stemline/sideline shorthand ``idem``/``sl``/``sdl``, composite karyotypes ``cp``)
and structural rearrangements. The tree keeps what was written; interpretation (clonality,
counting, risk groups) lives in ``counting``, ``categories`` and ``summary``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Sign(StrEnum):
    """``+`` an extra copy, ``-`` a missing copy, ``""`` the rearranged chromosome replaces one."""

    GAIN = "+"
    LOSS = "-"
    NONE = ""


class Kind(StrEnum):
    NUMERICAL = "numerical"  # +8, -7, -Y
    STRUCTURAL = "structural"  # del(5)(q13q33), der(1;7)(q10;p10), t(3;3)(q21;q26)
    MARKER = "marker"  # +mar, +2mar, +1~3mar, +r, 2dmin: unidentified material
    HETEROMORPHISM = "heteromorphism"  # 9qh+, 1qh-, 15ps+: normal variants


@dataclass(frozen=True, slots=True)
class Rearrangement:
    """One rearrangement, e.g. ``t(1;7)(p13;p11.2)``.

    ``breakpoints`` holds one band group per chromosome as written (``("q13q33",)`` for a
    deletion, ``("q21", "q26.2")`` for a translocation); ``None`` when the report gave none.
    """

    name: str  # del, dup, inv, t, i, idic, dic, der, add, ins, r, hsr, trc, tas, fis, fra
    chromosomes: tuple[str, ...]  # "5", "X", "?" ; a leading "?" marks an uncertain one
    breakpoints: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Abnormality:
    """One comma-separated item of a cell line.

    For a derivative, ``parts[0]`` is the ``der(...)`` itself and the rest are the
    rearrangements that made it (``der(1)t(1;7)(p13;p11.2)`` → der(1), t(1;7)).
    ``alternatives`` holds readings offered with ``or``.
    """

    kind: Kind
    sign: Sign = Sign.NONE
    chromosome: str = ""  # numerical changes and heteromorphisms
    parts: tuple[Rearrangement, ...] = ()
    marker: str = ""  # "mar", "mar1", "r", "dmin" for Kind.MARKER; variant text for heteromorphisms
    copies: tuple[int, int] = (1, 1)  # +2mar → (2, 2); +1~3mar → (1, 3); del(5)(q13q33)x2 → (2, 2)
    constitutional: bool = False  # ISCN suffix "c"
    uncertain: bool = False  # ISCN "?" before the abnormality
    alternatives: tuple[Abnormality, ...] = ()


@dataclass(frozen=True, slots=True)
class CloneReference:
    """``idem`` (the stemline), ``sl`` (stemline) or ``sdl``/``sdlN`` (a sideline)."""

    word: str  # "idem", "sl", "sdl"
    number: int | None = None  # sdl2 → 2
    multiplier: int = 1  # idem×2: a doubled (polyploid) stemline


@dataclass(frozen=True, slots=True)
class Clone:
    """One cell line: modal number, sex chromosomes, abnormalities and cell count."""

    modal: tuple[int, int] | None  # 46 → (46, 46); 45~48 → (45, 48); None if not written
    ploidy: str  # "<4n>" when written, else ""
    sex_chromosomes: str  # "XY", "X", "XXY"; "" when not written
    sex_constitutional: bool  # "47,XXYc"
    reference: CloneReference | None
    abnormalities: tuple[Abnormality, ...]
    incomplete: bool  # "inc"
    cells: int | None  # [20] → 20
    composite: bool  # [cp9]


@dataclass(frozen=True, slots=True)
class FishSignal:
    """One probe and its signal number, e.g. ``EGR1x1``."""

    probe: str
    copies: int | None  # None when the report gives no number for this probe
    locus: str  # band written before the parentheses, e.g. "5q31", or ""


@dataclass(frozen=True, slots=True)
class FishFinding:
    """One FISH pattern with its nuclei count, e.g. ``(EGR1x1,D5S23x2)[156/200]``."""

    signals: tuple[FishSignal, ...]
    nuclei_with_pattern: int | None  # [156/200] → 156; [200] → 200 (every nucleus counted)
    nuclei_total: int | None
    text: str  # the pattern as normalised (lower case, no spaces)

    @property
    def percent(self) -> float | None:
        """Share of nuclei showing this pattern (the lab's cut-off decides if it is abnormal)."""
        if self.nuclei_with_pattern is None or not self.nuclei_total:
            return None
        return round(100.0 * self.nuclei_with_pattern / self.nuclei_total, 1)


@dataclass(frozen=True, slots=True)
class FishResult:
    """Interphase (``nuc ish``) or metaphase (``ish``) FISH, kept apart from the karyotype."""

    method: str  # "nuc ish" or "ish"
    findings: tuple[FishFinding, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Karyotype:
    """A parsed karyotype.

    ``recipient`` holds the cell lines before ``//`` and ``donor`` those after it (ISCN
    writes the recipient first after transplantation). ``no_result`` carries a reason such
    as "no metaphases" when the text reports a failed analysis instead of a karyotype.
    ``notes`` list readings the parser had to make (shorthand, missing commas).
    """

    text: str
    recipient: tuple[Clone, ...]
    donor: tuple[Clone, ...] = ()
    fish: FishResult | None = None
    no_result: str = ""
    notes: tuple[str, ...] = ()
