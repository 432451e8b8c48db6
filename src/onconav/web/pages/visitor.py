"""Who is looking at a page: the session, the account (if any) and the person chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from onconav.service.people import chosen_person, list_people
from onconav.store.model import Patient, User
from onconav.web.deps import SignInRequiredError, get_session, get_state, optional_user
from onconav.web.sessions import Session
from onconav.web.state import WebState

# Session key of the person chosen in the header's switcher ("" means no one).
CHOSEN_PERSON = "person"


@dataclass(frozen=True)
class Visitor:
    state: WebState
    session: Session
    user: User | None
    people: tuple[Patient, ...]
    person: Patient | None

    @property
    def local(self) -> bool:
        return self.state.local

    @property
    def can_change(self) -> bool:
        """Whether the chosen person's records may be changed (not a read-only share)."""
        return self.person is not None and self.person.access == "owner"


def visitor_for(request: Request) -> Visitor:
    state = get_state(request)
    session = get_session(request)
    user = optional_user(state, session)
    if user is None:
        return Visitor(state, session, None, (), None)
    people = tuple(list_people(state.store, user.id))
    person = chosen_person(people, session.data.get(CHOSEN_PERSON))
    return Visitor(state, session, user, people, person)


def any_visitor(request: Request) -> Visitor:
    return visitor_for(request)


def signed_in_visitor(request: Request) -> Visitor:
    visitor = visitor_for(request)
    if visitor.user is None:
        raise SignInRequiredError
    return visitor


AnyVisitor = Annotated[Visitor, Depends(any_visitor)]
SignedInVisitor = Annotated[Visitor, Depends(signed_in_visitor)]


def visible_person(visitor: Visitor, person_id: str) -> Patient:
    """One of the people this visitor may see; anyone else is "not found" (404)."""
    person = next((p for p in visitor.people if p.id == person_id), None)
    if person is None:
        raise HTTPException(404, "No such person among the records you can see.")
    return person


def signed_in_user(visitor: Visitor) -> User:
    """The visitor's account; only called where ``SignedInVisitor`` already ensured one."""
    if visitor.user is None:  # pragma: no cover - guarded by the dependency
        raise SignInRequiredError
    return visitor.user
