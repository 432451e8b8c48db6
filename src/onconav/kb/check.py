"""``onconav kb check``: everything a content change must satisfy before it ships."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from onconav.kb.loader import Problem, load
from onconav.kb.model import KnowledgeBase, Role, Source
from onconav.readability import flesch_kincaid_grade

_PMID = re.compile(r"^[1-9][0-9]{0,8}$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# A passage above this grade is reported so the writer can simplify it.
PASSAGE_GRADE_WARNING = 10.0

_REQUIRED_BY_TYPE: dict[str, tuple[str, ...]] = {
    "article": ("authors", "year"),
    "guideline": ("year", "version"),
    "label": ("year", "url"),
    "regulation": ("citation", "url"),
    "webpage": ("url", "accessed"),
    "book": ("year",),
    "dataset": ("year",),
}


@dataclass
class CheckReport:
    problems: list[Problem]
    articles: int = 0
    passages: int = 0
    sources: int = 0
    grades: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def mean_grade(self) -> float | None:
        if not self.grades:
            return None
        return round(sum(self.grades.values()) / len(self.grades), 1)


def check(content_dir: Path | None = None, *, today: dt.date | None = None) -> CheckReport:
    kb, problems = load(content_dir)
    today = today or dt.date.today()
    for source in kb.sources.values():
        problems.extend(_check_source(source, today))
    problems.extend(_check_articles(kb, today))
    report = CheckReport(
        problems=problems,
        articles=len(kb.articles),
        passages=len(kb.passages()),
        sources=len(kb.sources),
    )
    for passage in kb.passages():
        grade = flesch_kincaid_grade(item.plain for item in passage.items)
        if grade is None:
            continue
        report.grades[passage.id] = grade
        if grade > PASSAGE_GRADE_WARNING:
            report.problems.append(
                Problem("warning", passage.id, f"reading grade {grade} (aim for 8 or below)")
            )
    return report


def _check_source(source: Source, today: dt.date) -> list[Problem]:
    where = f"sources/{source.id}.yaml"
    found: list[Problem] = []
    for name in _REQUIRED_BY_TYPE[source.type]:
        if not getattr(source, name):
            found.append(Problem("error", where, f"a {source.type} source needs {name!r}"))
    if source.type == "article" and not (source.pmid or source.doi):
        found.append(Problem("error", where, "an article needs a pmid or a doi"))
    if source.pmid is not None and not _PMID.match(source.pmid):
        found.append(Problem("error", where, f"pmid {source.pmid!r} is not a PubMed id"))
    if source.doi is not None and not _DOI.match(source.doi):
        found.append(Problem("error", where, f"doi {source.doi!r} is not a DOI"))
    verification = source.verification
    if verification.checked_on > today:
        found.append(Problem("error", where, "verification.checked_on is in the future"))
    if verification.status == "verified" and "title" not in verification.checked:
        found.append(Problem("error", where, "a verified source must have its title checked"))
    for name in ("pmid", "doi"):
        if getattr(source, name) and name not in verification.checked:
            found.append(
                Problem("warning", where, f"{name} not checked against the title: not shown")
            )
        if name in verification.checked and not getattr(source, name):
            found.append(Problem("error", where, f"checked lists {name} but there is none"))
    if source.type == "guideline" and source.version and "version" not in verification.checked:
        found.append(Problem("error", where, "a guideline version must be verified"))
    return found


def _check_articles(kb: KnowledgeBase, today: dt.date) -> list[Problem]:
    found: list[Problem] = []
    ids = Counter(article.id for article in kb.articles)
    for article_id, count in ids.items():
        if count > 1:
            found.append(Problem("error", article_id, f"article id used {count} times"))
    cited_anywhere: set[str] = set()
    for article in kb.articles:
        where = article.path
        if article.last_reviewed > today:
            found.append(Problem("error", where, "last_reviewed is in the future"))
        anchors = Counter(p.anchor for p in article.passages)
        for anchor, count in anchors.items():
            if count > 1:
                found.append(Problem("error", where, f"anchor #{anchor} used {count} times"))
        bottom_lines = [p for p in article.passages if p.role is Role.BOTTOM_LINE]
        if len(bottom_lines) != 1:
            found.append(
                Problem(
                    "error",
                    where,
                    f"needs exactly one bottom-line passage, has {len(bottom_lines)}",
                )
            )
        cited: set[str] = set()
        for passage in article.passages:
            for item in passage.items:
                cited.update(item.citations)
                if not item.citations and not passage.practical:
                    found.append(
                        Problem("error", passage.id, f"uncited statement: {item.plain[:70]!r}")
                    )
            if passage.practical and passage.role is Role.BOTTOM_LINE:
                found.append(Problem("error", passage.id, "a bottom line cannot be practical"))
        for key in sorted(cited - set(kb.sources)):
            found.append(Problem("error", where, f"cites unknown source {key!r}"))
        declared = set(article.sources)
        for key in sorted(cited - declared):
            found.append(Problem("error", where, f"cites {key!r} but front matter omits it"))
        for key in sorted(declared - cited):
            found.append(Problem("error", where, f"front matter lists {key!r} but never cites it"))
        cited_anywhere |= cited
    for key in sorted(set(kb.sources) - cited_anywhere):
        found.append(Problem("warning", f"sources/{key}.yaml", "source is never cited"))
    texts = Counter(item.plain.lower() for passage in kb.passages() for item in passage.items)
    for text, count in texts.items():
        if count > 1 and len(text) > 40:
            found.append(Problem("warning", "articles", f"repeated {count}x: {text[:60]!r}"))
    return found
