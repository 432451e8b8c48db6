"""Shared command-line output conventions: formats, exit codes, error messages."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import NoReturn

from rich.console import Console

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a message a person can act on and exit with a meaningful code."""
    stderr_console().print(f"[bold red]Error:[/] {message}", markup=True)
    sys.exit(code)
