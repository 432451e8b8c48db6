"""Trials, first step: a ClinicalTrials.gov search built from the profile — a search, not a match.

The search uses the public website's query parameters (``cond``, ``term``,
``locStr``, ``country``, ``aggFilters=status:rec`` for recruiting studies); the
site applies its own default distance around the ZIP code.
"""

from __future__ import annotations

from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict

from onconav.guidance.situation import RiskLevel, Situation
from onconav.records.model import FactKind

SEARCH_URL = "https://clinicaltrials.gov/search"
MAX_GENES = 3


class TrialSearch(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    condition: str
    terms: tuple[str, ...]
    location: str | None
    explanation: str
    questions: tuple[str, ...]


def trial_search(situation: Situation, zip_code: str | None = None) -> TrialSearch:
    condition = "Myelodysplastic Syndromes"
    terms: list[str] = []
    if situation.risk_level is RiskLevel.HIGHER:
        terms.append("higher risk")
    elif situation.risk_level is RiskLevel.LOWER:
        terms.append("lower risk")
    genes = sorted(
        {
            f.name
            for f in situation.profile.facts
            if f.kind is FactKind.VARIANT and "superseded" not in f.flags
        }
    )
    # Mutations with targeted trials first (TP53, IDH1/2, SF3B1 ...), then the rest.
    priority = ["TP53", "IDH1", "IDH2", "SF3B1", "FLT3", "NPM1", "SRSF2", "U2AF1", "ASXL1"]
    genes.sort(key=lambda g: priority.index(g) if g in priority else len(priority))
    chosen = genes[:MAX_GENES]
    params = {"cond": condition, "aggFilters": "status:rec"}
    if chosen:
        params["term"] = " OR ".join(chosen)
    if zip_code:
        params["locStr"] = zip_code
        params["country"] = "United States"
    url = f"{SEARCH_URL}?{urlencode(params)}"
    described = ", ".join(chosen) if chosen else "no gene terms (no mutations in your records)"
    return TrialSearch(
        url=url,
        condition=condition,
        terms=tuple(chosen),
        location=zip_code,
        explanation=(
            "This is a search, not a match. It lists recruiting MDS studies on ClinicalTrials.gov"
            f" mentioning {described}"
            + (f", near ZIP {zip_code}" if zip_code else "")
            + ". onconav has not checked whether you meet any study's criteria; only the study "
            "team can decide that."
        ),
        questions=(
            "Is there a clinical trial that fits my MDS and my mutations?",
            "What would I get in the trial that I would not get otherwise?",
            "How often would I need to travel, and who pays for what?",
            "Can I leave the trial, and what happens then?",
            "Would joining this trial rule me out of other trials or a transplant later?",
        ),
    )
