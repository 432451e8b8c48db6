"""Request dependencies: the acting user, CSRF checks, and patient access.

Isolation is enforced by the store: every call passes the acting user's id, and the
store refuses anything that user neither owns nor has been shared. The web layer adds
nothing that could bypass it, and turns a refusal into "not found" so that the
existence of another person's data is never revealed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from onconav.store import NotFoundError, PermissionDenied
from onconav.store.model import Patient, User
from onconav.web.sessions import CSRF_FIELD, CSRF_HEADER, Session, csrf_matches
from onconav.web.state import WebState


def get_state(request: Request) -> WebState:
    state: WebState = request.app.state.onconav
    return state


def get_session(request: Request) -> Session:
    session: Session = request.state.session
    return session


State = Annotated[WebState, Depends(get_state)]
CurrentSession = Annotated[Session, Depends(get_session)]


class SignInRequiredError(Exception):
    """Raised for pages (redirected to sign-in) and API calls (401) without a user."""


def optional_user(state: State, session: CurrentSession) -> User | None:
    if state.local:
        return state.store.local_user()
    if session.user_id is None:
        return None
    try:
        return state.store.get_user(session.user_id)
    except NotFoundError:
        return None


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise SignInRequiredError
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def csrf_protect(request: Request, session: CurrentSession) -> None:
    """State-changing requests must carry the session's CSRF token (header or form field)."""
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not csrf_matches(session, token):
        raise HTTPException(status_code=403, detail="The form has expired. Please reload the page.")


CsrfChecked = Depends(csrf_protect)


def client_address(request: Request) -> str:
    """The address that rate limits count by ("unknown" when the server is not told it)."""
    return request.client.host if request.client is not None else "unknown"


def patient_for(state: WebState, user: User, patient_id: str) -> Patient:
    try:
        return state.store.get_patient(user.id, patient_id)
    except (NotFoundError, PermissionDenied):
        raise HTTPException(status_code=404, detail="No such person.") from None
