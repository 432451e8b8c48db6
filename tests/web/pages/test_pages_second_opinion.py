"""Second opinion: the packet preview and PDF, and centres near a ZIP code."""

from __future__ import annotations

from html_checks import visible_text
from pages_client import Browser


def test_the_packet_preview_is_the_packet_with_a_policy_of_its_own(browser: Browser) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt", "marrow.txt")
    page = browser.get("/second-opinion").text
    assert '<iframe class="packet-preview" src="/second-opinion/packet.html"' in page
    assert 'title="Preview of the second-opinion packet"' in page
    preview = browser.get("/second-opinion/packet.html")
    assert preview.status_code == 200
    assert "Second-opinion packet" in preview.text
    policy = preview.headers["content-security-policy"]
    # Inline styles only: nothing can be loaded and no script can run.
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'")
    assert "script-src" not in policy
    assert preview.headers["x-frame-options"] == "SAMEORIGIN"
    assert "<script" not in preview.text


def test_the_packet_downloads_as_a_pdf(browser: Browser) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt")
    pdf = browser.get("/second-opinion/packet.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith(
        'attachment; filename="second-opinion-packet-'
    )
    assert pdf.content.startswith(b"%PDF-")


def test_centres_near_a_zip_code_are_listed_and_go_into_the_packet(
    browser: Browser, check_page
) -> None:
    browser.add_person("Mum")
    page = browser.get("/second-opinion?zip=10001&radius=50")
    check_page(page)
    text = visible_text(page.text)
    assert "within 50 miles of New York, NY (10001)" in text
    assert "Memorial Sloan Kettering Cancer Center" in text
    assert 'href="/second-opinion/packet.pdf?zip=10001&amp;radius=50"' in page.text
    packet = browser.get("/second-opinion/packet.html?zip=10001&radius=50")
    assert "Memorial Sloan Kettering" in packet.text


def test_a_bad_zip_code_is_explained_in_words(browser: Browser, check_page) -> None:
    page = browser.get("/second-opinion?zip=abc")
    check_page(page, status=422)
    assert "ZIP codes have five digits" in visible_text(page.text)
    assert 'id="zip-error" class="field-error" role="alert"' in page.text
    unknown = browser.get("/second-opinion?zip=00000")
    assert unknown.status_code == 422
    assert "We could not find the ZIP code 00000" in visible_text(unknown.text)
    far = browser.get("/second-opinion?zip=10001&radius=99999")
    assert far.status_code == 422


def test_without_a_person_there_is_no_packet(browser: Browser, check_page) -> None:
    page = browser.get("/second-opinion")
    check_page(page)
    assert "packet.pdf" not in page.text
    assert browser.get("/second-opinion/packet.pdf").status_code == 404
