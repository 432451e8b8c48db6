"""Typical patients (from the guidance tests) built into packets, for the packet tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

# The typical patients live beside the guidance tests; the packet tests share them.
from guidance import cases
from onconav.guidance.centers import CentersResult
from onconav.guidance.packet import DocumentSummary, Packet, PacketItem, build_packet
from onconav.guidance.situation import Situation, assess
from onconav.kb.loader import load_bundled
from onconav.kb.model import KnowledgeBase
from onconav.records.model import Fact
from onconav.records.profile import build_profile

TODAY = dt.date(2025, 1, 15)
ADDED = dt.date(2024, 12, 1)

CASES = {
    "lower_risk_del5q": cases.lower_risk_del5q,
    "sf3b1_ring_sideroblasts": cases.sf3b1_ring_sideroblasts,
    "higher_risk_tp53_multihit": cases.higher_risk_tp53_multihit,
    "no_ngs": cases.no_ngs,
    "younger_transplant": cases.younger_transplant,
    "conflicting_records": cases.conflicting_records,
}


@cache
def kb() -> KnowledgeBase:
    return load_bundled()


def uploaded(facts: Sequence[Fact], *, leave_out: Sequence[str] = ()) -> list[DocumentSummary]:
    """One summary per document the facts came from, named as the facts name it."""
    names = {
        f.provenance.document_id: f.provenance.document_name
        for f in facts
        if f.provenance.method != "user"
    }
    return [
        DocumentSummary.from_facts(doc, name, ADDED, facts)
        for doc, name in names.items()
        if doc not in leave_out
    ]


def packet_for(
    facts: Sequence[Fact],
    *,
    documents: Sequence[DocumentSummary] | None = None,
    centers: CentersResult | None = None,
) -> tuple[Packet, Situation]:
    situation = assess(build_profile("P", facts))
    docs = uploaded(facts) if documents is None else documents
    return build_packet(situation, docs, kb(), centers=centers, today=TODAY), situation


def all_items(packet: Packet) -> list[PacketItem]:
    """Every cited line of the packet, in printed order."""
    found: list[PacketItem] = []
    for block in packet.summary.blocks:
        found.extend((*block.paragraphs, *block.bullets))
    found.extend(packet.questions.general)
    found.extend((*packet.talking.how_to_ask, *packet.talking.script))
    letter = packet.letter
    found.extend((*letter.opening, *letter.closing, *letter.rights, *letter.tips, *letter.slides))
    found.extend(packet.centres.where)
    found.extend(packet.trials.how_to_search)
    return found


def summary_text(packet: Packet) -> str:
    return "\n".join(
        [b.heading for b in packet.summary.blocks]
        + [i.plain for b in packet.summary.blocks for i in (*b.paragraphs, *b.bullets)]
    )


def citation_sequence(packet: Packet) -> list[int]:
    """Citation numbers in the order the packet prints them (checklist after the summary)."""
    summary = [i for b in packet.summary.blocks for i in (*b.paragraphs, *b.bullets)]
    checklist = [n for entry in packet.checklist for n in entry.citations]
    rest = all_items(packet)[len(summary) :]
    return [
        *(n for i in summary for n in i.citations),
        *checklist,
        *(n for i in rest for n in i.citations),
    ]
