"""The bundled knowledge base, end to end: what a user gets from a clean install."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from onconav.answer.engine import AnswerEngine
from onconav.kb.check import check
from onconav.kb.loader import load_bundled
from onconav.settings import Settings

EXAMPLE = "How do I get a second opinion for MDS without offending my oncologist?"
ONCONAV = str(Path(sys.executable).with_name("onconav"))


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onconav-home")


@pytest.fixture(scope="session")
def engine(home: Path) -> AnswerEngine:
    return AnswerEngine.open(Settings(home=home))


def test_bundled_knowledge_base_passes_its_checks() -> None:
    report = check(today=dt.date.today())
    assert report.errors == []
    assert report.articles >= 40
    kb = load_bundled()
    diseases = {a.disease.value for a in kb.articles}
    assert {"mds", "aml", "cmml", "general"} <= diseases


def test_every_shown_pmid_was_checked() -> None:
    kb = load_bundled()
    for source in kb.sources.values():
        if source.shown_pmid is not None:
            assert "pmid" in source.verification.checked
            assert source.verification.status == "verified"


def test_example_question_is_answered_well(engine: AnswerEngine) -> None:
    answer = engine.ask(EXAMPLE)
    assert answer.intent == "second_opinion"
    assert answer.disease == "mds"
    assert answer.triage.level is None
    assert answer.checks.grounded
    text = answer.text().lower()
    for fact in (
        "hipaa",
        "30 days",
        "slides",
        "marrow",
        "nci-designated",
        "centers of excellence",
    ):
        assert fact in text, fact
    assert any("164.524" in (c.source or "") for c in answer.citations)
    cited_types = {c.source_type for c in answer.citations}
    assert {"regulation", "guideline", "article"} & cited_types
    sources = {c.source_id for c in answer.citations}
    assert "hipaa-right-of-access" in sources
    assert "nccn-mds-insights-v3-2022" in sources
    assert any(s.startswith("naqvi-2011") for s in sources)
    assert answer.bottom_line is not None
    assert answer.reading_grade is not None
    assert answer.reading_grade <= 8


@pytest.mark.parametrize(
    "question",
    [
        "What's a good recipe for banana bread?",
        "Help me write a cover letter for a software job",
        "What is the capital of France?",
    ],
)
def test_off_topic_questions_get_the_polite_answer(engine: AnswerEngine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.scope == "out_of_scope"
    assert answer.citations == ()


@pytest.mark.parametrize(
    "question",
    ["Can I still have a glass of wine?", "What should I tell my boss?", "Is it safe to travel?"],
)
def test_life_with_mds_questions_stay_in_scope(engine: AnswerEngine, question: str) -> None:
    assert engine.ask(question).scope == "in_scope"


def _run(*args: str, home: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ONCONAV_HOME": str(home)}
    return subprocess.run(
        [ONCONAV, *args], input=stdin, capture_output=True, env=env, timeout=120, check=False
    )


def test_cli_json_has_the_documented_fields(home: Path) -> None:
    result = _run("ask", EXAMPLE, "--format", "json", home=home)
    assert result.returncode == 0, result.stderr.decode()
    answer = json.loads(result.stdout)
    for field in (
        "question",
        "title",
        "disease",
        "intent",
        "triage",
        "sections",
        "bottom_line",
        "citations",
        "disclaimer",
        "reading_grade",
        "generated_at",
    ):
        assert field in answer
    assert set(answer["triage"]) >= {"level", "message"}
    section = answer["sections"][0]
    assert set(section) >= {"heading", "paragraphs", "bullets"}
    citation = answer["citations"][0]
    assert set(citation) >= {"n", "title", "source", "year", "pmid", "doi", "url", "passage_id"}


def test_cli_markdown_and_text(home: Path) -> None:
    markdown = _run("ask", EXAMPLE, "--format", "markdown", home=home)
    assert markdown.returncode == 0
    assert markdown.stdout.decode().startswith("# ")
    text = _run("ask", "I have a fever of 38.9 and I'm on azacitidine", home=home)
    assert text.returncode == 0
    assert "EMERGENCY" in text.stdout.decode()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("ask", ""), None, "empty"),
        (("ask", "x" * 10_240), None, "characters long"),
        (("ask", "-"), b"bad \xff\xfe bytes", "not valid UTF-8"),
        (("ask", "¿Cómo obtengo una segunda opinión para el SMD?"), None, "Spanish"),
        (("ask",), None, "Missing argument"),
        (("ask", "What is MDS?", "--format", "pdf"), None, "Invalid value"),
    ],
)
def test_cli_bad_input_exits_2_without_traceback(
    home: Path, args: tuple[str, ...], stdin: bytes | None, message: str
) -> None:
    result = _run(*args, home=home, stdin=stdin)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert message in stderr
    assert "Traceback" not in stderr
