"""``onconav eval``: run onconav's own question set and print the figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from onconav.cli.output import OutputFormat, stderr_console, stdout_console

_LABELS = {
    "questions": "questions",
    "triage_recall_emergency": "triage recall (emergency)",
    "triage_recall_urgent": "triage recall (urgent or higher)",
    "false_alarms": "false alarms (count)",
    "false_alarm_rate": "false alarm rate",
    "intent_accuracy": "intent accuracy",
    "disease_accuracy": "disease accuracy",
    "key_fact_coverage": "key-fact coverage",
    "lead_article_accuracy": "answers led by an expected article",
    "citation_rate": "citation rate (clinical items cited)",
    "grounded_answers": "answers passing the grounding check",
    "reading_grade_mean": "reading grade (mean)",
    "reading_grade_max": "reading grade (max)",
    "latency_ms_p50": "latency p50 (ms, warm)",
    "latency_ms_p95": "latency p95 (ms, warm)",
}


def eval_command(
    questions: Annotated[
        Path | None, typer.Option(help="Question set (YAML); default: the bundled set")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = (
        OutputFormat.TEXT
    ),
    show_failures: Annotated[
        bool, typer.Option("--show-failures", help="List every question with a problem")
    ] = False,
) -> None:
    """Measure triage, intent, key facts, citations, reading level and latency."""
    from rich.progress import Progress

    from onconav.answer.engine import AnswerEngine
    from onconav.eval.runner import load_questions, run_eval
    from onconav.settings import load_settings

    engine = AnswerEngine.open(load_settings())
    items = load_questions(questions)
    with Progress(console=stderr_console(), transient=True) as progress:
        task = progress.add_task("Answering the question set", total=len(items))
        report = run_eval(engine, items, lambda done, _: progress.update(task, completed=done))
    metrics = report.metrics()
    if output_format is OutputFormat.JSON:
        print(json.dumps({"metrics": metrics, "failures": report.failures()}, indent=2))
        return
    console = stdout_console()
    for key, value in metrics.items():
        console.print(f"{_LABELS.get(key, key):40} {value}")
    if show_failures:
        for failure in report.failures():
            console.print(f"\n[bold]{failure['id']}[/] {failure['question']}")
            for problem in failure["problems"]:
                console.print(f"  - {problem}")
