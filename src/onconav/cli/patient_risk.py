"""``onconav risk --patient P``: the scores from a person's records, with each input's source."""

from __future__ import annotations

import json

from rich.markup import escape

from onconav.cli.output import EXIT_FAILED, OutputFormat, fail, stdout_console
from onconav.cli.patients import patient_context


def score_patient(label: str, output_format: OutputFormat) -> None:
    from onconav.cli.risk_cmd import _render_text
    from onconav.service.profile import load_profile
    from onconav.service.risk import profile_risk
    from onconav.service.summaries import RiskSummary

    with patient_context(label) as context:
        profile = load_profile(context.store, context.actor_id, context.patient)
    risk = profile_risk(profile)
    if output_format is OutputFormat.JSON:
        summary = RiskSummary.of(label, risk)
        print(json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False))
        if risk.scores is None:
            raise SystemExit(EXIT_FAILED)
        return
    if risk.scores is None:
        fail(f"The scores could not be computed from the records: {risk.error}", EXIT_FAILED)
    console = stdout_console()
    _render_text(risk.scores, list(risk.notes), console, None)
    console.print()
    anchor = f"{risk.anchor_date:%d %b %Y}" if risk.anchor_date else "not known"
    console.print(
        f"[bold]Values used[/] (at diagnosis: {escape(anchor)}, {escape(risk.anchor_reason)}):"
    )
    for item in risk.inputs:
        where = ", ".join(
            f"{p.document_name}" + (f" p.{p.page}" if p.page else "") for p in item.provenance
        )
        date = f" ({item.date:%d %b %Y})" if item.date else ""
        unit = f" {item.unit}" if item.unit and item.unit != "fraction" else ""
        note = f" — {'; '.join(item.notes)}" if item.notes else ""
        flag = "" if item.validated_setting else " [yellow](outside the validated setting)[/]"
        console.print(
            f"  {escape(item.name)}: {escape(str(item.value))}{escape(unit)}{escape(date)}"
            f" from {escape(where)}{escape(note)}{flag}"
        )
