"""The Ask page: the cited answer, errors in words, htmx fragments, the personal part."""

from __future__ import annotations

import re

from html_checks import parse, problems, visible_text
from pages_client import EXAMPLE_QUESTION, Browser


def _citation_numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="cite-(\d+)" value="\1"', html)]


def test_the_example_question_gets_a_cited_answer_laid_out_as_a_page(
    browser: Browser, check_page
) -> None:
    response = browser.post("/ask", {"question": EXAMPLE_QUESTION})
    check_page(response)
    html = response.text
    headings = parse(html).headings
    assert headings[0] == (1, "Ask a question about MDS")
    title = re.search(r'<h2 id="answer-title" tabindex="-1">([^<]+)</h2>', html)
    assert title is not None
    assert "second opinion" in title.group(1).lower()
    assert '<span class="tag">Myelodysplastic syndromes (MDS)</span>' in html
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', html)
    assert "Bottom line" in [text for _, text in headings]
    numbers = _citation_numbers(html)
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 3
    # Every number in the text leads to an entry of the list, and every entry is used.
    marks = {int(n) for n in re.findall(r'href="#cite-(\d+)"', html)}
    assert marks == set(numbers)
    first = html[html.index('<li id="cite-1"') : html.index('<li id="cite-2"')]
    assert "<details" in first
    assert "Read the passage" in first
    assert re.search(r'href="https://(pubmed\.ncbi\.nlm\.nih\.gov/\d+/|doi\.org/)', first)
    assert "From “How to get a second opinion" in first
    assert re.search(r'<p class="disclaimer">[^<]+</p>', html)


def test_follow_up_questions_are_links_that_ask_them(browser: Browser) -> None:
    html = browser.post("/ask", {"question": EXAMPLE_QUESTION}).text
    follow_ups = re.findall(r'<li><a href="(/ask\?q=[^"]+)" hx-get="\1"', html)
    assert follow_ups
    followed = browser.get(follow_ups[0].replace("&amp;", "&"))
    assert followed.status_code == 200
    assert 'id="answer-title"' in followed.text


def test_an_empty_question_is_refused_in_words_next_to_the_box(
    browser: Browser, check_page
) -> None:
    response = browser.post("/ask", {"question": "   "})
    check_page(response, status=422)
    assert 'aria-invalid="true"' in response.text
    assert 'id="question-error" class="field-error" role="alert"' in response.text
    assert "The question is empty" in visible_text(response.text)


def test_htmx_gets_only_the_answer_fragment(browser: Browser, check_page) -> None:
    response = browser.post("/ask", {"question": EXAMPLE_QUESTION}, headers={"HX-Request": "true"})
    check_page(response, fragment=True)
    assert "<html" not in response.text
    assert "<nav" not in response.text
    assert response.text.lstrip().startswith('<article class="answer"')
    error = browser.post("/ask", {"question": ""}, headers={"HX-Request": "true"})
    assert error.status_code == 422
    assert 'class="error-box" role="alert"' in error.text
    assert "The question is empty" in error.text


def test_a_form_without_the_csrf_token_is_refused_in_words(browser: Browser, check_page) -> None:
    response = browser.post("/ask", {"question": EXAMPLE_QUESTION}, csrf=False)
    check_page(response, status=403)
    assert "The form has expired. Please reload the page." in visible_text(response.text)
    wrong = browser.post("/ask", {"question": EXAMPLE_QUESTION, "csrf_token": "forged"})
    assert wrong.status_code == 403


def test_the_csrf_header_works_for_htmx(browser: Browser) -> None:
    browser.get("/ask")
    response = browser.client.post(
        "/ask",
        data={"question": EXAMPLE_QUESTION},
        headers={"HX-Request": "true", "X-CSRF-Token": browser.csrf},
    )
    assert response.status_code == 200


def test_an_emergency_is_shown_first_and_unmistakably(browser: Browser) -> None:
    html = browser.post("/ask", {"question": "I have MDS and a fever of 39 C and chills"}).text
    assert not problems(html)
    banner = html.index('class="triage triage-emergency" role="alert"')
    assert banner < html.index('id="answer-title"')
    assert banner < html.index('class="answer-section')
    assert "Emergency: get help now" in html


def test_with_a_person_selected_the_personal_sections_appear(browser: Browser) -> None:
    general = browser.post("/ask", {"question": "What are my treatment options?"}).text
    assert "For your situation" not in general
    browser.add_person("Mum")
    browser.upload("cbc.txt", "marrow.txt", "ngs.txt")
    personal = browser.post("/ask", {"question": "What are my treatment options?"}).text
    assert not problems(personal)
    assert '<section class="answer-section kind-personal">' in personal
    assert "From the records of Mum" in personal
    assert "For your situation" in personal
    # A record citation opens the document it points to.
    assert re.search(r'<li id="cite-\d+" value="\d+" tabindex="-1">\s*<a href="/records/', personal)


def test_raw_html_in_a_question_is_shown_as_text(browser: Browser) -> None:
    response = browser.post("/ask", {"question": "What is MDS? <script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.text
    assert parse(response.text).inline_scripts == 0
