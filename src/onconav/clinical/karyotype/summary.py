"""``summarize``: from a karyotype to the ``KaryotypeSummary`` the risk models use.

Where published conventions disagree the summary keeps one reading (the primary) and
flags the other instead of choosing silently; ``n_abnormalities_alternative`` and
``ipssr_category_alternative`` carry the other reading when it changes something.
The conventions (MDS brief §3.3; each also named in the flag text):

1. -Y with other changes: counted (most MDS series do; MDS brief §3.3 rule 4 [U]);
   alternative without it.
2. Derivatives of two chromosomes: counted once (MDS practice); alternative twice (ISCN
   2024 counting, as summarised by cytomut.org P3) [U].
3. ``+1,der(1;7)(q10;p10)``: counted as two (as written; the IWG-PM data in
   papaemmelab/IPSSMstudy give such cases Poor); alternative as one 7q loss [U].
4. A pericentric inv(9) heteromorphism not marked ``c``: not counted; alternative counted
   (the IWG-PM data count it).
5. Marker ranges (``+1~3mar``): the low end; alternative the high end.
6. "inv(3)/t(3q)/del(3q)": read as written (any 3q rearrangement); alternative only 3q21
   and 3q26, as in the IWG-PM coding.

Monosomal karyotype: Breems DA et al., J Clin Oncol 2008;26:4791 (as restated in the
review in OncoTargets Ther 2017;10:2163): two or more autosomal monosomies, or one
autosomal monosomy with at least one structural abnormality.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from onconav.clinical.cytogenetics import (
    IpssCytoCategory,
    IpssrCytoCategory,
    KaryotypeSummary,
)
from onconav.clinical.karyotype import categories
from onconav.clinical.karyotype.codes import is_two_chromosome_derivative
from onconav.clinical.karyotype.counting import Census, Item, census
from onconav.clinical.karyotype.model import Karyotype, Kind, Sign
from onconav.clinical.karyotype.parser import parse_karyotype
from onconav.clinical.karyotype.recurrent import aml_defining, mecom_rearranged

_ADEQUATE_METAPHASES = 20  # standard analysis (MDS brief §3.3 rule 7 [M])


def summarize(karyotype: str | Karyotype) -> KaryotypeSummary:
    """Derived cytogenetic findings; raises KaryotypeSyntaxError for unreadable text."""
    parsed = parse_karyotype(karyotype) if isinstance(karyotype, str) else karyotype
    if parsed.no_result:
        return _unknown(
            parsed,
            "The report says no karyotype result was obtained; cytogenetic risk is unknown. "
            "FISH can look for specific changes but cannot rule out a complex karyotype.",
        )
    if not parsed.recipient:
        return _unknown(
            parsed,
            "Only FISH results were given: FISH checks specific changes and cannot give "
            "the IPSS-R cytogenetic group on its own.",
        )
    found = census(parsed)
    flags: list[str] = [f"Read with care: {note}." for note in parsed.notes]
    flags.extend(found.flags)
    items = found.counted
    if not items:
        return _normal(parsed, found, flags)
    n = categories.count(items)
    sex_loss_unknown = any(item.code == "-X/Y" for item in items)
    ipssr, ipssr_rule = _ipssr_resolving_sex(items, found.groups)
    ipss, ipss_rule = _ipss_resolving_sex(items)

    changing: tuple[int, IpssrCytoCategory | None, IpssCytoCategory | None] | None = None
    differing_n: int | None = None
    broad_3q = [categories.three_q(item) for item in items]
    for alt_items, high, narrow, explanation in _readings(found, broad_3q):
        alt_n = categories.count(alt_items, high)
        alt_ipssr, _ = categories.ipssr(alt_items, found.groups, high, narrow, "Y")
        alt_ipss, _ = categories.ipss(alt_items, high, "Y")
        changes = alt_ipssr != ipssr or alt_ipss != ipss
        if alt_n == n and not changes:
            continue
        if changes:
            shown = alt_ipssr.value if alt_ipssr else "unknown"
            flags.append(
                f"{explanation} The other reading gives {_abnormalities(alt_n)} and IPSS-R {shown}."
            )
            if changing is None:
                changing = (alt_n, alt_ipssr, alt_ipss)
        else:
            flags.append(
                f"{explanation} The other reading gives {_abnormalities(alt_n)}; the risk "
                "groups do not change."
            )
        if differing_n is None and alt_n != n:
            differing_n = alt_n
    alternative_n = differing_n
    alternative_ipssr: IpssrCytoCategory | None = None
    alternative_ipss: IpssCytoCategory | None = None
    if changing is not None:
        if changing[0] != n:
            alternative_n = changing[0]
        alternative_ipssr = changing[1] if changing[1] != ipssr else None
        alternative_ipss = changing[2] if changing[2] != ipss else None

    codes = {item.code for item in items}
    del5q = _tri("del(5q)" in codes, _loses(items, ("5", "q"), exclude={"del(5q)", "-5"}))
    minus7 = "-7" in codes
    del7q = _tri(
        any(categories.is_del7q(item) for item in items),
        _loses(items, ("7", "q"), exclude={"del(7q)", "-7"}),
    )
    i17q = "i(17q)" in codes
    del17p = _tri(
        bool(codes & {"-17", "del(17p)"}),
        _loses(items, ("17", "p"), exclude={"del(17p)", "-17"}),
    )
    abn_3q = _any_known(broad_3q)
    mecom = _any_known([mecom_rearranged(item) for item in items])
    fusions, fusion_flags = aml_defining(items)
    flags.extend(fusion_flags)
    flags.extend(_finding_flags(parsed, found, del5q, del7q, del17p, i17q, mecom))
    return KaryotypeSummary(
        karyotype=parsed.text,
        normal=None if sex_loss_unknown else n == 0,
        abnormalities=tuple(_display(item) for item in items),
        n_abnormalities=n,
        n_abnormalities_alternative=alternative_n,
        metaphases=found.metaphases,
        complex=n >= 3,
        monosomal=_monosomal(items),
        del5q=del5q,
        minus7=minus7,
        del7q=del7q,
        del17p_or_minus17=del17p,
        i17q=i17q,
        abn_3q=abn_3q,
        mecom_rearranged=mecom,
        ipssr_category=ipssr,
        ipssr_rule=ipssr_rule,
        ipssr_category_alternative=alternative_ipssr,
        ipss_category=ipss,
        ipss_rule=ipss_rule,
        ipss_category_alternative=alternative_ipss,
        aml_defining=fusions,
        flags=tuple(dict.fromkeys(flags)),
    )


def _abnormalities(n: int) -> str:
    return f"{n} abnormalit{'y' if n == 1 else 'ies'}"


_Reading = tuple[tuple[Item, ...], bool, bool, str]


def _readings(found: Census, broad: list[bool | None]) -> list[_Reading]:
    items = found.counted
    readings: list[_Reading] = []
    if len(items) > 1 and any(item.code == "-Y" for item in items):
        readings.append(
            (
                tuple(item for item in items if item.code != "-Y"),
                False,
                False,
                "Loss of Y with other changes was counted, as most MDS series do; it is "
                "often age-related and some count only the other changes.",
            )
        )
    doubled = [item for item in items if is_two_chromosome_derivative(item.abnormality)]
    if doubled:
        readings.append(
            (
                items + tuple(replace(item, code=item.code + " (2nd)") for item in doubled),
                False,
                False,
                "A derivative of two chromosomes ("
                + ", ".join(item.code for item in doubled)
                + ") was counted once, as MDS scoring usually does; ISCN 2024 counting "
                "gives it two.",
            )
        )
    der_1_7 = [item for item in items if categories.is_der_1_7(item)]
    if der_1_7 and any(item.code == "+1" for item in items):
        readings.append(
            (
                tuple(item for item in items if item.code != "+1"),
                False,
                False,
                "+1 with der(1;7) was counted as two changes, as written; many MDS series "
                "count der(1;7) with its +1 as one change (a loss of 7q).",
            )
        )
    if found.heteromorphic:
        readings.append(
            (
                items + found.heteromorphic,
                False,
                False,
                "A pericentric inv(9) was taken as a common inherited variant and not counted; "
                "it was not marked constitutional (c), and some datasets count it.",
            )
        )
    if any(item.units[0] != item.units[1] for item in items):
        readings.append(
            (
                items,
                True,
                False,
                "A number of marker chromosomes is given as a range; the low end was counted.",
            )
        )
    if any(broad) and any(
        b and not categories.three_q(item, narrow=True)
        for b, item in zip(broad, items, strict=True)
    ):
        readings.append(
            (
                items,
                False,
                True,
                "A 3q change outside 3q21/3q26 was read under the IPSS-R rule "
                "'inv(3)/t(3q)/del(3q)' as written; the IWG-PM data code some such "
                "changes as Intermediate.",
            )
        )
    return readings


def _ipssr_resolving_sex(
    items: tuple[Item, ...], groups: tuple[int, ...]
) -> tuple[IpssrCytoCategory | None, str]:
    as_y = categories.ipssr(items, groups, sex_loss="Y")
    if not any(item.code == "-X/Y" for item in items):
        return as_y
    as_x = categories.ipssr(items, groups, sex_loss="X")
    return as_y if as_y[0] == as_x[0] else categories.ipssr(items, groups)


def _ipss_resolving_sex(items: tuple[Item, ...]) -> tuple[IpssCytoCategory | None, str]:
    as_y = categories.ipss(items, sex_loss="Y")
    if not any(item.code == "-X/Y" for item in items):
        return as_y
    as_x = categories.ipss(items, sex_loss="X")
    return as_y if as_y[0] == as_x[0] else categories.ipss(items)


def _loses(items: tuple[Item, ...], arm: tuple[str, str], exclude: set[str]) -> bool:
    return any(item.code not in exclude and arm in item.lost for item in items)


def _tri(explicit: bool, implied: bool) -> bool | None:
    """True when written as such; None when only implied by another change; else False."""
    if explicit:
        return True
    return None if implied else False


def _any_known(values: list[bool | None]) -> bool | None:
    if any(value is True for value in values):
        return True
    return None if any(value is None for value in values) else False


def _monosomal(items: tuple[Item, ...]) -> bool:
    monosomies = sum(
        item.units[0]
        for item in items
        if item.abnormality.kind is Kind.NUMERICAL
        and item.abnormality.sign is Sign.LOSS
        and item.abnormality.chromosome.isdigit()
    )
    structural = any(
        item.abnormality.kind in (Kind.STRUCTURAL, Kind.MARKER) and item.code != "+polyploidy"
        for item in items
    )
    return monosomies >= 2 or (monosomies >= 1 and structural)


def _display(item: Item) -> str:
    low, high = item.units
    if item.abnormality.kind is Kind.MARKER and (low, high) != (1, 1):
        count = str(low) if low == high else f"{low}~{high}"
        return f"{item.abnormality.sign.value}{count}{item.abnormality.marker}"
    if item.abnormality.kind is Kind.NUMERICAL and low > 1:
        return f"{item.code}×{low}"
    return item.code


def _finding_flags(
    parsed: Karyotype,
    found: Census,
    del5q: bool | None,
    del7q: bool | None,
    del17p: bool | None,
    i17q: bool,
    mecom: bool | None,
) -> list[str]:
    flags: list[str] = []
    add: Callable[[str], None] = flags.append
    if found.excluded:
        add(
            "Not counted: "
            + "; ".join(f"{code} ({reason})" for code, reason in found.excluded)
            + "."
        )
    if found.metaphases is None:
        add("The number of metaphases analysed is not given, so adequacy cannot be judged.")
    elif found.metaphases < _ADEQUATE_METAPHASES:
        add(
            f"Only {found.metaphases} metaphases were analysed (20 is standard); a normal or "
            "simple result is less certain."
        )
    if parsed.donor:
        add(
            "Cell lines after '//' were read as donor cells after transplantation (ISCN lists "
            "the recipient first) and were not counted; please confirm with the report."
        )
    if any(clone.incomplete for clone in parsed.recipient):
        add("The karyotype is marked incomplete (inc): more changes may be present.")
    if any(clone.composite for clone in parsed.recipient):
        add(
            "A composite karyotype (cp) pools changes seen across cells; each is treated as clonal."
        )
    counted = found.counted
    if any(item.abnormality.uncertain or _uncertain_bands(item) for item in counted):
        add("Some changes are marked uncertain (?) by the laboratory.")
    if any(item.abnormality.alternatives for item in counted):
        add("The laboratory gives alternative readings ('or'); the first one was used.")
    if del5q is None:
        add(
            "Part of 5q is lost through a change other than a deletion (for example a "
            "derivative or added material); whether it counts as del(5q) is left unknown."
        )
    if del7q is None:
        add(
            "Part of 7q is lost through a change other than a deletion; whether it counts "
            "as del(7q) is left unknown."
        )
    elif del7q and any(categories.is_der_1_7(item) for item in counted):
        add("der(1;7) was read as a loss of 7q (del(7q)); conventions for der(1;7) differ.")
    if i17q:
        add(
            "i(17q) loses one copy of 17p, where TP53 lies; whether IPSS-M's del17_17p "
            "input includes i(17q) is not settled, so del(17p) is left unknown unless "
            "written separately."
        )
    elif del17p is None:
        add(
            "Part of 17p (TP53) is lost through a change other than a deletion; whether it "
            "counts as del(17p) is left unknown."
        )
    if mecom is None:
        add("A 3q26 change is written without the exact band; MECOM involvement is uncertain.")
    if parsed.fish is not None:
        add("FISH results are reported separately and do not change the count.")
    return flags


def _uncertain_bands(item: Item) -> bool:
    return any(
        "?" in group or "or" in group
        for part in item.abnormality.parts
        for group in (part.breakpoints or ())
    ) or any(c.startswith("?") for part in item.abnormality.parts for c in part.chromosomes)


_NORMAL_IPSSR = categories.ipssr((), ())
_NORMAL_IPSS = categories.ipss(())


def _normal(parsed: Karyotype, found: Census, flags: list[str]) -> KaryotypeSummary:
    """No counted change: the common case, kept short because it is most of the volume."""
    flags.extend(_finding_flags(parsed, found, False, False, False, False, False))
    readings = _readings(found, [])
    alternative_n: int | None = None
    alternative_ipssr: IpssrCytoCategory | None = None
    alternative_ipss: IpssCytoCategory | None = None
    for alt_items, high, narrow, explanation in readings:
        alternative_n = categories.count(alt_items, high)
        alt_ipssr, _ = categories.ipssr(alt_items, found.groups, high, narrow, "Y")
        alt_ipss, _ = categories.ipss(alt_items, high, "Y")
        shown = alt_ipssr.value if alt_ipssr else "unknown"
        flags.append(
            f"{explanation} The other reading gives {_abnormalities(alternative_n)} and "
            f"IPSS-R {shown}."
        )
        alternative_ipssr = alt_ipssr if alt_ipssr != _NORMAL_IPSSR[0] else None
        alternative_ipss = alt_ipss if alt_ipss != _NORMAL_IPSS[0] else None
        break
    return KaryotypeSummary(
        karyotype=parsed.text,
        normal=True,
        abnormalities=(),
        n_abnormalities=0,
        n_abnormalities_alternative=alternative_n,
        metaphases=found.metaphases,
        complex=False,
        monosomal=False,
        del5q=False,
        minus7=False,
        del7q=False,
        del17p_or_minus17=False,
        i17q=False,
        abn_3q=False,
        mecom_rearranged=False,
        ipssr_category=_NORMAL_IPSSR[0],
        ipssr_rule=_NORMAL_IPSSR[1],
        ipssr_category_alternative=alternative_ipssr,
        ipss_category=_NORMAL_IPSS[0],
        ipss_rule=_NORMAL_IPSS[1],
        ipss_category_alternative=alternative_ipss,
        flags=tuple(dict.fromkeys(flags)),
    )


def _unknown(parsed: Karyotype, reason: str) -> KaryotypeSummary:
    flags = [reason]
    if parsed.fish is not None and parsed.recipient:
        flags.append("FISH results are reported separately and do not change the count.")
    return KaryotypeSummary(
        karyotype=parsed.text,
        normal=None,
        abnormalities=(),
        n_abnormalities=None,
        metaphases=None,
        complex=None,
        monosomal=None,
        del5q=None,
        minus7=None,
        del7q=None,
        del17p_or_minus17=None,
        i17q=None,
        abn_3q=None,
        mecom_rearranged=None,
        ipssr_category=None,
        ipssr_rule="No karyotype result, so no IPSS-R cytogenetic group (Schanz 2012).",
        ipss_category=None,
        ipss_rule="No karyotype result, so no IPSS karyotype group (Greenberg 1997).",
        flags=tuple(flags),
    )
