"""What a report says it did not test: genes outside an NGS panel ("Not covered by this
panel: ETNK1, GNB1"), genes it could not assess, assays it did not run ("KMT2A-PTD: not
assessed", "TP53 copy number and LOH were not analysed"), FISH probes not done.

Missing is not normal: such a gene, assay or probe has no result, so it must never become
``wild_type``, ``not_detected``, ``absent`` or a normal FISH result. The readers emit nothing
for it (a value such as "not tested" would sit beside real results and could be read as one).

A statement applies to the clause it stands in: sentences, ';' and a coordinated clause
(", and ...", ", but ...") are cut apart, so "ETNK1 and NF1 are not on this panel, and
KMT2A-PTD is not assessed" makes two statements. A clause that names an assay (ITD, TKD, PTD,
loss of heterozygosity, copy number) is about that assay: the genes it names stand for the
assay, not for the gene's sequencing, which the panel may still have covered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from onconav.records.extract.document import DocumentText
from onconav.records.extract.genes import GENE_LIKE, MYELOID_GENES, canonical
from onconav.records.extract.ngs_patterns import COPY_LOSS, FLT3_ITD, FLT3_TKD, KMT2A_PTD, LOH
from onconav.records.extract.source import Line

_PARTICIPLES = (
    r"tested|assessed|evaluated|evaluable|analy[sz]ed|covered|included|sequenced|interrogated"
    r"|examined|performed|done|assayed|run|available|determined"
)
NOT_TESTED = re.compile(
    rf"\bnot\s+(?:been\s+|yet\s+)?(?:{_PARTICIPLES})\b"
    rf"|\b(?:could|can)\s*not\s+be\s+(?:{_PARTICIPLES})\b|\bcannot\s+be\s+(?:{_PARTICIPLES})\b"
    r"|\bnot\s+(?:part\s+of|on|in)\s+(?:this|the)\s+(?:\w+\s+)?(?:panel|assay|test)\b"
    # A limitation of the method: "does not detect FLT3-ITD", "not designed to detect".
    r"|\b(?:does|do|did|will|can)\s*not\s+(?:detect|assess|test|evaluate|cover|include|report"
    r"|identify|measure|analy[sz]e|determine|examine)\w*"
    r"|\bcannot\s+(?:detect|assess|test|evaluate|identify|measure|analy[sz]e|determine)\w*"
    r"|\bnot\s+(?:designed|able|validated|intended)\s+(?:to|for)\b|\bnot\s+reported\b"
    r"|\b(?:untested|unassessed|unevaluable|non-?evaluable|status\s+unknown"
    r"|result\s+(?:unknown|unavailable)|outside\s+(?:the\s+)?(?:scope|panel|assay)"
    r"|excluded\s+from|insufficient\s+coverage|failed\s+(?:QC|quality))\b"
    # No result given: "coverage below the 250x minimum", "no CEBPA result can be given".
    r"|\bcoverage\s+(?:was\s+)?(?:below|under|too\s+low|insufficient|inadequate)\b"
    r"|\bno\s+(?:\w+\s+){0,2}results?\s+(?:can|could)\s+be\s+(?:given|reported|issued|made)\b"
    r"|\bresults?\s+(?:cannot|can\s*not|could\s+not)\s+be\s+(?:given|reported|issued|made)\b"
    # A result given in another report: "17p loss is reported with the FISH result",
    # "for TP53 copy number see the cytogenetics report".
    r"|\breported\s+(?:separately|elsewhere|apart"
    r"|with\s+the\s+(?:\w+\s+){0,2}(?:results?|reports?|study|studies|analys[ie]s))\b"
    r"|\b(?:see|refer\s+to)\s+(?:the\s+)?(?:separate\s+)?\w+(?:\s+\w+)?\s+report\b"
    r"|\b(?:given|reported|described)\s+in\s+(?:that|the|a|its)\s+(?:separate\s+|own\s+)?"
    r"(?:\w+\s+)?report\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r"[;]|\.(?=\s|$)|,\s*(?=(?:and|but|while|whereas|although)\b)|\b(?:whereas|while)\b", re.I
)
_ASSAY_WORDS = (
    FLT3_ITD,
    FLT3_TKD,
    KMT2A_PTD,
    LOH,
    COPY_LOSS,
    re.compile(r"\bcopy[\s-]*number", re.I),
)
_NOT_GENES = frozenset({"NGS", "DNA", "RNA", "ITD", "TKD", "PTD", "LOH", "QC", "PCR", "VAF"})


@dataclass(frozen=True)
class Untested:
    """What a report says it did not test: gene symbols, and the clauses (page, start, end
    in page offsets) that say so, for the assays named in them."""

    genes: frozenset[str]
    clauses: tuple[tuple[int, int, int], ...]

    def covers(self, line: Line, start: int, end: int) -> bool:
        """Whether ``line.text[start:end]`` stands in a clause saying it was not tested."""
        page, low, high = line.page.page.number, line.start + start, line.start + end
        return any(p == page and s <= low and high <= e for p, s, e in self.clauses)


def find_untested(document: DocumentText) -> Untested:
    genes: set[str] = set()
    spans: list[tuple[int, int, int]] = []
    for line in document.wrapped_lines():
        if NOT_TESTED.search(line.text) is None:
            continue
        for clause_start, clause_end in clause_spans(line.text):
            for start, end in _statement_spans(line.text, clause_start, clause_end):
                spans.append((line.page.page.number, line.start + start, line.start + end))
                statement = line.text[start:end]
                if not names_an_assay(statement):
                    genes.update(genes_in(statement))
    return Untested(frozenset(genes), tuple(spans))


def says_untested(text: str) -> bool:
    """Whether ``text`` says, other than in a bracketed remark, that something was not
    tested ("Not covered by this panel: ...")."""
    return any(_bracketed_remark(text, 0, match) is None for match in NOT_TESTED.finditer(text))


def _statement_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a clause says something was not tested: the whole clause, or, for a remark in
    brackets ("TP53 (exon 4 not covered), RUNX1"), the bracket and the word before it."""
    found = list(NOT_TESTED.finditer(text, start, end))
    if not found:
        return []
    remarks = [_bracketed_remark(text, start, match) for match in found]
    if any(remark is None for remark in remarks):
        return [(start, end)]
    return sorted({remark for remark in remarks if remark is not None})


def _bracketed_remark(text: str, start: int, match: re.Match[str]) -> tuple[int, int] | None:
    opening = text.rfind("(", start, match.start())
    if opening < 0 or ")" in text[opening : match.start()]:
        return None
    closing = text.find(")", match.end())
    if closing < 0:
        return None
    before = re.search(r"\S+\s*$", text[start:opening])
    return (start + before.start() if before else opening), closing + 1


def genes_in(text: str) -> set[str]:
    """Known myeloid gene symbols written in ``text``."""
    return {
        gene
        for token in GENE_LIKE.finditer(text)
        if token.group(0) not in _NOT_GENES and (gene := canonical(token.group(0))) in MYELOID_GENES
    }


def untested_genes_in(text: str) -> set[str]:
    """The genes of a list of what was not tested, leaving out those that stand for an assay
    ("FLT3 internal tandem duplication (FLT3-ITD)": the ITD assay, not FLT3's sequence)."""
    return {
        gene
        for start, end in clause_spans(text)
        if not names_an_assay(text[start:end])
        for gene in genes_in(text[start:end])
    }


def names_an_assay(text: str) -> bool:
    return any(pattern.search(text) for pattern in _ASSAY_WORDS)


def clause_spans(text: str) -> list[tuple[int, int]]:
    return list(_clauses(text))


def _clauses(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)
