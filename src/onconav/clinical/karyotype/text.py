"""Text normalisation shared by the karyotype and FISH readers.

Reports differ in letter case, spacing and dash characters; ISCN itself does not depend on
any of them (ISCN 2020 uses lower-case abbreviations and upper-case X/Y, which is
unambiguous once lower-cased). Positions in the normalised text map back to the original
so errors point at what the person typed.
"""

from __future__ import annotations

_DASHES = "\u2212\u2013\u2014\u2010\u2011\ufe63\uff0d"
_TRANSLATION: dict[int, str | None] = {ord(c): "-" for c in _DASHES}
_TRANSLATION.update({ord("\u00d7"): "x", ord("\u223c"): "~", ord("\uff5e"): "~"})
_TRANSLATION.update({ord(c): None for c in " \t\r\n\v\f\u00a0\u2009\u200b\u202f"})


def normalise(text: str) -> str:
    """Lower case, no whitespace, ASCII dashes/tilde/multiplication sign."""
    return text.translate(_TRANSLATION).lower()


def original_position(text: str, normalised_index: int) -> int:
    """The index in ``text`` of the character that became ``normalised_index``."""
    produced = 0
    for index, char in enumerate(text):
        produced += len(normalise(char))
        if produced > normalised_index:
            return index
    return len(text)
