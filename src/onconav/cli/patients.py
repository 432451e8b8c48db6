"""Opening the store and finding the patient a command is about (local single-user mode)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from onconav.cli.output import EXIT_FAILED, EXIT_USAGE, fail
from onconav.settings import Settings, load_settings
from onconav.store import Store, StoreError
from onconav.store.errors import SecretKeyError
from onconav.store.model import Patient


@dataclass(frozen=True)
class PatientContext:
    settings: Settings
    store: Store
    actor_id: str
    patient: Patient


@contextmanager
def open_store(settings: Settings | None = None) -> Iterator[tuple[Settings, Store, str]]:
    settings = settings or load_settings()
    try:
        store = Store.open(settings)
    except SecretKeyError as error:
        fail(f"{error}", EXIT_USAGE)
    except StoreError as error:
        fail(f"The records database could not be opened: {error}", EXIT_FAILED)
    try:
        yield settings, store, store.local_user().id
    finally:
        store.close()


@contextmanager
def patient_context(label: str, *, create: bool = False) -> Iterator[PatientContext]:
    with open_store() as (settings, store, actor):
        patient = (
            store.get_or_create_patient(actor, label)
            if create
            else store.find_patient(actor, label)
        )
        if patient is None:
            known = [p.label for p in store.list_patients(actor)]
            hint = (
                f" Known: {', '.join(known)}."
                if known
                else f" Add records first with `onconav records add --patient {label} FILE`."
            )
            fail(f"No records for patient {label!r}.{hint}", EXIT_USAGE)
        yield PatientContext(settings, store, actor, patient)
