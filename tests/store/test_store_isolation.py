"""Users, patients, sharing, and per-user isolation enforced by the store's API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from store_helpers import make_document, make_fact

from onconav.store import (
    LOCAL_USER_ID,
    ConflictError,
    NotFoundError,
    Patient,
    PermissionDenied,
    Store,
    User,
)


def _patient_with_record(store: Store, owner: User, label: str = "P") -> tuple[Patient, str]:
    patient = store.get_or_create_patient(owner.id, label)
    added = store.add_document(
        owner.id,
        patient.id,
        [make_document(f"doc-{label}")],
        {f"doc-{label}": [make_fact(f"doc-{label}")]},
        b"%PDF bytes " + label.encode(),
    )
    return patient, added.documents[0].id


def test_local_user_is_created_once_and_reused(store: Store) -> None:
    first = store.local_user()
    second = store.local_user()
    assert first == second
    assert first.id == LOCAL_USER_ID
    assert first.is_local
    assert first.email is None
    assert first.created_at.tzinfo is not None


def test_users_are_found_by_email_case_insensitively_and_unique(store: Store) -> None:
    alice = store.create_user("Alice@Example.org", password_hash="$argon2id$v=19$stub")
    assert alice.email == "alice@example.org"
    assert store.find_user_by_email("ALICE@example.org") == alice
    assert store.password_hash(alice.id) == "$argon2id$v=19$stub"
    store.set_password_hash(alice.id, "$argon2id$v=19$other")
    assert store.password_hash(alice.id) == "$argon2id$v=19$other"
    with pytest.raises(ConflictError):
        store.create_user("alice@example.org")
    with pytest.raises(ValueError, match="email"):
        store.create_user("not an email")
    assert store.find_user_by_email("nobody@example.org") is None


def test_get_or_create_patient_addresses_by_label(store: Store) -> None:
    user = store.local_user()
    created = store.get_or_create_patient(user.id, "  Mum ")
    again = store.get_or_create_patient(user.id, "Mum")
    assert created == again
    assert created.label == "Mum"
    assert created.access == "owner"
    other = store.get_or_create_patient(user.id, "P")
    assert other.id != created.id
    assert [patient.label for patient in store.list_patients(user.id)] == ["Mum", "P"]
    with pytest.raises(ConflictError):
        store.create_patient(user.id, "Mum")
    with pytest.raises(ValueError, match="label"):
        store.get_or_create_patient(user.id, "   ")


def test_same_label_for_two_users_gives_two_patients(store: Store) -> None:
    alice = store.create_user("alice@example.org")
    bob = store.create_user("bob@example.org")
    alices = store.get_or_create_patient(alice.id, "P")
    bobs = store.get_or_create_patient(bob.id, "P")
    assert alices.id != bobs.id
    assert store.list_patients(alice.id) == [alices]
    assert store.list_patients(bob.id) == [bobs]


def test_a_stranger_can_neither_read_nor_write(store: Store) -> None:
    alice = store.create_user("alice@example.org")
    mallory = store.create_user("mallory@example.org")
    patient, document_id = _patient_with_record(store, alice)
    fact_id = store.facts(alice.id, patient.id)[0].id

    reads: list[Callable[[], object]] = [
        lambda: store.get_patient(mallory.id, patient.id),
        lambda: store.list_documents(mallory.id, patient.id),
        lambda: store.get_document(mallory.id, document_id),
        lambda: store.document_pages(mallory.id, document_id),
        lambda: store.original_bytes(mallory.id, document_id),
        lambda: store.facts(mallory.id, patient.id),
        lambda: store.audit_log(mallory.id, patient.id),
    ]
    writes: list[Callable[[], object]] = [
        lambda: store.add_document(
            mallory.id, patient.id, [make_document("evil")], {}, b"other bytes"
        ),
        lambda: store.correct_fact(mallory.id, fact_id, value=1.0),
        lambda: store.delete_document(mallory.id, document_id),
        lambda: store.delete_patient(mallory.id, patient.id),
        lambda: store.share_patient(mallory.id, patient.id, mallory.id + "x"),
    ]
    for attempt in reads + writes:
        with pytest.raises(PermissionDenied):
            attempt()
    assert store.list_patients(mallory.id) == []
    # Nothing was changed by the attempts.
    assert [document.id for document in store.list_documents(alice.id, patient.id)] == [document_id]
    assert store.facts(alice.id, patient.id)[0].corrections == ()


def test_a_share_gives_read_only_access_until_withdrawn(store: Store) -> None:
    alice = store.create_user("alice@example.org")
    bob = store.create_user("bob@example.org")
    patient, document_id = _patient_with_record(store, alice)
    fact_id = store.facts(alice.id, patient.id)[0].id

    store.share_patient(alice.id, patient.id, bob.id)
    assert store.patient_readers(alice.id, patient.id) == [bob]
    shared = store.get_patient(bob.id, patient.id)
    assert shared.access == "read"
    assert store.list_patients(bob.id) == [shared]
    assert store.document_pages(bob.id, document_id)[0].text == "Hemoglobin 9.1 g/dL"
    assert store.original_bytes(bob.id, document_id) == b"%PDF bytes P"
    assert [stored.id for stored in store.facts(bob.id, patient.id)] == [fact_id]

    read_only: list[Callable[[], object]] = [
        lambda: store.add_document(bob.id, patient.id, [make_document("b")], {}, b"bob's"),
        lambda: store.correct_fact(bob.id, fact_id, value=1.0),
        lambda: store.delete_document(bob.id, document_id),
        lambda: store.delete_patient(bob.id, patient.id),
        lambda: store.share_patient(bob.id, patient.id, alice.id),
        lambda: store.audit_log(bob.id, patient.id),
    ]
    for attempt in read_only:
        with pytest.raises(PermissionDenied, match="read only"):
            attempt()

    store.unshare_patient(alice.id, patient.id, bob.id)
    with pytest.raises(PermissionDenied):
        store.facts(bob.id, patient.id)
    assert store.list_patients(bob.id) == []


def test_missing_objects_are_reported_as_missing(store: Store) -> None:
    user = store.local_user()
    with pytest.raises(NotFoundError):
        store.get_patient(user.id, "0" * 32)
    with pytest.raises(NotFoundError):
        store.get_document(user.id, "nope")
    with pytest.raises(NotFoundError):
        store.correct_fact(user.id, "nope", value=1)
    patient = store.get_or_create_patient(user.id, "P")
    with pytest.raises(NotFoundError):
        store.share_patient(user.id, patient.id, "no-such-user")


def test_audit_log_records_actions_without_content(store: Store) -> None:
    alice = store.create_user("alice@example.org")
    bob = store.create_user("bob@example.org")
    patient, document_id = _patient_with_record(store, alice)
    store.share_patient(alice.id, patient.id, bob.id)
    store.original_bytes(bob.id, document_id)
    log = store.audit_log(alice.id, patient.id)
    assert [(entry.actor_id, entry.action, entry.object_id) for entry in log] == [
        (alice.id, "patient.create", patient.id),
        (alice.id, "document.add", document_id),
        (alice.id, "patient.share", bob.id),
        (bob.id, "document.download", document_id),
    ]
    assert all(entry.at.tzinfo is not None for entry in log)
