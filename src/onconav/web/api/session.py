"""The visitor's session: the CSRF token every change must carry, the mode and the user."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from onconav.store.model import User
from onconav.web.deps import CurrentSession, State, optional_user
from onconav.web.sessions import CSRF_HEADER, Session

router = APIRouter(tags=["session"])


class AccountInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    email: str | None = Field(description="None for the local single-user account")

    @classmethod
    def of(cls, user: User) -> AccountInfo:
        return cls(id=user.id, email=user.email)


class SessionInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    csrf_token: str = Field(
        description=f"Send it in the {CSRF_HEADER} header with every request that changes data"
    )
    mode: Literal["local", "multi"] = Field(
        description="local: one person on this computer, no sign-in; multi: accounts"
    )
    user: AccountInfo | None = Field(description="The signed-in account, or None")


def session_info(
    mode: Literal["local", "multi"], session: Session, user: User | None
) -> SessionInfo:
    return SessionInfo(
        csrf_token=session.csrf, mode=mode, user=None if user is None else AccountInfo.of(user)
    )


@router.get("/session", response_model=SessionInfo, summary="The session and its CSRF token")
def get_session_info(
    state: State,
    session: CurrentSession,
    user: Annotated[User | None, Depends(optional_user)],
) -> SessionInfo:
    return session_info(state.settings.web_mode, session, user)
