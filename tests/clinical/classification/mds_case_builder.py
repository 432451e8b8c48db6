"""Findings for tests: a fully known baseline case, changed one finding at a time.

The baseline is a cytopenic man with low blasts, dysplasia in one lineage, a normal
20-metaphase karyotype and a myeloid panel that found nothing: WHO "MDS with low blasts",
ICC "MDS, NOS with single lineage dysplasia". Each test states the one change it makes.
"""

from __future__ import annotations

import copy
from typing import Any

from onconav.clinical.classification import Findings, SideBySide, classify

PANEL = [
    "ASXL1", "BCOR", "CEBPA", "DDX41", "DNMT3A", "ETV6", "EZH2", "GATA2", "IDH1", "IDH2",
    "NPM1", "NRAS", "RUNX1", "SF3B1", "SRSF2", "STAG2", "TET2", "TP53", "U2AF1", "ZRSR2",
]  # fmt: skip

BASELINE: dict[str, Any] = {
    "sex": "male",
    "age_years": 71,
    "blood": {
        "hemoglobin_g_dl": 9.2,
        "neutrophils_10e9_per_l": 1.1,
        "platelets_10e9_per_l": 95,
        "white_cells_10e9_per_l": 3.2,
        "monocytes_10e9_per_l": 0.2,
        "blasts_percent": 0,
    },
    "marrow": {
        "blasts_percent": 2,
        "blasts_method": "aspirate_differential",
        "aspirate_hemodilute": False,
        "auer_rods": False,
        "ring_sideroblasts_percent": 0,
        "cellularity_percent": 60,
        "fibrosis_grade": 0,
        "dysplasia": {"erythroid": True, "granulocytic": False, "megakaryocytic": False},
    },
    "cytogenetics": {"normal": True, "metaphases_analyzed": 20},
    "molecular": {
        "genes_tested": PANEL,
        "variants": [],
        "tp53": {"copy_number_loss": False, "copy_neutral_loh": False},
    },
    "prior_cytotoxic_therapy": False,
    "germline_predisposition": False,
}

ABNORMAL_KARYOTYPE = {"normal": False, "other_abnormalities": []}


def case(**changes: Any) -> dict[str, Any]:
    """The baseline with nested changes merged in (``marrow={"blasts_percent": 7}``)."""
    return merged(BASELINE, changes)


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def karyotype(**abnormalities: Any) -> dict[str, Any]:
    """An abnormal karyotype given by explicit fields; everything not named is absent."""
    fields: dict[str, Any] = {
        "normal": False,
        "del5q": False,
        "monosomy7": False,
        "del7q": False,
        "complex": False,
        "abnormal_3q26_2": False,
        "loss_17p": False,
        "i17q": False,
        "other_abnormalities": [],
        "metaphases_analyzed": 20,
    }
    fields.update(abnormalities)
    if "abnormality_count" not in abnormalities:
        named = ("del5q", "monosomy7", "del7q", "abnormal_3q26_2", "loss_17p", "i17q")
        count = sum(fields[name] is True for name in named) + len(fields["other_abnormalities"])
        fields["abnormality_count"] = count
        if "complex" not in abnormalities:
            fields["complex"] = count >= 3
    return fields


def variants(*items: tuple[str, float]) -> dict[str, Any]:
    return {"variants": [{"gene": gene, "vaf": vaf} for gene, vaf in items]}


def run(data: dict[str, Any]) -> SideBySide:
    return classify(Findings.model_validate(data))


def codes(data: dict[str, Any]) -> tuple[str | None, str | None]:
    result = run(data)
    return result.who.code, result.icc.code


def flag_codes(data: dict[str, Any]) -> tuple[set[str], set[str], set[str]]:
    result = run(data)
    return (
        {f.code for f in result.who.flags},
        {f.code for f in result.icc.flags},
        {f.code for f in result.divergences},
    )
