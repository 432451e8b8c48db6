"""Transfusion logs laid out as tables: a header naming a date, a blood product and a count
column, then one row per transfusion, in any column order.

    Date          Product                  Units
    2024-02-14    Red blood cells          2
    | Platelets (apheresis) | 2024-03-06 | 1 |

A row gives a fact only when it has exactly one date, a product this reader knows and one
whole-number count; the log ends at a blank line or a row that is none of these.
"""

from __future__ import annotations

import re

from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.model import Fact, FactKind

PLATELETS = re.compile(r"\bplatelets?\b|\bplts?\b|\bSDP\b", re.I)
RED_CELLS = re.compile(
    r"\bp?RBCs?\b|\bPRBCs?\b|\bred\s+(?:blood\s+)?cells?\b|\bpacked\s+(?:red\s+)?(?:blood\s+)?cells\b"
    r"|\berythrocytes?\b|\bblood\b",
    re.I,
)
_DATE_COLUMN = re.compile(r"\b(?:date|issued|given|transfused|administered|day)\b", re.I)
_PRODUCT_COLUMN = re.compile(r"\b(?:product|component|blood\s+product|type|unit\s+type)\b", re.I)
_COUNT_COLUMN = re.compile(r"\b(?:units?|qty|quantity|number|no\.|count|bags?)\b", re.I)
_WHOLE_NUMBER = re.compile(r"(?<![\w.,/:-])(?P<n>\d{1,2})(?![\w.,/:%-])")


def transfusion_log(document: DocumentText) -> tuple[list[Fact], frozenset[tuple[int, int]]]:
    """Facts from transfusion log tables, and the (page, line) of each row read."""
    facts: list[Fact] = []
    rows: set[tuple[int, int]] = set()
    for page in document.pages:
        inside = False
        for line in page.lines:
            if _is_header(line.text):
                inside = True
                continue
            if not inside:
                continue
            fact = _row(document, line)
            if fact is None:
                inside = False
                continue
            facts.append(fact)
            rows.add((page.page.number, line.number))
    return facts, frozenset(rows)


def _is_header(text: str) -> bool:
    return bool(
        _DATE_COLUMN.search(text)
        and _PRODUCT_COLUMN.search(text)
        and _COUNT_COLUMN.search(text)
        and not re.search(r"\d", text)
    )


def _row(document: DocumentText, line: Line) -> Fact | None:
    text = line.text
    dates = document.dates_in(text)
    if len(dates) != 1:
        return None
    date = dates[0]
    rest = text[: date.start] + " " * (date.end - date.start) + text[date.end :]
    platelets, red_cells = PLATELETS.search(rest), RED_CELLS.search(rest)
    if (platelets is None) == (red_cells is None):
        return None
    counts = list(_WHOLE_NUMBER.finditer(rest))
    if len(counts) != 1:
        return None
    start = len(text) - len(text.lstrip(" |\t"))
    end = len(text.rstrip(" |\t"))
    return line_fact(
        line,
        start,
        end,
        kind=FactKind.TRANSFUSION,
        name="platelets" if platelets is not None else "rbc",
        value=int(counts[0].group("n")),
        unit="units",
        original_value=counts[0].group("n"),
        date=date,
        details={"source": "transfusion log"},
    )
