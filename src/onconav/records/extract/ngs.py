"""NGS (myeloid panel) results: variants, separately reported assays, and genes tested
without a variant, so that wild type is known rather than missing (MDS brief §6.3).

- A variant is a gene with HGVS notation, a VAF, or a result word ("SF3B1 mutation
  detected"). VAF is stored as a fraction: "38%" and "0.38" are both 0.38; a number above 1
  can only be a percentage; a bare number in a column headed "VAF (%)" is a percentage. A
  table's bare numbers go under the VAF and depth headings by position, or by order when the
  text layer has collapsed the spacing; a "limit of detection 2% VAF" is never a VAF. A cell
  wrapped onto the next line (a lone "p.(...)") completes the row above.
- Negation and hedging come from ConText (``context.assess``): "No pathogenic variants were
  detected in TP53" makes TP53 wild type; a variant with HGVS in a negated sentence is kept
  with ``negated_context`` for the person to check; "cannot be excluded" flags ``hedged``.
- Genes in a "genes tested" list with no variant anywhere in the report, and not mentioned
  elsewhere in words this reader could not interpret, are ``wild_type``; so are genes listed
  under a negative heading ("Not detected: ASXL1, ..."). A gene with only a VUS is not.
- A mention without HGVS of a gene the report gives with HGVS (an interpretation repeating
  the table) is not another variant.
- FLT3-ITD, FLT3-TKD and KMT2A-PTD are ``gene_status`` detected / not_detected; TP53 loss of
  heterozygosity and copy-number loss are ``TP53_LOH`` / ``TP53_copy_loss`` present / absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from onconav.records.extract.context import assess
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.genes import (
    GENE,
    GENE_BEFORE_HGVS,
    GENE_LIKE,
    MYELOID_GENES,
    canonical,
)
from onconav.records.extract.ngs_details import (
    TableHeader,
    classification_name,
    germline,
    is_header_continuation,
    is_table_header,
    roman,
    table_header,
    variant_details,
)
from onconav.records.extract.ngs_patterns import (
    ASSAY_LABEL,
    ASSAY_WORDS,
    CLASSIFICATION,
    FLT3_ITD,
    FLT3_TKD,
    GENE_LIST_HEADING,
    GERMLINE,
    HGVS_C,
    HGVS_P,
    KMT2A_PTD,
    LOH,
    NEGATIVE_LIST_HEADING,
    PROTEIN_SHORT,
    RESULT_WORDS,
    TIER,
    VAF_LABELLED,
)
from onconav.records.extract.ngs_status import assay_statuses, copy_loss_clause
from onconav.records.extract.protein import protein_key
from onconav.records.extract.source import Line
from onconav.records.extract.untested import (
    Untested,
    find_untested,
    says_untested,
    untested_genes_in,
)
from onconav.records.extract.wrapping import continues
from onconav.records.model import Fact, FactKind

_FISH_LINE = re.compile(r"\bnuclei\b|\bFISH\b|\bprobes?\b|\bsignals?\b|interphase|nuc\s*ish", re.I)

_KARYOTYPE_LINE = re.compile(r"\b\d{2}\s*,\s*X[XY]?\b|\bkaryotype\b|metaphases?", re.I)

_NOT_GENES = frozenset(
    "NGS DNA RNA ITD TKD PTD CNV LOH VAF PCR MDS AML CMML HGVS VUS SNV INDEL NA NM ID MRN DOB"
    " AND OR THE FOR WITH ONLY EXON EXONS CDS UTR LDT CAP CLIA FDA USA".split()
)

_STOP_WORDS = frozenset(
    "and or exon exons only coding regions region full hotspot hotspots selected gene genes"
    " partial entire including include includes panel the of in tested following all".split()
)


@dataclass
class _Mention:
    gene: str
    line: Line
    start: int
    end: int


@dataclass
class _State:
    assay: str | None
    untested: Untested
    variants: list[tuple[str, Fact, bool]] = field(default_factory=list)  # gene, fact, rich
    negated: dict[str, _Mention] = field(default_factory=dict)
    tested: dict[str, _Mention] = field(default_factory=dict)
    mentioned: set[str] = field(default_factory=set)
    statuses: list[Fact] = field(default_factory=list)
    section: dict[str, str] = field(default_factory=dict)  # from a heading above the rows


def extract_ngs(document: DocumentText) -> list[Fact]:
    state = _State(assay=_assay(document), untested=find_untested(document))
    untested = set(state.untested.genes)
    for page in document.pages:
        header: TableHeader | None = None
        in_list = negative_list = untested_list = False
        state.section = {}
        for line in page.lines:
            text = line.text
            section = _section_heading(line)
            if section is not None:
                state.section = section  # any heading ends the previous section
                if section:
                    continue
            if says_untested(text):
                # "Not covered by this panel:" ends a list of genes tested, and the genes
                # listed under it were not tested.
                in_list = untested_list = text.rstrip().endswith(":")
                negative_list = False
            elif in_list and untested_list:
                listed = untested_genes_in(text)
                if listed:
                    untested.update(listed)
                    continue
                in_list = untested_list = False
            else:
                negative = NEGATIVE_LIST_HEADING.match(text)
                heading = negative or GENE_LIST_HEADING.search(text)
                if heading is not None:
                    in_list, negative_list = True, negative is not None
                    _add_tested(state, line, heading.end(), force=True, negated=negative_list)
                    continue
                if in_list:
                    if (
                        _add_tested(state, line, 0, force=False, negated=negative_list)
                        or not line.stripped
                    ):
                        continue
                    in_list = False
            if is_table_header(text):
                following = page.lines[line.number] if line.number < len(page.lines) else None
                wrapped = following is not None and is_header_continuation(following.text)
                header = table_header(text, following.text if wrapped and following else "")
                continue
            if not line.stripped:
                continue
            fish_line = _FISH_LINE.search(text) is not None or document.in_fish_section(line)
            if not fish_line:
                state.statuses.extend(assay_statuses(document, state.assay, line, state.untested))
            notation = (
                HGVS_C.search(text)
                or HGVS_P.search(text)
                or PROTEIN_SHORT.search(text)
                or VAF_LABELLED.search(text)
            )
            if (fish_line or _KARYOTYPE_LINE.search(text)) and not notation:
                continue
            if _wrapped_notation(state, line):
                continue
            _variants(document, state, line, header)
    return _finish(document, state, untested)


def _section_heading(line: Line) -> dict[str, str] | None:
    """'VARIANTS OF UNCERTAIN SIGNIFICANCE', 'Tier III:' above the rows they classify; None
    for a line that is not a heading (a short line, upper case or ending in ':', no gene)."""
    text = line.stripped
    if not text or len(text) > 60 or _mentions(line) or HGVS_C.search(text):
        return None
    if not (text.endswith(":") or text.isupper()):
        return None
    found: dict[str, str] = {}  # empty: a heading that classifies nothing
    classification = CLASSIFICATION.search(text)
    if classification is not None:
        found["classification"] = classification_name(classification.group(0))
    tier = TIER.search(text)
    if tier is not None and "/" not in text[tier.end() : tier.end() + 2]:
        found["tier"] = roman(tier.group("t"))
    return found


def _assay(document: DocumentText) -> str | None:
    fallback = None
    for line in document.lines():
        labelled = ASSAY_LABEL.match(line.text)
        if labelled is not None and ASSAY_WORDS.search(labelled.group("name")):
            return labelled.group("name").strip()
        if (
            fallback is None
            and re.search(r"\bpanel\b", line.text, re.I)
            and ASSAY_WORDS.search(re.sub(r"\bpanel\b", "", line.text, flags=re.I))
        ):
            stripped = line.stripped
            if len(stripped) <= 90:
                fallback = stripped
    return fallback


def _add_tested(
    state: _State, line: Line, start: int, *, force: bool, negated: bool = False
) -> bool:
    """Genes listed on this line (after ``start``); False when it is not a list line.
    Under a negative heading ("Not detected:") the genes are stated not detected."""
    text = line.text[start:]
    tokens = [
        match
        for match in GENE_LIKE.finditer(line.text, start)
        if match.group(0) not in _NOT_GENES and "-" not in match.group(0)
    ]
    known = [token for token in tokens if canonical(token.group(0)) in MYELOID_GENES]
    words = [
        word
        for word in re.findall(r"[A-Za-z][A-Za-z0-9]*", re.sub(r"\([^)]*\)", " ", text))
        if word.lower() not in _STOP_WORDS
    ]
    if not force and (len(known) < 2 or len(tokens) < 0.6 * max(len(words), 1)):
        return False
    if force and not known:
        return bool(tokens)
    for token in tokens:
        gene = canonical(token.group(0))
        mention = _Mention(gene, line, token.start(), token.end())
        state.tested.setdefault(gene, mention)
        if negated:
            state.negated.setdefault(gene, mention)
    return True


def _mentions(line: Line) -> list[_Mention]:
    text = line.text
    assays = [
        m.span() for pattern in (FLT3_ITD, FLT3_TKD, KMT2A_PTD) for m in pattern.finditer(text)
    ]
    found: dict[int, _Mention] = {}
    for pattern in (GENE, GENE_BEFORE_HGVS):
        for match in pattern.finditer(text):
            if match.group("gene") in _NOT_GENES:
                continue
            if any(s <= match.start() < e for s, e in assays):
                continue
            found.setdefault(
                match.start(), _Mention(canonical(match.group("gene")), line, *match.span("gene"))
            )
    return [found[key] for key in sorted(found)]


def _variants(
    document: DocumentText, state: _State, line: Line, header: TableHeader | None
) -> None:
    text = line.text
    mentions = _mentions(line)
    if not mentions:
        return
    has_hgvs = bool(HGVS_C.search(text) or HGVS_P.search(text))
    if not has_hgvs and (LOH.search(text) or copy_loss_clause(text)):
        return  # a TP53 allelic-state statement, read by assay_statuses
    assertions = assess(text, [(m.start, m.end) for m in mentions])
    single = len(mentions) == 1
    for index, (mention, assertion) in enumerate(zip(mentions, assertions, strict=True)):
        end = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        details = variant_details(text, mention.start, end, header, single)
        rich = any(key in details for key in ("hgvs_c", "hgvs_p", "vaf"))
        if not rich and state.untested.covers(line, mention.start, mention.end):
            continue  # "TP53 copy number: not assessed" says nothing about TP53's sequence
        # A negated sentence names a variant only with its notation; a number there is the
        # test's limit or coverage ("no variant in TP53 (LoD 2%)").
        if assertion.negated and not any(key in details for key in ("hgvs_c", "hgvs_p")):
            state.negated.setdefault(mention.gene, mention)
            continue
        if not rich and not RESULT_WORDS.search(text) and not assertion.uncertain:
            state.mentioned.add(mention.gene)
            continue
        state.mentioned.add(mention.gene)
        flags = []
        if assertion.negated:
            flags.append("negated_context")
        if assertion.hedged:
            flags.append("hedged")
        following = ""
        if index + 1 == len(mentions) and any(key in details for key in ("hgvs_c", "hgvs_p")):
            following = _rest_of_item(line, mention.gene)
            if following:
                _add_item_details(details, text[mention.start :] + " " + following)
        for key, value in state.section.items():
            details.setdefault(key, value)
        details["germline"] = germline(_germline_sentence(f"{text} {following}"), details)
        if state.assay:
            details["assay"] = state.assay
        span_end = max(details.pop("_span_end"), mention.end)
        fact = line_fact(
            line,
            mention.start,
            span_end,
            kind=FactKind.VARIANT,
            name=mention.gene,
            value="mutated",
            date=document.date_near(line),
            details=details,
            flags=flags,
        )
        state.variants.append((mention.gene, fact, rich))


_ITEM_START = re.compile(r"\s*(?:\(?[0-9a-z]{1,2}[.)]\s|[-•*]\s)", re.I)
_ITEM_LINES = 3
_ITEM_DETAILS = ("vaf", "depth", "classification", "tier")


def _rest_of_item(line: Line, gene: str) -> str:
    """The lines that go on telling the variant named at the end of ``line`` ("... was
    detected at a VAF of" / "31.4% in 2,206 reads. Classification: pathogenic."): up to a blank
    line, a heading, the next item of a list, or a line naming another gene or variant."""
    lines = line.page.lines
    after = lines[line.number : line.number + _ITEM_LINES]
    if not after or not continues(line.text, after[0].text):
        return ""  # the sentence ends on the variant's line (a table row, a full sentence)
    taken: list[str] = []
    for following in after:
        text = following.text
        if not following.stripped or _section_heading(following) is not None:
            break
        if _ITEM_START.match(text) or HGVS_C.search(text) or HGVS_P.search(text):
            break
        if any(m.gene != gene for m in _mentions(following)):
            break
        taken.append(text.strip())
    return " ".join(taken)


def _germline_sentence(text: str) -> str:
    """The sentence that speaks of germline origin, when the text holds several: the advice
    in the next sentence ("counselling is recommended") casts no doubt on it."""
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z])", text)
    return next((s for s in sentences if GERMLINE.search(s)), text)


def _add_item_details(details: dict[str, Any], text: str) -> None:
    """The VAF, depth, classification and tier the rest of the item gives, where the
    variant's own line did not."""
    found = variant_details(text, 0, len(text), None, True)
    for key in _ITEM_DETAILS:
        if key in found:
            details.setdefault(key, found[key])


_NOTATION_ONLY = re.compile(r"\s*(?P<n>\(?(?:p\.\S+|c\.\S+))\s*$")


def _wrapped_notation(state: _State, line: Line) -> bool:
    """A line holding only a p. or c. notation, right under a variant row that lacks it, is
    that row's cell wrapped by the table: 'ASXL1 NM_015338.6:c.1934dup 0.18' / 'p.(...)'."""
    notation = _NOTATION_ONLY.fullmatch(line.text)
    if notation is None or not state.variants:
        return False
    gene, fact, rich = state.variants[-1]
    where = fact.provenance
    if where.page != line.page.page.number or where.line != line.number - 1:
        return False
    text = notation.group("n")
    key = "hgvs_p" if HGVS_P.match(text.lstrip("(")) else "hgvs_c"
    if key in fact.details:
        return False
    value = text.lstrip("(") if key == "hgvs_c" else text
    if key == "hgvs_p" and text.startswith("(") and text.endswith(")"):
        value = text  # "(p.Arg1Gly)" is kept as printed
    details = {**fact.details, key: value.rstrip(",;")}
    state.variants[-1] = (gene, fact.model_copy(update={"details": details}), rich)
    return True


def _finish(document: DocumentText, state: _State, untested: set[str]) -> list[Fact]:
    variants = _deduplicated(state.variants)
    mutated = {gene for gene, _, _ in state.variants}
    facts = [fact for _, fact in variants]
    wild: dict[str, tuple[_Mention, str]] = {}
    for gene, mention in state.negated.items():
        if gene not in mutated and gene not in untested:
            wild[gene] = (mention, "stated not detected")
    for gene, mention in state.tested.items():
        if gene in mutated or gene in wild or gene in state.mentioned or gene in untested:
            continue
        wild[gene] = (mention, "tested, no variant reported")
    for gene, (mention, basis) in wild.items():
        details: dict[str, Any] = {"basis": basis}
        if state.assay:
            details["panel"] = state.assay
        facts.append(
            line_fact(
                mention.line,
                mention.start,
                mention.end,
                kind=FactKind.GENE_STATUS,
                name=gene,
                value="wild_type",
                date=document.date_near(mention.line),
                details=details,
            )
        )
    facts.extend(state.statuses)
    return facts


def _deduplicated(variants: list[tuple[str, Fact, bool]]) -> list[tuple[str, Fact]]:
    """The same variant printed twice (table and interpretation) is one fact; a mention
    without HGVS notation ("SF3B1 mutation", "the NPM1 insertion at a VAF near 40%") is
    dropped when the report also gives a variant of that gene with its notation."""
    rich_genes = {gene for gene, fact, _ in variants if _has_notation(fact)}
    kept: list[tuple[str, Fact]] = []
    seen: dict[tuple[str, str], int] = {}  # (gene, protein or coding change) → index in kept
    sparse: set[str] = set()
    for gene, fact, rich in variants:
        if gene in rich_genes and not _has_notation(fact):
            continue
        if not rich:
            if gene in rich_genes or gene in sparse:
                continue
            sparse.add(gene)
            kept.append((gene, fact))
            continue
        keys = _variant_keys(gene, fact.details)
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            # Named again ("the DDX41 c.3G>A variant ... is germline"): one variant, with
            # what the later mention adds.
            first = kept[earlier][1]
            kept[earlier] = (gene, first.model_copy(update={"details": _merged(first, fact)}))
            continue
        for key in keys:
            seen[key] = len(kept)
        kept.append((gene, fact))
    return kept


def _merged(first: Fact, later: Fact) -> dict[str, Any]:
    details = dict(first.details)
    for key, value in later.details.items():
        if details.get(key) is None and value is not None:
            details[key] = value
    return details


def _has_notation(fact: Fact) -> bool:
    return "hgvs_c" in fact.details or "hgvs_p" in fact.details


def _variant_keys(gene: str, details: dict[str, Any]) -> list[tuple[str, str]]:
    keys = []
    protein = details.get("hgvs_p")
    if protein:
        keys.append((gene, "p:" + protein_key(str(protein))))
    coding = details.get("hgvs_c")
    if coding:
        keys.append((gene, "c:" + str(coding)))
    return keys
