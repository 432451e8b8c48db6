"""An ``Answer`` for a terminal: the Markdown view, with the triage banner in colour."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from onconav.answer.model import Answer
from onconav.report.answer_markdown import render_markdown


def render_terminal(answer: Answer, console: Console) -> None:
    if answer.triage.level is not None:
        emergency = answer.triage.level == "emergency"
        lines = [Text(answer.triage.message or "", style="bold")]
        lines.extend(Text(f"{n}. {a}") for n, a in enumerate(answer.triage.actions, start=1))
        console.print(
            Panel(
                Group(*lines),
                title="EMERGENCY" if emergency else "CALL YOUR CARE TEAM TODAY",
                border_style="bold red" if emergency else "bold yellow",
            )
        )
        body = answer.model_copy(
            update={"triage": answer.triage.model_copy(update={"level": None})}
        )
    else:
        body = answer
    console.print(Markdown(render_markdown(body), hyperlinks=False))
