"""What the MDS risk scores read about one patient, and which values are plausible.

One input type serves IPSS (1997), IPSS-R / IPSS-RA (2012) and IPSS-M (2022): a patient has
one set of findings, and each model reads the part it needs. ``None`` always means "not
known"; a gene absent from ``genes`` is "not tested / not known", never "wild type".

Variable names, units and codings follow the ipssm R package v1.0.0 batch format
(papaemmelab/ipssm, ``R/IPSSMread.R``), which the web calculator (papaemmelab/ipssm-api
v1.0.4) shares, except that the TP53 VAF is always a fraction here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory
from onconav.clinical.scores.arrays import BoolArray, FloatArray


class IpssmGene(StrEnum):
    """The 28 genes the IPSS-M reads (Bernard et al., NEJM Evid 2022, supplementary model)."""

    # 13 main-effect genes
    ASXL1 = "ASXL1"
    CBL = "CBL"
    DNMT3A = "DNMT3A"
    ETV6 = "ETV6"
    EZH2 = "EZH2"
    IDH2 = "IDH2"
    KRAS = "KRAS"
    NPM1 = "NPM1"
    NRAS = "NRAS"
    RUNX1 = "RUNX1"
    SF3B1 = "SF3B1"
    SRSF2 = "SRSF2"
    U2AF1 = "U2AF1"
    # 15 residual genes, counted together (nRes2)
    BCOR = "BCOR"
    BCORL1 = "BCORL1"
    CEBPA = "CEBPA"
    ETNK1 = "ETNK1"
    GATA2 = "GATA2"
    GNB1 = "GNB1"
    IDH1 = "IDH1"
    NF1 = "NF1"
    PHF6 = "PHF6"
    PPM1D = "PPM1D"
    PRPF8 = "PRPF8"
    PTPN11 = "PTPN11"
    SETBP1 = "SETBP1"
    STAG2 = "STAG2"
    WT1 = "WT1"


MAIN_EFFECT_GENES: tuple[IpssmGene, ...] = tuple(list(IpssmGene)[:13])
RESIDUAL_GENES: tuple[IpssmGene, ...] = tuple(list(IpssmGene)[13:])


class Tp53MutationCount(StrEnum):
    """Number of TP53 mutations, coded as the ipssm R package codes ``TP53mut``."""

    NONE = "0"
    ONE = "1"
    TWO_OR_MORE = "2 or more"

    @property
    def as_number(self) -> int:
        """0, 1 or 2 (meaning two or more)."""
        return list(Tp53MutationCount).index(self)


class VafUnit(StrEnum):
    """How a variant allele frequency is written: 0.12 (fraction) or 12 (percent)."""

    FRACTION = "fraction"
    PERCENT = "percent"


@dataclass(frozen=True)
class PlausibleRange:
    """Values outside this range are input errors (wrong unit, typo), not patients."""

    column: str
    label: str
    unit: str
    low: float
    high: float
    low_exclusive: bool = False
    hint: str = ""

    def outside(self, values: FloatArray) -> BoolArray:
        """Which values cannot be used (NaN counts as "not known", so it is not outside)."""
        too_low = values <= self.low if self.low_exclusive else values < self.low
        return np.asarray(too_low | (values > self.high) | np.isinf(values))

    def contains(self, value: float) -> bool:
        """Whether one value is plausible: the scalar form of ``outside`` (NaN is not)."""
        above_low = value > self.low if self.low_exclusive else value >= self.low
        return above_low and value <= self.high and not math.isinf(value)

    def problem(self, value: float) -> str | None:
        """A message saying why ``value`` cannot be used, or None when it is plausible."""
        if math.isnan(value):
            return f"{self.label} ({self.column}) is not a number"
        if self.contains(value):
            return None
        bound = "above" if self.low_exclusive else "from"
        unit = f" {self.unit}" if self.unit else ""
        message = (
            f"{self.label} ({self.column}) {value:g}{unit} is not plausible: expected "
            f"{bound} {self.low:g} to {self.high:g}{unit}"
        )
        return f"{message}. {self.hint}" if self.hint else message


# Wide on purpose: the published IWG-PM cohort holds hemoglobins down to 3.1 g/dL and
# platelets far above 1000; these bounds only catch wrong units and typos.
PLAUSIBLE_RANGES: Mapping[str, PlausibleRange] = {
    r.column: r
    for r in (
        PlausibleRange(
            "HB",
            "Hemoglobin",
            "g/dL",
            0,
            25,
            low_exclusive=True,
            hint="If the report gives g/L, divide by 10; if mmol/L, multiply by 1.611.",
        ),
        PlausibleRange(
            "PLT",
            "Platelets",
            "x10^9/L",
            0,
            5000,
            hint="Platelets are counted in 10^9/L (the same number as 10^3/µL).",
        ),
        PlausibleRange("BM_BLAST", "Bone marrow blasts", "%", 0, 100),
        PlausibleRange(
            "ANC",
            "Absolute neutrophil count",
            "x10^9/L",
            0,
            100,
            hint="If the report gives cells/µL, divide by 1000.",
        ),
        PlausibleRange("AGE", "Age", "years", 0, 120),
        PlausibleRange(
            "TP53maxvaf",
            "TP53 variant allele frequency",
            "",
            0,
            1,
            hint="Give it as a fraction (0.12) or with a percent sign (12%).",
        ),
    )
}


def parse_vaf(text: str, unit: VafUnit | None = None) -> float:
    """A TP53 VAF as a fraction 0–1 from ``"0.12"``, ``"12%"`` or ``"12"`` with ``unit=PERCENT``.

    A bare number above 1 is refused rather than guessed to be a percent: the two official
    calculators disagree on the unit (R: fraction, web: percent; IPSSM_SPEC §6), and a wrong
    guess silently switches the IPSS-M's LOH inference (VAF > 0.55) on or off.
    """
    cleaned = text.strip()
    percent = unit is VafUnit.PERCENT
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
        percent = True
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"TP53 VAF {text!r} is not a number") from None
    if percent:
        if not 0 <= value <= 100:
            raise ValueError(f"TP53 VAF {text!r} is not a percentage from 0 to 100")
        value = value / 100
    problem = PLAUSIBLE_RANGES["TP53maxvaf"].problem(value)
    if problem:
        raise ValueError(problem)
    return value


class RiskInputs(BaseModel):
    """One patient's findings as the MDS risk scores read them. ``None`` = not known.

    Units: hemoglobin g/dL, platelets and neutrophils 10^9/L, marrow blasts %, age years,
    TP53 VAF a fraction 0–1. Cytogenetic flags are True when the abnormality is present.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    hb: float | None = None
    plt: float | None = None
    bm_blast: float | None = None
    anc: float | None = None
    age: float | None = None

    cyto_ipssr: IpssrCytoCategory | None = None
    cyto_ipss: IpssCytoCategory | None = None
    del5q: bool | None = None
    del7_7q: bool | None = None  # -7 or del(7q)
    del17_17p: bool | None = None  # -17 or del(17p)
    complex: bool | None = None  # three or more abnormalities

    tp53_mutations: Tp53MutationCount | None = None
    tp53_max_vaf: float | None = None  # fraction 0–1
    tp53_loh: bool | None = None  # loss of heterozygosity at the TP53 locus
    mll_ptd: bool | None = None  # KMT2A partial tandem duplication
    flt3: bool | None = None  # FLT3 ITD or TKD
    genes: Mapping[IpssmGene, bool] = {}  # True mutated, False tested wild type

    @field_validator("hb", "plt", "bm_blast", "anc", "age", "tp53_max_vaf")
    @classmethod
    def _plausible(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is None:
            return None
        column = _FIELD_COLUMNS[str(info.field_name)]
        problem = PLAUSIBLE_RANGES[column].problem(value)
        if problem:
            raise ValueError(problem)
        return value

    def gene(self, gene: IpssmGene) -> bool | None:
        """True mutated, False wild type, None not known."""
        return self.genes.get(gene)


_FIELD_COLUMNS: Mapping[str, str] = {
    "hb": "HB",
    "plt": "PLT",
    "bm_blast": "BM_BLAST",
    "anc": "ANC",
    "age": "AGE",
    "tp53_max_vaf": "TP53maxvaf",
}
