"""Structural accessibility checks on server-rendered HTML (landmarks, headings, labels, CSRF).

A small parser instead of a browser: these run on every page in milliseconds. The browser
tests check what only a browser can (focus, keyboard, contrast of rendered colours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

LABELLED_INPUTS = frozenset({"input", "select", "textarea"})
UNLABELLED_TYPES = frozenset({"hidden", "submit", "button", "reset", "image"})


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class PageStructure:
    landmarks: list[str] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    label_targets: set[str] = field(default_factory=set)
    controls: list[dict[str, str]] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    inline_scripts: int = 0
    inline_styles: int = 0
    lang: str | None = None
    title: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageStructure()
        self._heading: tuple[int, list[str]] | None = None
        self._in_title = False
        self._in_label_for: str | None = None
        self._label_depth = 0
        self._open_labels: list[list[dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        page = self.page
        if "id" in values:
            page.ids.append(values["id"])
        if "style" in values:
            page.inline_styles += 1
        if tag == "html":
            page.lang = values.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag in {"header", "nav", "main", "footer"}:
            page.landmarks.append(tag)
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), [])
        elif tag == "label":
            if values.get("for"):
                page.label_targets.add(values["for"])
            self._open_labels.append([])
        elif tag == "form":
            page.forms.append(Form(values.get("method", "get").lower(), values.get("action", "")))
        elif tag == "script" and "src" not in values:
            page.inline_scripts += 1
        elif tag == "style":
            page.inline_styles += 1
        elif tag == "a" and "href" in values:
            page.links.append(values["href"])
        if tag in LABELLED_INPUTS:
            control = {"tag": tag, **values}
            if tag != "input" or values.get("type", "text") not in UNLABELLED_TYPES:
                page.controls.append(control)
                for label in self._open_labels:
                    label.append(control)
            if page.forms and "name" in values:
                page.forms[-1].fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            level, parts = self._heading
            self.page.headings.append((level, " ".join("".join(parts).split())))
            self._heading = None
        elif tag == "label" and self._open_labels:
            for control in self._open_labels.pop():
                control["wrapped-by-label"] = "yes"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        if self._heading is not None:
            self._heading[1].append(data)


def parse(html: str) -> PageStructure:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def problems(html: str, *, fragment: bool = False) -> list[str]:
    """Everything that breaks the house rules for pages; empty when the page is fine."""
    page = parse(html)
    found: list[str] = []
    if not fragment:
        if page.lang != "en":
            found.append("<html> has no lang")
        if not page.title.strip():
            found.append("no <title>")
        for landmark in ("header", "nav", "main", "footer"):
            if landmark not in page.landmarks:
                found.append(f"no <{landmark}> landmark")
        if page.landmarks.count("main") > 1:
            found.append("more than one <main>")
        if "#main" not in page.links:
            found.append("no skip link to #main")
        if [level for level, _ in page.headings].count(1) != 1:
            found.append(f"expected one h1, found {page.headings}")
        if page.headings and page.headings[0][0] != 1:
            found.append(f"the first heading is not h1: {page.headings[0]}")
    previous = page.headings[0][0] if page.headings else 1
    for level, text in page.headings:
        if level > previous + 1:
            found.append(f"heading level skipped before h{level} {text!r}")
        previous = level
        if not text:
            found.append(f"empty h{level}")
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    if duplicates:
        found.append(f"duplicate ids: {sorted(duplicates)}")
    for control in page.controls:
        labelled = (
            control.get("id") in page.label_targets
            or "aria-label" in control
            or "aria-labelledby" in control
            or control.get("wrapped-by-label") == "yes"
        )
        if not labelled:
            found.append(f"control without a label: {control}")
    for form in page.forms:
        if form.method == "post" and not form.fields.get("csrf_token"):
            found.append(f"POST form to {form.action!r} has no csrf_token")
    if page.inline_scripts:
        found.append(f"{page.inline_scripts} inline script(s)")
    if page.inline_styles:
        found.append(f"{page.inline_styles} inline style(s)")
    return found


def visible_text(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed (for "shown in words")."""
    without_tags = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    without_tags = re.sub(r"<[^>]+>", " ", without_tags)
    return " ".join(unescape(without_tags).split())
