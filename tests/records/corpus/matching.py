"""When a fact the pipeline produced counts as an expected fact.

A fact matches when kind, name, value (numbers within 1 % or 0.005), unit, date and every
annotated detail agree, and its provenance text contains the annotated source substring.
``disagreements`` names what differs, so a near miss can be explained in the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from onconav.clinical.units import unit_key
from onconav.records.model import Fact, FactKind

from .annotations import ExpectedFact, ForbiddenFact

RELATIVE_TOLERANCE = 0.01
ABSOLUTE_TOLERANCE = 0.005
VAF_TOLERANCE = 0.005

_AMINO_ACIDS = {
    "ala": "A", "arg": "R", "asn": "N", "asp": "D", "cys": "C", "gln": "Q", "glu": "E",
    "gly": "G", "his": "H", "ile": "I", "leu": "L", "lys": "K", "met": "M", "phe": "F",
    "pro": "P", "ser": "S", "thr": "T", "trp": "W", "tyr": "Y", "val": "V", "ter": "*",
}  # fmt: skip
_SEX = {"f": "female", "female": "female", "woman": "female", "m": "male", "male": "male",
        "man": "male"}  # fmt: skip


def normalise_text(text: str) -> str:
    """Case, runs of whitespace, dash variants and British "haem-" do not matter."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return " ".join(text.casefold().replace("haem", "hem").split())


def _squeezed(text: str) -> str:
    """For provenance: OCR drops and adds spaces ("09Sep 1962"), which is not content."""
    return "".join(normalise_text(text).split())


Evidence = Callable[[Fact], str]


def provenance_text(fact: Fact) -> str:
    return fact.provenance.text


def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[^0-9a-z.]+", text.casefold()) if len(t.strip(".")) >= 2}


def numbers_agree(expected: float, produced: float, absolute: float = ABSOLUTE_TOLERANCE) -> bool:
    return abs(expected - produced) <= max(RELATIVE_TOLERANCE * abs(expected), absolute)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def protein_change(text: str) -> str:
    """p.(Lys700Glu), p.K700E and K700E all read "k700e"; Ter and * are the same stop."""
    change = text.strip().removeprefix("p.").strip("()")
    for three, one in _AMINO_ACIDS.items():
        change = re.sub(three, one, change, flags=re.IGNORECASE)
    return change.casefold()


def coding_change(text: str) -> str:
    """NM_012433.4:c.2098A>G and c.2098A>G read the same."""
    return text.split(":")[-1].strip().casefold()


def values_agree(expected: object, produced: object) -> bool:
    """Exact agreement, with the numeric tolerance and text normalisation above."""
    if expected is None:
        return produced is None
    if isinstance(expected, bool):
        return isinstance(produced, bool) and produced == expected
    if _is_number(expected):
        return _is_number(produced) and numbers_agree(float(expected), float(produced))  # type: ignore[arg-type]
    if isinstance(produced, str):
        return normalise_text(str(expected)) == normalise_text(produced)
    return False


def _classification_agrees(expected: object, produced: object) -> bool:
    if not isinstance(produced, str):
        return False
    text = normalise_text(produced)
    if normalise_text(str(expected)) == "vus":
        return "vus" in text or "uncertain" in text or "tier iii" in text
    return normalise_text(str(expected)) in text


# A comma between digits with one or two digits after it is a decimal comma; three digits
# after it would be a thousands separator ("150,000"), which is left alone.
_DECIMAL_COMMA = re.compile(r"(\d),(\d{1,2})(?!\d)")


def range_bounds(text: str) -> tuple[float, float]:
    """'3-4' and '3 - 4' read (3.0, 4.0); raises ValueError for anything else."""
    low, high = (float(x) for x in text.replace(" ", "").split("-"))
    return low, high


def _range_agrees(expected: object, produced: object) -> bool:
    low, high = range_bounds(str(expected))
    if isinstance(produced, dict):
        got = (produced.get("low"), produced.get("high"))
        return all(
            isinstance(g, int | float) and numbers_agree(e, float(g))
            for e, g in zip((low, high), got, strict=True)
        )
    if isinstance(produced, str):
        decimal_points = _DECIMAL_COMMA.sub(r"\1.\2", produced)  # "12,0 - 15,5" as printed
        numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", decimal_points)]
        return (
            len(numbers) == 2 and numbers_agree(low, numbers[0]) and numbers_agree(high, numbers[1])
        )
    return False


def _within(expected: object, produced: object) -> bool:
    """A number inside the printed range (its ends within the usual tolerance), or the
    range itself as text or as low/high: "3-4%" may be read as 3, 3.5, 4 or "3-4"."""
    if _is_number(produced):
        low, high = range_bounds(str(expected))
        value = float(produced)  # type: ignore[arg-type]
        inside = low <= value <= high
        return inside or numbers_agree(low, value) or numbers_agree(high, value)
    return _range_agrees(expected, produced)


def _contains(expected: object, produced: object) -> bool:
    return isinstance(produced, str) and normalise_text(str(expected)) in normalise_text(produced)


_TIER_NUMERALS = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}


def _tier(text: object) -> str:
    """'Tier I', 'I', '1' and 'tier 1' read the same (AMP/ASCO/CAP tiers)."""
    tier = normalise_text(str(text)).removeprefix("tier").strip()
    return _TIER_NUMERALS.get(tier, tier)


def _same_date(expected: object, produced: object) -> bool:
    return _as_date(expected) is not None and _as_date(expected) == _as_date(produced)


_DETAIL_RULES: dict[str, Callable[[object, object], bool]] = {
    "vaf": lambda e, p: _is_number(p) and numbers_agree(float(e), float(p), VAF_TOLERANCE),  # type: ignore[arg-type]
    "hgvs_p": lambda e, p: isinstance(p, str) and protein_change(str(e)) == protein_change(p),
    "hgvs_c": lambda e, p: isinstance(p, str) and coding_change(str(e)) == coding_change(p),
    "transcript": lambda e, p: isinstance(p, str) and normalise_text(str(e)) in normalise_text(p),
    "classification": _classification_agrees,
    "system": _contains,
    "scale": _contains,
    "interpretation": _contains,
    "reference_range": _range_agrees,
    "tier": lambda e, p: p is not None and _tier(e) == _tier(p),
    "start": _same_date,
    "stop": _same_date,
    "ipssr_category": lambda e, p: (
        p is not None and normalise_text(str(e)) == normalise_text(str(p))
    ),
}


def detail_agrees(key: str, expected: object, produced_details: dict[str, Any]) -> bool:
    if expected is None:
        return produced_details.get(key) is None  # unknown stays unknown
    if key not in produced_details:
        return False
    rule = _DETAIL_RULES.get(key, values_agree)
    return rule(expected, produced_details[key])


# Words that join the drugs of a combination product in its name, not drugs themselves.
_COMBINATION_WORDS = frozenset({"and", "with", "plus"})


def drug_names(name: str) -> frozenset[str]:
    """'decitabine-cedazuridine', 'decitabine/cedazuridine' and 'decitabine and
    cedazuridine' all name the same two drugs; 'decitabine' alone names another product."""
    words = re.split(r"[^0-9a-z]+", normalise_text(name))
    return frozenset(w for w in words if w and w not in _COMBINATION_WORDS)


def names_agree(kind: FactKind, expected: str, produced: str) -> bool:
    if kind == FactKind.FISH:
        return bool(_tokens(expected) & _tokens(produced))  # "EGR1 (5q31)" ~ "EGR1"
    if kind == FactKind.TREATMENT:
        return drug_names(expected) == drug_names(produced)
    return normalise_text(expected) == normalise_text(produced)


def _value_disagreement(expected: ExpectedFact, fact: Fact) -> str | None:
    wanted, got = expected.value, fact.value
    if expected.match == "any":
        return None
    if expected.kind == FactKind.IDENTITY and expected.name == "date_of_birth":
        produced = _as_date(got) if got is not None else fact.date
        return None if produced == _as_date(wanted) else f"value {got!r}, expected {wanted}"
    if expected.kind == FactKind.IDENTITY and expected.name == "sex":
        produced_sex = _SEX.get(normalise_text(str(got))) if isinstance(got, str) else None
        return None if produced_sex == wanted else f"value {got!r}, expected {wanted}"
    if expected.match == "within":
        return None if _within(wanted, got) else f"value {got!r}, expected within {wanted}"
    if expected.match == "tokens":
        ok = isinstance(got, str) and _tokens(str(wanted)) <= _tokens(got)
        return None if ok else f"value {got!r}, expected {wanted!r}"
    if expected.match == "contains":
        return None if _contains(wanted, got) else f"value {got!r} does not contain {wanted!r}"
    if expected.kind == FactKind.KARYOTYPE and isinstance(got, str):
        ok = "".join(str(wanted).split()).casefold() == "".join(got.split()).casefold()
        return None if ok else f"value {got!r}, expected {wanted!r}"
    return None if values_agree(wanted, got) else f"value {got!r}, expected {wanted!r}"


def _unit_disagreement(expected: ExpectedFact, fact: Fact) -> str | None:
    if expected.kind == FactKind.IDENTITY:
        return None  # age in years: units are not part of the identity convention
    if expected.unit is None and expected.kind != FactKind.LAB:
        return None  # counts of units, grades and scores: any label is fine
    wanted = unit_key(expected.unit) if expected.unit else None
    got = unit_key(fact.unit) if fact.unit else None
    return None if wanted == got else f"unit {fact.unit!r}, expected {expected.unit!r}"


def disagreements(
    expected: ExpectedFact, fact: Fact, evidence: Evidence = provenance_text
) -> list[str]:
    """What differs between an expected fact and a produced one; empty when they match.

    ``evidence`` gives the text the provenance points to: its snippet, and where the
    provenance locates a line of the document, that line too.
    """
    if fact.kind != expected.kind:
        return [f"kind {fact.kind.value}, expected {expected.kind.value}"]
    if not names_agree(expected.kind, expected.name, fact.name):
        return [f"name {fact.name!r}, expected {expected.name!r}"]
    reasons = []
    for check in (_value_disagreement, _unit_disagreement):
        reason = check(expected, fact)
        if reason:
            reasons.append(reason)
    if expected.date != "any" and fact.date != expected.date:
        reasons.append(f"date {fact.date}, expected {expected.date}")
    for key, wanted in expected.details.items():
        if key == "start" and "start" not in fact.details and fact.date == wanted:
            continue  # the fact's own date is the start date
        if not detail_agrees(key, wanted, fact.details):
            reasons.append(f"details[{key}] {fact.details.get(key)!r}, expected {wanted!r}")
    if expected.source_text is not None and _squeezed(expected.source_text) not in _squeezed(
        evidence(fact)
    ):
        reasons.append(f"provenance {fact.provenance.text!r} lacks {expected.source_text!r}")
    return reasons


def forbidden_hit(forbidden: ForbiddenFact, fact: Fact) -> bool:
    """Whether ``fact`` is one the annotation forbids (flags not considered here)."""
    if fact.kind != forbidden.kind or not names_agree(forbidden.kind, forbidden.name, fact.name):
        return False
    if forbidden.value is None:
        return True
    if forbidden.kind == FactKind.KARYOTYPE and isinstance(fact.value, str):
        return (
            "".join(str(forbidden.value).split()).casefold()
            == "".join(fact.value.split()).casefold()
        )
    return values_agree(forbidden.value, fact.value)


def maximum_matching(
    expected: Sequence[ExpectedFact],
    produced: Sequence[Fact],
    evidence: Evidence = provenance_text,
) -> dict[int, int]:
    """Expected index -> produced index, as many pairs as possible (Kuhn's augmenting
    paths), so one ambiguous fact cannot steal the only match of another."""
    edges = [
        [j for j, fact in enumerate(produced) if not disagreements(want, fact, evidence)]
        for want in expected
    ]
    owner: dict[int, int] = {}  # produced index -> expected index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        augment(i, set())
    return {i: j for j, i in owner.items()}
