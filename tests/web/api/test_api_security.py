"""Cookies, CSRF, sign-in limits, upload limits, the Host check, security headers, start-up
rules, separate keys, local mode, and logs that never hold record content."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from web_api_helpers import API, RECORDS, Api, AppFactory, web_client

from onconav.settings import Settings
from onconav.store.keys import KEY_FILE_NAME
from onconav.web.security import StartupRefusedError, check_startup
from onconav.web.sessions import COOKIE_NAME, CSRF_HEADER, SESSION_KEY_FILE

MEGABYTE = 1024 * 1024
SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
)


def changing_routes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/api/")
        for method in operations
        if method.upper() != "GET"
    )


@pytest.fixture
def multi(app_factory: AppFactory) -> FastAPI:
    return app_factory("multi", max_upload_bytes=MEGABYTE, sign_in_attempts_per_minute=3)


# Cookies and sessions --------------------------------------------------------------------


def test_the_session_cookie_is_secure_http_only_and_same_site_lax(multi: FastAPI) -> None:
    response = web_client(multi).get(f"{API}/session")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax", "path=/"} <= attributes


def test_sign_in_rotates_the_session_and_sign_out_ends_it(multi: FastAPI) -> None:
    Api(multi).sign_up("a@example.org")
    person = Api(multi)
    before_cookie = person.client.cookies[COOKIE_NAME]
    before_token = person.csrf
    assert person.sign_in("a@example.org").status_code == 200
    assert person.client.cookies[COOKIE_NAME] != before_cookie
    assert person.csrf != before_token
    signed_in_cookie = person.client.cookies[COOKIE_NAME]
    # The pre-sign-in session id (a fixation attempt) does not carry the sign-in.
    fixated = web_client(multi)
    fixated.cookies.set(COOKIE_NAME, before_cookie)
    assert fixated.get(f"{API}/session").json()["user"] is None

    assert person.post("/auth/sign-out").status_code == 200
    assert person.get("/patients").status_code == 401
    replay = web_client(multi)
    replay.cookies.set(COOKIE_NAME, signed_in_cookie)
    assert replay.get(f"{API}/patients").status_code == 401


def test_every_change_needs_the_session_csrf_token(multi: FastAPI) -> None:
    person = Api(multi).sign_up("a@example.org")
    patient_id = person.new_patient("Mum")
    routes = changing_routes(multi)
    assert len(routes) >= 10
    accepted: list[str] = []
    for method, template in routes:
        path = template.removeprefix(API).format(
            patient_id=patient_id, document_id="d", reader_id="r"
        )
        for token in (None, "wrong-token", Api(multi).csrf):  # none, made up, another session's
            headers = {} if token is None else {CSRF_HEADER: token}
            response = person.client.request(method, f"{API}{path}", headers=headers)
            if response.status_code != 403:
                accepted.append(f"{method} {template} with {token!r}: {response.status_code}")
    assert accepted == []
    # Nothing was changed by the refused calls.
    assert [p["id"] for p in person.get("/patients").json()] == [patient_id]
    assert person.get("/session").json()["user"]["email"] == "a@example.org"


def test_sign_in_is_limited_per_minute(multi: FastAPI) -> None:
    Api(multi).sign_up("a@example.org")
    guesser = Api(multi)
    statuses = [guesser.sign_in("a@example.org", "wrong password!").status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    limited = guesser.sign_in("a@example.org")  # even the right password, for now
    assert limited.status_code == 429
    assert "wait a minute" in limited.json()["detail"]
    # Another account is not locked out by attempts on this one.
    Api(multi).sign_up("b@example.org")
    assert Api(multi).sign_in("b@example.org").status_code == 200


# Uploads ---------------------------------------------------------------------------------


@pytest.fixture
def uploader(multi: FastAPI) -> tuple[Api, str]:
    person = Api(multi).sign_up("a@example.org")
    return person, person.new_patient("Mum")


def test_an_upload_over_the_limit_is_refused_with_413(uploader: tuple[Api, str]) -> None:
    person, patient_id = uploader
    path = f"/patients/{patient_id}/documents"
    # Over the request limit (file limit plus framing): cut by the middleware.
    whole = person.post(path, files=[("files", ("big.txt", b"a" * (3 * MEGABYTE), "text/plain"))])
    assert whole.status_code == 413
    assert "1 MB" in whole.text
    # Within the request limit, but one file is over the per-file limit.
    one = person.post(
        path,
        files=[
            ("files", ("cbc.txt", (RECORDS / "cbc.txt").read_bytes(), "text/plain")),
            ("files", ("big.txt", b"a" * (MEGABYTE + 10), "text/plain")),
        ],
    )
    assert one.status_code == 413
    assert "big.txt is too large" in one.json()["detail"]
    assert person.get(f"/patients/{patient_id}/documents").json() == []


def test_a_streamed_upload_without_a_declared_length_is_cut_at_the_limit(
    uploader: tuple[Api, str],
) -> None:
    person, patient_id = uploader

    def chunks() -> Iterator[bytes]:
        yield b"--b\r\nContent-Disposition: form-data; name=files; filename=big.txt\r\n\r\n"
        for _ in range(3 * 16):
            yield b"a" * (64 * 1024)
        yield b"\r\n--b--\r\n"

    response = person.post(
        f"/patients/{patient_id}/documents",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 413
    assert person.get(f"/patients/{patient_id}/documents").json() == []


def test_a_renamed_program_is_refused_by_its_content(uploader: tuple[Api, str]) -> None:
    person, patient_id = uploader
    program = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 20
    response = person.post(
        f"/patients/{patient_id}/documents",
        files=[("files", ("lab-report.pdf", program, "application/pdf"))],
    )
    assert response.status_code == 415
    detail = response.json()["detail"]
    assert "lab-report.pdf" in detail
    assert "We can read PDF" in detail
    assert person.get(f"/patients/{patient_id}/documents").json() == []


def test_in_a_batch_a_refused_file_is_reported_and_the_rest_is_added(
    uploader: tuple[Api, str],
) -> None:
    person, patient_id = uploader
    response = person.post(
        f"/patients/{patient_id}/documents",
        files=[
            ("files", ("setup.exe", b"MZ\x90\x00" + bytes(range(256)) * 4, "text/plain")),
            ("files", ("cbc.txt", (RECORDS / "cbc.txt").read_bytes(), "text/plain")),
        ],
    )
    assert response.status_code == 202
    job = person.wait(response.json()["id"])
    outcome = {f["name"]: (f["status"], f["error_code"]) for f in job["results"]}
    assert outcome == {"setup.exe": ("error", "unknown_format"), "cbc.txt": ("added", None)}


# Host check, headers, errors ---------------------------------------------------------------


def test_an_unknown_host_is_refused(app_factory: AppFactory) -> None:
    local = web_client(app_factory())
    assert local.get("/healthz").status_code == 200
    rebinding = local.get("/healthz", headers={"host": "attacker.example:8000"})
    assert rebinding.status_code == 400
    hosted = web_client(app_factory("multi", allowed_hosts=["onconav.example.org"]))
    assert hosted.get("/healthz", headers={"host": "onconav.example.org"}).status_code == 200
    assert hosted.get("/healthz", headers={"host": "other.example.org"}).status_code == 400


def test_every_response_carries_the_security_headers(
    multi: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Api(multi).sign_up("a@example.org")
    patient_id = person.new_patient("Mum")
    client = person.client

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("an unexpected failure")

    monkeypatch.setattr(multi.state.onconav.engine, "ask", fail)
    responses = {
        "ok": client.get(f"{API}/session"),
        "static": client.get("/static/htmx.min.js"),
        "docs": client.get("/api/docs"),
        "not found": client.get(f"{API}/patients/nobody"),
        "no route": client.get(f"{API}/no-such-thing"),
        "csrf": client.post(f"{API}/patients", json={"label": "x"}),
        "invalid": person.post("/patients", json={}),
        "signed out": web_client(multi).get(f"{API}/patients"),
        "host": client.get("/healthz", headers={"host": "attacker.example"}),
        "api host": client.get(f"{API}/session", headers={"host": "attacker.example"}),
        "too large": person.post(
            f"/patients/{patient_id}/documents",
            files=[("files", ("big.txt", b"a" * (3 * MEGABYTE), "text/plain"))],
        ),
        "server error": person.post("/ask", json={"question": "What is MDS?"}),
    }
    expected = {
        "ok": 200,
        "static": 200,
        "docs": 200,
        "not found": 404,
        "no route": 404,
        "csrf": 403,
        "invalid": 422,
        "signed out": 401,
        "host": 400,
        "api host": 400,
        "too large": 413,
        "server error": 500,
    }
    assert {name: r.status_code for name, r in responses.items()} == expected
    missing = {
        name: [h for h in SECURITY_HEADERS if h not in response.headers]
        for name, response in responses.items()
    }
    assert all(not headers for headers in missing.values()), missing
    pages = {name: r for name, r in responses.items() if name != "static"}
    assert all(r.headers.get("cache-control") == "no-store" for r in pages.values())
    api_errors = {
        name: r
        for name, r in responses.items()
        if r.status_code >= 400 and r.request.url.path.startswith("/api/")
    }
    assert len(api_errors) == 8
    for name, response in api_errors.items():
        assert response.headers["content-type"] == "application/json", name
        assert isinstance(response.json()["detail"], str), name
        assert "Traceback" not in response.text, name


def test_errors_are_json_with_a_readable_detail_and_no_traceback(
    multi: FastAPI, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    person = Api(multi).sign_up("a@example.org")
    secret = "what my hemoglobin of 8.9 means for Jane"

    def fail(question: str, **_kwargs: object) -> None:
        raise ValueError(f"could not answer {question!r}")

    monkeypatch.setattr(multi.state.onconav.engine, "ask", fail)
    with caplog.at_level(logging.DEBUG):
        crashed = person.post("/ask", json={"question": secret})
    assert crashed.status_code == 500
    assert crashed.json()["detail"].startswith("Something went wrong on our side")
    assert "Traceback" not in crashed.text
    assert secret not in crashed.text
    assert secret not in caplog.text
    assert "ValueError" in caplog.text  # where it happened is still logged

    invalid = person.post("/patients/x/corrections", json={"name": "hemoglobin", "value": []})
    assert invalid.status_code in (404, 422)
    missing_field = person.post("/ask", json={"patient_id": "x"})
    assert missing_field.status_code == 422
    assert missing_field.json() == {
        "detail": "Please check what was sent — question: Field required."
    }


# Start-up rules and keys -----------------------------------------------------------------


def test_local_mode_refuses_to_start_on_a_public_address(tmp_path: Path) -> None:
    with pytest.raises(StartupRefusedError, match="only runs on this computer"):
        check_startup(Settings(home=tmp_path, web_mode="local", host="0.0.0.0"))
    check_startup(Settings(home=tmp_path, web_mode="local", host="127.0.0.1"))


def test_multi_mode_on_a_public_address_needs_both_keys(tmp_path: Path) -> None:
    data_key = SecretStr("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
    session_key = SecretStr("another-key-used-only-for-signing-sessions")
    public = {"home": tmp_path, "web_mode": "multi", "host": "0.0.0.0"}
    with pytest.raises(StartupRefusedError, match="ONCONAV_SECRET_KEY and ONCONAV_SESSION_KEY"):
        check_startup(Settings(**public))
    with pytest.raises(StartupRefusedError, match="without ONCONAV_SESSION_KEY"):
        check_startup(Settings(**public, secret_key=data_key))
    with pytest.raises(StartupRefusedError, match="Secure cookies"):
        check_startup(
            Settings(**public, secret_key=data_key, session_key=session_key, secure_cookies=False)
        )
    check_startup(Settings(**public, secret_key=data_key, session_key=session_key))
    # On loopback, multi mode may generate its key files.
    check_startup(Settings(home=tmp_path, web_mode="multi", host="127.0.0.1"))


def test_sessions_are_signed_with_a_key_file_apart_from_the_data_key(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    home = tmp_path / "keys-home"
    app = app_factory("multi", home=home)
    web_client(app).get(f"{API}/session")
    session_key = home / SESSION_KEY_FILE
    data_key = home / KEY_FILE_NAME
    assert session_key.is_file()
    assert data_key.is_file()
    assert session_key != data_key
    assert session_key.read_bytes().strip() != data_key.read_bytes().strip()
    for key in (session_key, data_key):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_a_given_data_key_is_never_used_to_sign_sessions(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    home = tmp_path / "given-key-home"
    given = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    app_factory("multi", home=home, secret_key=SecretStr(given))
    assert not (home / KEY_FILE_NAME).exists()
    assert given.encode() not in (home / SESSION_KEY_FILE).read_bytes()


# Local mode ------------------------------------------------------------------------------


def test_local_mode_works_without_signing_in(app_factory: AppFactory) -> None:
    person = Api(app_factory())
    session = person.get("/session").json()
    assert session["mode"] == "local"
    assert session["user"]["email"] is None
    patient_id = person.new_patient("Mum")
    job = person.upload(patient_id, "cbc.txt")
    assert job["results"][0]["status"] == "added"
    answer = person.post("/ask", json={"question": "What is MDS?", "patient_id": patient_id})
    assert answer.status_code == 200
    for action in ("sign-up", "sign-in", "sign-out"):
        refused = person.post(f"/auth/{action}", json={"email": "a@example.org", "password": "x"})
        if action == "sign-out":
            refused = person.post("/auth/sign-out")
        assert refused.status_code == 400
        assert "local mode" in refused.json()["detail"]


# Logs ------------------------------------------------------------------------------------


def test_logs_hold_no_record_content_or_question(
    app_factory: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    person = Api(app_factory())
    question = "Does a marrow blast count like Aunt Philippa's change her outlook?"
    with caplog.at_level(logging.DEBUG):
        patient_id = person.new_patient("Aunt Philippa")
        job = person.upload(patient_id, "cbc.txt", "marrow.txt")
        assert job["status"] == "done"
        assert person.post("/ask", json={"question": question}).status_code == 200
        personal = person.post("/ask", json={"question": question, "patient_id": patient_id})
        assert personal.status_code == 200
    assert caplog.records, "nothing was logged at all: the capture is not working"
    logged = caplog.text
    for content in (
        question,
        "Philippa",
        "DOE, JANE",
        "Jane A Doe",
        "Valley Medical Laboratory",
        "12.0-15.5",
        "Aspirate differential",
    ):
        assert content not in logged
