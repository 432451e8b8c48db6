"""A drug's generic name from how a record names it ("azacitidine 100 MG Injection",
"lenalidomide 10 MG Oral Capsule [Revlimid]"): the words before the strength or dose
form, lower case. A brand name alone stays the brand name; mapping brands to generics
is left to the profile, which knows the drugs it cares about."""

from __future__ import annotations

import re

_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_STOP_WORDS = frozenset(
    """oral injection injectable solution suspension tablet tablets capsule capsules
    subcutaneous intravenous iv sc po powder for vial kit pen syringe prefilled cream
    extended release delayed chewable film coated infusion concentrate lyophilized""".split()
)


def generic_name(text: str) -> str | None:
    words: list[str] = []
    for word in _BRACKETS.sub(" ", text).replace("/", " / ").split():
        lowered = word.lower().strip(",;:")
        if any(c.isdigit() for c in lowered) or lowered in _STOP_WORDS or lowered == "/":
            break
        words.append(lowered)
    name = " ".join(words).strip(" -")
    return name or None
