"""Encryption at rest: nothing readable in the database, and ciphertexts bound to their row."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import Engine, text
from store_helpers import make_document, make_fact, rows_mentioning

from onconav.store import DecryptionError, Store
from onconav.store.crypto import NONCE_BYTES, RecordCipher

FACT_TEXT = "Karyotype 46,XY,del(5)(q13q33)[12]/46,XY[8] MARKER-FACT"
PAGE_TEXT = "Bone marrow report MARKER-PAGE for Jane Example"
DOCUMENT_NAME = "Jane_Example_marrow_MARKER-NAME.pdf"
ORIGINAL = b"%PDF-1.7 MARKER-ORIGINAL the scanned report bytes"
WARNING = "page 1 of MARKER-WARNING was faint"
NOTE = "my haematologist said MARKER-NOTE"
MARKERS = [
    b"MARKER-FACT",
    b"MARKER-PAGE",
    b"Jane Example",
    b"MARKER-NAME",
    b"MARKER-ORIGINAL",
    b"MARKER-WARNING",
    b"MARKER-NOTE",
    b"del(5)",
]


def _store_sensitive_record(store: Store) -> tuple[str, str]:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    document = make_document("d1", name=DOCUMENT_NAME, texts=(PAGE_TEXT,), warnings=(WARNING,))
    fact = make_fact("d1", "karyotype", "46,XY,del(5)(q13q33)[12]/46,XY[8]", FACT_TEXT)
    store.add_document(user.id, patient.id, [document], {"d1": [fact]}, ORIGINAL)
    fact_id = store.facts(user.id, patient.id)[0].id
    store.correct_fact(user.id, fact_id, value="46,XY,del(5)(q13q33)[12]", note=NOTE)
    return patient.id, fact_id


def test_no_record_content_is_stored_in_clear(store: Store, raw_engine: Engine) -> None:
    _store_sensitive_record(store)
    for marker in MARKERS:
        assert rows_mentioning(raw_engine, marker) == [], marker
    if raw_engine.dialect.name == "sqlite":
        database_file = raw_engine.url.database
        assert database_file is not None
        with open(database_file, "rb") as handle:
            on_disk = handle.read()
        # The file is really there and holds the (encrypted) rows.
        assert len(on_disk) > len(ORIGINAL)
        for marker in MARKERS:
            assert marker not in on_disk, marker
    # ... while the owner reads it all back.
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    assert store.facts(user.id, patient.id)[0].fact.provenance.text == FACT_TEXT
    assert store.original_bytes(user.id, "d1") == ORIGINAL


def _execute(engine: Engine, statement: str, **parameters: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), parameters)


def test_a_fact_ciphertext_moved_to_another_row_fails_to_decrypt(
    store: Store, raw_engine: Engine
) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    facts = [make_fact("d1", "hemoglobin", 9.1), make_fact("d1", "platelets", 45)]
    store.add_document(user.id, patient.id, [make_document("d1")], {"d1": facts}, b"file")
    first, second = store.facts(user.id, patient.id)
    _execute(
        raw_engine,
        "UPDATE facts SET ciphertext = (SELECT ciphertext FROM facts WHERE id = :source) "
        "WHERE id = :target",
        source=first.id,
        target=second.id,
    )
    with pytest.raises(DecryptionError, match="moved"):
        store.facts(user.id, patient.id)


def test_a_row_moved_to_another_patient_fails_to_decrypt(store: Store, raw_engine: Engine) -> None:
    user = store.local_user()
    source = store.get_or_create_patient(user.id, "P")
    target = store.get_or_create_patient(user.id, "Mum")
    store.add_document(user.id, source.id, [make_document("d1")], {"d1": [make_fact("d1")]}, b"f")
    store.add_document(user.id, target.id, [make_document("d2")], {}, b"g")
    _execute(raw_engine, "UPDATE facts SET patient_id = :target", target=target.id)
    with pytest.raises(DecryptionError):
        store.facts(user.id, target.id)
    # Original files too: the target's file replaced by the source's ciphertext.
    _execute(
        raw_engine,
        "UPDATE blobs SET ciphertext = (SELECT ciphertext FROM blobs WHERE patient_id = :source) "
        "WHERE patient_id = :target",
        source=source.id,
        target=target.id,
    )
    with pytest.raises(DecryptionError):
        store.original_bytes(user.id, "d2")


def test_a_changed_byte_is_detected(store: Store, raw_engine: Engine) -> None:
    user = store.local_user()
    patient = store.get_or_create_patient(user.id, "P")
    store.add_document(user.id, patient.id, [make_document("d1")], {}, b"file")
    with raw_engine.connect() as connection:
        stored = bytes(connection.execute(text("SELECT ciphertext FROM pages")).scalar_one())
    tampered = stored[:-1] + bytes([stored[-1] ^ 1])
    _execute(raw_engine, "UPDATE pages SET ciphertext = :value", value=tampered)
    with pytest.raises(DecryptionError):
        store.document_pages(user.id, "d1")


def test_every_value_gets_a_fresh_nonce() -> None:
    cipher = RecordCipher(os.urandom(32))
    sealed = [cipher.encrypt(b"same", table="t", row_id="r", patient_id="p") for _ in range(50)]
    nonces = {value[1 : 1 + NONCE_BYTES] for value in sealed}
    assert len(nonces) == 50
    assert all(
        cipher.decrypt(value, table="t", row_id="r", patient_id="p") == b"same" for value in sealed
    )


def test_content_digest_is_keyed_and_bound_to_the_patient() -> None:
    cipher = RecordCipher(os.urandom(32))
    other_key = RecordCipher(os.urandom(32))
    digest = cipher.content_digest("patient-1", b"bytes")
    assert digest == cipher.content_digest("patient-1", b"bytes")
    assert digest != cipher.content_digest("patient-2", b"bytes")
    assert digest != other_key.content_digest("patient-1", b"bytes")
    # The patient id and the bytes cannot be traded for each other.
    assert cipher.content_digest("ab", b"c") != cipher.content_digest("a", b"bc")
