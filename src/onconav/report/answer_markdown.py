"""An ``Answer`` as Markdown: for ``--format markdown`` and the terminal view."""

from __future__ import annotations

from onconav.answer.model import Answer, AnswerItem, Citation
from onconav.dates import long_date
from onconav.report.sources import literature_reference


def _marks(item: AnswerItem) -> str:
    return "".join(f"[{n}]" for n in item.citations)


def _line(item: AnswerItem) -> str:
    marks = _marks(item)
    return f"{item.text} {marks}" if marks else item.text


def citation_line(citation: Citation) -> str:
    if citation.kind == "record":
        page = f", page {citation.page}" if citation.page else ""
        return f"{citation.title} (your document {citation.document_id}{page})"
    reference = literature_reference(citation)
    return f"{reference} <{citation.url}>" if citation.url else reference


def render_markdown(answer: Answer) -> str:
    out: list[str] = [f"# {answer.title}", ""]
    out.append(f"*{answer.disease_label} · {long_date(answer.generated_at)}*")
    out.append("")
    if answer.triage.level is not None:
        label = "Emergency" if answer.triage.level == "emergency" else "Call your care team today"
        out.append(f"> **{label}.** {answer.triage.message}")
        out.append(">")
        for number, action in enumerate(answer.triage.actions, start=1):
            out.append(f"> {number}. {action}")
        out.append("")
    for section in answer.sections:
        out.append(f"## {section.heading}")
        out.append("")
        for paragraph in section.paragraphs:
            out.append(_line(paragraph))
            out.append("")
        if section.bullets:
            out.extend(f"- {_line(bullet)}" for bullet in section.bullets)
            out.append("")
    if answer.bottom_line is not None:
        out.append(f"**Bottom line:** {_line(answer.bottom_line)}")
        out.append("")
    if answer.follow_up_questions:
        out.append("**You could also ask:**")
        out.append("")
        out.extend(f"- {q}" for q in answer.follow_up_questions)
        out.append("")
    if answer.citations:
        out.append("## Sources")
        out.append("")
        out.extend(f"{c.n}. {citation_line(c)}" for c in answer.citations)
        out.append("")
    out.append("---")
    out.append("")
    out.append(f"*{answer.disclaimer}*")
    if answer.reading_grade is not None:
        out.append("")
        out.append(f"*Reading level: grade {answer.reading_grade:g}.*")
    return "\n".join(out).rstrip() + "\n"
