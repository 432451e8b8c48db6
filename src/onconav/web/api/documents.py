"""A person's documents: upload (read in the background, with progress), list, show, download,
delete."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from onconav.records.ingest import ErrorCode
from onconav.records.model import Fact, Page
from onconav.service.audited_reads import view_document
from onconav.service.record_files import original_file, upload_name, upload_refusal
from onconav.service.records import FileResult
from onconav.store.model import StoredDocument
from onconav.web.api.access import (
    RECORD_ERRORS,
    owned_document,
    owned_patient,
    readable_document,
    readable_patient,
)
from onconav.web.api.errors import error_responses
from onconav.web.deps import CsrfChecked, CurrentUser, State
from onconav.web.jobs import Job, JobStatus
from onconav.web.uploads import start_upload

router = APIRouter(tags=["documents"])

NO_JOB = "No such upload. It may have finished before onconav restarted; see the documents list."
NO_FILES = "Please choose at least one file to add."
_FORMAT_CODES = frozenset({ErrorCode.UNKNOWN_FORMAT.value, ErrorCode.UNSUPPORTED_FORMAT.value})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class FoundInDocument(_Frozen):
    document: StoredDocument
    found: dict[str, int] = Field(description="How many facts of each kind were found")
    facts: list[Fact]


class FileOutcome(_Frozen):
    name: str
    status: Literal["added", "already added", "error"]
    error: str | None
    error_code: str | None
    warnings: list[str]
    documents: list[FoundInDocument]

    @classmethod
    def of(cls, result: FileResult) -> FileOutcome:
        return cls(
            name=result.name,
            status=result.status,
            error=result.error,
            error_code=result.error_code,
            warnings=result.warnings,
            documents=[
                FoundInDocument(document=d.document, found=d.found, facts=list(d.facts))
                for d in result.documents
            ],
        )


class JobInfo(_Frozen):
    """An upload being read. Poll until ``status`` is "done" or "failed"."""

    id: str
    patient_id: str
    status: JobStatus
    names: list[str]
    current: str = Field(description="The file being read now")
    stage: str = Field(description='"text" while text layers are read, "ocr" while scans are')
    done: int = Field(description="Pages read of the current file")
    total: int
    results: list[FileOutcome] = Field(description="Per file, once the job is done")
    error: str | None

    @classmethod
    def of(cls, job: Job) -> JobInfo:
        return cls(
            id=job.id,
            patient_id=job.patient_id,
            status=job.status,
            names=list(job.names),
            current=job.current,
            stage=job.stage,
            done=job.done,
            total=job.total,
            results=[FileOutcome.of(result) for result in list(job.results)],
            error=job.error,
        )


class DocumentDetail(_Frozen):
    document: StoredDocument
    pages: list[Page] = Field(description="The text read, page by page")
    facts: list[Fact] = Field(description="Facts found; provenance gives page and offsets")


@router.post(
    "/patients/{patient_id}/documents",
    response_model=JobInfo,
    status_code=202,
    dependencies=[CsrfChecked],
    responses={**RECORD_ERRORS, **error_responses(413, 415, 422)},
    summary="Add one or more files (read in the background)",
)
def upload_documents(
    patient_id: str,
    state: State,
    user: CurrentUser,
    files: Annotated[
        list[UploadFile], File(description="PDF, scans, DOCX, text, FHIR, C-CDA or zip")
    ],
) -> JobInfo:
    """Each file is stored with all its facts or not at all. A file that is not a record
    onconav can read gets a clear message; if no file can be read, nothing is queued."""
    patient = owned_patient(state, user, patient_id)
    limit = state.settings.max_upload_bytes
    received: list[tuple[str, bytes]] = []
    for upload in files:
        received.append((upload_name(upload.filename), upload.file.read(limit + 1)))
    if not received:
        raise HTTPException(status_code=422, detail=NO_FILES)
    refusals = [upload_refusal(name, data, state.settings) for name, data in received]
    too_large = [r for r in refusals if r is not None and r.code == ErrorCode.TOO_LARGE.value]
    if too_large:
        raise HTTPException(status_code=413, detail=" ".join(r.message for r in too_large))
    if all(r is not None for r in refusals):
        refused = [r for r in refusals if r is not None]
        status = 415 if all(r.code in _FORMAT_CODES for r in refused) else 422
        detail = " ".join(f"{r.name}: {r.message}" for r in refused)
        raise HTTPException(status_code=status, detail=f"Nothing was added. {detail}")
    # Files refused here are still passed on: the job reports them beside the others.
    return JobInfo.of(start_upload(state, user, patient, received))


@router.get(
    "/jobs/{job_id}",
    response_model=JobInfo,
    responses=RECORD_ERRORS,
    summary="An upload's progress",
)
def get_job(job_id: str, state: State, user: CurrentUser) -> JobInfo:
    job = state.jobs.get(user.id, job_id)
    if job is None:
        raise HTTPException(status_code=404, detail=NO_JOB)
    return JobInfo.of(job)


@router.get(
    "/patients/{patient_id}/documents",
    response_model=list[StoredDocument],
    responses=RECORD_ERRORS,
    summary="A person's documents",
)
def list_documents(patient_id: str, state: State, user: CurrentUser) -> list[StoredDocument]:
    patient = readable_patient(state, user, patient_id)
    return state.store.list_documents(user.id, patient.id)


@router.get(
    "/documents/{document_id}",
    response_model=DocumentDetail,
    responses=RECORD_ERRORS,
    summary="A document's text and the facts found in it",
)
def get_document(document_id: str, state: State, user: CurrentUser) -> DocumentDetail:
    readable_document(state, user, document_id)
    view = view_document(state.store, user.id, document_id)
    return DocumentDetail(
        document=view.document, pages=list(view.pages), facts=[s.fact for s in view.facts]
    )


@router.get(
    "/documents/{document_id}/original",
    response_class=Response,
    responses={**RECORD_ERRORS, 200: {"content": {"application/octet-stream": {}}}},
    summary="Download the file as it was uploaded",
)
def download_original(document_id: str, state: State, user: CurrentUser) -> Response:
    readable_document(state, user, document_id)
    original = original_file(state.store, user.id, document_id)
    return Response(
        content=original.data,
        media_type=original.media_type,
        headers={"content-disposition": f'attachment; filename="{original.filename}"'},
    )


@router.delete(
    "/documents/{document_id}",
    status_code=204,
    dependencies=[CsrfChecked],
    responses=RECORD_ERRORS,
    summary="Delete a document, its text, facts and corrections",
)
def delete_document(document_id: str, state: State, user: CurrentUser) -> Response:
    document = owned_document(state, user, document_id)
    state.store.delete_document(user.id, document.id)
    return Response(status_code=204)
