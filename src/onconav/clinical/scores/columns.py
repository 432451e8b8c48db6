"""Patients as columns: the one representation every score is computed on.

Each column is a float array named as in the ipssm batch format, with NaN for "not known".
Categories are stored as ranks (CYTO_IPSSR 0 Very Good … 4 Very Poor, CYTO_IPSS 0 Good …
2 Poor, TP53mut 0 / 1 / 2 = "2 or more"), yes/no findings as 0 / 1. A single patient is a
batch of one, so single-patient and batch answers cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory
from onconav.clinical.scores.arrays import FloatArray
from onconav.clinical.scores.inputs import (
    PLAUSIBLE_RANGES,
    IpssmGene,
    RiskInputs,
    Tp53MutationCount,
)

# Each column and the RiskInputs field it holds.
NUMERIC_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "HB": "hb",
        "PLT": "plt",
        "BM_BLAST": "bm_blast",
        "ANC": "anc",
        "AGE": "age",
        "TP53maxvaf": "tp53_max_vaf",
    }
)
FLAG_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "del5q": "del5q",
        "del7_7q": "del7_7q",
        "del17_17p": "del17_17p",
        "complex": "complex",
        "TP53loh": "tp53_loh",
        "MLL_PTD": "mll_ptd",
        "FLT3": "flt3",
    }
)
# Each gene column and the gene it reports in RiskInputs.genes.
GENE_FIELDS: Mapping[str, IpssmGene] = MappingProxyType({g.value: g for g in IpssmGene})

NUMERIC_COLUMNS: tuple[str, ...] = tuple(NUMERIC_FIELDS)
RANKED_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "CYTO_IPSSR": tuple(c.value for c in IpssrCytoCategory),
        "CYTO_IPSS": tuple(c.value for c in IpssCytoCategory),
        "TP53mut": tuple(c.value for c in Tp53MutationCount),
    }
)
BINARY_COLUMNS: tuple[str, ...] = (*FLAG_FIELDS, *GENE_FIELDS)
ALL_COLUMNS: tuple[str, ...] = (*NUMERIC_COLUMNS, *RANKED_COLUMNS, *BINARY_COLUMNS)

# A displayed input value: a measurement, a 0/1 finding, or a category label.
InputValue = float | int | str


_IPSSR_RANKS = {c: float(i) for i, c in enumerate(IpssrCytoCategory)}
_IPSS_RANKS = {c: float(i) for i, c in enumerate(IpssCytoCategory)}
_TP53_COUNTS = {c: float(i) for i, c in enumerate(Tp53MutationCount)}


def encode(patient: RiskInputs) -> dict[str, float]:
    """One patient's inputs as column values (NaN = not known)."""
    nan = math.nan
    row: dict[str, float] = {}
    for column, field in NUMERIC_FIELDS.items():
        value = getattr(patient, field)
        row[column] = nan if value is None else float(value)
    cyto_ipssr, cyto_ipss, tp53 = patient.cyto_ipssr, patient.cyto_ipss, patient.tp53_mutations
    row["CYTO_IPSSR"] = nan if cyto_ipssr is None else _IPSSR_RANKS[cyto_ipssr]
    row["CYTO_IPSS"] = nan if cyto_ipss is None else _IPSS_RANKS[cyto_ipss]
    row["TP53mut"] = nan if tp53 is None else _TP53_COUNTS[tp53]
    for column, field in FLAG_FIELDS.items():
        flag = getattr(patient, field)
        row[column] = nan if flag is None else float(flag)
    genes = patient.genes
    for column, gene in GENE_FIELDS.items():
        status = genes.get(gene)
        row[column] = nan if status is None else float(status)
    return row


def display_value(column: str, value: float) -> InputValue:
    """A column value as people write it: 9.6, 1, "Good", "2 or more"."""
    if column in RANKED_COLUMNS:
        return RANKED_COLUMNS[column][int(value)]
    if column in BINARY_COLUMNS:
        return int(value)
    return float(value)


def optional_float(value: float | np.floating[Any]) -> float | None:
    """A Python float, or None for NaN ("not known")."""
    return None if np.isnan(value) else float(value)


@dataclass(frozen=True)
class RiskColumns:
    """Many patients' inputs, one float array per ipssm batch column (NaN = not known)."""

    values: Mapping[str, FloatArray]
    size: int

    def __getitem__(self, column: str) -> FloatArray:
        return self.values[column]

    @classmethod
    def from_inputs(cls, patients: Sequence[RiskInputs]) -> RiskColumns:
        """Columns from typed patients (already validated by ``RiskInputs``)."""
        rows = [encode(p) for p in patients]
        table = np.array([[row[c] for c in ALL_COLUMNS] for row in rows], dtype=np.float64)
        table = table.reshape(len(rows), len(ALL_COLUMNS))
        return cls(
            values=MappingProxyType({c: table[:, i] for i, c in enumerate(ALL_COLUMNS)}),
            size=len(rows),
        )

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, Sequence[float] | FloatArray]) -> RiskColumns:
        """Columns from arrays; an absent column is "not known" for every patient.

        Raises ValueError for unknown columns, unequal lengths, implausible measurements or
        codes outside a column's coding, naming the column and the first offending row.
        """
        unknown = sorted(set(arrays) - set(ALL_COLUMNS))
        if unknown:
            raise ValueError(f"unknown column(s): {', '.join(unknown)}")
        lengths = {len(a) for a in arrays.values()}
        if len(lengths) > 1:
            raise ValueError("columns have different lengths")
        size = lengths.pop() if lengths else 0
        values: dict[str, FloatArray] = {}
        for column in ALL_COLUMNS:
            given = arrays.get(column)
            array = (
                np.full(size, np.nan)
                if given is None
                else np.array(given, dtype=np.float64, copy=True)
            )
            _check_column(column, array)
            array.setflags(write=False)
            values[column] = array
        return cls(values=MappingProxyType(values), size=size)

    def known(self, row: int, columns: Sequence[str]) -> dict[str, InputValue]:
        """The given columns' known values for one patient, as people write them."""
        return {
            c: display_value(c, float(self.values[c][row]))
            for c in columns
            if not np.isnan(self.values[c][row])
        }

    def unknown(self, row: int, columns: Sequence[str]) -> tuple[str, ...]:
        """The given columns that are not known for one patient."""
        return tuple(c for c in columns if np.isnan(self.values[c][row]))


def _check_column(column: str, array: FloatArray) -> None:
    known = ~np.isnan(array)
    if column in PLAUSIBLE_RANGES:
        plausible = PLAUSIBLE_RANGES[column]
        bad = known & plausible.outside(array)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ValueError(f"row {row}: {plausible.problem(float(array[row]))}")
        return
    codes = range(len(RANKED_COLUMNS[column])) if column in RANKED_COLUMNS else range(2)
    bad = known & ~np.isin(array, np.array(codes, dtype=np.float64))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"row {row}: {column} {array[row]:g} is not one of the codes "
            f"{', '.join(str(c) for c in codes)}"
        )
