"""The one error the karyotype parser raises, worded for a person reading their report."""

from __future__ import annotations


class KaryotypeSyntaxError(ValueError):
    """The text could not be read as an ISCN karyotype.

    ``position`` is the 0-based index in the original text where reading stopped; the
    message counts characters from 1, as people do, and quotes the text around it.
    """

    def __init__(self, text: str, position: int, expected: str) -> None:
        self.text = text
        self.position = position
        self.expected = expected
        super().__init__(_message(text, position, expected))


def _message(text: str, position: int, expected: str) -> str:
    if not text.strip():
        return "the karyotype is empty"
    if position >= len(text):
        where = "at the end"
    else:
        start = max(0, position - 12)
        excerpt = text[start : position + 12]
        where = f'at character {position + 1} (near "{excerpt}")'
    return f"could not read the karyotype {where}: {expected}"
