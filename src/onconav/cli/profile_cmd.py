"""``onconav profile``: what the records say about a person, and corrections."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from onconav.cli.output import EXIT_USAGE, OutputFormat, fail, stdout_console
from onconav.cli.patients import patient_context

app = typer.Typer(
    help="A person's profile: latest values, timeline, warnings, missing items; corrections.",
    invoke_without_command=True,
)


@app.callback()
def profile_command(
    ctx: typer.Context,
    patient: Annotated[str | None, typer.Option("--patient", "-p", help="Whose profile")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (default) or json")
    ] = OutputFormat.TEXT,
) -> None:
    """Show every value with its source, the timeline, warnings and what is missing."""
    if ctx.invoked_subcommand is not None:
        return
    if patient is None:
        fail("Which person? Give --patient, e.g. onconav profile --patient P", EXIT_USAGE)
    from onconav.service.profile import load_profile
    from onconav.service.summaries import ProfileSummary

    with patient_context(patient) as context:
        profile = load_profile(context.store, context.actor_id, context.patient)
    if output_format is OutputFormat.JSON:
        summary = ProfileSummary.of(patient, profile)
        print(json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    console = stdout_console()
    console.print(
        f"[bold]Profile of {escape(patient)}[/] — information from your records, not advice."
    )
    for warning in profile.warnings:
        console.print(f"[bold yellow]Warning:[/] {escape(warning)}")
    for conflict in profile.conflicts:
        console.print(f"[yellow]Conflict:[/] {escape(conflict.message)}")
    if profile.needs_confirmation:
        console.print("[bold]Needs your confirmation[/] (not used in scores until confirmed):")
        for fact in profile.needs_confirmation:
            console.print(
                f"  {escape(fact.name)} {escape(str(fact.value))} ({', '.join(fact.flags)}) — "
                f"{escape(fact.provenance.document_name)} p.{fact.provenance.page}: "
                f'"{escape(fact.provenance.text.strip())}"'
            )
    console.print("\n[bold]Latest values[/]")
    for name, fact in sorted(profile.latest.items()):
        unit = f" {fact.unit}" if fact.unit else ""
        date = f" ({fact.date:%d %b %Y})" if fact.date else ""
        page = f" p.{fact.provenance.page}" if fact.provenance.page else ""
        corrected = " [cyan](your correction)[/]" if "user_corrected" in fact.flags else ""
        console.print(
            f"  {escape(name)}: {escape(str(fact.value))}{escape(unit)}{escape(date)} — "
            f"{escape(fact.provenance.document_name)}{page}{corrected}"
        )
    if profile.timeline:
        console.print("\n[bold]Timeline[/]")
        for event in profile.timeline:
            unit = f" {event.unit}" if event.unit else ""
            console.print(
                f"  {event.date:%Y-%m-%d}  {escape(event.name)}: {escape(str(event.value))}"
                f"{escape(unit)}  ({escape(event.document_name)})"
            )
    if profile.missing:
        console.print("\n[bold]Missing, and why it matters[/]")
        for item in profile.missing:
            console.print(f"  {escape(item.label)}: {escape(item.why)}")


@app.command("correct")
def correct_command(
    name: Annotated[str, typer.Argument(help="Value name, e.g. hemoglobin (see onconav profile)")],
    value: Annotated[str, typer.Argument(help="The right value, e.g. 9.6")],
    patient: Annotated[str, typer.Option("--patient", "-p", help="Whose record")],
    unit: Annotated[str | None, typer.Option(help="Unit, e.g. g/dL")] = None,
    date: Annotated[
        str | None, typer.Option(help="Date of the value to correct (YYYY-MM-DD)")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why you corrected it")] = None,
) -> None:
    """Correct or confirm a value. The original stays in the records, marked as corrected."""
    from onconav.service.corrections import CorrectionInputError, parse_date, parse_value
    from onconav.service.profile import CorrectionError, correct_value

    try:
        parsed = parse_value(value)
        parsed_date = parse_date(date)
    except CorrectionInputError as error:
        fail(str(error), EXIT_USAGE)
    with patient_context(patient) as context:
        try:
            stored = correct_value(
                context.store,
                context.actor_id,
                context.patient,
                name,
                parsed,
                unit=unit,
                date=parsed_date,
                note=note,
            )
        except CorrectionError as error:
            fail(str(error), EXIT_USAGE)
    original = stored.fact
    unit_text = f" {unit}" if unit else (f" {original.unit}" if original.unit else "")
    stdout_console().print(
        f"Corrected {escape(name)} to {escape(str(parsed))}{escape(unit_text)} "
        f"(was {escape(str(original.value))}{escape(' ' + original.unit if original.unit else '')}"
        f" in {escape(original.provenance.document_name)})."
    )
