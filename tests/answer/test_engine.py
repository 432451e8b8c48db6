from __future__ import annotations

import pytest

from onconav.answer.compose import CitationBook, passage_section
from onconav.answer.engine import AnswerEngine, QuestionError, validate_question
from onconav.answer.model import AnswerItem, Section
from onconav.answer.verify import verify
from onconav.settings import Settings


def test_answer_is_grounded_and_structured(fixture_engine: AnswerEngine) -> None:
    answer = fixture_engine.ask("What are the side effects of luspatercept?")
    assert answer.title == "Luspatercept for anemia in lower-risk MDS"
    assert answer.disease == "mds"
    assert answer.triage.level is None
    assert answer.checks.grounded
    assert answer.checks.citation_rate == 1.0
    headings = [s.heading for s in answer.sections]
    assert "Side effects" in headings
    assert answer.bottom_line is not None
    assert answer.bottom_line.citations
    numbers = {c.n for c in answer.citations}
    for item in answer.items():
        if item.clinical:
            assert item.citations
            assert set(item.citations) <= numbers
    assert answer.reading_grade is not None


def test_one_number_per_source_keeps_every_cited_passage(fixture_engine: AnswerEngine) -> None:
    answer = fixture_engine.ask("What are the side effects of luspatercept?")
    sources = [c.source_id for c in answer.citations]
    assert len(sources) == len(set(sources))
    (citation,) = answer.citations
    assert "mds-luspatercept#side-effects" in citation.passage_ids
    assert "mds-luspatercept#bottom-line" in citation.passage_ids


def test_emergency_leads_with_what_to_do(fixture_engine: AnswerEngine) -> None:
    answer = fixture_engine.ask("I'm on azacitidine and I have a fever of 38.7")
    assert answer.intent == "emergency"
    assert answer.triage.level == "emergency"
    assert answer.triage.actions[0].startswith("Call 911")
    assert answer.sections[0].passage_id == "mds-when-to-call#emergency"
    assert answer.checks.grounded


def test_urgent_answer_adds_the_same_day_guidance_once(fixture_engine: AnswerEngine) -> None:
    answer = fixture_engine.ask("I have new bruises on my legs")
    assert answer.triage.level == "urgent"
    ids = [s.passage_id for s in answer.sections]
    assert ids[0] == "mds-when-to-call#same-day"
    assert len(ids) == len(set(ids))
    assert answer.intent != "emergency"


def test_advice_seeking_is_framed_not_instructed(fixture_engine: AnswerEngine) -> None:
    answer = fixture_engine.ask("Should I stop luspatercept?")
    assert answer.intent == "advice_seeking"
    first = answer.sections[0]
    assert first.kind == "notice"
    assert "cannot tell you what to do" in first.paragraphs[0].plain


def test_out_of_scope_is_polite_and_uncited(fixture_engine: AnswerEngine) -> None:
    answer = fixture_engine.ask("What's the best pizza in Rome?")
    assert answer.scope == "out_of_scope"
    assert answer.intent == "out_of_scope"
    assert answer.citations == ()
    assert all(not item.clinical for item in answer.items())


def test_other_cancer_is_not_guessed(fixture_engine: AnswerEngine) -> None:
    answer = fixture_engine.ask("What is the best treatment for breast cancer?")
    assert answer.scope == "unsupported_disease"
    assert "breast cancer" in answer.title


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("x" * 10_240, "10,240 characters"),
        ("bad \udcff bytes", "not valid text"),
        ("¿Cómo obtengo una segunda opinión para el SMD sin ofender a mi médico?", "Spanish"),
        ("Comment obtenir un deuxième avis pour le SMD ?", "French"),
        ("如何获得骨髓增生异常综合征的第二意见？", "another language"),
    ],
)
def test_bad_questions_get_clear_messages(question: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        validate_question(question, Settings())


def test_verify_removes_uncited_clinical_items(fixture_engine: AnswerEngine) -> None:
    kb = fixture_engine.kb
    book = CitationBook(kb)
    good = passage_section(kb.passage("mds-luspatercept#overview"), book)
    injected = Section(
        heading="Made up",
        paragraphs=(AnswerItem(text="Drink bleach.", plain="Drink bleach.", citations=()),),
    )
    forged = Section(
        heading="Forged",
        paragraphs=(AnswerItem(text="Claim.", plain="Claim.", citations=(99,)),),
    )
    sections, _, checks = verify(
        [good, injected, forged], None, book.citations, {"mds-luspatercept#overview"}
    )
    assert [s.heading for s in sections] == ["What luspatercept is"]
    assert not checks.grounded
    assert checks.removed_items == ("Drink bleach.", "Claim.")


def test_citation_to_a_passage_not_used_is_rejected(fixture_engine: AnswerEngine) -> None:
    kb = fixture_engine.kb
    book = CitationBook(kb)
    section = passage_section(kb.passage("mds-luspatercept#overview"), book)
    _, _, checks = verify([section], None, book.citations, {"some-other#passage"})
    assert not checks.grounded


def test_general_answers_are_cached_with_a_fresh_timestamp(fixture_engine: AnswerEngine) -> None:
    first = fixture_engine.ask("What are the side effects of luspatercept?")
    second = fixture_engine.ask("  What are the side effects of luspatercept? ")
    assert second.sections == first.sections
    assert second.citations == first.citations
    assert second.generated_at >= first.generated_at


def test_personal_answers_are_never_cached(fixture_engine: AnswerEngine) -> None:
    from onconav.answer.engine import PersonalContext
    from onconav.answer.model import PersonalItem, PersonalSection

    personal = PersonalContext(
        sections=[
            PersonalSection(
                heading="For your situation",
                paragraphs=(PersonalItem(text="Only for this person.", clinical=False),),
            )
        ]
    )
    question = "What is luspatercept?"
    with_profile = fixture_engine.ask(question, personal=personal)
    without = fixture_engine.ask(question)
    assert any(s.heading == "For your situation" for s in with_profile.sections)
    assert not any(s.heading == "For your situation" for s in without.sections)
