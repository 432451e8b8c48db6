"""Cutting a line into clauses, so that a number is read with the words it belongs to
("blasts 3%; lymphocytes 20%" gives blasts 3, not 20)."""

from __future__ import annotations

import re

_ABBREVIATIONS = ("approx", "e.g", "i.e", "vs", "no", "dr", "fig", "ca", "cf", "incl", "pt")
_BOUNDARY = re.compile(r";|\.(?=\s+[A-Z(]|\s*$)")

# Words that would stop a pattern's gap at a '.' or a number although they belong inside
# the clause; masked to spaces of the same length so offsets stay true.
_NEUTRAL = re.compile(
    r"\b(?:approx|ca|appr)\.|\b[1-9]00[\s-]*cells?\b|\b[1-9]00[\s-]*count\b", re.I
)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(0) == "." and _is_abbreviation(text, match.start()):
            continue
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [span for span in spans if text[span[0] : span[1]].strip()]


def neutral(text: str) -> str:
    """``text`` with "approx." and "500-cell" blanked, same length."""
    return _NEUTRAL.sub(lambda match: " " * len(match.group(0)), text)


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    return word is not None and word.group(1).lower() in _ABBREVIATIONS
