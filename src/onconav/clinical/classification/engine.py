"""Runs a system's rules in precedence order and turns the outcome into a ``Classification``.

Rules are tried from the highest precedence down. A rule that is false for every possible
value of the missing inputs is ruled out; the first rule that is true for every possible
value ends the search. Each unknown rule met on the way is a category the case might still
belong to. One distinct category left means it holds whatever the missing inputs are; more
than one means "not assignable yet", with the tests that would decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from onconav.clinical.classification.case_facts import NEED_COUNTS, CaseFacts
from onconav.clinical.classification.result import (
    CategoryKind,
    Classification,
    Criterion,
    Flag,
    MissingInput,
    PossibleCategory,
    Status,
    System,
)
from onconav.clinical.classification.sources import CAP_MDS_REVIEW, Source, Verification
from onconav.clinical.classification.tristate import Expr, Need, Outcome


@dataclass(frozen=True)
class Rule:
    """One category of one system. The condition's docstring names source and verification."""

    id: str
    code: str
    name: str
    kind: CategoryKind
    condition: Callable[[CaseFacts], Expr]
    source: Source
    verification: Verification
    name_for: Callable[[CaseFacts], str] | None = None

    def spelled(self, facts: CaseFacts) -> str:
        return self.name_for(facts) if self.name_for else self.name


@dataclass(frozen=True)
class Subtype:
    name: str | None
    needs: tuple[Need, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The rules a case went through: what was ruled out and what remains possible."""

    ruled_out: tuple[tuple[Rule, Outcome], ...]
    possible: tuple[tuple[Rule, Outcome], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule.code for rule, _ in self.possible))

    @property
    def decided(self) -> tuple[Rule, Outcome] | None:
        return self.possible[-1] if len(self.codes) == 1 else None

    @property
    def code(self) -> str | None:
        """The decided category's code; None while more than one category is possible."""
        decided = self.decided
        return decided[0].code if decided else None

    def possible_rule(self, rule_id: str) -> bool:
        return any(rule.id == rule_id for rule, _ in self.possible)


@dataclass(frozen=True)
class SystemSpec:
    system: System
    version: str
    rules: tuple[Rule, ...]
    flags: Callable[[CaseFacts, Decision], tuple[Flag, ...]]
    qualifiers: Callable[[CaseFacts], tuple[str, ...]]
    subtype: Callable[[CaseFacts, Rule], Subtype]


PREREQUISITE_NOTICE = (
    "Every MDS category needs a low blood count that persists and has no other cause. "
    "Software cannot establish that: vitamin B12, folate or copper deficiency, medicines, "
    "alcohol, infections such as HIV, autoimmune disease and an enlarged spleen must be "
    "ruled out by the care team, who also confirm the blast count and dysplasia."
)


def decide(rules: tuple[Rule, ...], facts: CaseFacts) -> Decision:
    ruled_out: list[tuple[Rule, Outcome]] = []
    possible: list[tuple[Rule, Outcome]] = []
    for rule in rules:
        outcome = rule.condition(facts).evaluate()
        if outcome.value is False:
            ruled_out.append((rule, outcome))
            continue
        possible.append((rule, outcome))
        if outcome.value is True:
            break
    if not possible or possible[-1][1].value is not True:
        raise ValueError("the last rule of a system must always hold")
    return Decision(tuple(ruled_out), tuple(possible))


def classify_with(spec: SystemSpec, facts: CaseFacts) -> Classification:
    decision = decide(spec.rules, facts)
    cytopenia, cytopenia_text = facts.cytopenia()
    prerequisite = Criterion(
        rule_id=f"{spec.system}-R0",
        statement=f"Prerequisite: {cytopenia_text}. Persistence and other causes are for the "
        "care team to assess.",
        source=str(CAP_MDS_REVIEW),
        verification=Verification.VERIFIED.value,
    )
    missing: list[Need] = [] if cytopenia is not None else [NEED_COUNTS]
    decided = decision.decided
    subtype = Subtype(None)
    if decided is not None:
        rule, outcome = decided
        subtype = spec.subtype(facts, rule)
        criteria = (prerequisite, *_criteria(rule, outcome))
        # Unknowns behind same-category rules change the wording (e.g. presumptive), not the code.
        missing += [n for _, o in decision.possible for n in o.needs]
        missing += subtype.needs
        status = Status.NEEDS_REVIEW if rule.kind is CategoryKind.REVIEW else Status.ASSIGNED
    else:
        last_rule, last_outcome = decision.possible[-1]
        criteria = (prerequisite, *_criteria(last_rule, last_outcome))
        missing += [n for _, o in decision.possible for n in o.needs]
        status = Status.NOT_ASSIGNABLE_YET
    missing += _qualifier_needs(facts)
    flags = (*facts.resolution_flags, *spec.flags(facts, decision), *_rule_flags(decision))
    return Classification(
        system=spec.system,
        version=spec.version,
        status=status,
        category=decided[0].spelled(facts) if decided else None,
        code=decision.code,
        kind=decided[0].kind if decided else None,
        decided_by=decided[0].id if decided else None,
        subtype=subtype.name,
        qualifiers=spec.qualifiers(facts),
        prerequisites=PREREQUISITE_NOTICE,
        deciding_criteria=criteria,
        ruled_out=tuple(_ruled_out(rule, outcome) for rule, outcome in decision.ruled_out),
        possible_categories=()
        if decided
        else tuple(
            PossibleCategory(rule_id=r.id, code=r.code, name=r.name, kind=r.kind)
            for r in _first_per_code(decision)
        ),
        missing=tuple(MissingInput(field=n.field, test=n.test) for n in dict.fromkeys(missing)),
        flags=tuple(dict.fromkeys(flags)),
    )


def _criteria(rule: Rule, outcome: Outcome) -> tuple[Criterion, ...]:
    return tuple(
        Criterion(
            rule_id=rule.id,
            statement=reason,
            source=str(rule.source),
            verification=rule.verification.value,
        )
        for reason in outcome.reasons
    )


def _ruled_out(rule: Rule, outcome: Outcome) -> Criterion:
    return Criterion(
        rule_id=rule.id,
        statement=f"{rule.name}: ruled out ({'; '.join(outcome.reasons) or 'criteria not met'})",
        source=str(rule.source),
        verification=rule.verification.value,
    )


def _first_per_code(decision: Decision) -> list[Rule]:
    seen: dict[str, Rule] = {}
    for rule, _ in decision.possible:
        seen.setdefault(rule.code, rule)
    return list(seen.values())


def _qualifier_needs(facts: CaseFacts) -> list[Need]:
    needs = []
    if facts.findings.prior_cytotoxic_therapy is None:
        needs.append(
            Need(
                "prior_cytotoxic_therapy",
                "history of chemotherapy or radiotherapy (adds a therapy-related qualifier)",
            )
        )
    if facts.findings.germline_predisposition is None:
        needs.append(
            Need(
                "germline_predisposition",
                "family history and, where advised, germline testing (adds a qualifier)",
            )
        )
    return needs


def _rule_flags(decision: Decision) -> tuple[Flag, ...]:
    flags = []
    for rule, _ in decision.possible:
        if rule.verification is not Verification.VERIFIED:
            flags.append(
                Flag(
                    code="RULE_NOT_VERIFIED",
                    message=f"The rule for '{rule.name}' ({rule.id}) could not be checked "
                    "against the published source here "
                    f"(status {rule.verification.value}); treat it with extra caution.",
                    source=str(rule.source),
                )
            )
    return tuple(flags)
