"""Transfusions with units and dates, for transfusion dependence (IWG 2018 counts red cell
units over 8 or 16 weeks; Platzbecker U et al., Blood 2019;133:1020).

"Transfused 2 units PRBC on 03/04/2024", "RBC transfusion: 2 units", "1 unit of platelets",
"4 units pRBC in the last 8 weeks" (the period goes to ``details.period``). A planned or
conditional transfusion ("will transfuse 1 unit if Hb < 7") and a negated one ("no
transfusions") are not read.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.records.extract.context import assess
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.model import Fact, FactKind

_COUNT = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_RBC = (
    r"p?RBCs?|PRBCs?|pRBCs?|packed\s+(?:red\s+)?(?:blood\s+)?cells|red\s+(?:blood\s+)?cells"
    r"|red\s+cell|blood"
)
_PLT = r"platelets?|plts?|apheresis\s+platelets?|pooled\s+platelets?|SDP"
_PRODUCT = rf"(?P<rbc>{_RBC})|(?P<plt>{_PLT})"
_UNITS_OF = re.compile(
    rf"(?<![\w.]){_COUNT}\s*(?:units?|u|bags?|pools?|doses?)\s+(?:of\s+)?(?:{_PRODUCT})\b",
    re.I,
)
_PRODUCT_UNITS = re.compile(
    rf"(?:{_PRODUCT})(?:\s+transfusions?)?\s*(?:[:x×=-]\s*|\s+)(?:given\s*:?\s*)?{_COUNT}\s*"
    r"(?:units?|u|bags?|pools?|doses?)\b",
    re.I,
)
_TRANSFUSED = re.compile(rf"\btransfused\s+(?:with\s+)?{_COUNT}\s*(?:units?|u)\b", re.I)
_PERIOD = re.compile(
    r"\s*(?:/|per|every|over|in(?:\s+the)?(?:\s+(?:last|past|previous|prior))?)\s*"
    r"(?P<period>\d{1,2}\s*(?:weeks?|wks?|months?|mos?|days?))",
    re.I,
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
_CONDITIONAL = re.compile(r"\bif\b|\bplan\w*\b|\bwill\b|\bshould\b|\bthreshold\b|\btrigger\b", re.I)


def extract_transfusions(document: DocumentText) -> list[Fact]:
    facts: list[Fact] = []
    for line in document.lines():
        taken: list[tuple[int, int]] = []
        for pattern in (_UNITS_OF, _PRODUCT_UNITS, _TRANSFUSED):
            for match in pattern.finditer(line.text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                fact = _transfusion(document, line, match)
                if fact is not None:
                    taken.append(match.span())
                    facts.append(fact)
    return facts


def _transfusion(document: DocumentText, line: Line, match: re.Match[str]) -> Fact | None:
    text = line.text
    groups = match.groupdict()
    if groups.get("plt"):
        product = "platelets"
    elif groups.get("rbc"):
        product = "rbc"
    elif re.search(r"platelet|plt", text, re.I):
        product = "platelets"
    elif re.search(r"\b(?:p?rbc|red|blood|hgb|h(?:a)?emoglobin)\b", text, re.I):
        product = "rbc"
    else:
        return None
    if _CONDITIONAL.search(text):
        return None
    assertion = assess(text, [match.span()])[0]
    if assertion.negated or assertion.hedged:
        return None
    count_text = match.group("n").lower()
    units = _WORD_NUMBERS.get(count_text) or int(count_text)
    details: dict[str, Any] = {}
    end = match.end()
    period = _PERIOD.match(text, match.end())
    if period is not None:
        details["period"] = period.group("period")
        end = period.end()
    return line_fact(
        line,
        match.start(),
        end,
        kind=FactKind.TRANSFUSION,
        name=product,
        value=units,
        unit="units",
        original_value=match.group("n"),
        # A count over a period ("4 units in 8 weeks") is as of the report, not of a date
        # that happens to be on the same line.
        date=document.date_for(line) if "period" in details else document.date_near(line),
        details=details,
    )
