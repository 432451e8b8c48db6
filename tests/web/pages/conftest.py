"""Page tests: the real app (real store, real answer engine) through the ASGI test client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from html_checks import problems
from pages_client import AppFactory, Browser

from onconav.answer.engine import AnswerEngine
from onconav.settings import Settings
from onconav.web.app import create_app


@pytest.fixture(scope="session")
def engine(web_engine: AnswerEngine) -> AnswerEngine:
    """The answer engine shared by all web tests (tests/web/conftest.py builds it once).

    That conftest also keeps the developer's own ONCONAV_* settings away from the apps.
    """
    return web_engine


@pytest.fixture
def open_app(engine: AnswerEngine, tmp_path: Path) -> Iterator[AppFactory]:
    """Start an app (local or multi mode) on a fresh data directory; browsers share it."""
    clients: list[TestClient] = []
    apps: dict[str, Any] = {}

    def factory(mode: str = "local", **settings: Any) -> Browser:
        if mode not in apps:
            home = tmp_path / f"home-{mode}"
            config = Settings(home=home, web_mode=mode, **settings)
            apps[mode] = create_app(config, engine=engine)
        client = TestClient(apps[mode], base_url="https://127.0.0.1")
        client.__enter__()
        clients.append(client)
        return Browser(client)

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def browser(open_app: AppFactory) -> Browser:
    """A visitor of a local-mode app (no sign-in)."""
    return open_app()


@pytest.fixture
def check_page() -> Callable[..., None]:
    def check(response: httpx.Response, *, status: int = 200, fragment: bool = False) -> None:
        assert response.status_code == status, response.text[:2000]
        assert response.headers["content-type"].startswith("text/html")
        found = problems(response.text, fragment=fragment)
        assert not found, found

    return check
