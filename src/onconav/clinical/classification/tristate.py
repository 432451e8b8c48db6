"""Three-valued (Kleene) conditions that explain themselves.

A condition is true, false, or unknown when a deciding input is missing. True and false
carry the plain-language facts that made them so; unknown carries what would decide it.
Kleene logic is sound for missing data: a condition that is true (or false) here is true
(or false) whatever the missing values turn out to be, so nothing unknown is ever assumed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

Tri = bool | None
H = TypeVar("H", bound=Hashable)


@dataclass(frozen=True)
class Need:
    """An input that is not known and would help decide: where it goes and which test gives it."""

    field: str
    test: str


@dataclass(frozen=True)
class Outcome:
    value: Tri
    reasons: tuple[str, ...] = ()
    needs: tuple[Need, ...] = ()


class Expr:
    def evaluate(self) -> Outcome:
        raise NotImplementedError


@dataclass(frozen=True)
class Fact(Expr):
    """A leaf. Its texts describe what was found, so they read correctly under negation."""

    value: Tri
    when_true: str
    when_false: str
    needs: tuple[Need, ...]

    def evaluate(self) -> Outcome:
        if self.value is None:
            return Outcome(None, (), self.needs)
        text = self.when_true if self.value else self.when_false
        return Outcome(self.value, (text,) if text else ())


@dataclass(frozen=True)
class AllOf(Expr):
    parts: tuple[Expr, ...]

    def evaluate(self) -> Outcome:
        return _decided_by_first(self.parts, deciding=False)


@dataclass(frozen=True)
class AnyOf(Expr):
    parts: tuple[Expr, ...]

    def evaluate(self) -> Outcome:
        return _decided_by_first(self.parts, deciding=True)


def _decided_by_first(parts: tuple[Expr, ...], deciding: bool) -> Outcome:
    """Kleene AND (``deciding=False``) or OR (``deciding=True``) over explained outcomes.

    The first part with the deciding value decides, with its own reasons. Otherwise the
    result is the other value if every part has it, else unknown with what would decide.
    """
    outcomes = [part.evaluate() for part in parts]
    for outcome in outcomes:
        if outcome.value is deciding:
            return Outcome(deciding, outcome.reasons)
    other = not deciding
    reasons = _joined(o.reasons for o in outcomes if o.value is other)
    if all(o.value is other for o in outcomes):
        return Outcome(other, reasons)
    return Outcome(None, reasons, _unique(n for o in outcomes for n in o.needs))


@dataclass(frozen=True)
class Negation(Expr):
    part: Expr

    def evaluate(self) -> Outcome:
        outcome = self.part.evaluate()
        value = None if outcome.value is None else not outcome.value
        return Outcome(value, outcome.reasons, outcome.needs)


def all_of(*parts: Expr) -> Expr:
    return AllOf(parts)


def any_of(*parts: Expr) -> Expr:
    return AnyOf(parts)


def negate(part: Expr) -> Expr:
    return Negation(part)


def always(text: str) -> Expr:
    return Fact(True, text, "", ())


def tri_any(values: Iterable[Tri]) -> Tri:
    """Kleene OR over plain values."""
    seen = list(values)
    if any(v is True for v in seen):
        return True
    if all(v is False for v in seen):
        return False
    return None


def _joined(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return _unique(text for group in groups for text in group)


def _unique(items: Iterable[H]) -> tuple[H, ...]:
    return tuple(dict.fromkeys(items))
