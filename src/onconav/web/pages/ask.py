"""Ask: a question box and a cited answer laid out like a patient-education page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from onconav.answer.engine import QuestionError
from onconav.service.answers import answer_question
from onconav.web.deps import CsrfChecked, client_address
from onconav.web.pages.errors import PageRoute
from onconav.web.pages.rendering import is_htmx, render
from onconav.web.pages.visitor import AnyVisitor, Visitor

router = APIRouter(route_class=PageRoute)
EXAMPLES = (
    "What is MDS?",
    "How do I get a second opinion for MDS without offending my oncologist?",
    "What do my IPSS-R and IPSS-M scores mean?",
    "What should I do if I get a fever?",
)


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/ask", status_code=303)


@router.get("/ask", include_in_schema=False)
def ask_page(request: Request, visitor: AnyVisitor, q: str | None = None) -> Response:
    return _answer(request, visitor, q)


@router.post("/ask", include_in_schema=False, dependencies=[CsrfChecked])
def ask_submit(
    request: Request, visitor: AnyVisitor, question: Annotated[str, Form()] = ""
) -> Response:
    return _answer(request, visitor, question)


ANONYMOUS_LIMIT = "Too many questions in a minute. Please wait a moment, then ask again."


def _answer(request: Request, visitor: Visitor, question: str | None) -> Response:
    answered = None
    error = None
    status = 200
    if question is not None:
        if not _within_anonymous_limit(request, visitor):
            error, status = ANONYMOUS_LIMIT, 429
        else:
            try:
                answered = answer_question(
                    visitor.state.engine,
                    visitor.state.store,
                    visitor.user.id if visitor.user is not None else None,
                    visitor.person,
                    question,
                )
            except QuestionError as problem:
                error, status = str(problem), 422
    context = {
        "question": question or "",
        "answered": answered,
        "error": error,
        "examples": EXAMPLES,
    }
    template = "_answer.html" if is_htmx(request) else "ask.html"
    return render(request, visitor, template, context, status_code=status, active="ask")


def _within_anonymous_limit(request: Request, visitor: Visitor) -> bool:
    """Visitors without an account (multi-user mode) share the API's per-address budget."""
    if visitor.local or visitor.user is not None:
        return True
    return visitor.state.ask_limiter.allow(client_address(request), "")
