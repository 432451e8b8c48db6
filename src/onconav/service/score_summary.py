"""The documented JSON shape of risk scores, and the disclaimer that goes with them.

Shared by ``onconav risk`` with values typed by hand, ``onconav risk --patient`` and the web
API. Kept apart from the profile loaders so that the command line, which loads modules only
when a command runs, pays for nothing else when it prints scores.
"""

from __future__ import annotations

from typing import Any

from onconav.clinical.scores import RiskScores

RISK_DISCLAIMER = (
    "Information from published scoring systems, not medical advice: talk these results "
    "over with your hematologist."
)


def scores_summary(scores: RiskScores) -> dict[str, Any]:
    """The documented JSON shape of the scores, shared by `risk` by hand and `risk --patient`.

    ``ipss``, ``ipssr``, ``ipssra``: score, category, best, worst (with their categories) and
    the inputs missing. ``ipssm``: the mean, best and worst scenarios, the consolidated
    ``final`` result, the comment and the inputs missing.
    """

    def points(result: Any) -> dict[str, Any]:
        return {
            "score": result.score,
            "category": _text(result.category),
            "best": result.best,
            "category_best": _text(result.category_best),
            "worst": result.worst,
            "category_worst": _text(result.category_worst),
            "missing": list(result.inputs_missing),
        }

    ipssm = scores.ipssm
    return {
        "ipss": points(scores.ipss),
        "ipssr": points(scores.ipssr),
        "ipssra": points(scores.ipssra),
        "ipssm": {
            "mean": {"score": ipssm.mean.score, "category": ipssm.mean.category.value},
            "best": {"score": ipssm.best.score, "category": ipssm.best.category.value},
            "worst": {"score": ipssm.worst.score, "category": ipssm.worst.category.value},
            "final": {"score": ipssm.score, "category": _text(ipssm.category)},
            "comment": ipssm.comment.value,
            "missing": list(ipssm.inputs_missing),
        },
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))
