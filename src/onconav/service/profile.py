"""A patient's profile from what is stored, and the person's corrections to it."""

from __future__ import annotations

import datetime as dt

from onconav.records.model import FactValue
from onconav.records.profile import Correction, PatientProfile, build_profile
from onconav.store import Store
from onconav.store.model import Patient, StoredFact


class CorrectionError(ValueError):
    """The correction names something the records do not contain."""


def load_profile(store: Store, actor_id: str, patient: Patient) -> PatientProfile:
    stored = store.facts(actor_id, patient.id)
    corrections = [
        Correction(
            name=correction.name,
            kind=item.fact.kind,
            value=correction.value,
            unit=correction.unit,
            date=correction.date or item.fact.date,
            note=correction.note,
            created_at=correction.created_at,
        )
        for item in stored
        for correction in item.corrections[-1:]
    ]
    return build_profile(patient.label, [s.fact for s in stored], corrections)


def correct_value(
    store: Store,
    actor_id: str,
    patient: Patient,
    name: str,
    value: FactValue,
    *,
    unit: str | None = None,
    date: dt.date | None = None,
    note: str | None = None,
) -> StoredFact:
    """Correct (or confirm) the value of ``name`` that the profile uses.

    With a date, the value of that date; without, the one the risk scores use or else
    the latest. The original stays in the records, marked as corrected.
    """
    stored = [s for s in store.facts(actor_id, patient.id) if s.fact.name == name]
    if not stored:
        known = sorted({s.fact.name for s in store.facts(actor_id, patient.id)})
        raise CorrectionError(
            f"No value named {name!r} was found in this person's records. Names found: "
            + (", ".join(known) if known else "none yet (add records first)")
        )
    if date is not None:
        candidates = [s for s in stored if s.fact.date == date]
        if not candidates:
            raise CorrectionError(f"No {name} value dated {date:%d %b %Y} was found.")
    else:
        profile = load_profile(store, actor_id, patient)
        used = profile.risk.inputs.get(name)
        chosen_provenance = used.provenance[0] if used and used.provenance else None
        in_use = [
            s
            for s in stored
            if chosen_provenance is not None and s.fact.provenance == chosen_provenance
        ]
        latest = sorted(stored, key=lambda s: (s.fact.date is not None, s.fact.date or dt.date.min))
        candidates = in_use or latest[-1:]
    target = candidates[-1]
    correction = store.correct_fact(
        actor_id, target.id, value=value, unit=unit, date=date, note=note
    )
    return target.model_copy(update={"corrections": (*target.corrections, correction)})
