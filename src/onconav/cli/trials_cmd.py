"""``onconav trials --patient P``: a ClinicalTrials.gov search from the profile."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from onconav.cli.output import EXIT_USAGE, OutputFormat, fail, stdout_console
from onconav.cli.patients import patient_context


def trials_command(
    patient: Annotated[str, typer.Option("--patient", "-p", help="Whose records to search from")],
    zip_code: Annotated[
        str | None, typer.Option("--zip", help="Search near this US ZIP code")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (default) or json")
    ] = OutputFormat.TEXT,
) -> None:
    """Build a ClinicalTrials.gov search from the diagnosis, risk, mutations and ZIP.

    This is a search, not a match: it does not check any trial's eligibility criteria.
    """
    from onconav.guidance.trials import trial_search
    from onconav.service.guidance import patient_situation

    if zip_code is not None and not (zip_code[:5].isdigit() and len(zip_code) in {5, 10}):
        fail("ZIP codes have five digits, like 94110.", EXIT_USAGE)
    with patient_context(patient) as context:
        situation = patient_situation(context.store, context.actor_id, context.patient)
    search = trial_search(situation, zip_code=zip_code[:5] if zip_code else None)
    if output_format is OutputFormat.JSON:
        print(json.dumps(search.model_dump(mode="json"), indent=2))
        return
    console = stdout_console()
    console.print(f"[bold]Search ClinicalTrials.gov:[/] {escape(search.url)}")
    console.print(escape(search.explanation))
    console.print("\n[bold]Questions to ask about a trial[/]")
    for question in search.questions:
        console.print(f"  - {escape(question)}")
