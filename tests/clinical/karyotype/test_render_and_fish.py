"""Canonical ISCN rendering, and FISH results read apart from the karyotype (ISCN 2020)."""

from __future__ import annotations

import re

import pytest

from onconav.clinical.karyotype import KaryotypeSyntaxError, parse_fish, parse_karyotype, render


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("46,xy[20]", "46,XY[20]"),
        ("45,x,-y[15]/46,xy[5]", "45,X,-Y[15]/46,XY[5]"),
        ("44-45,XY,-5,-7[10]", "44~45,XY,-5,-7[10]"),
        ("46,XX,del(20q11.2)[14]/46,XX[6]", "46,XX,del(20)(q11.2)[14]/46,XX[6]"),
        ("47,XY,+8[10]/48,XY,IDEM,+21[5]", "47,XY,+8[10]/48,XY,idem,+21[5]"),
        ("45~48,XY,-7,+1-3mar[cp10]", "45~48,XY,-7,+1~3mar[cp10]"),
        ("93<4n>,XXXX,add(3)(p11)*2[20]", "93<4n>,XXXX,add(3)(p11)×2[20]"),
        ("45,XX,-7,INC[cp9]", "45,XX,-7,inc[cp9]"),
        ("46,XY,add(19)(p13) or del(19)(p13)[20]", "46,XY,add(19)(p13) or del(19)(p13)[20]"),
        ("46,XY,inv(9)(p12q13)C[20]", "46,XY,inv(9)(p12q13)c[20]"),
        ("46,XX[20]//46,XY[5]", "46,XX[20]//46,XY[5]"),
        ("no metaphases", "no metaphases"),
    ],
)
def test_canonical_form(written: str, canonical: str) -> None:
    assert render(parse_karyotype(written)) == canonical


def test_render_then_parse_gives_the_same_cell_lines() -> None:
    text = (
        "46,xy,del(5)(q13),-7,+der(8)t(8;14)(p11.2;q11.2),+11,del(12)(p12),-14,add(17)(p12)[14]"
        "/46,xy,sl,?r(1)(p36q42)[3]/46,xy[1]"
    )
    first = parse_karyotype(text)
    again = parse_karyotype(render(first))
    assert again.recipient == first.recipient


def test_interphase_fish_with_abnormal_and_total_nuclei() -> None:
    fish = parse_fish("nuc ish(EGR1x1,D5S23/D5S721x2)[156/200]")
    assert fish.method == "nuc ish"
    (finding,) = fish.findings
    assert [(s.probe, s.copies) for s in finding.signals] == [("EGR1", 1), ("D5S23/D5S721", 2)]
    assert finding.nuclei_with_pattern == 156
    assert finding.nuclei_total == 200
    assert finding.percent == 78.0


def test_fish_group_copy_number_and_locus() -> None:
    fish = parse_fish("nuc ish 7q31(D7S486,D7Z1)x2[200]")
    (finding,) = fish.findings
    assert [(s.probe, s.copies, s.locus) for s in finding.signals] == [
        ("D7S486", 2, "7q31"),
        ("D7Z1", 2, "7q31"),
    ]
    assert finding.percent == 100.0


def test_several_fish_patterns_and_sex_chromosome_probe_names() -> None:
    fish = parse_fish("nuc ish(DXZ1x1,DYZ3x0)[40/200],(D8Z2x3)[30/200]")
    assert [len(f.signals) for f in fish.findings] == [2, 1]
    assert fish.findings[0].signals[0].probe == "DXZ1"
    assert fish.findings[1].signals[0].copies == 3


def test_metaphase_fish_prefix() -> None:
    assert parse_fish("ish(TP53x1)[10]").method == "ish"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fish: +8", 'starting with "nuc ish"'),
        ("nuc ish EGR1x1[200]", "expected '('"),
        ("nuc ish(EGR1x1,D5S23x2[200]", "expected ')'"),
        ("nuc ish(EGR1x1)[250/200]", "more nuclei with the pattern"),
    ],
)
def test_unreadable_fish_fails_clearly(text: str, expected: str) -> None:
    with pytest.raises(KaryotypeSyntaxError, match=re.escape(expected)):
        parse_fish(text)
