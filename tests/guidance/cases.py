"""Typical patients, as facts from their records (shared by the guidance and packet tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fact_builders import record_fact
from onconav.records.model import Fact, FactKind

D = dt.date


fact = record_fact


def cbc(date: dt.date, hb: float, plt: float, anc: float, doc: str = "cbc") -> list[Fact]:
    """A full blood count with a manual differential (no blasts, normal monocytes)."""
    return [
        fact(FactKind.LAB, "hemoglobin", hb, unit="g/dL", date=date, doc=doc),
        fact(FactKind.LAB, "platelets", plt, unit="10^9/L", date=date, doc=doc),
        fact(FactKind.LAB, "anc", anc, unit="10^9/L", date=date, doc=doc),
        fact(FactKind.LAB, "monocytes", 0.3, unit="10^9/L", date=date, doc=doc),
        fact(FactKind.LAB, "blood_blasts", 0.0, unit="%", date=date, doc=doc),
    ]


def karyotype(text: str, date: dt.date, doc: str = "cyto") -> Fact:
    from onconav.clinical.karyotype import summarize

    # As the extractor stores it: the summary's fields in the fact's details.
    summary = summarize(text).model_dump(mode="json")
    return fact(FactKind.KARYOTYPE, "karyotype", text, date=date, doc=doc, **summary)


def panel(
    date: dt.date, mutated: dict[str, float], wild: list[str], doc: str = "ngs"
) -> list[Fact]:
    facts = [
        fact(
            FactKind.VARIANT,
            gene,
            "mutated",
            date=date,
            doc=doc,
            vaf=vaf,
            classification="Pathogenic",
        )
        for gene, vaf in mutated.items()
    ]
    facts += [fact(FactKind.GENE_STATUS, gene, "wild_type", date=date, doc=doc) for gene in wild]
    return facts


ALL_PANEL_GENES = [
    "ASXL1",
    "CBL",
    "DNMT3A",
    "ETV6",
    "EZH2",
    "IDH2",
    "KRAS",
    "NPM1",
    "NRAS",
    "RUNX1",
    "SF3B1",
    "SRSF2",
    "U2AF1",
    "BCOR",
    "BCORL1",
    "CEBPA",
    "ETNK1",
    "GATA2",
    "GNB1",
    "IDH1",
    "NF1",
    "PHF6",
    "PPM1D",
    "PRPF8",
    "PTPN11",
    "SETBP1",
    "STAG2",
    "WT1",
    "TP53",
    "FLT3",
]


def full_panel(date: dt.date, mutated: dict[str, float]) -> list[Fact]:
    """A report of every gene in ``ALL_PANEL_GENES``: ``mutated`` at its VAF, the rest wild-type."""
    return panel(date, mutated, [gene for gene in ALL_PANEL_GENES if gene not in mutated])


def diagnosis(date: dt.date, text: str = "Myelodysplastic syndrome") -> Fact:
    return fact(FactKind.DIAGNOSIS, "diagnosis", text, date=date, doc="clinic-note")


def marrow(date: dt.date, blasts: float, doc: str = "marrow", **extra: float) -> list[Fact]:
    """A complete marrow report: blasts, cellularity, dysplasia, fibrosis and Auer rods."""
    values: dict[str, Any] = {
        "cellularity": 50.0,
        "dysplasia_erythroid": True,
        "dysplasia_granulocytic": False,
        "dysplasia_megakaryocytic": False,
        "fibrosis_grade": 0,
        "auer_rods": False,
        **extra,
    }
    facts = [fact(FactKind.MARROW, "marrow_blasts", blasts, unit="%", date=date, doc=doc)]
    facts += [
        fact(
            FactKind.MARROW,
            name,
            value,
            unit="%" if isinstance(value, float) else None,
            date=date,
            doc=doc,
        )
        for name, value in values.items()
    ]
    return facts


def born(text: str) -> Fact:
    return fact(FactKind.IDENTITY, "date_of_birth", text, doc="clinic-note")


def lower_risk_del5q() -> list[Fact]:
    day = D(2024, 3, 1)
    return [
        diagnosis(day),
        born("1948-05-02"),
        *marrow(day, 2.0),
        karyotype("46,XX,del(5)(q13q33)[20]", day),
        *cbc(D(2024, 2, 27), 8.7, 250, 2.1),
        *full_panel(day, {}),
        fact(FactKind.GENE_STATUS, "FLT3-ITD", "not_detected", date=day, doc="ngs"),
        fact(FactKind.GENE_STATUS, "KMT2A-PTD", "not_detected", date=day, doc="ngs"),
        fact(FactKind.LAB, "epo", 85, unit="mU/mL", date=D(2024, 2, 27), doc="cbc"),
    ]


def sf3b1_ring_sideroblasts() -> list[Fact]:
    day = D(2024, 5, 10)
    return [
        diagnosis(day),
        born("1950-01-20"),
        *marrow(day, 1.0, ring_sideroblasts=35.0),
        karyotype("46,XY[20]", day),
        *cbc(D(2024, 5, 8), 8.9, 310, 3.0),
        *full_panel(day, {"SF3B1": 0.41}),
        fact(FactKind.GENE_STATUS, "FLT3-ITD", "not_detected", date=day, doc="ngs"),
        fact(FactKind.GENE_STATUS, "KMT2A-PTD", "not_detected", date=day, doc="ngs"),
        fact(FactKind.LAB, "epo", 140, unit="mU/mL", date=D(2024, 5, 8), doc="cbc"),
        fact(FactKind.TRANSFUSION, "rbc", 2, date=D(2024, 6, 1), doc="clinic-note"),
    ]


def higher_risk_tp53_multihit() -> list[Fact]:
    day = D(2024, 8, 2)
    return [
        diagnosis(day, "MDS with increased blasts 2"),
        born("1957-11-11"),
        *marrow(day, 14.0),
        karyotype("44,XY,del(5)(q13q33),-7,-17,+mar[18]/46,XY[2]", day),
        *cbc(D(2024, 7, 30), 7.6, 32, 0.6),
        *full_panel(day, {"TP53": 0.62}),
    ]


def no_ngs() -> list[Fact]:
    day = D(2024, 1, 15)
    return [
        diagnosis(day),
        born("1952-03-03"),
        *marrow(day, 4.0),
        karyotype("46,XY[20]", day),
        *cbc(D(2024, 1, 12), 9.4, 120, 1.6),
    ]


def younger_transplant() -> list[Fact]:
    day = D(2024, 9, 9)
    return [
        diagnosis(day, "MDS-IB2"),
        born("1972-04-04"),
        *marrow(day, 12.0),
        karyotype("47,XX,+8[15]/46,XX[5]", day),
        *cbc(D(2024, 9, 5), 8.1, 60, 0.7),
        *full_panel(day, {"ASXL1": 0.35, "RUNX1": 0.22}),
    ]


def conflicting_records() -> list[Fact]:
    day = D(2024, 4, 2)
    return [
        diagnosis(day),
        born("1949-12-12"),
        *marrow(day, 3.0),
        fact(FactKind.LAB, "platelets", 45, unit="10^9/L", date=D(2024, 4, 1), doc="lab-report"),
        fact(FactKind.LAB, "platelets", 54, unit="10^9/L", date=D(2024, 4, 1), doc="clinic-letter"),
        fact(FactKind.IDENTITY, "name", "Mary Jones", doc="lab-report"),
        fact(FactKind.IDENTITY, "name", "Maria Gonzales", doc="clinic-letter"),
    ]
