"""Reading ISCN 2020 karyotypes as written in reports, and failing clearly when not."""

from __future__ import annotations

import pytest

from onconav.clinical.karyotype import (
    Abnormality,
    CloneReference,
    KaryotypeSyntaxError,
    Kind,
    Rearrangement,
    Sign,
    parse_karyotype,
    render,
    summarize,
)


def only_clone_items(text: str) -> tuple[Abnormality, ...]:
    karyotype = parse_karyotype(text)
    assert len(karyotype.recipient) >= 1
    return karyotype.recipient[0].abnormalities


# --- clones, modal numbers, sex chromosomes, cell counts --------------------------------


def test_clone_fields() -> None:
    karyotype = parse_karyotype("45,XX,-7[15]/46,XX[5]")
    stemline, normal = karyotype.recipient
    assert stemline.modal == (45, 45)
    assert stemline.sex_chromosomes == "XX"
    assert stemline.cells == 15
    assert not stemline.composite
    assert stemline.abnormalities == (
        Abnormality(kind=Kind.NUMERICAL, sign=Sign.LOSS, chromosome="7"),
    )
    assert normal.abnormalities == ()
    assert normal.cells == 5


def test_modal_range_ploidy_and_composite_count() -> None:
    clone = parse_karyotype("88~96<4n>,XXYY,-7,-7[cp6]").recipient[0]
    assert clone.modal == (88, 96)
    assert clone.ploidy == "<4n>"
    assert clone.composite
    assert clone.cells == 6


def test_hyphen_range_is_read_as_tilde_with_a_note() -> None:
    karyotype = parse_karyotype("44-45,XY,-5,-7[10]")
    assert karyotype.recipient[0].modal == (44, 45)
    assert any("'~'" in note for note in karyotype.notes)


def test_constitutional_sex_chromosomes() -> None:
    clone = parse_karyotype("47,XXYc,+8[20]").recipient[0]
    assert clone.sex_chromosomes == "XXY"
    assert clone.sex_constitutional


def test_stemline_and_sideline_references() -> None:
    text = "46,XY,del(5)(q11q33)[17]/45,XY,sl,-7[22]/47,XY,sdl1,+mar[15]/45,XY,sdl2,-9[7]"
    lines = parse_karyotype(text).recipient
    assert [line.reference for line in lines] == [
        None,
        CloneReference("sl"),
        CloneReference("sdl", 1),
        CloneReference("sdl", 2),
    ]
    doubled = parse_karyotype("46,XX,del(5)(q13q33)[6]/92,XXXX,idem×2[2]").recipient[1]
    assert doubled.reference == CloneReference("idem", None, 2)


def test_incomplete_karyotype() -> None:
    assert parse_karyotype("45,XX,-7,inc[cp9]").recipient[0].incomplete


def test_chimerism_splits_recipient_and_donor() -> None:
    karyotype = parse_karyotype("46,XY,del(5)(q13q33)[4]//46,XX[16]")
    assert len(karyotype.recipient) == 1
    assert len(karyotype.donor) == 1
    assert karyotype.donor[0].sex_chromosomes == "XX"


# --- every abnormality type -------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("+8", Abnormality(kind=Kind.NUMERICAL, sign=Sign.GAIN, chromosome="8")),
        ("-Y", Abnormality(kind=Kind.NUMERICAL, sign=Sign.LOSS, chromosome="Y")),
        ("+X", Abnormality(kind=Kind.NUMERICAL, sign=Sign.GAIN, chromosome="X")),
        (
            "+21c",
            Abnormality(kind=Kind.NUMERICAL, sign=Sign.GAIN, chromosome="21", constitutional=True),
        ),
        (
            "del(5)(q13q33)",
            Abnormality(kind=Kind.STRUCTURAL, parts=(Rearrangement("del", ("5",), ("q13q33",)),)),
        ),
        (
            "dup(1)(q21q32)",
            Abnormality(kind=Kind.STRUCTURAL, parts=(Rearrangement("dup", ("1",), ("q21q32",)),)),
        ),
        (
            "inv(3)(q21.3q26.2)",
            Abnormality(
                kind=Kind.STRUCTURAL, parts=(Rearrangement("inv", ("3",), ("q21.3q26.2",)),)
            ),
        ),
        (
            "t(9;22)(q34.1;q11.2)",
            Abnormality(
                kind=Kind.STRUCTURAL,
                parts=(Rearrangement("t", ("9", "22"), ("q34.1", "q11.2")),),
            ),
        ),
        (
            "t(2;6;3)(p13;q16;q26)",
            Abnormality(
                kind=Kind.STRUCTURAL,
                parts=(Rearrangement("t", ("2", "6", "3"), ("p13", "q16", "q26")),),
            ),
        ),
        (
            "i(17)(q10)",
            Abnormality(kind=Kind.STRUCTURAL, parts=(Rearrangement("i", ("17",), ("q10",)),)),
        ),
        (
            "idic(X)(q13)",
            Abnormality(kind=Kind.STRUCTURAL, parts=(Rearrangement("idic", ("X",), ("q13",)),)),
        ),
        (
            "dic(5;17)(q13;p11.2)",
            Abnormality(
                kind=Kind.STRUCTURAL, parts=(Rearrangement("dic", ("5", "17"), ("q13", "p11.2")),)
            ),
        ),
        (
            "add(17)(p13)",
            Abnormality(kind=Kind.STRUCTURAL, parts=(Rearrangement("add", ("17",), ("p13",)),)),
        ),
        (
            "ins(7;?)(p11;?)",
            Abnormality(
                kind=Kind.STRUCTURAL, parts=(Rearrangement("ins", ("7", "?"), ("p11", "?")),)
            ),
        ),
        (
            "r(1)(p36q42)",
            Abnormality(kind=Kind.STRUCTURAL, parts=(Rearrangement("r", ("1",), ("p36q42",)),)),
        ),
        (
            "hsr(11)(q23)",
            Abnormality(kind=Kind.STRUCTURAL, parts=(Rearrangement("hsr", ("11",), ("q23",)),)),
        ),
        (
            "der(1;7)(q10;p10)",
            Abnormality(
                kind=Kind.STRUCTURAL, parts=(Rearrangement("der", ("1", "7"), ("q10", "p10")),)
            ),
        ),
        (
            "+der(1)t(1;7)(p13;p11.2)",
            Abnormality(
                kind=Kind.STRUCTURAL,
                sign=Sign.GAIN,
                parts=(
                    Rearrangement("der", ("1",), None),
                    Rearrangement("t", ("1", "7"), ("p13", "p11.2")),
                ),
            ),
        ),
        (
            "der(4)del(4)(p13p15)del(4)(q23q26)",
            Abnormality(
                kind=Kind.STRUCTURAL,
                parts=(
                    Rearrangement("der", ("4",), None),
                    Rearrangement("del", ("4",), ("p13p15",)),
                    Rearrangement("del", ("4",), ("q23q26",)),
                ),
            ),
        ),
        ("+mar", Abnormality(kind=Kind.MARKER, sign=Sign.GAIN, marker="mar")),
        ("+2mar", Abnormality(kind=Kind.MARKER, sign=Sign.GAIN, marker="mar", copies=(2, 2))),
        ("+1~3mar", Abnormality(kind=Kind.MARKER, sign=Sign.GAIN, marker="mar", copies=(1, 3))),
        ("+mar1", Abnormality(kind=Kind.MARKER, sign=Sign.GAIN, marker="mar1")),
        ("2~20dmin", Abnormality(kind=Kind.MARKER, marker="dmin", copies=(2, 20))),
        ("+r", Abnormality(kind=Kind.MARKER, sign=Sign.GAIN, marker="r")),
        (
            "inv(9)(p12q13)c",
            Abnormality(
                kind=Kind.STRUCTURAL,
                parts=(Rearrangement("inv", ("9",), ("p12q13",)),),
                constitutional=True,
            ),
        ),
        (
            "?del(5)(q13q33)",
            Abnormality(
                kind=Kind.STRUCTURAL,
                parts=(Rearrangement("del", ("5",), ("q13q33",)),),
                uncertain=True,
            ),
        ),
        (
            "add(3)(q21)×2",
            Abnormality(
                kind=Kind.STRUCTURAL,
                parts=(Rearrangement("add", ("3",), ("q21",)),),
                copies=(2, 2),
            ),
        ),
        ("9qh+", Abnormality(kind=Kind.HETEROMORPHISM, chromosome="9", marker="qh+")),
    ],
)
def test_each_abnormality_type(item: str, expected: Abnormality) -> None:
    assert only_clone_items(f"46,XY,{item}[20]") == (expected,)


@pytest.mark.parametrize(
    "bands",
    ["q13q33", "q13q33~34", "q14-21q35", "?q22q33", "q3?", "q", "pterq13", "cen", "p11.2", "q31?"],
)
def test_band_forms(bands: str) -> None:
    (item,) = only_clone_items(f"46,XY,del(5)({bands})[20]")
    assert item.parts[0].breakpoints == (bands,)


def test_alternative_reading_with_or() -> None:
    (item,) = only_clone_items("46,XY,add(19)(p13)ordel(19)(p13)[20]")
    assert item.parts[0].name == "add"
    assert item.alternatives[0].parts[0].name == "del"


def test_arm_shorthand_is_read_with_a_note() -> None:
    karyotype = parse_karyotype("46,XX,del(5q)[20]")
    (item,) = karyotype.recipient[0].abnormalities
    assert item.parts[0] == Rearrangement("del", ("5",), ("q",))
    assert any("shorthand" in note for note in karyotype.notes)
    assert render(karyotype) == "46,XX,del(5)(q)[20]"


# --- case, spacing, dashes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "46,XY,del(5)(q13q33)[20]",
        "46,xy,del(5)(q13q33)[20]",
        "46, XY, del(5)(q13q33) [20]",
        " 46,XY,DEL(5)(Q13Q33)[20] ",
        "46,XY,del(5)(q13 q33)[ 20 ]",
        "46\tXY".replace("\t", ",") + ",del(5)(q13q33)[20]",
    ],
)
def test_letter_case_and_stray_spaces_do_not_matter(variant: str) -> None:
    assert render(parse_karyotype(variant)) == "46,XY,del(5)(q13q33)[20]"


def test_unicode_minus_and_en_dash_read_as_loss() -> None:
    for dash in ("\u2212", "\u2013"):
        (item,) = only_clone_items(f"45,XX,{dash}7[20]")
        assert item.sign is Sign.LOSS


def test_missing_comma_after_modal_number_is_read_with_a_note() -> None:
    karyotype = parse_karyotype("47XY,+8[20]")
    assert karyotype.recipient[0].sex_chromosomes == "XY"
    assert karyotype.notes


def test_fish_suffix_is_kept_apart_from_the_karyotype() -> None:
    karyotype = parse_karyotype("46,XX[20].nuc ish(EGR1x2,D5S23x2)[200]")
    assert karyotype.recipient[0].abnormalities == ()
    assert karyotype.fish is not None
    assert karyotype.fish.findings[0].nuclei_total == 200


def test_failed_analysis_text_is_recognised() -> None:
    karyotype = parse_karyotype("No metaphases for analysis")
    assert karyotype.no_result == "No metaphases for analysis"
    assert karyotype.recipient == ()


# --- errors: clear message, 0-based position in the original text -------------------------


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("46,XY,del(5)(q13q33[20]", 19, "expected ')'"),
        ("46,XY,t(1:7)(p11;p11)[20]", 9, "';' or ')'"),
        ("46,XY,+23[20]", 7, "from 1 to 22"),
        ("46,XY,del(25)(q13)[20]", 10, "from 1 to 22"),
        ("46,XY,20[20]", 6, "needs '+' or '-'"),
        ("46,XY,+8,[20]", 9, "expected a change"),
        ("46,XY,5q-[20]", 6, "old notation"),
        ("46;XY[20]", 2, "expected ',' after the chromosome number"),
        ("46,+8[20]", 3, "sex chromosomes"),
        ("4,XY[20]", 0, "chromosome number such as 46"),
        ("complex", 0, "number of chromosomes"),
        ("46,XY,+8[2O]", 8, "cell count"),
        ("46,XY,del(5)(q13q3E)[20]", 13, "chromosome bands"),
        ("46,XY,-7+mar[20]", 8, "expected ','"),
        ("46,XY,del(5)(q13q33)[20]/", 25, "number of chromosomes"),
        ("46,XY,der(1;7)(q10;p10", 22, "expected ')'"),
        ("46,XY,ider(5)(q10)[20]", 6, "expected a change"),
        ("46,xy,einzelaberrationen(11)[2]", 6, "expected a change"),
        ("46,XY,t(8)(q22)[20]", 7, "two or more chromosomes"),
        ("46,XY,del(5;7)(q13;q22)[20]", 9, "takes one chromosome"),
        ("46,XX,sdl3,+8[20]", 6, "refers to an earlier cell line"),
        ("46,XX,-7[10]/46,XX,sdl3,+8[5]", 19, "no sideline 3"),
        ("46, XY, del(5)(q13q33[20]", 21, "expected ')'"),
    ],
)
def test_unreadable_text_names_the_position(text: str, position: int, expected: str) -> None:
    with pytest.raises(KaryotypeSyntaxError) as caught:
        parse_karyotype(text)
    error = caught.value
    assert error.position == position
    assert expected in str(error)
    assert str(error).startswith("could not read the karyotype")


def test_error_message_counts_characters_from_one_and_quotes_the_text() -> None:
    with pytest.raises(KaryotypeSyntaxError) as caught:
        parse_karyotype("46,XY,del(5)(q13q33[20]")
    assert "at character 20" in str(caught.value)
    assert '"' in str(caught.value)


def test_empty_text() -> None:
    with pytest.raises(KaryotypeSyntaxError, match="empty"):
        parse_karyotype("   ")


@pytest.mark.parametrize(
    "ocr_damage",
    [
        "46,XY,del(5)(q13q33)[121",  # ']' read as '1'
        "46,XY,del(S)(q13q33)[20]",  # 5 read as S
        "46,XY,de1(5)(q13q33)[20]",  # l read as 1
        "46,XY,t(8;2l)(q22;q22)[20]",
        "46,XY,del(5)(ql3q33)[20]",
        "46.XY,del(5)(q13q33)[20]",
        "46,XY,del(5)(q13q33)(20]",
        "46,XY,+8[20]/46.XY[0]",
    ],
)
def test_ocr_damage_fails_clearly(ocr_damage: str) -> None:
    with pytest.raises(KaryotypeSyntaxError) as caught:
        parse_karyotype(ocr_damage)
    assert 0 <= caught.value.position <= len(ocr_damage)


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        # ISCN 2020 writes a sideline with idem/sl/sdl straight after the chromosome number:
        # the referenced line stands in for the sex chromosomes and its changes.
        ("46,XX,del(20)(q11q13)[5]/47,idem,+8[9]/46,XX[6]", ("del(20q)", "+8")),
        ("46,XY,del(5)(q13q33)[4]/46,sl,-7,+8[6]/46,XY[10]", ("del(5q)", "-7", "+8")),
        ("46,XY,del(5)(q13q33)[3]/45,sl,-7[6]/44,sdl1,-17[5]", ("del(5q)", "-7", "-17")),
    ],
)
def test_sidelines_written_without_sex_chromosomes(text: str, counted: tuple[str, ...]) -> None:
    karyotype = parse_karyotype(text)
    assert karyotype.recipient[1].sex_chromosomes == ""
    assert karyotype.recipient[1].reference is not None
    assert render(karyotype) == text
    assert render(parse_karyotype(render(karyotype))) == text
    summary = summarize(text)
    assert set(counted) <= set(summary.abnormalities)
