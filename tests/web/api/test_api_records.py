"""The records flow through the API: upload with progress, documents, profile, corrections,
risk, answers about a person, the packet, centres, export and deletion."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from web_api_helpers import RECORDS, Api, AppFactory, document_ids

ONCONAV = str(Path(sys.executable).with_name("onconav"))
FILES = ("cbc.txt", "marrow.txt", "ngs.txt")


@pytest.fixture
def local(app_factory: AppFactory, tmp_path: Path) -> FastAPI:
    return app_factory(home=tmp_path / "local-home")


@pytest.fixture
def with_records(local: FastAPI) -> tuple[Api, str, dict[str, Any]]:
    person = Api(local)
    patient_id = person.new_patient("Mum")
    return person, patient_id, person.upload(patient_id, *FILES)


def cli_json(home: Path, *args: str) -> Any:
    env = {**os.environ, "ONCONAV_HOME": str(home)}
    result = subprocess.run(
        [ONCONAV, *args, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_upload_reports_each_file_and_what_was_found(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, patient_id, job = with_records
    assert job["status"] == "done"
    assert job["names"] == list(FILES)
    assert [f["status"] for f in job["results"]] == ["added"] * 3
    marrow = job["results"][1]["documents"][0]
    assert marrow["found"]["karyotype"] == 1
    assert marrow["found"]["marrow"] >= 5
    listed = person.get(f"/patients/{patient_id}/documents").json()
    assert sorted(d["id"] for d in listed) == sorted(document_ids(job))

    again = person.upload(patient_id, "cbc.txt")
    assert again["results"][0]["status"] == "already added"
    assert len(person.get(f"/patients/{patient_id}/documents").json()) == 3


def test_a_document_shows_its_text_with_each_fact_located_and_downloads_unchanged(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, _, job = with_records
    cbc_id = job["results"][0]["documents"][0]["document"]["id"]
    detail = person.get(f"/documents/{cbc_id}").json()
    pages = {page["number"]: page["text"] for page in detail["pages"]}
    hemoglobin = next(f for f in detail["facts"] if f["name"] == "hemoglobin")
    assert (hemoglobin["value"], hemoglobin["unit"]) == (8.9, "g/dL")
    where = hemoglobin["provenance"]
    assert where["text"] in pages[where["page"]]
    assert "8.9" in pages[where["page"]][where["start"] : where["end"]]

    original = person.get(f"/documents/{cbc_id}/original")
    assert original.status_code == 200
    assert original.content == (RECORDS / "cbc.txt").read_bytes()
    assert original.headers["content-disposition"] == 'attachment; filename="cbc.txt"'
    assert original.headers["content-type"].startswith("text/plain")


def test_the_profile_and_risk_are_what_the_command_line_prints(
    with_records: tuple[Api, str, dict[str, Any]], tmp_path: Path
) -> None:
    person, patient_id, _ = with_records
    profile = person.get(f"/patients/{patient_id}/profile")
    risk = person.get(f"/patients/{patient_id}/risk")
    assert profile.status_code == risk.status_code == 200
    home = tmp_path / "local-home"
    assert profile.json() == cli_json(home, "profile", "--patient", "Mum")
    assert risk.json() == cli_json(home, "risk", "--patient", "Mum")
    assert risk.json()["ipssr"]["category"] is not None


def test_a_correction_is_used_and_the_original_kept(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, patient_id, _ = with_records
    corrected = person.post(
        f"/patients/{patient_id}/corrections",
        json={"name": "hemoglobin", "value": 9.6, "unit": "g/dL", "note": "typo in the report"},
    )
    assert corrected.status_code == 201, corrected.text
    body = corrected.json()
    assert body["original"]["value"] == 8.9
    assert body["correction"]["value"] == 9.6
    profile = person.get(f"/patients/{patient_id}/profile").json()
    assert profile["latest"]["hemoglobin"]["value"] == 9.6
    assert 8.9 in [f["value"] for f in profile["facts"] if f["name"] == "hemoglobin"]

    unknown = person.post(f"/patients/{patient_id}/corrections", json={"name": "hb", "value": 1})
    assert unknown.status_code == 422
    assert "hemoglobin" in unknown.json()["detail"]  # the names that do exist are listed


def test_an_answer_about_a_person_adds_their_situation_with_record_citations(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, patient_id, _ = with_records
    question = "What are my treatment options?"
    general = person.post("/ask", json={"question": question}).json()
    personal = person.post("/ask", json={"question": question, "patient_id": patient_id}).json()
    assert general["citations"]
    assert "personal" not in [s["kind"] for s in general["sections"]]
    assert "personal" in [s["kind"] for s in personal["sections"]]
    assert "record" in [c["kind"] for c in personal["citations"]]
    empty = person.post("/ask", json={"question": "   "})
    assert empty.status_code == 422
    assert "The question is empty" in empty.json()["detail"]


def test_the_packet_as_pdf_and_html_and_the_centres(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, patient_id, _ = with_records
    pdf = person.get(f"/patients/{patient_id}/packet")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["content-disposition"]

    html = person.get(f"/patients/{patient_id}/packet", params={"format": "html", "zip": "94110"})
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert "script-src" not in html.headers["content-security-policy"]
    assert "<style" in html.text
    centres = person.get("/centers", params={"zip": "94110"}).json()
    assert centres["centers"]
    assert centres["centers"][0]["name"] in html.text

    bad_zip = person.get(f"/patients/{patient_id}/packet", params={"zip": "00000"})
    assert bad_zip.status_code == 422
    assert "00000" in bad_zip.json()["detail"]
    assert person.get("/centers", params={"zip": "nope"}).status_code == 422
    distances = [c["distance_miles"] for c in centres["centers"]]
    assert distances == sorted(distances)


def test_people_are_created_named_once_and_deleted_with_their_records(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, patient_id, job = with_records
    assert person.post("/patients", json={"label": "Mum"}).status_code == 409
    assert person.post("/patients", json={"label": "   "}).status_code == 422
    document_id = document_ids(job)[0]
    assert person.delete(f"/documents/{document_id}").status_code == 204
    assert person.get(f"/documents/{document_id}").status_code == 404
    assert len(person.get(f"/patients/{patient_id}/documents").json()) == 2
    assert person.delete(f"/patients/{patient_id}").status_code == 204
    assert person.get(f"/patients/{patient_id}").status_code == 404
    for remaining in document_ids(job)[1:]:
        assert person.get(f"/documents/{remaining}/original").status_code == 404
    assert person.get("/patients").json() == []


def test_the_export_holds_data_json_and_every_original(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, patient_id, job = with_records
    exported = person.get("/account/export")
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        data = json.loads(archive.read("data.json"))
        originals = {
            name.rsplit("-", 1)[-1]: archive.read(name)
            for name in archive.namelist()
            if name != "data.json"
        }
    (person_data,) = data["people"]
    assert person_data["patient"]["id"] == patient_id
    assert sorted(d["id"] for d in person_data["documents"]) == sorted(document_ids(job))
    assert any(f["fact"]["name"] == "hemoglobin" for f in person_data["facts"])
    assert originals == {name: (RECORDS / name).read_bytes() for name in FILES}


def test_deleting_an_account_leaves_nothing_readable(app_factory: AppFactory) -> None:
    app = app_factory("multi")
    owner = Api(app).sign_up("a@example.org")
    reader = Api(app).sign_up("b@example.org")
    patient_id = owner.new_patient("Mum")
    job = owner.upload(patient_id, "cbc.txt")
    document_id = document_ids(job)[0]
    owner.post(f"/patients/{patient_id}/readers", json={"email": "b@example.org"})
    assert reader.get(f"/documents/{document_id}").status_code == 200

    assert owner.delete("/account").status_code == 204
    assert owner.get("/patients").status_code == 401
    assert Api(app).sign_in("a@example.org").status_code == 401
    assert reader.get("/patients").json() == []
    for path in (
        f"/patients/{patient_id}",
        f"/patients/{patient_id}/profile",
        f"/documents/{document_id}",
        f"/documents/{document_id}/original",
    ):
        assert reader.get(path).status_code == 404
    again = Api(app).sign_up("a@example.org")
    assert again.get("/patients").json() == []
    assert again.get(f"/documents/{document_id}").status_code == 404


def test_deleting_everything_in_local_mode_starts_onconav_empty(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, _patient_id, job = with_records
    assert person.delete("/account").status_code == 204
    person.csrf = person.get("/session").json()["csrf_token"]
    assert person.get("/patients").json() == []
    assert person.get(f"/documents/{document_ids(job)[0]}").status_code == 404
    exported = person.get("/account/export")
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert archive.namelist() == ["data.json"]
        assert json.loads(archive.read("data.json"))["people"] == []


def test_views_are_in_the_audit_log_without_content(
    with_records: tuple[Api, str, dict[str, Any]],
) -> None:
    person, patient_id, job = with_records
    document_id = document_ids(job)[0]
    person.get(f"/patients/{patient_id}/profile")
    person.get(f"/patients/{patient_id}/risk")
    person.get(f"/patients/{patient_id}/packet", params={"format": "html"})
    person.get(f"/documents/{document_id}")
    person.get(f"/documents/{document_id}/original")
    person.post("/ask", json={"question": "What is MDS?", "patient_id": patient_id})
    trail = person.get(f"/patients/{patient_id}/audit").json()
    views = {(e["action"], e["object_id"]) for e in trail}
    assert {
        ("profile.view", patient_id),
        ("risk.view", patient_id),
        ("packet.view", patient_id),
        ("answer.personal", patient_id),
        ("document.view", document_id),
        ("document.download", document_id),
    } <= views
    assert set(trail[0]) == {"at", "actor_id", "actor_email", "action", "object_type", "object_id"}


def test_the_api_is_documented_on_a_page_that_fetches_nothing_from_elsewhere(
    local: FastAPI,
) -> None:
    person = Api(local)
    schema = person.client.get("/api/openapi.json").json()
    names = set(schema["components"]["schemas"])
    assert {"Answer", "ProfileSummary", "RiskSummary", "JobInfo", "SessionInfo"} <= names
    ask = schema["paths"]["/api/v1/ask"]["post"]
    assert ask["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Answer"
    }
    page = person.client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<script" not in html
    assert re.findall(r'(?:src|href)="(?!/|#)[^"]*"', html) == []  # no other origin
    assert "cdn" not in html.lower()
    for path, operations in schema["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in html
    assert "x-csrf-token" in html
    assert 'id="schema-ProfileSummary"' in html
    assert "list of Citation" in html  # Answer.citations, described in words
