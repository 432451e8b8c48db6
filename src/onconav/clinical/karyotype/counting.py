"""Which abnormalities count: clonality, constitutional changes, clones, sex chromosomes.

Rules and sources:

* Clone (ISCN 2020; restated by WiCell's report glossary): at least two cells with the same
  structural change or the same extra chromosome, or at least three cells missing the
  same chromosome. Cells are summed over every cell line carrying the change, so a change
  in a 1-cell stemline and a 1-cell sideline is clonal. A composite karyotype (``cp``)
  lists clonal changes only, so all of its changes count.
* Constitutional changes (suffix ``c``) and heteromorphisms (``9qh+``, ``15ps+``) are not
  acquired and never count (MDS brief §3.3 rule 2 [M]). A pericentric ``inv(9)`` with
  breakpoints in p11-p13 and q12-q21 is a common heteromorphism; written without ``c`` it
  is excluded here and offered as the alternative count (the IWG-PM data count it).
* Each distinct change counts once for the sample even when it repeats in stemline and
  sidelines; changes in unrelated clones are each counted (MDS brief §3.3 rule 3 [M];
  consistent with the ISCN 2024 sample-level counting summarised by cytomut.org P3).
  A change listed twice in one cell line (``-22,-22``) counts twice.
* Cell lines after ``//`` are donor cells after transplantation (ISCN writes the recipient
  first) and are not counted (MDS brief §3.3 rule 2 [M]).
* Sex chromosomes: a loss or gain that the sex chromosomes of a cell line show but no
  ``-Y``/``+X`` item states (``45,X[3]/46,XY[17]``) is counted and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from onconav.clinical.karyotype.codes import Arm, arm_of, code, lost_arms
from onconav.clinical.karyotype.model import Abnormality, Clone, Karyotype, Kind, Sign

_POLYPLOID_MODAL = 58  # ISCN: 58-80 is the near-triploid range and above


@dataclass(frozen=True, slots=True)
class Item:
    """One acquired change found in the recipient cell lines."""

    code: str
    abnormality: Abnormality
    clones: tuple[int, ...]  # indices of the cell lines carrying it
    cells: int | None  # cells carrying it (None if any line lacks a count)
    units: tuple[int, int]  # how many abnormalities it adds: 1, or a marker count range
    note: str = ""  # how it was found when not written as an item
    lost: frozenset[Arm] = frozenset()  # arms with a copy lost (codes.lost_arms)


@dataclass(frozen=True, slots=True)
class Census:
    counted: tuple[Item, ...]
    excluded: tuple[tuple[str, str], ...]  # (code, reason)
    heteromorphic: tuple[Item, ...]  # clonal inv(9) variants left out of the count
    groups: tuple[int, ...]  # per recipient cell line: related-clone group id, -1 if none
    metaphases: int | None
    constitution: str  # "XX", "XY", or "" when unknown
    flags: tuple[str, ...]


def census(karyotype: Karyotype) -> Census:
    """Sort the recipient cell lines' changes into counted and not counted."""
    clones = karyotype.recipient
    flags: list[str] = []
    resolved = _resolve(clones)
    constitution = _constitution(clones, resolved)
    inferred = _inferred_changes(clones, resolved, constitution, flags)
    occurrences: dict[tuple[str, int], list[int]] = {}
    examples: dict[tuple[str, int], Abnormality] = {}
    notes: dict[tuple[str, int], str] = {}
    for index in range(len(clones)):
        seen: dict[str, int] = {}
        for abnormality, note in [(a, "") for a in resolved[index]] + inferred[index]:
            # Constitutional copies are keyed apart so "+21c,+21" counts the acquired +21.
            key_code = code(abnormality) + ("c" if abnormality.constitutional else "")
            occurrence = seen.get(key_code, 0)
            key = (key_code, occurrence)
            seen[key_code] = occurrence + 1
            occurrences.setdefault(key, []).append(index)
            examples.setdefault(key, abnormality)
            if note:
                notes[key] = note
    counted: list[Item] = []
    excluded: list[tuple[str, str]] = []
    heteromorphic: list[Item] = []
    missing_counts = False
    for key, where in occurrences.items():
        abnormality = examples[key]
        key_code = key[0].removesuffix("c") if abnormality.constitutional else key[0]
        cells: int | None = 0
        composite = False
        for i in where:
            clone_cells = clones[i].cells
            composite = composite or clones[i].composite
            cells = None if cells is None or clone_cells is None else cells + clone_cells
        if abnormality.kind is Kind.HETEROMORPHISM:
            excluded.append((key_code, "a normal variant (heteromorphism)"))
            continue
        if abnormality.constitutional:
            excluded.append((key_code, "constitutional (present from birth)"))
            continue
        if (
            abnormality.kind is Kind.NUMERICAL
            and abnormality.sign is Sign.LOSS
            and abnormality.chromosome in {"X", "Y"}
            and key[1] >= _sex_copies(constitution, abnormality.chromosome)
        ):
            excluded.append((key_code, "written more often than there are such chromosomes"))
            continue
        needed = 3 if abnormality.kind is Kind.NUMERICAL and abnormality.sign is Sign.LOSS else 2
        if cells is None:
            missing_counts = True
        elif cells < needed and not composite:
            excluded.append((key_code, f"seen in {cells} cell{'s' if cells != 1 else ''} only"))
            continue
        units = abnormality.copies if abnormality.kind is Kind.MARKER else _units(abnormality)
        item = Item(
            key_code,
            abnormality,
            tuple(where),
            cells,
            units,
            notes.get(key, ""),
            lost_arms(abnormality),
        )
        if _heteromorphic_inversion(abnormality):
            heteromorphic.append(item)
            excluded.append((key_code, "a common inherited variant of chromosome 9"))
            continue
        counted.append(item)
    if missing_counts:
        flags.append(
            "Cell counts are not given for every cell line, so whether each change is clonal "
            "could not be checked; all listed changes were counted."
        )
    return Census(
        counted=tuple(counted),
        excluded=tuple(excluded),
        heteromorphic=tuple(heteromorphic),
        groups=_groups(clones, counted),
        metaphases=_metaphases(karyotype),
        constitution=constitution,
        flags=tuple(flags),
    )


def _sex_copies(constitution: str, chromosome: str) -> int:
    """Copies of X or Y present from birth; one Y and two X when the sex is not known."""
    if constitution:
        return constitution.count(chromosome)
    return 1 if chromosome == "Y" else 2


def _units(abnormality: Abnormality) -> tuple[int, int]:
    if abnormality.kind is Kind.NUMERICAL:
        return abnormality.copies
    return (1, 1)


def _resolve(clones: tuple[Clone, ...]) -> list[tuple[Abnormality, ...]]:
    """Each cell line's changes with ``idem``/``sl``/``sdl`` expanded (ISCN 2020)."""
    resolved: list[tuple[Abnormality, ...]] = []
    for index, clone in enumerate(clones):
        target = _target(clone, index)
        inherited = list(resolved[target]) if target is not None else []
        line = list(inherited)
        for abnormality in clone.abnormalities:
            if abnormality.kind is Kind.STRUCTURAL and abnormality in inherited:
                continue  # already carried over by idem/sl/sdl; ISCN does not repeat it
            opposite = _opposite_numerical(abnormality)
            if opposite is not None and opposite in inherited and opposite in line:
                inherited.remove(opposite)
                line.remove(opposite)  # "idem,-8" after a "+8" stemline: the gain is lost
                continue
            line.append(abnormality)
        resolved.append(tuple(line))
    return resolved


def _opposite_numerical(abnormality: Abnormality) -> Abnormality | None:
    if abnormality.kind is not Kind.NUMERICAL or abnormality.sign is Sign.NONE:
        return None
    sign = Sign.GAIN if abnormality.sign is Sign.LOSS else Sign.LOSS
    return Abnormality(
        kind=Kind.NUMERICAL,
        sign=sign,
        chromosome=abnormality.chromosome,
        constitutional=abnormality.constitutional,
    )


def _target(clone: Clone, index: int) -> int | None:
    """The cell line that ``idem``/``sl`` (the stemline) or ``sdl``/``sdlN`` refers to."""
    reference = clone.reference
    if reference is None:
        return None
    if reference.word in {"idem", "sl"}:
        return 0
    if reference.number is not None:
        return reference.number
    return index - 1


def _sex_items(abnormalities: tuple[Abnormality, ...]) -> dict[str, int] | None:
    """Net written change per sex chromosome (+1 for +X, -1 for -Y); None if none written."""
    net: dict[str, int] | None = None
    for abnormality in abnormalities:
        if abnormality.kind is Kind.NUMERICAL and abnormality.chromosome in ("X", "Y"):
            if net is None:
                net = {"X": 0, "Y": 0}
            step = abnormality.copies[0]
            net[abnormality.chromosome] += step if abnormality.sign is Sign.GAIN else -step
    return net


def _constitution(clones: tuple[Clone, ...], resolved: list[tuple[Abnormality, ...]]) -> str:
    for clone, changes in zip(clones, resolved, strict=True):
        if (
            not changes
            and clone.reference is None
            and clone.modal == (46, 46)
            and clone.sex_chromosomes in {"XX", "XY"}
        ):
            return clone.sex_chromosomes
    for clone, changes in zip(clones, resolved, strict=True):
        if not clone.sex_chromosomes or _is_polyploid(clone):
            continue
        if clone.sex_constitutional:
            return clone.sex_chromosomes
        net = _sex_items(changes) or {"X": 0, "Y": 0}
        sex = "X" * (clone.sex_chromosomes.count("X") - net["X"])
        sex += "Y" * (clone.sex_chromosomes.count("Y") - net["Y"])
        if sex in {"XX", "XY"}:
            return sex
        rearranged = "".join(_rearranged_sex_chromosomes(changes))
        with_rearranged = "X" * (sex + rearranged).count("X") + "Y" * (sex + rearranged).count("Y")
        if with_rearranged in {"XX", "XY"}:
            return with_rearranged  # 46,X,idic(X)(q13): the idic(X) is the second X
    return ""


def _is_polyploid(clone: Clone) -> bool:
    return bool(clone.ploidy) or (clone.modal is not None and clone.modal[0] >= _POLYPLOID_MODAL)


def _inferred_changes(
    clones: tuple[Clone, ...],
    resolved: list[tuple[Abnormality, ...]],
    constitution: str,
    flags: list[str],
) -> list[list[tuple[Abnormality, str]]]:
    inferred: list[list[tuple[Abnormality, str]]] = [[] for _ in clones]
    for index, (clone, changes) in enumerate(zip(clones, resolved, strict=True)):
        if clone.modal is None or not clone.sex_chromosomes:
            continue
        if not changes and clone.modal == (46, 46) and clone.sex_chromosomes == constitution:
            continue  # a normal cell line
        if _is_polyploid(clone):
            if not changes:
                note = f"{clone.modal[0]}~{clone.modal[1]} chromosomes (polyploid)"
                inferred[index].append(
                    (Abnormality(kind=Kind.MARKER, sign=Sign.GAIN, marker="polyploidy"), note)
                )
                flags.append(
                    "A polyploid cell line with no other change was counted as one "
                    "abnormality; counting conventions for polyploidy differ."
                )
            continue
        present = {"X": clone.sex_chromosomes.count("X"), "Y": clone.sex_chromosomes.count("Y")}
        written = _sex_items(changes)
        if clone.sex_constitutional or written is not None:
            continue
        if not constitution:
            if len(clone.sex_chromosomes) == 1:
                inferred[index].append(
                    (Abnormality(kind=Kind.NUMERICAL, sign=Sign.LOSS, chromosome="X/Y"), "")
                )
                flags.append(
                    f"{clone.modal[0]},{clone.sex_chromosomes} without a normal cell line: "
                    "it cannot be told whether an X or a Y was lost (loss of Y alone is "
                    "IPSS-R Very Good, loss of X is Intermediate)."
                )
            continue
        expected = {"X": constitution.count("X"), "Y": constitution.count("Y")}
        for chromosome in _rearranged_sex_chromosomes(changes):
            if present[chromosome] < expected[chromosome]:
                present[chromosome] += 1  # 46,X,i(X)(q10): the i(X) replaces one X
        for chromosome in ("X", "Y"):
            difference = present[chromosome] - expected[chromosome]
            if difference == 0:
                continue
            sign = Sign.GAIN if difference > 0 else Sign.LOSS
            abnormality = Abnormality(
                kind=Kind.NUMERICAL,
                sign=sign,
                chromosome=chromosome,
                copies=(abs(difference), abs(difference)),
            )
            note = (
                f"read from the sex chromosomes written ({clone.modal[0]},{clone.sex_chromosomes})"
            )
            inferred[index].append((abnormality, note))
            flags.append(
                f"{sign.value}{chromosome} was not written as a change but is implied by "
                f"the sex chromosomes of a cell line ({clone.modal[0]},"
                f"{clone.sex_chromosomes} against {constitution}); it was counted."
            )
        if not changes and not inferred[index] and clone.modal[0] == clone.modal[1]:
            expected_count = 46 + len(clone.sex_chromosomes) - len(constitution)
            if clone.modal[0] != expected_count and clone.reference is None:
                sign = Sign.GAIN if clone.modal[0] > expected_count else Sign.LOSS
                inferred[index].append(
                    (Abnormality(kind=Kind.NUMERICAL, sign=sign, chromosome="?"), "")
                )
                flags.append(
                    f"A cell line has {clone.modal[0]} chromosomes but no change is written; "
                    "it was counted as one unidentified numerical change."
                )
    return inferred


def _rearranged_sex_chromosomes(changes: tuple[Abnormality, ...]) -> list[str]:
    found: list[str] = []
    for abnormality in changes:
        if abnormality.kind is Kind.STRUCTURAL and abnormality.sign is not Sign.LOSS:
            named = {c.lstrip("?") for part in abnormality.parts for c in part.chromosomes}
            found.extend(sorted(named & {"X", "Y"}))
    return found


def _heteromorphic_inversion(abnormality: Abnormality) -> bool:
    """inv(9) with breakpoints p11-p13 and q12-q21: a common inherited variant (ISCN)."""
    if abnormality.kind is not Kind.STRUCTURAL or len(abnormality.parts) != 1:
        return False
    part = abnormality.parts[0]
    if part.name != "inv" or part.chromosomes != ("9",) or not part.breakpoints:
        return False
    group = part.breakpoints[0].replace("?", "")
    if arm_of(group) != "p" or "q" not in group:
        return False
    p_band, q_band = group[1:].split("q", 1)
    try:
        p_value = float(p_band.split("~")[0].split("-")[0] or "0")
        q_value = float(q_band.split("~")[0].split("-")[0] or "0")
    except ValueError:
        return False
    return 11 <= p_value < 14 and 12 <= q_value < 22


def _groups(clones: tuple[Clone, ...], counted: list[Item]) -> tuple[int, ...]:
    """Related cell lines share a counted change or refer to each other (idem/sl/sdl)."""
    parent = list(range(len(clones)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    has_change = [False] * len(clones)
    for item in counted:
        for index in item.clones:
            has_change[index] = True
        for index in item.clones[1:]:
            union(item.clones[0], index)
    for index, clone in enumerate(clones):
        target = _target(clone, index)
        if target is not None and has_change[index]:
            union(index, target)
    return tuple(find(i) if has_change[i] else -1 for i in range(len(clones)))


def _metaphases(karyotype: Karyotype) -> int | None:
    counts = [clone.cells for clone in karyotype.recipient + karyotype.donor]
    if not counts or any(count is None for count in counts):
        return None
    return sum(count or 0 for count in counts)
