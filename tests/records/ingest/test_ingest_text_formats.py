"""DOCX and plain text, and telling formats apart from their content."""

from __future__ import annotations

import codecs

import pytest
from ingest_refusal import refusal_and_peak
from ingest_samples import docx_bytes, text_pdf, zip_bomb

from onconav.records.ingest import ErrorCode, IngestLimits, RecordError, ingest
from onconav.records.model import DocumentFormat

LIMITS = IngestLimits()
REPORT = "Bone marrow: hypercellular (70%) with 4% myeloblasts.\nKaryotype: 46,XY[20]"


def test_docx_paragraphs_and_tables_are_read_in_document_order() -> None:
    data = docx_bytes(
        ["FINAL REPORT", "Collected: 2024-03-01"],
        [["Test", "Result", "Units"], ["Hemoglobin", "8.9", "g/dL"], ["Platelets", "62", "K/uL"]],
        ["Comment: macrocytic anemia."],
        header="Patient: Ana Rivera   DOB: 1951-07-14",
    )
    (document,) = ingest("report.docx", data, LIMITS)
    assert document.format is DocumentFormat.DOCX
    (page,) = document.pages
    assert page.method == "docx"
    assert page.text.split("\n") == [
        "Patient: Ana Rivera   DOB: 1951-07-14",
        "FINAL REPORT",
        "Collected: 2024-03-01",
        "Test\tResult\tUnits",
        "Hemoglobin\t8.9\tg/dL",
        "Platelets\t62\tK/uL",
        "Comment: macrocytic anemia.",
    ]


def test_merged_table_cells_are_read_once() -> None:
    import io

    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Complete blood count"
    for cell, text in zip(table.rows[1].cells, ("WBC", "3.1", "10^9/L"), strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    (read,) = ingest("cbc.docx", buffer.getvalue(), LIMITS)
    assert read.pages[0].text.split("\n") == ["Complete blood count", "WBC\t3.1\t10^9/L"]


def test_docx_without_text_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("empty.docx", docx_bytes([], [], []), LIMITS)
    assert caught.value.code is ErrorCode.NO_TEXT


def test_zip_bomb_disguised_as_docx_is_refused_before_unpacking() -> None:
    data = zip_bomb(300, as_docx=True)
    assert len(data) < 1_000_000
    error, peak = refusal_and_peak("report.docx", data, LIMITS)
    assert error.code is ErrorCode.ARCHIVE_BOMB
    assert "Word document" in error.message
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize(
    "encoded",
    [
        REPORT.encode("utf-8"),
        codecs.BOM_UTF8 + REPORT.encode("utf-8"),
        REPORT.encode("utf-16"),  # with a byte-order mark
        codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
        REPORT.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_plain_text_encodings_are_read(encoded: bytes) -> None:
    (document,) = ingest("report.txt", encoded, LIMITS)
    assert document.format is DocumentFormat.TEXT
    assert document.media_type == "text/plain"
    assert document.pages[0].text == REPORT
    assert document.pages[0].method == "plain"


def test_form_feeds_separate_pages() -> None:
    (document,) = ingest("r.txt", b"page one text\fpage two text\f", LIMITS)
    assert [p.text for p in document.pages] == ["page one text", "page two text"]


def test_text_in_another_encoding_is_refused_not_guessed() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("r.txt", "Hémoglobine 8,9 g/dL".encode("latin-1"), LIMITS)
    assert caught.value.code is ErrorCode.TEXT_ENCODING
    assert "UTF-8" in caught.value.message


def test_utf16_without_a_byte_order_mark_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("r.txt", REPORT.encode("utf-16-le"), LIMITS)
    assert caught.value.code is ErrorCode.UNKNOWN_FORMAT


def test_zero_byte_file_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("nothing.pdf", b"", LIMITS)
    assert caught.value.code is ErrorCode.EMPTY
    assert caught.value.message == "This file is empty."


def test_unknown_binary_is_refused_with_what_we_can_read() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("data.bin", bytes(range(256)) * 8, LIMITS)
    assert caught.value.code is ErrorCode.UNKNOWN_FORMAT
    assert "PDF" in caught.value.message
    assert "FHIR" in caught.value.message


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc"),
        (b"{\\rtf1\\ansi Hemoglobin 8.9}", ".rtf"),
        (b"\0\0\0\x18ftypheic\0\0\0\0", "HEIC"),
    ],
)
def test_known_unsupported_formats_say_what_to_do(data: bytes, hint: str) -> None:
    with pytest.raises(RecordError) as caught:
        ingest("file", data, LIMITS)
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
    assert hint in caught.value.message


def test_text_that_starts_like_a_bitmap_header_is_still_text() -> None:
    (document,) = ingest("notes.txt", b"BM biopsy done 2024-03-01", LIMITS)
    assert document.pages[0].text == "BM biopsy done 2024-03-01"


def test_format_comes_from_content_not_the_name() -> None:
    pdf = text_pdf([["Hemoglobin 9.1 g/dL in a PDF named like text"]])
    (document,) = ingest("notes.txt", pdf, LIMITS)
    assert document.format is DocumentFormat.PDF
    (text,) = ingest("scan.pdf", b"Hemoglobin 9.1 g/dL", LIMITS)
    assert text.format is DocumentFormat.TEXT


def test_text_starting_with_a_brace_that_is_not_json_is_plain_text() -> None:
    (document,) = ingest("note.txt", b"{draft} Platelets 45 K/uL", LIMITS)
    assert document.format is DocumentFormat.TEXT


def test_text_opening_with_square_brackets_is_plain_text() -> None:
    (document,) = ingest("note.txt", b"[Lab report]\nPlatelets 45 K/uL\n[end]", LIMITS)
    assert document.format is DocumentFormat.TEXT
