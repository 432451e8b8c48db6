"""The annotation format of the records test corpus, and the rule for risk-score values.

One YAML file per document in ``annotations/``; see README.md for the format. Loading turns
the shorthand (``wild_type`` gene lists) into ordinary expected facts, so the scorer sees one
flat list per document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from onconav.clinical.scores.inputs import IpssmGene
from onconav.clinical.units import Analyte
from onconav.records.model import FactKind

CORPUS_DIR = Path(__file__).resolve().parent
ANNOTATIONS_DIR = CORPUS_DIR / "annotations"
SOURCES_DIR = CORPUS_DIR / "sources"

BadInputRender = Literal[
    "encrypted_pdf",
    "corrupt_pdf",
    "empty_file",
    "zip_bomb_docx",
    "not_fhir_json",
    "blank_image",
]
RenderKind = Literal[
    "text",  # the source file as it is
    "pdf",  # text-layer PDF (tables drawn as grids, ``=== columns ===`` as two columns)
    "scan_pdf",  # the source rendered to a noisy, slightly rotated image inside a PDF
    "scan_png",
    "scan_tiff",
    "scan_jpeg",
    "docx",
    "fhir_json",
    "fhir_ndjson",
    "ccda",
    "zip",  # the members, each rendered as its own ``render`` says
    BadInputRender,
]
BAD_INPUT_RENDERS: frozenset[str] = frozenset(get_args(BadInputRender))

# Canonical names from the records brief; variant, gene_status and fish names are genes,
# assays or probes and are open-ended.
CANONICAL_NAMES: dict[FactKind, frozenset[str] | None] = {
    FactKind.LAB: frozenset(a.value for a in Analyte),
    FactKind.MARROW: frozenset(
        {
            "marrow_blasts",
            "ring_sideroblasts",
            "cellularity",
            "dysplasia_erythroid",
            "dysplasia_granulocytic",
            "dysplasia_megakaryocytic",
            "dysplastic_lineages",
            "fibrosis_grade",
            "auer_rods",
            "marrow_diagnosis",
            "marrow_adequacy",
            "blast_method",
        }
    ),
    FactKind.KARYOTYPE: frozenset({"karyotype"}),
    FactKind.FISH: None,
    FactKind.VARIANT: None,
    FactKind.GENE_STATUS: None,
    FactKind.HLA: frozenset({"hla"}),
    FactKind.IDENTITY: frozenset({"name", "date_of_birth", "sex", "age"}),
    FactKind.DIAGNOSIS: frozenset({"diagnosis"}),
    FactKind.TREATMENT: None,  # the drug's generic name
    FactKind.TRANSFUSION: frozenset({"rbc", "platelets"}),
    FactKind.PERFORMANCE_STATUS: frozenset({"ecog", "karnofsky"}),
}
KNOWN_FLAGS: frozenset[str] = frozenset(
    {
        "unit_missing",
        "unit_unknown",
        "date_ambiguous",
        "date_missing",
        "ocr_repaired",
        "ocr_low_confidence",
        "hedged",
        "negated_context",
        "reference_only",
    }
)

_IPSSM_GENES = frozenset(g.value for g in IpssmGene)
_RISK_VARIANT_GENES = _IPSSM_GENES | {"TP53", "FLT3"}
_RISK_GENE_STATUS = _RISK_VARIANT_GENES | {
    "FLT3-ITD",
    "FLT3-TKD",
    "KMT2A-PTD",
    "TP53_LOH",
    "TP53_copy_loss",
}


def used_by_risk_scores(kind: FactKind, name: str) -> bool:
    """Whether IPSS-R / IPSS-M read this fact: hemoglobin, platelets, ANC, marrow blasts,
    the karyotype, the IPSS-M genes (with TP53, FLT3 and KMT2A-PTD), TP53 LOH, and age."""
    if kind == FactKind.LAB:
        return name in {"hemoglobin", "platelets", "anc"}
    if kind == FactKind.MARROW:
        return name == "marrow_blasts"
    if kind == FactKind.KARYOTYPE:
        return True
    if kind == FactKind.VARIANT:
        return name in _RISK_VARIANT_GENES
    if kind == FactKind.GENE_STATUS:
        return name in _RISK_GENE_STATUS
    if kind == FactKind.IDENTITY:
        return name == "age"
    return False


# "within": the value is a printed range "low-high" (marrow blasts "3-4%"); any number
# inside it, or the same range, matches.
ValueMatch = Literal["exact", "contains", "tokens", "any", "within"]


class OriginalPrint(BaseModel):
    """A lab value as the document prints it, so the normalised value can be checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    unit: str | None = None
    decimal: Literal[".", ","] = Field(
        default=".", description="The decimal mark as printed: ',' for '9,8 g/dl'"
    )

    def number(self) -> float:
        """The printed number: '2,900' is 2900; with ``decimal`` ',' '9,8' is 9.8 (and a
        '.' groups thousands)."""
        if self.decimal == ",":
            return float(self.value.replace(".", "").replace(",", "."))
        return float(self.value.replace(",", ""))


class ExpectedFact(BaseModel):
    """One fact a correct pipeline reads from the document.

    ``date`` is the collection or procedure date (or the diagnosis / start / visit date for
    clinical facts); ``"any"`` means the date is not compared (identity facts, and mentions
    whose date the document does not give). ``optional`` facts are not missed when absent
    and not false when present: they cover conventions the brief leaves open.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FactKind
    name: str
    value: bool | int | float | str | None
    unit: str | None = None
    date: dt.date | Literal["any"] | None
    source_text: str | None = Field(
        description="A substring the fact's provenance text must contain; None: not checked"
    )
    risk: bool
    flags: tuple[str, ...] = ()
    details: dict[str, Any] = Field(default_factory=dict)
    match: ValueMatch = "exact"
    optional: bool = False
    original: OriginalPrint | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _date_is_explicit(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date" not in data:
            if data.get("kind") == FactKind.IDENTITY.value:
                return {**data, "date": "any"}
            raise ValueError(f"{data.get('name')!r}: give 'date' (a date, null or any)")
        return data

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, flags: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(flags) - KNOWN_FLAGS
        if unknown:
            raise ValueError(f"unknown flags {sorted(unknown)}")
        return flags


class ForbiddenFact(BaseModel):
    """A fact a correct pipeline must not produce: a reference range, a flow CD34 %, a
    threshold quoted in a sentence, a test that was not done. ``value`` None forbids any
    value; ``allowed_if_flagged`` accepts the fact when it carries that flag."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FactKind
    name: str
    value: bool | int | float | str | None = None
    why: str
    allowed_if_flagged: str | None = None


class WildTypeList(BaseModel):
    """Shorthand: every gene of a "genes tested" list that has no reported variant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    genes: tuple[str, ...]
    date: dt.date
    panel: str
    member: str | None = None


class Member(BaseModel):
    """One file inside a zip document."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    render: RenderKind
    file_name: str


class DocumentAnnotation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    title: str
    patient: str | None
    render: RenderKind
    source: str | None
    file_name: str
    features: tuple[str, ...]
    expect: Literal["facts", "error", "error_or_empty"] = "facts"
    expect_warnings: bool = False
    members: tuple[Member, ...] = ()
    facts: tuple[ExpectedFact, ...] = ()
    wild_type: tuple[WildTypeList, ...] = ()
    forbidden: tuple[ForbiddenFact, ...] = ()

    @property
    def bad_input(self) -> bool:
        return self.render in BAD_INPUT_RENDERS

    def expected_facts(self) -> tuple[ExpectedFact, ...]:
        """The listed facts plus one ``wild_type`` gene_status fact per listed gene."""
        expanded = list(self.facts)
        for listing in self.wild_type:
            for gene in listing.genes:
                expanded.append(
                    ExpectedFact(
                        kind=FactKind.GENE_STATUS,
                        name=gene,
                        value="wild_type",
                        date=listing.date,
                        source_text=gene,
                        risk=used_by_risk_scores(FactKind.GENE_STATUS, gene),
                        note=f"gene tested on {listing.panel} without a reported variant",
                    )
                )
        return tuple(expanded)


class AnnotationError(ValueError):
    """An annotation file that does not follow the format, named in the message."""


def load_annotation(path: Path) -> DocumentAnnotation:
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    try:
        annotation = DocumentAnnotation.model_validate(raw)
    except ValueError as error:
        raise AnnotationError(f"{path.name}: {error}") from error
    if annotation.document != path.stem:
        raise AnnotationError(f"{path.name}: 'document' must be the file stem {path.stem!r}")
    return annotation


def load_annotations(directory: Path = ANNOTATIONS_DIR) -> list[DocumentAnnotation]:
    """Every annotation, in file-name order."""
    return [load_annotation(path) for path in sorted(directory.glob("*.yaml"))]
