"""One view of the karyotype from a karyotype string, explicit fields, or both.

The string is summarised by the project's ISCN parser (``onconav.clinical.karyotype``),
passed in as a function so this module stays pure and testable. Explicit fields win over
the parsed string; where both are known and disagree the value becomes unknown and a flag
says so, because guessing which report is right is not the engine's call.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from onconav.clinical.classification.findings import AmlGeneticFinding, CytogeneticFindings
from onconav.clinical.classification.result import Flag
from onconav.clinical.classification.tristate import Tri, tri_any
from onconav.clinical.cytogenetics import KaryotypeSummary

KaryotypeSummarizer = Callable[[str], KaryotypeSummary]


def bundled_karyotype_summarizer() -> KaryotypeSummarizer | None:
    """The project's ISCN parser, or None while it is not installed in this tree."""
    try:
        module = importlib.import_module("onconav.clinical.karyotype")
    except ImportError:
        return None
    summarize = getattr(module, "summarize", None)
    return cast(KaryotypeSummarizer, summarize) if callable(summarize) else None


@dataclass(frozen=True)
class ResolvedCytogenetics:
    normal: Tri = None
    abnormality_count: int | None = None
    # The count under the other convention when conventions disagree (MDS_BRIEF §3.3).
    abnormality_count_alternative: int | None = None
    del5q: Tri = None
    monosomy7: Tri = None
    del7q: Tri = None
    complex: Tri = None
    abnormal_3q26_2: Tri = None
    loss_17p: Tri = None
    i17q: Tri = None
    # Short codes of all clonal abnormalities, or None when the full list is not known.
    abnormalities: tuple[str, ...] | None = None
    metaphases: int | None = None
    aml_genetics: tuple[AmlGeneticFinding, ...] = ()
    flags: tuple[Flag, ...] = ()

    @property
    def known(self) -> bool:
        return self.normal is not None or self.abnormalities is not None

    @property
    def monosomy7_or_del7q(self) -> Tri:
        return tri_any((self.monosomy7, self.del7q))

    @property
    def aml_genetics_absent(self) -> Tri:
        """Whether the karyotype shows no AML-defining rearrangement (cryptic ones aside)."""
        if self.aml_genetics or self.abnormal_3q26_2 is True:
            return False
        if self.abnormalities is not None:
            return True
        return None

    @property
    def myelodysplasia_related(self) -> Tri:
        """ICC 2022 myelodysplasia-related cytogenetic abnormalities (V: ICC AML table)."""
        listed = [_mr_code(code) for code in self.abnormalities or ()]
        direct = (self.complex, self.del5q, self.monosomy7, self.del7q, self.loss_17p, self.i17q)
        if any(v is True for v in (*direct, *listed)):
            return True
        if self.normal is True:
            return False
        if self.abnormalities is not None and all(v is False for v in (*direct, *listed)):
            return False
        return None


_BOOLEAN_FIELDS = ("del5q", "monosomy7", "del7q", "complex", "abnormal_3q26_2", "loss_17p", "i17q")


def resolve_cytogenetics(
    given: CytogeneticFindings | None, summarize: KaryotypeSummarizer | None
) -> ResolvedCytogenetics:
    if given is None:
        return ResolvedCytogenetics()
    explicit = _from_explicit(given)
    if not given.karyotype:
        return explicit
    parsed = _from_karyotype(given.karyotype, summarize)
    return _merge(explicit, parsed)


def _from_explicit(given: CytogeneticFindings) -> ResolvedCytogenetics:
    normal = given.normal
    count = given.abnormality_count
    if count == 0:
        normal = True if normal is None else normal
    if normal is True:
        count = 0 if count is None else count
    booleans = {name: getattr(given, name) for name in _BOOLEAN_FIELDS}
    if normal is True:
        booleans = {name: (False if v is None else v) for name, v in booleans.items()}
    if booleans["complex"] is None and count is not None:
        booleans["complex"] = count >= 3
    abnormalities: tuple[str, ...] | None = None
    if normal is True:
        abnormalities = tuple(given.other_abnormalities or ())
    elif given.other_abnormalities is not None and all(v is not None for v in booleans.values()):
        abnormalities = (*given.other_abnormalities, *_codes_for(booleans))
    return ResolvedCytogenetics(
        normal=normal,
        abnormality_count=count,
        del5q=booleans["del5q"],
        monosomy7=booleans["monosomy7"],
        del7q=booleans["del7q"],
        complex=booleans["complex"],
        abnormal_3q26_2=booleans["abnormal_3q26_2"],
        loss_17p=booleans["loss_17p"],
        i17q=booleans["i17q"],
        abnormalities=abnormalities,
        metaphases=given.metaphases_analyzed,
        aml_genetics=_aml_genetics_from_codes(abnormalities or ()),
    )


def _codes_for(booleans: dict[str, Tri]) -> tuple[str, ...]:
    codes = {"del5q": "del(5q)", "monosomy7": "-7", "del7q": "del(7q)", "i17q": "i(17q)"}
    return tuple(code for name, code in codes.items() if booleans.get(name) is True)


def _from_karyotype(text: str, summarize: KaryotypeSummarizer | None) -> ResolvedCytogenetics:
    if summarize is None:
        return ResolvedCytogenetics(
            flags=(
                Flag(
                    code="KARYOTYPE_NOT_READ",
                    message="The karyotype text could not be read by this version; the "
                    "cytogenetic fields (del5q, monosomy7, complex, ...) can be entered directly.",
                ),
            )
        )
    try:
        summary = summarize(text)
    except Exception as error:  # a parser failure must leave the karyotype unknown, not crash
        return ResolvedCytogenetics(
            flags=(
                Flag(
                    code="KARYOTYPE_NOT_READ",
                    message=f"The karyotype '{text}' could not be read ({error}); it is treated "
                    "as unknown.",
                ),
            )
        )
    count = summary.n_abnormalities
    alternative = summary.n_abnormalities_alternative
    flags = [Flag(code="KARYOTYPE_NOTE", message=note) for note in summary.flags]
    return ResolvedCytogenetics(
        normal=summary.normal,
        abnormality_count=count,
        abnormality_count_alternative=alternative if alternative != count else None,
        del5q=summary.del5q,
        monosomy7=summary.minus7,
        del7q=summary.del7q,
        complex=summary.complex,
        abnormal_3q26_2=summary.mecom_rearranged,
        loss_17p=summary.del17p_or_minus17,
        i17q=summary.i17q,
        abnormalities=summary.abnormalities if summary.normal is not None else None,
        metaphases=summary.metaphases,
        aml_genetics=(
            *_aml_genetics_from_names(summary.aml_defining),
            *_aml_genetics_from_codes(summary.abnormalities),
        ),
        flags=tuple(flags),
    )


def _merge(explicit: ResolvedCytogenetics, parsed: ResolvedCytogenetics) -> ResolvedCytogenetics:
    flags = list(parsed.flags)
    merged: dict[str, Tri | int | None] = {}
    for name in (*_BOOLEAN_FIELDS, "normal", "abnormality_count", "metaphases"):
        mine, theirs = getattr(explicit, name), getattr(parsed, name)
        if mine is None or theirs is None or mine == theirs:
            merged[name] = theirs if mine is None else mine
            continue
        merged[name] = None
        flags.append(
            Flag(
                code="CYTOGENETICS_CONFLICT",
                message=f"The karyotype text and the entered field '{name}' disagree "
                f"({theirs!r} vs {mine!r}); it is treated as unknown.",
            )
        )
    # The parsed list is the complete one; entered short codes only fill in when it is absent.
    abnormalities = (
        parsed.abnormalities if parsed.abnormalities is not None else explicit.abnormalities
    )
    alternative = parsed.abnormality_count_alternative
    return ResolvedCytogenetics(
        normal=_tri(merged["normal"]),
        abnormality_count=_int(merged["abnormality_count"]),
        abnormality_count_alternative=alternative if explicit.abnormality_count is None else None,
        del5q=_tri(merged["del5q"]),
        monosomy7=_tri(merged["monosomy7"]),
        del7q=_tri(merged["del7q"]),
        complex=_tri(merged["complex"]),
        abnormal_3q26_2=_tri(merged["abnormal_3q26_2"]),
        loss_17p=_tri(merged["loss_17p"]),
        i17q=_tri(merged["i17q"]),
        abnormalities=abnormalities,
        metaphases=_int(merged["metaphases"]),
        aml_genetics=tuple(dict.fromkeys((*explicit.aml_genetics, *parsed.aml_genetics))),
        flags=tuple(flags),
    )


def _tri(value: Tri | int | None) -> Tri:
    return value if isinstance(value, bool) or value is None else None


def _int(value: Tri | int | None) -> int | None:
    return None if isinstance(value, bool) else value


_NAME_TO_FINDING: tuple[tuple[str, AmlGeneticFinding], ...] = (
    ("PML::RARA", AmlGeneticFinding.PML_RARA),
    ("RUNX1::RUNX1T1", AmlGeneticFinding.RUNX1_RUNX1T1),
    ("CBFB::MYH11", AmlGeneticFinding.CBFB_MYH11),
    ("DEK::NUP214", AmlGeneticFinding.DEK_NUP214),
    ("RBM15::MRTFA", AmlGeneticFinding.RBM15_MRTFA),
    ("RBM15::MKL1", AmlGeneticFinding.RBM15_MRTFA),
    ("BCR::ABL1", AmlGeneticFinding.BCR_ABL1),
    ("KMT2A", AmlGeneticFinding.KMT2A_REARRANGEMENT),
    ("MECOM", AmlGeneticFinding.MECOM_REARRANGEMENT),
    ("NUP98", AmlGeneticFinding.NUP98_REARRANGEMENT),
)

# Karyotype codes of the rearrangements that carry the fusions above (ICC AML table, V).
_CODE_TO_FINDING: tuple[tuple[re.Pattern[str], AmlGeneticFinding], ...] = (
    (re.compile(r"^t\(15;17\)"), AmlGeneticFinding.PML_RARA),
    (re.compile(r"^t\(8;21\)"), AmlGeneticFinding.RUNX1_RUNX1T1),
    (re.compile(r"^(inv\(16\)|t\(16;16\))"), AmlGeneticFinding.CBFB_MYH11),
    (re.compile(r"^t\(6;9\)"), AmlGeneticFinding.DEK_NUP214),
    (re.compile(r"^t\(1;22\)"), AmlGeneticFinding.RBM15_MRTFA),
    (re.compile(r"^t\(9;22\)"), AmlGeneticFinding.BCR_ABL1),
    (re.compile(r"^t\(9;11\)"), AmlGeneticFinding.KMT2A_REARRANGEMENT),
    (re.compile(r"^(inv\(3\)|t\(3;3\))"), AmlGeneticFinding.MECOM_REARRANGEMENT),
)


def _aml_genetics_from_names(names: tuple[str, ...]) -> tuple[AmlGeneticFinding, ...]:
    found = [f for name in names for key, f in _NAME_TO_FINDING if key in name.upper()]
    return tuple(dict.fromkeys(found))


def _aml_genetics_from_codes(codes: tuple[str, ...] | list[str]) -> tuple[AmlGeneticFinding, ...]:
    found = [
        finding
        for code in codes
        for pattern, finding in _CODE_TO_FINDING
        if pattern.match(code.strip().lower())
    ]
    return tuple(dict.fromkeys(found))


# ICC myelodysplasia-related cytogenetic abnormalities (V: ICC AML table as reproduced by
# ASH-SAP): complex, del/t/add(5q), -7/del(7q), +8, del/t/add(12p), i(17q), -17/add/del(17p),
# del(20q), idic(X)(q13).
_MR_CODES = re.compile(
    r"^(\+8|-7|-17|(del|add)\((5q|7q|12p|17p|20q)\)|i\(17q\)|idic\(x\))", re.IGNORECASE
)
# Translocations that may be an unbalanced t(5q), t(12p) or t(17p): short codes do not say.
_MR_TRANSLOCATION = re.compile(r"^t\(([0-9xy;]+)\)", re.IGNORECASE)


def _mr_code(code: str) -> Tri:
    compact = code.replace(" ", "")
    if _MR_CODES.match(compact):
        return True
    translocation = _MR_TRANSLOCATION.match(compact)
    if translocation and set(translocation.group(1).split(";")) & {"5", "12", "17"}:
        return None
    return False
