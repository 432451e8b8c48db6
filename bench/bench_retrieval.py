"""Retrieval quality on the eval set's labelled questions, per retrieval method.

For each question the eval set names the articles that should lead the answer. Figures:
recall@5 (a passage of an expected article is among the first five hits), MRR of the first
such passage, and lead-article accuracy (the article the composer would choose).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.figures import Figure


def run() -> list[Figure]:
    from onconav.answer.compose import choose_lead
    from onconav.answer.understand import understand
    from onconav.eval.runner import load_questions
    from onconav.kb.loader import load_bundled
    from onconav.search.build import open_index
    from onconav.search.embedder import Embedder
    from onconav.settings import Settings

    kb = load_bundled()
    questions = [q for q in load_questions() if q.articles and q.triage is None]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as home:
        index = open_index(Settings(home=Path(home)), kb, Embedder.load())
        for mode in ("lexical", "dense", "hybrid"):
            recall = reciprocal = lead_hits = 0.0
            for question in questions:
                hits = index.search(question.question, 40, mode=mode)  # type: ignore[arg-type]
                articles = [h.passage_id.partition("#")[0] for h in hits]
                first = next((i for i, a in enumerate(articles) if a in question.articles), None)
                recall += first is not None and first < 5
                reciprocal += 1 / (first + 1) if first is not None else 0
                meaning = understand(question.question)
                lead = choose_lead(kb, hits, meaning.intent, meaning.disease)
                lead_hits += lead is not None and lead.id in question.articles
            n = len(questions)
            figures += [
                Figure(f"{mode}: recall@5", recall / n, ""),
                Figure(f"{mode}: MRR", reciprocal / n, ""),
                Figure(f"{mode}: lead-article accuracy", lead_hits / n, ""),
            ]
    return figures
