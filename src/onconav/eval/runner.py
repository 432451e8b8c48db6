"""Runs the question set through the answer engine and scores what came back."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from onconav.answer.engine import AnswerEngine
from onconav.answer.model import Answer


class EvalQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    question: str
    disease: str
    intent: str
    triage: str | None
    key_facts: tuple[tuple[str, ...], ...]
    articles: tuple[str, ...] = ()


def load_questions(path: Path | None = None) -> list[EvalQuestion]:
    source = path or Path(str(resources.files("onconav.eval").joinpath("questions.yaml")))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return [EvalQuestion.model_validate(q) for q in data["questions"]]


@dataclass
class QuestionResult:
    question: EvalQuestion
    answer: Answer
    seconds: float
    facts_found: list[bool]

    @property
    def missing_facts(self) -> list[tuple[str, ...]]:
        return [
            g for g, ok in zip(self.question.key_facts, self.facts_found, strict=True) if not ok
        ]


@dataclass
class EvalReport:
    results: list[QuestionResult] = field(default_factory=list)

    def _share(self, hits: int, total: int) -> float | None:
        return round(hits / total, 3) if total else None

    def metrics(self) -> dict[str, Any]:
        results = self.results
        emergency = [r for r in results if r.question.triage == "emergency"]
        urgent = [r for r in results if r.question.triage == "urgent"]
        calm = [r for r in results if r.question.triage is None]
        facts = [ok for r in results for ok in r.facts_found]
        clinical = sum(r.answer.checks.clinical_items for r in results)
        cited = sum(r.answer.checks.cited_items for r in results)
        grades = [r.answer.reading_grade for r in results if r.answer.reading_grade is not None]
        latencies = sorted(r.seconds * 1000 for r in results)
        labelled = [r for r in results if r.question.articles]
        return {
            "questions": len(results),
            "triage_recall_emergency": self._share(
                sum(r.answer.triage.level == "emergency" for r in emergency), len(emergency)
            ),
            "triage_recall_urgent": self._share(
                sum(r.answer.triage.level in {"urgent", "emergency"} for r in urgent), len(urgent)
            ),
            "false_alarms": sum(r.answer.triage.level is not None for r in calm),
            "false_alarm_rate": self._share(
                sum(r.answer.triage.level is not None for r in calm), len(calm)
            ),
            "intent_accuracy": self._share(
                sum(r.answer.intent == r.question.intent for r in results), len(results)
            ),
            "disease_accuracy": self._share(
                sum(r.answer.disease == r.question.disease for r in results), len(results)
            ),
            "key_fact_coverage": self._share(sum(facts), len(facts)),
            "lead_article_accuracy": self._share(
                sum(r.answer.article_id in r.question.articles for r in labelled), len(labelled)
            ),
            "citation_rate": self._share(cited, clinical),
            "grounded_answers": self._share(
                sum(r.answer.checks.grounded for r in results), len(results)
            ),
            "reading_grade_mean": round(statistics.fmean(grades), 1) if grades else None,
            "reading_grade_max": max(grades) if grades else None,
            "latency_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
            "latency_ms_p95": round(_percentile(latencies, 95), 1) if latencies else None,
        }

    def failures(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for r in self.results:
            problems = []
            if r.answer.intent != r.question.intent:
                problems.append(f"intent {r.answer.intent} (expected {r.question.intent})")
            if r.answer.disease != r.question.disease:
                problems.append(f"disease {r.answer.disease} (expected {r.question.disease})")
            if r.answer.triage.level != r.question.triage:
                problems.append(f"triage {r.answer.triage.level} (expected {r.question.triage})")
            if r.question.articles and r.answer.article_id not in r.question.articles:
                problems.append(
                    f"led by {r.answer.article_id} (expected {', '.join(r.question.articles)})"
                )
            problems.extend(f"missing fact {list(g)}" for g in r.missing_facts)
            if not r.answer.checks.grounded:
                problems.append(f"removed uncited items {list(r.answer.checks.removed_items)}")
            if problems:
                found.append(
                    {"id": r.question.id, "question": r.question.question, "problems": problems}
                )
        return found


def _percentile(sorted_values: list[float], percent: float) -> float:
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = (len(sorted_values) - 1) * percent / 100
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def fact_found(group: tuple[str, ...], text: str) -> bool:
    lowered = text.lower()
    return any(phrase.lower() in lowered for phrase in group)


def run_eval(
    engine: AnswerEngine,
    questions: list[EvalQuestion],
    progress: Callable[[int, int], None] | None = None,
) -> EvalReport:
    report = EvalReport()
    engine.ask("What is MDS?")  # warm the caches once; latency figures are warm.
    for number, question in enumerate(questions, start=1):
        started = time.perf_counter()
        answer = engine.ask(question.question)
        seconds = time.perf_counter() - started
        text = answer.text()
        report.results.append(
            QuestionResult(
                question=question,
                answer=answer,
                seconds=seconds,
                facts_found=[fact_found(group, text) for group in question.key_facts],
            )
        )
        if progress is not None:
            progress(number, len(questions))
    return report
