"""Problems on pages are shown as pages, in words (the API answers JSON instead)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response

from onconav.web.pages.rendering import is_htmx, render
from onconav.web.pages.visitor import visitor_for

_TITLES = {
    400: "Something in the request was not right",
    403: "This could not be done",
    404: "Not found",
    413: "The upload is too large",
    422: "Some of the form is missing",
    429: "Too many attempts",
}


def error_page(request: Request, status_code: int, message: str) -> Response:
    visitor = visitor_for(request)
    fragment = is_htmx(request)
    return render(
        request,
        visitor,
        "_error.html" if fragment else "error.html",
        {
            "title": _TITLES.get(status_code, "Something went wrong"),
            "message": message,
            # A fragment lands inside a page that already has its h1.
            "heading_level": 2 if fragment else 1,
        },
        status_code=status_code,
    )


class PageRoute(APIRoute):
    """A route whose HTTP errors (a stale form, another person's record) render as a page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except HTTPException as error:
                return error_page(request, error.status_code, str(error.detail))
            except RequestValidationError:
                return error_page(
                    request,
                    422,
                    "Some of the form did not arrive. Please go back, fill it in again, and "
                    "send it.",
                )

        return page_handler
