"""My situation: profile and sources, blood counts (chart and table), scores, subtype, questions."""

from __future__ import annotations

import re

from html_checks import problems, visible_text
from pages_client import RECORDS, Browser

# A later blood count, so that there are two dates to draw.
LATER_CBC = (
    (RECORDS / "cbc.txt")
    .read_text()
    .replace("Collected: 2024-02-20", "Collected: 2024-05-14")
    .replace("Hemoglobin      8.9", "Hemoglobin      8.1")
    .encode()
)


def test_without_records_the_page_says_what_it_will_show(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    page = browser.get("/situation")
    check_page(page)
    assert "No records have been added for this person yet." in visible_text(page.text)


def test_the_situation_shows_profile_counts_scores_subtype_and_questions(
    browser: Browser, check_page
) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt", "marrow.txt", "ngs.txt", extra=[("cbc-may.txt", LATER_CBC)])
    page = browser.get("/situation")
    check_page(page)
    html, text = page.text, visible_text(page.text)
    assert "Risk group: lower" in text
    # Subtype (both classifications) and the scores with their range and drivers.
    assert "WHO:" in text
    assert "ICC:" in text
    assert re.search(r"IPSS-R:\s*3 points, Low", text)
    assert "IPSS-M -0.99 (Low) -0.99 (Low) to -0.99 (Low)" in text
    assert "What moves the IPSS-M score most" in text
    assert "Hemoglobin: raises it by" in text
    # The latest values, each with its source document and page.
    row = re.search(r"<th scope=\"row\">Hemoglobin</th>\s*<td>8\.1 g/dL</td>.*?</tr>", html, re.S)
    assert row is not None
    assert "cbc-may.txt</a>, page 1" in row.group(0)
    # Blood counts: a chart of its own, and every value in the table.
    chart = re.search(r'<img src="(/situation/[^/]+/chart\.svg)" alt="([^"]+)"', html)
    assert chart is not None
    assert chart.group(2).startswith("Blood counts over time. Hemoglobin: 2 values")
    assert "20 Feb 2024 cbc.txt, page 1 8.9 210 1.9" in text
    assert "14 May 2024 cbc-may.txt, page 1 8.1 210 1.9" in text
    # Every computed score names the paper its model comes from.
    assert "How the scores were built:" in text
    assert "Bernard" in text
    svg = browser.get(chart.group(1))
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.headers["content-security-policy"].startswith("default-src 'none'")
    assert "<script" not in svg.text
    assert svg.text.startswith("<svg")
    # Missing tests, tailored questions that ask themselves, and the numbered sources.
    assert "Tests that may be missing" in text
    questions = re.findall(r'<li><a href="(/ask\?q=[^"]+)">', html[html.index('id="questions"') :])
    assert questions
    numbers = re.findall(r'<li id="cite-(\d+)"', html)
    assert numbers
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert {int(n) for n in re.findall(r'href="#cite-(\d+)"', html)} == set(map(int, numbers))


def test_the_chart_of_someone_else_is_not_found(open_app) -> None:
    first = open_app()
    first.add_person("Mum")
    assert first.get("/situation/not-a-person/chart.svg").status_code == 404


def test_a_single_date_gives_the_table_without_a_chart(browser: Browser) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt")
    html = browser.get("/situation").text
    assert not problems(html)
    assert "chart.svg" not in html
    assert "there is no line to draw" in visible_text(html)
