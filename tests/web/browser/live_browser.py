"""The real server in its own process, Debian's chromium, and screenshots of each step."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Server:
    url: str
    mode: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(home: Path, mode: str) -> tuple[subprocess.Popen[bytes], Server]:
    """``onconav serve`` on a free port, with ``home`` as ONCONAV_HOME and nothing else set."""
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ONCONAV_")}
    environment["ONCONAV_HOME"] = str(home)
    command = Path(sys.executable).parent / "onconav"
    log = (home.parent / f"server-{mode}.log").open("wb")
    process = subprocess.Popen(
        [str(command), "serve", "--port", str(port), "--mode", mode],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, Server(f"http://127.0.0.1:{port}", mode)


def wait_until_up(process: subprocess.Popen[bytes], server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"onconav serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"onconav serve did not answer within {timeout:.0f} s")


class Shots:
    """Screenshots of each step, kept in test-artifacts/screenshots/ for people to look at."""

    def __init__(self, test_name: str) -> None:
        self.prefix = test_name.removeprefix("test_")
        self.count = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(self, page: Page, step: str, *, full_page: bool = True) -> Path:
        self.count += 1
        path = SCREENSHOTS / f"{self.prefix}-{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


class ConsoleErrors(list[str]):
    """Errors the page logged (a CSP violation shows up here)."""


def new_page(chromium: Browser, viewport: dict[str, int]) -> tuple[Page, ConsoleErrors]:
    context = chromium.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    errors = ConsoleErrors()

    def on_console(message: object) -> None:
        if getattr(message, "type", "") == "error":
            errors.append(str(getattr(message, "text", message)))

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors
