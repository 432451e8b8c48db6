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
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Normalised:
    value: float
    unit: str
    factor: float


def normalise(analyte: Analyte, value: float, unit: str | None) -> Normalised | None:
    """The value in the canonical unit, or None when the unit is missing or unknown."""
    if unit is None or not unit.strip():
        return None
    key = unit_key(unit)
    if analyte is Analyte.RETICULOCYTES_ABSOLUTE:
        table = _RETICULOCYTE_FACTORS
    else:
        table = _COUNT_FACTORS if analyte in _COUNTS else _FACTORS[analyte]
    factor = table.get(key)
    if factor is None:
        return None
    return Normalised(value=value * factor, unit=CANONICAL_UNIT[analyte], factor=factor)
