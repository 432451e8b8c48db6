from __future__ import annotations

from pathlib import Path

import pytest

from onconav.answer.engine import AnswerEngine
from onconav.kb.loader import load
from onconav.search.build import build_index
from onconav.search.embedded import EmbeddedIndex
from onconav.search.embedder import Embedder
from onconav.settings import Settings

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder.load()


@pytest.fixture(scope="session")
def fixture_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> AnswerEngine:
    kb, problems = load(FIXTURE_CONTENT)
    assert not [p for p in problems if p.level == "error"]
    home = tmp_path_factory.mktemp("home")
    build_index(kb, home / "index", embedder)
    settings = Settings(home=home, emergency_number="911")
    return AnswerEngine(settings, kb, EmbeddedIndex.open(home / "index", embedder))
