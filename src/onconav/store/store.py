"""The store: users, patients and their records, encrypted at rest.

Every method that touches a patient takes the acting user's id and checks it
(see ``access``). Record content is never logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from onconav.records.model import ExtractedDocument, Fact, FactValue, Page
from onconav.settings import Settings
from onconav.store.access import (
    document_access,
    new_id,
    now,
    patient_access,
    record_audit,
    retry_once_on_conflict,
)
from onconav.store.codec import CorrectionContent, RecordCodec, patient_from_row, user_from_row
from onconav.store.crypto import RecordCipher
from onconav.store.engine import create_store_engine
from onconav.store.erase import delete_document_rows, delete_patient_rows, delete_user_rows
from onconav.store.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    StoreError,
)
from onconav.store.facts import insert_correction, read_facts
from onconav.store.key_check import checked_cipher
from onconav.store.migrate import upgrade_to_head
from onconav.store.model import (
    AddedDocuments,
    AuditEntry,
    Correction,
    Patient,
    StoredDocument,
    StoredFact,
    User,
)
from onconav.store.schema import (
    EMAIL_LENGTH,
    LABEL_LENGTH,
    AuditRow,
    BlobRow,
    DocumentRow,
    FactRow,
    PageRow,
    PatientRow,
    ShareRow,
    UserRow,
)
from onconav.store.upload import check_batch, documents_of_upload, insert_upload

LOCAL_USER_ID = "local"
_UNAVAILABLE = (
    "The onconav database could not be reached or is busy. Please try again; if it keeps "
    "happening, check ONCONAV_DATABASE_URL and that the database server is running."
)


def _normalise_email(email: str) -> str:
    normalised = email.strip().lower()
    if "@" not in normalised or len(normalised) > EMAIL_LENGTH or " " in normalised:
        raise ValueError("That does not look like an email address.")
    return normalised


def _normalise_label(label: str) -> str:
    normalised = " ".join(label.split())
    if not normalised:
        raise ValueError("A patient needs a name or label, for example 'P' or 'Mum'.")
    if len(normalised) > LABEL_LENGTH:
        raise ValueError(f"A patient label can be at most {LABEL_LENGTH} characters.")
    return normalised


def _user(row: UserRow) -> User:
    return user_from_row(row, local_user_id=LOCAL_USER_ID)


class Store:
    """Open with ``Store.open(settings)``; close with ``close()`` or a ``with`` block."""

    def __init__(self, engine: Engine, cipher: RecordCipher) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._codec = RecordCodec(cipher)

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Connect, apply pending migrations, and load and check the data key."""
        engine = create_store_engine(settings)
        try:
            upgrade_to_head(engine)
            cipher = retry_once_on_conflict(lambda: checked_cipher(engine, settings))
        except OperationalError as error:
            engine.dispose()
            raise StoreError(_UNAVAILABLE) from error
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, cipher)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as error:
            raise StoreError(_UNAVAILABLE) from error

    # Users ---------------------------------------------------------------------------------

    def create_user(self, email: str, password_hash: str | None = None) -> User:
        """A new account. ``password_hash`` is stored as given (hashing is the caller's job)."""
        normalised = _normalise_email(email)
        row = UserRow(id=new_id(), email=normalised, password_hash=password_hash, created_at=now())
        try:
            with self._transaction() as session:
                session.add(row)
                session.flush()
                record_audit(session, row.id, "user.create", "user", row.id)
        except IntegrityError:
            raise ConflictError("An account with this email address already exists.") from None
        return _user(row)

    def local_user(self) -> User:
        """The single user of the CLI and of local web mode, created on first use."""

        def find_or_create() -> User:
            with self._transaction() as session:
                row = session.get(UserRow, LOCAL_USER_ID)
                if row is None:
                    row = UserRow(id=LOCAL_USER_ID, email=None, created_at=now())
                    session.add(row)
                    session.flush()
                    record_audit(session, row.id, "user.create", "user", row.id)
                return _user(row)

        return retry_once_on_conflict(find_or_create)

    def get_user(self, user_id: str) -> User:
        with self._transaction() as session:
            return _user(_existing_user(session, user_id))

    def find_user_by_email(self, email: str) -> User | None:
        try:
            normalised = _normalise_email(email)
        except ValueError:
            return None
        with self._transaction() as session:
            row = session.scalars(select(UserRow).where(UserRow.email == normalised)).first()
            return None if row is None else _user(row)

    def password_hash(self, user_id: str) -> str | None:
        with self._transaction() as session:
            return _existing_user(session, user_id).password_hash

    def set_password_hash(self, actor_id: str, password_hash: str) -> None:
        with self._transaction() as session:
            _existing_user(session, actor_id).password_hash = password_hash
            record_audit(session, actor_id, "user.password", "user", actor_id)

    def delete_user(self, actor_id: str, user_id: str) -> None:
        """Delete an account and everything of its patients. Only the account itself may."""
        if actor_id != user_id:
            raise PermissionDenied("Only the account holder can delete an account.")
        with self._transaction() as session:
            _existing_user(session, user_id)
            delete_user_rows(session, user_id)
            record_audit(session, None, "user.delete", "user", None)

    # Patients ------------------------------------------------------------------------------

    def create_patient(self, actor_id: str, label: str) -> Patient:
        normalised = _normalise_label(label)
        try:
            with self._transaction() as session:
                _existing_user(session, actor_id)
                row = PatientRow(id=new_id(), owner_id=actor_id, label=normalised, created_at=now())
                session.add(row)
                session.flush()
                record_audit(session, actor_id, "patient.create", "patient", row.id, row.id)
        except IntegrityError:
            raise ConflictError(f"You already have a patient called {normalised!r}.") from None
        return patient_from_row(row, "owner")

    def find_patient(self, actor_id: str, label: str) -> Patient | None:
        """The actor's own patient with this label (shared patients are not addressed by label)."""
        normalised = _normalise_label(label)
        with self._transaction() as session:
            row = session.scalars(
                select(PatientRow).where(
                    PatientRow.owner_id == actor_id, PatientRow.label == normalised
                )
            ).first()
            return None if row is None else patient_from_row(row, "owner")

    def get_or_create_patient(self, actor_id: str, label: str) -> Patient:
        """The actor's patient with this label (as the CLI addresses them), made if new."""

        def find_or_create() -> Patient:
            found = self.find_patient(actor_id, label)
            return found if found is not None else self.create_patient(actor_id, label)

        return retry_once_on_conflict(find_or_create)

    def get_patient(self, actor_id: str, patient_id: str) -> Patient:
        with self._transaction() as session:
            row, access = patient_access(session, actor_id, patient_id, write=False)
            return patient_from_row(row, access)

    def list_patients(self, actor_id: str) -> list[Patient]:
        """The actor's own patients, then those shared with them, each by label."""
        with self._transaction() as session:
            owned = session.scalars(
                select(PatientRow).where(PatientRow.owner_id == actor_id).order_by(PatientRow.label)
            )
            shared = session.scalars(
                select(PatientRow)
                .join(ShareRow, ShareRow.patient_id == PatientRow.id)
                .where(ShareRow.user_id == actor_id)
                .order_by(PatientRow.label, PatientRow.id)
            )
            return [patient_from_row(row, "owner") for row in owned] + [
                patient_from_row(row, "read") for row in shared
            ]

    def delete_patient(self, actor_id: str, patient_id: str) -> None:
        """Remove the patient and every row and byte of theirs, including their audit trail."""
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=True)
            delete_patient_rows(session, patient_id)
            # The deletion itself is recorded without naming the patient.
            record_audit(session, actor_id, "patient.delete", "patient", None)

    def share_patient(self, actor_id: str, patient_id: str, reader_id: str) -> None:
        """Give another user read-only access to this patient (owner only)."""
        if reader_id == actor_id:
            raise ValueError("You cannot share a patient with yourself.")
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=True)
            if session.get(UserRow, reader_id) is None:
                raise NotFoundError("No such account to share with.")
            if session.get(ShareRow, (patient_id, reader_id)) is None:
                session.add(ShareRow(patient_id=patient_id, user_id=reader_id, created_at=now()))
                record_audit(session, actor_id, "patient.share", "share", reader_id, patient_id)

    def unshare_patient(self, actor_id: str, patient_id: str, reader_id: str) -> None:
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=True)
            share = session.get(ShareRow, (patient_id, reader_id))
            if share is not None:
                session.delete(share)
                record_audit(session, actor_id, "patient.unshare", "share", reader_id, patient_id)

    def patient_readers(self, actor_id: str, patient_id: str) -> list[User]:
        """Users this patient is shared with (owner only)."""
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=True)
            rows = session.scalars(
                select(UserRow)
                .join(ShareRow, ShareRow.user_id == UserRow.id)
                .where(ShareRow.patient_id == patient_id)
                .order_by(UserRow.email)
            )
            return [_user(row) for row in rows]

    # Documents -----------------------------------------------------------------------------

    def add_document(
        self,
        actor_id: str,
        patient_id: str,
        extracted_documents: Sequence[ExtractedDocument],
        facts_by_document: Mapping[str, Sequence[Fact]],
        original_bytes: bytes,
    ) -> AddedDocuments:
        """Store one uploaded file: its bytes, and per extracted document its pages and facts.

        A zip gives several extracted documents sharing one original. Their
        ``document_id`` becomes the stored id, so facts' provenance keeps pointing at
        them. ``facts_by_document`` maps each ``document_id`` to the complete list of
        facts to keep (the ``facts`` inside an ``ExtractedDocument`` are stored only if
        listed there too). All of it is stored in one transaction, or nothing is. If
        this patient already has this exact file, nothing is added and the documents
        stored the first time are returned with ``created=False``.
        """
        check_batch(extracted_documents, facts_by_document)
        digest = self._codec.content_digest(patient_id, original_bytes)
        try:
            with self._transaction() as session:
                patient_access(session, actor_id, patient_id, write=True)
                existing = documents_of_upload(session, self._codec, digest, patient_id)
                if existing is not None:
                    return AddedDocuments(documents=existing, created=False)
                documents = insert_upload(
                    session,
                    self._codec,
                    actor_id=actor_id,
                    patient_id=patient_id,
                    digest=digest,
                    extracted_documents=extracted_documents,
                    facts_by_document=facts_by_document,
                    original_bytes=original_bytes,
                )
                return AddedDocuments(documents=documents, created=True)
        except IntegrityError:
            # Either a concurrent add of the same file won the race, or an id is taken.
            with self._transaction() as session:
                patient_access(session, actor_id, patient_id, write=True)
                existing = documents_of_upload(session, self._codec, digest, patient_id)
            if existing is not None:
                return AddedDocuments(documents=existing, created=False)
            raise StoreError(
                "The document could not be stored because its id is already in use. "
                "Please add the file again."
            ) from None

    def list_documents(self, actor_id: str, patient_id: str) -> list[StoredDocument]:
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=False)
            rows = session.scalars(
                select(DocumentRow)
                .where(DocumentRow.patient_id == patient_id)
                .order_by(DocumentRow.created_at, DocumentRow.position, DocumentRow.id)
            )
            return [self._codec.document_from_row(row) for row in rows]

    def get_document(self, actor_id: str, document_id: str) -> StoredDocument:
        with self._transaction() as session:
            row = document_access(session, actor_id, document_id, write=False)
            return self._codec.document_from_row(row)

    def document_pages(self, actor_id: str, document_id: str) -> tuple[Page, ...]:
        with self._transaction() as session:
            document = document_access(session, actor_id, document_id, write=False)
            rows = session.scalars(
                select(PageRow).where(PageRow.document_id == document_id).order_by(PageRow.number)
            )
            return tuple(
                self._codec.open_page(row.ciphertext, document_id, row.number, document.patient_id)
                for row in rows
            )

    def original_bytes(self, actor_id: str, document_id: str) -> bytes:
        """The uploaded file this document came from (for a zip member: the whole zip)."""
        with self._transaction() as session:
            document = document_access(session, actor_id, document_id, write=False)
            blob = session.get(BlobRow, document.blob_digest)
            if blob is None:  # pragma: no cover - the foreign key forbids it
                raise NotFoundError("The original file of this document is missing.")
            data = self._codec.open_blob(blob.ciphertext, blob.digest, blob.patient_id)
            record_audit(
                session, actor_id, "document.download", "document", document_id, blob.patient_id
            )
            return data

    def delete_document(self, actor_id: str, document_id: str) -> None:
        """Remove a document, its pages, facts and corrections, and its file once unused."""
        with self._transaction() as session:
            document = document_access(session, actor_id, document_id, write=True)
            delete_document_rows(session, document)
            record_audit(
                session, actor_id, "document.delete", "document", document_id, document.patient_id
            )

    # Facts ---------------------------------------------------------------------------------

    def facts(
        self, actor_id: str, patient_id: str, *, document_id: str | None = None
    ) -> list[StoredFact]:
        """The patient's facts (optionally of one document) with their corrections."""
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=False)
            return read_facts(session, self._codec, patient_id, document_id)

    def correct_fact(
        self,
        actor_id: str,
        fact_id: str,
        *,
        value: FactValue,
        unit: str | None = None,
        date: dt.date | None = None,
        note: str | None = None,
        name: str | None = None,
    ) -> Correction:
        """Record the owner's correction of a fact; the fact itself stays as it was read."""
        with self._transaction() as session:
            fact_row = session.get(FactRow, fact_id)
            if fact_row is None:
                raise NotFoundError("No such fact.")
            patient_access(session, actor_id, fact_row.patient_id, write=True)
            if name is None:
                name = self._codec.open_fact(fact_row.ciphertext, fact_id, fact_row.patient_id).name
            content = CorrectionContent(name=name, value=value, unit=unit, date=date, note=note)
            correction = insert_correction(session, self._codec, fact_row, actor_id, content)
            record_audit(session, actor_id, "fact.correct", "fact", fact_id, fact_row.patient_id)
            return correction

    # Audit ---------------------------------------------------------------------------------

    def record_read(
        self, actor_id: str, patient_id: str, action: str, object_type: str, object_id: str
    ) -> None:
        """Note that the actor viewed something of this patient's (ids and action only).

        Checks read access first, so a refused read leaves no entry.
        """
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=False)
            record_audit(session, actor_id, action, object_type, object_id, patient_id)

    def audit_log(self, actor_id: str, patient_id: str) -> list[AuditEntry]:
        """What was done to this patient's records, oldest first (owner only)."""
        with self._transaction() as session:
            patient_access(session, actor_id, patient_id, write=True)
            rows = session.scalars(
                select(AuditRow).where(AuditRow.patient_id == patient_id).order_by(AuditRow.id)
            )
            return [
                AuditEntry(
                    at=row.at,
                    actor_id=row.actor_id,
                    action=row.action,
                    object_type=row.object_type,
                    object_id=row.object_id,
                )
                for row in rows
            ]


def _existing_user(session: Session, user_id: str) -> UserRow:
    row = session.get(UserRow, user_id)
    if row is None:
        raise NotFoundError("No such account.")
    return row
