"""Every page: status, landmarks, headings in order, labelled controls, CSRF on every form."""

from __future__ import annotations

import re

import pytest
from html_checks import parse, problems
from pages_client import EXAMPLE_QUESTION, AppFactory, Browser

PAGES_WITHOUT_RECORDS = ["/ask", "/records", "/situation", "/second-opinion", "/account"]


@pytest.mark.parametrize("path", PAGES_WITHOUT_RECORDS)
def test_pages_without_any_person_pass_the_checks(browser: Browser, check_page, path: str) -> None:
    check_page(browser.get(path))


def test_every_page_of_a_person_with_records_passes_the_checks(
    browser: Browser, check_page
) -> None:
    browser.add_person("Mum")
    job_page = browser.upload("cbc.txt", "marrow.txt", "ngs.txt")
    check_page(job_page)
    document = browser.document_ids()[0]
    paths = [
        "/ask",
        "/ask?q=" + EXAMPLE_QUESTION,
        "/records",
        f"/records/{document}",
        f"/records/{document}/delete",
        "/situation",
        "/second-opinion",
        "/second-opinion?zip=10001",
        "/account",
        "/account/delete",
    ]
    for path in paths:
        response = browser.get(path)
        assert not problems(response.text), (path, problems(response.text))
        assert response.status_code == 200, path


def test_the_layout_has_the_product_switcher_nav_and_disclaimer(browser: Browser) -> None:
    browser.add_person("Mum")
    browser.add_person("Dad")
    page = browser.get("/records").text
    assert '<p class="brand">' in page
    assert "onconav" in page
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', page, re.S)
    assert nav is not None
    labels = re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav.group(1))
    assert labels == ["Ask", "Records", "My situation", "Second opinion", "Account"]
    assert 'href="/records" aria-current="page"' in nav.group(1)
    switcher = re.search(r'<select id="person-switch" name="person">(.*?)</select>', page, re.S)
    assert switcher is not None
    options = re.findall(r">([^<]+)</option>", switcher.group(1))
    assert options == ["No one (general answers)", "Dad", "Mum"]
    assert "information, not medical advice" in page
    assert '<script src="/static/htmx.min.js" defer></script>' in page


def test_htmx_sends_the_csrf_token_on_every_request(browser: Browser) -> None:
    page = browser.get("/ask").text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{browser.csrf}"}}\'' in page
    assert f'<meta name="csrf-token" content="{browser.csrf}">' in page


def test_pages_carry_a_content_security_policy_without_inline_code(browser: Browser) -> None:
    response = browser.get("/ask")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["cache-control"] == "no-store"
    assert parse(response.text).inline_scripts == 0


def test_static_files_are_served(browser: Browser) -> None:
    for name in ("onconav.css", "onconav.js", "htmx.min.js"):
        response = browser.get(f"/static/{name}")
        assert response.status_code == 200, name
        assert len(response.content) > 1000, name


def test_the_checker_catches_what_it_is_for() -> None:
    """The page checks must be able to fail."""
    broken = (
        "<html><head><title>x</title></head><body><main><h1>A</h1><h3>B</h3>"
        '<form method="post" action="/x"><input name="q"></form>'
        '<p style="color:red">s</p><script>alert(1)</script></main></body></html>'
    )
    found = " | ".join(problems(broken))
    for expected in (
        "lang",
        "no <header>",
        "no <nav>",
        "skip link",
        "heading level skipped",
        "control without a label",
        "has no csrf_token",
        "inline script",
        "inline style",
    ):
        assert expected in found, expected


def test_unknown_person_in_the_switcher_means_no_one(open_app: AppFactory) -> None:
    browser = open_app()
    browser.add_person("Mum")
    response = browser.post("/people/choose", {"person": "someone-else", "next": "/ask"})
    assert response.status_code == 200
    assert '<option value="" selected>No one (general answers)</option>' in response.text
