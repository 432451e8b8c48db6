"""Record ingestion: text-PDF pages/s, OCR pages/s, peak memory on a 300-page PDF.

Targets (records issue, 2-core reference machine): text PDFs ≥ 50 pages/s; scanned pages
at 300 dpi ≥ 1 page/s with two OCR workers; peak memory ≤ 500 MB reading a 300-page PDF.

The PDFs are generated here at run time with reportlab: the text PDF mixes, per ten
pages, four pages of prose, four lab-table pages (a flag column that the text layer
splits from its row, so the page is rebuilt row by row) and two two-column pages. The
scanned PDF holds page images rendered from such pages at 300 dpi, speckled a little.
Memory is measured in a fresh subprocess (its peak resident set size, VmHWM), so the
figures include the interpreter and libraries, as a server process would. The tesseract
processes that OCR starts are separate processes and are not in the figure.
"""

from __future__ import annotations

import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import Figure

TEXT_PAGES = 300
OCR_PAGES = 8
TEXT_TARGET = 50.0  # pages/s
OCR_TARGET = 1.0  # pages/s
MEMORY_TARGET = 500.0  # MB
REPO = Path(__file__).resolve().parents[1]


def run() -> list[Figure]:
    from onconav.records.ingest import IngestLimits, ingest

    text_pdf = build_text_pdf(TEXT_PAGES)
    limits = IngestLimits(max_pages=1000)
    best = float("inf")
    layout_pages = 0
    for _ in range(3):
        started = time.perf_counter()
        (document,) = ingest("bench.pdf", text_pdf, limits)
        best = min(best, time.perf_counter() - started)
        layout_pages = sum(1 for page in document.pages if page.method == "layout")

    scanned = build_scanned_pdf(OCR_PAGES)
    with tempfile.TemporaryDirectory() as folder:
        text_path = Path(folder) / "text.pdf"
        scan_path = Path(folder) / "scan.pdf"
        text_path.write_bytes(text_pdf)
        scan_path.write_bytes(scanned)
        text_run = _measure_in_subprocess(text_path)
        ocr_run = _measure_in_subprocess(scan_path)

    return [
        Figure(
            f"text PDF, {TEXT_PAGES} pages ({layout_pages} rebuilt by layout)",
            TEXT_PAGES / best,
            "pages/s",
            target=TEXT_TARGET,
        ),
        Figure(
            f"scanned PDF at 300 dpi, {OCR_PAGES} pages, 2 OCR workers",
            OCR_PAGES / ocr_run["seconds"],
            "pages/s",
            target=OCR_TARGET,
        ),
        Figure(
            f"peak memory reading the {TEXT_PAGES}-page PDF (process RSS)",
            text_run["peak_mb"],
            "MB",
            target=MEMORY_TARGET,
            better="lower",
        ),
        Figure("  of which before reading (interpreter and libraries)", text_run["base_mb"], "MB"),
        Figure(f"peak memory during the {OCR_PAGES}-page OCR run", ocr_run["peak_mb"], "MB"),
    ]


def _measure_in_subprocess(path: Path) -> dict[str, float]:
    code = f"from bench.bench_ingest import measure; measure({str(path)!r})"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(path: str) -> None:
    """Run in a fresh process: ingest one file, print seconds and peak RSS as JSON."""
    from onconav.records.ingest import IngestLimits, ingest

    data = Path(path).read_bytes()
    base = _peak_rss_mb()
    started = time.perf_counter()
    ingest(Path(path).name, data, IngestLimits(max_pages=1000, ocr_workers=2))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_rss_mb(), "base_mb": base}))


def _peak_rss_mb() -> float:
    # VmHWM belongs to this process's own address space. getrusage's ru_maxrss would not do:
    # Linux carries the parent's high-water mark across fork and exec, so a benchmark run
    # after others in the same `python -m bench` would report the parent's memory.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: kilobytes


def build_text_pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    _, height = letter
    rng = random.Random(20240301)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for number in range(pages):
        kind = number % 10
        pdf.setFont("Helvetica-Bold", 13)
        pdf.drawString(72, height - 54, f"Clinical record, page {number + 1}")
        pdf.setFont("Helvetica", 10)
        if kind < 4:
            for line in range(44):
                pdf.drawString(72, height - 84 - line * 14, _prose(rng, 14))
        elif kind < 8:
            pdf.drawString(72, height - 84, "Test")
            for x, title in ((230, "Result"), (300, "Flag"), (360, "Units"), (450, "Reference")):
                pdf.drawString(x, height - 84, title)
            for row in range(40):
                y = height - 100 - row * 15
                value = rng.uniform(1, 400)
                pdf.drawString(72, y, rng.choice(_ANALYTES))
                pdf.drawString(230, y, f"{value:.1f}")
                pdf.drawString(300, y, rng.choice(("", "L", "H")))
                pdf.drawString(360, y, rng.choice(("g/dL", "10^9/L", "ng/mL", "fL")))
                pdf.drawString(520, y, f"{value * 0.8:.0f}-{value * 1.3:.0f}")
        else:
            for line in range(44):
                pdf.drawString(72, height - 84 - line * 14, _fitted(rng, 230))
                pdf.drawString(320, height - 84 - line * 14, _fitted(rng, 230))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def build_scanned_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    source = pdfium.PdfDocument(build_text_pdf(pages))
    rng = random.Random(7)
    images: list[Image.Image] = []
    try:
        for index in range(pages):
            bitmap = source[index].render(scale=300 / 72, grayscale=True)
            image = bitmap.to_pil().copy()
            pixels = image.load()
            assert pixels is not None
            for _ in range(image.width * image.height // 200):
                pixels[rng.randrange(image.width), rng.randrange(image.height)] = 0
            images.append(image.filter(ImageFilter.GaussianBlur(0.5)))
    finally:
        source.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=300.0)
    return buffer.getvalue()


_ANALYTES = ("Hemoglobin", "Platelets", "WBC", "ANC", "MCV", "Ferritin", "EPO", "Folate")
_WORDS = (
    "marrow aspirate cellularity blasts erythroid precursors dysplasia megakaryocytes "
    "ring sideroblasts karyotype metaphases transfusion ferritin clinic review follow "
    "patient reports fatigue stable counts plan repeat weeks the and with of in was"
).split()


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def _fitted(rng: random.Random, points: float) -> str:
    """Prose that fills a column ``points`` wide without running into the next one."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words: list[str] = []
    while True:
        word = rng.choice(_WORDS)
        if stringWidth(" ".join([*words, word]), "Helvetica", 10) > points:
            return " ".join(words)
        words.append(word)
