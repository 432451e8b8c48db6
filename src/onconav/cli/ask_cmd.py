"""``onconav ask``: a grounded, cited answer to a question about MDS."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from onconav.cli.output import EXIT_INTERNAL, EXIT_USAGE, OutputFormat, fail, stdout_console


def ask_command(
    question: Annotated[
        str, typer.Argument(help='The question, in quotes. Use "-" to read it from standard input.')
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (default), json or markdown")
    ] = OutputFormat.TEXT,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient",
            "-p",
            help="Add a 'For your situation' section from this person's records",
        ),
    ] = None,
) -> None:
    """Answer a question in plain language, with every clinical statement cited.

    Red-flag symptoms (for example a fever with MDS) are caught first and answered
    with what to do now. onconav gives information, not medical advice.
    """
    from onconav.answer.engine import AnswerEngine, QuestionError
    from onconav.kb.loader import KnowledgeBaseError
    from onconav.settings import load_settings

    if question == "-":
        raw = sys.stdin.buffer.read(1_000_000)
        try:
            question = raw.decode("utf-8")
        except UnicodeDecodeError:
            fail(
                "The question is not valid UTF-8 text. Please type or paste it again as plain "
                "text.",
                EXIT_USAGE,
            )
    settings = load_settings()
    try:
        engine = AnswerEngine.open(settings)
        personal = None
        if patient is not None:
            from onconav.cli.patients import patient_context
            from onconav.service.guidance import patient_context_for_answer

            with patient_context(patient) as context:
                personal = patient_context_for_answer(
                    context.store, context.actor_id, context.patient, engine.kb
                )
        answer = engine.ask(question, personal=personal)
    except QuestionError as exc:
        fail(str(exc), EXIT_USAGE)
    except KnowledgeBaseError as exc:
        fail(
            f"onconav's knowledge base failed its checks; run `onconav kb check`.\n{exc}",
            EXIT_INTERNAL,
        )

    if output_format is OutputFormat.JSON:
        print(json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False))
    elif output_format is OutputFormat.MARKDOWN:
        from onconav.report.answer_markdown import render_markdown

        sys.stdout.write(render_markdown(answer))
    else:
        from onconav.report.answer_terminal import render_terminal

        render_terminal(answer, stdout_console())
