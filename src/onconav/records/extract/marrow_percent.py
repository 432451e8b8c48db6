"""Percentages in marrow reports ("8.4%", "<5%", "approximately 40%", "30-40%") and the
fact every marrow extractor builds: a range is kept as its text ("3-4", with
``details.range``), never as one number; a bound keeps its comparator, and the date is the
one printed on the line or the report's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.model import Fact, FactKind

PERCENT = (
    r"(?P<cmp><=|>=|[<>≤≥~]|approximately\s+|about\s+|up\s+to\s+|roughly\s+|around\s+"
    r"|(?:less|fewer)\s+than\s+|under\s+|below\s+|(?:more|greater)\s+than\s+|over\s+"
    r"|above\s+|at\s+least\s+)?\s*"
    r"(?P<between>between\s+)?(?P<num>\d{1,3}(?:[.,]\d+)?)"
    r"(?:\s*%?\s*(?(between)(?:-|–|to|and)|(?:-|–|to))\s*(?P<hi>\d{1,3}(?:[.,]\d+)?))?"
    r"\s*(?P<pct>%)"
)

OTHER_CELLS = re.compile(
    r"\b(?:ring|promyelo|myelocyte|metamyelo|lymph|erythro|normoblast|monocyt|eosin|basophil"
    r"|plasma|neutrophil|bands?\b|segment|granulocyt|megakary|histiocyt|mast\b|cellularity"
    r"|sideroblast)",
    re.I,
)


_WORDED_COMPARATORS = {
    "≤": "<=",
    "≥": ">=",
    "approximately": "~",
    "about": "~",
    "roughly": "~",
    "around": "~",
    "up to": "<=",
    "less than": "<",
    "fewer than": "<",
    "under": "<",
    "below": "<",
    "more than": ">",
    "greater than": ">",
    "over": ">",
    "above": ">",
    "at least": ">=",
}


@dataclass(frozen=True)
class Percent:
    value: float | str  # a range is kept as printed ("3-4"): no single number is right
    low: float
    high: float | None
    comparator: str | None
    start: int
    end: int

    def details(self) -> dict[str, Any]:
        details: dict[str, Any] = {}
        if self.high is not None:
            details["range"] = [self.low, self.high]
        if self.comparator:
            details["comparator"] = self.comparator
        return details


def read_percent(match: re.Match[str]) -> Percent:
    low = float(match.group("num").replace(",", "."))
    high = float(match.group("hi").replace(",", ".")) if match.group("hi") else None
    comparator = (match.group("cmp") or "").strip().lower() or None
    comparator = _WORDED_COMPARATORS.get(" ".join((comparator or "").split()), comparator)
    return Percent(
        value=f"{low:g}-{high:g}" if high is not None else low,
        low=low,
        high=high,
        comparator=comparator,
        start=match.start("num") if not match.group("cmp") else match.start("cmp"),
        end=match.end("pct"),
    )


def marrow_fact(
    document: DocumentText,
    line: Line,
    start: int,
    end: int,
    name: str,
    value: Any,
    details: dict[str, Any],
    flags: tuple[str, ...] = (),
    unit: str | None = None,
    original_value: str | None = None,
) -> Fact:
    return line_fact(
        line,
        start,
        end,
        kind=FactKind.MARROW,
        name=name,
        value=value,
        unit=unit,
        original_value=original_value,
        date=document.date_near(line),
        details=details,
        flags=flags,
    )
