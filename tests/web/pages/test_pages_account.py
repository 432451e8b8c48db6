"""Account: local mode, sign up / in / out, people and sharing, export, delete everything."""

from __future__ import annotations

import io
import json
import re
import zipfile

from html_checks import visible_text
from pages_client import AppFactory, Browser

PASSWORD = "correct horse battery staple"


def sign_up(browser: Browser, email: str, password: str = PASSWORD):
    return browser.post(
        "/account/sign-up", {"email": email, "password": password, "password_again": password}
    )


def test_local_mode_needs_no_sign_in(browser: Browser, check_page) -> None:
    page = browser.get("/account")
    check_page(page)
    assert "no sign-in is needed" in visible_text(page.text)
    assert "Sign out" not in page.text
    assert browser.get("/account/sign-in").url.path == "/account"
    assert browser.get("/account/sign-up").url.path == "/account"


def test_people_can_be_added_switched_and_deleted(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    browser.add_person("Dad")
    duplicate = browser.add_person("Mum")
    check_page(duplicate, status=422)
    assert "You already have a patient called 'Mum'" in visible_text(duplicate.text)
    account = browser.get("/account").text
    mum = re.search(r'<option value="([^"]+)"[^>]*>Mum</option>', account).group(1)
    switched = browser.post("/people/choose", {"person": mum, "next": "/records"})
    assert switched.url.path == "/records"
    assert "<h1>Records of Mum</h1>" in switched.text
    confirm = browser.get(f"/account/people/{mum}/delete")
    check_page(confirm)
    deleted = browser.post(f"/account/people/{mum}/delete")
    assert "Deleted Mum and all of their records." in visible_text(deleted.text)
    assert ">Mum</option>" not in deleted.text


def test_export_gives_a_zip_with_the_data_and_the_original_documents(browser: Browser) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt")
    response = browser.post("/account/export")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert any(name.endswith("cbc.txt") for name in names)
    assert data["people"][0]["patient"]["label"] == "Mum"


def test_deleting_everything_needs_confirmation(browser: Browser, check_page) -> None:
    browser.add_person("Mum")
    browser.upload("cbc.txt")
    unconfirmed = browser.post("/account/delete", {})
    check_page(unconfirmed, status=422)
    assert "Please tick the box" in visible_text(unconfirmed.text)
    assert len(browser.document_ids()) == 1
    done = browser.post("/account/delete", {"confirm": "yes"})
    check_page(done)
    assert "All records and people on this computer were deleted." in visible_text(done.text)
    assert "Add a person" in done.text
    assert browser.get("/records").text.count('class="doc-name"') == 0


def test_multi_mode_pages_need_a_signed_in_account(open_app: AppFactory) -> None:
    visitor = open_app("multi")
    for path in ("/records", "/situation", "/second-opinion", "/account/delete"):
        response = visitor.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/account/sign-in"
    assert visitor.get("/ask").status_code == 200
    assert visitor.post("/ask", {"question": "What is MDS?"}).status_code == 200


def test_sign_up_sign_in_and_sign_out(open_app: AppFactory, check_page) -> None:
    visitor = open_app("multi")
    short = sign_up(visitor, "ann@example.org", "short")
    check_page(short, status=422)
    assert "at least 12 characters" in visible_text(short.text)
    mismatch = visitor.post(
        "/account/sign-up",
        {"email": "ann@example.org", "password": PASSWORD, "password_again": PASSWORD + "x"},
    )
    assert mismatch.status_code == 422
    assert "The two passwords are not the same." in visible_text(mismatch.text)
    cookie_before = visitor.client.cookies.get("onconav_session")
    created = sign_up(visitor, "ann@example.org")
    check_page(created)
    assert "Your account is ready." in visible_text(created.text)
    assert "Signed in as ann@example.org" in visible_text(created.text)
    assert visitor.client.cookies.get("onconav_session") != cookie_before
    again = sign_up(open_app("multi"), "ann@example.org")
    assert "An account with this email already exists" in visible_text(again.text)

    signed_out = visitor.post("/account/sign-out")
    assert signed_out.url.path == "/account/sign-in"
    assert "You are signed out." in visible_text(signed_out.text)
    assert visitor.get("/records", follow_redirects=False).status_code == 303

    wrong = visitor.post("/account/sign-in", {"email": "ann@example.org", "password": "nope"})
    check_page(wrong, status=400)
    assert "The email address or the password is not right." in visible_text(wrong.text)
    right = visitor.post(
        "/account/sign-in", {"email": "ann@example.org", "password": PASSWORD, "next": "/records"}
    )
    assert right.url.path == "/records"
    assert right.status_code == 200


def test_sign_in_is_rate_limited(open_app: AppFactory, check_page) -> None:
    visitor = open_app("multi", sign_in_attempts_per_minute=3)
    for _ in range(3):
        visitor.post("/account/sign-in", {"email": "bob@example.org", "password": "wrong"})
    blocked = visitor.post("/account/sign-in", {"email": "bob@example.org", "password": "wrong"})
    check_page(blocked, status=429)
    assert "Too many attempts." in visible_text(blocked.text)


def test_one_address_cannot_try_many_accounts(open_app: AppFactory, check_page) -> None:
    # 3 tries per account, 4 x 3 per address: the 13th try on a 13th account is refused.
    visitor = open_app("multi", sign_in_attempts_per_minute=3)
    for n in range(12):
        tried = visitor.post("/account/sign-in", {"email": f"p{n}@example.org", "password": "x"})
        check_page(tried, status=400)
    blocked = visitor.post("/account/sign-in", {"email": "p99@example.org", "password": "x"})
    check_page(blocked, status=429)


def test_sign_up_is_limited_per_address_whatever_the_email(
    open_app: AppFactory, check_page
) -> None:
    # Sign-up tells whether an email has an account, so new emails must not reset the count.
    visitor = open_app("multi", sign_in_attempts_per_minute=2)
    for n in range(2):
        check_page(sign_up(visitor, f"new{n}@example.org", "short"), status=422)
    check_page(sign_up(visitor, "new9@example.org", "short"), status=429)


def test_an_off_site_next_is_ignored_after_sign_in(open_app: AppFactory) -> None:
    visitor = open_app("multi")
    sign_up(visitor, "cy@example.org")
    visitor.post("/account/sign-out")
    response = visitor.post(
        "/account/sign-in",
        {"email": "cy@example.org", "password": PASSWORD, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/ask"


def test_a_person_can_be_shared_read_only(open_app: AppFactory, check_page) -> None:
    owner, reader = open_app("multi"), open_app("multi")
    sign_up(owner, "owner@example.org")
    sign_up(reader, "reader@example.org")
    owner.add_person("Mum")
    owner.upload("cbc.txt")
    person_id = owner.chosen_person_id("Mum")
    unknown = owner.post(f"/account/people/{person_id}/share", {"email": "nobody@example.org"})
    check_page(unknown, status=422)
    assert "No onconav account uses that email address." in visible_text(unknown.text)
    shared = owner.post(f"/account/people/{person_id}/share", {"email": "reader@example.org"})
    assert "reader@example.org can now read the records of Mum" in visible_text(shared.text)

    records = reader.get("/records")
    check_page(records)
    assert "Mum (shared with you, read-only)" in records.text
    assert 'id="upload-form"' not in records.text
    assert "shared with you to read" in visible_text(records.text)
    document = reader.document_ids()[0]
    view = reader.get(f"/records/{document}")
    assert "Correct this value" not in view.text
    refused = reader.post("/records/upload", files=[("files", ("x.txt", b"Hb 9", "text/plain"))])
    check_page(refused, status=403)
    fact = re.search(r'<li id="value-([^"]+)"', view.text).group(1)
    assert (
        reader.post(f"/records/{document}/values/{fact}/correct", {"value": "1"}).status_code == 403
    )
    assert reader.post(f"/records/{document}/delete").status_code == 403
    assert reader.get(f"/account/people/{person_id}/delete").status_code == 403
    assert reader.get("/situation").status_code == 200

    owner.post(f"/account/people/{person_id}/unshare", {"reader": _user_id(owner, person_id)})
    after = reader.get("/records").text
    assert "Records of Mum" not in after
    assert ">Mum (shared" not in after
    assert reader.get(f"/records/{document}").status_code == 404


def _user_id(owner: Browser, person_id: str) -> str:
    page = owner.get("/account").text
    section = page[page.index(f'action="/account/people/{person_id}/unshare"') :]
    return re.search(r'name="reader" value="([^"]+)"', section).group(1)


def test_one_account_never_sees_another_accounts_people(open_app: AppFactory) -> None:
    first, second = open_app("multi"), open_app("multi")
    sign_up(first, "first@example.org")
    sign_up(second, "second@example.org")
    first.add_person("Mum")
    first.upload("cbc.txt")
    document = first.document_ids()[0]
    person_id = first.chosen_person_id("Mum")
    assert second.get(f"/records/{document}").status_code == 404
    assert second.get(f"/situation/{person_id}/chart.svg").status_code == 404
    assert second.post(f"/account/people/{person_id}/delete").status_code == 404
    chosen = second.post("/people/choose", {"person": person_id, "next": "/records"})
    assert "Records of Mum" not in chosen.text
    assert ">Mum<" not in chosen.text


def test_deleting_a_multi_mode_account_signs_it_out_everywhere(open_app: AppFactory) -> None:
    here, there = open_app("multi"), open_app("multi")
    sign_up(here, "dee@example.org")
    there.post("/account/sign-in", {"email": "dee@example.org", "password": PASSWORD})
    assert there.get("/records", follow_redirects=False).status_code == 200
    done = here.post("/account/delete", {"confirm": "yes"})
    assert done.url.path == "/account/sign-up"
    assert "Your account and everything in it were deleted." in visible_text(done.text)
    assert there.get("/records", follow_redirects=False).status_code == 303
    gone = here.post("/account/sign-in", {"email": "dee@example.org", "password": PASSWORD})
    assert gone.status_code == 400


def test_the_owner_sees_who_read_the_records(open_app: AppFactory, check_page) -> None:
    owner, reader = open_app("multi"), open_app("multi")
    sign_up(owner, "keeper@example.org")
    sign_up(reader, "looker@example.org")
    owner.add_person("Mum")
    owner.upload("cbc.txt")
    person_id = owner.chosen_person_id("Mum")
    owner.post(f"/account/people/{person_id}/share", {"email": "looker@example.org"})
    reader.get(f"/records/{reader.document_ids()[0]}")
    activity = owner.get(f"/account/people/{person_id}/activity")
    check_page(activity)
    text = visible_text(activity.text)
    assert "looker@example.org viewed a document" in text
    assert "You added a document" in text
    assert "You shared the records read-only with another account" in text
    # Only the owner sees the trail.
    assert reader.get(f"/account/people/{person_id}/activity").status_code == 403


def test_visitors_without_an_account_have_a_question_budget(open_app: AppFactory) -> None:
    visitor = open_app("multi")
    for _ in range(30):
        assert visitor.get("/ask?q=What+is+MDS%3F").status_code == 200
    limited = visitor.get("/ask?q=What+is+MDS%3F")
    assert limited.status_code == 429
    assert "Too many questions in a minute." in visible_text(limited.text)
    sign_up(visitor, "asker@example.org")
    assert visitor.get("/ask?q=What+is+MDS%3F").status_code == 200
