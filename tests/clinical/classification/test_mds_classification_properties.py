"""Hypothesis properties of the WHO 2022 / ICC 2022 classifiers."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from mds_case_builder import PANEL, case, karyotype, run

from onconav.clinical.classification import CategoryKind, Status
from onconav.clinical.classification.tristate import (
    AllOf,
    AnyOf,
    Expr,
    Fact,
    Negation,
    all_of,
    any_of,
    negate,
)

MDS_KINDS = {CategoryKind.MDS, CategoryKind.MDS_AML}
BOUNDARIES = [0, 1.9, 2, 4.9, 5, 9.9, 10, 19.9, 20, 35]
blast_values = st.one_of(st.sampled_from(BOUNDARIES), st.floats(0, 40, allow_nan=False))
vafs = st.one_of(
    st.sampled_from([0.015, 0.02, 0.049, 0.05, 0.099, 0.1, 0.49, 0.5, 0.62]),
    st.floats(0.01, 0.95, allow_nan=False),
)


@st.composite
def complete_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Fully known, internally consistent findings."""
    wbc = draw(st.floats(0.6, 30, allow_nan=False))
    blood = {
        "hemoglobin_g_dl": draw(st.floats(5, 16, allow_nan=False)),
        "neutrophils_10e9_per_l": draw(st.floats(0.1, 6, allow_nan=False)),
        "platelets_10e9_per_l": draw(st.floats(10, 600, allow_nan=False)),
        "white_cells_10e9_per_l": wbc,
        "monocytes_10e9_per_l": wbc * draw(st.floats(0, 0.3, allow_nan=False)),
        "blasts_percent": draw(blast_values),
    }
    marrow = {
        "blasts_percent": draw(blast_values),
        "auer_rods": draw(st.booleans()),
        "ring_sideroblasts_percent": draw(st.sampled_from([0, 10, 15, 40])),
        "cellularity_percent": draw(st.sampled_from([15, 25, 26, 60, 90])),
        "fibrosis_grade": draw(st.integers(0, 3)),
        "aspirate_hemodilute": draw(st.booleans()),
        "dysplasia": {
            "erythroid": draw(st.booleans()),
            "granulocytic": draw(st.booleans()),
            "megakaryocytic": draw(st.booleans()),
        },
    }
    if draw(st.booleans()):
        cytogenetics: dict[str, Any] = {"normal": True, "metaphases_analyzed": 20}
    else:
        loss_17p = draw(st.booleans())
        cytogenetics = karyotype(
            del5q=draw(st.booleans()),
            monosomy7=draw(st.booleans()),
            del7q=draw(st.booleans()),
            loss_17p=loss_17p,
            abnormal_3q26_2=draw(st.sampled_from([False, False, False, True])),
            other_abnormalities=draw(
                st.lists(
                    st.sampled_from(["+8", "del(20q)", "-Y", "del(12p)", "+21"]),
                    unique=True,
                    max_size=3,
                )
            ),
        )
        if (
            not any(v is True for k, v in cytogenetics.items() if k not in ("normal",))
            and not (cytogenetics["other_abnormalities"])
        ):
            cytogenetics = {"normal": True, "metaphases_analyzed": 20}
    genes = draw(st.lists(st.sampled_from(PANEL), unique=True, max_size=4))
    variants = [{"gene": g, "vaf": draw(vafs)} for g in genes if g != "TP53"]
    variants += [{"gene": "TP53", "vaf": draw(vafs)} for _ in range(draw(st.integers(0, 2)))]
    copy_loss = True if cytogenetics.get("loss_17p") else draw(st.booleans())
    molecular = {
        "genes_tested": PANEL,
        "variants": variants,
        "tp53": {"copy_number_loss": copy_loss, "copy_neutral_loh": draw(st.booleans())},
    }
    aml = list(draw(st.sampled_from([[], [], [], ["RUNX1::RUNX1T1"], ["BCR::ABL1"]])))
    # Keep the stated list consistent with the karyotype and the panel.
    if cytogenetics.get("abnormal_3q26_2"):
        aml.append("MECOM rearrangement")
    if "NPM1" in genes:
        aml.append("NPM1 mutation")
    if "CEBPA" in genes:
        aml.append("CEBPA mutation, type not stated")
    return {
        "sex": draw(st.sampled_from(["male", "female"])),
        "blood": blood,
        "marrow": marrow,
        "cytogenetics": cytogenetics,
        "molecular": molecular,
        "aml_genetic_findings": aml,
        "prior_cytotoxic_therapy": draw(st.booleans()),
        "germline_predisposition": draw(st.booleans()),
    }


LEAF_PATHS = [
    ("sex",),
    ("blood", "hemoglobin_g_dl"),
    ("blood", "neutrophils_10e9_per_l"),
    ("blood", "platelets_10e9_per_l"),
    ("blood", "white_cells_10e9_per_l"),
    ("blood", "monocytes_10e9_per_l"),
    ("blood", "blasts_percent"),
    ("marrow", "blasts_percent"),
    ("marrow", "auer_rods"),
    ("marrow", "ring_sideroblasts_percent"),
    ("marrow", "cellularity_percent"),
    ("marrow", "fibrosis_grade"),
    ("marrow", "dysplasia", "erythroid"),
    ("marrow", "dysplasia", "granulocytic"),
    ("marrow", "dysplasia"),
    ("cytogenetics",),
    ("cytogenetics", "normal"),
    ("cytogenetics", "del5q"),
    ("cytogenetics", "abnormality_count"),
    ("cytogenetics", "complex"),
    ("molecular", "genes_tested"),
    ("molecular", "tp53", "copy_number_loss"),
    ("molecular", "tp53", "copy_neutral_loh"),
    ("molecular",),
    ("aml_genetic_findings",),
]


def without(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    node: Any = result
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return result
    if isinstance(node, dict):
        node[path[-1]] = None
    return result


@settings(max_examples=250, deadline=None)
@given(
    data=complete_cases(),
    marrow=st.floats(20, 100),
    in_blood=st.booleans(),
    dropped=st.lists(st.sampled_from(LEAF_PATHS), max_size=4),
)
def test_twenty_percent_blasts_never_yield_an_mds_category(
    data: dict[str, Any], marrow: float, in_blood: bool, dropped: list[tuple[str, ...]]
) -> None:
    """Khoury 2022 Table 3 and ICC AML table: MDS (and ICC MDS/AML) stop below 20 % blasts,
    whatever else is known or unknown."""
    where = ("blood", "blasts_percent") if in_blood else ("marrow", "blasts_percent")
    for path in dropped:
        if path[: len(where)] != where[: len(path)]:
            data = without(data, path)
    data.setdefault(where[0], {})
    data[where[0]] = {**(data[where[0]] or {}), where[1]: marrow}
    result = run(data)
    for column in (result.who, result.icc):
        assert column.kind not in MDS_KINDS
        assert not {p.kind for p in column.possible_categories} & MDS_KINDS


@settings(max_examples=300, deadline=None)
@given(data=complete_cases(), path=st.sampled_from(LEAF_PATHS))
def test_an_unknown_never_silently_gives_a_more_specific_category(
    data: dict[str, Any], path: tuple[str, ...]
) -> None:
    """Missing is not normal: making a finding unknown either keeps the category or leaves it
    open. Two documented exceptions must show in the result: unknown counts (a prerequisite
    software cannot establish) are listed as missing, and AML-defining fusions inferred absent
    from karyotype + NGS carry the cryptic-fusion flag."""
    known, unknown = run(data), run(without(data, path))
    for before, after in ((known.who, unknown.who), (known.icc, unknown.icc)):
        assert before.status is not Status.NOT_ASSIGNABLE_YET
        if after.code is not None and after.code != before.code:
            counts_missing = "blood" in {m.field for m in after.missing}
            cryptic = "CRYPTIC_FUSIONS_NOT_EXCLUDED" in {f.code for f in after.flags}
            assert counts_missing or cryptic, (path, before.code, after.code)
        if after.code is None:
            assert after.possible_categories
            assert before.code in {p.code for p in after.possible_categories}


@settings(max_examples=200, deadline=None)
@given(data=complete_cases(), dropped=st.lists(st.sampled_from(LEAF_PATHS), max_size=6))
def test_every_result_names_a_deciding_criterion(
    data: dict[str, Any], dropped: list[tuple[str, ...]]
) -> None:
    """Brief: each result names the deciding criteria with rule id and source; an assigned
    category is explained by the rule that named it."""
    for path in dropped:
        data = without(data, path)
    result = run(data)
    for column in (result.who, result.icc):
        assert column.deciding_criteria
        assert all(c.source and c.statement for c in column.deciding_criteria)
        if column.status is not Status.NOT_ASSIGNABLE_YET:
            assert column.decided_by in {c.rule_id for c in column.deciding_criteria}
        else:
            assert len({p.code for p in column.possible_categories}) >= 2
            assert column.missing


@st.composite
def wild_type_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Cytopenic, normal karyotype, nothing mutated: only blasts, Auer rods and fibrosis vary."""
    return case(
        marrow={
            "blasts_percent": draw(blast_values),
            "auer_rods": draw(st.booleans()),
            "fibrosis_grade": draw(st.integers(0, 3)),
        },
        blood={"blasts_percent": draw(blast_values)},
        aml_genetic_findings=[],
    )


@settings(max_examples=300, deadline=None)
@given(data=wild_type_cases())
def test_who_and_icc_agree_on_the_blast_boundaries_the_brief_names(data: dict[str, Any]) -> None:
    """MDS_BRIEF §1.2-1.4 / JHO 2024 Table 3: both call ≥ 20 % AML; BM 10-19 % or PB 10-19 % is
    WHO IB2/MDS-f and ICC MDS/AML; BM 5-9 % or PB 2-4 % without Auer rods or fibrosis is WHO
    IB1 and ICC EB; low blasts are outside both systems' increased-blast categories."""
    result = run(data)
    who, icc = result.who.code, result.icc.code
    bm, pb = data["marrow"]["blasts_percent"], data["blood"]["blasts_percent"]
    top = max(bm, pb)
    if top >= 20:
        assert who == icc == "AML"
    elif bm >= 10 or pb >= 10:
        assert (who in {"MDS-IB2", "MDS-f"}, icc) == (True, "MDS/AML")
    elif (
        (bm >= 5 or pb >= 2)
        and pb < 5
        and not data["marrow"]["auer_rods"]
        and (data["marrow"]["fibrosis_grade"] < 2)
    ):
        assert (who, icc) == ("MDS-IB1", "MDS-EB")
    elif bm < 5 and pb < 2 and not data["marrow"]["auer_rods"]:
        assert who not in {"MDS-IB1", "MDS-IB2", "MDS-f"}
        assert icc not in {"MDS-EB", "MDS/AML"}


# --- The three-valued logic itself ------------------------------------------------------------


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> tuple[Expr, list[int]]:
    """A random condition over four inputs, with the leaf-to-input map for brute force."""
    if depth == 0 or draw(st.booleans()):
        index = draw(st.integers(0, 3))
        return Fact(None, "t", "f", ()), [index]
    kind = draw(st.sampled_from(["all", "any", "not"]))
    if kind == "not":
        inner, leaves = draw(expressions(depth - 1))
        return negate(inner), leaves
    parts = [draw(expressions(depth - 1)) for _ in range(draw(st.integers(1, 3)))]
    combine = all_of if kind == "all" else any_of
    return combine(*(p for p, _ in parts)), [i for _, ls in parts for i in ls]


def _substitute(expr: Expr, values: list[bool | None], leaves: list[int]) -> Expr:
    counter = itertools.count()

    def walk(node: Expr) -> Expr:
        if isinstance(node, Fact):
            return Fact(values[leaves[next(counter)]], "t", "f", ())
        if isinstance(node, AllOf):
            return all_of(*(walk(p) for p in node.parts))
        if isinstance(node, AnyOf):
            return any_of(*(walk(p) for p in node.parts))
        assert isinstance(node, Negation)
        return negate(walk(node.part))

    return walk(expr)


@settings(max_examples=300, deadline=None)
@given(
    tree=expressions(), known=st.lists(st.sampled_from([True, False, None]), min_size=4, max_size=4)
)
def test_kleene_conditions_never_decide_what_the_unknowns_could_change(
    tree: tuple[Expr, list[int]], known: list[bool | None]
) -> None:
    """Soundness of the engine's logic: a condition that evaluates to True or False with some
    inputs unknown has that value for every way of filling the unknowns in."""
    expr, leaves = tree
    partial = _substitute(expr, known, leaves).evaluate().value
    unknown = [i for i, v in enumerate(known) if v is None]
    for filling in itertools.product([True, False], repeat=len(unknown)):
        values = list(known)
        for i, v in zip(unknown, filling, strict=True):
            values[i] = v
        full = _substitute(expr, values, leaves).evaluate().value
        assert full is not None
        if partial is not None:
            assert full == partial
