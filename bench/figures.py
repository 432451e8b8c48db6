"""A measured figure with its unit and, where the project has one, its target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None
    better: Literal["higher", "lower"] = "higher"

    @property
    def missed(self) -> bool:
        if self.target is None:
            return False
        if self.better == "higher":
            return self.value < self.target
        return self.value > self.target

    def __str__(self) -> str:
        text = f"{self.name}: {_number(self.value)} {self.unit}"
        if self.target is not None:
            sign = "≥" if self.better == "higher" else "≤"
            verdict = "MISSED" if self.missed else "ok"
            text += f"  (target {sign} {_number(self.target)} {self.unit}: {verdict})"
        return text


def _number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"
