"""What care teams typically consider in a situation like yours: rules → cited passages.

Each rule names the situation in the person's own values and points to passages of
the knowledge base that describe the options, which carry their own citations.
The wording stays "options to discuss": the passages were written that way, and no
rule ever ranks or recommends an option. Clinical sources are in the passages:
lenalidomide for lower-risk del(5q) (Revlimid label; MDS-004), ESAs when serum EPO
is ≤ 500 U/L, luspatercept (MEDALIST; COMMANDS, label extended 2023), imetelstat
after ESA failure (label, June 2024), HMAs and early transplant evaluation in
higher-risk disease, ivosidenib for relapsed or refractory IDH1-mutated MDS
(label, October 2023).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from onconav.guidance.situation import RiskLevel, Situation
from onconav.records.censored import plain_number, printed_value
from onconav.records.model import FactKind

ANEMIA_HEMOGLOBIN = 10.0  # g/dL: IPSS/IPSS-R anemia threshold, and the usual treatment trigger
EPO_ESA_LIMIT = 500.0  # mU/mL: ESAs are typically considered at or below this serum EPO
RING_SIDEROBLASTS = 15.0  # %: WHO 2022 stand-in for an SF3B1 mutation
HYPOCELLULAR = 25.0  # %: WHO 2022 hypoplastic MDS
HMAS = frozenset({"azacitidine", "decitabine", "decitabine-cedazuridine"})
ESAS = frozenset({"epoetin alfa", "darbepoetin alfa"})


@dataclass(frozen=True)
class OptionRule:
    id: str
    applies: Callable[[Situation], bool]
    reason: Callable[[Situation], str]
    passages: tuple[str, ...]
    # Fact names whose records the reason rests on (cited beside it).
    evidence: tuple[str, ...] = ()


def _number(situation: Situation, name: str) -> float | None:
    fact = situation.profile.latest.get(name)
    return plain_number(fact) if fact is not None else None


def _input(situation: Situation, name: str) -> object:
    item = situation.profile.risk.inputs.get(name)
    return item.value if item is not None else None


def _treated_with(situation: Situation, drugs: frozenset[str]) -> bool:
    return any(
        f.kind is FactKind.TREATMENT and f.name.lower() in drugs for f in situation.profile.facts
    )


def _transfused(situation: Situation) -> bool:
    return any(f.kind is FactKind.TRANSFUSION for f in situation.profile.facts)


def anemic(situation: Situation) -> bool:
    hemoglobin = _number(situation, "hemoglobin")
    return _transfused(situation) or (hemoglobin is not None and hemoglobin < ANEMIA_HEMOGLOBIN)


def isolated_del5q(situation: Situation) -> bool:
    return (
        _input(situation, "del5q") is True
        and _input(situation, "complex") is False
        and _input(situation, "del7_7q") is False
    )


def _sf3b1_or_ring_sideroblasts(situation: Situation) -> bool:
    ring = _number(situation, "ring_sideroblasts")
    return _input(situation, "gene:SF3B1") is True or (
        ring is not None and ring >= RING_SIDEROBLASTS
    )


def _lower(situation: Situation) -> bool:
    return situation.risk_level is RiskLevel.LOWER


def _higher(situation: Situation) -> bool:
    return situation.risk_level is RiskLevel.HIGHER


def _hemoglobin_text(situation: Situation) -> str:
    fact = situation.profile.latest.get("hemoglobin")
    if fact is None:
        return "you have had transfusions"
    date = f" on {fact.date:%d %b %Y}" if fact.date else ""
    return f"your hemoglobin was {printed_value(fact)} g/dL{date}"


def _epo_text(situation: Situation) -> str:
    epo = _number(situation, "epo")
    return f"your serum EPO was {epo:g} mU/mL" if epo is not None else "serum EPO"


RULES: tuple[OptionRule, ...] = (
    OptionRule(
        "lower-risk-goals",
        _lower,
        lambda s: f"Your risk is in the lower-risk range ({s.risk_basis}).",
        ("mds-lower-risk-treatment-overview#goals",),
    ),
    OptionRule(
        "lower-risk-anemia",
        lambda s: _lower(s) and anemic(s),
        lambda s: (
            f"In lower-risk MDS with anemia ({_hemoglobin_text(s)}), these are the "
            "situations care teams weigh."
        ),
        ("mds-lower-risk-treatment-overview#situations",),
        ("hemoglobin",),
    ),
    OptionRule(
        "del5q-lenalidomide",
        lambda s: _lower(s) and isolated_del5q(s),
        lambda s: (
            "Your karyotype shows del(5q) without a chromosome 7 change or a complex karyotype."
        ),
        ("mds-lenalidomide-del5q#who",),
        ("karyotype",),
    ),
    OptionRule(
        "esa-low-epo",
        lambda s: (
            _lower(s)
            and anemic(s)
            and not isolated_del5q(s)
            and (_number(s, "epo") or EPO_ESA_LIMIT + 1) <= EPO_ESA_LIMIT
        ),
        lambda s: f"{_epo_text(s).capitalize()}, which is at or below {EPO_ESA_LIMIT:g}.",
        ("mds-esa#who", "mds-luspatercept#who"),
        ("epo", "hemoglobin"),
    ),
    OptionRule(
        "luspatercept-sf3b1",
        lambda s: _lower(s) and anemic(s) and _sf3b1_or_ring_sideroblasts(s),
        lambda s: "Your records show an SF3B1 mutation or ring sideroblasts.",
        ("mds-luspatercept#who",),
        ("SF3B1", "ring_sideroblasts"),
    ),
    OptionRule(
        "after-esa",
        lambda s: _lower(s) and anemic(s) and _treated_with(s, ESAS),
        lambda s: "Your records show treatment with an ESA.",
        ("mds-luspatercept#who", "mds-imetelstat#who"),
        ("epoetin alfa", "darbepoetin alfa"),
    ),
    OptionRule(
        "hypoplastic",
        lambda s: _lower(s) and (_number(s, "cellularity") or HYPOCELLULAR + 1) <= HYPOCELLULAR,
        lambda s: f"Your marrow cellularity was {_number(s, 'cellularity'):g}%.",
        ("mds-immunosuppressive-therapy#who",),
        ("cellularity",),
    ),
    OptionRule(
        "iron",
        lambda s: _transfused(s) or (_number(s, "ferritin") or 0) > 1000,
        lambda s: "Your records show transfusions or a high ferritin.",
        ("mds-iron-overload#when",),
        ("rbc", "ferritin"),
    ),
    OptionRule(
        "higher-risk-goals",
        _higher,
        lambda s: f"Your risk is in the higher-risk range ({s.risk_basis}).",
        (
            "mds-higher-risk-treatment-overview#goals",
            "mds-higher-risk-treatment-overview#transplant",
            "mds-higher-risk-treatment-overview#hma",
        ),
    ),
    OptionRule(
        "transplant",
        _higher,
        lambda s: "In higher-risk MDS, a transplant evaluation is part of the discussion.",
        ("mds-stem-cell-transplant#who",),
    ),
    OptionRule(
        "tp53",
        lambda s: (
            _input(s, "tp53_mutations") is not None and str(_input(s, "tp53_mutations")) != "0"
        ),
        lambda s: "Your gene report shows a TP53 mutation.",
        ("gene-tp53#outlook",),
        ("TP53",),
    ),
    OptionRule(
        "idh1",
        lambda s: any(f.kind is FactKind.VARIANT and f.name == "IDH1" for f in s.profile.facts),
        lambda s: "Your gene report shows an IDH1 mutation.",
        ("mds-ivosidenib-idh1#who",),
        ("IDH1",),
    ),
    OptionRule(
        "after-hma",
        lambda s: _treated_with(s, HMAS) and not _lower(s),
        lambda s: "Your records show treatment with a hypomethylating agent.",
        ("mds-higher-risk-treatment-overview#after-hma",),
        ("azacitidine", "decitabine", "decitabine-cedazuridine"),
    ),
    OptionRule(
        "trials",
        lambda s: _higher(s) or _treated_with(s, HMAS),
        lambda s: "Clinical trials are an option care teams raise at this point.",
        ("mds-higher-risk-treatment-overview#trials",),
    ),
)


def matching_rules(situation: Situation) -> list[OptionRule]:
    return [rule for rule in RULES if rule.applies(situation)]
