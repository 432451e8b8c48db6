"""The seam for an optional language model that rephrases retrieved passages.

A rephraser may only reword an item of a retrieved, cited passage: it receives
the item text and returns new wording for the same statement. It never adds
facts or sources; the citation stays attached to the item it came from. The
default does nothing, so onconav works fully offline.
"""

from __future__ import annotations

from typing import Protocol


class Rephraser(Protocol):
    def rephrase(self, text: str, *, question: str) -> str: ...


class NoRephrasing:
    def rephrase(self, text: str, *, question: str) -> str:
        return text
