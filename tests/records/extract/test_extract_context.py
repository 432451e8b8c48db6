"""Negation and hedging with medspaCy ConText, including the report wordings added."""

from __future__ import annotations

import pytest

from onconav.records.extract.context import assess


def _judge(text: str, target: str) -> str:
    start = text.index(target)
    assertion = assess(text, [(start, start + len(target))])[0]
    if assertion.negated:
        return "negated"
    if assertion.hedged:
        return "hedged"
    return "affirmed"


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("No pathogenic variants were detected in TP53, RUNX1 or ASXL1.", "RUNX1", "negated"),
        ("FLT3-ITD: not detected", "FLT3-ITD", "negated"),
        ("FLT3-ITD: Negative", "FLT3-ITD", "negated"),
        ("TP53: no mutation detected", "TP53", "negated"),
        ("TP53 not detected; SF3B1 detected", "SF3B1", "affirmed"),
        ("TP53 not detected; SF3B1 detected", "TP53", "negated"),
        ("SF3B1 mutation detected, no other variants detected", "SF3B1", "affirmed"),
        ("A TP53 mutation cannot be excluded.", "TP53", "hedged"),
        ("Auer rods are not identified.", "Auer rods", "negated"),
        ("Iron stain: No ring sideroblasts are seen.", "ring sideroblasts", "negated"),
        ("Megakaryocytes without dysplastic features.", "dysplastic", "negated"),
        ("Suspicious for MDS with increased blasts", "MDS", "hedged"),
        ("SF3B1 c.2098A>G p.(Lys700Glu) VAF 38%", "SF3B1", "affirmed"),
        ("Genes tested: ASXL1, TP53, RUNX1", "TP53", "affirmed"),
        ("HLA typing not done.", "HLA typing", "negated"),
    ],
)
def test_assess(text: str, target: str, expected: str) -> None:
    assert _judge(text, target) == expected


def test_several_spans_at_once_keep_their_order() -> None:
    text = "FLT3-ITD   Not detected   FLT3-TKD   Detected"
    spans = [(0, 8), (text.index("FLT3-TKD"), text.index("FLT3-TKD") + 8)]
    first, second = assess(text, spans)
    assert first.negated
    assert not second.negated


def test_no_spans() -> None:
    assert assess("anything", []) == []
