"""Choosing whose records the pages show (the switcher in the header)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import RedirectResponse, Response

from onconav.web.deps import CsrfChecked
from onconav.web.pages.errors import PageRoute
from onconav.web.pages.rendering import safe_next
from onconav.web.pages.visitor import CHOSEN_PERSON, SignedInVisitor

router = APIRouter(route_class=PageRoute)


@router.post("/people/choose", include_in_schema=False, dependencies=[CsrfChecked])
def choose_person(
    visitor: SignedInVisitor,
    person: Annotated[str, Form()] = "",
    next_page: Annotated[str, Form(alias="next")] = "/ask",
) -> Response:
    # Only a person this account may see can be chosen; anything else means "no one".
    known = {p.id for p in visitor.people}
    visitor.session.data[CHOSEN_PERSON] = person if person in known else ""
    return RedirectResponse(_after_switch(safe_next(next_page)), status_code=303)


def _after_switch(target: str) -> str:
    # A document or upload belongs to one person; after switching, show the records list.
    if target.startswith("/records/"):
        return "/records"
    return target
