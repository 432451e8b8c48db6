"""Correcting one value read from a document, as typed into a form."""

from __future__ import annotations

import datetime as dt

from onconav.records.model import FactValue
from onconav.store import NotFoundError, Store
from onconav.store.model import Correction

_TRUE_WORDS = frozenset({"true", "yes", "present", "detected", "positive"})
_FALSE_WORDS = frozenset({"false", "no", "absent", "not detected", "negative"})
MAX_NOTE_CHARS = 500


class CorrectionInputError(ValueError):
    """The correction as typed cannot be used; the message says what to change."""


def parse_value(text: str) -> FactValue:
    """A number when it reads as one, yes/no words as true/false, otherwise the text itself."""
    cleaned = text.strip()
    if not cleaned:
        raise CorrectionInputError("Please type the right value, for example 9.6.")
    if _looks_numeric(cleaned):
        try:
            return float(cleaned.replace(",", ""))
        except ValueError:
            return cleaned
    return _words(cleaned)


def _looks_numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch.isdigit() or ch in ".,-+" for ch in text)


def _words(text: str) -> FactValue:
    lowered = text.lower()
    if lowered in _TRUE_WORDS:
        return True
    if lowered in _FALSE_WORDS:
        return False
    return text


def parse_date(text: str | None) -> dt.date | None:
    if text is None or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CorrectionInputError(
            f"The date must be written YYYY-MM-DD, for example 2024-03-04 (not {text.strip()!r})."
        ) from None


def correct_document_value(
    store: Store,
    actor_id: str,
    document_id: str,
    fact_id: str,
    value_text: str,
    *,
    unit: str | None = None,
    date_text: str | None = None,
    note: str | None = None,
) -> Correction:
    """Record the owner's correction of one value of this document; the original is kept.

    Raises ``CorrectionInputError`` for unusable input, and the store's ``NotFoundError``
    or ``PermissionDenied`` when the value is not this user's to correct.
    """
    value = parse_value(value_text)
    date = parse_date(date_text)
    cleaned_note = (note or "").strip() or None
    if cleaned_note is not None and len(cleaned_note) > MAX_NOTE_CHARS:
        raise CorrectionInputError(f"Please keep the note under {MAX_NOTE_CHARS} characters.")
    document = store.get_document(actor_id, document_id)
    facts = store.facts(actor_id, document.patient_id, document_id=document_id)
    if not any(stored.id == fact_id for stored in facts):
        raise NotFoundError("No such value in this document.")
    return store.correct_fact(
        actor_id,
        fact_id,
        value=value,
        unit=(unit or "").strip() or None,
        date=date,
        note=cleaned_note,
    )
