"""Account: sign up, sign in and out, people and sharing, export and delete everything."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onconav.service.accounts import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    delete_everything,
    export_all,
    sign_in,
    sign_up,
)
from onconav.service.audit_trail import audit_trail
from onconav.service.people import (
    PersonError,
    add_person,
    delete_person,
    readers,
    stop_sharing,
)
from onconav.service.sharing import ShareError, share_with_email
from onconav.store import ConflictError, NotFoundError, PermissionDenied
from onconav.store.model import Patient
from onconav.web.deps import CsrfChecked, client_address
from onconav.web.pages.errors import PageRoute
from onconav.web.pages.rendering import leave_notice, render, safe_next
from onconav.web.pages.visitor import (
    CHOSEN_PERSON,
    AnyVisitor,
    SignedInVisitor,
    Visitor,
    signed_in_user,
    visible_person,
)
from onconav.web.sessions import SIGN_UP_KEY, Session

router = APIRouter(route_class=PageRoute)
_TOO_MANY = "Too many attempts. Please wait a minute, then try again."
_WRONG = "The email address or the password is not right. Please try again."


def _account_page(
    request: Request,
    visitor: Visitor,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    user = visitor.user
    people: list[dict[str, Any]] = []
    if user is not None:
        for person in visitor.people:
            people.append(
                {"person": person, "readers": readers(visitor.state.store, user.id, person)}
            )
    errors = errors or {}
    context = {
        "people": people,
        "errors": errors,
        "typed": typed or {},
        "person_error": errors.get("label"),
        "person_label": (typed or {}).get("label", ""),
    }
    return render(
        request, visitor, "account.html", context, status_code=status_code, active="account"
    )


@router.get("/account", include_in_schema=False)
def account_page(request: Request, visitor: AnyVisitor) -> Response:
    return _account_page(request, visitor)


# Signing up, in and out (multi-user mode) ---------------------------------------------------


def _start_session(request: Request, visitor: Visitor, user_id: str) -> None:
    """A fresh session for the signed-in user (the old id and CSRF token stop working)."""
    request.state.session = visitor.state.sessions.sign_in(visitor.session, user_id)


@router.get("/account/sign-in", include_in_schema=False)
def sign_in_page(request: Request, visitor: AnyVisitor, next: str | None = None) -> Response:
    if visitor.local or visitor.user is not None:
        return RedirectResponse("/account", status_code=303)
    return render(
        request, visitor, "sign_in.html", {"next": safe_next(next), "email": ""}, active="account"
    )


@router.post("/account/sign-in", include_in_schema=False, dependencies=[CsrfChecked])
def sign_in_submit(
    request: Request,
    visitor: AnyVisitor,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next_page: Annotated[str, Form(alias="next")] = "/ask",
) -> Response:
    if visitor.local:
        return RedirectResponse("/account", status_code=303)
    context = {"next": safe_next(next_page), "email": email}
    if not visitor.state.limiter.allow(client_address(request), email):
        return render(
            request,
            visitor,
            "sign_in.html",
            {**context, "error": _TOO_MANY},
            status_code=429,
            active="account",
        )
    user = sign_in(visitor.state.store, email, password)
    if user is None:
        return render(
            request,
            visitor,
            "sign_in.html",
            {**context, "error": _WRONG},
            status_code=400,
            active="account",
        )
    _start_session(request, visitor, user.id)
    return RedirectResponse(safe_next(next_page), status_code=303)


@router.get("/account/sign-up", include_in_schema=False)
def sign_up_page(request: Request, visitor: AnyVisitor) -> Response:
    if visitor.local or visitor.user is not None:
        return RedirectResponse("/account", status_code=303)
    return render(
        request,
        visitor,
        "sign_up.html",
        {"email": "", "errors": {}, "min_length": MIN_PASSWORD_LENGTH},
        active="account",
    )


@router.post("/account/sign-up", include_in_schema=False, dependencies=[CsrfChecked])
def sign_up_submit(
    request: Request,
    visitor: AnyVisitor,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    password_again: Annotated[str, Form()] = "",
) -> Response:
    if visitor.local:
        return RedirectResponse("/account", status_code=303)

    def again(errors: dict[str, str], status_code: int) -> Response:
        context = {"email": email, "errors": errors, "min_length": MIN_PASSWORD_LENGTH}
        return render(
            request, visitor, "sign_up.html", context, status_code=status_code, active="account"
        )

    # Limited like sign-in (it tells whether an email has an account), counted apart.
    if not visitor.state.limiter.allow(client_address(request), SIGN_UP_KEY):
        return again({"form": _TOO_MANY}, 429)
    if password != password_again:
        return again({"password_again": "The two passwords are not the same."}, 422)
    try:
        user = sign_up(visitor.state.store, email, password)
    except AccountError as problem:
        field = "email" if "email" in str(problem).lower() else "password"
        return again({field: str(problem)}, 422)
    except ConflictError:
        return again({"email": "An account with this email already exists. Please sign in."}, 422)
    _start_session(request, visitor, user.id)
    leave_notice_on(request, "Your account is ready. Add a person to keep their records.")
    return RedirectResponse("/account#people", status_code=303)


def leave_notice_on(request: Request, message: str) -> None:
    """A notice for the session this response will set (after sign-in or sign-out)."""
    session: Session = request.state.session
    session.data["notice"] = message


@router.post("/account/sign-out", include_in_schema=False, dependencies=[CsrfChecked])
def sign_out(request: Request, visitor: AnyVisitor) -> Response:
    if visitor.local:
        return RedirectResponse("/account", status_code=303)
    visitor.state.sessions.end(visitor.session)
    request.state.session = visitor.state.sessions.new()
    leave_notice_on(request, "You are signed out.")
    return RedirectResponse("/account/sign-in", status_code=303)


# People ---------------------------------------------------------------------------------------


@router.post("/account/people", include_in_schema=False, dependencies=[CsrfChecked])
def add_person_submit(
    request: Request,
    visitor: SignedInVisitor,
    label: Annotated[str, Form()] = "",
    next_page: Annotated[str, Form(alias="next")] = "/account",
) -> Response:
    try:
        person = add_person(visitor.state.store, signed_in_user(visitor).id, label)
    except PersonError as problem:
        return _account_page(
            request,
            visitor,
            errors={"label": str(problem)},
            typed={"label": label},
            status_code=422,
        )
    visitor.session.data[CHOSEN_PERSON] = person.id
    leave_notice(visitor, f"Added {person.label}. Their records are shown now.")
    target = safe_next(next_page, "/account")
    return RedirectResponse("/records" if target == "/account" else target, status_code=303)


def _own_person(visitor: Visitor, person_id: str) -> Patient:
    person = visible_person(visitor, person_id)
    if person.access != "owner":
        raise HTTPException(403, "Only the account that added this person can do this.")
    return person


@router.get("/account/people/{person_id}/delete", include_in_schema=False)
def confirm_delete_person(request: Request, visitor: SignedInVisitor, person_id: str) -> Response:
    person = _own_person(visitor, person_id)
    return render(request, visitor, "person_delete.html", {"person": person}, active="account")


@router.post(
    "/account/people/{person_id}/delete", include_in_schema=False, dependencies=[CsrfChecked]
)
def delete_person_submit(visitor: SignedInVisitor, person_id: str) -> Response:
    person = _own_person(visitor, person_id)
    try:
        delete_person(visitor.state.store, signed_in_user(visitor).id, person.id)
    except PersonError as problem:
        raise HTTPException(403, str(problem)) from None
    if visitor.session.data.get(CHOSEN_PERSON) == person.id:
        visitor.session.data.pop(CHOSEN_PERSON, None)
    leave_notice(visitor, f"Deleted {person.label} and all of their records.")
    return RedirectResponse("/account#people", status_code=303)


@router.get("/account/people/{person_id}/activity", include_in_schema=False)
def person_activity(request: Request, visitor: SignedInVisitor, person_id: str) -> Response:
    """Who read or changed this person's records, and when (the owner sees it)."""
    person = _own_person(visitor, person_id)
    lines = audit_trail(visitor.state.store, signed_in_user(visitor).id, person)
    context = {"person": person, "lines": list(reversed(lines))}
    return render(request, visitor, "person_activity.html", context, active="account")


@router.post(
    "/account/people/{person_id}/share", include_in_schema=False, dependencies=[CsrfChecked]
)
def share_submit(
    request: Request,
    visitor: SignedInVisitor,
    person_id: str,
    email: Annotated[str, Form()] = "",
) -> Response:
    person = _own_person(visitor, person_id)
    if visitor.local:
        raise HTTPException(400, "Sharing needs accounts; it is not available in local mode.")
    try:
        reader = share_with_email(visitor.state.store, signed_in_user(visitor).id, person, email)
    except (NotFoundError, PermissionDenied):
        raise HTTPException(
            403, "Only the account that added this person can share them."
        ) from None
    except ShareError as problem:
        return _account_page(
            request,
            visitor,
            errors={f"share-{person.id}": str(problem)},
            typed={f"share-{person.id}": email},
            status_code=422,
        )
    leave_notice(
        visitor, f"{reader.email} can now read the records of {person.label} (not change them)."
    )
    return RedirectResponse("/account#people", status_code=303)


@router.post(
    "/account/people/{person_id}/unshare", include_in_schema=False, dependencies=[CsrfChecked]
)
def unshare_submit(
    visitor: SignedInVisitor, person_id: str, reader: Annotated[str, Form()] = ""
) -> Response:
    person = _own_person(visitor, person_id)
    try:
        stop_sharing(visitor.state.store, signed_in_user(visitor).id, person.id, reader)
    except PersonError as problem:
        raise HTTPException(403, str(problem)) from None
    leave_notice(visitor, f"Stopped sharing the records of {person.label} with that account.")
    return RedirectResponse("/account#people", status_code=303)


# Export and delete everything ------------------------------------------------------------------


@router.post("/account/export", include_in_schema=False, dependencies=[CsrfChecked])
def export(visitor: SignedInVisitor) -> Response:
    data = export_all(visitor.state.store, signed_in_user(visitor))
    name = f"onconav-export-{dt.date.today().isoformat()}.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/account/delete", include_in_schema=False)
def confirm_delete_everything(request: Request, visitor: SignedInVisitor) -> Response:
    return render(request, visitor, "account_delete.html", {}, active="account")


@router.post("/account/delete", include_in_schema=False, dependencies=[CsrfChecked])
def delete_everything_submit(
    request: Request, visitor: SignedInVisitor, confirm: Annotated[str, Form()] = ""
) -> Response:
    if confirm != "yes":
        return render(
            request,
            visitor,
            "account_delete.html",
            {"error": "Please tick the box to confirm that everything should be deleted."},
            status_code=422,
            active="account",
        )
    user = signed_in_user(visitor)
    delete_everything(visitor.state.store, user)
    visitor.session.data.pop(CHOSEN_PERSON, None)
    if visitor.local:
        leave_notice(visitor, "All records and people on this computer were deleted.")
        return RedirectResponse("/account", status_code=303)
    visitor.state.sessions.end_all_for(user.id)
    request.state.session = visitor.state.sessions.new()
    leave_notice_on(request, "Your account and everything in it were deleted.")
    return RedirectResponse("/account/sign-up", status_code=303)
