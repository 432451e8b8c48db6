"""Text as HTML for the packet and the pages: escaped, units as people read them."""

from __future__ import annotations

import jinja2
import pytest

from onconav.report.markup import display_units, inline_markdown, template_environment
from onconav.report.packet_render import inline_html


def test_count_units_read_as_powers_of_ten() -> None:
    assert display_units("Platelets 45 10^9/L, RBC 3.1 10^12/L") == (
        "Platelets 45 ×10⁹/L, RBC 3.1 ×10¹²/L"
    )


def test_html_in_text_is_shown_as_text() -> None:
    html = inline_markdown('**Hb** 8.9 <script>alert("x")</script>')
    assert "<strong>Hb</strong>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_the_packet_prints_each_link_address_and_shows_units_the_same_way() -> None:
    html = inline_html("ANC 1.2 10^9/L, see [the guide](https://example.org/guide)")
    assert "×10⁹/L" in html
    assert '<a href="https://example.org/guide">the guide</a> (https://example.org/guide)' in html


@pytest.mark.parametrize("package", ["onconav.report", "onconav.web"])
def test_templates_escape_html_and_refuse_unknown_names(package: str) -> None:
    environment = template_environment(package)
    assert environment.from_string("{{ text }}").render(text="<b>") == "&lt;b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        environment.from_string("{{ missing }}").render()
