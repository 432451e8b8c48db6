"""Text as safe HTML, shared by the packet and the web pages: inline Markdown with raw HTML
off, count units as people read them, and the Jinja2 settings every template set uses."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in any text (records included) is shown as text, never interpreted.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
# How the records flow writes count units, and how people read them.
_UNIT_DISPLAY = (("10^9/L", "×10⁹/L"), ("10^12/L", "×10¹²/L"))


def display_units(text: str) -> str:
    """``10^9/L`` as ``×10⁹/L`` (and ``10^12/L`` likewise) wherever it stands in the text."""
    for written, shown in _UNIT_DISPLAY:
        text = text.replace(written, shown)
    return text


def inline_markdown(markdown: str) -> Markup:
    """Inline Markdown (bold, links) as HTML, units as people read them; HTML in it is escaped."""
    return Markup(_MARKDOWN.renderInline(display_units(markdown)))  # markdown-it escapes


def template_environment(package: str) -> Environment:
    """The templates in ``package``/templates: HTML autoescaped, an unknown name an error."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
