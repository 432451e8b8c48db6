"""Adding records: read the file, find the facts, store document and facts together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from onconav.records.extract import extract_facts
from onconav.records.ingest import IngestLimits, RecordError, ingest
from onconav.records.model import ExtractedDocument, Fact
from onconav.settings import Settings
from onconav.store import Store, StoreError
from onconav.store.model import Patient, StoredDocument

# (stage, done, total) — the same shape ingestion reports.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DocumentResult:
    document: StoredDocument
    facts: tuple[Fact, ...]

    @property
    def found(self) -> dict[str, int]:
        """How many facts of each kind were found (for "what was found" summaries)."""
        return dict(Counter(f.kind.value for f in self.facts))


@dataclass
class FileResult:
    name: str
    status: Literal["added", "already added", "error"]
    documents: list[DocumentResult] = field(default_factory=list)
    error: str | None = None
    error_code: str | None = None

    @property
    def warnings(self) -> list[str]:
        return [w for d in self.documents for w in d.document.warnings]


def add_records(
    store: Store,
    settings: Settings,
    actor_id: str,
    patient: Patient,
    files: Iterable[tuple[str, bytes]],
    progress: Callable[[str], Progress] | None = None,
) -> list[FileResult]:
    """Add each file; a bad file gets a clear error and the rest of the batch continues.

    A file's documents are stored with all their facts in one transaction, or not at all.
    """
    limits = IngestLimits.from_settings(settings)
    results: list[FileResult] = []
    for name, data in files:
        report = progress(name) if progress is not None else None
        try:
            documents = ingest(name, data, limits, report)
        except RecordError as error:
            results.append(
                FileResult(name, "error", error=error.message, error_code=str(error.code))
            )
            continue
        facts_by_document = {d.document_id: _facts(d) for d in documents}
        try:
            added = store.add_document(actor_id, patient.id, documents, facts_by_document, data)
        except StoreError as error:
            results.append(FileResult(name, "error", error=str(error), error_code="store"))
            continue
        stored = {d.id: d for d in added.documents}
        result = FileResult(name, "added" if added.created else "already added")
        for document in added.documents:
            facts = facts_by_document.get(document.id)
            if facts is None:  # an earlier copy: its facts are already stored
                facts = [s.fact for s in store.facts(actor_id, patient.id, document_id=document.id)]
            result.documents.append(DocumentResult(stored[document.id], tuple(facts)))
        results.append(result)
    return results


def _facts(document: ExtractedDocument) -> list[Fact]:
    # extract_facts already merges the facts read from structure (FHIR, C-CDA).
    return extract_facts(document)
