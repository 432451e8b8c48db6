"""A name repeated in brackets right after itself ("Absolute Neutrophil Count (ANC)",
"azacitidine (Vidaza)") is one mention, not two: the bracketed one is dropped."""

from __future__ import annotations

import re
from collections.abc import Callable


def without_bracketed_aliases(
    text: str,
    mentions: list[re.Match[str]],
    before_bracket: re.Pattern[str],
    same_thing: Callable[[re.Match[str], re.Match[str]], bool] = lambda first, alias: True,
) -> list[re.Match[str]]:
    """``mentions`` less each one in brackets right after the mention kept before it, where
    ``before_bracket`` matches all that stands between that mention and the alias (the
    opening bracket included) and ``same_thing`` says the two name the same thing."""
    kept: list[re.Match[str]] = []
    for mention in mentions:
        if (
            kept
            and same_thing(kept[-1], mention)
            and before_bracket.fullmatch(text, kept[-1].end(), mention.start())
            and re.match(r"\s*\)", text[mention.end() :])
        ):
            continue
        kept.append(mention)
    return kept
