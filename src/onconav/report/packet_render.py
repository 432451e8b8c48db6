"""The second-opinion packet as HTML (one self-contained page) and as PDF (WeasyPrint).

The HTML carries its CSS inline and the blood-count chart as inline SVG, so nothing is
fetched when it is opened or printed; the PDF is that same HTML, laid out for paper
(US Letter, page breaks between parts, the person's name and the date in every footer).
Fonts come from the system. Links are printed as their address, since paper has no
links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from onconav.answer.model import Citation
from onconav.dates import long_date
from onconav.guidance.packet import ChecklistStatus, Packet
from onconav.report.chart import render_svg
from onconav.report.markup import inline_markdown, template_environment
from onconav.report.sources import literature_reference

_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)")

STATUS_MARKS = {
    ChecklistStatus.PRESENT: ("✔", "Present"),
    ChecklistStatus.PARTLY: ("◐", "Partly present"),
    ChecklistStatus.MISSING: ("✘", "Missing"),
    ChecklistStatus.ASK_PATHOLOGY: ("➜", "Ask pathology"),
    ChecklistStatus.BRING: ("✎", "Bring your own"),
}


class PacketRenderError(RuntimeError):
    """The packet could not be laid out as a PDF (a bug or a broken system library)."""


def inline_html(markdown: str) -> Markup:
    """Inline Markdown to HTML, each link followed by its address so paper shows it."""
    with_addresses = _LINK.sub(lambda m: f"[{m['text']}]({m['url']}) ({m['url']})", markdown)
    return inline_markdown(with_addresses)


def citation_marks(numbers: Iterable[int]) -> Markup:
    numbers = list(numbers)
    if not numbers:
        return Markup("")
    links = ", ".join(f'<a href="#source-{n}">{n}</a>' for n in numbers)
    return Markup(f'<sup class="cite">[{links}]</sup>')  # built from integers only


def citation_text(citation: Citation) -> str:
    """A numbered source as one line of plain text (the template escapes it)."""
    if citation.kind == "record":
        return f"{citation.title} (a document you uploaded)"
    return literature_reference(citation)


def _number(value: float) -> str:
    return f"{value:g}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = template_environment("onconav.report")
    environment.filters["inline"] = inline_html
    environment.filters["marks"] = citation_marks
    environment.filters["long_date"] = long_date
    environment.filters["number"] = _number
    environment.filters["citation_text"] = citation_text
    return environment


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return (
        resources.files("onconav.report")
        .joinpath("templates", "packet.css")
        .read_text(encoding="utf-8")
    )


def render_html(packet: Packet) -> str:
    """The packet as one HTML document with its CSS and chart inline."""
    svg = render_svg(packet.blood_counts)
    return (
        _environment()
        .get_template("packet.html")
        .render(
            packet=packet,
            person=packet.summary.person,
            # Our own packaged stylesheet, and matplotlib's drawing of numbers and labels.
            css=Markup(_stylesheet()),
            chart=Markup(svg) if svg else None,
            status_marks=STATUS_MARKS,
        )
    )


def render_pdf(packet: Packet) -> bytes:
    """The packet as PDF: the HTML laid out for print, with nothing fetched from outside."""
    # Imported here: WeasyPrint loads pango and fonts, which only the PDF needs.
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]
        """Everything the packet shows is inline; a fetch would be a bug, so it fails."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise FatalURLFetchingError(f"the packet must not fetch anything: {url[:60]}")

    try:
        pdf = HTML(string=render_html(packet), url_fetcher=OfflineFetcher()).write_pdf(
            pdf_tags=True
        )
    except FatalURLFetchingError as error:
        raise PacketRenderError(str(error)) from error
    if not isinstance(pdf, bytes):
        raise PacketRenderError("WeasyPrint returned no PDF")
    return pdf
