"""The second-opinion packet (PDF or HTML) and the directory of centres near a ZIP code."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response

from onconav.guidance.centers import (
    DEFAULT_RADIUS_MILES,
    CentersResult,
    DirectoryError,
    ZipCodeError,
    centers_near,
)
from onconav.report.packet_render import PacketRenderError, render_html, render_pdf
from onconav.service.audited_reads import view_packet
from onconav.web.api.access import readable_patient
from onconav.web.api.errors import error_responses
from onconav.web.deps import CurrentUser, State
from onconav.web.security import PACKET_HTML_POLICY

router = APIRouter(tags=["second opinion"])

PACKET_NAME = "second-opinion-packet"
NOT_RENDERED = "The packet could not be made just now. Please try again."
DIRECTORY_UNAVAILABLE = "The directory of centres could not be read. Please try again later."

Radius = Annotated[float, Query(ge=1, le=10_000, description="Miles, straight line")]
ZipCode = Annotated[str, Query(alias="zip", max_length=10, examples=["94110"])]


@router.get(
    "/patients/{patient_id}/packet",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "text/html": {}}},
        **error_responses(401, 404, 422),
    },
    summary="The second-opinion packet, PDF or HTML",
)
def get_packet(
    patient_id: str,
    state: State,
    user: CurrentUser,
    format: Literal["pdf", "html"] = "pdf",
    zip_code: Annotated[
        str | None, Query(alias="zip", max_length=10, description="Add centres near this ZIP")
    ] = None,
    radius: Radius = DEFAULT_RADIUS_MILES,
    download: bool = False,
) -> Response:
    """Summary, records checklist, blood-count chart, questions, a script for telling your
    oncologist, a records-request letter, centres near you (with a ZIP code) and a trial
    search."""
    patient = readable_patient(state, user, patient_id)
    try:
        packet = view_packet(
            state.store, user.id, patient, state.engine.kb, zip_code=zip_code, radius_miles=radius
        )
    except ZipCodeError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    disposition = "attachment" if download or format == "pdf" else "inline"
    try:
        if format == "pdf":
            return Response(
                render_pdf(packet),
                media_type="application/pdf",
                headers={"content-disposition": f'{disposition}; filename="{PACKET_NAME}.pdf"'},
            )
        return Response(
            render_html(packet),
            media_type="text/html; charset=utf-8",
            headers={
                "content-disposition": f'{disposition}; filename="{PACKET_NAME}.html"',
                "content-security-policy": PACKET_HTML_POLICY,
            },
        )
    except PacketRenderError:
        raise HTTPException(status_code=500, detail=NOT_RENDERED) from None


@router.get(
    "/centers",
    response_model=CentersResult,
    responses=error_responses(422),
    summary="NCI-designated centres and MDS Centers of Excellence near a ZIP code",
)
def get_centers(zip_code: ZipCode, radius: Radius = DEFAULT_RADIUS_MILES) -> CentersResult:
    """Nearest first by straight-line distance; no paid or favoured placement."""
    try:
        return centers_near(zip_code, radius)
    except ZipCodeError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    except DirectoryError:
        raise HTTPException(status_code=503, detail=DIRECTORY_UNAVAILABLE) from None
