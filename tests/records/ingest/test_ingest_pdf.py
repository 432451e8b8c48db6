from __future__ import annotations

import pytest
from ingest_samples import scan_of, scanned_pdf, table_pdf, text_pdf, two_column_pdf

from onconav.records.ingest import ErrorCode, IngestLimits, RecordError, ingest
from onconav.records.model import DocumentFormat

LIMITS = IngestLimits()

LEFT = [
    "The aspirate smears are cellular and show",
    "trilineage hematopoiesis with changes of",
    "dyserythropoiesis in about 20% of erythroid",
    "precursors, with nuclear budding. Myeloblasts",
    "are 3% of 500 cells counted on the aspirate.",
    "Ring sideroblasts are about 18% of precursors.",
]
RIGHT = [
    "Karyotype 46,XX,del(5)(q13q33)[15]/46,XX[5]",
    "in twenty metaphases examined by G-banding.",
    "FISH for EGR1 at 5q31 shows a deletion in 72%",
    "of 200 nuclei, above the cutoff of 5 percent.",
    "Flow cytometry shows CD34-positive blasts at",
    "2.1% of total events with aberrant CD7 seen.",
]
TABLE = [
    ("Test", "Result", "Units", "Reference", "Flag"),
    ("Hemoglobin", "8.9", "g/dL", "12.0-15.5", "L"),
    ("Platelets", "62", "10^9/L", "150-400", "L"),
    ("WBC", "3.1", "10^9/L", "4.0-11.0", "L"),
]


def test_text_layer_pages_are_read_in_order() -> None:
    data = text_pdf([["Page one: Hemoglobin 9.1 g/dL"], ["Page two: Platelets 88 K/uL"]])
    (document,) = ingest("labs.pdf", data, LIMITS)
    assert document.format is DocumentFormat.PDF
    assert document.media_type == "application/pdf"
    assert [p.number for p in document.pages] == [1, 2]
    assert document.pages[0].text == "Page one: Hemoglobin 9.1 g/dL"
    assert document.pages[1].text == "Page two: Platelets 88 K/uL"
    assert {p.method for p in document.pages} == {"text-layer"}
    assert document.size == len(data)
    assert len(document.sha256) == 64
    assert len(document.document_id) == 12


def test_two_column_page_is_read_column_by_column_and_table_row_by_row() -> None:
    data = two_column_pdf("Bone Marrow Pathology Report", LEFT, RIGHT, TABLE)
    (document,) = ingest("marrow.pdf", data, LIMITS)
    (page,) = document.pages
    assert page.method == "layout"
    lines = page.text.split("\n")
    # Each column's sentences stay whole and in order: the left column comes first.
    assert lines.index(LEFT[-1]) < lines.index(RIGHT[0])
    for column in (LEFT, RIGHT):
        positions = [lines.index(line) for line in column]
        assert positions == sorted(positions)
        assert positions == list(range(positions[0], positions[0] + len(column)))
    # The table below the columns keeps each result on one line.
    assert "Hemoglobin 8.9 g/dL 12.0-15.5 L" in lines
    assert lines.index("Hemoglobin 8.9 g/dL 12.0-15.5 L") > lines.index(RIGHT[-1])
    assert lines[0] == "Bone Marrow Pathology Report"


def test_table_rows_the_text_layer_breaks_are_rebuilt_row_by_row() -> None:
    # pdfium's own text puts the far-right flag column on lines of its own.
    (document,) = ingest("cbc.pdf", table_pdf(TABLE), LIMITS)
    (page,) = document.pages
    assert page.method == "layout"
    assert page.text.split("\n") == [" ".join(row) for row in TABLE]


def test_table_the_text_layer_keeps_whole_is_left_alone() -> None:
    rows = [row[:4] for row in TABLE]
    (document,) = ingest("cbc.pdf", table_pdf(rows), LIMITS)
    (page,) = document.pages
    assert page.method == "text-layer"
    assert page.text.split("\n") == [" ".join(row) for row in rows]


def test_progress_is_reported_per_page() -> None:
    calls: list[tuple[str, int, int]] = []
    data = text_pdf([[f"Page {n} has enough text to count as a text layer."] for n in range(3)])
    ingest("p.pdf", data, LIMITS, progress=lambda *call: calls.append(call))
    assert calls == [("text", 1, 3), ("text", 2, 3), ("text", 3, 3)]


def test_password_protected_pdf_is_refused_with_a_clear_message() -> None:
    data = text_pdf([["Hemoglobin 9.1 g/dL"]], encrypt="secret")
    with pytest.raises(RecordError) as caught:
        ingest("locked.pdf", data, LIMITS)
    assert caught.value.code is ErrorCode.ENCRYPTED
    assert "password" in caught.value.message
    assert "unlocked copy" in caught.value.message


def test_corrupt_pdf_is_refused() -> None:
    data = b"%PDF-1.7\n" + b"this is not a pdf body at all\n" * 20
    with pytest.raises(RecordError) as caught:
        ingest("broken.pdf", data, LIMITS)
    assert caught.value.code is ErrorCode.CORRUPT
    assert "damaged" in caught.value.message


def test_truncated_pdf_is_refused() -> None:
    data = text_pdf([["Hemoglobin 9.1 g/dL"]])
    with pytest.raises(RecordError) as caught:
        ingest("cut.pdf", data[: len(data) // 3], LIMITS)
    assert caught.value.code is ErrorCode.CORRUPT


def test_pdf_over_the_page_limit_is_refused_before_reading() -> None:
    data = text_pdf([[f"page {n}"] for n in range(6)])
    with pytest.raises(RecordError) as caught:
        ingest("long.pdf", data, IngestLimits(max_pages=5))
    assert caught.value.code is ErrorCode.TOO_MANY_PAGES
    assert "6 pages" in caught.value.message
    assert "5" in caught.value.message
    (document,) = ingest("long.pdf", data, IngestLimits(max_pages=6))
    assert len(document.pages) == 6


def test_file_over_the_size_limit_is_refused() -> None:
    data = text_pdf([["Hemoglobin 9.1 g/dL"]])
    with pytest.raises(RecordError) as caught:
        ingest("big.pdf", data, IngestLimits(max_bytes=len(data) - 1))
    assert caught.value.code is ErrorCode.TOO_LARGE
    assert ingest("big.pdf", data, IngestLimits(max_bytes=len(data)))


@pytest.mark.slow
def test_scanned_pdf_pages_are_read_by_ocr_with_confidence() -> None:
    lines = ["BONE MARROW REPORT", "Myeloblasts 3 percent", "Hemoglobin 8.9 g/dL"]
    data = scanned_pdf([scan_of(lines)])
    (document,) = ingest("scan.pdf", data, LIMITS)
    (page,) = document.pages
    assert page.method == "ocr"
    assert "BONE MARROW REPORT" in page.text
    assert "Hemoglobin 8.9 g/dL" in page.text
    assert page.ocr_confidence is not None
    assert page.ocr_confidence > 80


@pytest.mark.slow
def test_mixed_pdf_sends_only_the_scanned_page_to_ocr() -> None:
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(text_pdf([["Typed page: Ferritin 1450 ng/mL and more text here"]]))
    scan = pdfium.PdfDocument(scanned_pdf([scan_of(["Scanned page", "Platelets 41 K/uL"])]))
    text.import_pages(scan)
    import io

    buffer = io.BytesIO()
    text.save(buffer)
    calls: list[tuple[str, int, int]] = []
    (document,) = ingest(
        "mixed.pdf", buffer.getvalue(), LIMITS, progress=lambda *c: calls.append(c)
    )
    assert [p.method for p in document.pages] == ["text-layer", "ocr"]
    assert "Platelets 41 K/uL" in document.pages[1].text
    assert ("ocr", 1, 1) in calls


@pytest.mark.slow
def test_blank_scanned_pdf_is_refused_as_having_no_text() -> None:
    from PIL import Image

    data = scanned_pdf([Image.new("L", (2550, 3300), 255)])
    with pytest.raises(RecordError) as caught:
        ingest("blank.pdf", data, LIMITS)
    assert caught.value.code is ErrorCode.NO_TEXT


@pytest.mark.slow
def test_scan_under_a_short_fax_header_is_read_by_ocr() -> None:
    import io

    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = scan_of(["PATHOLOGY REPORT", "Ring sideroblasts 18 percent"])
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.drawImage(ImageReader(scan), 0, 0, width=letter[0], height=letter[1])
    pdf.setFont("Helvetica", 8)
    pdf.drawString(20, letter[1] - 12, "FAX 03/04/2024 10:15 FROM CLINIC LAB  P.001/003")
    pdf.showPage()
    pdf.save()
    (document,) = ingest("fax.pdf", buffer.getvalue(), LIMITS)
    (page,) = document.pages
    assert page.method == "ocr"
    assert "Ring sideroblasts 18 percent" in page.text
