"""Shared web fixtures: one answer engine per test run, and apps on temporary homes.

Test clients should talk to ``https://localhost``: the Host check admits loopback names
only, and session cookies are Secure, so a plain-HTTP client never sends them back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from onconav.answer.engine import AnswerEngine
from onconav.settings import Settings
from onconav.web.app import create_app

AppFactory = Callable[..., FastAPI]


@pytest.fixture(autouse=True)
def _no_onconav_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The developer's own ONCONAV_* settings (and config file) must not reach the app."""
    for name in [n for n in os.environ if n.startswith("ONCONAV_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ONCONAV_HOME", str(tmp_path / "environment-home"))


@pytest.fixture(scope="session")
def web_engine(tmp_path_factory: pytest.TempPathFactory) -> AnswerEngine:
    """The bundled knowledge base, its index built once for all web tests."""
    return AnswerEngine.open(Settings(home=tmp_path_factory.mktemp("web-engine")))


@pytest.fixture
def app_factory(tmp_path: Path, web_engine: AnswerEngine) -> Iterator[AppFactory]:
    """``make(mode="local", **settings)``: an app on its own fresh home."""
    made: list[FastAPI] = []

    def make(mode: str = "local", **overrides: Any) -> FastAPI:
        overrides.setdefault("home", tmp_path / f"home-{len(made)}")
        app = create_app(Settings(web_mode=mode, **overrides), engine=web_engine)
        made.append(app)
        return app

    yield make
    for app in made:
        app.state.onconav.jobs.shutdown()
        app.state.onconav.store.close()
