"""``onconav centers``: cancer centres with MDS expertise near a ZIP code.

Everything but reading options and rendering lives in ``onconav.guidance.centers``.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from onconav.cli.output import EXIT_FAILED, EXIT_USAGE, OutputFormat, fail, stdout_console
from onconav.guidance.centers import (
    DEFAULT_RADIUS_MILES,
    CenterMatch,
    CentersResult,
    DirectoryError,
    ZipCodeError,
    centers_near,
)

_DETAIL_INDENT = " " * 13


def centers_command(
    zip_code: Annotated[
        str, typer.Option("--zip", help="Your five-digit ZIP code, e.g. 94110 (ZIP+4 is fine).")
    ],
    radius: Annotated[
        float,
        typer.Option("--radius", help="How far to look, in miles.", min=1.0, max=10000.0),
    ] = DEFAULT_RADIUS_MILES,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json (json for scripts).")
    ] = OutputFormat.TEXT,
) -> None:
    """List NCI-designated cancer centres and MDS Foundation Centers of Excellence near you.

    Listed by straight-line distance from your ZIP code only: no paid or favoured placement.
    """
    try:
        result = centers_near(zip_code, radius)
    except ZipCodeError as error:
        fail(str(error), EXIT_USAGE)
    except DirectoryError as error:
        fail(f"the centre directory could not be used ({error}).", EXIT_FAILED)
    if output_format is OutputFormat.JSON:
        print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        _print_text(result)


def _print_text(result: CentersResult) -> None:
    console = stdout_console()
    radius = f"{result.radius_miles:g}"
    if result.centers:
        count = len(result.centers)
        noun = "centre" if count == 1 else "centres"
        console.print(
            f"{count} {noun} within {radius} miles of {result.zip} "
            f"({escape(result.place)}), nearest first:"
        )
        _print_matches(result.centers)
    else:
        console.print(
            f"No centre in this directory is within {radius} miles of {result.zip} "
            f"({escape(result.place)}). The nearest are:"
        )
        _print_matches(result.nearest_outside_radius)
    console.print()
    console.print(
        "Distances are straight-line miles, not driving distance. " + escape(result.placement)
    )
    for notice in result.partial:
        console.print(f"Note: {escape(notice)}")
    console.print(
        f"This directory was checked on {result.checked_on.isoformat()}. "
        "The lists change, so please check the live lists:"
    )
    for link in result.lists:
        console.print(f"  {escape(link.name)}: {escape(link.url)}")
    console.print(
        "Information to help you find expert care, not medical advice: "
        "your care team can help you choose and arrange a referral."
    )


def _print_matches(matches: tuple[CenterMatch, ...]) -> None:
    console = stdout_console()
    for match in matches:
        console.print(
            f"{match.distance_miles:>8.1f} mi  {escape(match.name)} "
            f"({escape(match.city)}, {match.state})"
        )
        for detail in ("; ".join(match.designations), match.note, match.url):
            if detail:
                console.print(f"{_DETAIL_INDENT}{escape(detail)}")
