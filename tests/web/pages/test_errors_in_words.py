"""An unknown address is a page in words; the API keeps answering JSON."""

from __future__ import annotations

from html_checks import problems
from pages_client import AppFactory


def test_an_unknown_page_address_is_a_page_in_words(open_app: AppFactory) -> None:
    browser = open_app()
    response = browser.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "There is no page at this address" in response.text
    assert problems(response.text) == []


def test_an_unknown_api_address_stays_json(open_app: AppFactory) -> None:
    browser = open_app()
    response = browser.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
