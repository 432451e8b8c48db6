"""A small client for the JSON API as a person's browser would use it: one cookie jar per
person, the session's CSRF token sent with every change."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from onconav.web.sessions import CSRF_HEADER

API = "/api/v1"
BASE_URL = "https://localhost"
RECORDS = Path(__file__).parents[2] / "records" / "data"
PASSWORD = "a long enough passphrase"
# The `app_factory` fixture of tests/web/conftest.py: make(mode="local", **settings).
AppFactory = Callable[..., FastAPI]


def web_client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=BASE_URL)


class Api:
    def __init__(self, app: FastAPI) -> None:
        self.client = TestClient(app, base_url=BASE_URL)
        self.csrf: str = self.client.get(f"{API}/session").json()["csrf_token"]
        self.user_id: str | None = None

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if method != "GET":
            headers.setdefault(CSRF_HEADER, self.csrf)
        return self.client.request(method, f"{API}{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def sign_up(self, email: str, password: str = PASSWORD) -> Api:
        response = self.post("/auth/sign-up", json={"email": email, "password": password})
        assert response.status_code == 201, response.text
        self._signed_in(response)
        return self

    def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        response = self.post("/auth/sign-in", json={"email": email, "password": password})
        if response.status_code == 200:
            self._signed_in(response)
        return response

    def _signed_in(self, response: httpx.Response) -> None:
        body = response.json()
        self.csrf = body["csrf_token"]
        self.user_id = body["user"]["id"]

    def new_patient(self, label: str) -> str:
        response = self.post("/patients", json={"label": label})
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def upload(self, patient_id: str, *names: str) -> dict[str, Any]:
        """Upload files from tests/records/data and wait for the job to finish."""
        files = [("files", (name, (RECORDS / name).read_bytes(), "text/plain")) for name in names]
        response = self.post(f"/patients/{patient_id}/documents", files=files)
        assert response.status_code == 202, response.text
        return self.wait(response.json()["id"])

    def wait(self, job_id: str, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job: dict[str, Any] = self.get(f"/jobs/{job_id}").json()
            if job["status"] in ("done", "failed"):
                return job
            time.sleep(0.05)
        raise AssertionError(f"upload job {job_id} did not finish in {timeout} s")


def document_ids(job: dict[str, Any]) -> list[str]:
    return [d["document"]["id"] for f in job["results"] for d in f["documents"]]
