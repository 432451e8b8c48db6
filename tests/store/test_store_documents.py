"""Adding documents: dedupe per patient, atomicity, deletion cascades, corrections."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from pydantic_core import PydanticSerializationError
from sqlalchemy import Engine, event
from store_helpers import all_rows, count_rows, make_document, make_fact, rows_mentioning

from onconav.records.model import FactKind
from onconav.store import AddedDocuments, PermissionDenied, Store, StoreError

ZIP_BYTES = b"PK\x03\x04 a portal export with two members"


def _add_zip(store: Store, user_id: str, patient_id: str) -> tuple[str, str]:
    """An upload giving two documents that share one original file."""
    labs = make_document("zip-labs", name="export.zip/labs.txt")
    marrow = make_document(
        "zip-marrow", name="export.zip/marrow.txt", texts=("Blasts 7%", "Ring sideroblasts 20%")
    )
    added = store.add_document(
        user_id,
        patient_id,
        [labs, marrow],
        {
            "zip-labs": [make_fact("zip-labs")],
            "zip-marrow": [
                make_fact("zip-marrow", "marrow_blasts", 7.0, "Blasts 7%", FactKind.MARROW, "%"),
                make_fact("zip-marrow", "auer_rods", False, "no Auer rods", FactKind.MARROW, None),
            ],
        },
        ZIP_BYTES,
    )
    assert added.created
    return added.documents[0].id, added.documents[1].id


def test_documents_pages_and_facts_come_back_as_stored(store: Store) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    document = make_document("d1", texts=("page one", "page two"), warnings=("page 2 was faint",))
    facts = [
        make_fact("d1", "hemoglobin", 9.1),
        make_fact("d1", "platelets", 45, "PLT 45", unit="10^9/L"),
        make_fact("d1", "TP53", "mutated", "TP53 p.R248Q", FactKind.VARIANT, None),
        make_fact("d1", "auer_rods", True, "Auer rods seen", FactKind.MARROW, None),
        make_fact("d1", "ferritin", None, "ferritin pending", unit=None),
    ]
    added = store.add_document(user.id, patient.id, [document], {"d1": facts}, b"raw bytes")

    stored = added.documents[0]
    assert (stored.id, stored.name, stored.format, stored.size) == ("d1", "labs.txt", "text", 16)
    assert stored.page_count == 2
    assert stored.warnings == ("page 2 was faint",)
    assert stored.created_at.tzinfo is not None
    assert store.get_document(user.id, "d1") == stored
    assert store.list_documents(user.id, patient.id) == [stored]
    assert store.document_pages(user.id, "d1") == document.pages
    assert store.original_bytes(user.id, "d1") == b"raw bytes"
    read_back = [stored_fact.fact for stored_fact in store.facts(user.id, patient.id)]
    assert read_back == facts  # order kept, and 45 stays an int, True a bool, None None
    assert [type(fact.value) for fact in read_back] == [float, int, str, bool, type(None)]


def test_the_same_file_twice_for_one_patient_adds_nothing(store: Store, raw_engine: Engine) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    first = store.add_document(
        user.id, patient.id, [make_document("first")], {"first": [make_fact("first")]}, b"same"
    )
    again = store.add_document(
        user.id, patient.id, [make_document("second")], {"second": [make_fact("second")]}, b"same"
    )
    assert first.created
    assert not again.created
    assert again.documents == first.documents
    assert [document.id for document in store.list_documents(user.id, patient.id)] == ["first"]
    assert len(store.facts(user.id, patient.id)) == 1
    assert count_rows(raw_engine, "blobs") == 1


def test_identical_files_of_different_patients_and_users_are_not_linked(
    store: Store, raw_engine: Engine
) -> None:
    alice = store.create_user("alice@example.org")
    bob = store.create_user("bob@example.org")
    alice_p = store.get_or_create_patient(alice.id, "P")
    alice_mum = store.get_or_create_patient(alice.id, "Mum")
    bob_p = store.get_or_create_patient(bob.id, "P")
    same_bytes = b"an identical lab report"
    added = [
        store.add_document(user, patient, [make_document(doc_id)], {}, same_bytes)
        for user, patient, doc_id in (
            (alice.id, alice_p.id, "a1"),
            (alice.id, alice_mum.id, "a2"),
            (bob.id, bob_p.id, "b1"),
        )
    ]
    assert all(result.created for result in added)
    digests = {result.documents[0].content_digest for result in added}
    assert len(digests) == 3
    blob_rows = {row[0]: row for row in _rows(raw_engine, "blobs")}
    assert set(blob_rows) == digests
    ciphertexts = {bytes(row[3]) for row in blob_rows.values()}
    assert len(ciphertexts) == 3
    # A bare SHA-256 would link them; it is stored nowhere.
    bare = hashlib.sha256(same_bytes).hexdigest().encode()
    assert rows_mentioning(raw_engine, bare) == []


def _rows(engine: Engine, table_name: str) -> list[tuple[Any, ...]]:
    return all_rows(engine)[table_name]


@pytest.fixture
def fail_fact_inserts(raw_engine: Engine) -> Iterator[None]:
    """Make the database refuse the insert into ``facts``, as a full disk or a bug would."""

    def refuse(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO FACTS"):
            raise RuntimeError("simulated failure while inserting facts")

    event.listen(Engine, "before_cursor_execute", refuse)
    yield
    event.remove(Engine, "before_cursor_execute", refuse)


def _assert_nothing_stored(store: Store, engine: Engine, user_id: str, patient_id: str) -> None:
    assert store.list_documents(user_id, patient_id) == []
    for table_name in ("blobs", "documents", "pages", "facts"):
        assert count_rows(engine, table_name) == 0, table_name
    assert [entry.action for entry in store.audit_log(user_id, patient_id)] == ["patient.create"]


def test_a_failing_fact_insert_stores_nothing_at_all(
    store: Store, raw_engine: Engine, fail_fact_inserts: None
) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    with pytest.raises(RuntimeError, match="simulated failure"):
        _add_zip(store, user.id, patient.id)
    _assert_nothing_stored(store, raw_engine, user.id, patient.id)


def test_a_fact_that_cannot_be_serialised_midway_stores_nothing(
    store: Store, raw_engine: Engine
) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    good = make_fact("d2", "hemoglobin", 9.0)
    broken = make_fact("d2", "platelets", 40).model_copy(update={"details": {"bad": object()}})
    with pytest.raises(PydanticSerializationError):
        store.add_document(
            user.id,
            patient.id,
            [make_document("d1"), make_document("d2")],
            {"d1": [make_fact("d1")], "d2": [good, broken]},
            b"upload",
        )
    _assert_nothing_stored(store, raw_engine, user.id, patient.id)
    # The store is still usable and the same upload can be added once fixed.
    added = store.add_document(
        user.id, patient.id, [make_document("d1")], {"d1": [make_fact("d1")]}, b"upload"
    )
    assert added.created


def test_an_inconsistent_batch_is_refused_before_writing(store: Store, raw_engine: Engine) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    with pytest.raises(ValueError, match="provenance"):
        store.add_document(
            user.id, patient.id, [make_document("d1")], {"d1": [make_fact("x")]}, b""
        )
    with pytest.raises(ValueError, match="not in the batch"):
        store.add_document(user.id, patient.id, [make_document("d1")], {"d9": []}, b"")
    with pytest.raises(ValueError, match="distinct"):
        store.add_document(user.id, patient.id, [make_document("d1")] * 2, {}, b"")
    with pytest.raises(ValueError, match="finite"):
        store.add_document(
            user.id,
            patient.id,
            [make_document("d1")],
            {"d1": [make_fact("d1", value=math.nan)]},
            b"",
        )
    with pytest.raises(ValueError, match="at least one"):
        store.add_document(user.id, patient.id, [], {}, b"")
    assert count_rows(raw_engine, "blobs") == 0


def test_a_document_id_already_used_elsewhere_is_a_clear_error(store: Store) -> None:
    user = store.local_user()
    first = store.get_or_create_patient(user.id, "P")
    second = store.get_or_create_patient(user.id, "Mum")
    store.add_document(user.id, first.id, [make_document("dup")], {}, b"one file")
    with pytest.raises(StoreError, match="already in use"):
        store.add_document(user.id, second.id, [make_document("dup")], {}, b"another file")
    assert store.list_documents(user.id, second.id) == []


def test_deleting_documents_removes_their_rows_and_the_unused_file(
    store: Store, raw_engine: Engine
) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    labs_id, marrow_id = _add_zip(store, user.id, patient.id)
    marrow_fact = next(
        stored for stored in store.facts(user.id, patient.id) if stored.document_id == marrow_id
    )
    store.correct_fact(user.id, marrow_fact.id, value=8.0, unit="%", note="report says 8")

    store.delete_document(user.id, marrow_id)
    assert [document.id for document in store.list_documents(user.id, patient.id)] == [labs_id]
    assert {stored.document_id for stored in store.facts(user.id, patient.id)} == {labs_id}
    assert count_rows(raw_engine, "pages") == 1
    assert count_rows(raw_engine, "corrections") == 0
    # The zip is still the original of the labs document.
    assert store.original_bytes(user.id, labs_id) == ZIP_BYTES
    assert count_rows(raw_engine, "blobs") == 1

    store.delete_document(user.id, labs_id)
    for table_name in ("blobs", "documents", "pages", "facts", "corrections"):
        assert count_rows(raw_engine, table_name) == 0, table_name
    actions = [entry.action for entry in store.audit_log(user.id, patient.id)]
    assert actions.count("document.delete") == 2


def test_deleting_a_patient_leaves_no_row_or_byte_of_theirs(
    store: Store, store_settings: object, raw_engine: Engine
) -> None:
    alice = store.create_user("alice@example.org")
    bob = store.create_user("bob@example.org")
    patient = store.get_or_create_patient(alice.id, "P")
    kept = store.get_or_create_patient(alice.id, "Mum")
    _add_zip(store, alice.id, patient.id)
    store.add_document(alice.id, kept.id, [make_document("kept")], {}, b"kept bytes")
    fact = store.facts(alice.id, patient.id)[0]
    store.correct_fact(alice.id, fact.id, value=9.4, note="typo in report")
    store.share_patient(alice.id, patient.id, bob.id)
    store.original_bytes(bob.id, "zip-labs")
    blob_ciphertext = bytes(
        next(row for row in _rows(raw_engine, "blobs") if row[1] == patient.id)[3]
    )
    database_file = raw_engine.url.database if raw_engine.dialect.name == "sqlite" else None
    if database_file is not None:
        assert blob_ciphertext[:64] in _read(database_file)

    store.delete_patient(alice.id, patient.id)

    assert rows_mentioning(raw_engine, patient.id.encode()) == []
    assert store.list_patients(bob.id) == []
    assert [p.id for p in store.list_patients(alice.id)] == [kept.id]
    assert store.original_bytes(alice.id, "kept") == b"kept bytes"
    assert rows_mentioning(raw_engine, blob_ciphertext) == []
    if database_file is not None:
        # secure_delete overwrote the freed pages instead of leaving the bytes behind.
        on_disk = _read(database_file)
        assert blob_ciphertext[:64] not in on_disk
        assert patient.id.encode() not in on_disk


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def test_deleting_a_user_removes_their_patients_and_shares(
    store: Store, raw_engine: Engine
) -> None:
    alice = store.create_user("alice@example.org")
    bob = store.create_user("bob@example.org")
    alices = store.get_or_create_patient(alice.id, "P")
    bobs = store.get_or_create_patient(bob.id, "Dad")
    _add_zip(store, alice.id, alices.id)
    store.add_document(bob.id, bobs.id, [make_document("bob-doc")], {}, b"bob's file")
    store.share_patient(bob.id, bobs.id, alice.id)
    store.share_patient(alice.id, alices.id, bob.id)

    with pytest.raises(PermissionDenied, match="account holder"):
        store.delete_user(bob.id, alice.id)
    store.delete_user(alice.id, alice.id)

    assert rows_mentioning(raw_engine, alice.id.encode()) == []
    assert rows_mentioning(raw_engine, alices.id.encode()) == []
    assert store.find_user_by_email("alice@example.org") is None
    assert store.list_patients(bob.id) == [bobs]
    assert store.patient_readers(bob.id, bobs.id) == []
    assert [document.id for document in store.list_documents(bob.id, bobs.id)] == ["bob-doc"]


def test_corrections_are_kept_beside_the_original_fact(store: Store) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    original = make_fact("d1", "hemoglobin", 91.0, "Hb 91 g/L")
    store.add_document(user.id, patient.id, [make_document("d1")], {"d1": [original]}, b"x")
    fact_id = store.facts(user.id, patient.id)[0].id

    first = store.correct_fact(
        user.id, fact_id, value=9.1, unit="g/dL", date=dt.date(2024, 3, 4), note="unit"
    )
    second = store.correct_fact(user.id, fact_id, value=9.2, name="hemoglobin")
    stored = store.facts(user.id, patient.id)[0]
    assert stored.fact == original
    assert stored.corrections == (first, second)
    assert (first.name, first.value, first.unit, first.date, first.note) == (
        "hemoglobin",
        9.1,
        "g/dL",
        dt.date(2024, 3, 4),
        "unit",
    )
    assert first.author_id == user.id
    assert "fact.correct" in [entry.action for entry in store.audit_log(user.id, patient.id)]


def test_the_same_file_added_concurrently_is_stored_once(store: Store) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")

    def add(number: int) -> AddedDocuments:
        document_id = f"race-{number}"
        return store.add_document(
            user.id,
            patient.id,
            [make_document(document_id)],
            {document_id: [make_fact(document_id)]},
            b"the same upload from two browser tabs",
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(add, range(12)))
    assert sum(result.created for result in results) == 1
    assert len({result.documents for result in results}) == 1
    assert len(store.list_documents(user.id, patient.id)) == 1
    assert len(store.facts(user.id, patient.id)) == 1
