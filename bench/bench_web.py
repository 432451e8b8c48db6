"""Web load: concurrent POST /api/v1/ask against a running ``onconav serve``.

The server is started as people start it (``onconav serve``, one uvicorn process, local
mode) on a free port with a temporary ONCONAV_HOME, warmed with each question once, then
``CLIENTS`` concurrent clients (each with its own session and CSRF token) send
``REQUESTS`` asks, cycling through the eval questions, so most answers are repeats.

Targets (issue 6, on the 2-core reference machine): ≥ 100 requests/s, p95 ≤ 300 ms. The
load generator runs on the same two cores as the server, so the figures are a floor.
"""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.figures import Figure

CLIENTS = 32
REQUESTS = 2000
START_TIMEOUT_SECONDS = 120
CSRF_HEADER = "x-csrf-token"

# httpcore tries `import sniffio` on every lock it takes; without sniffio installed each
# failed import searches sys.path again, and the load generator then spends more CPU than
# the server it measures. A None entry makes the import fail at once, as it would anyway.
if importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]


def run() -> list[Figure]:
    from onconav.eval.runner import load_questions
    from onconav.search.build import ensure_index
    from onconav.settings import Settings

    questions = [q.question for q in load_questions()]
    with tempfile.TemporaryDirectory() as home:
        ensure_index(Settings(home=Path(home)))  # built once, as `make run` does
        port = _free_port()
        server = _start_server(home, port)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, server)
            latencies, seconds, failures = asyncio.run(_load(base, questions))
        finally:
            server.terminate()
            server.wait(timeout=30)
    percentiles = statistics.quantiles(latencies, n=100)
    return [
        Figure(
            f"ask throughput ({CLIENTS} clients, {REQUESTS} requests)",
            REQUESTS / seconds,
            "requests/s",
            target=100,
        ),
        Figure("ask latency p50", statistics.median(latencies), "ms"),
        Figure("ask latency p95", percentiles[94], "ms", target=300, better="lower"),
        Figure("failed requests", failures, "requests", target=0, better="lower"),
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_server(home: str, port: int) -> subprocess.Popen[bytes]:
    executable = Path(sys.executable).with_name("onconav")
    env = {**os.environ, "ONCONAV_HOME": home}
    return subprocess.Popen(
        [str(executable), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise RuntimeError(f"onconav serve exited early: {error}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"onconav serve did not answer within {START_TIMEOUT_SECONDS} s")


async def _session(client: httpx.AsyncClient) -> dict[str, str]:
    # The session cookie is Secure; httpx will not send it back over plain HTTP by itself
    # (browsers do for 127.0.0.1), so each client carries its cookie explicitly.
    response = await client.get("/api/v1/session")
    response.raise_for_status()
    cookie = response.headers["set-cookie"].split(";", 1)[0]
    return {"cookie": cookie, CSRF_HEADER: response.json()["csrf_token"]}


async def _load(base: str, questions: list[str]) -> tuple[list[float], float, int]:
    # One connection per client, as a browser tab keeps: a shared pool of 32 costs the load
    # generator more CPU (httpcore rescans the pool for every request) than the server uses.
    clients = [httpx.AsyncClient(base_url=base, timeout=30) for _ in range(CLIENTS)]
    try:
        warm_headers = await _session(clients[0])
        for question in questions:
            warm = await clients[0].post(
                "/api/v1/ask", json={"question": question}, headers=warm_headers
            )
            warm.raise_for_status()
        sessions = await asyncio.gather(*(_session(client) for client in clients))
        order = itertools.cycle(questions)
        remaining = iter(range(REQUESTS))
        latencies: list[float] = []
        failures = 0

        async def one_client(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
            nonlocal failures
            for _ in remaining:
                question = next(order)
                began = time.perf_counter()
                response = await client.post(
                    "/api/v1/ask", json={"question": question}, headers=headers
                )
                await response.aread()
                latencies.append((time.perf_counter() - began) * 1000)
                failures += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(one_client(c, h) for c, h in zip(clients, sessions, strict=True)))
        seconds = time.perf_counter() - started
    finally:
        for client in clients:
            await client.aclose()
    return latencies, seconds, failures
