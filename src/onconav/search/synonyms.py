"""Everyday words people use, mapped to the words the knowledge base uses.

Applied to the lexical half of search only (the dense model already places
"life expectancy" near "survival"). Each entry adds terms; none removes the
person's own words.
"""

from __future__ import annotations

import re

_EXPANSIONS: tuple[tuple[str, str], ...] = (
    (r"life expectancy|how long (will|do|can|does) \w+ (live|have)", "survival outlook prognosis"),
    (r"\bdoctors?\b", "care team hematologist"),
    (r"\bblood cancer\b|\btype of cancer\b|\bkind of cancer\b", "cancer marrow"),
    (r"bone marrow transplant|\bbmt\b", "stem cell transplant"),
    (r"\bchemo\b", "chemotherapy"),
    (r"\bshots?\b", "injection"),
    (r"\bpills?\b|\btablets?\b", "oral"),
    (r"\btired(ness)?\b|\bexhausted\b|\bno energy\b", "fatigue"),
    (r"\blow (hemoglobin|haemoglobin|red (blood )?cells?)\b", "anemia"),
    (r"\bwhite (blood )?(cell )?count\b", "neutrophils white blood cells"),
    (r"\bhereditary\b|\bin my family\b|\bpassed down\b", "inherited germline"),
    (r"\bturn(s|ing)? into\b|\bbecome\b", "progress transform"),
    (r"\bcured?\b", "curative"),
    (r"\bspecialists?\b", "expert"),
    (r"\bcall\b", "contact emergency"),
    (r"\bnew drugs?\b|\bnew treatments?\b", "trial phase"),
)
_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), extra) for pattern, extra in _EXPANSIONS)


def expand(query: str) -> str:
    """The query plus the knowledge base's words for what it says."""
    extra = [terms for pattern, terms in _COMPILED if pattern.search(query)]
    return f"{query} {' '.join(extra)}" if extra else query
