"""Profile-aware guidance for typical cases: situation, options, missing tests, questions."""

from __future__ import annotations

from collections.abc import Callable

import cases
import pytest

from onconav.answer.engine import AnswerEngine
from onconav.answer.model import PersonalSection
from onconav.guidance.options import RULES
from onconav.guidance.personal import situation_sections
from onconav.guidance.questions import tailored_questions
from onconav.guidance.situation import RiskLevel, Situation, assess
from onconav.guidance.workup import missing_tests
from onconav.kb.loader import load_bundled
from onconav.records.model import Fact, FactKind
from onconav.records.profile import build_profile

KB = load_bundled()


def situation_of(build: Callable[[], list]) -> Situation:  # type: ignore[type-arg]
    return assess(build_profile("P", build()))


def text_of(sections: list[PersonalSection]) -> str:
    return "\n".join(
        [s.heading for s in sections]
        + [i.text for s in sections for i in (*s.paragraphs, *s.bullets)]
    )


def test_every_passage_guidance_points_to_exists() -> None:
    for rule in RULES:
        for passage_id in rule.passages:
            KB.passage(passage_id)
    for build in (cases.no_ngs, cases.sf3b1_ring_sideroblasts, cases.younger_transplant):
        for test in missing_tests(situation_of(build)):
            KB.passage(test.passage_id)


def test_lower_risk_del5q() -> None:
    situation = situation_of(cases.lower_risk_del5q)
    assert situation.risk_level is RiskLevel.LOWER
    assert situation.classification is not None
    assert situation.classification.who.code == "MDS-5q"
    sections = situation_sections(situation, KB)
    text = text_of(sections)
    assert "lenalidomide" in text.lower()
    assert "Your karyotype shows del(5q)" in text
    assert "Is lenalidomide an option for me?" in text
    assert "Myeloid gene panel" not in text  # the panel was done


def test_sf3b1_with_ring_sideroblasts() -> None:
    situation = situation_of(cases.sf3b1_ring_sideroblasts)
    assert situation.risk_level is RiskLevel.LOWER
    assert situation.classification is not None
    assert situation.classification.who.code == "MDS-SF3B1"
    text = text_of(situation_sections(situation, KB))
    assert "Who luspatercept is approved for" in text
    assert "SF3B1 mutation or ring sideroblasts" in text
    assert "When chelation is considered" in text  # transfusions in the records
    assert "transfusion dependent" in text


def test_higher_risk_tp53_multihit() -> None:
    situation = situation_of(cases.higher_risk_tp53_multihit)
    assert situation.risk_level is RiskLevel.HIGHER
    assert situation.scores is not None
    assert situation.scores.ipssm.mean.category.value == "Very High"
    text = text_of(situation_sections(situation, KB))
    assert "Checking for a transplant early" in text
    assert "TP53" in text
    assert "My TP53 VAF is 62%: does that count as multi-hit" in text
    assert "HLA typing" in text


def test_no_ngs_explains_the_ipssm_range_with_computed_numbers() -> None:
    situation = situation_of(cases.no_ngs)
    assert situation.scores is not None
    ipssm = situation.scores.ipssm
    assert ipssm.best.category != ipssm.worst.category
    (ngs,) = [t for t in missing_tests(situation) if t.id == "ngs"]
    assert f"{ipssm.best.category.value} ({ipssm.best.score:g})" in ngs.why
    assert f"{ipssm.worst.category.value} ({ipssm.worst.score:g})" in ngs.why
    assert "worst case assumes every untested gene is mutated" in ngs.why
    assert situation.risk_level in {RiskLevel.LOWER, RiskLevel.NOT_SETTLED}


def test_younger_patient_has_transplant_in_view() -> None:
    situation = situation_of(cases.younger_transplant)
    assert situation.risk_level is RiskLevel.HIGHER
    ids = {t.id for t in missing_tests(situation)}
    assert "hla" in ids
    assert {"flt3", "mll_ptd"} <= ids
    text = text_of(situation_sections(situation, KB))
    assert "Should I be evaluated for a stem cell transplant now?" in text


def test_conflicting_records_are_raised() -> None:
    situation = situation_of(cases.conflicting_records)
    assert situation.profile.conflicts
    assert situation.profile.warnings
    text = text_of(situation_sections(situation, KB))
    assert "My records disagree about platelets" in text


def test_without_records_the_section_says_what_records_would_add() -> None:
    situation = assess(build_profile("P", []))
    (section,) = situation_sections(situation, KB)
    assert section.heading == "For your situation"
    assert "Add reports" in section.paragraphs[0].text


@pytest.mark.parametrize(
    "build",
    [
        cases.lower_risk_del5q,
        cases.sf3b1_ring_sideroblasts,
        cases.higher_risk_tp53_multihit,
        cases.no_ngs,
        cases.younger_transplant,
        cases.conflicting_records,
    ],
)
def test_every_clinical_statement_carries_a_reference(build: Callable[[], list]) -> None:  # type: ignore[type-arg]
    for section in situation_sections(situation_of(build), KB):
        for item in (*section.paragraphs, *section.bullets):
            if item.clinical:
                assert item.refs, item.text


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> AnswerEngine:
    from onconav.answer.engine import AnswerEngine
    from onconav.settings import Settings

    return AnswerEngine.open(Settings(home=tmp_path_factory.mktemp("home")))


@pytest.mark.parametrize(
    ("build", "article"),
    [
        (cases.higher_risk_tp53_multihit, "mds-higher-risk-treatment-overview"),
        (cases.lower_risk_del5q, "mds-lower-risk-treatment-overview"),
    ],
)
def test_a_generic_treatment_question_follows_the_profiles_risk_level(
    engine: AnswerEngine,
    build: Callable[[], list],
    article: str,  # type: ignore[type-arg]
) -> None:
    from onconav.guidance.personal import personal_context

    situation = situation_of(build)
    answer = engine.ask("What are my treatment options?", personal=personal_context(situation, KB))
    assert answer.article_id == article
    assert answer.checks.grounded
    kinds = {c.kind for c in answer.citations}
    assert kinds == {"source", "record"}
    record = next(c for c in answer.citations if c.kind == "record")
    assert record.document_id
    assert record.page == 1
    headings = [s.heading for s in answer.sections]
    assert "For your situation" in headings
    assert "Values from your records used above" in headings


def test_an_explicit_risk_level_in_the_question_wins(engine: AnswerEngine) -> None:
    from onconav.guidance.personal import personal_context

    situation = situation_of(cases.higher_risk_tp53_multihit)
    answer = engine.ask(
        "What are the treatments for lower-risk MDS?", personal=personal_context(situation, KB)
    )
    assert answer.article_id == "mds-lower-risk-treatment-overview"


def test_value_lines_describe_the_karyotype_once_and_group_tested_genes() -> None:

    sections = situation_sections(situation_of(cases.higher_risk_tp53_multihit), KB)
    (values,) = [s for s in sections if s.kind == "values"]
    lines = [i.text for i in values.bullets]
    assert any(line.startswith("Karyotype: 44,XY") and "complex" in line for line in lines)
    assert any(line.startswith("Genes tested without a mutation (28)") for line in lines)
    assert not any("cyto_ipss" in line or "del5q mutation" in line for line in lines)


def _with_epo(epo: Fact) -> Callable[[], list[Fact]]:
    def build() -> list[Fact]:
        return [f for f in cases.sf3b1_ring_sideroblasts() if f.name != "epo"] + [epo]

    return build


def test_a_censored_epo_is_shown_as_printed_and_never_compared_as_its_bound() -> None:
    # ">400" could be 450 or 900: on either side of the ESA limit of 500, so no rule may
    # treat it as 400 (at or below 500); it is shown as the report printed it.
    day = cases.D(2024, 5, 8)
    above = cases.fact(FactKind.LAB, "epo", 400, unit="mU/mL", date=day, comparator=">")
    situation = situation_of(_with_epo(above))
    assert "your serum EPO was 400" not in text_of(situation_sections(situation, KB))
    assert any("EPO of >400 mU/mL" in q for q in tailored_questions(situation))
    plain = cases.fact(FactKind.LAB, "epo", 400, unit="mU/mL", date=day)
    text = text_of(situation_sections(situation_of(_with_epo(plain)), KB))
    assert "your serum epo was 400 mu/ml" in text.lower()
