"""Accounts in a real browser (multi-user mode): sign up, sign out, sign in."""

from __future__ import annotations

import uuid

from browser_page_checks import contrast_failures
from live_browser import ConsoleErrors, Server, Shots
from playwright.sync_api import Page, expect

PASSWORD = "a long enough passphrase"


def test_sign_up_sign_out_and_sign_in(
    desktop: tuple[Page, ConsoleErrors], multi_server: Server, shots: Shots
) -> None:
    page, errors = desktop
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(multi_server.url + "/records")
    expect(page).to_have_url(multi_server.url + "/account/sign-in")
    shots.take(page, "sign-in-required")
    page.click("main >> text=Create an account")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#password-again", PASSWORD)
    shots.take(page, "sign-up-form")
    page.click("main button[type=submit]")
    expect(page.locator(".notice")).to_contain_text("Your account is ready.")
    expect(page.locator("main")).to_contain_text(f"Signed in as {email}")
    shots.take(page, "signed-up")
    assert contrast_failures(page) == []

    page.click("text=Sign out")
    expect(page).to_have_url(multi_server.url + "/account/sign-in")
    expect(page.locator(".notice")).to_contain_text("You are signed out.")
    shots.take(page, "signed-out")

    page.fill("#email", email)
    page.fill("#password", "not the password")
    page.click("main button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("not right")
    shots.take(page, "wrong-password")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(multi_server.url + "/ask")
    expect(page.locator("footer")).to_contain_text(f"Signed in as {email}")
    shots.take(page, "signed-in")
    assert [e for e in errors if "status of 400" not in e] == []
