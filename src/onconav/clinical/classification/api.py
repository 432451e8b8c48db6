"""Public entry points: WHO 2022, ICC 2022, and both side by side."""

from __future__ import annotations

from typing import Any

from onconav.clinical.classification.case_facts import CaseFacts, case_facts
from onconav.clinical.classification.crosswalk import side_by_side
from onconav.clinical.classification.cytogenetic_facts import (
    KaryotypeSummarizer,
    bundled_karyotype_summarizer,
)
from onconav.clinical.classification.engine import classify_with
from onconav.clinical.classification.findings import Findings
from onconav.clinical.classification.icc2022 import ICC2022_SPEC
from onconav.clinical.classification.result import Classification, SideBySide
from onconav.clinical.classification.who2022 import WHO2022_SPEC

SCHEMA_ID = "https://onconav.org/schemas/mds_findings.schema.json"


def _facts(findings: Findings, summarize: KaryotypeSummarizer | None) -> CaseFacts:
    return case_facts(findings, summarize or bundled_karyotype_summarizer())


def classify_who2022(
    findings: Findings, *, summarize_karyotype: KaryotypeSummarizer | None = None
) -> Classification:
    """Candidate WHO 2022 (5th edition) category for the findings (Khoury et al., 2022)."""
    return classify_with(WHO2022_SPEC, _facts(findings, summarize_karyotype))


def classify_icc2022(
    findings: Findings, *, summarize_karyotype: KaryotypeSummarizer | None = None
) -> Classification:
    """Candidate ICC 2022 category for the findings (Arber et al., 2022)."""
    return classify_with(ICC2022_SPEC, _facts(findings, summarize_karyotype))


def classify(
    findings: Findings, *, summarize_karyotype: KaryotypeSummarizer | None = None
) -> SideBySide:
    """Both systems side by side, with the crosswalk and the points where they diverge."""
    facts = _facts(findings, summarize_karyotype)
    return side_by_side(
        classify_with(WHO2022_SPEC, facts), classify_with(ICC2022_SPEC, facts), facts
    )


def findings_json_schema() -> dict[str, Any]:
    """The published JSON Schema of a findings file, generated from ``Findings``."""
    schema = Findings.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "onconav MDS findings (WHO 2022 / ICC 2022 classification input)",
    }
