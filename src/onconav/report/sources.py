"""A published source as one line of plain text, shared by the Markdown answer and the packet."""

from __future__ import annotations

from onconav.answer.model import Citation


def literature_reference(citation: Citation) -> str:
    """Title, journal or publisher, the year (unless the source line already gives it),
    PMID and DOI, each closed by a full stop; the renderer adds the address if it shows one."""
    parts = [citation.title.rstrip(".") + "."]
    if citation.source:
        parts.append(citation.source.rstrip(".") + ".")
    if citation.year and (not citation.source or str(citation.year) not in citation.source):
        parts.append(f"{citation.year}.")
    if citation.pmid:
        parts.append(f"PMID {citation.pmid}.")
    if citation.doi:
        parts.append(f"doi:{citation.doi}.")
    return " ".join(parts)
