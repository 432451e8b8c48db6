"""Question → ``Answer``: triage, understand, retrieve, compose, verify."""

from __future__ import annotations

import datetime as dt
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from onconav.answer.compose import (
    CitationBook,
    Plan,
    assemble,
    bottom_line_item,
    choose_lead,
    notice,
    passage_section,
    personal_section,
    plan_answer,
)
from onconav.answer.model import Answer, AnswerItem, Checks, PersonalSection, Section, Triage
from onconav.answer.rephrase import NoRephrasing, Rephraser
from onconav.answer.triage import SafetyNumbers, triage
from onconav.answer.understand import Understanding, detect_language, understand
from onconav.answer.verify import reading_grade, verify
from onconav.kb.model import Disease, Intent, KnowledgeBase, Passage, Role
from onconav.search.embedded import EmbeddedIndex
from onconav.settings import Settings

WHEN_TO_CALL_ARTICLE = "mds-when-to-call"
# A question with no health words is in scope only if most of its content words occur
# in the knowledge base. (Dense similarity cannot decide this: static embeddings rate
# "How do I fix my car?" closer to the passages than some real MDS questions.)
MIN_TERM_COVERAGE = 0.6
# An intent rule this strong shows the question is about something onconav covers.
IN_SCOPE_INTENT_SCORE = 1.5
SEARCH_DEPTH = 40

_LANGUAGE_NAMES = {
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "other": "another language",
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _answer_disease(article_disease: Disease, meaning: Understanding) -> Disease:
    """The lead article's disease; general content stays general unless a disease was named."""
    if article_disease is not Disease.GENERAL:
        return article_disease
    return meaning.disease if meaning.disease_explicit else Disease.GENERAL


def _fallback_intent(intents: Sequence[Intent]) -> Intent:
    """The lead article's first intent; "emergency" is only ever set by triage."""
    for intent in intents:
        if intent is not Intent.EMERGENCY:
            return intent
    return Intent.SIDE_EFFECTS if intents else Intent.BASICS


class QuestionError(ValueError):
    """The question cannot be answered as given; the message says why and what to do."""


def validate_question(question: str, settings: Settings) -> str:
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in question):
        raise QuestionError(
            "The question contains bytes that are not valid text (UTF-8). Please type or paste "
            "it again as plain text."
        )
    cleaned = unicodedata.normalize("NFC", question)
    cleaned = "".join(ch for ch in cleaned if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        raise QuestionError(
            'The question is empty. Please type a question, for example: "What is MDS?"'
        )
    if len(cleaned) > settings.max_question_chars:
        raise QuestionError(
            f"The question is {len(cleaned):,} characters long; onconav accepts up to "
            f"{settings.max_question_chars:,}. Please shorten it to the question itself "
            "(records can be added separately)."
        )
    language = detect_language(cleaned)
    if language != "en":
        name = _LANGUAGE_NAMES.get(language, "another language")
        raise QuestionError(
            f"This question looks like it is written in {name}. onconav can only answer in "
            "English for now, because its medical sources and safety checks are in English. "
            "Please ask your question in English."
        )
    return cleaned


@dataclass(frozen=True)
class PersonalContext:
    """Profile-aware content from ``onconav.guidance`` added to an answer.

    ``sections`` carry references, not numbers: the answer numbers them with its own
    citations so a source cited by both parts keeps one number.
    """

    sections: Sequence[PersonalSection]
    # Which treatment article fits this person's risk level, for a question that asks
    # about treatment without naming a risk level ("what are my options?").
    treatment_intent: Intent | None = None


class AnswerEngine:
    def __init__(
        self,
        settings: Settings,
        kb: KnowledgeBase,
        index: EmbeddedIndex,
        rephraser: Rephraser | None = None,
        cache_size: int = 512,
    ) -> None:
        self._settings = settings
        # General answers depend only on the question and the bundled content, so repeated
        # questions (common on a shared server) are served from memory. Answers with a
        # personal section are never cached.
        self._cache: OrderedDict[str, Answer] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()
        self._kb = kb
        self._index = index
        self._rephraser = rephraser or NoRephrasing()
        self._numbers = SafetyNumbers(
            emergency=settings.emergency_number,
            crisis=settings.crisis_line,
            crisis_name=settings.crisis_line_name,
        )

    @classmethod
    def open(
        cls, settings: Settings, rephraser: Rephraser | None = None, cache_size: int = 512
    ) -> AnswerEngine:
        from onconav.kb.loader import load_bundled
        from onconav.search.build import open_index
        from onconav.search.embedder import Embedder

        kb = load_bundled()
        index = open_index(settings, kb, Embedder.load())
        return cls(settings, kb, index, rephraser, cache_size=cache_size)

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb

    def ask(self, question: str, *, personal: PersonalContext | None = None) -> Answer:
        question = validate_question(question, self._settings)
        if personal is not None or self._cache_size == 0:
            return self._answer(question, personal)
        with self._cache_lock:
            cached = self._cache.get(question)
            if cached is not None:
                self._cache.move_to_end(question)
        if cached is not None:
            return cached.model_copy(
                update={"generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0)}
            )
        answer = self._answer(question, None)
        with self._cache_lock:
            self._cache[question] = answer
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return answer

    def _answer(self, question: str, personal: PersonalContext | None) -> Answer:
        flags = triage(question, self._numbers)
        meaning = understand(question)
        if flags.level is None and not self._in_scope(question, meaning):
            return self._out_of_scope(question, meaning)
        if meaning.other_cancer and flags.level is None:
            return self._unsupported_disease(question, meaning)
        if flags.level == "emergency":
            return self._emergency(question, meaning, flags)
        return self._grounded(question, meaning, flags, personal)

    def _in_scope(self, question: str, meaning: Understanding) -> bool:
        if meaning.in_domain:
            return True
        if meaning.off_topic_task:
            return False
        if max(meaning.intent_scores.values(), default=0.0) >= IN_SCOPE_INTENT_SCORE:
            return True
        return self._index.term_coverage(question) >= MIN_TERM_COVERAGE

    # --- answer kinds -----------------------------------------------------------

    def _grounded(
        self,
        question: str,
        meaning: Understanding,
        flags: Triage,
        personal: PersonalContext | None,
    ) -> Answer:
        diseases = (
            {meaning.disease.value, Disease.GENERAL.value} if meaning.disease_explicit else None
        )
        hits = self._index.search(question, SEARCH_DEPTH, diseases=diseases)
        if (
            personal is not None
            and personal.treatment_intent is not None
            and meaning.intent is None
            and meaning.asks_about_treatment
        ):
            meaning = replace(meaning, intent=personal.treatment_intent)
        wanted = Intent.SIDE_EFFECTS if flags.level == "urgent" else meaning.intent
        lead = choose_lead(self._kb, hits, wanted, meaning.disease)
        if lead is None:
            return self._out_of_scope(question, meaning)
        intent = meaning.intent or _fallback_intent(lead.intents)
        if flags.level == "urgent" and intent is not Intent.SECOND_OPINION:
            intent = Intent.SIDE_EFFECTS  # a same-day problem: what to watch and when to call
        plan = plan_answer(self._kb, hits, intent, lead)
        book = CitationBook(self._kb)
        sections: list[Section] = []
        if flags.level == "urgent":
            sections.extend(self._when_to_call_sections(question, book, limit=1))
        if intent is Intent.ADVICE_SEEKING:
            sections.append(
                notice(
                    "A decision for you and your care team",
                    "onconav cannot tell you what to do about your own treatment. Below is what "
                    "is generally known, and what you could raise with your care team.",
                )
            )
        shown = {s.passage_id for s in sections}
        sections.extend(
            s for s in self._passage_sections(plan, book, question) if s.passage_id not in shown
        )
        if personal is not None:
            sections.extend(personal_section(p, book) for p in personal.sections)
        bottom = lead.bottom_line
        bottom_line = bottom_line_item(bottom, book) if bottom else None
        used = {p.id for p in plan.passages} | ({bottom.id} if bottom else set())
        used |= {s.passage_id for s in sections if s.passage_id}
        if personal is not None:
            used |= {
                ref.passage_id
                for section in personal.sections
                for item in (*section.paragraphs, *section.bullets)
                for ref in item.refs
                if ref.passage_id
            }
        return self._finish(
            question=question,
            title=lead.title,
            disease=_answer_disease(lead.disease, meaning),
            intent=intent.value,
            flags=flags,
            sections=sections,
            bottom_line=bottom_line,
            book=book,
            passage_ids=used,
            follow_up=lead.follow_up,
            article_id=lead.id,
        )

    def _emergency(self, question: str, meaning: Understanding, flags: Triage) -> Answer:
        book = CitationBook(self._kb)
        sections = self._when_to_call_sections(question, book, limit=3)
        bottom_line = None
        used = {s.passage_id for s in sections if s.passage_id}
        try:
            article = self._kb.article(WHEN_TO_CALL_ARTICLE)
        except KeyError:
            article = None
        if article is not None and article.bottom_line is not None:
            bottom_line = bottom_line_item(article.bottom_line, book)
            used.add(article.bottom_line.id)
        return self._finish(
            question=question,
            title="This may be an emergency: get help now",
            disease=meaning.disease,
            intent=Intent.EMERGENCY.value,
            flags=flags,
            sections=sections,
            bottom_line=bottom_line,
            book=book,
            passage_ids=used,
            article_id=WHEN_TO_CALL_ARTICLE if article is not None else None,
        )

    def _out_of_scope(self, question: str, meaning: Understanding) -> Answer:
        book = CitationBook(self._kb)
        sections = [
            notice(
                "What onconav can help with",
                "onconav answers questions about MDS, a kind of blood cancer. It covers what MDS "
                "is, tests and results, risk scores, treatments and side effects, transfusions, "
                "trials, second opinions, your records, and daily life with MDS. It also has short "
                "guides to AML and CMML.",
                "Your question does not seem to be about these topics, so onconav cannot answer "
                "it. If it is about life with MDS, try asking again with MDS in the question, "
                'for example: "How do I tell my boss I have MDS?" or "What does my IPSS-R score '
                'mean?"',
            )
        ]
        return self._finish(
            question=question,
            title="onconav answers questions about MDS and cancer care",
            disease=meaning.disease,
            intent=Intent.OUT_OF_SCOPE.value,
            flags=Triage(),
            sections=sections,
            bottom_line=None,
            book=book,
            passage_ids=set(),
            scope="out_of_scope",
        )

    def _unsupported_disease(self, question: str, meaning: Understanding) -> Answer:
        other = meaning.other_cancer or "this cancer"
        book = CitationBook(self._kb)
        sections = [
            notice(
                f"onconav does not cover {other} yet",
                "onconav's knowledge base covers myelodysplastic syndromes (MDS) in depth, with "
                "short introductions to AML and CMML. It has no checked content on "
                f"{other}, so it will not guess.",
                "The U.S. National Cancer Institute (cancer.gov, 1-800-4-CANCER) and your care "
                "team are good places to ask.",
            )
        ]
        used: set[str] = set()
        # Content that applies to any cancer (records, second opinions) can still help.
        hits = self._index.search(question, SEARCH_DEPTH, diseases={Disease.GENERAL.value})
        lead = choose_lead(self._kb, hits, meaning.intent, None)
        if lead is not None and meaning.intent in lead.intents:
            plan = plan_answer(self._kb, hits, meaning.intent or Intent.BASICS, lead)
            sections.extend(self._passage_sections(plan, book, question))
            used = {p.id for p in plan.passages}
        return self._finish(
            question=question,
            title=f"onconav does not cover {other} yet",
            disease=Disease.GENERAL,
            intent=(meaning.intent or Intent.OUT_OF_SCOPE).value,
            flags=Triage(),
            sections=sections,
            bottom_line=None,
            book=book,
            passage_ids=used,
            scope="unsupported_disease",
        )

    # --- parts -------------------------------------------------------------------

    def _passage_sections(self, plan: Plan, book: CitationBook, question: str) -> list[Section]:
        return [self._rephrased(passage_section(p, book), question) for p in plan.passages]

    def _when_to_call_sections(
        self, question: str, book: CitationBook, limit: int
    ) -> list[Section]:
        try:
            article = self._kb.article(WHEN_TO_CALL_ARTICLE)
        except KeyError:
            return []
        warnings = [p for p in article.passages if p.role is Role.WARNING]
        hits = self._index.search(question, SEARCH_DEPTH)
        rank = {h.passage_id: i for i, h in enumerate(hits)}
        chosen: list[Passage] = sorted(warnings, key=lambda p: rank.get(p.id, len(rank)))[:limit]
        chosen.sort(key=lambda p: article.passages.index(p))
        return [passage_section(p, book) for p in chosen]

    def _rephrased(self, section: Section, question: str) -> Section:
        if isinstance(self._rephraser, NoRephrasing):
            return section

        def reword(items: tuple[AnswerItem, ...]) -> tuple[AnswerItem, ...]:
            out = []
            for item in items:
                new = self._rephraser.rephrase(item.text, question=question)
                # Numbers are facts: a rewording that changes any number is discarded.
                if sorted(_NUMBER.findall(new)) != sorted(_NUMBER.findall(item.text)):
                    new = item.text
                out.append(item.model_copy(update={"text": new, "plain": new}))
            return tuple(out)

        return section.model_copy(
            update={"paragraphs": reword(section.paragraphs), "bullets": reword(section.bullets)}
        )

    def _finish(
        self,
        *,
        question: str,
        title: str,
        disease: Disease,
        intent: str,
        flags: Triage,
        sections: list[Section],
        bottom_line: AnswerItem | None,
        book: CitationBook,
        passage_ids: set[str],
        follow_up: Sequence[str] = (),
        scope: str = "in_scope",
        article_id: str | None = None,
    ) -> Answer:
        kept, bottom_line, checks = verify(sections, bottom_line, book.citations, passage_ids)
        return assemble(
            question=question,
            title=title,
            disease=disease,
            intent=intent,
            triage=flags,
            sections=kept,
            bottom_line=bottom_line,
            book=book,
            checks=checks,
            reading_grade=reading_grade(kept, bottom_line),
            follow_up=follow_up,
            scope=scope,
            article_id=article_id,
        )


__all__ = ["AnswerEngine", "Checks", "PersonalContext", "QuestionError", "validate_question"]
