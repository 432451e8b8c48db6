"""Builds the embedded index for a knowledge base, once per content version.

The index lives in ``$ONCONAV_HOME/index/<content-hash>/``; a changed article
gives a new hash and so a fresh build. Builds write to a temporary folder and
rename it into place, so a crash never leaves a half-built index behind.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import numpy as np

from onconav.kb.loader import load_bundled
from onconav.kb.model import KnowledgeBase
from onconav.search.embedded import EmbeddedIndex, passage_document
from onconav.search.embedder import Embedder
from onconav.settings import Settings

INDEX_FORMAT = "2"


def index_path(settings: Settings, kb: KnowledgeBase) -> Path:
    return settings.index_dir / f"{kb.content_hash[:16]}-v{INDEX_FORMAT}"


def build_index(kb: KnowledgeBase, target: Path, embedder: Embedder) -> None:
    passages = kb.passages()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        connection = sqlite3.connect(staging / "passages.sqlite")
        with connection:
            connection.execute(
                "CREATE VIRTUAL TABLE passages USING fts5("
                "passage_id UNINDEXED, disease UNINDEXED, title, heading, body, topics, "
                "tokenize = 'porter unicode61')"
            )
            connection.executemany(
                "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.id,
                        p.disease.value,
                        p.article_title,
                        p.heading,
                        p.text,
                        " ".join(t.replace("-", " ") for t in p.topics),
                    )
                    for p in passages
                ],
            )
        connection.close()
        vectors = embedder.encode([passage_document(p) for p in passages])
        np.save(staging / "vectors.npy", vectors)
        meta = {
            "content_hash": kb.content_hash,
            "passage_ids": [p.id for p in passages],
            "diseases": [p.disease.value for p in passages],
        }
        (staging / "meta.json").write_text(json.dumps(meta))
        try:
            os.replace(staging, target)
        except OSError:
            # Another process finished the same build first; its copy is identical.
            if not (target / "meta.json").is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def ensure_index(settings: Settings, kb: KnowledgeBase | None = None) -> tuple[Path, bool]:
    """The index folder for the current content, and whether it had to be built."""
    kb = kb or load_bundled()
    target = index_path(settings, kb)
    if (target / "meta.json").is_file():
        return target, False
    build_index(kb, target, Embedder.load())
    _remove_stale(target)
    return target, True


def open_index(settings: Settings, kb: KnowledgeBase, embedder: Embedder) -> EmbeddedIndex:
    target = index_path(settings, kb)
    if not (target / "meta.json").is_file():
        build_index(kb, target, embedder)
        _remove_stale(target)
    return EmbeddedIndex.open(target, embedder)


def _remove_stale(current: Path) -> None:
    for other in current.parent.iterdir():
        if other != current and other.is_dir() and not other.name.startswith(".building-"):
            shutil.rmtree(other, ignore_errors=True)
