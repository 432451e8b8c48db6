"""Every kind of value read from records has a name a person reads after a count."""

from __future__ import annotations

from onconav.records.model import FactKind
from onconav.report.fact_kinds import KIND_LABELS, kind_label


def test_every_kind_of_fact_has_a_label() -> None:
    assert set(KIND_LABELS) == {kind.value for kind in FactKind}


def test_labels_are_plain_words() -> None:
    assert kind_label("lab") == "blood test values"
    assert kind_label("gene_status") == "genes tested"
    # A kind added later without a label still reads as words, not as an identifier.
    assert kind_label("new_kind") == "new kind"
