"""Everything of an account: export it (data.json and every original), or delete it."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from onconav.service.accounts import delete_everything, export_all
from onconav.web.api.errors import error_responses
from onconav.web.deps import CsrfChecked, CurrentUser, State

router = APIRouter(prefix="/account", tags=["accounts"])

EXPORT_NAME = "onconav-export.zip"


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}, **error_responses(401)},
    summary="All your data: a zip of data.json and every original document",
)
def export_account(state: State, user: CurrentUser) -> Response:
    """The people you own; records only shared with you stay their owner's to export."""
    return Response(
        export_all(state.store, user),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{EXPORT_NAME}"'},
    )


@router.delete(
    "",
    status_code=204,
    dependencies=[CsrfChecked],
    responses=error_responses(401, 403),
    summary="Delete your account and every person, document and correction it holds",
)
def delete_account(state: State, user: CurrentUser, request: Request) -> Response:
    """Signs out everywhere. In local mode the records are deleted and onconav starts empty."""
    delete_everything(state.store, user)
    state.sessions.end_all_for(user.id)
    request.state.session = state.sessions.new()
    return Response(status_code=204)
