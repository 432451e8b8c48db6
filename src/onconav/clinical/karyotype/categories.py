"""IPSS-R and IPSS (1997) cytogenetic groups from the counted abnormalities.

IPSS-R (Schanz J et al., J Clin Oncol 2012;30:820, Table as reproduced in Greenberg PL et
al., Blood 2012;120:2454, Table 2, and on the MDS Foundation IPSS-R calculator page):

* Very good: -Y or del(11q) alone.
* Good: normal; del(5q), del(12p) or del(20q) alone; two abnormalities including del(5q)
  (not with -7/del(7q), MDS brief §3.1).
* Intermediate: del(7q), +8, +19, i(17q) or any other single abnormality; any other two
  abnormalities; two abnormalities in independent (unrelated) clones. The IWG-PM data in
  papaemmelab/IPSSMstudy code del(5q) or -7 in one clone with another change in an
  unrelated clone as Intermediate, which is how "double independent clones" is read here.
* Poor: -7; inv(3)/t(3q)/del(3q); two abnormalities including -7/del(7q); exactly three.
* Very poor: more than three.

IPSS 1997 (Greenberg P et al., Blood 1997;89:2079, Table 2 footnote): Good = normal, -Y
alone, del(5q) alone, del(20q) alone; Poor = complex (three or more abnormalities) or any
chromosome 7 anomaly; Intermediate = any other.
"""

from __future__ import annotations

from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory
from onconav.clinical.karyotype.codes import breakpoint_bands, chromosomes_involved
from onconav.clinical.karyotype.counting import Item
from onconav.clinical.karyotype.model import Kind

_SCHANZ = "(IPSS-R, Schanz 2012)"
_GREENBERG = "(IPSS, Greenberg 1997)"
_VERY_GOOD_SINGLE = {"-Y": "loss of Y", "del(11q)": "del(11q)"}
_GOOD_SINGLE = {"del(5q)", "del(12p)", "del(20q)"}
_NAMED_INTERMEDIATE = {"del(7q)", "+8", "+19", "i(17q)"}


def count(items: tuple[Item, ...], high: bool = False) -> int:
    """Number of abnormalities; markers written as a range use the low or high end."""
    return sum(item.units[1] if high else item.units[0] for item in items)


def is_del7q(item: Item) -> bool:
    """del(7q), or the whole-arm derivative der(1;7) that loses 7q (MDS brief §3.2 [U])."""
    if item.code == "del(7q)":
        return True
    return is_der_1_7(item)


def is_der_1_7(item: Item) -> bool:
    abnormality = item.abnormality
    if abnormality.kind is not Kind.STRUCTURAL or abnormality.parts[0].name != "der":
        return False
    return set(abnormality.parts[0].chromosomes) == {"1", "7"} and ("7", "q") in item.lost


def three_q(item: Item, narrow: bool = False) -> bool | None:
    """inv(3), t(3q) or del(3q) (IPSS-R Poor). None when 3 is involved without bands.

    ``narrow`` keeps only rearrangements at 3q21 or 3q26, the bands of the classic
    inv(3)/t(3;3); the IWG-PM data code some other 3q changes as Intermediate.
    """
    abnormality = item.abnormality
    if abnormality.kind is not Kind.STRUCTURAL:
        return False
    names = {part.name for part in abnormality.parts}
    if item.code == "del(3q)" and not narrow:
        return True
    if not names & {"t", "inv", "ins"} or "3" not in chromosomes_involved(abnormality):
        return False
    bands = breakpoint_bands(abnormality, "3")
    if bands is None:
        return None
    q_bands = [band.lstrip("?") for band in bands if "q" in band]
    if not narrow:
        return bool(q_bands)
    return any(("q21" in band or "q26" in band) for band in q_bands)


def ipssr(
    items: tuple[Item, ...],
    groups: tuple[int, ...],
    high: bool = False,
    narrow_3q: bool = False,
    sex_loss: str = "",
) -> tuple[IpssrCytoCategory | None, str]:
    """IPSS-R cytogenetic group and the rule that decided it, in words."""
    n = count(items, high)
    if n == 0:
        return IpssrCytoCategory.GOOD, f"No clonal abnormality (normal karyotype): Good {_SCHANZ}."
    if n > 3:
        return IpssrCytoCategory.VERY_POOR, (
            f"Complex karyotype with {n} abnormalities (more than 3): Very Poor {_SCHANZ}."
        )
    if n == 3:
        return IpssrCytoCategory.POOR, (
            f"Complex karyotype with exactly 3 abnormalities: Poor {_SCHANZ}."
        )
    codes = [_resolve_sex(item.code, sex_loss) for item in items]
    if n == 1:
        single = codes[0]
        if single == "-X/Y":
            return None, (
                "A single loss of a sex chromosome, but not known whether X or Y: "
                f"Very Good if Y, Intermediate if X {_SCHANZ}."
            )
        if single in _VERY_GOOD_SINGLE:
            return IpssrCytoCategory.VERY_GOOD, (
                f"Single abnormality {single}: Very Good {_SCHANZ}."
            )
        if single in _GOOD_SINGLE:
            return IpssrCytoCategory.GOOD, f"Single abnormality {single}: Good {_SCHANZ}."
        if single == "-7":
            return IpssrCytoCategory.POOR, f"Single abnormality -7: Poor {_SCHANZ}."
        three = three_q(items[0], narrow_3q)
        if three:
            return IpssrCytoCategory.POOR, (
                f"Single 3q abnormality ({single}; inv(3)/t(3q)/del(3q)): Poor {_SCHANZ}."
            )
        if three is None:
            return None, (
                f"Single abnormality {single} involving chromosome 3 without breakpoints: "
                f"Poor if it involves 3q, Intermediate otherwise {_SCHANZ}."
            )
        if is_der_1_7(items[0]):
            return IpssrCytoCategory.INTERMEDIATE, (
                "Single abnormality der(1;7), read as loss of 7q (del(7q)): "
                f"Intermediate {_SCHANZ}."
            )
        named = "" if single in _NAMED_INTERMEDIATE else "any other "
        return IpssrCytoCategory.INTERMEDIATE, (
            f"Single abnormality {single} ({named}single abnormality): Intermediate {_SCHANZ}."
            if named
            else f"Single abnormality {single}: Intermediate {_SCHANZ}."
        )
    listed = " and ".join(codes)
    if len(items) == 2 and _unrelated(items, groups):
        return IpssrCytoCategory.INTERMEDIATE, (
            f"Two abnormalities ({listed}) in independent clones: Intermediate {_SCHANZ}."
        )
    if any(code == "-7" or is_del7q(item) for code, item in zip(codes, items, strict=True)):
        return IpssrCytoCategory.POOR, (
            f"Two abnormalities ({listed}) including -7/del(7q): Poor {_SCHANZ}."
        )
    if "del(5q)" in codes:
        return IpssrCytoCategory.GOOD, (
            f"Two abnormalities ({listed}) including del(5q): Good {_SCHANZ}."
        )
    return IpssrCytoCategory.INTERMEDIATE, (
        f"Two abnormalities ({listed}): Intermediate {_SCHANZ}."
    )


def _resolve_sex(code: str, sex_loss: str) -> str:
    return f"-{sex_loss}" if code == "-X/Y" and sex_loss else code


def _unrelated(items: tuple[Item, ...], groups: tuple[int, ...]) -> bool:
    first = {groups[i] for i in items[0].clones}
    second = {groups[i] for i in items[1].clones}
    return not first & second


def ipss(
    items: tuple[Item, ...], high: bool = False, sex_loss: str = ""
) -> tuple[IpssCytoCategory | None, str]:
    """IPSS (1997) karyotype group and the rule that decided it, in words."""
    n = count(items, high)
    if n == 0:
        return IpssCytoCategory.GOOD, f"Normal karyotype: Good {_GREENBERG}."
    if n >= 3:
        return IpssCytoCategory.POOR, f"Complex karyotype ({n} abnormalities): Poor {_GREENBERG}."
    if any("7" in chromosomes_involved(item.abnormality) for item in items):
        return IpssCytoCategory.POOR, f"Chromosome 7 abnormality: Poor {_GREENBERG}."
    if n == 1:
        single = _resolve_sex(items[0].code, sex_loss)
        if single == "-X/Y":
            return None, (
                "A single loss of a sex chromosome, but not known whether X or Y: Good if Y, "
                f"Intermediate if X {_GREENBERG}."
            )
        if single in {"-Y", "del(5q)", "del(20q)"}:
            return IpssCytoCategory.GOOD, f"{single} alone: Good {_GREENBERG}."
    return IpssCytoCategory.INTERMEDIATE, f"Other abnormalities: Intermediate {_GREENBERG}."
