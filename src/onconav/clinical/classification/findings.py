"""The typed findings the WHO 2022 / ICC 2022 classifiers read: the findings-file format.

Every field is optional and ``None`` (or absent) means "not known", never "normal". A
finding that was looked for and not seen must be written as ``false`` or ``0``. The JSON
Schema published in ``onconav/clinical/schemas/mds_findings.schema.json`` is generated
from these models (``onconav classify --schema``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

Percent = Annotated[float, Field(ge=0, le=100)]
Fraction = Annotated[float, Field(ge=0, le=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class BlastCountMethod(StrEnum):
    """How the marrow blast percentage was obtained (only the aspirate count classifies)."""

    ASPIRATE_DIFFERENTIAL = "aspirate_differential"
    FLOW_CYTOMETRY = "flow_cytometry"
    CD34_IMMUNOHISTOCHEMISTRY = "cd34_immunohistochemistry"


class VariantOrigin(StrEnum):
    SOMATIC = "somatic"
    GERMLINE = "germline"
    UNKNOWN = "unknown"


class AmlGeneticFinding(StrEnum):
    """Genetic findings that move a case towards AML whatever (WHO) or from 10 % (ICC) blasts."""

    PML_RARA = "PML::RARA"
    OTHER_RARA_REARRANGEMENT = "RARA rearrangement, other"
    RUNX1_RUNX1T1 = "RUNX1::RUNX1T1"
    CBFB_MYH11 = "CBFB::MYH11"
    DEK_NUP214 = "DEK::NUP214"
    RBM15_MRTFA = "RBM15::MRTFA"
    KMT2A_REARRANGEMENT = "KMT2A rearrangement"
    MECOM_REARRANGEMENT = "MECOM rearrangement"
    NUP98_REARRANGEMENT = "NUP98 rearrangement"
    NPM1_MUTATION = "NPM1 mutation"
    CEBPA_BZIP_IN_FRAME = "CEBPA in-frame bZIP mutation"
    CEBPA_OTHER = "CEBPA mutation, type not stated"
    BCR_ABL1 = "BCR::ABL1"
    OTHER_RARE_RECURRING_TRANSLOCATION = "other rare recurring translocation"


class BloodFindings(_Strict):
    hemoglobin_g_dl: float | None = Field(
        default=None, ge=0, le=25, description="Haemoglobin, g/dL."
    )
    neutrophils_10e9_per_l: float | None = Field(
        default=None, ge=0, le=500, description="Absolute neutrophil count, ×10⁹/L."
    )
    platelets_10e9_per_l: float | None = Field(
        default=None, ge=0, le=5000, description="Platelets, ×10⁹/L."
    )
    white_cells_10e9_per_l: float | None = Field(
        default=None, ge=0, le=1000, description="White cell count, ×10⁹/L."
    )
    monocytes_10e9_per_l: float | None = Field(
        default=None, ge=0, le=500, description="Absolute monocyte count, ×10⁹/L."
    )
    blasts_percent: Percent | None = Field(
        default=None, description="Blood blasts, % of a manual differential (write 0 if none seen)."
    )


class Dysplasia(_Strict):
    """Whether at least 10 % of the cells of a lineage are dysplastic (true/false/unknown)."""

    erythroid: bool | None = None
    granulocytic: bool | None = None
    megakaryocytic: bool | None = None


class MarrowFindings(_Strict):
    blasts_percent: Percent | None = Field(
        default=None, description="Marrow blasts, % of the aspirate differential."
    )
    blasts_method: BlastCountMethod | None = Field(
        default=None,
        description="Where the marrow blast % comes from; flow or CD34 stains only support.",
    )
    aspirate_hemodilute: bool | None = Field(
        default=None,
        description="The report calls the aspirate haemodilute (blasts may be undercounted).",
    )
    auer_rods: bool | None = Field(
        default=None, description="Auer rods seen (true), looked for and not seen (false)."
    )
    ring_sideroblasts_percent: Percent | None = Field(
        default=None, description="Ring sideroblasts, % of erythroid precursors (iron stain)."
    )
    cellularity_percent: Percent | None = Field(default=None, description="Marrow cellularity, %.")
    fibrosis_grade: int | None = Field(
        default=None, ge=0, le=3, description="Reticulin fibrosis grade, 0-3 (MF-0 to MF-3)."
    )
    dysplasia: Dysplasia | None = None


class CytogeneticFindings(_Strict):
    """A karyotype string, explicit fields, or both (explicit fields win; conflicts are flagged)."""

    karyotype: str | None = Field(
        default=None, description="ISCN karyotype, e.g. 46,XY,del(5)(q13q33)[20]."
    )
    metaphases_analyzed: int | None = Field(default=None, ge=0, le=1000)
    normal: bool | None = Field(default=None, description="No clonal abnormality.")
    abnormality_count: int | None = Field(default=None, ge=0, le=100)
    del5q: bool | None = None
    monosomy7: bool | None = None
    del7q: bool | None = None
    complex: bool | None = Field(default=None, description="Three or more abnormalities.")
    abnormal_3q26_2: bool | None = Field(
        default=None, description="MECOM (3q26.2) rearrangement, e.g. inv(3)(q21.3q26.2) or t(3;3)."
    )
    loss_17p: bool | None = Field(
        default=None, description="Loss of 17p (TP53 locus): del(17p), -17 or similar."
    )
    i17q: bool | None = Field(default=None, description="Isochromosome 17q.")
    other_abnormalities: list[str] | None = Field(
        default=None,
        description="Complete list of the clonal abnormalities in short form, e.g. ['+8', "
        "'del(20q)']; an empty list means none besides the fields above.",
    )


class Variant(_Strict):
    gene: str = Field(min_length=2, max_length=20, description="HGNC gene symbol, e.g. SF3B1.")
    vaf: Fraction | None = Field(
        default=None, description="Variant allele fraction, 0-1 (write 38 % as 0.38)."
    )
    origin: VariantOrigin | None = Field(default=None, description="somatic, germline or unknown.")
    description: str | None = Field(default=None, description="HGVS or the report's wording.")

    @field_validator("gene")
    @classmethod
    def _upper(cls, gene: str) -> str:
        return gene.strip().upper()


class Tp53Findings(_Strict):
    """What the TP53 classifications need beyond the variant list."""

    mutation_count: int | None = Field(
        default=None, ge=0, le=10, description="Number of TP53 mutations."
    )
    max_vaf: Fraction | None = Field(default=None, description="Highest TP53 VAF, 0-1.")
    copy_number_loss: bool | None = Field(
        default=None,
        description="TP53/17p copy loss shown (karyotype, FISH, SNP array or NGS copy number); "
        "false only if a method that can see it looked.",
    )
    copy_neutral_loh: bool | None = Field(
        default=None, description="Copy-neutral loss of heterozygosity at 17p (SNP array or NGS)."
    )


class MolecularFindings(_Strict):
    genes_tested: list[str] | None = Field(
        default=None,
        description="Genes the panel covered; a covered gene with no listed variant counts as "
        "not mutated. Unknown coverage leaves every unlisted gene unknown.",
    )
    variants: list[Variant] = Field(default_factory=list)
    tp53: Tp53Findings | None = None

    @field_validator("genes_tested")
    @classmethod
    def _upper_all(cls, genes: list[str] | None) -> list[str] | None:
        return None if genes is None else [g.strip().upper() for g in genes]


class Findings(_Strict):
    """Everything the two classifiers can use. ``None`` = not known."""

    sex: Sex | None = Field(default=None, description="Needed for the haemoglobin threshold.")
    age_years: int | None = Field(default=None, ge=0, le=120)
    blood: BloodFindings | None = None
    marrow: MarrowFindings | None = None
    cytogenetics: CytogeneticFindings | None = None
    molecular: MolecularFindings | None = None
    aml_genetic_findings: list[AmlGeneticFinding] | None = Field(
        default=None,
        description="AML-defining genetic findings; [] = tested and none found, absent = unknown.",
    )
    prior_cytotoxic_therapy: bool | None = Field(
        default=None,
        description="Chemotherapy or radiation for another illness before this diagnosis.",
    )
    germline_predisposition: bool | None = Field(
        default=None, description="A germline predisposition is confirmed or suspected."
    )
    signed_out_diagnosis: str | None = Field(
        default=None,
        description="The diagnosis as the pathologist signed it out, if any (never overridden).",
    )
