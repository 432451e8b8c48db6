"""Blood counts over time: hemoglobin, platelets and ANC, drawn as an accessible SVG.

The chart is three small panels stacked on one date axis, drawn with matplotlib into
SVG that keeps its text as text (screen readers and PDF text extraction can read it).
Every drawn value is also in a table beside the chart, with the document it came from.
The values come from ``onconav.guidance.counts``.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from onconav.guidance.counts import BloodCounts

# Colour-blind-safe, dark enough for 4.5:1 contrast on white; the markers differ too, so
# the panels never rely on colour alone.
_STYLE = {
    "hemoglobin": ("#b2182b", "o"),
    "platelets": ("#2166ac", "s"),
    "anc": ("#1b7837", "^"),
}


def chart_description(counts: BloodCounts) -> str:
    """What the chart shows, in words, for screen readers (the table holds the values)."""
    parts = []
    for series in counts.series:
        if series.points:
            first, last = series.dates[0], series.dates[-1]
            parts.append(
                f"{series.label}: {len(series.points)} values from {first:%d %b %Y} "
                f"to {last:%d %b %Y}"
            )
        else:
            parts.append(f"{series.label}: no values")
    return "Blood counts over time. " + "; ".join(parts) + ". The table beside it lists them."


def render_svg(counts: BloodCounts) -> str | None:
    """The chart as an inline ``<svg>`` element, or None when there is no line to draw."""
    if not counts.has_chart:
        return None
    # Imported here: matplotlib is slow to import and only the packet needs it.
    import matplotlib as mpl
    from matplotlib.dates import AutoDateLocator, DateFormatter
    from matplotlib.figure import Figure

    # Figure() (not pyplot) keeps no global state between renders.
    figure = Figure(figsize=(6.4, 5.6), layout="constrained")
    axes = figure.subplots(len(counts.series), 1, sharex=True)
    for ax, series in zip(axes, counts.series, strict=True):
        colour, marker = _STYLE.get(series.name, ("#222222", "o"))
        if series.points:
            ax.plot(
                [p.date for p in series.points],
                [p.value for p in series.points],
                color=colour,
                marker=marker,
                markersize=6,
                linewidth=2,
            )
            # From zero, so a small change does not look like a large one.
            ax.set_ylim(bottom=0, top=max(p.value for p in series.points) * 1.2)
        else:
            ax.text(
                0.5,
                0.5,
                "No values in the records",
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=11,
                color="#333333",
            )
            ax.set_yticks([])
        ax.set_ylabel(f"{series.label}\n({series.unit})", fontsize=10.5)
        ax.tick_params(labelsize=10, colors="#222222")
        ax.grid(True, color="#cccccc", linewidth=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    locator = AutoDateLocator(minticks=3, maxticks=7)  # type: ignore[no-untyped-call]
    axes[-1].xaxis.set_major_locator(locator)
    # Month and year on every tick: no year is left for the reader to infer.
    axes[-1].xaxis.set_major_formatter(DateFormatter("%b\n%Y"))  # type: ignore[no-untyped-call]
    buffer = io.StringIO()
    # Text stays text (system fonts, selectable, readable); fixed ids and no date keep
    # the output the same for the same values.
    with mpl.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "onconav", "font.family": "DejaVu Sans"}
    ):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline(buffer.getvalue(), chart_description(counts))


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)


def _inline(svg: str, description: str) -> str:
    """A standalone SVG file made fit to sit inside HTML, labelled for assistive tech."""
    body = _PROLOGUE.sub("", svg, count=1)
    label = escape(description, {'"': "&quot;"})
    body = body.replace("<svg ", f'<svg role="img" aria-label="{label}" class="count-chart" ', 1)
    title = f"<title>{escape(description)}</title>"
    return re.sub(r"<svg\b[^>]*>", lambda match: match.group(0) + title, body, count=1)
