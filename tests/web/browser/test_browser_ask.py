"""Ask in a real browser: the example question, citations that open their passage, keyboard use."""

from __future__ import annotations

import pytest
from browser_page_checks import contrast_failures, focused, horizontal_overflow
from live_browser import DESKTOP, PHONE, ConsoleErrors, Server, Shots, new_page
from playwright.sync_api import Browser, Page, expect

EXAMPLE_QUESTION = "How do I get a second opinion for MDS without offending my oncologist?"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_ask_the_example_question_and_open_a_citation(
    chromium: Browser, local_server: Server, shots: Shots, viewport: dict[str, int]
) -> None:
    page, errors = new_page(chromium, viewport)
    try:
        page.goto(local_server.url + "/ask")
        shots.take(page, "ask-page")
        page.fill("#question", EXAMPLE_QUESTION)
        page.click("#ask-form button[type=submit]")
        title = page.locator("#answer-title")
        expect(title).to_contain_text("second opinion")
        # htmx swapped the answer in place: still the same page, focus on the answer.
        assert page.url == local_server.url + "/ask"
        expect(title).to_be_focused()
        shots.take(page, "answer")
        citations = page.locator("ol.citations > li")
        assert citations.count() >= 3
        first_mark = page.locator("a.cite-link").first
        number = first_mark.inner_text()
        first_mark.click()
        entry = page.locator(f"#cite-{number}")
        expect(entry).to_be_focused()
        expect(entry.locator("details")).to_have_attribute("open", "")
        passage = entry.locator(".passage-text").first
        expect(passage).to_be_visible()
        expect(passage).to_contain_text("From “")
        expect(entry.locator("a[href*='pubmed'], a[href*='doi.org']").first).to_be_visible()
        shots.take(page, "citation-open", full_page=False)
        assert contrast_failures(page) == []
        assert horizontal_overflow(page) == 0
        assert errors == []
    finally:
        page.context.close()


def test_ask_works_without_javascript(
    chromium: Browser, local_server: Server, shots: Shots
) -> None:
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(local_server.url + "/ask")
        page.fill("#question", EXAMPLE_QUESTION)
        page.click("#ask-form button[type=submit]")
        expect(page.locator("#answer-title")).to_contain_text("second opinion")
        # Without JavaScript the link still leads to the citation, and its passage opens.
        page.locator("a.cite-link").first.click()
        assert "#cite-" in page.url
        page.locator("ol.citations > li").first.locator("summary").click()
        expect(
            page.locator("ol.citations > li").first.locator(".passage-text").first
        ).to_be_visible()
        shots.take(page, "answer-without-js", full_page=False)
    finally:
        context.close()


def _tab_until(page: Page, wanted, limit: int = 40) -> dict:
    """Press Tab until ``wanted(focused)`` holds; every stop must show where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now is not None, "focus left the page"
        assert now["outline"] or now["shadow"], f"no visible focus on {now}"
        if wanted(now):
            return now
    raise AssertionError(f"not reached with {limit} presses of Tab")


def test_ask_by_keyboard_only(
    desktop: tuple[Page, ConsoleErrors], local_server: Server, shots: Shots
) -> None:
    page, errors = desktop
    page.goto(local_server.url + "/ask")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None
    assert first["href"] == "#main", "the skip link comes first"
    shots.take(page, "skip-link", full_page=False)
    _tab_until(page, lambda f: f["id"] == "question")
    shots.take(page, "question-box-focused", full_page=False)
    page.keyboard.type(EXAMPLE_QUESTION)
    page.keyboard.press("Enter")
    title = page.locator("#answer-title")
    expect(title).to_be_focused()
    shots.take(page, "answer-focused", full_page=False)
    citation = _tab_until(page, lambda f: "cite-link" in f["className"])
    shots.take(page, "citation-focused", full_page=False)
    page.keyboard.press("Enter")
    entry = page.locator(f"#cite-{citation['text']}")
    expect(entry).to_be_focused()
    expect(entry.locator("details")).to_have_attribute("open", "")
    expect(entry.locator(".passage-text").first).to_be_visible()
    shots.take(page, "citation-opened-by-keyboard", full_page=False)
    assert errors == []


def test_an_empty_question_is_announced(
    desktop: tuple[Page, ConsoleErrors], local_server: Server
) -> None:
    page, errors = desktop
    page.goto(local_server.url + "/ask")
    page.click("#ask-form button[type=submit]")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The question is empty")
    # The browser logs the refused request itself (status 422); nothing else may fail.
    assert [e for e in errors if "status of 422" not in e] == []


def test_an_emergency_answer_starts_with_the_warning(
    desktop: tuple[Page, ConsoleErrors], local_server: Server, shots: Shots
) -> None:
    page, errors = desktop
    page.goto(local_server.url + "/ask")
    page.fill("#question", "I have MDS and a fever of 39 C and chills")
    page.keyboard.press("Enter")
    banner = page.locator(".triage-emergency")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner.locator("h2")).to_have_text("Emergency: get help now")
    # The warning comes before anything else of the answer, and focus lands on it.
    first = page.locator("#answer article > *").first
    expect(first).to_have_class("triage triage-emergency")
    expect(page.locator("#triage-title")).to_be_focused()
    shots.take(page, "emergency", full_page=False)
    assert contrast_failures(page) == []
    assert errors == []
