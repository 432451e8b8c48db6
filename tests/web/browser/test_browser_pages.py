"""Every page on a desktop and a phone: readable contrast, no sideways scrolling, no errors."""

from __future__ import annotations

import re
import uuid

import pytest
from browser_documents import CBC_LINES, cbc_pdf
from browser_page_checks import contrast_failures, horizontal_overflow
from live_browser import DESKTOP, PHONE, Server, Shots, new_page
from playwright.sync_api import Browser, expect

LATER_CBC = tuple(
    line.replace("2024-02-20", "2024-05-14").replace("8.9      L", "8.1      L")
    for line in CBC_LINES
)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_reads_well(
    chromium: Browser, local_server: Server, shots: Shots, viewport: dict[str, int]
) -> None:
    page, errors = new_page(chromium, viewport)
    try:
        label = f"Tour {uuid.uuid4().hex[:6]}"
        page.goto(local_server.url + "/account")
        page.fill("#person-label", label)
        page.click("#add-person-form button[type=submit]")
        page.set_input_files(
            "#files",
            files=[
                {"name": "cbc-feb.pdf", "mimeType": "application/pdf", "buffer": cbc_pdf()},
                {
                    "name": "cbc-may.pdf",
                    "mimeType": "application/pdf",
                    "buffer": cbc_pdf(LATER_CBC),
                },
            ],
        )
        page.click("#upload-form button[type=submit]")
        expect(page.locator(".upload-results")).to_contain_text("cbc-may.pdf", timeout=60_000)
        document = re.search(
            r"/records/([^/#]+)$", page.locator(".doc-name").first.get_attribute("href") or ""
        )
        assert document is not None
        tour = [
            ("ask", "/ask"),
            ("answer", "/ask?q=What+are+my+treatment+options%3F"),
            ("records", "/records"),
            ("document", f"/records/{document.group(1)}"),
            ("situation", "/situation"),
            ("second-opinion", "/second-opinion?zip=10001&radius=100"),
            ("account", "/account"),
            ("delete-everything", "/account/delete"),
        ]
        for name, path in tour:
            page.goto(local_server.url + path)
            page.wait_for_load_state("networkidle")
            shots.take(page, name)
            assert contrast_failures(page) == [], name
            assert horizontal_overflow(page) == 0, name
        chart = page.request.get(local_server.url + "/situation")
        assert "chart.svg" in chart.text()
        assert errors == []
    finally:
        page.context.close()
