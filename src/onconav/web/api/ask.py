"""Ask a question; with a person's id, the answer adds a section for their situation."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from onconav.answer.engine import QuestionError
from onconav.answer.model import Answer
from onconav.service.audited_reads import view_for_answer
from onconav.web.api.access import readable_patient
from onconav.web.api.errors import error_responses
from onconav.web.deps import (
    CsrfChecked,
    SignInRequiredError,
    client_address,
    get_session,
    get_state,
    optional_user,
)
from onconav.web.sessions import Session
from onconav.web.state import WebState

router = APIRouter(tags=["ask"])

# Well above the question limit in the settings, which gives the friendlier message.
MAX_BODY_QUESTION_CHARS = 100_000


class Question(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str = Field(
        max_length=MAX_BODY_QUESTION_CHARS,
        examples=["How do I get a second opinion for MDS without offending my oncologist?"],
    )
    patient_id: str | None = Field(
        default=None,
        description="Add a section about this person's situation from their records",
    )


@router.post(
    "/ask",
    response_model=Answer,
    dependencies=[CsrfChecked],
    responses=error_responses(401, 404, 422),
    summary="A cited, plain-language answer",
)
async def post_ask(body: Question, request: Request) -> Response:
    """General answers need no account; an answer about a person's records does."""
    # The busiest endpoint: one trip to the worker threads in all (a general answer needs
    # no account lookup), and the answer written out once rather than validated again.
    state, session = get_state(request), get_session(request)
    # Visitors without an account may ask general questions, within a limit per address.
    anonymous = not state.local and session.user_id is None
    if anonymous and not state.ask_limiter.allow(client_address(request), ""):
        raise HTTPException(
            status_code=429, detail="Too many questions in a minute. Please wait a moment."
        )
    answer = await run_in_threadpool(_answer, state, session, body)
    return Response(answer.model_dump_json(), media_type="application/json")


def _answer(state: WebState, session: Session, body: Question) -> Answer:
    personal = None
    if body.patient_id is not None:
        user = optional_user(state, session)
        if user is None:
            raise SignInRequiredError
        patient = readable_patient(state, user, body.patient_id)
        personal = view_for_answer(state.store, user.id, patient, state.engine.kb)
    try:
        return state.engine.ask(body.question, personal=personal)
    except QuestionError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
