"""Lab units as reports print them, normalised to the units the risk models use.

Canonical units: hemoglobin g/dL; platelets, WBC, ANC and monocytes 10^9/L;
erythropoietin mU/mL (= U/L = IU/L); ferritin ng/mL (= µg/L); vitamin B12 pg/mL;
folate ng/mL; copper µg/dL; iron µg/dL; MCV fL; percentages %.

Conversion factors:
- Hemoglobin: 1 g/dL = 10 g/L; 1 g/dL = 0.6206 mmol/L (Hb monomer, 16.11 g/mmol), as
  quoted by the MDS Foundation IPSS-R calculator (10 g/dL ≈ 6.2 mmol/L).
- Cell counts: 10^9/L = 10^3/µL = K/µL = thousand/µL = 10^3/mm³ = G/L = /nL;
  1 /µL = 10^-3 × 10^9/L.
- Reticulocytes (absolute), which labs also print with red cells: 10^6/µL = M/µL = 10^12/L
  = 1000 × 10^9/L. Not accepted for white cells or platelets, never printed in it.
- Vitamin B12: 1 pg/mL = 0.738 pmol/L (molar mass 1355 g/mol).
- Folate: 1 ng/mL = 2.266 nmol/L (molar mass 441.4 g/mol).
- Copper: 1 µmol/L = 6.355 µg/dL (atomic mass 63.55).
- Iron: 1 µmol/L = 5.585 µg/dL (atomic mass 55.85).

A value whose unit is missing or not recognised is never converted by guessing:
``normalise`` returns ``None`` and the caller flags the value for the person to confirm.

Plausible bounds (``PLAUSIBLE``, canonical units) are wide on purpose: a value outside them
is a wrong unit, a misplaced decimal separator or OCR damage ("103 fL" read as 10324), never
an unusual patient.
- Hemoglobin (0, 25] g/dL, platelets 0-5000 and ANC 0-100 × 10^9/L: the bounds the risk
  scores apply (``onconav.clinical.scores.inputs.PLAUSIBLE_RANGES``; a test keeps them equal).
- WBC and monocytes 0-1000 × 10^9/L: an analyser displays a white count up to 999.99 ×
  10^3/µL (reportable to 440; Sysmex XN-L instrument specification, parameter list).
  Absolute reticulocytes 0-8600 × 10^9/L: they cannot exceed the red cell count, reportable
  to 8.60 × 10^6/µL on the same analyser.
- Blood blasts, reticulocytes and transferrin saturation 0-100 %: shares of a whole.
- MCV 40-200 fL: an engineering bound, not a reference value; half the lower and twice the
  upper limit of the normal 80-100 fL (MSD Manual Professional Edition, "Megaloblastic
  macrocytic anemias", 2023), wider than the microcytosis and macrocytosis of disease.
- EPO, ferritin, iron, TIBC, B12, folate, copper and LDH: not negative, no upper bound (the
  highest values seen in disease are too far apart from the usual ones to cap safely).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum


class Analyte(StrEnum):
    HEMOGLOBIN = "hemoglobin"
    PLATELETS = "platelets"
    WBC = "wbc"
    ANC = "anc"
    MONOCYTES = "monocytes"
    MCV = "mcv"
    BLOOD_BLASTS = "blood_blasts"
    RETICULOCYTES_PERCENT = "reticulocytes_percent"
    RETICULOCYTES_ABSOLUTE = "reticulocytes_absolute"
    EPO = "epo"
    FERRITIN = "ferritin"
    IRON = "iron"
    TIBC = "tibc"
    TRANSFERRIN_SATURATION = "transferrin_saturation"
    B12 = "b12"
    FOLATE = "folate"
    COPPER = "copper"
    LDH = "ldh"


CANONICAL_UNIT: dict[Analyte, str] = {
    Analyte.HEMOGLOBIN: "g/dL",
    Analyte.PLATELETS: "10^9/L",
    Analyte.WBC: "10^9/L",
    Analyte.ANC: "10^9/L",
    Analyte.MONOCYTES: "10^9/L",
    Analyte.MCV: "fL",
    Analyte.BLOOD_BLASTS: "%",
    Analyte.RETICULOCYTES_PERCENT: "%",
    Analyte.RETICULOCYTES_ABSOLUTE: "10^9/L",
    Analyte.EPO: "mU/mL",
    Analyte.FERRITIN: "ng/mL",
    Analyte.IRON: "µg/dL",
    Analyte.TIBC: "µg/dL",
    Analyte.TRANSFERRIN_SATURATION: "%",
    Analyte.B12: "pg/mL",
    Analyte.FOLATE: "ng/mL",
    Analyte.COPPER: "µg/dL",
    Analyte.LDH: "U/L",
}

_COUNTS = {
    Analyte.PLATELETS,
    Analyte.WBC,
    Analyte.ANC,
    Analyte.MONOCYTES,
    Analyte.RETICULOCYTES_ABSOLUTE,
}


def unit_key(unit: str) -> str:
    """A spelling-independent key: 'x10^3/uL', '10*3/µL' and 'K/UL' all become '10^3/ul'."""
    key = unit.strip().lower()
    key = key.replace("μ", "u").replace("µ", "u").replace("mcl", "ul").replace("mcg", "ug")
    key = key.replace("³", "^3").replace("⁹", "^9").replace("×", "x").replace(" ", "")
    key = re.sub(r"^x", "", key)
    key = re.sub(r"10\*\*?|10e|10\^?(?=[369]/)", "10^", key)
    key = key.replace("10^^", "10^")
    key = key.replace("cells/", "/").replace("cumm", "mm^3").replace("/mm3", "/mm^3")
    key = key.replace("thousand/", "10^3/").replace("thou/", "10^3/").replace("k/", "10^3/")
    key = re.sub(r"^(?:m|mil|million)/", "10^6/", key)
    return key


# Factor that turns a value in the printed unit into the canonical unit.
_COUNT_FACTORS = {
    "10^9/l": 1.0,
    "g/l": 1.0,  # French "giga per litre"
    "10^3/ul": 1.0,
    "10^3/mm^3": 1.0,
    "/ul": 0.001,
    "/mm^3": 0.001,
    "10^6/l": 0.001,
    "/nl": 1.0,
}
# Millions per microlitre: a red cell unit, used for absolute reticulocytes only.
_RETICULOCYTE_FACTORS = {**_COUNT_FACTORS, "10^6/ul": 1000.0, "10^12/l": 1000.0}
_FACTORS: dict[Analyte, dict[str, float]] = {
    Analyte.HEMOGLOBIN: {"g/dl": 1.0, "gm/dl": 1.0, "g/l": 0.1, "mmol/l": 1 / 0.6206},
    Analyte.MCV: {"fl": 1.0, "um^3": 1.0},
    Analyte.BLOOD_BLASTS: {"%": 1.0},
    Analyte.RETICULOCYTES_PERCENT: {"%": 1.0},
    Analyte.TRANSFERRIN_SATURATION: {"%": 1.0},
    Analyte.EPO: {"mu/ml": 1.0, "u/l": 1.0, "iu/l": 1.0, "miu/ml": 1.0},
    Analyte.FERRITIN: {"ng/ml": 1.0, "ug/l": 1.0},
    Analyte.IRON: {"ug/dl": 1.0, "umol/l": 5.585},
    Analyte.TIBC: {"ug/dl": 1.0, "umol/l": 5.585},
    Analyte.B12: {"pg/ml": 1.0, "ng/l": 1.0, "pmol/l": 1 / 0.738},
    Analyte.FOLATE: {"ng/ml": 1.0, "ug/l": 1.0, "nmol/l": 1 / 2.266},
    Analyte.COPPER: {"ug/dl": 1.0, "umol/l": 6.355},
    Analyte.LDH: {"u/l": 1.0, "iu/l": 1.0},
}


def _factors(analyte: Analyte) -> dict[str, float]:
    if analyte is Analyte.RETICULOCYTES_ABSOLUTE:
        return _RETICULOCYTE_FACTORS
    return _COUNT_FACTORS if analyte in _COUNTS else _FACTORS[analyte]


@dataclass(frozen=True)
class Normalised:
    value: float
    unit: str
    factor: float


def normalise(analyte: Analyte, value: float, unit: str | None) -> Normalised | None:
    """The value in the canonical unit, or None when the unit is missing or unknown."""
    if unit is None or not unit.strip():
        return None
    factor = _factors(analyte).get(unit_key(unit))
    if factor is None:
        return None
    return Normalised(value=value * factor, unit=CANONICAL_UNIT[analyte], factor=factor)


@dataclass(frozen=True)
class PlausibleBounds:
    """Values in the canonical unit that a report can print for this analyte."""

    low: float
    high: float
    low_exclusive: bool = False

    def contains(self, value: float) -> bool:
        if math.isnan(value):
            return False
        above_low = value > self.low if self.low_exclusive else value >= self.low
        return above_low and value <= self.high


_SHARE = PlausibleBounds(0, 100)
_NOT_NEGATIVE = PlausibleBounds(0, math.inf)
PLAUSIBLE: dict[Analyte, PlausibleBounds] = {
    Analyte.HEMOGLOBIN: PlausibleBounds(0, 25, low_exclusive=True),
    Analyte.PLATELETS: PlausibleBounds(0, 5000),
    Analyte.ANC: PlausibleBounds(0, 100),
    Analyte.WBC: PlausibleBounds(0, 1000),
    Analyte.MONOCYTES: PlausibleBounds(0, 1000),
    Analyte.RETICULOCYTES_ABSOLUTE: PlausibleBounds(0, 8600),
    Analyte.MCV: PlausibleBounds(40, 200),
    Analyte.BLOOD_BLASTS: _SHARE,
    Analyte.RETICULOCYTES_PERCENT: _SHARE,
    Analyte.TRANSFERRIN_SATURATION: _SHARE,
    Analyte.EPO: _NOT_NEGATIVE,
    Analyte.FERRITIN: _NOT_NEGATIVE,
    Analyte.IRON: _NOT_NEGATIVE,
    Analyte.TIBC: _NOT_NEGATIVE,
    Analyte.B12: _NOT_NEGATIVE,
    Analyte.FOLATE: _NOT_NEGATIVE,
    Analyte.COPPER: _NOT_NEGATIVE,
    Analyte.LDH: _NOT_NEGATIVE,
}


def is_plausible(analyte: Analyte, value: float) -> bool:
    """Whether ``value`` (in the canonical unit) is within the analyte's plausible bounds."""
    return PLAUSIBLE[analyte].contains(value)


def plausible_in_some_unit(analyte: Analyte, value: float) -> bool:
    """For a value printed without a unit: whether any unit the analyte is printed in would
    make it plausible (98 is a plausible hemoglobin in g/L; 10324 is no MCV in any unit)."""
    factors = set(_factors(analyte).values())
    return any(is_plausible(analyte, value * factor) for factor in factors)


def plausible_reading(analyte: Analyte, value: float, converted: bool) -> bool:
    """``is_plausible`` for a value converted to the canonical unit, else (no unit known)
    ``plausible_in_some_unit``."""
    if converted:
        return is_plausible(analyte, value)
    return plausible_in_some_unit(analyte, value)
