"""Recurrent rearrangements that define AML, and MECOM (3q26.2) rearrangement.

The list is WHO 2022 "AML with defining genetic abnormalities" (Khoury JD et al., Leukemia
2022;36:1703) as summarised in the MDS brief §1.2 [M]: RUNX1::RUNX1T1 t(8;21)(q22;q22),
CBFB::MYH11 inv(16)(p13q22)/t(16;16)(p13;q22), PML::RARA t(15;17)(q24;q21), DEK::NUP214
t(6;9)(p23;q34), RBM15::MRTFA t(1;22)(p13;q13), KMT2A rearrangement (11q23; the common
MLLT3::KMT2A is t(9;11)(p21;q23)), MECOM rearrangement (3q26.2; GATA2::MECOM is
inv(3)(q21q26)/t(3;3)(q21;q26)) and BCR::ABL1 t(9;22)(q34;q11). BCR::ABL1 still needs 20 %
blasts under WHO 2022; ICC 2022 needs 10 % for the others (MDS brief §1.3 [M]).
Bands are compared at the level of the main band (q22 matches q22.1 or q22.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from onconav.clinical.karyotype.codes import breakpoint_bands
from onconav.clinical.karyotype.counting import Item
from onconav.clinical.karyotype.model import Kind


@dataclass(frozen=True, slots=True)
class _Fusion:
    name: str
    rearrangements: tuple[str, ...]  # "t", "inv"
    bands: tuple[tuple[str, str], ...]  # (chromosome, main band)


_FUSIONS = (
    _Fusion("RUNX1::RUNX1T1", ("t",), (("8", "q22"), ("21", "q22"))),
    _Fusion("CBFB::MYH11", ("inv", "t"), (("16", "p13"), ("16", "q22"))),
    _Fusion("PML::RARA", ("t",), (("15", "q24"), ("17", "q21"))),
    _Fusion("PML::RARA", ("t",), (("15", "q22"), ("17", "q12"))),
    _Fusion("DEK::NUP214", ("t",), (("6", "p23"), ("9", "q34"))),
    _Fusion("DEK::NUP214", ("t",), (("6", "p22"), ("9", "q34"))),
    _Fusion("RBM15::MRTFA", ("t",), (("1", "p13"), ("22", "q13"))),
    _Fusion("GATA2::MECOM", ("inv", "t"), (("3", "q21"), ("3", "q26"))),
    _Fusion("MLLT3::KMT2A", ("t",), (("9", "p21"), ("11", "q23"))),
    _Fusion("MLLT3::KMT2A", ("t",), (("9", "p22"), ("11", "q23"))),
    _Fusion("BCR::ABL1", ("t",), (("9", "q34"), ("22", "q11"))),
)


_FUSION_KINDS = {"t", "inv", "ins", "der"}


def _main_band(band: str) -> str:
    """'q22' for 'q22.1', '?q22' or 'q22~q23'; '' for an arm alone."""
    band = band.lstrip("?")
    head = band[:1]
    digits = ""
    for char in band[1:]:
        if char.isdigit():
            digits += char
        else:
            break
    return head + digits if digits else ""


def _bands(item: Item, chromosome: str) -> list[str] | None:
    groups = breakpoint_bands(item.abnormality, chromosome)
    if groups is None:
        return None
    found: list[str] = []
    for group in groups:
        for piece in group.replace("~", " ").replace("-", " ").replace("?", "").split():
            cut = [i for i, c in enumerate(piece) if c in "pq"] + [len(piece)]
            found.extend(piece[a:b] for a, b in pairwise(cut) if b > a)
    return found


def aml_defining(items: tuple[Item, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fusions found, flags) among counted structural changes."""
    found: list[str] = []
    flags: list[str] = []
    for item in items:
        abnormality = item.abnormality
        if abnormality.kind is not Kind.STRUCTURAL:
            continue
        names = {part.name for part in abnormality.parts}
        if not names & _FUSION_KINDS:
            continue
        matched = False
        for fusion in _FUSIONS:
            if not names & set(fusion.rearrangements):
                continue
            wanted = {c for c, _ in fusion.bands}
            chromosomes = {c.lstrip("?") for part in abnormality.parts for c in part.chromosomes}
            if not wanted <= chromosomes or (len(wanted) == 2 and chromosomes - wanted - {"?"}):
                continue
            bands_ok = True
            missing = False
            for chromosome, band in fusion.bands:
                written = _bands(item, chromosome)
                if written is None:
                    missing = True
                    break
                if band not in {_main_band(b) for b in written}:
                    bands_ok = False
            if missing:
                flags.append(
                    f"{item.code} is written without breakpoints; it may be {fusion.name}, "
                    "which would count as AML-defining."
                )
                matched = True
                break
            if bands_ok and fusion.name not in found:
                found.append(fusion.name)
                matched = True
                break
        if matched or "11" not in {c.lstrip("?") for p in abnormality.parts for c in p.chromosomes}:
            continue
        if names & {"t", "ins", "inv"}:
            bands = _bands(item, "11")
            if bands and "q23" in {_main_band(b) for b in bands}:
                label = "KMT2A rearrangement (11q23)"
                if label not in found:
                    found.append(label)
    mecom = [name for name in found if "MECOM" in name]
    for item in items:
        if item.abnormality.kind is Kind.STRUCTURAL and mecom_rearranged(item) and not mecom:
            found.append("MECOM rearrangement (3q26.2)")
            mecom.append("MECOM")
    return tuple(found), tuple(flags)


def mecom_rearranged(item: Item) -> bool | None:
    """A rearrangement breaking 3q26 (MECOM is at 3q26.2). None when bands are not given
    or the sub-band written is another part of 3q26."""
    abnormality = item.abnormality
    if abnormality.kind is not Kind.STRUCTURAL:
        return False
    names = {part.name for part in abnormality.parts}
    if not names & {"t", "inv", "ins", "der", "dic"}:
        return False
    bands = _bands(item, "3")
    if bands is None:
        return None
    if not bands:
        return False
    result: bool | None = False
    for band in bands:
        if _main_band(band) != "q26":
            continue
        if band in {"q26", "q26.2"} or band.startswith("q26.2"):
            return True
        result = None
    return result
