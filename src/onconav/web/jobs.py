"""Uploads run in the background so the page can show progress while OCR works.

One worker thread: OCR already uses both cores, and one upload at a time keeps a
small machine responsive. A job is visible only to the user who started it.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from onconav.service.records import FileResult

JobStatus = Literal["queued", "running", "done", "failed"]


@dataclass
class Job:
    id: str
    owner_id: str
    patient_id: str
    names: list[str]
    status: JobStatus = "queued"
    current: str = ""
    stage: str = ""
    done: int = 0
    total: int = 0
    results: list[FileResult] = field(default_factory=list)
    error: str | None = None


class Jobs:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onconav-upload")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(
        self,
        owner_id: str,
        patient_id: str,
        names: list[str],
        work: Callable[[Job], list[FileResult]],
    ) -> Job:
        job = Job(
            id=secrets.token_urlsafe(12), owner_id=owner_id, patient_id=patient_id, names=names
        )
        with self._lock:
            self._jobs[job.id] = job

        def run() -> None:
            job.status = "running"
            try:
                job.results = work(job)
                job.status = "done"
            except Exception:
                job.status = "failed"
                job.error = "Something went wrong while reading the files. Nothing was stored."

        self._executor.submit(run)
        return job

    def get(self, owner_id: str, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner_id == owner_id else None

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
