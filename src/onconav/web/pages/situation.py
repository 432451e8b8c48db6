"""My situation: profile, blood counts, scores, subtype, missing tests and questions."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from onconav.report.chart import chart_description, render_svg
from onconav.service.overview import patient_blood_counts, situation_overview
from onconav.web.pages.errors import PageRoute
from onconav.web.pages.rendering import render
from onconav.web.pages.visitor import SignedInVisitor, signed_in_user, visible_person

router = APIRouter(route_class=PageRoute)
# The chart is matplotlib's SVG, which styles its shapes with style attributes. It is served
# as an image of its own, so the pages keep a CSP without inline styles; this response may
# use inline styles but can load and run nothing.
CHART_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


@router.get("/situation", include_in_schema=False)
def situation_page(request: Request, visitor: SignedInVisitor) -> Response:
    person = visitor.person
    overview = (
        situation_overview(
            visitor.state.store, signed_in_user(visitor).id, person, visitor.state.engine.kb
        )
        if person is not None
        else None
    )
    context = {
        "overview": overview,
        "chart_alt": chart_description(overview.counts) if overview is not None else "",
        "has_chart": overview is not None and overview.counts.has_chart,
    }
    return render(request, visitor, "situation.html", context, active="situation")


@router.get("/situation/{person_id}/chart.svg", include_in_schema=False)
def chart(visitor: SignedInVisitor, person_id: str) -> Response:
    person = visible_person(visitor, person_id)
    counts = patient_blood_counts(visitor.state.store, signed_in_user(visitor).id, person)
    svg = render_svg(counts)
    if svg is None:
        raise HTTPException(404, "There are not yet two dates with blood counts to draw.")
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={"content-security-policy": CHART_POLICY, "cache-control": "no-store"},
    )
