from __future__ import annotations

from onconav.records.ingest import IngestLimits
from onconav.settings import Settings


def test_limits_come_from_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path, max_upload_bytes=5_000_000, max_pdf_pages=40)
    limits = IngestLimits.from_settings(settings)
    assert limits.max_bytes == 5_000_000
    assert limits.max_pages == 40
    assert limits.max_unpacked_bytes >= 4 * limits.max_bytes


def test_defaults_match_the_documented_limits() -> None:
    limits = IngestLimits()
    assert limits.max_bytes == 50 * 1024 * 1024
    assert limits.max_pages == 500
