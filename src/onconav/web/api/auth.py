"""Sign-up, sign-in (rate limited) and sign-out, for multi-user mode only."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from onconav.service.accounts import AccountError, sign_in, sign_up
from onconav.store.model import User
from onconav.web.api.errors import error_responses
from onconav.web.api.session import SessionInfo, session_info
from onconav.web.deps import CsrfChecked, CurrentSession, State, client_address
from onconav.web.sessions import SIGN_UP_KEY, Session
from onconav.web.state import WebState

router = APIRouter(prefix="/auth", tags=["accounts"], dependencies=[CsrfChecked])

LOCAL_MODE = (
    "This onconav runs in local mode, for one person on this computer, so there are no "
    "accounts: everything is already yours without signing in."
)
TOO_MANY_ATTEMPTS = "Too many sign-in attempts. Please wait a minute and try again."
WRONG_CREDENTIALS = "The email or password is not right. Please try again."
_ERRORS = error_responses(400, 401, 403, 429)


class Credentials(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str = Field(max_length=320)
    # Bounded so that hashing cannot be used to exhaust the server.
    password: str = Field(max_length=1024, json_schema_extra={"format": "password"})


def _multi_only(state: WebState) -> None:
    if state.local:
        raise HTTPException(status_code=400, detail=LOCAL_MODE)


def _start_session(state: WebState, session: Session, request: Request, user: User) -> SessionInfo:
    """A fresh session for the signed-in user (the old id and CSRF token stop working)."""
    fresh = state.sessions.sign_in(session, user.id)
    request.state.session = fresh
    return session_info(state.settings.web_mode, fresh, user)


@router.post(
    "/sign-up",
    response_model=SessionInfo,
    status_code=201,
    responses=_ERRORS,
    summary="Create an account and sign in",
)
def post_sign_up(
    body: Credentials, state: State, session: CurrentSession, request: Request
) -> SessionInfo:
    _multi_only(state)
    if not state.limiter.allow(client_address(request), SIGN_UP_KEY):
        raise HTTPException(status_code=429, detail=TOO_MANY_ATTEMPTS)
    try:
        user = sign_up(state.store, body.email, body.password)
    except AccountError as error:
        raise HTTPException(status_code=400, detail=str(error)) from None
    return _start_session(state, session, request, user)


@router.post(
    "/sign-in",
    response_model=SessionInfo,
    responses=_ERRORS,
    summary="Sign in (a few attempts per minute)",
)
def post_sign_in(
    body: Credentials, state: State, session: CurrentSession, request: Request
) -> SessionInfo:
    _multi_only(state)
    if not state.limiter.allow(client_address(request), body.email):
        raise HTTPException(status_code=429, detail=TOO_MANY_ATTEMPTS)
    user = sign_in(state.store, body.email, body.password)
    if user is None:
        raise HTTPException(status_code=401, detail=WRONG_CREDENTIALS)
    return _start_session(state, session, request, user)


@router.post("/sign-out", response_model=SessionInfo, responses=_ERRORS, summary="Sign out")
def post_sign_out(state: State, session: CurrentSession, request: Request) -> SessionInfo:
    _multi_only(state)
    state.sessions.end(session)
    fresh = state.sessions.new()
    request.state.session = fresh
    return session_info(state.settings.web_mode, fresh, None)
