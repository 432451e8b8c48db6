"""Records and the packet in a real browser: upload a PDF, see the hemoglobin, get the packet."""

from __future__ import annotations

import uuid

from browser_documents import cbc_pdf
from browser_page_checks import contrast_failures, horizontal_overflow
from live_browser import ConsoleErrors, Server, Shots
from playwright.sync_api import Page, expect


def add_person(page: Page, server: Server, label: str) -> None:
    # The Account page always has the form (Records shows it only before the first person).
    page.goto(server.url + "/account")
    page.fill("#person-label", label)
    page.click("#add-person-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(f"Records of {label}")


def test_upload_a_pdf_and_see_the_extracted_hemoglobin(
    desktop: tuple[Page, ConsoleErrors], local_server: Server, shots: Shots
) -> None:
    page, errors = desktop
    label = f"PDF {uuid.uuid4().hex[:6]}"
    add_person(page, local_server, label)
    shots.take(page, "records-page")
    page.set_input_files(
        "#files", files=[{"name": "cbc.pdf", "mimeType": "application/pdf", "buffer": cbc_pdf()}]
    )
    expect(page.locator("[data-chosen-files] li")).to_have_text(["cbc.pdf"])
    page.click("#upload-form button[type=submit]")
    results = page.locator(".upload-results")
    expect(results).to_contain_text("Hemoglobin: 8.9 g/dL (20 February 2024)", timeout=60_000)
    expect(page.locator("#documents-list")).to_contain_text("cbc.pdf")
    # The box is emptied once the files are sent, so they cannot be sent twice by mistake.
    assert page.eval_on_selector("#files", "input => input.files.length") == 0
    shots.take(page, "what-was-found")
    page.click("text=See cbc.pdf with the values marked")
    expect(page.locator("h1")).to_have_text("cbc.pdf")
    hemoglobin_mark = page.locator("mark", has_text="Hemoglobin")
    expect(hemoglobin_mark).to_be_visible()
    value = page.locator(".value-item", has_text="Hemoglobin")
    expect(value).to_contain_text("8.9 g/dL")
    value.locator("a", has_text="Show it in the text").click()
    assert page.url.endswith("#" + (hemoglobin_mark.get_attribute("id") or "missing"))
    shots.take(page, "document-with-marks")
    assert contrast_failures(page) == []
    assert errors == []


def test_files_dropped_on_the_box_are_chosen(
    desktop: tuple[Page, ConsoleErrors], local_server: Server, shots: Shots
) -> None:
    page, errors = desktop
    add_person(page, local_server, f"Drop {uuid.uuid4().hex[:6]}")
    expect(page.locator("[data-drop-hint]")).to_be_visible()
    transfer = page.evaluate_handle(
        """() => {
            const transfer = new DataTransfer();
            const file = new File(["Hemoglobin 9.1 g/dL"], "dropped.txt", {type: "text/plain"});
            transfer.items.add(file);
            return transfer;
        }"""
    )
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": transfer})
    expect(page.locator("[data-chosen-files] li")).to_have_text(["dropped.txt"])
    assert page.eval_on_selector("#files", "input => input.files.length") == 1
    shots.take(page, "file-dropped", full_page=False)
    assert errors == []


def test_download_the_packet(
    desktop: tuple[Page, ConsoleErrors], local_server: Server, shots: Shots
) -> None:
    page, errors = desktop
    add_person(page, local_server, f"Packet {uuid.uuid4().hex[:6]}")
    page.set_input_files(
        "#files", files=[{"name": "cbc.pdf", "mimeType": "application/pdf", "buffer": cbc_pdf()}]
    )
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".upload-results")).to_contain_text("Hemoglobin", timeout=60_000)
    page.goto(local_server.url + "/second-opinion?zip=10001&radius=50")
    preview = page.frame_locator("iframe.packet-preview")
    expect(preview.locator("h1")).to_have_text("Second-opinion packet", timeout=30_000)
    shots.take(page, "second-opinion-page")
    with page.expect_download(timeout=60_000) as download_info:
        page.click("text=Download the packet (PDF)")
    download = download_info.value
    assert download.suggested_filename.startswith("second-opinion-packet-")
    assert download.suggested_filename.endswith(".pdf")
    path = download.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert contrast_failures(page) == []
    assert horizontal_overflow(page) == 0
    assert errors == []
