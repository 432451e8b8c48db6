"""``onconav kb``: check and index the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from onconav.cli.output import EXIT_FAILED, OutputFormat, stdout_console

app = typer.Typer(help="Check and index the knowledge base.", no_args_is_help=True)


@app.command("check")
def check_command(
    content: Annotated[
        Path | None, typer.Option(help="Content folder (default: the bundled knowledge base)")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors")] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json")
    ] = OutputFormat.TEXT,
) -> None:
    """Validate articles and sources: every passage cites, every source resolves."""
    from onconav.kb.check import check

    report = check(content)
    failed = bool(report.errors) or (strict and bool(report.warnings))
    if output_format is OutputFormat.JSON:
        print(
            json.dumps(
                {
                    "ok": not failed,
                    "articles": report.articles,
                    "passages": report.passages,
                    "sources": report.sources,
                    "mean_passage_grade": report.mean_grade,
                    "errors": [vars(p) for p in report.errors],
                    "warnings": [vars(p) for p in report.warnings],
                },
                indent=2,
            )
        )
    else:
        console = stdout_console()
        for problem in report.problems:
            style = "red" if problem.level == "error" else "yellow"
            console.print(f"[{style}]{problem.level}[/]: {problem.where}: {problem.message}")
        console.print(
            f"{report.articles} articles, {report.passages} passages, {report.sources} sources; "
            f"mean passage reading grade {report.mean_grade}; "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        )
    if failed:
        raise typer.Exit(EXIT_FAILED)


@app.command("build")
def build_command() -> None:
    """Build (or reuse) the search index for the bundled knowledge base."""
    from onconav.search.build import ensure_index
    from onconav.settings import load_settings

    settings = load_settings()
    index_dir, built = ensure_index(settings)
    state = "built" if built else "up to date"
    stdout_console().print(f"Knowledge-base index {state}: {index_dir}")
