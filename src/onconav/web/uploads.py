"""Starting an upload: the API and the records page both call this."""

from __future__ import annotations

from onconav.service.records import FileResult, Progress, add_records
from onconav.store.model import Patient, User
from onconav.web.jobs import Job
from onconav.web.state import WebState


def start_upload(
    state: WebState, user: User, patient: Patient, files: list[tuple[str, bytes]]
) -> Job:
    """Read and store the files in the background; the job reports progress per file and page."""

    def work(job: Job) -> list[FileResult]:
        def progress_for(name: str) -> Progress:
            job.current = name

            def report(stage: str, done: int, total: int) -> None:
                job.stage, job.done, job.total = stage, done, total

            return report

        return add_records(state.store, state.settings, user.id, patient, files, progress_for)

    return state.jobs.submit(user.id, patient.id, [name for name, _ in files], work)
