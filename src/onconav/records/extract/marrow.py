"""Bone marrow findings with a number or a yes/no: blasts (and how they were counted), ring
sideroblasts, cellularity, fibrosis grade, Auer rods and specimen adequacy.

Only the aspirate differential gives ``marrow_blasts``, the number WHO 2022, ICC 2022 and
IPSS-R classify by; a CD34 percentage by flow cytometry or immunohistochemistry is never the
classifying number. ``blast_method`` says how the report's blast figure was obtained: with an
aspirate count it is "aspirate" and the CD34 percentages go beside the count
(``cd34_flow_percent``, ``cd34_ihc_percent``); without one, the CD34 estimate is kept as a
``blast_method`` fact ("flow" / "IHC") with its percentage. A range ("30-40%") is kept as a
range with no single value; a bound ("<5%", "less than 1%") keeps its comparator. Findings
are read on lines with wrapped sentences joined (``wrapping``).
"""

from __future__ import annotations

import re

from onconav.records.extract.clauses import clauses, neutral
from onconav.records.extract.document import DocumentText, Specimen
from onconav.records.extract.marrow_cells import cellularity, ring_sideroblasts
from onconav.records.extract.marrow_findings import adequacy, auer_rods, fibrosis
from onconav.records.extract.marrow_percent import OTHER_CELLS, PERCENT, marrow_fact, read_percent
from onconav.records.extract.source import Line
from onconav.records.model import Fact

_BLAST_AFTER = re.compile(
    rf"(?<![A-Za-z])(?P<label>(?:CD34[\s-]*(?:\+|positive|pos\.?)?\s*)?(?:myelo)?blasts?"
    rf"(?:\s+count)?)\b"
    # the gap may hold the size of the count: "Blasts, aspirate differential (500 cells): 3 %"
    rf"(?P<gap>(?:[^%\d;]|\(\s*\d{{2,4}}[\s-]*cells?\b[^)%]{{0,20}}\)){{0,45}}?){PERCENT}",
    re.I,
)

_BLAST_BEFORE = re.compile(
    rf"{PERCENT}\s*(?:of\s+)?(?<![A-Za-z])(?P<label>(?:CD34[\s-]*(?:\+|positive|pos\.?)?\s*)?"
    r"(?:myelo)?blasts?)\b",
    re.I,
)

_CD34_SHARE = re.compile(
    rf"(?P<label>CD34)\b(?P<gap>[^%;]{{0,70}}?){PERCENT}\s*(?:of\s+)?(?:the\s+)?"
    r"(?:total\s+|overall\s+|marrow\s+)*(?:cellularity|cells|nucleated\s+cells|events)",
    re.I,
)

_CRITERION = re.compile(
    r"\bcriteri(?:a|on)\b|\bdefin(?:e|es|ed|ing|ition)\b|\bthreshold|\bcut-?off|\bmeets?\b", re.I
)
# "Blasts, aspirate differential (500 cells): 3 %": the words between say how they were
# counted, not that a list of other cells follows.
_METHOD_GAP = re.compile(r"\b(?:aspirate|differential|smears?|manual|morpholog\w*)\b", re.I)
_LIST_GAP = re.compile(r"\b(?:and|with|or|plus)\b|,", re.I)

# The aspirate's blasts judged in words: "blasts are not increased", "no excess of blasts".
_BLASTS_IN_WORDS = re.compile(
    r"\bblasts?\s+(?:are|is|were|was)\s+not\s+(?:increased|raised|elevated)\b"
    r"|\bno\s+(?:increase|excess)\s+(?:in|of)\s+(?:myelo)?blasts\b"
    r"|\bblasts?\s+(?:are|is)\s+(?:not\s+)?(?:within\s+normal\s+limits|normal\s+in\s+number)\b",
    re.I,
)
_FLOW_WORDS = re.compile(r"flow|events|cytometr|gated|\bCD45\b|immunophenotyp", re.I)

_IHC_WORDS = re.compile(
    r"immunohisto|\bIHC\b|immunostain|stain(?:s|ed|ing)?\b|cellularity|\bcore\b|biopsy|clot",
    re.I,
)


def extract_marrow(document: DocumentText) -> list[Fact]:
    facts: list[Fact] = []
    blasts: list[Fact] = []
    stated_in_words = False
    for line in document.wrapped_lines():
        if not line.stripped:
            continue
        if document.specimen(line) is Specimen.MARROW and _BLASTS_IN_WORDS.search(line.text):
            stated_in_words = True
        facts.extend(auer_rods(document, line))  # Auer rods matter in blood blasts too
        specimen = document.specimen(line)
        if specimen not in (Specimen.MARROW, Specimen.FLOW):
            continue
        blasts.extend(_blasts(document, line, specimen))
        facts.extend(ring_sideroblasts(document, line))
        facts.extend(cellularity(document, line))
        facts.extend(fibrosis(document, line))
        facts.extend(adequacy(document, line))
    if stated_in_words and not any(f.name == "marrow_blasts" for f in blasts):
        # "Blasts are not increased": the aspirate assessed the blasts, without a number;
        # a CD34 estimate supports it and is not how the blasts were counted.
        blasts = [f for f in blasts if f.value not in ("flow", "IHC")]
    return [*_with_cd34_beside_the_count(blasts), *_described_cellularity_once(facts)]


def _with_cd34_beside_the_count(facts: list[Fact]) -> list[Fact]:
    """``blast_method`` is how the report's blast count was made. When the aspirate gives the
    count, a CD34 percentage by flow or immunohistochemistry is not a second blast fact but a
    detail beside the count of the same date ("cd34_flow_percent", "cd34_ihc_percent")."""
    counts = [f for f in facts if f.name == "marrow_blasts"]
    if not counts:
        return facts
    estimates = [f for f in facts if f.name == "blast_method" and f.value in ("flow", "IHC")]
    kept = []
    for fact in facts:
        if fact in estimates:
            continue
        if fact.name == "marrow_blasts":
            extra: dict[str, object] = {}
            for estimate in estimates:
                if estimate.date == fact.date and estimate.details.get("percent") is not None:
                    key = f"cd34_{str(estimate.value).lower()}_percent"
                    extra.setdefault(key, estimate.details["percent"])
            fact = fact.model_copy(update={"details": {**fact.details, **extra}})
        kept.append(fact)
    return kept


def _described_cellularity_once(facts: list[Fact]) -> list[Fact]:
    """'hypocellular' without a number adds nothing when the report gives the percentage."""
    if any(f.name == "cellularity" and f.value is not None for f in facts):
        return [f for f in facts if f.name != "cellularity" or f.value is not None]
    return facts


def _blasts(document: DocumentText, line: Line, specimen: Specimen) -> list[Fact]:
    facts: list[Fact] = []
    text = neutral(line.text)
    taken: list[tuple[int, int]] = []
    for clause_start, clause_end in clauses(text):
        clause = text[clause_start:clause_end]
        found: list[tuple[re.Match[str], str]] = []
        for pattern in (_CD34_SHARE, _BLAST_BEFORE, _BLAST_AFTER):
            for match in pattern.finditer(text, clause_start, clause_end):
                gap = match.groupdict().get("gap") or ""
                if pattern is _BLAST_AFTER and (
                    OTHER_CELLS.search(gap)
                    or (_LIST_GAP.search(gap) and not _METHOD_GAP.search(gap))
                    or OTHER_CELLS.match(text, _skip_spaces(text, match.end()))
                ):
                    continue
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                taken.append((match.start(), match.end()))
                found.append((match, _method(match, clause, specimen)))
        for match, method in found:
            percent = read_percent(match)
            if percent.high is not None and _CRITERION.search(clause):
                continue  # "blasts between 10% and 19% meet the criteria": a definition
            start, end = min(match.start(), percent.start), match.end()
            details = {"percent": percent.value, **percent.details()}
            facts.append(marrow_fact(document, line, start, end, "blast_method", method, details))
            if method == "aspirate":
                facts.append(
                    marrow_fact(
                        document,
                        line,
                        start,
                        end,
                        "marrow_blasts",
                        percent.value,
                        {"blast_method": method, **percent.details()},
                        unit="%",
                        original_value=line.text[percent.start : percent.end],
                    )
                )
    return facts


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t(":
        position += 1
    return position


def _method(match: re.Match[str], clause: str, specimen: Specimen) -> str:
    label = match.group("label")
    if match.re is _CD34_SHARE:
        return "flow" if _FLOW_WORDS.search(clause) else "IHC"
    if specimen is Specimen.FLOW or _FLOW_WORDS.search(clause):
        return "flow"
    if "cd34" in label.lower():
        return "IHC" if _IHC_WORDS.search(clause) else "flow"
    return "aspirate"
