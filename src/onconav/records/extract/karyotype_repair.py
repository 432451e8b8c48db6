"""Repairs of OCR damage to an ISCN karyotype, made only where a single reading exists.

- A cell count that ends the text with its ']' read as '1', 'l', 'I', '|', ')' or '}':
  ``[121`` → ``[12]`` (a count of three digits does not occur in a karyotype of 20-30
  metaphases) and ``[20l`` → ``[20]``. ``[21`` is left alone: it may be [2] or [21].
- The letter O for the digit 0 inside a cell count: ``[2O]`` → ``[20]``.
- The letter l (or I, |) for the digit 1 inside a band: ``(ql3q33)`` → ``(q13q33)``; bands
  are digits after p or q, so no letter can belong there.

Each repair is named, so the fact can show what was changed.
"""

from __future__ import annotations

import re

_TRAILING_COUNT_DIGIT = re.compile(r"\[(?P<cp>cp)?(?P<count>\d{2})[1lI|]$")
_TRAILING_COUNT_MARK = re.compile(r"\[(?P<cp>cp)?(?P<count>\d{1,2})[lI|)}]$")
_COUNT_WITH_O = re.compile(r"\[(?P<cp>cp)?(?P<count>[0-9Oo]*[Oo][0-9Oo]*)\]")
_PARENTHESES = re.compile(r"\((?P<inner>[^()]*)\)")
_BAND_ONE = re.compile(r"(?<=[pq0-9.])[lI|](?=[0-9.)pq;]|$)")
_BAND_GROUP = re.compile(r"[pq][0-9lI|.]*(?:[pq][0-9lI|.]*)*(?:;[pq][0-9lI|.]*)*")


def repair(text: str) -> tuple[str, tuple[str, ...]]:
    """The repaired text and the repairs made (empty when nothing was changed)."""
    repairs: list[str] = []
    repaired = text.rstrip()

    trailing = _TRAILING_COUNT_DIGIT.search(repaired) or _TRAILING_COUNT_MARK.search(repaired)
    if trailing is not None:
        fixed = f"[{trailing.group('cp') or ''}{trailing.group('count')}]"
        repairs.append(f"{trailing.group(0)} → {fixed}")
        repaired = repaired[: trailing.start()] + fixed

    def fix_count(match: re.Match[str]) -> str:
        fixed = (
            f"[{match.group('cp') or ''}{match.group('count').replace('O', '0').replace('o', '0')}]"
        )
        repairs.append(f"{match.group(0)} → {fixed}")
        return fixed

    repaired = _COUNT_WITH_O.sub(fix_count, repaired)

    def fix_band(match: re.Match[str]) -> str:
        inner = match.group("inner")
        if not _BAND_GROUP.fullmatch(inner) or not re.search(r"[lI|]", inner):
            return match.group(0)
        fixed_inner = _BAND_ONE.sub("1", inner)
        if fixed_inner == inner or re.search(r"[lI|]", fixed_inner):
            return match.group(0)
        repairs.append(f"({inner}) → ({fixed_inner})")
        return f"({fixed_inner})"

    repaired = _PARENTHESES.sub(fix_band, repaired)
    return repaired, tuple(repairs)
