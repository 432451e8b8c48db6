"""Property tests: random valid ISCN parses, rendering is stable, the risk group depends
only on the counted abnormalities, and no input raises anything but KaryotypeSyntaxError."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onconav.clinical.cytogenetics import IpssrCytoCategory
from onconav.clinical.karyotype import (
    KaryotypeSyntaxError,
    parse_karyotype,
    render,
    summarize,
    summarize_many,
)

AUTOSOMES = [str(n) for n in range(1, 23)]
arm = st.sampled_from(["p", "q"])
band_number = st.sampled_from(["1", "11", "11.2", "13", "21", "22", "26.2", "31", "33", "35"])


@st.composite
def band(draw: st.DrawFn) -> str:
    return draw(arm) + draw(band_number)


@st.composite
def interstitial(draw: st.DrawFn) -> str:
    side = draw(arm)
    return side + draw(band_number) + side + draw(band_number)


@st.composite
def abnormality(draw: st.DrawFn) -> str:
    chromosome = draw(st.sampled_from(AUTOSOMES))
    other = draw(st.sampled_from(AUTOSOMES))
    kind = draw(st.integers(0, 12))
    text: str
    if kind == 0:
        text = draw(st.sampled_from(["+", "-"])) + chromosome
    elif kind == 1:
        text = draw(st.sampled_from(["-Y", "+X", "-X"]))
    elif kind == 2:
        text = f"del({chromosome})({draw(interstitial())})"
    elif kind == 3:
        text = f"{draw(st.sampled_from(['dup', 'inv']))}({chromosome})({draw(interstitial())})"
    elif kind == 4:
        text = f"add({chromosome})({draw(band())})"
    elif kind == 5:
        text = f"t({chromosome};{other})({draw(band())};{draw(band())})"
    elif kind == 6:
        text = f"i({chromosome})({draw(arm)}10)"
    elif kind == 7:
        text = f"der({chromosome};{other})(q10;p10)"
    elif kind == 8:
        text = f"der({chromosome})t({chromosome};{other})({draw(band())};{draw(band())})"
    elif kind == 9:
        low = draw(st.integers(1, 3))
        high = draw(st.integers(low, 5))
        count = "" if (low, high) == (1, 1) else (str(low) if low == high else f"{low}~{high}")
        text = f"+{count}mar"
    elif kind == 10:
        text = f"{draw(st.integers(1, 9))}dmin"
    elif kind == 11:
        text = f"r({chromosome})(p{draw(band_number)}q{draw(band_number)})"
    else:
        text = f"ins({chromosome};{other})({draw(band())};{draw(interstitial())})"
    if kind >= 2 and draw(st.booleans()) and kind not in {9, 10}:
        text = draw(st.sampled_from(["", "+", "?"])) + text
    if draw(st.integers(0, 9)) == 0:
        text += "c"
    return text


@st.composite
def karyotype_text(draw: st.DrawFn) -> str:
    sex = draw(st.sampled_from(["XX", "XY"]))
    stemline_items = draw(st.lists(abnormality(), min_size=1, max_size=5))
    modal = draw(st.integers(40, 50))
    clones = [f"{modal},{sex}," + ",".join(stemline_items) + f"[{draw(st.integers(1, 25))}]"]
    for _ in range(draw(st.integers(0, 2))):
        extra = draw(st.lists(abnormality(), min_size=1, max_size=2))
        reference = draw(st.sampled_from(["idem", "sl", "sdl"]))
        clones.append(f"{modal + 1},{sex},{reference}," + ",".join(extra) + "[3]")
    if draw(st.booleans()):
        clones.append(f"46,{sex}[{draw(st.integers(1, 20))}]")
    text = "/".join(clones)
    if draw(st.booleans()):
        text += f"//46,{draw(st.sampled_from(['XX', 'XY']))}[5]"
    if draw(st.booleans()):
        text = text.lower()
    if draw(st.booleans()):
        text = text.replace(",", ", ")
    return text


@settings(max_examples=300, deadline=None)
@given(karyotype_text())
def test_random_valid_karyotypes_parse_and_summarise(text: str) -> None:
    karyotype = parse_karyotype(text)
    summary = summarize(karyotype)
    assert summary.n_abnormalities is not None
    assert summary.complex is (summary.n_abnormalities >= 3)
    if summary.n_abnormalities > 3:
        assert summary.ipssr_category is IpssrCytoCategory.VERY_POOR
    if summary.n_abnormalities == 0:
        assert summary.ipssr_category is IpssrCytoCategory.GOOD


@settings(max_examples=300, deadline=None)
@given(karyotype_text())
def test_parse_render_parse_is_stable(text: str) -> None:
    first = parse_karyotype(text)
    canonical = render(first)
    second = parse_karyotype(canonical)
    assert second.recipient == first.recipient
    assert second.donor == first.donor
    assert render(second) == canonical


@st.composite
def one_clone_permutations(draw: st.DrawFn) -> tuple[list[str], list[str], int, int]:
    items = draw(st.lists(abnormality(), min_size=0, max_size=5))
    shuffled = draw(st.permutations(items))
    return items, list(shuffled), draw(st.integers(3, 30)), draw(st.integers(3, 30))


@settings(max_examples=300, deadline=None)
@given(one_clone_permutations())
def test_group_is_a_function_of_the_counted_abnormalities(
    case: tuple[list[str], list[str], int, int],
) -> None:
    items, shuffled, cells_a, cells_b = case
    first = summarize(",".join(["46,XY", *items]) + f"[{cells_a}]/46,XY[12]")
    second = summarize(",".join(["46,XY", *shuffled]) + f"[{cells_b}]/46,XY[5]")
    assert sorted(first.abnormalities) == sorted(second.abnormalities)
    assert first.n_abnormalities == second.n_abnormalities
    assert first.ipssr_category == second.ipssr_category
    assert first.ipss_category == second.ipss_category
    assert first.monosomal == second.monosomal


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789,;:()[]/~+-?.xyXYpqcdelrtinvmaspo  ")),
        max_size=40,
    )
)
def test_any_text_either_parses_or_fails_with_a_position(text: str) -> None:
    failure: KaryotypeSyntaxError | None = None
    try:
        summarize(text)
    except KaryotypeSyntaxError as error:
        failure = error
    if failure is not None:
        assert 0 <= failure.position <= len(text)
        assert str(failure).startswith(("could not read the karyotype", "the karyotype is empty"))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(karyotype_text(), st.sampled_from(["46,XX[20]", "46,XY,+(", ""])), max_size=8
    )
)
def test_a_batch_gives_what_one_at_a_time_gives_in_order(texts: list[str]) -> None:
    outcomes = summarize_many(texts)
    assert len(outcomes) == len(texts)
    for text, outcome in zip(texts, outcomes, strict=True):
        if isinstance(outcome, KaryotypeSyntaxError):
            with pytest.raises(KaryotypeSyntaxError, match=re.escape(str(outcome))):
                summarize(text)
        else:
            assert outcome == summarize(text)
