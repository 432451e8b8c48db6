"""Reads the knowledge-base content files into typed articles, passages and sources.

Loading never stops at the first mistake: every problem is collected so that
``onconav kb check`` can list them all at once. The format is documented in
docs/KB_FORMAT.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import ValidationError

from onconav.kb.model import (
    Article,
    Disease,
    Intent,
    Item,
    KnowledgeBase,
    Passage,
    Role,
    Source,
)

# Bumped when the parsed shape changes, so cached indexes are rebuilt.
FORMAT_VERSION = "1"

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_HEADING_ATTRS = re.compile(r"^(?P<text>.*?)\s*\{(?P<attrs>[^{}]*)\}\s*$")
_CITATION = re.compile(r"\s*\[(@[^\[\]]*)\]")
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ARTICLE_FIELDS = {
    "id",
    "title",
    "disease",
    "topics",
    "intents",
    "last_reviewed",
    "review",
    "sources",
    "follow_up",
}


@dataclass(frozen=True)
class Problem:
    level: Literal["error", "warning"]
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


class KnowledgeBaseError(Exception):
    """The bundled knowledge base does not load cleanly."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        shown = "\n".join(str(p) for p in errors[:10])
        super().__init__(f"the knowledge base has {len(errors)} error(s):\n{shown}")


def default_content_dir() -> Path:
    return Path(str(resources.files("onconav.kb").joinpath("content")))


def content_hash(content_dir: Path) -> str:
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for path in sorted(content_dir.rglob("*")):
        if path.is_file() and path.suffix in {".md", ".yaml"}:
            digest.update(path.relative_to(content_dir).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def load(content_dir: Path | None = None) -> tuple[KnowledgeBase, list[Problem]]:
    """Loads everything that parses and reports every problem found on the way."""
    root = content_dir or default_content_dir()
    problems: list[Problem] = []
    sources = _load_sources(root / "sources", problems)
    articles = _load_articles(root / "articles", problems)
    kb = KnowledgeBase(articles=tuple(articles), sources=sources, content_hash=content_hash(root))
    return kb, problems


@cache
def load_bundled() -> KnowledgeBase:
    """The packaged knowledge base; raises if it has errors (``kb check`` says which)."""
    kb, problems = load()
    if any(p.level == "error" for p in problems):
        raise KnowledgeBaseError(problems)
    return kb


# --- sources -----------------------------------------------------------------


def _load_sources(directory: Path, problems: list[Problem]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted(directory.glob("*.yaml")):
        where = f"sources/{path.name}"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(Problem("error", where, f"not valid YAML: {exc}"))
            continue
        if not isinstance(data, dict):
            problems.append(Problem("error", where, "expected a mapping of fields"))
            continue
        try:
            source = Source.model_validate(data)
        except ValidationError as exc:
            problems.append(Problem("error", where, _validation_message(exc)))
            continue
        if source.id != path.stem:
            problems.append(Problem("error", where, f"id {source.id!r} differs from file name"))
        if source.id in sources:
            problems.append(Problem("error", where, f"duplicate source id {source.id!r}"))
        sources[source.id] = source
    return sources


# --- articles ----------------------------------------------------------------


def _load_articles(directory: Path, problems: list[Problem]) -> list[Article]:
    articles: list[Article] = []
    for path in sorted(directory.rglob("*.md")):
        where = path.relative_to(directory.parent).as_posix()
        article = _load_article(path, where, problems)
        if article is not None:
            articles.append(article)
    return articles


def _load_article(path: Path, where: str, problems: list[Problem]) -> Article | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem("error", where, "not UTF-8 text"))
        return None
    match = _FRONT_MATTER.match(text)
    if not match:
        problems.append(Problem("error", where, "missing front matter between --- lines"))
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        problems.append(Problem("error", where, f"front matter is not valid YAML: {exc}"))
        return None
    if not isinstance(meta, dict):
        problems.append(Problem("error", where, "front matter must be a mapping"))
        return None
    fields = _front_matter_fields(meta, where, problems)
    if fields is None:
        return None
    if fields["id"] != path.stem:
        problems.append(Problem("error", where, f"id {fields['id']!r} differs from file name"))
    body = text[match.end() :]
    passages = _parse_passages(body, fields, where, problems)
    return Article(
        id=fields["id"],
        title=fields["title"],
        disease=fields["disease"],
        topics=fields["topics"],
        intents=fields["intents"],
        last_reviewed=fields["last_reviewed"],
        review=fields["review"],
        sources=fields["sources"],
        follow_up=fields["follow_up"],
        passages=tuple(passages),
        path=where,
    )


def _front_matter_fields(
    meta: dict[str, Any], where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    unknown = set(meta) - _ARTICLE_FIELDS
    if unknown:
        problems.append(Problem("error", where, f"unknown front-matter fields: {sorted(unknown)}"))
    missing = [f for f in sorted(_ARTICLE_FIELDS - {"follow_up"}) if not meta.get(f)]
    if missing:
        problems.append(Problem("error", where, f"missing front-matter fields: {missing}"))
        return None
    ok = True
    article_id = str(meta["id"])
    if not _KEBAB.match(article_id):
        problems.append(Problem("error", where, f"id {article_id!r} is not kebab-case"))
        ok = False
    try:
        disease = Disease(meta["disease"])
    except ValueError:
        problems.append(Problem("error", where, f"unknown disease {meta['disease']!r}"))
        ok = False
    intents: list[Intent] = []
    for value in _as_list(meta["intents"]):
        try:
            intents.append(Intent(value))
        except ValueError:
            problems.append(Problem("error", where, f"unknown intent {value!r}"))
            ok = False
    reviewed = meta["last_reviewed"]
    if isinstance(reviewed, str):
        with contextlib.suppress(ValueError):  # reported just below as not a date
            reviewed = dt.date.fromisoformat(reviewed)
    if not isinstance(reviewed, dt.date):
        problems.append(Problem("error", where, "last_reviewed must be a date (YYYY-MM-DD)"))
        ok = False
    topics = tuple(str(t) for t in _as_list(meta["topics"]))
    for topic in topics:
        if not _KEBAB.match(topic):
            problems.append(Problem("error", where, f"topic {topic!r} is not kebab-case"))
    if not ok:
        return None
    return {
        "id": article_id,
        "title": str(meta["title"]).strip(),
        "disease": disease,
        "topics": topics,
        "intents": tuple(intents),
        "last_reviewed": reviewed,
        "review": str(meta["review"]).strip(),
        "sources": tuple(str(s) for s in _as_list(meta["sources"])),
        "follow_up": tuple(str(q).strip() for q in _as_list(meta.get("follow_up") or [])),
    }


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


_MD = MarkdownIt("commonmark")


def _parse_passages(
    body: str, fields: dict[str, Any], where: str, problems: list[Problem]
) -> list[Passage]:
    tokens = _MD.parse(body)
    passages: list[Passage] = []
    current: dict[str, Any] | None = None
    list_depth = 0
    index = 0

    def finish() -> None:
        if current is None:
            return
        if not current["items"]:
            problems.append(Problem("error", current["where"], "passage has no text"))
            return
        passages.append(
            Passage(
                id=f"{fields['id']}#{current['anchor']}",
                article_id=fields["id"],
                anchor=current["anchor"],
                heading=current["heading"],
                role=current["role"],
                practical=current["practical"],
                items=tuple(current["items"]),
                disease=fields["disease"],
                topics=fields["topics"],
                intents=fields["intents"],
                article_title=fields["title"],
            )
        )

    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            inline = tokens[index + 1]
            line = token.map[0] + 1 if token.map else 0
            if token.tag != "h2":
                problems.append(
                    Problem(
                        "error", f"{where}:{line}", f"only ## headings are allowed ({token.tag})"
                    )
                )
            else:
                finish()
                current = _start_passage(inline.content, f"{where}:{line}", problems)
            index += 3
            continue
        if token.type in {"bullet_list_open", "ordered_list_open"}:
            if token.type == "ordered_list_open":
                problems.append(
                    Problem("error", _at(where, token), "use bullet lists (-), not numbered lists")
                )
            list_depth += 1
            if list_depth > 1:
                problems.append(Problem("error", _at(where, token), "nested lists are not allowed"))
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            list_depth -= 1
        elif token.type == "inline":
            if current is None:
                problems.append(Problem("error", _at(where, token), "text before the first ##"))
            else:
                kind = "bullet" if list_depth else "paragraph"
                item = _make_item(kind, token.content, _at(where, token), problems)
                if item is not None:
                    current["items"].append(item)
        elif token.type in {"fence", "code_block", "html_block", "hr", "blockquote_open"}:
            problems.append(Problem("error", _at(where, token), f"{token.type} is not allowed"))
        index += 1
    finish()
    return passages


def _at(where: str, token: Token) -> str:
    return f"{where}:{token.map[0] + 1}" if token.map else where


def _start_passage(raw: str, where: str, problems: list[Problem]) -> dict[str, Any] | None:
    match = _HEADING_ATTRS.match(raw)
    if not match:
        problems.append(Problem("error", where, "heading needs {#anchor role=...}"))
        return None
    anchor = ""
    role: Role | None = None
    practical = False
    for part in match.group("attrs").split():
        if part.startswith("#"):
            anchor = part[1:]
        elif part == ".practical":
            practical = True
        elif part.startswith("role="):
            try:
                role = Role(part.removeprefix("role="))
            except ValueError:
                problems.append(Problem("error", where, f"unknown role {part!r}"))
        else:
            problems.append(Problem("error", where, f"unknown heading attribute {part!r}"))
    if not _KEBAB.match(anchor):
        problems.append(Problem("error", where, f"anchor {anchor!r} missing or not kebab-case"))
        return None
    if role is None:
        problems.append(Problem("error", where, "heading has no valid role=..."))
        return None
    return {
        "anchor": anchor,
        "heading": match.group("text").strip(),
        "role": role,
        "practical": practical,
        "items": [],
        "where": where,
    }


def _make_item(kind: str, raw: str, where: str, problems: list[Problem]) -> Item | None:
    citations: list[str] = []
    for group in _CITATION.findall(raw):
        for key in group.split(";"):
            key = key.strip()
            if not key.startswith("@") or not _KEBAB.match(key[1:]):
                problems.append(Problem("error", where, f"malformed citation {key!r}"))
                continue
            citations.append(key[1:])
    text = _CITATION.sub("", raw).strip()
    if not text:
        problems.append(Problem("error", where, "an item holds only citations"))
        return None
    text = re.sub(r"\s+", " ", text)
    return Item(kind=kind, text=text, plain=inline_plain(text), citations=tuple(citations))  # type: ignore[arg-type]


def inline_plain(markdown: str) -> str:
    """Inline Markdown to plain text (links keep their text, emphasis is dropped)."""
    parts: list[str] = []
    for token in _MD.parseInline(markdown):
        for child in token.children or []:
            if child.type in {"text", "code_inline"}:
                parts.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _validation_message(exc: ValidationError) -> str:
    details = []
    for error in exc.errors():
        location = ".".join(str(part) for part in error["loc"])
        details.append(f"{location}: {error['msg']}")
    return "; ".join(details)
