"""``onconav records``: add a person's records, list them, show one with its facts marked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from onconav.cli.output import (
    EXIT_FAILED,
    EXIT_USAGE,
    OutputFormat,
    fail,
    stderr_console,
    stdout_console,
)
from onconav.cli.patients import open_store, patient_context
from onconav.report.fact_kinds import kind_label

app = typer.Typer(help="Add, list and show a person's medical records.", no_args_is_help=True)

PatientOption = Annotated[str, typer.Option("--patient", "-p", help="Whose records, e.g. P or Mum")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="text (default) or json")]


@app.command("add")
def add_command(
    files: Annotated[
        list[Path], typer.Argument(help="Files: PDF, scans, DOCX, text, FHIR, C-CDA, zip")
    ],
    patient: PatientOption,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Read records and store what they say, with where each value came from.

    Each file is stored with all its facts or not at all; a file that cannot be read gets
    a clear message and the others continue. Exit code 1 if any file could not be added.
    """
    from onconav.service.records import add_records

    inputs: list[tuple[str, bytes]] = []
    problems: list[dict[str, str]] = []
    for path in files:
        try:
            inputs.append((path.name, path.read_bytes()))
        except FileNotFoundError:
            problems.append({"name": str(path), "error": "No such file."})
        except IsADirectoryError:
            problems.append({"name": str(path), "error": "This is a folder; give the files in it."})
        except OSError as error:
            problems.append(
                {"name": str(path), "error": f"Could not read the file ({error.strerror})."}
            )
    console = stdout_console()
    with (
        patient_context(patient, create=True) as context,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=stderr_console(),
            transient=True,
            disable=output_format is OutputFormat.JSON,
        ) as bar,
    ):

        def progress_for(name: str):  # type: ignore[no-untyped-def]
            task = bar.add_task(escape(name), total=None)

            def report(stage: str, done: int, total: int) -> None:
                bar.update(
                    task,
                    description=f"{escape(name)}: {stage}",
                    completed=done,
                    total=total or None,
                )

            return report

        results = add_records(
            context.store,
            context.settings,
            context.actor_id,
            context.patient,
            inputs,
            progress_for,
        )
    failed = problems + [
        {"name": r.name, "error": r.error or ""} for r in results if r.status == "error"
    ]
    if output_format is OutputFormat.JSON:
        payload = {
            "patient": patient,
            "files": [
                {
                    "name": r.name,
                    "status": r.status,
                    "error": r.error,
                    "documents": [
                        {
                            "id": d.document.id,
                            "name": d.document.name,
                            "format": d.document.format.value,
                            "pages": d.document.page_count,
                            "found": d.found,
                            "warnings": list(d.document.warnings),
                            "facts": [f.model_dump(mode="json") for f in d.facts],
                        }
                        for d in r.documents
                    ],
                }
                for r in results
            ]
            + [
                {"name": p["name"], "status": "error", "error": p["error"], "documents": []}
                for p in problems
            ],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for result in results:
            if result.status == "error":
                continue
            for document in result.documents:
                found = (
                    ", ".join(
                        f"{count} {kind_label(kind)}" for kind, count in document.found.items()
                    )
                    or "no values recognised"
                )
                state = "already added" if result.status == "already added" else "added"
                console.print(
                    f"[green]✓[/] {escape(document.document.name)} ({document.document.page_count} "
                    f"page(s), {state}, id {document.document.id}): {escape(found)}"
                )
                for warning in document.document.warnings:
                    console.print(f"    [yellow]note:[/] {escape(warning)}")
        for problem in failed:
            console.print(f"[red]✗[/] {escape(problem['name'])}: {escape(problem['error'])}")
    if failed:
        raise typer.Exit(EXIT_FAILED)


@app.command("list")
def list_command(patient: PatientOption, output_format: FormatOption = OutputFormat.TEXT) -> None:
    """List the documents stored for a person."""
    with patient_context(patient) as context:
        documents = context.store.list_documents(context.actor_id, context.patient.id)
    if output_format is OutputFormat.JSON:
        print(json.dumps([d.model_dump(mode="json") for d in documents], indent=2))
        return
    console = stdout_console()
    if not documents:
        console.print(f"No documents for {escape(patient)} yet.")
    for document in documents:
        console.print(
            f"{document.id}  {escape(document.name)}  ({document.format.value}, "
            f"{document.page_count} page(s), added {document.created_at:%d %b %Y})"
        )


@app.command("show")
def show_command(
    document_id: Annotated[str, typer.Argument(help="Document id (see onconav records list)")],
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show a document's text with the extracted values marked, and the values found."""
    from onconav.store import NotFoundError, PermissionDenied

    with open_store() as (_, store, actor):
        try:
            document = store.get_document(actor, document_id)
        except (NotFoundError, PermissionDenied):
            fail(f"No document with id {document_id!r}. See onconav records list.", EXIT_USAGE)
        pages = store.document_pages(actor, document_id)
        facts = [s.fact for s in store.facts(actor, document.patient_id, document_id=document_id)]
    if output_format is OutputFormat.JSON:
        print(
            json.dumps(
                {
                    "document": document.model_dump(mode="json"),
                    "pages": [p.model_dump(mode="json") for p in pages],
                    "facts": [f.model_dump(mode="json") for f in facts],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    console = stdout_console()
    console.print(f"[bold]{escape(document.name)}[/] ({document.format.value}, id {document.id})")
    for page in pages:
        console.print(f"\n[bold]— page {page.number} ({page.method}) —[/]")
        text = Text(page.text)
        for fact in facts:
            where = fact.provenance
            if where.page == page.number and where.start is not None and where.end is not None:
                text.stylize("bold black on yellow", where.start, where.end)
        console.print(text)
    console.print(f"\n[bold]Values found ({len(facts)}):[/]")
    for fact in facts:
        unit = f" {fact.unit}" if fact.unit else ""
        date = f", {fact.date:%d %b %Y}" if fact.date else ""
        flags = f"  [yellow]({', '.join(fact.flags)})[/]" if fact.flags else ""
        line = f" line {fact.provenance.line}" if fact.provenance.line else ""
        console.print(
            f"  {escape(fact.name)}: {escape(str(fact.value))}{escape(unit)}{escape(date)}"
            f"  — page {fact.provenance.page}{line}{flags}"
        )
