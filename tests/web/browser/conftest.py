"""Browser tests: the real server (``onconav serve``) driven by Debian's chromium.

The server runs in its own process on a free port with a temporary ONCONAV_HOME. Chromium
is never downloaded (no ``playwright install``): without /usr/bin/chromium these tests are
skipped with the reason, except where ONCONAV_REQUIRE_BROWSER is set (CI sets it), because
there a missing browser means the browser tests silently stopped running.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from live_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    ConsoleErrors,
    Server,
    Shots,
    new_page,
    start_server,
    wait_until_up,
)
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

if not CHROMIUM.exists():
    if os.environ.get("ONCONAV_REQUIRE_BROWSER"):
        raise RuntimeError(f"ONCONAV_REQUIRE_BROWSER is set but {CHROMIUM} does not exist")
    pytest.skip(
        f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium); "
        "CI installs it",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    """A local-mode and a multi-user server, started together (each builds its index)."""
    started = [
        start_server(tmp_path_factory.mktemp(f"serve-{mode}") / "home", mode)
        for mode in ("local", "multi")
    ]
    try:
        for process, server in started:
            wait_until_up(process, server, timeout=180)
        yield {server.mode: server for _, server in started}
    finally:
        for process, _ in started:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def local_server(servers: dict[str, Server]) -> Server:
    return servers["local"]


@pytest.fixture(scope="session")
def multi_server(servers: dict[str, Server]) -> Server:
    return servers["multi"]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    return Shots(request.node.name.replace("[", "-").replace("]", ""))


@pytest.fixture
def desktop(chromium: Browser) -> Iterator[tuple[Page, ConsoleErrors]]:
    page, errors = new_page(chromium, DESKTOP)
    yield page, errors
    page.context.close()


@pytest.fixture
def phone(chromium: Browser) -> Iterator[tuple[Page, ConsoleErrors]]:
    page, errors = new_page(chromium, PHONE)
    yield page, errors
    page.context.close()
