"""The ClinicalTrials.gov search: built from the profile, and said to be a search, not a match."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import cases

from onconav.guidance.situation import assess
from onconav.guidance.trials import trial_search
from onconav.records.profile import build_profile


def test_search_link_carries_condition_mutations_status_and_zip() -> None:
    situation = assess(build_profile("P", cases.higher_risk_tp53_multihit()))
    search = trial_search(situation, zip_code="94110")
    url = urlparse(search.url)
    assert url.netloc == "clinicaltrials.gov"
    assert url.path == "/search"
    query = parse_qs(url.query)
    assert query["cond"] == ["Myelodysplastic Syndromes"]
    assert query["term"] == ["TP53"]
    assert query["aggFilters"] == ["status:rec"]
    assert query["locStr"] == ["94110"]
    assert "search, not a match" in search.explanation
    assert "94110" in search.explanation


def test_targetable_mutations_come_first_and_are_capped() -> None:
    facts = [
        *cases.no_ngs(),
        *cases.panel(
            cases.D(2024, 1, 15),
            {"ASXL1": 0.3, "IDH1": 0.4, "SRSF2": 0.3, "TET2": 0.2, "TP53": 0.1},
            [],
        ),
    ]
    search = trial_search(assess(build_profile("P", facts)))
    assert search.terms == ("TP53", "IDH1", "SRSF2")
    assert "locStr" not in parse_qs(urlparse(search.url).query)


def test_without_mutations_the_search_is_by_condition_only() -> None:
    search = trial_search(assess(build_profile("P", cases.no_ngs())))
    query = parse_qs(urlparse(search.url).query)
    assert "term" not in query
    assert "no gene terms" in search.explanation
    assert len(search.questions) >= 3
