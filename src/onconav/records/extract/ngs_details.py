"""The details of one variant as printed on its line or table row: transcript, HGVS c. and
p. (den Dunnen JT et al., Hum Mutat 2016;37:564), VAF as a fraction, depth, AMP/ASCO/CAP tier
(Li MM et al., J Mol Diagn 2017;19:4), classification and germline status.

A VAF with a % sign, in a column headed "VAF (%)", or above 1 is a percentage; otherwise it
is already a fraction. "38,4 %" has a decimal comma (``numbers.DECIMAL``). Bare numbers in a
table row belong to the nearest VAF or depth heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from onconav.records.extract.context import assess
from onconav.records.extract.ngs_patterns import (
    BARE_PERCENT,
    CLASSIFICATION,
    DEPTH,
    GERMLINE,
    GERMLINE_DOUBT,
    HGVS_C,
    HGVS_P,
    LIMIT_OF_DETECTION,
    PROTEIN_SHORT,
    SOMATIC,
    TABLE_HEADER_WORDS,
    TIER,
    TRANSCRIPT,
    VAF_BEFORE,
    VAF_LABELLED,
)
from onconav.records.extract.numbers import decimal_value

_TOLERANCE = 6  # characters a table cell may sit beyond its heading

_BARE_NUMBER = re.compile(r"(?<![\w.>_*+\-/])\d[\d,]*(?:\.\d+)?(?![\w>_*/])")

_WRAPPED_VAF = re.compile(r"\b(?:frequency|fraction)\b", re.I)
_VAF_PERCENT_HEADER = re.compile(r"VAF\s*\(?%|%\s*VAF|allele\s+(?:frequency|fraction)\s*\(?%", re.I)


@dataclass
class TableHeader:
    vaf: tuple[int, int] | None
    depth: tuple[int, int] | None
    vaf_percent: bool


def is_table_header(text: str) -> bool:
    return len({m.group(0).lower() for m in TABLE_HEADER_WORDS.finditer(text)}) >= 3 and not (
        HGVS_C.search(text) or HGVS_P.search(text)
    )


def table_header(text: str, continuation: str = "") -> TableHeader:
    """The VAF and depth columns of a header row. ``continuation`` is the header's second
    line when its headings wrap ("Allele" / "fraction", "VAF" / "(%)")."""
    vaf = re.search(r"VAF|allele\s+(?:frequency|fraction)|\bAF\b", text, re.I)
    if vaf is None and _WRAPPED_VAF.search(continuation):
        vaf = re.search(r"\ballele\b", text, re.I)
    depth = re.search(r"depth|coverage|reads|\bDP\b", text, re.I)
    percent = _VAF_PERCENT_HEADER.search(text) is not None or (
        vaf is not None and "%" in continuation
    )
    return TableHeader(
        vaf=vaf.span() if vaf else None,
        depth=depth.span() if depth else None,
        vaf_percent=percent,
    )


def is_header_continuation(text: str) -> bool:
    """The second line of a header whose headings wrap: a few words, no numbers, no notation
    ("change change (%)", "change fraction")."""
    words = re.findall(r"[A-Za-z]+", text)
    return (
        bool(text.strip())
        and not re.search(r"\d", text)
        and len(words) <= 8
        and not TRANSCRIPT.search(text)
        and not is_table_header(text)
        and all(word.islower() or len(word) <= 3 for word in words)
    )


def variant_details(
    text: str, start: int, end: int, header: TableHeader | None, single: bool
) -> dict[str, Any]:
    details: dict[str, Any] = {}
    span_end = start
    segment_end = end
    transcript = TRANSCRIPT.search(text, start, end)
    if transcript:
        details["transcript"] = transcript.group(0)
        span_end = max(span_end, transcript.end())
    hgvs_c = HGVS_C.search(text, start, end)
    if hgvs_c:
        details["hgvs_c"] = hgvs_c.group(0).rstrip(",;)")
        span_end = max(span_end, hgvs_c.end())
    hgvs_p = HGVS_P.search(text, start, end) or PROTEIN_SHORT.search(
        text, start, min(end, start + 60)
    )
    if hgvs_p:
        details["hgvs_p"] = _balanced(hgvs_p.group(0).rstrip(",;"))
        span_end = max(span_end, hgvs_p.end())
    blanked = masked(
        text,
        [m for m in (transcript, hgvs_c, hgvs_p) if m is not None]
        + list(LIMIT_OF_DETECTION.finditer(text))
        + list(TIER.finditer(text)),
    )
    vaf, vaf_end = _vaf(blanked, start, segment_end, header)
    if vaf is not None:
        details["vaf"] = vaf
        span_end = max(span_end, vaf_end)
    depth = DEPTH.search(blanked, start, segment_end)
    if depth is not None:
        details["depth"] = int(
            (depth.group("d") or depth.group("x") or depth.group("r")).replace(",", "")
        )
        span_end = max(span_end, depth.end())
    elif header is not None:
        column = _columns(blanked, start, segment_end, header).get("depth")
        if column is not None and column[0].isdigit():
            details["depth"] = int(column[0])
            span_end = max(span_end, column[1])
    scope = (0, len(text)) if single else (start, end)
    tier = TIER.search(text, *scope)
    if tier:
        details["tier"] = roman(tier.group("t")) + (tier.group("sub") or "").upper()
        if scope == (start, end):
            span_end = max(span_end, tier.end())
    classification = CLASSIFICATION.search(text, *scope)
    if classification:
        details["classification"] = classification_name(classification.group(0))
    details["_span_end"] = span_end
    return details


def _vaf(text: str, start: int, end: int, header: TableHeader | None) -> tuple[float | None, int]:
    percent_column = header.vaf_percent if header else False
    for pattern in (VAF_LABELLED, VAF_BEFORE):
        match = pattern.search(text, start, end)
        if match is not None:
            if match.groupdict().get("f"):  # "0.12 VAF": a fraction before the word
                return _fraction(match.group("f"), False, False), match.end()
            return _fraction(
                match.group("v"), bool(match.group("pct")), percent_column
            ), match.end()
    bare = list(BARE_PERCENT.finditer(text, start, end))
    if len(bare) == 1:
        return _fraction(bare[0].group("v"), True, percent_column), bare[0].end()
    if header is not None:
        column = _columns(text, start, end, header).get("vaf")
        if column is not None:
            return _fraction(column[0], False, percent_column), column[1]
    return None, start


def _fraction(number: str, percent_sign: bool, percent_column: bool) -> float | None:
    value = decimal_value(number)
    if percent_sign or percent_column or value > 1:
        value = value / 100
    if not 0 <= value <= 1:
        return None
    return round(value, 4)


def _columns(text: str, start: int, end: int, header: TableHeader) -> dict[str, tuple[str, int]]:
    """Bare numbers of a table row placed under the nearest of the VAF and depth headings;
    when none sits under a heading (a text layer that collapses the spacing), the row's bare
    numbers taken in the order of the numeric headings, if there are exactly as many."""
    columns = [
        (name, span) for name, span in (("vaf", header.vaf), ("depth", header.depth)) if span
    ]
    found: dict[str, tuple[str, int]] = {}
    if not columns:
        return found
    numbers = list(_BARE_NUMBER.finditer(text, start, end))
    for match in numbers:
        centre = (match.start() + match.end()) / 2
        name, (left, right) = min(columns, key=lambda item: abs(centre - sum(item[1]) / 2))
        if left - _TOLERANCE <= centre <= right + _TOLERANCE and name not in found:
            found[name] = (match.group(0).replace(",", ""), match.end())
    if len(found) < len(columns) and len(numbers) == len(columns):
        # Not every heading has a number under it: the spacing does not line up (a text
        # layer that collapses it), so the numbers go to the headings in their order.
        found = {}
        ordered = sorted(columns, key=lambda item: item[1][0])
        for (name, _), match in zip(ordered, numbers, strict=True):
            found[name] = (match.group(0).replace(",", ""), match.end())
    return found


def masked(text: str, matches: list[re.Match[str]]) -> str:
    """``text`` with the matched spans blanked, same length."""
    chars = list(text)
    for match in matches:
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _balanced(protein: str) -> str:
    while protein.endswith(")") and protein.count(")") > protein.count("("):
        protein = protein[:-1]
    return protein


def roman(tier: str) -> str:
    return {"1": "I", "2": "II", "3": "III", "4": "IV"}.get(tier, tier.upper())


def classification_name(text: str) -> str:
    lowered = " ".join(text.lower().split())
    if lowered.startswith("likely pathogenic"):
        return "likely pathogenic"  # the words reports and FHIR interpretations use
    if lowered.startswith("likely benign"):
        return "likely benign"
    if lowered in ("pathogenic", "benign"):
        return lowered
    return "vus"


def germline(text: str, details: dict[str, Any]) -> bool | None:
    germline = GERMLINE.search(text)
    if germline is not None:
        if GERMLINE_DOUBT.search(text) or assess(text, [germline.span()])[0].hedged:
            details["germline_suspected"] = True
            return None
        return not assess(text, [germline.span()])[0].negated
    if SOMATIC.search(text):
        return False
    return None
