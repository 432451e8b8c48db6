"""Errors as JSON with a ``detail`` a person can act on: never a traceback, never content.

Validation errors name the field and the problem but do not echo what was sent (it may
be a question or a record value). Unexpected errors answer 500 from inside the security
layer, so they carry its headers, and are logged by type and place only.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onconav.store import ConflictError, NotFoundError, PermissionDenied, StoreError
from onconav.web.security import BodyTooLargeError

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
SOMETHING_WENT_WRONG = (
    "Something went wrong on our side and nothing was changed. Please try again; if it keeps "
    "happening, restart onconav."
)


STORE_UNAVAILABLE = (
    "Your records could not be reached just now. Please try again in a moment; nothing was changed."
)


class ErrorDetail(BaseModel):
    detail: str


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """A route's ``responses`` for the errors it may answer, each documented as ErrorDetail."""
    return {code: {"model": ErrorDetail} for code in status_codes}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _field(location: tuple[object, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "form")]
    return ".".join(parts) or "the request"


async def _validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if not _is_api(request):
        return await request_validation_exception_handler(request, error)
    problems = "; ".join(
        f"{_field(tuple(item.get('loc', ())))}: {item.get('msg', 'not valid')}"
        for item in error.errors()
    )
    return JSONResponse({"detail": f"Please check what was sent — {problems}."}, status_code=422)


async def _store_refusal(request: Request, _: Exception) -> Response:
    # A refusal that a route did not turn into 404 itself must still not reveal anything.
    return _respond(request, "Not found.", 404)


async def _conflict(request: Request, error: Exception) -> Response:
    # The store writes these messages for the person ("You already have a patient called ...").
    return _respond(request, str(error), 409)


async def _store_unavailable(request: Request, error: Exception) -> Response:
    log.error("store error %s on %s %s", type(error).__name__, request.method, request.url.path)
    return _respond(request, STORE_UNAVAILABLE, 503)


class ContainUnexpectedErrors:
    """Answers an unexpected error with a 500 and logs where it happened, never its message.

    Without it the server-error layer would send its answer past the security headers and
    hand the exception to the server's log, message and all; a message can quote what was
    being processed (a validation error quotes its input).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            if isinstance(error, BodyTooLargeError):
                raise  # the security layer answers 413
            request = Request(scope)
            log.error(
                "unexpected %s on %s %s; where (code only):\n%s",
                type(error).__name__,
                request.method,
                request.url.path,
                "".join(traceback.format_tb(error.__traceback__)),
            )
            if not started:
                await _respond(request, SOMETHING_WENT_WRONG, 500)(scope, receive, send)


def _respond(request: Request, detail: str, status_code: int) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=status_code)
    return PlainTextResponse(detail, status_code=status_code)


def add_api_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(NotFoundError, _store_refusal)
    app.add_exception_handler(PermissionDenied, _store_refusal)
    app.add_exception_handler(ConflictError, _conflict)
    app.add_exception_handler(StoreError, _store_unavailable)
    app.add_middleware(ContainUnexpectedErrors)
