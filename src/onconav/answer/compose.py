"""Composition: retrieved passages → an ``Answer`` with sections and numbered citations.

No language model is needed: articles are written as answer-ready passages, each
with a role, and every intent has a template that orders roles into a readable
whole (why → how → what to bring → where → what to ask → what next ...). The
best-matching article leads; strong passages from other articles may join it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from onconav.answer.model import (
    Answer,
    AnswerItem,
    Checks,
    Citation,
    PersonalItem,
    PersonalSection,
    Ref,
    Section,
    Triage,
)
from onconav.kb.loader import inline_plain
from onconav.kb.model import DISEASE_LABELS, Article, Disease, Intent, KnowledgeBase, Passage, Role
from onconav.search.index import Hit

DISCLAIMER = (
    "onconav gives general information drawn from the sources cited above. It is not medical "
    "advice and cannot replace the judgment of your own care team, who know your full situation."
)

# Treatment answers take one shape, for lower- and for higher-risk disease alike.
TREATMENT_TEMPLATE: tuple[Role, ...] = (
    Role.OVERVIEW,
    Role.WHO,
    Role.OPTIONS,
    Role.HOW,
    Role.EVIDENCE,
    Role.NUMBERS,
    Role.SIDE_EFFECTS,
    Role.MONITORING,
    Role.QUESTIONS,
)

# Roles in the order an answer presents them, per intent.
TEMPLATES: dict[Intent, tuple[Role, ...]] = {
    Intent.SECOND_OPINION: (
        Role.WHY,
        Role.HOW,
        Role.SCRIPT,
        Role.RECORDS,
        Role.WHERE,
        Role.QUESTIONS,
        Role.NEXT,
        Role.SUPPORT,
    ),
    Intent.BASICS: (
        Role.OVERVIEW,
        Role.MEANING,
        Role.WHY,
        Role.WHO,
        Role.NUMBERS,
        Role.OPTIONS,
        Role.NEXT,
        Role.QUESTIONS,
    ),
    Intent.DIAGNOSIS: (
        Role.OVERVIEW,
        Role.HOW,
        Role.MEANING,
        Role.WHY,
        Role.RECORDS,
        Role.NEXT,
        Role.QUESTIONS,
    ),
    Intent.SUBTYPE: (
        Role.OVERVIEW,
        Role.MEANING,
        Role.WHO,
        Role.WHY,
        Role.NUMBERS,
        Role.OPTIONS,
        Role.QUESTIONS,
    ),
    Intent.RISK_SCORES: (
        Role.OVERVIEW,
        Role.MEANING,
        Role.HOW,
        Role.NUMBERS,
        Role.WHY,
        Role.NEXT,
        Role.QUESTIONS,
    ),
    Intent.GENETICS: (
        Role.OVERVIEW,
        Role.MEANING,
        Role.NUMBERS,
        Role.WHY,
        Role.OPTIONS,
        Role.NEXT,
        Role.QUESTIONS,
    ),
    Intent.LOWER_RISK_TREATMENT: TREATMENT_TEMPLATE,
    Intent.HIGHER_RISK_TREATMENT: TREATMENT_TEMPLATE,
    Intent.TRANSPLANT: (
        Role.OVERVIEW,
        Role.WHO,
        Role.WHY,
        Role.HOW,
        Role.EVIDENCE,
        Role.NUMBERS,
        Role.SIDE_EFFECTS,
        Role.QUESTIONS,
    ),
    Intent.SIDE_EFFECTS: (
        Role.WARNING,
        Role.SIDE_EFFECTS,
        Role.OVERVIEW,
        Role.HOW,
        Role.MONITORING,
        Role.SUPPORT,
        Role.QUESTIONS,
    ),
    Intent.TRANSFUSIONS_IRON: (
        Role.OVERVIEW,
        Role.WHY,
        Role.WHO,
        Role.HOW,
        Role.MONITORING,
        Role.OPTIONS,
        Role.SIDE_EFFECTS,
        Role.WARNING,
        Role.QUESTIONS,
    ),
    Intent.TRIALS: (
        Role.OVERVIEW,
        Role.WHY,
        Role.WHO,
        Role.HOW,
        Role.WHERE,
        Role.EVIDENCE,
        Role.QUESTIONS,
    ),
    Intent.LIVING: (
        Role.OVERVIEW,
        Role.WHY,
        Role.HOW,
        Role.SUPPORT,
        Role.WARNING,
        Role.QUESTIONS,
    ),
    Intent.CAREGIVERS: (
        Role.OVERVIEW,
        Role.HOW,
        Role.RECORDS,
        Role.SUPPORT,
        Role.WARNING,
        Role.QUESTIONS,
    ),
    Intent.PROGNOSIS: (
        Role.OVERVIEW,
        Role.MEANING,
        Role.NUMBERS,
        Role.WHY,
        Role.HOW,
        Role.SUPPORT,
        Role.QUESTIONS,
    ),
    Intent.ADVICE_SEEKING: (
        Role.WHY,
        Role.HOW,
        Role.OPTIONS,
        Role.EVIDENCE,
        Role.QUESTIONS,
        Role.SUPPORT,
        Role.NEXT,
    ),
    Intent.EMERGENCY: (Role.WARNING, Role.HOW, Role.NEXT),
}
DEFAULT_TEMPLATE: tuple[Role, ...] = (
    Role.OVERVIEW,
    Role.MEANING,
    Role.WHY,
    Role.WHO,
    Role.OPTIONS,
    Role.HOW,
    Role.EVIDENCE,
    Role.NUMBERS,
    Role.SIDE_EFFECTS,
    Role.MONITORING,
    Role.RECORDS,
    Role.WHERE,
    Role.SCRIPT,
    Role.QUESTIONS,
    Role.WARNING,
    Role.NEXT,
    Role.SUPPORT,
)

MAX_SECTIONS = 8
MAX_SUPPORTING = 2
# A passage from another article joins the answer only if it is among the best hits.
SUPPORTING_RANK = 6
# Relative boosts for choosing the lead article.
INTENT_BOOST = 1.5
DISEASE_BOOST = 1.25


@dataclass
class Plan:
    lead: Article
    passages: list[Passage]
    intent: Intent


def choose_lead(
    kb: KnowledgeBase, hits: Sequence[Hit], intent: Intent | None, disease: Disease | None
) -> Article | None:
    by_article: dict[str, list[float]] = {}
    for hit in hits:
        article_id = hit.passage_id.partition("#")[0]
        by_article.setdefault(article_id, []).append(hit.score)
    best: tuple[float, Article] | None = None
    for article_id, scores in by_article.items():
        article = kb.article(article_id)
        score = sum(sorted(scores, reverse=True)[:3])
        if intent is not None and intent in article.intents:
            score *= INTENT_BOOST
        if disease is not None and article.disease in (disease, Disease.GENERAL):
            score *= DISEASE_BOOST
        if best is None or score > best[0]:
            best = (score, article)
    return best[1] if best else None


def role_order(template: Sequence[Role]) -> list[Role]:
    """The template's roles first, then every other role in the default order."""
    return [*template, *(r for r in DEFAULT_TEMPLATE if r not in template)]


def plan_answer(kb: KnowledgeBase, hits: Sequence[Hit], intent: Intent, lead: Article) -> Plan:
    template = TEMPLATES.get(intent, DEFAULT_TEMPLATE)
    order = role_order(template)
    rank = {hit.passage_id: position for position, hit in enumerate(hits)}
    # Every passage of the lead article is on its topic; the template only orders them.
    chosen = [p for p in lead.passages if p.role is not Role.BOTTOM_LINE]
    if len(chosen) > MAX_SECTIONS:
        # Keep the passages the question matches best, preferring the template's roles.
        chosen = sorted(chosen, key=lambda p: (p.role not in template, rank.get(p.id, len(rank))))[
            :MAX_SECTIONS
        ]
    supporting: list[Passage] = []
    used_roles = {p.role for p in chosen}
    for hit in hits[:SUPPORTING_RANK]:
        passage = kb.passage(hit.passage_id)
        # Passages from other articles join only in the roles this kind of answer wants.
        if passage.article_id == lead.id or passage.role not in template:
            continue
        if passage.role in used_roles and len(chosen) >= 3:
            continue
        supporting.append(passage)
        used_roles.add(passage.role)
        if len(supporting) >= MAX_SUPPORTING:
            break
    ordered = sorted(
        [*chosen, *supporting],
        key=lambda p: (order.index(p.role), p.article_id != lead.id, _position(lead, p)),
    )
    return Plan(lead=lead, passages=ordered, intent=intent)


def _position(article: Article, passage: Passage) -> int:
    for index, candidate in enumerate(article.passages):
        if candidate.id == passage.id:
            return index
    return 0


@dataclass
class CitationBook:
    """Numbers sources in order of first use: one number per source per answer.

    Each citation remembers every passage of this answer that cites it, so a reader
    can open the exact passage behind a statement.
    """

    kb: KnowledgeBase
    _entries: list[Citation] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    @property
    def citations(self) -> list[Citation]:
        return list(self._entries)

    def cite(self, source_id: str, passage_id: str) -> int:
        number = self._numbers.get(source_id)
        if number is not None:
            entry = self._entries[number - 1]
            if passage_id not in entry.passage_ids:
                self._entries[number - 1] = entry.model_copy(
                    update={"passage_ids": (*entry.passage_ids, passage_id)}
                )
            return number
        source = self.kb.sources[source_id]
        number = len(self._entries) + 1
        self._numbers[source_id] = number
        self._entries.append(
            Citation(
                n=number,
                kind="source",
                title=source.title,
                source=source.describe(),
                year=source.year,
                pmid=source.shown_pmid,
                doi=source.shown_doi,
                url=source.shown_url,
                passage_id=passage_id,
                passage_ids=(passage_id,),
                source_id=source_id,
                source_type=source.type,
            )
        )
        return number

    def cite_record(self, ref: Ref) -> int:
        """One number per record page: the same page cited twice keeps its number."""
        key = f"record:{ref.document_id}:{ref.page}"
        number = self._numbers.get(key)
        if number is not None:
            return number
        number = len(self._entries) + 1
        self._numbers[key] = number
        page = f", page {ref.page}" if ref.page else ""
        self._entries.append(
            Citation(
                n=number,
                kind="record",
                title=f"Your record: {ref.document_name or ref.document_id}{page}",
                document_id=ref.document_id,
                page=ref.page,
            )
        )
        return number

    def cite_ref(self, ref: Ref) -> int:
        if ref.kind == "record":
            return self.cite_record(ref)
        if ref.source_id is None or ref.passage_id is None:
            raise ValueError("a source reference needs a source id and a passage id")
        return self.cite(ref.source_id, ref.passage_id)


def personal_section(section: PersonalSection, book: CitationBook) -> Section:
    """A profile-aware section with its references numbered in this answer's citation list."""

    def items(source: tuple[PersonalItem, ...]) -> tuple[AnswerItem, ...]:
        out = []
        for item in source:
            numbers: list[int] = []
            for ref in item.refs:
                number = book.cite_ref(ref)
                if number not in numbers:
                    numbers.append(number)
            out.append(
                AnswerItem(
                    text=item.text,
                    plain=inline_plain(item.text),
                    citations=tuple(numbers),
                    clinical=item.clinical,
                )
            )
        return tuple(out)

    return Section(
        heading=section.heading,
        paragraphs=items(section.paragraphs),
        bullets=items(section.bullets),
        kind="personal",
    )


def passage_section(passage: Passage, book: CitationBook) -> Section:
    paragraphs: list[AnswerItem] = []
    bullets: list[AnswerItem] = []
    for item in passage.items:
        numbers = tuple(book.cite(key, passage.id) for key in item.citations)
        answer_item = AnswerItem(
            text=item.text, plain=item.plain, citations=numbers, clinical=not passage.practical
        )
        (bullets if item.kind == "bullet" else paragraphs).append(answer_item)
    return Section(
        heading=passage.heading,
        paragraphs=tuple(paragraphs),
        bullets=tuple(bullets),
        passage_id=passage.id,
    )


def bottom_line_item(passage: Passage, book: CitationBook) -> AnswerItem:
    texts = [item.text for item in passage.items]
    plains = [item.plain for item in passage.items]
    numbers: list[int] = []
    for item in passage.items:
        for key in item.citations:
            number = book.cite(key, passage.id)
            if number not in numbers:
                numbers.append(number)
    return AnswerItem(text=" ".join(texts), plain=" ".join(plains), citations=tuple(numbers))


def notice(heading: str, *paragraphs: str) -> Section:
    """onconav's own framing text: not a clinical statement, so carries no citation."""
    return Section(
        heading=heading,
        paragraphs=tuple(AnswerItem(text=p, plain=p, clinical=False) for p in paragraphs),
        kind="notice",
    )


def assemble(
    *,
    question: str,
    title: str,
    disease: Disease,
    intent: str,
    triage: Triage,
    sections: Sequence[Section],
    bottom_line: AnswerItem | None,
    book: CitationBook,
    checks: Checks,
    reading_grade: float | None,
    follow_up: Sequence[str] = (),
    scope: str = "in_scope",
    article_id: str | None = None,
    now: dt.datetime | None = None,
) -> Answer:
    return Answer(
        question=question,
        title=title,
        disease=disease.value,
        disease_label=DISEASE_LABELS[disease.value],
        intent=intent,
        triage=triage,
        sections=tuple(sections),
        bottom_line=bottom_line,
        citations=tuple(book.citations),
        disclaimer=DISCLAIMER,
        reading_grade=reading_grade,
        generated_at=now or dt.datetime.now(dt.UTC).replace(microsecond=0),
        follow_up_questions=tuple(follow_up),
        checks=checks,
        scope=scope,  # type: ignore[arg-type]
        article_id=article_id,
    )
