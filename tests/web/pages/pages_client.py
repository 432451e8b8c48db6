"""A test client that behaves like a browser, for the page tests."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

RECORDS = Path(__file__).resolve().parents[2] / "records" / "data"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
EXAMPLE_QUESTION = "How do I get a second opinion for MDS without offending my oncologist?"


class Browser:
    """A test client that behaves like a browser: keeps cookies, sends the CSRF token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        response = self.client.get(url, **kwargs)
        self._remember_token(response)
        return response

    def post(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        csrf: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        if not self.csrf:
            self.get("/ask")
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.csrf)
        response = self.client.post(url, data=form, **kwargs)
        self._remember_token(response)
        return response

    def _remember_token(self, response: httpx.Response) -> None:
        if response.headers.get("content-type", "").startswith("text/html"):
            found = CSRF_INPUT.search(response.text)
            if found:
                self.csrf = found.group(1)

    def add_person(self, label: str = "Mum") -> httpx.Response:
        return self.post("/account/people", {"label": label, "next": "/records"})

    def upload(self, *names: str, extra: list[tuple[str, bytes]] = ()) -> httpx.Response:
        """Upload files (from tests/records/data, plus ``extra``) and wait for the results."""
        files = [("files", (name, (RECORDS / name).read_bytes(), "text/plain")) for name in names]
        files += [("files", (name, data, "application/octet-stream")) for name, data in extra]
        started = self.post("/records/upload", files=files)
        assert started.status_code == 200, started.text
        job_url = started.url.path
        assert job_url.startswith("/records/uploads/"), job_url
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            page = self.get(job_url)
            if "What was found" in page.text or "Something went wrong" in page.text:
                return page
            time.sleep(0.2)
        raise AssertionError("the upload did not finish in time")

    def chosen_person_id(self, label: str) -> str:
        """The id of ``label``, who must be the person selected in the header's switcher."""
        pattern = rf'<option value="([^"]+)" selected>{re.escape(label)}</option>'
        chosen = re.search(pattern, self.get("/ask").text)
        assert chosen is not None, f"{label} is not the person chosen"
        return chosen.group(1)

    def document_ids(self) -> list[str]:
        return re.findall(r'class="doc-name" href="/records/([^"]+)"', self.get("/records").text)


AppFactory = Callable[..., Browser]
