"""``summarize_many``: many karyotypes, each distinct text read once.

Reports repeat themselves: most karyotypes in a series are one of a few normal strings
(``46,XX[20]``), so a batch reads every distinct text once and shares the result. The
summary is a frozen value computed from the text alone, so sharing it changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from onconav.clinical.cytogenetics import KaryotypeSummary
from onconav.clinical.karyotype.errors import KaryotypeSyntaxError
from onconav.clinical.karyotype.summary import summarize

KaryotypeOutcome = KaryotypeSummary | KaryotypeSyntaxError


def summarize_many(texts: Iterable[str]) -> list[KaryotypeOutcome]:
    """One outcome per text, in order: the summary, or the error that says why it failed."""
    outcomes: dict[str, KaryotypeOutcome] = {}
    results: list[KaryotypeOutcome] = []
    for text in texts:
        outcome = outcomes.get(text)
        if outcome is None:
            try:
                outcome = summarize(text)
            except KaryotypeSyntaxError as error:
                outcome = error
            outcomes[text] = outcome
        results.append(outcome)
    return results
