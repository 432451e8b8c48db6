"""The bad inputs of the records issue, generated rather than committed.

Each must make the pipeline stop that one document with a clear message (and, for the
image without text, at most yield a document with no facts and a warning).
"""

from __future__ import annotations

import io
import json

import numpy as np
from PIL import Image
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from .archive import write_zip_bomb

ZIP_BOMB_SIZE = 512 * 1024 * 1024  # inflates 512 MiB from about half a megabyte

_LAB_LINES = (
    "LAKESHORE REGIONAL HOSPITAL - CLINICAL LABORATORY",
    "Hemoglobin: 9.2 g/dL (L)",
    "Platelets: 198 K/uL",
)


def _small_pdf(encrypt: StandardEncryption | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, encrypt=encrypt)
    canvas.setFont("Helvetica", 11)
    for index, line in enumerate(_LAB_LINES):
        canvas.drawString(72, 720 - 16 * index, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """Opens only with a user password the patient never gave us."""
    return _small_pdf(
        StandardEncryption("portal-2024", ownerPassword="lab-owner", canPrint=0, strength=128)
    )


def corrupt_pdf(seed: int) -> bytes:
    """A PDF header followed by a damaged body: the middle overwritten with random bytes and
    the cross-reference table and trailer cut off."""
    data = bytearray(_small_pdf())
    rng = np.random.default_rng(seed)
    start, end = 40, len(data) * 2 // 3
    data[start:end] = rng.integers(0, 256, size=end - start, dtype=np.uint8).tobytes()
    return bytes(data[:end])


def empty_file() -> bytes:
    return b""


def zip_bomb_docx() -> bytes:
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    relationships = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    return write_zip_bomb(
        [("[Content_Types].xml", content_types), ("_rels/.rels", relationships)],
        "word/document.xml",
        ZIP_BOMB_SIZE,
    )


def not_fhir_json() -> bytes:
    """Valid JSON from a fitness tracker: no resourceType, nothing clinical."""
    export = {
        "exportedFrom": "StepTrack",
        "formatVersion": 3,
        "days": [
            {"date": "2024-05-01", "steps": 4312, "restingHeartRate": 71, "sleepMinutes": 402},
            {"date": "2024-05-02", "steps": 5120, "restingHeartRate": 69, "sleepMinutes": 371},
            {"date": "2024-05-03", "steps": 2988, "restingHeartRate": 74, "sleepMinutes": 455},
        ],
    }
    return (json.dumps(export, indent=2) + "\n").encode("utf-8")


def blank_image(seed: int) -> bytes:
    """A photo of nothing: a smooth gradient with sensor noise and no text."""
    rng = np.random.default_rng(seed)
    height, width = 900, 1200
    ys, xs = np.mgrid[0:height, 0:width]
    base = 90 + 80 * (xs / width) + 40 * np.sin(ys / 140.0)
    pixels = base + rng.normal(0, 6, size=base.shape)
    rgb = np.stack([pixels, pixels * 0.95 + 8, pixels * 0.85 + 15], axis=-1)
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), mode="RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
