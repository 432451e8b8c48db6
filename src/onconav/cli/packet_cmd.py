"""``onconav packet --patient P --out packet.pdf``: the second-opinion packet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onconav.cli.output import EXIT_FAILED, EXIT_USAGE, fail, stdout_console
from onconav.cli.patients import patient_context


def packet_command(
    patient: Annotated[str, typer.Option("--patient", "-p", help="Whose packet")],
    out: Annotated[Path, typer.Option("--out", "-o", help="packet.pdf or packet.html")],
    zip_code: Annotated[
        str | None, typer.Option("--zip", help="Add centres near this US ZIP code")
    ] = None,
    radius: Annotated[float, typer.Option(help="Centres within this many miles")] = 300,
) -> None:
    """Make a second-opinion packet: summary, records checklist, blood-count chart,
    questions, a script for telling your oncologist, a records-request letter, centres
    near you and a trial search. PDF or HTML by the file name."""
    from onconav.guidance.centers import ZipCodeError
    from onconav.kb.loader import load_bundled
    from onconav.report.packet_render import PacketRenderError, render_html, render_pdf
    from onconav.service.packet import patient_packet

    suffix = out.suffix.lower()
    if suffix not in {".pdf", ".html", ".htm"}:
        fail("--out must end in .pdf or .html.", EXIT_USAGE)
    with patient_context(patient) as context:
        try:
            packet = patient_packet(
                context.store,
                context.actor_id,
                context.patient,
                load_bundled(),
                zip_code=zip_code,
                radius_miles=radius,
            )
        except ZipCodeError as error:
            fail(str(error), EXIT_USAGE)
    try:
        if suffix == ".pdf":
            out.write_bytes(render_pdf(packet))
        else:
            out.write_text(render_html(packet), encoding="utf-8")
    except PacketRenderError as error:
        fail(f"The packet could not be rendered: {error}", EXIT_FAILED)
    except OSError as error:
        fail(f"Could not write {out}: {error.strerror}", EXIT_USAGE)
    stdout_console().print(f"Wrote the second-opinion packet to {out}")
