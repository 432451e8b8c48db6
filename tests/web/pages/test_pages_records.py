"""Records: adding a person, uploading, progress, results, the marked document, corrections."""

from __future__ import annotations

import re
import time

from html_checks import visible_text
from pages_client import RECORDS, Browser


def test_without_a_person_the_records_page_asks_for_one(browser: Browser, check_page) -> None:
    page = browser.get("/records")
    check_page(page)
    assert 'id="add-person-form"' in page.text
    assert 'id="upload-form"' not in page.text
    empty = browser.add_person("   ")
    check_page(empty, status=422)
    assert "A patient needs a name or label" in visible_text(empty.text)
    added = browser.add_person("Mum")
    check_page(added)
    assert added.url.path == "/records"
    assert "Added Mum." in added.text
    assert 'id="upload-form"' in added.text
    assert "multiple accept=" in added.text
    assert 'enctype="multipart/form-data"' in added.text


def test_upload_several_files_and_see_what_was_found(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    results = browser.upload("cbc.txt", "marrow.txt", "ngs.txt")
    check_page(results)
    text = visible_text(results.text)
    assert "cbc.txt : added." in text
    assert "Hemoglobin: 8.9 g/dL (20 February 2024)" in text
    assert "Karyotype: 46,XX,del(5)(q13q33)[20]" in text
    assert "Genes tested, no mutation found (" in text
    # Adding the same file again stores nothing new, and says so.
    again = browser.upload("cbc.txt")
    assert "this file was already in the records" in visible_text(again.text)
    assert len(browser.document_ids()) == 3


def test_a_file_that_cannot_be_read_is_explained_and_the_rest_continue(browser: Browser) -> None:
    browser.add_person("Mum")
    results = browser.upload("cbc.txt", extra=[("broken.pdf", b"%PDF-1.7 this is not a pdf")])
    text = visible_text(results.text)
    assert "broken.pdf could not be added:" in text
    assert "cbc.txt : added." in text


def test_no_file_chosen_is_an_error_in_words(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    response = browser.post(
        "/records/upload", files=[("files", ("", b"", "application/octet-stream"))]
    )
    check_page(response, status=422)
    assert "Please choose at least one file to upload." in visible_text(response.text)


def test_progress_is_polled_by_htmx_while_the_files_are_read(browser: Browser) -> None:
    browser.add_person("Mum")
    data = (RECORDS / "cbc.txt").read_bytes()
    started = browser.post(
        "/records/upload?list=1",
        files=[("files", ("cbc.txt", data, "text/plain"))],
        headers={"HX-Request": "true"},
    )
    assert started.status_code == 200
    job = re.search(r'/records/uploads/([^/"]+)/status\?list=1', started.text)
    if job is None:  # already finished: the results replace the polling element
        assert "What was found" in started.text
        return
    assert 'hx-trigger="every 1s" hx-swap="outerHTML"' in started.text
    for _ in range(200):
        status = browser.get(
            f"/records/uploads/{job.group(1)}/status?list=1", headers={"HX-Request": "true"}
        )
        if "What was found" in status.text:
            break
        time.sleep(0.1)
    assert "hx-trigger" not in status.text.split('<div id="documents-list"')[0]
    assert '<div id="documents-list" hx-swap-oob="true">' in status.text
    assert "cbc.txt" in status.text


def test_the_document_view_marks_each_value_in_the_text(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt")
    document = browser.document_ids()[0]
    page = browser.get(f"/records/{document}")
    check_page(page)
    html = page.text
    assert '<h2 id="text-title">The document\'s text</h2>' in html
    assert '<h3 id="page-1" tabindex="-1">Page 1' in html
    mark = re.search(
        r'<mark id="fact-([^"]+)" tabindex="-1"><a class="mark-link" href="#value-\1">'
        r"Hemoglobin\s+8\.9",
        html,
    )
    assert mark is not None, "the hemoglobin line is marked in the text"
    fact_id = mark.group(1)
    value = html[html.index(f'<li id="value-{fact_id}"') :]
    value = value[: value.index("</li>")]
    assert "<strong>8.9 g/dL</strong>" in value
    assert f'href="#fact-{fact_id}"' in value
    assert f'action="/records/{document}/values/{fact_id}/correct"' in value


def test_a_value_can_be_corrected_and_mistakes_are_explained(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt")
    document = browser.document_ids()[0]
    html = browser.get(f"/records/{document}").text
    fact_id = re.search(r'<mark id="fact-([^"]+)"[^>]*><a[^>]*>Hemoglobin', html).group(1)
    url = f"/records/{document}/values/{fact_id}/correct"
    bad_date = browser.post(url, {"value": "9.6", "unit": "g/dL", "date": "20/02/2024"})
    check_page(bad_date, status=422)
    assert "The date must be written YYYY-MM-DD" in visible_text(bad_date.text)
    assert '<details class="correction" open>' in bad_date.text
    empty = browser.post(url, {"value": " "})
    assert empty.status_code == 422
    assert "Please type the right value" in visible_text(empty.text)
    saved = browser.post(url, {"value": "9.6", "unit": "g/dL", "note": "lab called"})
    check_page(saved)
    assert "Your correction of hemoglobin was saved." in visible_text(saved.text)
    assert "you corrected it to 9.6 g/dL" in visible_text(saved.text)
    situation = visible_text(browser.get("/situation").text)
    assert "Hemoglobin 9.6 g/dL (your correction)" in situation


def test_a_correction_of_a_value_from_another_document_is_not_found(browser: Browser) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt", "marrow.txt")
    first, second = browser.document_ids()
    html = browser.get(f"/records/{first}").text
    fact_id = re.search(r'<li id="value-([^"]+)"', html).group(1)
    response = browser.post(f"/records/{second}/values/{fact_id}/correct", {"value": "1"})
    assert response.status_code == 404


def test_deleting_a_document_asks_first(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt")
    document = browser.document_ids()[0]
    confirm = browser.get(f"/records/{document}/delete")
    check_page(confirm)
    assert "It cannot be undone." in confirm.text
    deleted = browser.post(f"/records/{document}/delete")
    check_page(deleted)
    assert "Deleted cbc.txt" in deleted.text
    assert browser.document_ids() == []
    assert browser.get(f"/records/{document}").status_code == 404


def test_an_unknown_document_or_upload_is_not_found_in_words(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    missing = browser.get("/records/not-a-document")
    check_page(missing, status=404)
    assert "No such document" in visible_text(missing.text)
    job = browser.get("/records/uploads/not-a-job")
    check_page(job, status=404)
    assert "This upload is not known." in visible_text(job.text)


def test_a_file_that_is_not_a_record_is_refused_at_once(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    program = b"MZ\x90\x00" + bytes(200)
    refused = browser.post(
        "/records/upload", files=[("files", ("report.pdf", program, "application/pdf"))]
    )
    check_page(refused, status=422)
    assert "report.pdf could not be added:" in visible_text(refused.text)
    assert browser.document_ids() == []


def test_a_value_needing_confirmation_can_be_confirmed(browser: Browser) -> None:
    browser.add_person("Mum")
    no_unit = b"Valley Medical Laboratory\nCollected: 2024-02-20\nHemoglobin 8.9\n"
    browser.upload(extra=[("no-unit.txt", no_unit)])
    situation = visible_text(browser.get("/situation").text)
    assert "Values that need your confirmation" in situation
    assert "Hemoglobin: 8.9 — no unit was printed" in situation
    document = browser.document_ids()[0]
    html = browser.get(f"/records/{document}").text
    assert "If it was read right, confirm it" in visible_text(html)
    fact_id = re.search(
        r'<li id="value-([^"]+)"[^>]*>\s*<p class="value-line">\s*'
        r'<span class="value-name">Hemoglobin',
        html,
    ).group(1)
    browser.post(f"/records/{document}/values/{fact_id}/correct", {"value": "8.9", "unit": "g/dL"})
    after = visible_text(browser.get("/situation").text)
    assert "Values that need your confirmation" not in after
    assert "Hemoglobin 8.9 g/dL (your correction)" in after
