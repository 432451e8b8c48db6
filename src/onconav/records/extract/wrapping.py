"""Sentences that narrow columns wrap over several lines, put back together.

A PDF column or a scanned page breaks "megakaryocytic dysplasia in about\\n60% of
megakaryocytes" in two, and a reader working line by line loses the number, or a negation
("Erythroid and myeloid lineages with\\nno dysplasia") loses the words it applies to. A line
continues on the next when it ends without a sentence mark and either ends with a comma, a
hyphen or a word that cannot end a sentence ("and", "of", "with" ...), or the next line
starts in lower case, with "(", a percentage or a year closing a phrase ("WHO\\n2022,").
Headings ("IRON STAIN", "Conclusion:"), labelled fields ("Megakaryocytes: ...") and table
rows (which start with a capitalised label) stay lines of their own.

A joined line keeps its page offsets: its text is the page text with each line break
replaced by a space, so spans and provenance still point at the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from onconav.records.extract.source import Line

_SENTENCE_END = re.compile(r"[.:;!?]\s*$")
_OPEN_END = re.compile(
    r"(?:,|(?<=[A-Za-z])-|\b(?:and|or|of|in|with|without|the|a|an|to|for|by|at|from|no|not|nor"
    r"|are|is|was|were|than|on|per|as|show|shows|showed|showing|including|approximately|between"
    r"|about|around|roughly|only|but|into|within|under|over|less|more|fewer|greater"
    r"|diagnosed|started|stopped|discontinued|ended|completed|since|until|dated|collected"
    r"|reported|received|taken|drawn|obtained|performed"
    # a date broken before its year: "The marrow of 16 April" / "2024 showed ..."
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?))\s*$",
    re.I,
)
# A continuation starts in lower case, with '(', a percentage, or a year closing a phrase
# ("... (MDS-LB), WHO\n2022, diagnosed ...").
_CONTINUATION_START = re.compile(
    r"^\s*(?:[a-z(]|[<>≤≥~]?\s*\d+(?:[.,]\d+)?\s*%|(?:19|20)\d{2}\s*[,;)])"
)


# "Megakaryocytes: ..." under "Myeloid: ... in 35%,": a labelled field starts a line of its own.
_FIELD_START = re.compile(r"^\s*[A-Z][A-Za-z]+(?:\s+[A-Za-z]+){0,3}\s*:\s+\S")
# An ISCN FISH result starts in lower case ("nuc ish(...)") but is a line of its own.
_NOTATION_START = re.compile(r"^\s*(?:nuc\s*ish|ish\s*\()", re.I)


def join_wrapped(lines: Sequence[Line]) -> tuple[Line, ...]:
    """``lines`` (one page, in order) with wrapped continuations joined to their start."""
    joined: list[Line] = []
    group: list[Line] = []
    for line in lines:
        if group and _continues(group[-1].text, line.text):
            group.append(line)
            continue
        if group:
            joined.append(_join(group))
        group = [line]
    if group:
        joined.append(_join(group))
    return tuple(joined)


def continues(previous: str, following: str) -> bool:
    """Whether the line ``following`` goes on with the sentence ``previous`` leaves open."""
    return _continues(previous, following)


def _continues(previous: str, following: str) -> bool:
    if not previous.strip() or not following.strip() or _SENTENCE_END.search(previous):
        return False
    if _NOTATION_START.match(following) or _FIELD_START.match(following):
        return False
    return bool(_OPEN_END.search(previous) or _CONTINUATION_START.match(following))


def _join(group: list[Line]) -> Line:
    if len(group) == 1:
        return group[0]
    first, last = group[0], group[-1]
    text = first.page.text[first.start : last.end].replace("\n", " ")
    return Line(page=first.page, number=first.number, start=first.start, text=text)
