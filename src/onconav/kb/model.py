"""Types of the knowledge base: sources, articles and the passages answers cite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Disease(StrEnum):
    MDS = "mds"
    AML = "aml"
    CMML = "cmml"
    GENERAL = "general"


DISEASE_LABELS: dict[str, str] = {
    "mds": "Myelodysplastic syndromes (MDS)",
    "aml": "Acute myeloid leukemia (AML)",
    "cmml": "Chronic myelomonocytic leukemia (CMML)",
    "general": "Cancer care (general)",
}


class Intent(StrEnum):
    SECOND_OPINION = "second_opinion"
    BASICS = "basics"
    DIAGNOSIS = "diagnosis"
    SUBTYPE = "subtype"
    RISK_SCORES = "risk_scores"
    GENETICS = "genetics"
    LOWER_RISK_TREATMENT = "lower_risk_treatment"
    HIGHER_RISK_TREATMENT = "higher_risk_treatment"
    TRANSPLANT = "transplant"
    SIDE_EFFECTS = "side_effects"
    TRANSFUSIONS_IRON = "transfusions_iron"
    TRIALS = "trials"
    LIVING = "living"
    CAREGIVERS = "caregivers"
    PROGNOSIS = "prognosis"
    ADVICE_SEEKING = "advice_seeking"
    EMERGENCY = "emergency"
    OUT_OF_SCOPE = "out_of_scope"


class Role(StrEnum):
    """What a passage does in an answer; answers order passages by role."""

    OVERVIEW = "overview"
    WHY = "why"
    WHO = "who"
    HOW = "how"
    SCRIPT = "script"
    RECORDS = "records"
    WHERE = "where"
    QUESTIONS = "questions"
    OPTIONS = "options"
    EVIDENCE = "evidence"
    MEANING = "meaning"
    NUMBERS = "numbers"
    SIDE_EFFECTS = "side-effects"
    MONITORING = "monitoring"
    WARNING = "warning"
    NEXT = "next"
    SUPPORT = "support"
    BOTTOM_LINE = "bottom-line"


SourceType = Literal["article", "guideline", "label", "regulation", "webpage", "book", "dataset"]
CheckedField = Literal["title", "pmid", "doi", "url", "version", "citation"]


class Verification(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["verified", "unverified"]
    checked_on: dt.date
    checked: tuple[CheckedField, ...] = ()
    how: str


class Source(BaseModel):
    """One bibliography entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    type: SourceType
    title: str
    authors: tuple[str, ...] = ()
    container: str
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    pmid: str | None = None
    doi: str | None = None
    url: str | None = None
    version: str | None = None
    citation: str | None = None
    accessed: dt.date | None = None
    note: str | None = None
    verification: Verification

    @property
    def shown_pmid(self) -> str | None:
        """The PMID, only when it was checked against the title."""
        return self.pmid if "pmid" in self.verification.checked else None

    @property
    def shown_doi(self) -> str | None:
        return self.doi if "doi" in self.verification.checked else None

    @property
    def shown_url(self) -> str | None:
        if self.url:
            return self.url
        if self.shown_pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.shown_pmid}/"
        if self.shown_doi:
            return f"https://doi.org/{self.shown_doi}"
        return None

    def describe(self) -> str:
        """Where the source was published, in citation style."""
        if self.type == "article":
            parts = [self.container]
            detail = ""
            if self.year:
                detail = str(self.year)
            if self.volume:
                detail += f";{self.volume}"
                if self.issue:
                    detail += f"({self.issue})"
            if self.pages:
                detail += f":{self.pages}"
            if detail:
                parts.append(detail)
            return " ".join(parts)
        if self.type == "guideline":
            version = f", version {self.version}" if self.version else ""
            return f"{self.container}{version}"
        if self.type == "regulation":
            return f"{self.citation} ({self.container})" if self.citation else self.container
        if self.type == "label":
            return f"{self.container} prescribing information"
        return self.container


class Item(BaseModel):
    """One paragraph or bullet of a passage, with the sources it cites."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["paragraph", "bullet"]
    text: str = Field(description="Inline Markdown without citation markers")
    plain: str = Field(description="Plain text for search and reading level")
    citations: tuple[str, ...] = ()


class Passage(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    article_id: str
    anchor: str
    heading: str
    role: Role
    practical: bool
    items: tuple[Item, ...]
    disease: Disease
    topics: tuple[str, ...]
    intents: tuple[Intent, ...]
    article_title: str

    @property
    def text(self) -> str:
        return " ".join(item.plain for item in self.items)

    @property
    def source_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for item in self.items:
            for key in item.citations:
                seen.setdefault(key, None)
        return tuple(seen)


class Article(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    disease: Disease
    topics: tuple[str, ...]
    intents: tuple[Intent, ...]
    last_reviewed: dt.date
    review: str
    sources: tuple[str, ...]
    follow_up: tuple[str, ...] = ()
    passages: tuple[Passage, ...]
    path: str

    @property
    def bottom_line(self) -> Passage | None:
        return next((p for p in self.passages if p.role is Role.BOTTOM_LINE), None)


@dataclass(frozen=True)
class KnowledgeBase:
    articles: tuple[Article, ...]
    sources: dict[str, Source]
    content_hash: str
    _articles_by_id: dict[str, Article] = field(init=False, repr=False, compare=False)
    _passages_by_id: dict[str, Passage] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen dataclass: lookups are built once, here.
        object.__setattr__(self, "_articles_by_id", {a.id: a for a in self.articles})
        object.__setattr__(
            self, "_passages_by_id", {p.id: p for a in self.articles for p in a.passages}
        )

    def passages(self) -> list[Passage]:
        return list(self._passages_by_id.values())

    def passage(self, passage_id: str) -> Passage:
        return self._passages_by_id[passage_id]

    def article(self, article_id: str) -> Article:
        return self._articles_by_id[article_id]
