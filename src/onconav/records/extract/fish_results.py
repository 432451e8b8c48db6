"""FISH results, from ISCN (``nuc ish(EGR1x1,D5S23x2)[156/200]``) and from prose or tables
("Deletion of 5q31 (EGR1) in 78% of nuclei (cutoff 5.5%)", "Negative for trisomy 8").

In ISCN a normal result gives every probe two signals; any other signal number is the
abnormal pattern the lab reports. In prose the lab's own words decide (deleted, positive,
abnormal / normal, negative, no evidence of), with ConText for negation. Whether a
percentage is above the lab's cut-off is the lab's call: the percentage and the cut-off are
kept side by side, never compared here. An abnormality said to be absent ("normal, no
trisomy 8") is a normal result; loss of heterozygosity is not a FISH result.

A report that gives a probe in ISCN and again in words, or its cut-offs on a line of their
own ("Cut-offs: 5q31 6%, 7q31 6%"), gives one fact per probe target (``merged_fish``).
"""

from __future__ import annotations

import re
from typing import Any

from onconav.clinical.karyotype.model import FishFinding, FishResult
from onconav.records.extract.context import assess
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import new_fact
from onconav.records.extract.fish_probes import (
    FISH_CONTEXT,
    TARGETS,
    FishTarget,
    is_control,
    target_for_probe,
)
from onconav.records.extract.fish_table import row_values, table_columns
from onconav.records.extract.numbers import DECIMAL, decimal_value
from onconav.records.extract.source import Line, PageText
from onconav.records.extract.untested import Untested, find_untested
from onconav.records.model import Fact, FactKind

_ABNORMAL = re.compile(
    r"\b(?:deleted|deletions?|loss|lost|abnormal|positive|detected|gain|gained|trisomy|monosomy"
    r"|rearrange\w*|amplifi\w*|extra\s+(?:copy|copies|signals?)|one\s+signal|three\s+signals"
    r"|hemizygous|monoallelic)\b",
    re.I,
)
_NORMAL = re.compile(
    r"\b(?:normal(?!\s+(?:cut-?off|range|limit|value|reference))|negative|not\s+detected"
    r"|no\s+evidence|within\s+normal\s+limits|wnl|no\s+(?:deletion|loss|gain|abnormality"
    r"|rearrangement|amplification)|not\s+(?:deleted|rearranged|amplified))\b",
    re.I,
)
_ABNORMALITY = (
    r"(?:deleted|deletions?|loss|lost|gains?|gained|trisomy|monosomy|rearrange\w*|amplifi\w*"
    r"|abnormal\w*|extra\s+(?:copy|copies|signals?))"
)
_FOUND = r"(?:detected|seen|found|identified|observed|present|demonstrated)"
# "no trisomy", "without loss", "negative for deletion", "no 5q31 deletion was detected",
# "a gain was not identified": an abnormality said to be absent. The verb after it is part
# of the statement, not a finding of its own.
_ABSENT_ABNORMALITY = re.compile(
    r"\b(?:no|without|negative\s+for|not)\s+(?:evidence\s+of\s+|significant\s+|an?\s+)?"
    rf"(?:\w+\s+)?{_ABNORMALITY}\b"
    rf"(?:[^.;,()]{{0,30}}?\b(?:was|were|is|are|has\s+been|have\s+been)\s+{_FOUND}\b)?"
    rf"|\b{_ABNORMALITY}[^.;()]{{0,25}}?\b(?:was|were|is|are)\s+not\s+{_FOUND}\b",
    re.I,
)
_LOH_LINE = re.compile(
    r"loss\s+of\s+heterozygosity|\bLOH\b|uniparental\s+disomy|allelic\s+imbalance", re.I
)
_SENTENCE_BREAK = re.compile(r"[.;!?](?=\s+[A-Z(])")
_CUTOFF_LABEL_ENDS = re.compile(
    r"(?:cut-?offs?|thresholds?|normal\s+limits?|reference\s+limits?)[^:]{0,40}:\s*$", re.I
)
_FISH_WORDS = re.compile(r"\bnuclei\b|\bsignals?\b|\bprobes?\b|\bFISH\b", re.I)
_CUTOFF_LIST = re.compile(r"cut-?offs?|thresholds?|normal\s+limits?|reference\s+limits?", re.I)
_PERCENT = re.compile(rf"(?P<num>{DECIMAL})\s*%")
_CUTOFF_AFTER = re.compile(
    r"[\s:=]*(?:\)\s*)?(?:(?:deletion|loss|gain|trisomy|monosomy|signals?|probe|pattern)\s+)?"
    rf"(?:(?:is|of|at|=|:)\s*)?(?P<num>{DECIMAL})\s*%",
    re.I,
)
_PERCENT_FOR = re.compile(rf"(?P<num>{DECIMAL})\s*%\s*(?:for|in|at)\s+(?:the\s+)?")
_NUCLEI = re.compile(
    r"(?P<with>\d{1,4})\s*/\s*(?P<total>\d{2,4})(?:\s*(?:interphase\s+)?(?:nuclei|cells))?"
)
_CUTOFF = re.compile(
    r"(?:cut-?off|normal\s+(?:range|limit|cut-?off|value)|reference(?:\s+range)?|threshold"
    rf"|upper\s+limit)[^%\d]{{0,15}}?[<>≤≥]?\s*(?P<num>{DECIMAL})\s*%",
    re.I,
)


def iscn_fish_facts(
    document: DocumentText, page: PageText, start: int, end: int, fish: FishResult, line: Line
) -> list[Fact]:
    """One fact per pattern of an ISCN FISH result found at ``page.text[start:end]``."""
    facts = []
    for finding in fish.findings:
        target, probe = _finding_target(finding)
        value = _finding_value(finding)
        details: dict[str, Any] = {
            "probes": [signal.probe for signal in finding.signals],
            "pattern": finding.text,
            "method": fish.method,
        }
        if finding.nuclei_total is not None:
            details["nuclei"] = [finding.nuclei_with_pattern, finding.nuclei_total]
        if value == "abnormal" and finding.percent is not None:
            details["percent"] = finding.percent
        cutoff = _CUTOFF.search(line.text)
        if cutoff is not None:
            details["cutoff"] = decimal_value(cutoff.group("num"))
        facts.append(
            new_fact(
                page,
                start,
                end,
                kind=FactKind.FISH,
                name=target.name if target else probe,
                value=value,
                date=document.date_near(line),
                details=details,
            )
        )
    return facts


def _finding_target(finding: FishFinding) -> tuple[FishTarget | None, str]:
    probes = [signal.probe for signal in finding.signals]
    for probe in probes:
        target = target_for_probe(probe)
        if target is not None and not is_control(probe):
            return target, probe
    for probe in probes:
        target = target_for_probe(probe)
        if target is not None:
            return target, probe
    return None, probes[0] if probes else "FISH"


def _finding_value(finding: FishFinding) -> str | None:
    copies = [signal.copies for signal in finding.signals]
    if any(count is None for count in copies):
        return None
    return "normal" if all(count == 2 for count in copies) else "abnormal"


def extract_fish_text(document: DocumentText, iscn_spans: list[tuple[int, int, int]]) -> list[Fact]:
    """FISH results written in words, on lines that are not ISCN."""
    facts: list[Fact] = []
    untested = find_untested(document)
    for page in document.pages:
        columns: list[str] | None = None
        previous: Line | None = None
        # A sentence wrapped over lines is read whole: its cut-off may be on the next line.
        for line in document.wrapped_page_lines(page):
            above, previous = previous, line
            if not line.stripped:
                columns = None
                continue
            header = table_columns(line.text)
            if header is not None:
                columns = header
                continue
            in_section = document.in_fish_section(line)
            if _inside_iscn(line, iscn_spans) or re.search(
                r"\bish\s*\(|nuc\s*ish", line.text, re.I
            ):
                continue
            text = line.text if in_section else _fish_sentences(line.text)
            if not text.strip():
                continue
            if _LOH_LINE.search(text) and not _FISH_WORDS.search(text):
                continue  # loss of heterozygosity is read by sequencing or SNP arrays
            if listed_cutoffs(cutoff_text(above, line)):
                continue
            facts.extend(_line_facts(document, line, text, columns, untested))
    return facts


def document_cutoffs(document: DocumentText) -> dict[str, float]:
    """Every cut-off the document lists apart from its results, by target name."""
    found: dict[str, float] = {}
    for page in document.pages:
        above: Line | None = None
        for line in document.wrapped_page_lines(page):
            found.update(listed_cutoffs(cutoff_text(above, line)))
            above = line
    return found


def cutoff_text(above: Line | None, line: Line) -> str:
    """The line, with the cut-off label of the line above when that line ends with it
    ("Laboratory cut-offs:" / "EGR1 deletion 5.5%; CEP8 gain 4.2%")."""
    if above is not None and _CUTOFF_LABEL_ENDS.search(above.text):
        return f"cut-offs: {line.text}"
    return line.text


def _fish_sentences(text: str) -> str:
    """Outside a FISH section, only the sentences that speak of FISH (``FISH_CONTEXT``) can
    give a FISH result: in a paragraph, "no TP53 variant ... . 17p is assessed by FISH" has
    no TP53 FISH result. Other sentences are blanked, keeping offsets."""
    chars = list(text)
    start = 0
    for end in [m.end() for m in _SENTENCE_BREAK.finditer(text)] + [len(text)]:
        if not FISH_CONTEXT.search(text, start, end):
            chars[start:end] = " " * (end - start)
        start = end
    return "".join(chars)


def listed_cutoffs(text: str) -> dict[str, float]:
    """'Cut-offs: 5q31 6%, 7q31 6%, CEP8 4%', 'cut-offs are 6% for 5q31 and 5% for 7q31',
    'the cut-off for an EGR1 deletion is 5.5%': each target named after the cut-off word with
    its cut-off; empty for any other line (a result gives its cut-off after the result)."""
    label = _CUTOFF_LIST.search(text)
    if label is None:
        return {}
    mentions = sorted(
        (match.start(), match.end(), target.name)
        for target in TARGETS
        for match in target.text.finditer(text, label.end())
    )
    found: dict[str, float] = {}
    for index, (start, end, name) in enumerate(mentions):
        stop = mentions[index + 1][0] if index + 1 < len(mentions) else len(text)
        after = _CUTOFF_AFTER.match(text, end, stop)
        before = _PERCENT_FOR.search(text, max(label.end(), start - 20), start)
        if after is not None:
            found.setdefault(name, decimal_value(after.group("num")))
        elif before is not None and before.end() == start:
            found.setdefault(name, decimal_value(before.group("num")))
    return found


def merged_fish(facts: list[Fact], cutoffs: dict[str, float]) -> list[Fact]:
    """One FISH fact per probe target, date and result: a report gives a probe in ISCN and
    again in words, each with part of the numbers (nuclei, percentage, cut-off); the fact
    with the most details is kept and completed from the others, and from cut-offs listed
    apart. Disagreeing results for one target stay separate, for the person to see."""
    groups: dict[tuple[object, ...], list[Fact]] = {}
    others: list[Fact] = []
    for fact in facts:
        if fact.kind is FactKind.FISH:
            groups.setdefault((fact.name, fact.date, fact.value), []).append(fact)
        else:
            others.append(fact)
    merged = []
    for (name, _, _), group in groups.items():
        base = max(group, key=lambda f: (len(f.details), f.details.get("method") == "text"))
        details = dict(base.details)
        for fact in group:
            for key, value in fact.details.items():
                details.setdefault(key, value)
        if str(name) in cutoffs:
            details.setdefault("cutoff", cutoffs[str(name)])
        merged.append(base.model_copy(update={"details": details}))
    return [*others, *merged]


def _inside_iscn(line: Line, spans: list[tuple[int, int, int]]) -> bool:
    page = line.page.page.number
    return any(p == page and s < line.end and line.start < e for p, s, e in spans)


def _line_facts(
    document: DocumentText,
    line: Line,
    text: str,
    columns: list[str] | None,
    untested: Untested,
) -> list[Fact]:
    """FISH results in ``text``: the line's text, with what does not count blanked."""
    mentions: list[tuple[FishTarget, re.Match[str]]] = []
    for target in TARGETS:
        match = target.text.search(text)
        if match is not None and untested.covers(line, *match.span()):
            continue  # "TP53 FISH was not done" is no result, never a normal one
        if match is not None and not any(
            m.start() < match.end() and match.start() < m.end() for _, m in mentions
        ):
            mentions.append((target, match))
    if not mentions:
        return []
    mentions.sort(key=lambda pair: pair[1].start())
    assertions = assess(text, [(m.start(), m.end()) for _, m in mentions])
    masked = _mask(text, [m for _, m in mentions])
    absent = list(_ABSENT_ABNORMALITY.finditer(masked))
    masked = _mask(masked, absent)
    normal_word = _NORMAL.search(masked) or (absent[0] if absent else None)
    abnormal_word = _ABNORMAL.search(masked)
    inherent = any(_ABNORMAL.search(m.group(0)) for _, m in mentions)
    single = len(mentions) == 1
    facts = []
    for (target, match), assertion in zip(mentions, assertions, strict=True):
        if assertion.hypothetical:
            continue  # a probe suggested for a later sample has no result yet
        if assertion.negated or (normal_word and not abnormal_word):
            value = "normal"
            word = normal_word.group(0) if normal_word else "negated"
        elif abnormal_word or _ABNORMAL.search(match.group(0)) or (inherent and single):
            value = "abnormal"
            word = (abnormal_word or _ABNORMAL.search(match.group(0)) or match).group(0)
        else:
            continue
        details: dict[str, Any] = {"interpretation": word, "method": "text"}
        if single:
            details.update(_numbers(text))
            if columns:
                spans = [m.span() for m in target.text.finditer(text)]  # "CEP8 ... trisomy 8"
                details.update(row_values(text, spans, columns))
        facts.append(
            new_fact(
                line.page,
                line.start + match.start(),
                line.end if single else line.start + match.end(),
                kind=FactKind.FISH,
                name=target.name,
                value=value,
                date=document.date_near(line),
                details=details,
                flags=("hedged",) if assertion.hedged else (),
            )
        )
    return facts


def _mask(text: str, matches: list[re.Match[str]]) -> str:
    chars = list(text)
    for match in matches:
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _numbers(text: str) -> dict[str, Any]:
    details: dict[str, Any] = {}
    cutoff = _CUTOFF.search(text)
    cutoff_span = cutoff.span("num") if cutoff else None
    if cutoff is not None:
        details["cutoff"] = decimal_value(cutoff.group("num"))
    nuclei = _NUCLEI.search(text)
    if nuclei is not None and int(nuclei.group("total")) >= int(nuclei.group("with")):
        found, total = int(nuclei.group("with")), int(nuclei.group("total"))
        details["nuclei"] = [found, total]
        details["percent"] = round(100.0 * found / total, 1)
    for percent in _PERCENT.finditer(text):
        if cutoff_span and percent.start("num") == cutoff_span[0]:
            continue
        details["percent"] = decimal_value(percent.group("num"))
        break
    return details
