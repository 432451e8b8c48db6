"""Canonical ISCN text for a parsed karyotype.

Conventions (ISCN 2020): abbreviations in lower case, X and Y in upper case, no spaces
inside the karyotype, ``~`` for ranges, ``×`` for multiplication, the stemline reference
first among a sideline's changes and ``inc`` last. Shorthand read by the parser (e.g.
``del(5q)``) is written in the standard form ``del(5)(q)``. ``render`` then
``parse_karyotype`` gives back the same cell lines.
"""

from __future__ import annotations

from onconav.clinical.karyotype.model import (
    Abnormality,
    Clone,
    CloneReference,
    FishFinding,
    FishResult,
    Karyotype,
    Kind,
    Rearrangement,
)


def render(karyotype: Karyotype) -> str:
    """The karyotype in canonical ISCN."""
    if karyotype.no_result:
        return karyotype.no_result
    text = "/".join(render_clone(clone) for clone in karyotype.recipient)
    if karyotype.donor:
        text += "//" + "/".join(render_clone(clone) for clone in karyotype.donor)
    if karyotype.fish is not None:
        fish = render_fish(karyotype.fish)
        text = f"{text}.{fish}" if text else fish
    return text


def render_clone(clone: Clone) -> str:
    pieces: list[str] = []
    if clone.modal is not None:
        low, high = clone.modal
        modal = str(low) if low == high else f"{low}~{high}"
        pieces.append(modal + clone.ploidy)
        if clone.sex_chromosomes:  # empty when an idem/sl/sdl line inherits them
            pieces.append(clone.sex_chromosomes + ("c" if clone.sex_constitutional else ""))
    if clone.reference is not None:
        pieces.append(_reference(clone.reference))
    pieces.extend(render_abnormality(abnormality) for abnormality in clone.abnormalities)
    if clone.incomplete:
        pieces.append("inc")
    text = ",".join(pieces)
    if clone.cells is not None:
        text += f"[{'cp' if clone.composite else ''}{clone.cells}]"
    return text


def _reference(reference: CloneReference) -> str:
    text = reference.word + (str(reference.number) if reference.number is not None else "")
    return text + (f"×{reference.multiplier}" if reference.multiplier > 1 else "")


def render_abnormality(abnormality: Abnormality) -> str:
    suffix = "c" if abnormality.constitutional else ""
    question = "?" if abnormality.uncertain else ""
    low, high = abnormality.copies
    if abnormality.kind is Kind.HETEROMORPHISM:
        return abnormality.chromosome + abnormality.marker + suffix
    if abnormality.kind is Kind.NUMERICAL:
        times = f"×{low}" if low > 1 else ""
        return f"{abnormality.sign}{question}{abnormality.chromosome}{suffix}{times}"
    if abnormality.kind is Kind.MARKER:
        count = "" if (low, high) == (1, 1) else (str(low) if low == high else f"{low}~{high}")
        return f"{abnormality.sign}{question}{count}{abnormality.marker}{suffix}"
    body = "".join(render_rearrangement(part) for part in abnormality.parts)
    times = f"×{low}" if low > 1 else ""
    text = f"{abnormality.sign}{question}{body}{suffix}{times}"
    for alternative in abnormality.alternatives:
        text += " or " + render_abnormality(alternative)
    return text


def render_rearrangement(part: Rearrangement) -> str:
    text = f"{part.name}({';'.join(part.chromosomes)})"
    if part.breakpoints is not None:
        text += f"({';'.join(part.breakpoints)})"
    return text


def render_fish(fish: FishResult) -> str:
    return fish.method + ",".join(_finding(finding) for finding in fish.findings)


def _finding(finding: FishFinding) -> str:
    locus = finding.signals[0].locus if finding.signals else ""
    probes = ",".join(
        signal.probe + (f"x{signal.copies}" if signal.copies is not None else "")
        for signal in finding.signals
    )
    text = f"{locus}({probes})"
    if finding.nuclei_total is not None:
        if finding.nuclei_with_pattern == finding.nuclei_total:
            text += f"[{finding.nuclei_total}]"
        else:
            text += f"[{finding.nuclei_with_pattern}/{finding.nuclei_total}]"
    return text
