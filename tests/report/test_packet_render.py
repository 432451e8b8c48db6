"""The packet as HTML and PDF: self-contained, every part present, footers on every page."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from packets import cases, packet_for

from onconav.guidance.centers import centers_near
from onconav.guidance.packet import Packet
from onconav.records.model import FactKind
from onconav.report import packet_render
from onconav.report.packet_render import PacketRenderError, render_html, render_pdf

PART_HEADINGS = (
    "1. Summary",
    "2. Records checklist",
    "3. Blood counts over time",
    "4. Questions to ask",
    "5. Telling your oncologist",
    "6. Asking for your records",
    "7. Where to get a second opinion",
    "8. Clinical trials: a search, not a match",
    "9. Sources",
)
NAME = "Jane Q. Doe"


def named_with_history() -> Packet:
    """A lower-risk patient with a name on her records and blood counts on four dates."""
    facts = [
        *cases.lower_risk_del5q(),
        *cases.cbc(cases.D(2023, 6, 1), 11.2, 260, 2.4, doc="cbc-2023"),
        *cases.cbc(cases.D(2023, 11, 20), 10.1, 240, 2.2, doc="cbc-2023"),
        *cases.cbc(cases.D(2024, 6, 3), 9.0, 180, 1.4, doc="cbc-2024"),
        cases.fact(FactKind.IDENTITY, "name", NAME, doc="clinic-note"),
    ]
    packet, _ = packet_for(facts, centers=centers_near("10027"))
    return packet


# --- HTML ----------------------------------------------------------------------------


def test_html_has_every_part_the_chart_and_its_table() -> None:
    html = render_html(named_with_history())
    for heading in PART_HEADINGS:
        assert f"<h2>{heading}</h2>" in html
    assert '<svg role="img"' in html
    assert "<caption>Blood count values and where they came from</caption>" in html
    assert "cbc-2024.pdf, page 1" in html
    assert f"<title>Second-opinion packet: {NAME}</title>" in html
    assert '<html lang="en">' in html


def test_html_is_self_contained() -> None:
    html = render_html(named_with_history())
    assert "<link" not in html
    assert "<script" not in html
    assert "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only references inside the chart
    assert not re.search(r'\ssrc="', html)


def test_every_link_shows_its_address_as_text() -> None:
    html = render_html(named_with_history())
    external = list(re.finditer(r'<a href="(https?://[^"]+)">([^<]*)</a>', html))
    assert external
    for link in external:
        href, shown = (part.replace("&amp;", "&") for part in link.groups())
        after = html[link.end() : link.end() + 200].replace("&amp;", "&")
        assert shown == href or after.startswith(f" ({href})"), href


def test_every_citation_mark_points_to_a_listed_source() -> None:
    packet = named_with_history()
    html = render_html(packet)
    marks = {int(n) for n in re.findall(r'<a href="#source-(\d+)">', html)}
    listed = {int(n) for n in re.findall(r'<li id="source-(\d+)"', html)}
    assert marks == listed == {c.n for c in packet.citations}


def test_record_text_is_escaped_never_interpreted() -> None:
    facts = [
        *cases.no_ngs(),
        cases.fact(FactKind.IDENTITY, "name", "<script>alert(1)</script> Doe", doc="marrow"),
    ]
    # Earlier than the case's own diagnosis, so it is the one the summary prints.
    diagnosis = cases.diagnosis(cases.D(2024, 1, 10), "MDS <img src=x onerror=alert(1)>")
    packet, _ = packet_for([*facts, diagnosis])
    html = render_html(packet)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_without_two_dates_there_is_a_table_and_no_chart() -> None:
    packet, _ = packet_for(cases.no_ngs())
    html = render_html(packet)
    assert "<svg" not in html
    assert "there is no line to draw" in html
    assert "12 Jan 2024" in html


# --- PDF -----------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("packet") / "packet.pdf"
    path.write_bytes(render_pdf(named_with_history()))
    return path


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


@needs_poppler
def test_pdf_has_every_part_each_starting_a_page(pdf_file: Path) -> None:
    pages = pdf_pages(pdf_file)
    first_lines = [page.strip().splitlines()[0].strip() for page in pages]
    assert first_lines[0] == f"{NAME} · Second-opinion packet · generated 15 January 2025"
    for heading in PART_HEADINGS[1:]:
        assert heading in first_lines, heading
    # The summary fits on page 1: the checklist starts page 2.
    assert first_lines[1] == PART_HEADINGS[1]


@needs_poppler
def test_pdf_footer_names_the_person_and_date_on_every_page(pdf_file: Path) -> None:
    pages = pdf_pages(pdf_file)
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        footer = page.strip().splitlines()[-1]
        assert f"{NAME} · Second-opinion packet · generated 15 January 2025" in footer
        assert f"Page {number} of {len(pages)}" in footer


@needs_poppler
def test_pdf_letter_and_disclaimer_are_there(pdf_file: Path) -> None:
    text = re.sub(r"\s+", " ", "\n".join(pdf_pages(pdf_file)))
    assert "45 CFR 164.524" in text
    assert "I understand that you must act on this request within 30 days" in text
    assert "one extension of up to 30 more days" in text
    assert "Information, not medical advice." in text
    assert "https://clinicaltrials.gov/search?" in text


@needs_poppler
def test_pdf_first_page_renders_to_an_image(pdf_file: Path, tmp_path: Path) -> None:
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf_file), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as image:
        grey = image.convert("L")
        # US Letter at 50 dpi, with real ink on it.
        assert grey.size == (425, 550)
        dark = sum(grey.histogram()[:128])
        assert dark > 0.01 * grey.size[0] * grey.size[1]


def test_pdf_never_fetches_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    packet, _ = packet_for(cases.no_ngs())
    html = render_html(packet)
    remote = html.replace("</body>", '<img src="https://example.org/tracker.png"></body>')
    monkeypatch.setattr(packet_render, "render_html", lambda _packet: remote)
    with pytest.raises(PacketRenderError, match="must not fetch"):
        render_pdf(packet)


def test_record_content_never_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    packet = named_with_history()
    render_pdf(packet)
    assert NAME not in caplog.text
    assert "del(5)(q13q33)" not in caplog.text
