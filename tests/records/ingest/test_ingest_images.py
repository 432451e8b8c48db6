from __future__ import annotations

import random

import pytest
from ingest_samples import image_bytes, scan_of
from PIL import Image

from onconav.records.ingest import ErrorCode, IngestLimits, RecordError, ingest
from onconav.records.model import DocumentFormat

pytestmark = pytest.mark.slow

LIMITS = IngestLimits()
LINES = ["PERIPHERAL BLOOD COUNT", "Hemoglobin 8.9 g/dL", "Platelets 62 K/uL"]


@pytest.mark.parametrize(
    ("image_format", "media_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("TIFF", "image/tiff")],
)
def test_image_formats_are_read_by_ocr(image_format: str, media_type: str) -> None:
    (document,) = ingest("photo", image_bytes([scan_of(LINES)], image_format), LIMITS)
    assert document.format is DocumentFormat.IMAGE
    assert document.media_type == media_type
    (page,) = document.pages
    assert page.method == "ocr"
    for line in LINES:
        assert line in page.text
    assert page.ocr_confidence is not None
    assert 80 < page.ocr_confidence <= 100


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_scans_are_turned_upright(rotation: int) -> None:
    data = image_bytes([scan_of(LINES, rotate=rotation)], "PNG")
    (document,) = ingest("sideways.png", data, LIMITS)
    (page,) = document.pages
    assert "Hemoglobin 8.9 g/dL" in page.text
    assert "Platelets 62 K/uL" in page.text
    assert page.ocr_confidence is not None
    assert page.ocr_confidence > 80


def test_multi_page_tiff_gives_one_page_per_frame_with_progress() -> None:
    frames = [scan_of(["Page one", "Ferritin 1450 ng/mL"]), scan_of(["Page two", "EPO 38 mU/mL"])]
    calls: list[tuple[str, int, int]] = []
    (document,) = ingest(
        "scan.tif", image_bytes(frames, "TIFF"), LIMITS, progress=lambda *c: calls.append(c)
    )
    assert [p.number for p in document.pages] == [1, 2]
    assert "Ferritin 1450 ng/mL" in document.pages[0].text
    assert "EPO 38 mU/mL" in document.pages[1].text
    assert calls == [("ocr", 1, 2), ("ocr", 2, 2)]


def test_tiff_over_the_page_limit_is_refused() -> None:
    frames = [Image.new("L", (200, 200), 255) for _ in range(3)]
    with pytest.raises(RecordError) as caught:
        ingest("many.tif", image_bytes(frames, "TIFF"), IngestLimits(max_pages=2))
    assert caught.value.code is ErrorCode.TOO_MANY_PAGES


def test_noisy_low_quality_scan_records_a_lower_confidence() -> None:
    clean = ingest("a.png", image_bytes([scan_of(LINES, noise=0.0)], "PNG"), LIMITS)[0]
    noisy = ingest("b.png", image_bytes([scan_of(LINES, noise=0.03)], "PNG"), LIMITS)[0]
    assert clean.pages[0].ocr_confidence is not None
    assert noisy.pages[0].ocr_confidence is not None
    assert noisy.pages[0].ocr_confidence < clean.pages[0].ocr_confidence


def test_image_without_text_is_refused_with_a_clear_message() -> None:
    rng = random.Random(3)
    image = Image.new("L", (1200, 900), 200)
    pixels = image.load()
    assert pixels is not None
    for _ in range(20000):
        pixels[rng.randrange(1200), rng.randrange(900)] = rng.randrange(256)
    with pytest.raises(RecordError) as caught:
        ingest("sky.jpg", image_bytes([image], "JPEG"), LIMITS)
    assert caught.value.code is ErrorCode.NO_TEXT
    assert caught.value.message.startswith("We could not find any text in this image")


def test_image_with_too_many_pixels_is_refused_before_decoding() -> None:
    data = image_bytes([Image.new("L", (4000, 4000), 255)], "PNG")
    with pytest.raises(RecordError) as caught:
        ingest("huge.png", data, IngestLimits(max_image_pixels=10_000_000))
    assert caught.value.code is ErrorCode.TOO_LARGE


def test_damaged_image_is_refused() -> None:
    data = image_bytes([scan_of(LINES)], "PNG")
    with pytest.raises(RecordError) as caught:
        ingest("cut.png", data[:400], LIMITS)
    assert caught.value.code is ErrorCode.CORRUPT
