"""A numbered source reads the same in a Markdown answer and in the packet."""

from __future__ import annotations

from onconav.answer.model import Citation
from onconav.report.answer_markdown import citation_line
from onconav.report.packet_render import citation_text
from onconav.report.sources import literature_reference

ARTICLE = Citation(
    n=1,
    title="A made-up article title.",
    source="Made-up Journal 2022;1:1-10",
    year=2022,
    pmid="123",
    doi="10.1000/example",
    url="https://example.org/article",
)
RECORD = Citation(n=2, kind="record", title="cbc.pdf", document_id="d1", page=2)


def test_a_published_source_is_one_line_with_each_part_closed_by_a_full_stop() -> None:
    assert literature_reference(ARTICLE) == (
        "A made-up article title. Made-up Journal 2022;1:1-10. PMID 123. doi:10.1000/example."
    )


def test_the_year_is_added_only_when_the_source_line_lacks_it() -> None:
    without_year = ARTICLE.model_copy(update={"source": "Made-up Journal", "pmid": None})
    assert literature_reference(without_year) == (
        "A made-up article title. Made-up Journal. 2022. doi:10.1000/example."
    )
    no_source = Citation(n=3, title="A book", year=2019)
    assert literature_reference(no_source) == "A book. 2019."


def test_markdown_adds_the_address_and_the_packet_leaves_it_to_its_link() -> None:
    reference = literature_reference(ARTICLE)
    assert citation_line(ARTICLE) == f"{reference} <https://example.org/article>"
    assert citation_text(ARTICLE) == reference


def test_a_record_is_named_as_the_persons_own_document() -> None:
    assert citation_line(RECORD) == "cbc.pdf (your document d1, page 2)"
    assert citation_text(RECORD) == "cbc.pdf (a document you uploaded)"
