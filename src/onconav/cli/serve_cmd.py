"""``onconav serve``: the web app on http://127.0.0.1:8000 (local mode) or a hosted server."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from onconav.cli.output import EXIT_USAGE, fail, stderr_console


class _NoQueryStrings(logging.Filter):
    """Access logs keep method, path and status, never query strings (they may hold questions)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            args[2] = str(args[2]).split("?", 1)[0]
            record.args = tuple(args)
        return True


def serve_command(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000)")] = None,
    mode: Annotated[
        str | None, typer.Option(help="local (one person, no sign-in) or multi (accounts)")
    ] = None,
) -> None:
    """Start the web app. Local mode serves only this computer and needs no sign-in."""
    import uvicorn

    from onconav.settings import load_settings
    from onconav.web.app import create_app
    from onconav.web.security import StartupRefusedError

    overrides: dict[str, object] = {}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    if mode is not None:
        if mode not in {"local", "multi"}:
            fail("--mode must be local or multi.", EXIT_USAGE)
        overrides["web_mode"] = mode
    settings = load_settings(**overrides)
    try:
        app = create_app(settings)
    except StartupRefusedError as error:
        fail(str(error), EXIT_USAGE)
    logging.getLogger("uvicorn.access").addFilter(_NoQueryStrings())
    url = f"http://{settings.host}:{settings.port}"
    stderr_console().print(
        f"onconav is running at [bold]{url}[/] ({settings.web_mode} mode). Press Ctrl+C to stop."
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
