"""Test inputs built at run time: PDFs drawn with reportlab, scans rendered from our own
PDFs with Pillow noise and rotation, Word files from python-docx, FHIR as dicts, and
zip archives (including ones that unpack to far more than they hold)."""

from __future__ import annotations

import base64
import io
import json
import random
import zipfile
from collections.abc import Sequence
from typing import Any

import docx
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

PAGE_WIDTH, PAGE_HEIGHT = letter


def text_pdf(
    pages: Sequence[Sequence[str]], *, font_size: int = 11, encrypt: str | None = None
) -> bytes:
    """One PDF page per list of lines, drawn top down in Helvetica."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, encrypt=encrypt)
    for lines in pages:
        pdf.setFont("Helvetica", font_size)
        y = PAGE_HEIGHT - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= font_size * 1.5
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def two_column_pdf(
    title: str,
    left: Sequence[str],
    right: Sequence[str],
    table: Sequence[Sequence[str]] = (),
) -> bytes:
    """A title across the page, two columns of prose lines, then a full-width table."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, PAGE_HEIGHT - 60, title)
    pdf.setFont("Helvetica", 10)
    y = PAGE_HEIGHT - 90
    widest = max(pdfmetrics.stringWidth(line, "Helvetica", 10) for line in left)
    assert 72 + widest < 300, "the sample's left column must leave a gutter"
    for index in range(max(len(left), len(right))):
        if index < len(left):
            pdf.drawString(72, y, left[index])
        if index < len(right):
            pdf.drawString(320, y, right[index])
        y -= 14
    y -= 20
    draw_table(pdf, table, y)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def table_pdf(rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Helvetica", 10)
    draw_table(pdf, rows, PAGE_HEIGHT - 72)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_table(pdf: canvas.Canvas, rows: Sequence[Sequence[str]], top: float) -> None:
    pdf.setFont("Helvetica", 10)
    columns = (72, 230, 330, 420, 520)
    for index, row in enumerate(rows):
        for x, cell in zip(columns, row, strict=False):
            pdf.drawString(x, top - index * 14, cell)


def render_page(pdf_bytes: bytes, page: int = 0, dpi: int = 300) -> Image.Image:
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        bitmap = document[page].render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().copy()
    finally:
        document.close()


def scan_of(
    lines: Sequence[str], *, rotate: int = 0, noise: float = 0.01, seed: int = 7
) -> Image.Image:
    """A 'scan' of our own text: rendered at 300 dpi, speckled, lightly blurred, and
    turned ``rotate`` degrees counter-clockwise as a scanner might."""
    image = render_page(text_pdf([lines], font_size=14))
    rng = random.Random(seed)
    pixels = image.load()
    assert pixels is not None
    for _ in range(int(image.width * image.height * noise)):
        pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice((0, 255))
    image = image.filter(ImageFilter.GaussianBlur(0.7))
    if rotate:
        image = image.rotate(rotate, expand=True, fillcolor=255)
    return image


def image_bytes(images: Sequence[Image.Image], image_format: str) -> bytes:
    buffer = io.BytesIO()
    first, *rest = images
    if rest:
        first.save(buffer, format=image_format, save_all=True, append_images=rest)
    else:
        first.save(buffer, format=image_format)
    return buffer.getvalue()


def scanned_pdf(images: Sequence[Image.Image]) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes."""
    buffer = io.BytesIO()
    first, *rest = [image.convert("L") for image in images]
    first.save(buffer, format="PDF", save_all=True, append_images=rest, resolution=300.0)
    return buffer.getvalue()


def docx_bytes(
    paragraphs_before: Sequence[str],
    table: Sequence[Sequence[str]],
    paragraphs_after: Sequence[str],
    *,
    header: str | None = None,
) -> bytes:
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for text in paragraphs_before:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    for text in paragraphs_after:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(unpacked_megabytes: int, *, as_docx: bool = False) -> bytes:
    """A small archive whose one big member inflates ~1000-fold (zeros compress well)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if as_docx:
            archive.writestr("[Content_Types].xml", "<Types/>")
        name = "word/document.xml" if as_docx else "labs.txt"
        with archive.open(name, "w", force_zip64=True) as handle:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked_megabytes):
                handle.write(block)
    return buffer.getvalue()


# FHIR ---------------------------------------------------------------------------------

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"


def quantity_observation(
    resource_id: str,
    loinc: str,
    display: str,
    value: float,
    unit: str | None,
    *,
    ucum: str | None = None,
    when: str = "2024-03-01T09:30:00-05:00",
    reference: tuple[float, float] | None = None,
    flag: str | None = None,
) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value}
    if unit is not None:
        quantity["unit"] = unit
    if ucum is not None:
        quantity |= {"system": "http://unitsofmeasure.org", "code": ucum}
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": loinc, "display": display}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": when,
        "valueQuantity": quantity,
    }
    if reference:
        resource["referenceRange"] = [
            {
                "low": {"value": reference[0], "unit": unit},
                "high": {"value": reference[1], "unit": unit},
            }
        ]
    if flag:
        resource["interpretation"] = [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                        "code": flag,
                    }
                ]
            }
        ]
    return resource


def patient() -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": "p1",
        "name": [{"use": "official", "family": "Rivera", "given": ["Ana", "M."]}],
        "gender": "female",
        "birthDate": "1951-07-14",
    }


def variant_observation(gene: str, hgvs_c: str, hgvs_p: str, vaf_percent: float) -> dict[str, Any]:
    def component(code: str, **value: Any) -> dict[str, Any]:
        return {"code": {"coding": [{"system": LOINC, "code": code}]}, **value}

    return {
        "resourceType": "Observation",
        "id": f"var-{gene}",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "69548-6"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2024-03-04",
        "valueCodeableConcept": {
            "coding": [{"system": LOINC, "code": "LA9633-4", "display": "Present"}]
        },
        "component": [
            component(
                "48018-6",
                valueCodeableConcept={
                    "coding": [
                        {
                            "system": "http://www.genenames.org/geneId",
                            "code": "HGNC:11998",
                            "display": gene,
                        }
                    ]
                },
            ),
            component(
                "48004-6",
                valueCodeableConcept={
                    "coding": [
                        {"system": "http://varnomen.hgvs.org", "code": f"NM_000546.6:{hgvs_c}"}
                    ]
                },
            ),
            component(
                "48005-3",
                valueCodeableConcept={
                    "coding": [{"system": "http://varnomen.hgvs.org", "code": hgvs_p}]
                },
            ),
            component(
                "81258-6",
                valueQuantity={
                    "value": vaf_percent,
                    "unit": "%",
                    "system": "http://unitsofmeasure.org",
                    "code": "%",
                },
            ),
            component("82121-5", valueQuantity={"value": 812}),
            component(
                "48002-0",
                valueCodeableConcept={
                    "coding": [{"system": LOINC, "code": "LA6684-0", "display": "Somatic"}]
                },
            ),
        ],
    }


def wild_type_observation(gene: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": f"wt-{gene}",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "69548-6"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2024-03-04",
        "valueCodeableConcept": {
            "coding": [{"system": LOINC, "code": "LA9634-2", "display": "Absent"}]
        },
        "component": [
            {
                "code": {"coding": [{"system": LOINC, "code": "48018-6"}]},
                "valueCodeableConcept": {"coding": [{"display": gene}]},
            }
        ],
    }


def marrow_report(text: str) -> dict[str, Any]:
    return {
        "resourceType": "DiagnosticReport",
        "id": "bm1",
        "status": "final",
        "code": {"text": "Bone marrow pathology"},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2024-02-27",
        "issued": "2024-03-02T12:00:00Z",
        "conclusion": "Myelodysplastic neoplasm with low blasts.",
        "presentedForm": [
            {"contentType": "text/plain", "data": base64.b64encode(text.encode()).decode()}
        ],
    }


def bundle(*resources: dict[str, Any]) -> bytes:
    document = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{index}", "resource": r} for index, r in enumerate(resources)
        ],
    }
    return json.dumps(document).encode()


def ndjson(*resources: dict[str, Any]) -> bytes:
    return "\n".join(json.dumps(r) for r in resources).encode()
