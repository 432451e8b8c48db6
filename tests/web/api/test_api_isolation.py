"""Two-user isolation for every API endpoint.

Person A keeps records for "Mum": an upload, a correction, a share with C. Person B, and
a visitor who is not signed in, then try every endpoint against A's data: B gets 404
(never 403, which would reveal that the record exists), the visitor 401, and A's data
is unchanged afterwards. A read-only share lets B read but not change; unsharing ends it.

The cases are keyed by the app's own routes, so a new endpoint without a case here
fails ``test_every_api_route_has_an_isolation_case``.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from web_api_helpers import RECORDS, Api, document_ids

from onconav.answer.engine import AnswerEngine
from onconav.settings import Settings
from onconav.web.app import create_app

Kind = Literal["read", "write", "owner_read", "job", "own", "public"]


@dataclass
class World:
    app: FastAPI
    owner: Api
    stranger: Api
    third: Api  # A shares with C, so that unsharing by someone else would show
    anonymous: Api
    new_api: Callable[[], Api]
    patient_id: str
    document_id: str
    job_id: str
    emails: dict[str, str] = field(default_factory=dict)

    def path(self, template: str) -> str:
        return template.format(
            patient_id=self.patient_id,
            document_id=self.document_id,
            job_id=self.job_id,
            reader_id=self.third.user_id,
        )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, web_engine: AnswerEngine) -> Iterator[World]:
    home: Path = tmp_path_factory.mktemp("isolation")
    settings = Settings(
        home=home,
        web_mode="multi",
        database_url=None,
        secret_key=None,
        session_key=None,
        # Many accounts are made from one test address; the limit has its own test.
        sign_in_attempts_per_minute=1000,
    )
    app = create_app(settings, engine=web_engine)
    owner = Api(app).sign_up("a@example.org")
    stranger = Api(app).sign_up("b@example.org")
    third = Api(app).sign_up("c@example.org")
    patient_id = owner.new_patient("Mum")
    job = owner.upload(patient_id, "cbc.txt")
    assert job["status"] == "done", job
    corrected = owner.post(
        f"/patients/{patient_id}/corrections", json={"name": "hemoglobin", "value": 9.6}
    )
    assert corrected.status_code == 201, corrected.text
    shared = owner.post(f"/patients/{patient_id}/readers", json={"email": "c@example.org"})
    assert shared.status_code == 201, shared.text
    yield World(
        app=app,
        owner=owner,
        stranger=stranger,
        third=third,
        anonymous=Api(app),
        new_api=lambda: Api(app),
        patient_id=patient_id,
        document_id=document_ids(job)[0],
        job_id=job["id"],
        emails={"owner": "a@example.org", "stranger": "b@example.org"},
    )
    app.state.onconav.jobs.shutdown()
    app.state.onconav.store.close()


def owner_view(world: World) -> dict[str, Any]:
    """What A sees of A's data; any change by someone else would show here."""
    a, pid = world.owner, world.patient_id
    profile = a.get(f"/patients/{pid}/profile").json()
    return {
        "patient": a.get(f"/patients/{pid}").json(),
        "documents": [d["id"] for d in a.get(f"/patients/{pid}/documents").json()],
        "readers": sorted(r["id"] for r in a.get(f"/patients/{pid}/readers").json()),
        "hemoglobin": profile["latest"]["hemoglobin"]["value"],
        "original": hashlib.sha256(
            a.get(f"/documents/{world.document_id}/original").content
        ).hexdigest(),
        "patients": [p["id"] for p in a.get("/patients").json()],
    }


def body_for(case_path: str, method: str, world: World, actor: Api) -> dict[str, Any]:
    """A request that would do real harm (or leak) if the access checks were missing."""
    if method == "POST" and case_path.endswith("/documents"):
        return {"files": [("files", ("cbc.txt", (RECORDS / "ngs.txt").read_bytes(), "text/plain"))]}
    if case_path.endswith("/corrections"):
        return {"json": {"name": "hemoglobin", "value": 1.0}}
    if method == "POST" and case_path.endswith("/readers"):
        # Sharing A's record with oneself would be a way in.
        actor_email = world.emails.get("stranger", "b@example.org")
        return {"json": {"email": actor_email}}
    if case_path.endswith("/ask"):
        return {"json": {"question": "What do my results mean?", "patient_id": world.patient_id}}
    if case_path.endswith("/packet"):
        return {"params": {"format": "html"}}
    return {}


def _export_mentions(response_content: bytes, needles: list[str]) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(response_content)) as archive:
        text = archive.read("data.json").decode()
        names = archive.namelist()
    return [n for n in needles if n in text or any(n in name for name in names)]


# Checks for endpoints that do not address A's data by id: each shows that what B (or a
# visitor) gets holds nothing of A's, and that A's data is unchanged.


def _session(world: World, actor: Api, anonymous: bool) -> None:
    user = actor.get("/session").json()["user"]
    assert user is None if anonymous else user["id"] == actor.user_id


def _sign_up_as_owner(world: World, actor: Api, anonymous: bool) -> None:
    response = actor.post("/auth/sign-up", json={"email": "a@example.org", "password": "x" * 20})
    assert response.status_code == 400  # the account exists; it is not taken over


def _sign_in_as_owner(world: World, actor: Api, anonymous: bool) -> None:
    response = actor.post("/auth/sign-in", json={"email": "a@example.org", "password": "x" * 20})
    assert response.status_code == 401


def _sign_out(world: World, actor: Api, anonymous: bool) -> None:
    leaving = world.new_api()
    if not anonymous:
        leaving.sign_up(f"leaving-{id(leaving)}@example.org")
    assert leaving.post("/auth/sign-out").status_code == 200
    assert leaving.get("/patients").status_code == 401
    assert world.owner.get(f"/patients/{world.patient_id}").status_code == 200


def _list_patients(world: World, actor: Api, anonymous: bool) -> None:
    response = actor.get("/patients")
    if anonymous:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert world.patient_id not in [p["id"] for p in response.json()]


def _create_patient(world: World, actor: Api, anonymous: bool) -> None:
    response = actor.post("/patients", json={"label": "Mum"})
    if anonymous:
        assert response.status_code == 401
        return
    assert response.status_code == 201
    assert response.json()["id"] != world.patient_id
    assert response.json()["owner_id"] == actor.user_id


def _export(world: World, actor: Api, anonymous: bool) -> None:
    response = actor.get("/account/export")
    if anonymous:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert _export_mentions(response.content, [world.patient_id, world.document_id]) == []


def _delete_account(world: World, actor: Api, anonymous: bool) -> None:
    if anonymous:
        assert actor.delete("/account").status_code == 401
        return
    leaving = world.new_api().sign_up(f"deleting-{id(actor)}@example.org")
    assert leaving.delete("/account").status_code == 204
    assert leaving.get("/patients").status_code == 401


def _centers(world: World, actor: Api, anonymous: bool) -> None:
    response = actor.get("/centers", params={"zip": "94110"})
    assert response.status_code == 200
    assert json.dumps(response.json()).find(world.patient_id) == -1


@dataclass(frozen=True)
class Case:
    kind: Kind
    check: Callable[[World, Api, bool], None] | None = None


CASES: dict[tuple[str, str], Case] = {
    ("GET", "/api/v1/session"): Case("public", _session),
    ("POST", "/api/v1/auth/sign-up"): Case("public", _sign_up_as_owner),
    ("POST", "/api/v1/auth/sign-in"): Case("public", _sign_in_as_owner),
    ("POST", "/api/v1/auth/sign-out"): Case("public", _sign_out),
    ("POST", "/api/v1/ask"): Case("read"),
    ("GET", "/api/v1/patients"): Case("own", _list_patients),
    ("POST", "/api/v1/patients"): Case("own", _create_patient),
    ("GET", "/api/v1/patients/{patient_id}"): Case("read"),
    ("DELETE", "/api/v1/patients/{patient_id}"): Case("write"),
    ("GET", "/api/v1/patients/{patient_id}/readers"): Case("owner_read"),
    ("POST", "/api/v1/patients/{patient_id}/readers"): Case("write"),
    ("DELETE", "/api/v1/patients/{patient_id}/readers/{reader_id}"): Case("write"),
    ("GET", "/api/v1/patients/{patient_id}/audit"): Case("owner_read"),
    ("POST", "/api/v1/patients/{patient_id}/documents"): Case("write"),
    ("GET", "/api/v1/jobs/{job_id}"): Case("job"),
    ("GET", "/api/v1/patients/{patient_id}/documents"): Case("read"),
    ("GET", "/api/v1/documents/{document_id}"): Case("read"),
    ("GET", "/api/v1/documents/{document_id}/original"): Case("read"),
    ("DELETE", "/api/v1/documents/{document_id}"): Case("write"),
    ("GET", "/api/v1/patients/{patient_id}/profile"): Case("read"),
    ("GET", "/api/v1/patients/{patient_id}/risk"): Case("read"),
    ("POST", "/api/v1/patients/{patient_id}/corrections"): Case("write"),
    ("GET", "/api/v1/patients/{patient_id}/packet"): Case("read"),
    ("GET", "/api/v1/centers"): Case("public", _centers),
    ("GET", "/api/v1/account/export"): Case("own", _export),
    ("DELETE", "/api/v1/account"): Case("own", _delete_account),
}
BY_ID = [pytest.param(key, id=f"{key[0]} {key[1]}") for key in CASES]


def _attempt(world: World, actor: Api, key: tuple[str, str]) -> int:
    method, template = key
    path = world.path(template.removeprefix("/api/v1"))
    return actor.request(method, path, **body_for(template, method, world, actor)).status_code


def test_every_api_route_has_an_isolation_case(world: World) -> None:
    # The OpenAPI schema lists every included route with its full path (FastAPI no longer
    # flattens included routers into ``app.routes``).
    routes = {
        (method.upper(), path)
        for path, operations in world.app.openapi()["paths"].items()
        if path.startswith("/api/")
        for method in operations
    }
    assert routes == set(CASES), (
        f"without a case: {sorted(routes - set(CASES))}; stale: {sorted(set(CASES) - routes)}"
    )


@pytest.mark.parametrize("key", BY_ID)
def test_another_person_cannot_reach_the_data(world: World, key: tuple[str, str]) -> None:
    case = CASES[key]
    before = owner_view(world)
    if case.check is not None:
        case.check(world, world.stranger, False)
    else:
        assert _attempt(world, world.stranger, key) == 404
    assert owner_view(world) == before


@pytest.mark.parametrize("key", BY_ID)
def test_a_visitor_who_is_not_signed_in_cannot_reach_the_data(
    world: World, key: tuple[str, str]
) -> None:
    case = CASES[key]
    before = owner_view(world)
    if case.check is not None:
        case.check(world, world.anonymous, True)
    else:
        assert _attempt(world, world.anonymous, key) == 401
    assert owner_view(world) == before


READER_STATUS = {"read": 200, "write": 403, "owner_read": 403, "job": 404}


def test_a_read_only_share_lets_the_reader_read_but_not_change_and_unsharing_ends_it(
    world: World,
) -> None:
    owner, reader = world.owner, world.stranger
    pid = world.patient_id
    # Every refused attempt above left no trace of a read in A's audit log.
    trail = owner.get(f"/patients/{pid}/audit").json()
    assert [e for e in trail if e["actor_id"] == reader.user_id] == []
    assert (
        owner.post(f"/patients/{pid}/readers", json={"email": "b@example.org"}).status_code == 201
    )
    listed = {p["id"]: p["access"] for p in reader.get("/patients").json()}
    assert listed.get(pid) == "read"
    before = owner_view(world)
    wrong: list[str] = []
    for key, case in CASES.items():
        if case.kind in READER_STATUS:
            status = _attempt(world, reader, key)
            if status != READER_STATUS[case.kind]:
                wrong.append(f"{key}: {status}, expected {READER_STATUS[case.kind]}")
    assert wrong == []
    assert owner_view(world) == before

    assert owner.delete(f"/patients/{pid}/readers/{reader.user_id}").status_code == 204
    assert pid not in [p["id"] for p in reader.get("/patients").json()]
    still_open = [
        f"{key}: {status}"
        for key, case in CASES.items()
        if case.kind in READER_STATUS and (status := _attempt(world, reader, key)) != 404
    ]
    assert still_open == []
    unshared = sorted(r for r in before["readers"] if r != reader.user_id)
    assert owner_view(world) == {**before, "readers": unshared}


def test_the_owner_sees_who_read_what_and_never_any_content(world: World) -> None:
    owner, pid = world.owner, world.patient_id
    owner.post(f"/patients/{pid}/readers", json={"email": "b@example.org"})
    world.stranger.get(f"/documents/{world.document_id}")
    world.stranger.get(f"/patients/{pid}/profile")
    owner.delete(f"/patients/{pid}/readers/{world.stranger.user_id}")
    trail = owner.get(f"/patients/{pid}/audit").json()
    by_reader = [
        (e["action"], e["actor_email"]) for e in trail if e["actor_id"] == world.stranger.user_id
    ]
    assert ("document.view", "b@example.org") in by_reader
    assert ("profile.view", "b@example.org") in by_reader
    actions = {e["action"] for e in trail}
    assert {"patient.create", "document.add", "fact.correct", "patient.share"} <= actions
    text = json.dumps(trail)
    for content in ("Mum", "hemoglobin", "g/dL", "cbc.txt"):
        assert content not in text
