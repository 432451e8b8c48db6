"""The embedded index: SQLite FTS5 (BM25) for words, a numpy matrix for meaning.

Both halves are fused with reciprocal-rank fusion (Cormack, Clarke & Büttcher,
SIGIR 2009), which needs no score calibration between BM25 and cosine scores.
Nothing here talks to a server or the network.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import numpy as np
from numpy.typing import NDArray

from onconav.kb.model import Passage
from onconav.search.embedder import Embedder
from onconav.search.index import Hit
from onconav.search.synonyms import expand

# Reciprocal-rank fusion constant; 60 is the value from the original paper.
RRF_K = 60
# Relative weight of each half in the fusion (see bench/bench_retrieval.py).
LEXICAL_WEIGHT = 1.0
DENSE_WEIGHT = 1.0
# Candidates taken from each half before fusion.
CANDIDATES = 50
_WORD = re.compile(r"[0-9a-z]+(?:[.'][0-9a-z]+)*")
_STOPWORDS = frozenset(
    """a about after again all am an and any are as at be because been before being but by
    can could did do does doing don down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most
    my myself no nor not of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to
    too under until up very was we were what when where which while who whom why will
    with would you your yours mine im ive id dont without tell please know get got""".split()
)


def passage_document(passage: Passage) -> str:
    """The text a passage is found by: its article, its heading and its body."""
    return f"{passage.article_title}. {passage.heading}. {passage.text}"


def query_terms(query: str) -> list[str]:
    terms: list[str] = []
    # Contractions and possessives ("what's", "mom's") carry no search meaning.
    text = re.sub(r"['’](s|t|re|ve|ll|d|m)\b", "", query.lower())
    for word in _WORD.findall(text):
        if word in _STOPWORDS or word in terms:
            continue
        terms.append(word)
    return terms


def fts_query(terms: Iterable[str]) -> str:
    # Quoted terms cannot be read as FTS5 syntax; OR keeps recall for long questions.
    return " OR ".join(f'"{term}"' for term in terms)


class EmbeddedIndex:
    def __init__(
        self,
        connection: sqlite3.Connection,
        passage_ids: list[str],
        diseases: list[str],
        vectors: NDArray[np.float32],
        embedder: Embedder,
    ) -> None:
        self._db = connection
        self._ids = passage_ids
        self._diseases = np.array(diseases)
        self._vectors = vectors
        self._embedder = embedder

    @classmethod
    def open(cls, directory: Path, embedder: Embedder) -> EmbeddedIndex:
        meta = json.loads((directory / "meta.json").read_text())
        # Read-only: the index is immutable once built, and several threads may read it.
        uri = f"file:{quote(str(directory / 'passages.sqlite'))}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        vectors = np.load(directory / "vectors.npy")
        return cls(connection, meta["passage_ids"], meta["diseases"], vectors, embedder)

    def search(
        self,
        query: str,
        k: int = 20,
        *,
        diseases: Collection[str] | None = None,
        mode: Literal["hybrid", "lexical", "dense"] = "hybrid",
    ) -> list[Hit]:
        lexical = self._lexical(query, diseases) if mode != "dense" else []
        dense, similarities = self._dense(query, diseases) if mode != "lexical" else ([], None)
        fused: dict[int, float] = {}
        for rank, row in enumerate(lexical):
            fused[row] = fused.get(row, 0.0) + LEXICAL_WEIGHT / (RRF_K + rank + 1)
        for rank, row in enumerate(dense):
            fused[row] = fused.get(row, 0.0) + DENSE_WEIGHT / (RRF_K + rank + 1)
        lexical_rank = {row: rank for rank, row in enumerate(lexical)}
        dense_rank = {row: rank for rank, row in enumerate(dense)}
        ordered = sorted(fused.items(), key=lambda pair: -pair[1])[:k]
        return [
            Hit(
                passage_id=self._ids[row],
                score=score,
                lexical_rank=lexical_rank.get(row),
                dense_rank=dense_rank.get(row),
                dense_similarity=float(similarities[row]) if similarities is not None else None,
            )
            for row, score in ordered
        ]

    def similarity(self, query: str) -> NDArray[np.float32]:
        """Cosine similarity of the query to every passage (for scope decisions)."""
        vector = self._embedder.encode([query])[0]
        similarities: NDArray[np.float32] = self._vectors @ vector
        return similarities

    def term_coverage(self, query: str) -> float:
        """Share of the question's content words that occur anywhere in the knowledge base."""
        terms = query_terms(query)
        if not terms:
            return 0.0
        found = sum(
            self._db.execute(
                "SELECT 1 FROM passages WHERE passages MATCH ? LIMIT 1", (fts_query([term]),)
            ).fetchone()
            is not None
            for term in terms
        )
        return found / len(terms)

    def _lexical(self, query: str, diseases: Collection[str] | None) -> list[int]:
        terms = query_terms(expand(query))
        if not terms:
            return []
        sql = (
            "SELECT rowid - 1 FROM passages WHERE passages MATCH ? "
            "ORDER BY bm25(passages, 0.0, 0.0, 2.0, 3.0, 1.0, 2.0) LIMIT ?"
        )
        rows = [r[0] for r in self._db.execute(sql, (fts_query(terms), CANDIDATES * 2))]
        if diseases is not None:
            allowed = set(diseases)
            rows = [r for r in rows if self._diseases[r] in allowed]
        return rows[:CANDIDATES]

    def _dense(
        self, query: str, diseases: Collection[str] | None
    ) -> tuple[list[int], NDArray[np.float32] | None]:
        similarities = self.similarity(query)
        if not similarities.any():
            return [], None
        scores = similarities.copy()
        if diseases is not None:
            scores[~np.isin(self._diseases, list(diseases))] = -np.inf
        count = min(CANDIDATES, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top])]
        return [int(row) for row in top if np.isfinite(scores[row])], similarities
