"""Records: upload files, watch them being read, see each document with its values marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from onconav.records.profile import NEEDS_CONFIRMATION
from onconav.service.corrections import CorrectionInputError, correct_document_value
from onconav.service.documents import DocumentView, delete_document, document_view, list_documents
from onconav.service.record_files import upload_name, upload_refusal
from onconav.store import NotFoundError, PermissionDenied, StoredDocument
from onconav.web.deps import CsrfChecked
from onconav.web.jobs import Job
from onconav.web.pages.errors import PageRoute
from onconav.web.pages.rendering import is_htmx, leave_notice, render
from onconav.web.pages.visitor import SignedInVisitor, Visitor, signed_in_user
from onconav.web.uploads import start_upload

router = APIRouter(route_class=PageRoute)
ACCEPTED = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,.docx,.txt,.json,.ndjson,.xml,.zip"
_NOT_YOURS = "No such document among the records you can see."
_READ_ONLY = (
    "These records were shared with you to read. Only the account that added this person can "
    "add, correct or delete records."
)


@router.get("/records", include_in_schema=False)
def records_page(request: Request, visitor: SignedInVisitor) -> Response:
    documents = (
        list_documents(visitor.state.store, signed_in_user(visitor).id, visitor.person)
        if visitor.person is not None
        else []
    )
    return _records(request, visitor, documents)


def _records(
    request: Request,
    visitor: Visitor,
    documents: Sequence[StoredDocument],
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "documents": documents,
        "oob": False,
        "accepted": ACCEPTED,
        "max_mb": visitor.state.settings.max_upload_bytes // (1024 * 1024),
        "error": error,
        "read_only_message": _READ_ONLY,
    }
    return render(
        request, visitor, "records.html", context, status_code=status_code, active="records"
    )


@router.post("/records/upload", include_in_schema=False, dependencies=[CsrfChecked])
async def upload(
    request: Request,
    visitor: SignedInVisitor,
    refresh_list: Annotated[bool, Query(alias="list")] = False,
) -> Response:
    user = signed_in_user(visitor)
    person = visitor.person
    if person is None:
        raise HTTPException(400, "Please add a person first (on the Account page), then upload.")
    if person.access != "owner":
        raise HTTPException(403, _READ_ONLY)
    # Read from the form itself: with no file chosen, browsers send one empty part that is
    # not a file at all, which a typed parameter would reject before we could say why.
    form = await request.form()
    chosen = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not chosen:
        return _upload_problem(request, visitor, ["Please choose at least one file to upload."])
    accepted: list[tuple[str, bytes]] = []
    refused: list[str] = []
    for upload in chosen:
        name = upload_name(upload.filename)
        data = await upload.read()
        # Checked by what the bytes are, at once, rather than after a wait in the queue.
        refusal = upload_refusal(name, data, visitor.state.settings)
        if refusal is None:
            accepted.append((name, data))
        else:
            refused.append(f"{name} could not be added: {refusal.message}")
    if not accepted:
        return _upload_problem(request, visitor, refused)
    job = start_upload(visitor.state, user, person, accepted)
    if is_htmx(request):
        return _job_fragment(request, visitor, job, refresh_list=refresh_list, refused=refused)
    if refused:
        leave_notice(visitor, " ".join(refused))
    return RedirectResponse(f"/records/uploads/{job.id}", status_code=303)


def _upload_problem(request: Request, visitor: Visitor, messages: list[str]) -> Response:
    if is_htmx(request):
        return render(
            request, visitor, "_upload_error.html", {"messages": messages}, status_code=422
        )
    person = visitor.person
    documents = (
        list_documents(visitor.state.store, signed_in_user(visitor).id, person)
        if person is not None
        else []
    )
    return _records(request, visitor, documents, error=" ".join(messages), status_code=422)


def _job(visitor: Visitor, job_id: str) -> Job:
    job = visitor.state.jobs.get(signed_in_user(visitor).id, job_id)
    if job is None:
        raise HTTPException(
            404,
            "This upload is not known. Uploads can be followed only by the account that started "
            "them, and only until onconav restarts; the records list shows what was stored.",
        )
    return job


@router.get("/records/uploads/{job_id}", include_in_schema=False)
def upload_page(request: Request, visitor: SignedInVisitor, job_id: str) -> Response:
    job = _job(visitor, job_id)
    context = {"job": job, "refresh_list": False, "documents": None, "refused": ()}
    return render(request, visitor, "job.html", context, active="records")


@router.get("/records/uploads/{job_id}/status", include_in_schema=False)
def upload_status(
    request: Request,
    visitor: SignedInVisitor,
    job_id: str,
    refresh_list: Annotated[bool, Query(alias="list")] = False,
) -> Response:
    return _job_fragment(request, visitor, _job(visitor, job_id), refresh_list=refresh_list)


def _job_fragment(
    request: Request,
    visitor: Visitor,
    job: Job,
    *,
    refresh_list: bool,
    refused: Sequence[str] = (),
) -> Response:
    """The job's progress; once done, on the records page, the refreshed documents list too."""
    documents = None
    person = visitor.person
    # Only when the list on screen is the one of the person the files were added to.
    if refresh_list and job.status == "done" and person is not None and person.id == job.patient_id:
        documents = list_documents(visitor.state.store, signed_in_user(visitor).id, person)
    context = {
        "job": job,
        "refresh_list": refresh_list,
        "documents": documents,
        "refused": refused,
    }
    return render(request, visitor, "_job.html", context)


def _document(visitor: Visitor, document_id: str) -> DocumentView:
    try:
        return document_view(visitor.state.store, signed_in_user(visitor).id, document_id)
    except (NotFoundError, PermissionDenied):
        raise HTTPException(404, _NOT_YOURS) from None


def _writable_document(visitor: Visitor, document_id: str) -> DocumentView:
    view = _document(visitor, document_id)
    if not view.writable:
        raise HTTPException(403, _READ_ONLY)
    return view


def _document_page(
    request: Request,
    visitor: Visitor,
    view: DocumentView,
    *,
    errors: dict[str, str] | None = None,
    entered: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "view": view,
        "errors": errors or {},
        "entered": entered or {},
        "read_only_message": _READ_ONLY,
        "confirm_flags": NEEDS_CONFIRMATION,
    }
    return render(
        request, visitor, "document.html", context, status_code=status_code, active="records"
    )


@router.get("/records/{document_id}", include_in_schema=False)
def document_page(request: Request, visitor: SignedInVisitor, document_id: str) -> Response:
    return _document_page(request, visitor, _document(visitor, document_id))


@router.post(
    "/records/{document_id}/values/{fact_id}/correct",
    include_in_schema=False,
    dependencies=[CsrfChecked],
)
def correct_value(
    request: Request,
    visitor: SignedInVisitor,
    document_id: str,
    fact_id: str,
    value: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    view = _writable_document(visitor, document_id)
    try:
        correct_document_value(
            visitor.state.store,
            signed_in_user(visitor).id,
            document_id,
            fact_id,
            value,
            unit=unit,
            date_text=date,
            note=note,
        )
    except CorrectionInputError as problem:
        entered = {fact_id: {"value": value, "unit": unit, "date": date, "note": note}}
        return _document_page(
            request,
            visitor,
            view,
            errors={fact_id: str(problem)},
            entered=entered,
            status_code=422,
        )
    except (NotFoundError, PermissionDenied):
        raise HTTPException(404, "No such value in this document.") from None
    label = next((s.fact.name for s in view.facts if s.id == fact_id), "the value")
    leave_notice(
        visitor,
        f"Your correction of {label.replace('_', ' ')} was saved. The value as it was read stays "
        "in the document, marked as corrected.",
    )
    return RedirectResponse(f"/records/{document_id}#value-{fact_id}", status_code=303)


@router.get("/records/{document_id}/delete", include_in_schema=False)
def confirm_delete(request: Request, visitor: SignedInVisitor, document_id: str) -> Response:
    view = _writable_document(visitor, document_id)
    return render(
        request, visitor, "document_delete.html", {"document": view.document}, active="records"
    )


@router.post("/records/{document_id}/delete", include_in_schema=False, dependencies=[CsrfChecked])
def delete(visitor: SignedInVisitor, document_id: str) -> Response:
    _writable_document(visitor, document_id)
    try:
        deleted = delete_document(visitor.state.store, signed_in_user(visitor).id, document_id)
    except (NotFoundError, PermissionDenied):
        raise HTTPException(404, _NOT_YOURS) from None
    leave_notice(visitor, f"Deleted {deleted.name} and the values read from it.")
    return RedirectResponse("/records", status_code=303)
