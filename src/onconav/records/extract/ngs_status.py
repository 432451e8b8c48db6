"""Assays reported apart from the panel (FLT3-ITD, FLT3-TKD, KMT2A-PTD: detected or not)
and TP53 allelic state (loss of heterozygosity, copy-number loss: present or absent), which
the WHO 2022 / ICC 2022 TP53 categories and IPSS-M need.
"""

from __future__ import annotations

import re
from typing import Any

from onconav.records.extract.context import Assertion, assess
from onconav.records.extract.document import DocumentText
from onconav.records.extract.facts import line_fact
from onconav.records.extract.ngs_details import masked
from onconav.records.extract.ngs_patterns import (
    ALLELIC_RATIO,
    COPY_LOSS,
    FLT3_ITD,
    FLT3_TKD,
    KMT2A_PTD,
    LOH,
    TP53_CONTEXT,
)
from onconav.records.extract.numbers import decimal_value
from onconav.records.extract.source import Line
from onconav.records.extract.untested import Untested
from onconav.records.model import Fact, FactKind


def assay_statuses(
    document: DocumentText, assay: str | None, line: Line, untested: Untested
) -> list[Fact]:
    """FLT3-ITD, FLT3-TKD, KMT2A-PTD, TP53 LOH and copy loss stated on ``line``; an assay
    the report says was not done gives nothing (see ``untested``)."""
    text = line.text
    facts: list[Fact] = []
    found: list[tuple[str, re.Match[str], tuple[str, str]]] = []
    for name, pattern in (("FLT3-ITD", FLT3_ITD), ("FLT3-TKD", FLT3_TKD), ("KMT2A-PTD", KMT2A_PTD)):
        match = pattern.search(text)
        if match is not None:
            found.append((name, match, ("detected", "not_detected")))
    if TP53_CONTEXT.search(text):
        loh = LOH.search(text)
        if loh is not None:
            found.append(("TP53_LOH", loh, ("present", "absent")))
        loss = copy_loss_clause(text)
        if loss is not None:
            found.append(("TP53_copy_loss", loss, ("present", "absent")))
    if not found:
        return facts
    assertions = assess(text, [match.span() for _, match, _ in found])
    for (name, match, (yes, no)), assertion in zip(found, assertions, strict=True):
        if untested.covers(line, *match.span()):
            continue
        value = _status_value(text, match, assertion, yes, no, name)
        if value is None:
            continue
        details: dict[str, Any] = {}
        if assay:
            details["panel"] = assay
        ratio = ALLELIC_RATIO.search(text, match.end())
        if ratio is not None and value == "detected":
            details["allelic_ratio"] = decimal_value(ratio.group("v"))
        facts.append(
            line_fact(
                line,
                match.start(),
                match.end(),
                kind=FactKind.GENE_STATUS,
                name=name,
                value=value,
                date=document.date_near(line),
                details=details,
                flags=("hedged",) if assertion.hedged else (),
            )
        )
    return facts


def _status_value(
    text: str, match: re.Match[str], assertion: Assertion, yes: str, no: str, name: str
) -> str | None:
    if assertion.negated:
        return no
    if name.startswith("TP53_"):
        return yes  # "TP53 LOH" / "loss of 17p" stated without a negation is a finding
    after = text[match.end() :]
    if re.search(r"\b(?:detected|positive|present|identified|mutated)\b", after, re.I) or (
        ALLELIC_RATIO.search(after)
    ):
        return yes
    if re.search(r"\b(?:detected|positive|present|identified)\b", text[: match.start()], re.I):
        return yes
    return None


def copy_loss_clause(text: str) -> re.Match[str] | None:
    """'TP53 copy number loss', 'deletion of TP53' (not loss of heterozygosity)."""
    blanked = masked(text, list(LOH.finditer(text)))
    for clause in re.split(r"(?<=[;.])\s", blanked):
        offset = blanked.find(clause)
        if not TP53_CONTEXT.search(clause):
            continue
        loss = COPY_LOSS.search(blanked, offset, offset + len(clause))
        if loss is not None:
            return loss
    return None
