"""The ``onconav`` command line."""

from onconav.cli.app import main

__all__ = ["main"]
