"""Answering a question for the web pages: the answer, and the passages its citations point to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from onconav.answer.engine import AnswerEngine
from onconav.answer.model import Answer, Citation
from onconav.kb.model import KnowledgeBase
from onconav.service.audited_reads import view_for_answer
from onconav.store import Store
from onconav.store.model import Patient


@dataclass(frozen=True)
class CitedPassage:
    """A knowledge-base passage behind a citation, so a reader can check the statement."""

    passage_id: str
    article_title: str
    heading: str
    texts: tuple[str, ...]  # inline Markdown, one per paragraph or bullet


@dataclass(frozen=True)
class AnsweredQuestion:
    answer: Answer
    passages: dict[str, CitedPassage]
    patient: Patient | None


def answer_question(
    engine: AnswerEngine,
    store: Store,
    actor_id: str | None,
    patient: Patient | None,
    question: str,
) -> AnsweredQuestion:
    """The engine's answer, with the person's situation when a person is given.

    Reading the person's records for the answer is noted in their audit log. Raises
    ``QuestionError`` for a question that cannot be answered as given.
    """
    personal = (
        view_for_answer(store, actor_id, patient, engine.kb)
        if patient is not None and actor_id is not None
        else None
    )
    answer = engine.ask(question, personal=personal)
    return AnsweredQuestion(answer, cited_passages(engine.kb, answer.citations), patient)


def cited_passages(kb: KnowledgeBase, citations: Iterable[Citation]) -> dict[str, CitedPassage]:
    """Every passage a citation points to, by passage id."""
    found: dict[str, CitedPassage] = {}
    for citation in citations:
        for passage_id in citation.passage_ids:
            if passage_id in found:
                continue
            try:
                passage = kb.passage(passage_id)
            except KeyError:
                continue
            found[passage_id] = CitedPassage(
                passage_id=passage.id,
                article_title=passage.article_title,
                heading=passage.heading,
                texts=tuple(item.text for item in passage.items),
            )
    return found
