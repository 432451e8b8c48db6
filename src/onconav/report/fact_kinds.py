"""How each kind of value read from records is named to a person, after a count ("6 blood
test values"): the command line and the web pages say it the same way."""

from __future__ import annotations

# Keyed by ``FactKind`` value; plain strings so that the command line can use this table
# without loading the records models at start-up.
KIND_LABELS = {
    "lab": "blood test values",
    "marrow": "bone marrow findings",
    "karyotype": "karyotype",
    "fish": "FISH results",
    "variant": "gene mutations",
    "gene_status": "genes tested",
    "identity": "identity details",
    "diagnosis": "diagnoses",
    "treatment": "treatments",
    "transfusion": "transfusions",
    "hla": "HLA typing",
    "performance_status": "performance status",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " "))
