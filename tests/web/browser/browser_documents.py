"""Documents made in the tests: a text PDF and a scanned-looking image of a blood count."""

from __future__ import annotations

import io

CBC_LINES = (
    "Valley Medical Laboratory",
    "Patient: DOE, JANE A.     DOB: 1950-06-15",
    "Collected: 2024-02-20",
    "",
    "COMPLETE BLOOD COUNT",
    "Test            Result   Flag  Units      Reference",
    "Hemoglobin      8.9      L     g/dL       12.0-15.5",
    "Platelets       210            K/uL       150-400",
    "ANC             1.9            x10^9/L    1.8-7.7",
)


def cbc_pdf(lines: tuple[str, ...] = CBC_LINES) -> bytes:
    """A one-page PDF with a text layer, as a lab portal would give it."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter)
    page.setFont("Courier", 11)
    y = 720
    for line in lines:
        page.drawString(72, y, line)
        y -= 16
    page.showPage()
    page.save()
    return buffer.getvalue()
