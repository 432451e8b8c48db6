"""HLA typing (done or pending, which loci) and performance status.

ECOG performance status is 0-4 (Oken MM et al., Am J Clin Oncol 1982;5:649); the WHO and
Zubrod scales are the same scale. Karnofsky is 0-100 in steps of 10 (Karnofsky DA, Burchenal
JH 1949). A range ("ECOG 1-2") is kept as a range with no single value.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.records.extract.context import assess
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.source import Line
from onconav.records.model import Fact, FactKind

_HLA = re.compile(
    r"\bHLA(?:[\s-]+(?:high[\s-]resolution\s+)?typ(?:ing|ed)|[\s-]+(?:class\s+I+\s+)?typ\w*"
    r"|\s+(?:testing|type|results?))\b",
    re.I,
)
_HLA_DONE = re.compile(
    r"\b(?:complete[d]?|done|performed|resulted|available|on\s+file|typed|obtained|results?"
    r"|finali[sz]ed)\b",
    re.I,
)
_HLA_PENDING = re.compile(
    r"\b(?:sent|pending|ordered|requested|will\s+be|to\s+be|planned|awaited|in\s+progress)\b", re.I
)
_LOCI = re.compile(
    r"\bHLA[\s-]?(?P<locus>A|B|C|DRB1|DQB1|DPB1|DR|DQ|DP)\b|(?<=[,/\s])-?(?P<more>A|B|C|DRB1|DQB1|DPB1)(?=[,/\s)]|$)"
)

_ECOG = re.compile(
    r"\b(?:ECOG|WHO|Zubrod)(?:\s+(?:PS|performance\s+status|performance\s+score))?"
    r"\s*(?:score\s*)?(?:of\s+|[:=]\s*|is\s+|was\s+)?\(?(?P<v>[0-4])(?:\s*(?:-|–|to|/)\s*(?P<hi>[0-4]))?"
    r"\)?(?![\d%]|\.\d)",
    re.I,
)
_PS = re.compile(
    r"\b(?:performance\s+status|PS)\s*(?:\((?:ECOG|WHO)\))?\s*(?:score\s*)?(?:of\s+|[:=]\s*|is\s+)?"
    r"(?P<v>\d{1,3})(?:\s*(?:-|–|to)\s*(?P<hi>\d{1,3}))?\s*(?P<pct>%)?(?![\d]|\.\d)",
    re.I,
)
_KARNOFSKY = re.compile(
    r"\b(?:Karnofsky(?:\s+performance\s+(?:status|score))?|KPS)\s*(?:score\s*)?"
    r"(?:of\s+|[:=]\s*|is\s+|was\s+)?(?P<v>\d{2,3})(?:\s*(?:-|–|to)\s*(?P<hi>\d{2,3}))?\s*%?",
    re.I,
)


def extract_history(document: DocumentText) -> list[Fact]:
    facts: list[Fact] = []
    for line in document.wrapped_lines():
        hla = _hla(document, line)
        if hla is not None:
            facts.append(hla)
        facts.extend(_performance(document, line))
    return facts


def _hla(document: DocumentText, line: Line) -> Fact | None:
    match = _HLA.search(line.text)
    if match is None:
        return None
    assertion = assess(line.text, [match.span()])[0]
    after = line.text[match.start() :]
    if _HLA_PENDING.search(line.text):
        value = "pending"
    elif _HLA_DONE.search(after) or _HLA_DONE.search(line.text[: match.start()]):
        value = "typed"
    else:
        return None
    if assertion.negated and value == "typed":
        return None  # "HLA typing not done"
    loci = sorted({m.group("locus") or m.group("more") for m in _LOCI.finditer(line.text)})
    details: dict[str, Any] = {"loci": loci} if loci else {}
    return line_fact(
        line,
        match.start(),
        match.end(),
        kind=FactKind.HLA,
        name="hla",
        value=value,
        date=document.date_near(line),
        details=details,
        flags=("hedged",) if assertion.hedged else (),
    )


def _performance(document: DocumentText, line: Line) -> list[Fact]:
    text = line.text
    facts = []
    ecog = _ECOG.search(text)
    if ecog is not None and not _is_who_classification(text, ecog):
        facts.append(_ps_fact(document, line, ecog, "ecog", 4))
    karnofsky = _KARNOFSKY.search(text)
    if karnofsky is not None:
        facts.append(_ps_fact(document, line, karnofsky, "karnofsky", 100))
    if ecog is None and karnofsky is None:
        plain = _PS.search(text)
        if plain is not None:
            value = int(plain.group("v"))
            if value <= 4 and not plain.group("pct"):
                facts.append(_ps_fact(document, line, plain, "ecog", 4))
            elif value % 10 == 0 and value <= 100:
                facts.append(_ps_fact(document, line, plain, "karnofsky", 100))
    return [fact for fact in facts if fact is not None]


def _is_who_classification(text: str, match: re.Match[str]) -> bool:
    """'WHO 2022' or 'WHO grade 2' is not a performance status."""
    return match.group(0).upper().startswith("WHO") and not re.search(
        r"WHO\s+(?:PS|performance)", match.group(0), re.I
    )


def _ps_fact(
    document: DocumentText, line: Line, match: re.Match[str], scale: str, maximum: int
) -> Fact:
    low = int(match.group("v"))
    high = int(match.group("hi")) if match.group("hi") else None
    details: dict[str, Any] = {}
    value: int | None = low
    if high is not None and high != low:
        details["range"] = [low, high]
        value = None
    if value is not None and value > maximum:
        value = None
        details["out_of_range"] = True
    return line_fact(
        line,
        match.start(),
        match.end(),
        kind=FactKind.PERFORMANCE_STATUS,
        name=scale,
        value=value,
        original_value=match.group(0)[match.start("v") - match.start() :].strip(),
        date=document.date_near(line),
        details=details,
    )
