"""FISH results, from ISCN (``nuc ish(EGR1x1,D5S23x2)[156/200]``) and from prose or tables
("Deletion of 5q31 (EGR1) in 78% of nuclei (cutoff 5.5%)", "Negative for trisomy 8").

In ISCN a normal result gives every probe two signals; any other signal number is the
abnormal pattern the lab reports. In prose the lab's own words decide (deleted, positive,
abnormal / normal, negative, no evidence of), with ConText for negation. Whether a
percentage is above the lab's cut-off is the lab's call: the percentage and the cut-off are
kept side by side, never compared here.
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
from onconav.records.extract.source import Line, PageText
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
_PERCENT = re.compile(r"(?P<num>\d{1,3}(?:\.\d+)?)\s*%")
_NUCLEI = re.compile(
    r"(?P<with>\d{1,4})\s*/\s*(?P<total>\d{2,4})(?:\s*(?:interphase\s+)?(?:nuclei|cells))?"
)
_CUTOFF = re.compile(
    r"(?:cut-?off|normal\s+(?:range|limit|cut-?off|value)|reference(?:\s+range)?|threshold"
    r"|upper\s+limit)[^%\d]{0,15}?[<>≤≥]?\s*(?P<num>\d{1,3}(?:\.\d+)?)\s*%",
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
            details["cutoff"] = float(cutoff.group("num"))
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
    for page in document.pages:
        for line in page.lines:
            in_section = document.in_fish_section(line)
            if _inside_iscn(line, iscn_spans) or re.search(
                r"\bish\s*\(|nuc\s*ish", line.text, re.I
            ):
                continue
            if not (in_section or FISH_CONTEXT.search(line.text)):
                continue
            facts.extend(_line_facts(document, line))
    return facts


def _inside_iscn(line: Line, spans: list[tuple[int, int, int]]) -> bool:
    page = line.page.page.number
    return any(p == page and s < line.end and line.start < e for p, s, e in spans)


def _line_facts(document: DocumentText, line: Line) -> list[Fact]:
    text = line.text
    mentions: list[tuple[FishTarget, re.Match[str]]] = []
    for target in TARGETS:
        match = target.text.search(text)
        if match is not None and not any(
            m.start() < match.end() and match.start() < m.end() for _, m in mentions
        ):
            mentions.append((target, match))
    if not mentions:
        return []
    mentions.sort(key=lambda pair: pair[1].start())
    assertions = assess(text, [(m.start(), m.end()) for _, m in mentions])
    masked = _mask(text, [m for _, m in mentions])
    normal_word = _NORMAL.search(masked)
    abnormal_word = _ABNORMAL.search(masked)
    inherent = any(_ABNORMAL.search(m.group(0)) for _, m in mentions)
    single = len(mentions) == 1
    facts = []
    for (target, match), assertion in zip(mentions, assertions, strict=True):
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
        if value == "normal":
            details.pop("percent", None)
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
        details["cutoff"] = float(cutoff.group("num"))
    nuclei = _NUCLEI.search(text)
    if nuclei is not None and int(nuclei.group("total")) >= int(nuclei.group("with")):
        found, total = int(nuclei.group("with")), int(nuclei.group("total"))
        details["nuclei"] = [found, total]
        details["percent"] = round(100.0 * found / total, 1)
    for percent in _PERCENT.finditer(text):
        if cutoff_span and percent.start("num") == cutoff_span[0]:
            continue
        details["percent"] = float(percent.group("num"))
        break
    return details
