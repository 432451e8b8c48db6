"""Ring sideroblasts (% of erythroid precursors; WHO 2022 MDS-SF3B1 / ICC MDS-SF3B1 use
the 5% and 15% thresholds) and cellularity (needed for hypoplastic MDS, <=25%), with the
wordings reports use; "No ring sideroblasts" is 0, "present" without a number is kept as
stated with no value.
"""

from __future__ import annotations

import re

from onconav.records.extract.clauses import clauses, neutral
from onconav.records.extract.context import assess
from onconav.records.extract.document import DocumentText
from onconav.records.extract.marrow_percent import (
    OTHER_CELLS,
    PERCENT,
    Percent,
    marrow_fact,
    read_percent,
)
from onconav.records.extract.source import Line
from onconav.records.model import Fact

_DIAGNOSIS_NAME = re.compile(r"\bMDS\b|myelodysplas|\bRARS\b|\bRS-", re.I)

_RING = re.compile(r"ring(?:ed)?\s+sideroblasts?|\bRS\b(?=\s*[:=(]?\s*[<>≤≥~]?\s*\d)", re.I)

_CELLULARITY_AFTER = re.compile(
    rf"(?P<label>cellularity|(?P<word>hyper|hypo|normo)cellular\w*)(?P<gap>[^%\d;]{{0,45}}?)"
    rf"{PERCENT}",
    re.I,
)

_CELLULARITY_BEFORE = re.compile(rf"{PERCENT}\s*(?P<label>cellular(?:ity)?)\b", re.I)

_CELLULARITY_WORD = re.compile(r"\b(?P<word>hyper|hypo|normo)cellular\b", re.I)


def ring_sideroblasts(document: DocumentText, line: Line) -> list[Fact]:
    text = neutral(line.text)
    for clause_start, clause_end in clauses(text):
        ring = _RING.search(text, clause_start, clause_end)
        if ring is None:
            continue
        after = re.compile(rf"[^%\d;]{{0,60}}?{PERCENT}", re.I).match(text, ring.end(), clause_end)
        before = None
        for candidate in re.finditer(
            rf"{PERCENT}\s*(?:of\s+(?:the\s+)?erythroid\s+(?:precursors|cells)\s+(?:are\s+)?)?$",
            text[clause_start : ring.start()],
            re.I,
        ):
            before = candidate
        if after is not None:
            percent = read_percent(after)
            span = (ring.start(), after.end())
        elif before is not None:
            percent = read_percent(before)
            percent = Percent(
                percent.value,
                percent.low,
                percent.high,
                percent.comparator,
                clause_start + percent.start,
                clause_start + percent.end,
            )
            span = (percent.start, ring.end())
        else:
            assertion = assess(line.text, [(ring.start(), ring.end())])[0]
            if not assertion.negated and (
                assertion.hedged or _DIAGNOSIS_NAME.search(text, clause_start, clause_end)
            ):
                continue  # "MDS with ring sideroblasts" names a diagnosis, not a count
            return [
                marrow_fact(
                    document,
                    line,
                    ring.start(),
                    ring.end(),
                    "ring_sideroblasts",
                    0.0 if assertion.negated else None,  # present, but no percentage given
                    {"stated": "absent" if assertion.negated else "present"},
                    unit="%",
                )
            ]
        return [
            marrow_fact(
                document,
                line,
                *span,
                "ring_sideroblasts",
                percent.value,
                percent.details(),
                unit="%",
                original_value=line.text[percent.start : percent.end],
            )
        ]
    return []


def _cellularity_matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Each way of writing a cellularity percentage, in order, without those that are the
    share of another cell type ("% of the cellularity") or skip over another label."""
    found = []
    for pattern in (_CELLULARITY_AFTER, _CELLULARITY_BEFORE):
        position = start
        while (match := pattern.search(text, position, end)) is not None:
            position = match.start("label") + 1
            if re.search(r"\bof\s+(?:the\s+)?(?:\w+\s+)?$", text[: match.start("label")]) or (
                OTHER_CELLS.search(match.groupdict().get("gap") or "")
            ):
                continue
            found.append(match)
            break
    return found


def cellularity(document: DocumentText, line: Line) -> list[Fact]:
    text = neutral(line.text)
    for clause_start, clause_end in clauses(text):
        for match in _cellularity_matches(text, clause_start, clause_end):
            percent = read_percent(match)
            word = _CELLULARITY_WORD.search(text, clause_start, clause_end)
            details = percent.details()
            if word is not None:
                details["description"] = word.group("word").lower() + "cellular"
            start = min(match.start(), percent.start)
            return [
                marrow_fact(
                    document,
                    line,
                    start,
                    match.end(),
                    "cellularity",
                    percent.value,
                    details,
                    unit="%",
                    original_value=line.text[percent.start : percent.end],
                )
            ]
        word = _CELLULARITY_WORD.search(text, clause_start, clause_end)
        if word is not None:
            return [
                marrow_fact(
                    document,
                    line,
                    word.start(),
                    word.end(),
                    "cellularity",
                    None,
                    {"description": word.group("word").lower() + "cellular"},
                    unit="%",
                )
            ]
    return []
