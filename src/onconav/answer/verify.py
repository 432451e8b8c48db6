"""Checks run on every answer before anyone sees it.

Grounding: every clinical item carries at least one citation, and every cited
number resolves to a passage the answer was composed from (or to the user's own
record). An item that fails is removed, never shown, and the removal is reported.
Reading level: the Flesch–Kincaid grade of the answer's prose.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from onconav.answer.model import AnswerItem, Checks, Citation, Section
from onconav.readability import flesch_kincaid_grade


def _item_is_grounded(
    item: AnswerItem, citations: dict[int, Citation], passage_ids: Collection[str]
) -> bool:
    if not item.clinical:
        return True
    if not item.citations:
        return False
    for number in item.citations:
        citation = citations.get(number)
        if citation is None:
            return False
        if citation.kind == "source" and (
            not citation.passage_ids or not set(citation.passage_ids) <= set(passage_ids)
        ):
            return False
        if citation.kind == "record" and not citation.document_id:
            return False
    return True


def verify(
    sections: Sequence[Section],
    bottom_line: AnswerItem | None,
    citations: Sequence[Citation],
    passage_ids: Collection[str],
) -> tuple[list[Section], AnswerItem | None, Checks]:
    by_number = {c.n: c for c in citations}
    removed: list[str] = []
    clinical = cited = 0
    kept_sections: list[Section] = []
    for section in sections:
        kept: dict[str, list[AnswerItem]] = {"paragraphs": [], "bullets": []}
        for name in ("paragraphs", "bullets"):
            for item in getattr(section, name):
                if item.clinical:
                    clinical += 1
                if _item_is_grounded(item, by_number, passage_ids):
                    cited += item.clinical
                    kept[name].append(item)
                else:
                    removed.append(item.plain[:80])
        if kept["paragraphs"] or kept["bullets"]:
            kept_sections.append(
                section.model_copy(
                    update={
                        "paragraphs": tuple(kept["paragraphs"]),
                        "bullets": tuple(kept["bullets"]),
                    }
                )
            )
    if bottom_line is not None:
        clinical += bottom_line.clinical
        if _item_is_grounded(bottom_line, by_number, passage_ids):
            cited += bottom_line.clinical
        else:
            removed.append(bottom_line.plain[:80])
            bottom_line = None
    checks = Checks(
        grounded=not removed,
        clinical_items=clinical,
        cited_items=cited,
        removed_items=tuple(removed),
    )
    return kept_sections, bottom_line, checks


def reading_grade(sections: Sequence[Section], bottom_line: AnswerItem | None) -> float | None:
    units = [item.plain for s in sections for item in (*s.paragraphs, *s.bullets)]
    if bottom_line is not None:
        units.append(bottom_line.plain)
    return flesch_kincaid_grade(units)
