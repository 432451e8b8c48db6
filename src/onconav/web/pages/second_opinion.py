"""Second opinion: the packet (preview and PDF) and expert centres near a ZIP code."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from onconav.guidance.centers import DEFAULT_RADIUS_MILES, CentersResult, ZipCodeError, centers_near
from onconav.guidance.packet import Packet
from onconav.report.packet_render import PacketRenderError, render_html, render_pdf
from onconav.service.audited_reads import view_packet
from onconav.web.pages.errors import PageRoute
from onconav.web.pages.rendering import render
from onconav.web.pages.visitor import SignedInVisitor, Visitor, signed_in_user
from onconav.web.security import PACKET_HTML_POLICY

router = APIRouter(route_class=PageRoute)
RADIUS_CHOICES = (50, 100, 200, 300, 500, 1000)


def _radius(text: str | None) -> float:
    if text is None or not text.strip():
        return float(DEFAULT_RADIUS_MILES)
    try:
        radius = float(text)
    except ValueError:
        raise ZipCodeError("The distance must be a number of miles, for example 300.") from None
    if not 0 < radius <= max(RADIUS_CHOICES):
        raise ZipCodeError(f"The distance must be between 1 and {max(RADIUS_CHOICES)} miles.")
    return radius


@router.get("/second-opinion", include_in_schema=False)
def second_opinion_page(
    request: Request, visitor: SignedInVisitor, zip: str | None = None, radius: str | None = None
) -> Response:
    centers: CentersResult | None = None
    error = None
    zip_code = (zip or "").strip()
    chosen_radius = DEFAULT_RADIUS_MILES
    try:
        chosen_radius = _radius(radius)
        if zip_code:
            centers = centers_near(zip_code, chosen_radius)
    except ZipCodeError as problem:
        error = str(problem)
    context = {
        "centers": centers,
        "error": error,
        "zip": zip_code,
        "radius": chosen_radius,
        "radius_choices": RADIUS_CHOICES,
        "packet_query": (
            "?" + urlencode({"zip": centers.zip, "radius": f"{chosen_radius:g}"}) if centers else ""
        ),
    }
    return render(
        request,
        visitor,
        "second_opinion.html",
        context,
        status_code=422 if error else 200,
        active="second-opinion",
    )


def _packet(visitor: Visitor, zip_code: str | None, radius: str | None) -> Packet:
    person = visitor.person
    if person is None:
        raise HTTPException(
            404, "Choose or add a person first; the packet is made from their records."
        )
    try:
        return view_packet(
            visitor.state.store,
            signed_in_user(visitor).id,
            person,
            visitor.state.engine.kb,
            zip_code=(zip_code or "").strip() or None,
            radius_miles=_radius(radius),
        )
    except ZipCodeError as problem:
        raise HTTPException(422, str(problem)) from None


@router.get("/second-opinion/packet.html", include_in_schema=False)
def packet_preview(
    visitor: SignedInVisitor, zip: str | None = None, radius: str | None = None
) -> Response:
    html = render_html(_packet(visitor, zip, radius))
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"content-security-policy": PACKET_HTML_POLICY, "x-frame-options": "SAMEORIGIN"},
    )


@router.get("/second-opinion/packet.pdf", include_in_schema=False)
def packet_pdf(
    visitor: SignedInVisitor, zip: str | None = None, radius: str | None = None
) -> Response:
    try:
        pdf = render_pdf(_packet(visitor, zip, radius))
    except PacketRenderError:
        raise HTTPException(
            500, "The PDF could not be made. The preview on the Second opinion page still works."
        ) from None
    name = f"second-opinion-packet-{dt.date.today().isoformat()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
