"""The people an account keeps records for, choosing one, and who they are shared with.

Sharing itself is ``onconav.service.sharing``.
"""

from __future__ import annotations

from collections.abc import Sequence

from onconav.store import ConflictError, NotFoundError, PermissionDenied, Store
from onconav.store.model import Patient, User


class PersonError(ValueError):
    """A request about a person that cannot be done; the message is safe to show."""


def list_people(store: Store, actor_id: str) -> list[Patient]:
    """The account's own people first, then those shared with it (read-only)."""
    return store.list_patients(actor_id)


def get_person(store: Store, actor_id: str, patient_id: str) -> Patient | None:
    """The person if this account may see them, else None (never says whether they exist)."""
    try:
        return store.get_patient(actor_id, patient_id)
    except (NotFoundError, PermissionDenied):
        return None


def chosen_person(people: Sequence[Patient], chosen_id: str | None) -> Patient | None:
    """The person chosen in the switcher; with no choice made yet, the first one listed.

    An empty ``chosen_id`` means "no one": answers stay general. A choice that is no
    longer among ``people`` (deleted, or no longer shared) falls back like no choice.
    """
    if chosen_id == "":
        return None
    for person in people:
        if person.id == chosen_id:
            return person
    return people[0] if people else None


def add_person(store: Store, actor_id: str, label: str) -> Patient:
    try:
        return store.create_patient(actor_id, label)
    except ConflictError as error:
        raise PersonError(str(error)) from None
    except ValueError as error:
        raise PersonError(str(error)) from None


def delete_person(store: Store, actor_id: str, patient_id: str) -> None:
    """Delete a person and all their records (owner only)."""
    try:
        store.delete_patient(actor_id, patient_id)
    except (NotFoundError, PermissionDenied):
        raise PersonError(
            "This person's records can only be deleted by the account that added them."
        ) from None


def stop_sharing(store: Store, actor_id: str, patient_id: str, reader_id: str) -> None:
    try:
        store.unshare_patient(actor_id, patient_id, reader_id)
    except (NotFoundError, PermissionDenied):
        raise PersonError("Only the account that added this person can change sharing.") from None


def readers(store: Store, actor_id: str, patient: Patient) -> list[User]:
    """Who this person is shared with (only the owner sees this)."""
    if patient.access != "owner":
        return []
    return store.patient_readers(actor_id, patient.id)
