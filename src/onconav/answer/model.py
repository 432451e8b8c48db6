"""The ``Answer`` and its parts: what every renderer (terminal, JSON, HTML, PDF) receives."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TriageLevel = Literal["emergency", "urgent"]


class Triage(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: TriageLevel | None = None
    message: str | None = None
    rules: tuple[str, ...] = Field(default=(), description="Ids of the red-flag rules that fired")
    actions: tuple[str, ...] = Field(default=(), description="What to do now, in order")


class AnswerItem(BaseModel):
    """A paragraph or bullet of an answer, with the numbers of the citations it rests on."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="Inline Markdown")
    plain: str
    citations: tuple[int, ...] = ()
    clinical: bool = Field(
        default=True,
        description="False only for onconav's own framing and for practical wording passages",
    )


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)

    heading: str
    paragraphs: tuple[AnswerItem, ...] = ()
    bullets: tuple[AnswerItem, ...] = ()
    passage_id: str | None = None
    kind: Literal["passage", "personal", "notice"] = "passage"


class Citation(BaseModel):
    """A numbered citation: a knowledge-base passage and its source, or a user's record."""

    model_config = ConfigDict(frozen=True)

    n: int
    kind: Literal["source", "record"] = "source"
    title: str
    source: str | None = None
    year: int | None = None
    pmid: str | None = None
    doi: str | None = None
    url: str | None = None
    passage_id: str | None = Field(default=None, description="First passage citing this source")
    passage_ids: tuple[str, ...] = Field(default=(), description="Every passage citing it here")
    source_id: str | None = None
    source_type: str | None = None
    document_id: str | None = None
    page: int | None = None


class Ref(BaseModel):
    """What a statement rests on, before the answer numbers its citations.

    Either a knowledge-base passage and one of its sources, or a person's own record.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["source", "record"]
    source_id: str | None = None
    passage_id: str | None = None
    document_id: str | None = None
    document_name: str | None = None
    page: int | None = None
    label: str | None = Field(default=None, description="What the record shows, e.g. 'Hb 8.9 g/dL'")


class PersonalItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    refs: tuple[Ref, ...] = ()
    clinical: bool = True


class PersonalSection(BaseModel):
    """A profile-aware section ("For your situation", missing tests ...) before numbering."""

    model_config = ConfigDict(frozen=True)

    heading: str
    kind: Literal["situation", "options", "values", "missing", "questions"] = "situation"
    paragraphs: tuple[PersonalItem, ...] = ()
    bullets: tuple[PersonalItem, ...] = ()


class Checks(BaseModel):
    """Results of the checks run on every answer before it is shown."""

    model_config = ConfigDict(frozen=True)

    grounded: bool
    clinical_items: int
    cited_items: int
    removed_items: tuple[str, ...] = ()

    @property
    def citation_rate(self) -> float:
        return self.cited_items / self.clinical_items if self.clinical_items else 1.0


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str
    title: str
    disease: str
    disease_label: str
    intent: str
    triage: Triage
    sections: tuple[Section, ...]
    bottom_line: AnswerItem | None
    citations: tuple[Citation, ...]
    disclaimer: str
    reading_grade: float | None
    generated_at: dt.datetime
    follow_up_questions: tuple[str, ...] = ()
    checks: Checks
    scope: Literal["in_scope", "out_of_scope", "unsupported_disease"] = "in_scope"
    article_id: str | None = Field(default=None, description="The article that leads the answer")

    def items(self) -> list[AnswerItem]:
        found = [item for s in self.sections for item in (*s.paragraphs, *s.bullets)]
        if self.bottom_line is not None:
            found.append(self.bottom_line)
        return found

    def text(self) -> str:
        """All prose of the answer, for evaluation and search."""
        parts = [self.title]
        if self.triage.message:
            parts.append(self.triage.message)
            parts.extend(self.triage.actions)
        for section in self.sections:
            parts.append(section.heading)
            parts.extend(item.plain for item in (*section.paragraphs, *section.bullets))
        if self.bottom_line is not None:
            parts.append(self.bottom_line.plain)
        return "\n".join(parts)
