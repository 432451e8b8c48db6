from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from onconav.kb.check import check
from onconav.kb.loader import load
from onconav.kb.model import Role

FIXTURE = Path(__file__).parent / "fixtures" / "good"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def test_good_fixture_loads_into_addressable_passages() -> None:
    kb, problems = load(FIXTURE)
    assert [p for p in problems if p.level == "error"] == []
    article = kb.article("records-right")
    assert [p.id for p in article.passages] == [
        "records-right#right",
        "records-right#script",
        "records-right#bottom-line",
    ]
    right = kb.passage("records-right#right")
    assert right.role is Role.WHY
    assert [item.kind for item in right.items] == ["paragraph", "bullet", "bullet"]
    assert right.items[0].citations == ("hipaa-right-of-access",)
    assert "[@" not in right.items[0].text
    bottom = article.bottom_line
    assert bottom is not None
    assert bottom.items[0].plain.endswith("within 30 days.")
    assert "**30 days**" in bottom.items[0].text
    assert kb.passage("records-right#script").practical


def test_check_passes_on_good_content() -> None:
    report = check(FIXTURE, today=dt.date(2026, 11, 24))
    assert report.errors == []
    # The unverified fixture source is cited, so only the grade report remains.
    assert report.articles == 1
    assert report.passages == 3


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "- They can take one extra 30 days if they tell you why in writing. "
            "[@hipaa-right-of-access]",
            "- They can take one extra 30 days.",
            "uncited statement",
        ),
        ("[@mds-foundation-coe]", "[@no-such-source]", "cites unknown source 'no-such-source'"),
        ("role=why", "role=whatever", "unknown role"),
        ("{#right role=why}", "{role=why}", "anchor"),
        ("last_reviewed: 2026-11-01\n", "", "missing front-matter fields: ['last_reviewed']"),
        ("last_reviewed: 2026-11-01", "last_reviewed: 2027-01-01", "in the future"),
        ("disease: mds", "disease: flu", "unknown disease"),
        (
            "## Bottom line {#bottom-line role=bottom-line}",
            "## Also {#also role=next}",
            "bottom-line",
        ),
        ("## What you could say {#script", "## What you could say {#right", "anchor #right used 2"),
        ("id: records-right", "id: other-id", "differs from file name"),
    ],
)
def test_check_reports_each_defect(content: Path, old: str, new: str, expected: str) -> None:
    _edit(content / "articles" / "mds" / "records-right.md", old, new)
    report = check(content, today=dt.date(2026, 11, 24))
    messages = [f"{p.where}: {p.message}" for p in report.errors]
    assert any(expected in m for m in messages), messages


def test_unchecked_pmid_is_not_shown_and_is_warned(content: Path) -> None:
    (content / "sources" / "some-paper.yaml").write_text(
        "id: some-paper\ntype: article\ntitle: A paper\nauthors: [Doe J]\ncontainer: Blood\n"
        "year: 2020\npmid: '12345678'\nverification:\n  status: unverified\n"
        "  checked_on: 2026-11-01\n  checked: []\n  how: not yet checked\n"
    )
    kb, _ = load(content)
    assert kb.sources["some-paper"].shown_pmid is None
    report = check(content, today=dt.date(2026, 11, 24))
    assert any("pmid not checked" in p.message for p in report.warnings)
    assert any("never cited" in p.message for p in report.warnings)


def test_malformed_identifiers_are_errors(content: Path) -> None:
    (content / "sources" / "bad-ids.yaml").write_text(
        "id: bad-ids\ntype: article\ntitle: A paper\nauthors: [Doe J]\ncontainer: Blood\n"
        "year: 2020\npmid: 'PMID123'\ndoi: 'doi.org/10.1/x'\nverification:\n"
        "  status: verified\n  checked_on: 2026-11-01\n  checked: [title, pmid, doi]\n"
        "  how: fixture\n"
    )
    report = check(content, today=dt.date(2026, 11, 24))
    messages = [p.message for p in report.errors]
    assert any("is not a PubMed id" in m for m in messages)
    assert any("is not a DOI" in m for m in messages)
