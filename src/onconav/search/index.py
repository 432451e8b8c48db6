"""The search protocol every backend implements, and its result type."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Hit:
    passage_id: str
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense_similarity: float | None = None


class Index(Protocol):
    def search(
        self, query: str, k: int = 20, *, diseases: Collection[str] | None = None
    ) -> list[Hit]:
        """Best passages first; ``diseases`` limits results to those disease tags."""
        ...
