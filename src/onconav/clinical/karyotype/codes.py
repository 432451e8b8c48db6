"""Arm-level codes and copy-number consequences of single abnormalities.

The codes are the short forms risk models use ("-7", "del(5q)", "i(17q)", "t(3;3)").
Copy-number consequences follow the ISCN 2020 definitions of each rearrangement:

* ``del(N)(q..)`` loses part of Nq; ``add(N)(q..)`` replaces the segment distal to the
  break (so it is lost); a derivative keeps its own centromere and loses the segment
  distal to its own breakpoint (``der(5)t(5;17)(q13;p11)`` loses 5q13→qter).
* ``i(N)(q10)`` is two copies of Nq: Np is lost (Koczkodaj D et al., Oncotarget
  2021;12:620: i(17q) always loses one TP53 allele); ``idic(N)(q13)`` keeps two copies of
  pter→q13 and loses the distal q segment.
* A whole-arm derivative ``der(A;B)(q10;p10)`` is Aq joined to Bp and replaces one A and one
  B, so Ap and Bq are lost unless a ``+A`` is written (ISCN; MDS brief §3.2 on der(1;7)).
* ``dic(A;B)`` keeps both centromeres and loses both distal segments.

Balanced changes (t, inv, ins) lose nothing at this resolution.
"""

from __future__ import annotations

from onconav.clinical.karyotype.model import Abnormality, Kind, Rearrangement, Sign

Arm = tuple[str, str]  # ("5", "q")


def arm_of(group: str | None) -> str:
    """'q' for 'q13q33' or '?q22q33', 'p' for 'p11.2', '' when no arm is written."""
    if not group:
        return ""
    for char in group:
        if char in "pq":
            return char
        if char != "?":
            return ""
    return ""


def _plain(chromosome: str) -> str:
    return chromosome.lstrip("?")


def code(abnormality: Abnormality) -> str:
    """Arm-level code, e.g. '-7', '+8', 'del(5q)', 'i(17q)', 't(3;3)', 'der(1;7)', '+mar'."""
    sign = abnormality.sign.value
    if abnormality.kind is Kind.NUMERICAL:
        return f"{sign}{abnormality.chromosome}"
    if abnormality.kind is Kind.MARKER:
        return f"{sign}{abnormality.marker}"
    if abnormality.kind is Kind.HETEROMORPHISM:
        return abnormality.chromosome + abnormality.marker
    return sign + rearrangement_code(abnormality.parts[0])


def rearrangement_code(part: Rearrangement) -> str:
    chromosomes = ";".join(part.chromosomes)
    if part.name in {"del", "dup", "add", "hsr", "i", "idic"} and len(part.chromosomes) == 1:
        arm = arm_of(part.breakpoints[0] if part.breakpoints else None)
        return f"{part.name}({chromosomes}{arm})"
    return f"{part.name}({chromosomes})"


def chromosomes_involved(abnormality: Abnormality) -> frozenset[str]:
    """Every chromosome named by the abnormality (without '?')."""
    if abnormality.kind in (Kind.NUMERICAL, Kind.HETEROMORPHISM):
        return frozenset({_plain(abnormality.chromosome)})
    return frozenset(_plain(c) for part in abnormality.parts for c in part.chromosomes)


def is_two_chromosome_derivative(abnormality: Abnormality) -> bool:
    """A derivative built from two or more chromosomes (ISCN 2024 counts these as two)."""
    if abnormality.kind is not Kind.STRUCTURAL or abnormality.parts[0].name != "der":
        return False
    named = {c for part in abnormality.parts for c in part.chromosomes if c not in {"?"}}
    return len(named) >= 2


def lost_arms(abnormality: Abnormality) -> frozenset[Arm]:
    """Chromosome arms with a copy lost (wholly or partly) through this abnormality."""
    if abnormality.kind is Kind.NUMERICAL:
        if abnormality.sign is Sign.LOSS:
            chromosome = _plain(abnormality.chromosome)
            return frozenset({(chromosome, "p"), (chromosome, "q")})
        return frozenset()
    if abnormality.kind is not Kind.STRUCTURAL or abnormality.sign is Sign.GAIN:
        return frozenset()
    main = abnormality.parts[0]
    if main.name == "der":
        return _derivative_losses(abnormality.parts)
    return _part_losses(main, own=None)


def _derivative_losses(parts: tuple[Rearrangement, ...]) -> frozenset[Arm]:
    main = parts[0]
    if len(main.chromosomes) >= 2 and main.breakpoints:
        lost: set[Arm] = set()
        for chromosome, group in zip(main.chromosomes, main.breakpoints, strict=False):
            kept = arm_of(group)
            if kept:
                lost.add((_plain(chromosome), "p" if kept == "q" else "q"))
        return frozenset(lost)
    own = _plain(main.chromosomes[0]) if main.chromosomes else ""
    lost_arms_: set[Arm] = set()
    for part in parts[1:]:
        lost_arms_ |= _part_losses(part, own=own)
    return frozenset(lost_arms_)


def _part_losses(part: Rearrangement, own: str | None) -> frozenset[Arm]:
    groups = part.breakpoints or ()
    chromosomes = [_plain(c) for c in part.chromosomes]
    if part.name in {"del", "add"} and chromosomes:
        arm = arm_of(groups[0] if groups else None)
        return frozenset({(chromosomes[0], arm)}) if arm else frozenset()
    if part.name == "i" and chromosomes:
        arm = arm_of(groups[0] if groups else None)
        return frozenset({(chromosomes[0], "p" if arm == "q" else "q")}) if arm else frozenset()
    if part.name == "idic" and chromosomes:
        arm = arm_of(groups[0] if groups else None)
        return frozenset({(chromosomes[0], arm)}) if arm else frozenset()
    if part.name == "dic":
        return frozenset(
            (chromosome, arm_of(group))
            for chromosome, group in zip(chromosomes, groups, strict=False)
            if arm_of(group)
        )
    if part.name == "t" and own is not None:
        # Inside a derivative: the derivative's own chromosome loses its distal segment.
        return frozenset(
            (chromosome, arm_of(group))
            for chromosome, group in zip(chromosomes, groups, strict=False)
            if chromosome == own and arm_of(group)
        )
    return frozenset()


def breakpoint_bands(abnormality: Abnormality, chromosome: str) -> tuple[str, ...] | None:
    """The bands written for ``chromosome`` in the abnormality's rearrangements.

    None when the chromosome is involved but no breakpoints were given.
    """
    bands: list[str] = []
    involved = False
    for part in abnormality.parts:
        for index, name in enumerate(part.chromosomes):
            if _plain(name) != chromosome:
                continue
            involved = True
            if part.breakpoints is None:
                continue
            if len(part.breakpoints) > index:
                bands.append(part.breakpoints[index])
            elif len(part.breakpoints) == 1:
                bands.append(part.breakpoints[0])
    if involved and not bands:
        return None
    return tuple(bands)
