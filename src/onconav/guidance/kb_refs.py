"""Knowledge-base passages lifted into personal sections, with their citations kept."""

from __future__ import annotations

from onconav.answer.model import PersonalItem, Ref
from onconav.kb.model import KnowledgeBase, Passage


def passage_items(kb: KnowledgeBase, passage_id: str) -> list[PersonalItem]:
    """The passage's items, each citing the same sources it cites in the knowledge base."""
    passage = kb.passage(passage_id)
    return [
        PersonalItem(
            text=item.text,
            refs=tuple(
                Ref(kind="source", source_id=key, passage_id=passage.id) for key in item.citations
            ),
            clinical=not passage.practical,
        )
        for item in passage.items
    ]


def source_ref(kb: KnowledgeBase, article_id: str, source_id: str) -> Ref:
    """A reference to ``source_id`` through a passage of ``article_id`` that cites it."""
    passage = passage_citing(kb, article_id, source_id)
    return Ref(kind="source", source_id=source_id, passage_id=passage.id)


def passage_citing(kb: KnowledgeBase, article_id: str, source_id: str) -> Passage:
    for passage in kb.article(article_id).passages:
        if source_id in passage.source_ids:
            return passage
    raise KeyError(f"no passage of {article_id} cites {source_id}")
