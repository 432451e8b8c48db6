from __future__ import annotations

import io
import zipfile

import pytest
from ingest_refusal import refusal_and_peak
from ingest_samples import bundle, patient, quantity_observation, text_pdf, zip_bomb, zip_bytes

from onconav.records.ingest import ErrorCode, IngestLimits, RecordError, ingest
from onconav.records.model import DocumentFormat

LIMITS = IngestLimits()


def test_portal_export_gives_one_document_per_member() -> None:
    data = zip_bytes(
        {
            "labs.pdf": text_pdf([["Hemoglobin 9.1 g/dL drawn on the first of March"]]),
            "fhir/Bundle.json": bundle(
                patient(), quantity_observation("hb", "718-7", "Hb", 9.1, "g/dL")
            ),
            "notes/visit.txt": b"Seen in clinic. Platelets 61 K/uL.",
            "__MACOSX/._labs.pdf": b"\0\0resource fork",
            ".DS_Store": b"\0\0\0\1Bud1",
            "empty-folder/": b"",
        }
    )
    documents = ingest("export.zip", data, LIMITS)
    assert [d.name for d in documents] == [
        "export.zip/labs.pdf",
        "export.zip/fhir/Bundle.json",
        "export.zip/notes/visit.txt",
    ]
    assert [d.format for d in documents] == [
        DocumentFormat.PDF,
        DocumentFormat.FHIR_JSON,
        DocumentFormat.TEXT,
    ]
    assert len({d.document_id for d in documents}) == 3
    assert all(d.warnings == () for d in documents)
    fhir = documents[1]
    assert all(f.provenance.document_name == "export.zip/fhir/Bundle.json" for f in fhir.facts)
    assert all(f.provenance.document_id == fhir.document_id for f in fhir.facts)


def test_unreadable_members_are_skipped_with_warnings_and_the_rest_kept() -> None:
    data = zip_bytes(
        {
            "labs.pdf": text_pdf([["Hemoglobin 9.1 g/dL drawn on the first of March"]]),
            "locked.pdf": text_pdf([["secret"]], encrypt="pw"),
            "style.bin": bytes(range(256)) * 4,
            "inner.zip": zip_bytes({"a.txt": b"hello"}),
        }
    )
    (document,) = ingest("export.zip", data, LIMITS)
    assert document.name == "export.zip/labs.pdf"
    warnings = "\n".join(document.warnings)
    assert "locked.pdf was not read. This PDF is protected by a password" in warnings
    assert "style.bin was not read" in warnings
    assert "inner.zip was not read. This is an archive inside the archive" in warnings


def test_archive_with_one_unreadable_file_gives_that_files_problem() -> None:
    data = zip_bytes({"locked.pdf": text_pdf([["secret"]], encrypt="pw")})
    with pytest.raises(RecordError) as caught:
        ingest("export.zip", data, LIMITS)
    assert caught.value.code is ErrorCode.ENCRYPTED


def test_archive_with_nothing_readable_is_refused() -> None:
    data = zip_bytes({"a.bin": bytes(range(256)) * 4, "b.bin": bytes(range(255, -1, -1)) * 4})
    with pytest.raises(RecordError) as caught:
        ingest("export.zip", data, LIMITS)
    assert caught.value.code is ErrorCode.ARCHIVE_UNREADABLE
    assert "a.bin" in caught.value.message
    with pytest.raises(RecordError) as empty:
        ingest("empty.zip", zip_bytes({}), LIMITS)
    assert empty.value.code is ErrorCode.ARCHIVE_UNREADABLE


def test_zip_bomb_is_refused_before_any_large_allocation() -> None:
    data = zip_bomb(400)
    assert len(data) < 1_000_000
    error, peak = refusal_and_peak("export.zip", data, LIMITS)
    assert error.code is ErrorCode.ARCHIVE_BOMB
    assert peak < 20 * 1024 * 1024


def test_member_with_a_suspicious_compression_ratio_is_refused() -> None:
    # 8 MB of one repeated line: far beyond a 100:1 ratio, under every size limit.
    data = zip_bytes({"labs.txt": b"Platelets 61 K/uL.\n" * 440_000})
    assert len(data) < 80_000
    with pytest.raises(RecordError) as caught:
        ingest("export.zip", data, LIMITS)
    assert caught.value.code is ErrorCode.ARCHIVE_BOMB
    (document,) = ingest("export.zip", data, IngestLimits(max_compression_ratio=10_000))
    assert document.name == "export.zip/labs.txt"


def test_too_many_members_are_refused() -> None:
    data = zip_bytes({f"note{n}.txt": f"note {n}".encode() for n in range(12)})
    with pytest.raises(RecordError) as caught:
        ingest("export.zip", data, IngestLimits(max_archive_members=10))
    assert caught.value.code is ErrorCode.ARCHIVE_TOO_MANY_FILES


def test_total_unpacked_size_limit() -> None:
    data = zip_bytes({f"n{n}.txt": b"Platelets 61 K/uL. " * 3000 for n in range(5)})
    with pytest.raises(RecordError) as caught:
        ingest("export.zip", data, IngestLimits(max_unpacked_bytes=200_000))
    assert caught.value.code is ErrorCode.ARCHIVE_BOMB


def test_member_over_the_file_size_limit_is_skipped() -> None:
    data = zip_bytes(
        {"big.txt": b"Platelets 61 K/uL. " * 3000, "small.txt": b"Hemoglobin 9.1 g/dL"}
    )
    (document,) = ingest("export.zip", data, IngestLimits(max_bytes=50_000))
    assert document.name == "export.zip/small.txt"
    assert "big.txt was not read because it is larger than the size limit" in document.warnings[0]


def test_damaged_archive_is_refused() -> None:
    data = zip_bytes({"a.txt": b"Hemoglobin 9.1 g/dL" * 100})
    with pytest.raises(RecordError) as caught:
        ingest("export.zip", data[: len(data) // 2], LIMITS)
    assert caught.value.code is ErrorCode.CORRUPT


def test_password_protected_member_is_skipped() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ok.txt", b"Hemoglobin 9.1 g/dL")
        archive.writestr("locked.txt", b"\x00" * 40)
    data = bytearray(buffer.getvalue())
    # Set the "encrypted" bit an encrypting zip tool writes in the member's directory entry.
    entry = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[entry + 8] |= 0x1
    (document,) = ingest("export.zip", bytes(data), LIMITS)
    assert document.name == "export.zip/ok.txt"
    assert "locked.txt was not read because it is protected by a password." in document.warnings


def test_member_count_is_read_from_the_end_record_before_opening() -> None:
    from onconav.records.ingest.archive import declared_members

    data = zip_bytes({f"n{n}.txt": b"x" for n in range(7)})
    assert declared_members(data) == 7
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        for n in range(3):
            archive.writestr(f"n{n}.txt", b"x")
    assert declared_members(buffer.getvalue()) == 3
    assert declared_members(b"not a zip") is None


def test_archive_of_very_many_tiny_entries_is_refused_from_its_end_record() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(66_000):  # past 65,535: the count moves to the zip64 end record
            archive.writestr(str(n), b"")
    data = buffer.getvalue()
    error, peak = refusal_and_peak("export.zip", data, LIMITS)
    assert error.code is ErrorCode.ARCHIVE_TOO_MANY_FILES
    assert "66000 files" in error.message
    assert peak < 2 * 1024 * 1024
