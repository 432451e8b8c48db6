"""The findings of one case as explainable facts: the leaves every rule is built from.

Each builder returns a ``Fact`` whose texts state what was found ("marrow blasts 7 %
(5 % or more)") and, when the input is missing, which field and test would decide it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from onconav.clinical.classification import thresholds as t
from onconav.clinical.classification.cytogenetic_facts import (
    KaryotypeSummarizer,
    ResolvedCytogenetics,
    resolve_cytogenetics,
)
from onconav.clinical.classification.findings import (
    AmlGeneticFinding,
    BloodFindings,
    Findings,
    MarrowFindings,
    Sex,
)
from onconav.clinical.classification.molecular_facts import MolecularView, Tp53Facts, tp53_facts
from onconav.clinical.classification.result import Flag
from onconav.clinical.classification.tristate import (
    Expr,
    Fact,
    Need,
    Tri,
    all_of,
    any_of,
    negate,
    tri_any,
)

NEED_MARROW_BLASTS = Need("marrow.blasts_percent", "marrow aspirate blast count (500-cell count)")
NEED_BLOOD_BLASTS = Need("blood.blasts_percent", "blood smear blast count (manual differential)")
NEED_AUER = Need("marrow.auer_rods", "whether Auer rods were seen on the marrow or blood smear")
NEED_DYSPLASIA = Need("marrow.dysplasia", "dysplasia per lineage (at least 10 % of cells)")
NEED_CELLULARITY = Need("marrow.cellularity_percent", "marrow cellularity (trephine biopsy)")
NEED_FIBROSIS = Need("marrow.fibrosis_grade", "reticulin fibrosis grade (MF-0 to MF-3)")
NEED_RING_SIDEROBLASTS = Need(
    "marrow.ring_sideroblasts_percent", "iron stain: ring sideroblasts, % of erythroid cells"
)
NEED_COUNTS = Need("blood", "full blood count: haemoglobin (with sex), neutrophils and platelets")
NEED_MONOCYTES = Need("blood.monocytes_10e9_per_l", "absolute monocyte count and white cell count")
NEED_PLATELETS = Need("blood.platelets_10e9_per_l", "platelet count")
NEED_AML_GENETICS = Need(
    "aml_genetic_findings",
    "AML-defining genetic findings: karyotype/FISH for fusions and NPM1 status from NGS",
)
NEED_TP53_COUNT = Need(
    "molecular.tp53.mutation_count", "TP53 sequencing (number of TP53 mutations and their VAF)"
)
NEED_TP53_VAF = Need("molecular.tp53.max_vaf", "TP53 variant allele fraction from NGS")
NEED_TP53_COPY_LOSS = Need(
    "molecular.tp53.copy_number_loss",
    "TP53/17p copy number: FISH for 17p, SNP array or NGS copy-number analysis",
)
NEED_TP53_CNLOH = Need(
    "molecular.tp53.copy_neutral_loh", "copy-neutral LOH at 17p: SNP array or NGS"
)
NEED_CLONALITY = Need(
    "molecular.genes_tested", "myeloid NGS panel (with its gene list) and a karyotype"
)


def karyotype_need(field: str) -> Need:
    return Need(f"cytogenetics.{field}", "karyotype (chromosome analysis of the marrow)")


def _gene_need(gene: str) -> Need:
    return Need(
        f"molecular.variants / molecular.genes_tested ({gene})",
        f"{gene} status from a myeloid NGS panel",
    )


def number(value: float) -> str:
    return f"{value:g}"


def vaf_text(value: float) -> str:
    return f"{value * 100:.3g} %"


@dataclass(frozen=True)
class CaseFacts:
    findings: Findings
    cytogenetics: ResolvedCytogenetics
    molecular: MolecularView
    tp53: Tp53Facts

    @property
    def marrow(self) -> MarrowFindings:
        return self.findings.marrow or MarrowFindings()

    @property
    def blood(self) -> BloodFindings:
        return self.findings.blood or BloodFindings()

    @property
    def resolution_flags(self) -> tuple[Flag, ...]:
        return (*self.cytogenetics.flags, *self.tp53.flags)

    # --- blasts -------------------------------------------------------------------
    def marrow_blasts_at_least(self, limit: float) -> Expr:
        return _at_least(
            self.marrow.blasts_percent, limit, "marrow blasts", " %", NEED_MARROW_BLASTS
        )

    def blood_blasts_at_least(self, limit: float) -> Expr:
        return _at_least(self.blood.blasts_percent, limit, "blood blasts", " %", NEED_BLOOD_BLASTS)

    def blasts_at_least(self, limit: float) -> Expr:
        """Marrow or blood blasts at or above the limit."""
        return any_of(self.marrow_blasts_at_least(limit), self.blood_blasts_at_least(limit))

    def auer_rods(self) -> Expr:
        return Fact(self.marrow.auer_rods, "Auer rods seen", "no Auer rods seen", (NEED_AUER,))

    def low_blasts(self) -> Expr:
        """Marrow < 5 %, blood < 2 % and no Auer rods (both systems' low-blast range)."""
        return all_of(
            negate(self.marrow_blasts_at_least(t.MARROW_BLASTS_INCREASED)),
            negate(self.blood_blasts_at_least(t.BLOOD_BLASTS_INCREASED)),
            negate(self.auer_rods()),
        )

    # --- morphology ---------------------------------------------------------------
    def dysplastic_lineages(self, *, at_least: int, at_most: int | None = None) -> Expr:
        d = self.marrow.dysplasia
        values = (d.erythroid, d.granulocytic, d.megakaryocytic) if d else (None, None, None)
        names = ("erythroid", "granulocytic", "megakaryocytic")
        low = sum(v is True for v in values)
        high = sum(v is not False for v in values)
        upper = 3 if at_most is None else at_most
        value: Tri = None
        if at_least <= low and high <= upper:
            value = True
        elif high < at_least or low > upper:
            value = False
        seen = [n for n, v in zip(names, values, strict=True) if v is True]
        text = (
            f"dysplasia in ≥ {t.DYSPLASIA_MIN_PERCENT_OF_LINEAGE} % of cells of "
            f"{len(seen)} lineage(s){': ' + ', '.join(seen) if seen else ''}"
        )
        return Fact(value, text, text, (NEED_DYSPLASIA,))

    def cellularity_at_most(self, limit: float) -> Expr:
        value = self.marrow.cellularity_percent
        return negate(_above(value, limit, "marrow cellularity", " %", NEED_CELLULARITY))

    def fibrosis_at_least(self, grade: int) -> Expr:
        value = self.marrow.fibrosis_grade
        known = value is not None
        return Fact(
            None if value is None else value >= grade,
            f"reticulin fibrosis grade MF-{value} (MF-{grade} or more)" if known else "",
            f"reticulin fibrosis grade MF-{value} (below MF-{grade})" if known else "",
            (NEED_FIBROSIS,),
        )

    def ring_sideroblasts_at_least(self, limit: float) -> Expr:
        return _at_least(
            self.marrow.ring_sideroblasts_percent,
            limit,
            "ring sideroblasts",
            " % of erythroid cells",
            NEED_RING_SIDEROBLASTS,
        )

    # --- cytogenetics -------------------------------------------------------------
    def karyotype_shows(self, field: str, label: str) -> Expr:
        value: Tri = getattr(self.cytogenetics, field)
        return Fact(
            value,
            f"karyotype shows {label}",
            f"no {label} on the karyotype",
            (karyotype_need(field),),
        )

    def monosomy7_or_del7q(self) -> Expr:
        return any_of(
            self.karyotype_shows("monosomy7", "monosomy 7"),
            self.karyotype_shows("del7q", "del(7q)"),
        )

    def abnormality_count_at_most(self, n: int) -> Expr:
        """Counting conventions may disagree (der(1;7), -Y): decided only if both agree."""
        count = self.cytogenetics.abnormality_count
        other = self.cytogenetics.abnormality_count_alternative
        counts = [c for c in (count, other) if c is not None]
        value: Tri = None
        if count is not None:
            verdicts = {c <= n for c in counts}
            value = verdicts.pop() if len(verdicts) == 1 else None
        shown = " or ".join(str(c) for c in counts)
        return Fact(
            value,
            f"{shown} karyotype abnormalit{'y' if counts == [1] else 'ies'} (at most {n})",
            f"{shown} karyotype abnormalities (more than {n})",
            (
                Need(
                    "cytogenetics.abnormality_count",
                    "karyotype, with the pathologist's count where conventions disagree",
                ),
            ),
        )

    def myelodysplasia_related_cytogenetics(self) -> Tri:
        return self.cytogenetics.myelodysplasia_related

    # --- genes --------------------------------------------------------------------
    def gene_mutated(self, gene: str) -> Expr:
        return Fact(
            self.molecular.gene(gene).mutated,
            f"{gene} mutated",
            f"{gene} not mutated (covered by the panel)",
            (_gene_need(gene),),
        )

    def gene_vaf_at_least(self, gene: str, vaf: float) -> Expr:
        status = self.molecular.gene(gene)
        value = status.vaf_at_least(vaf)
        shown = f" (VAF {', '.join(vaf_text(v) for v in status.vafs)})" if status.vafs else ""
        return Fact(
            value,
            f"{gene} mutated{shown}, at least {vaf_text(vaf)}",
            f"no {gene} mutation at {vaf_text(vaf)} or more{shown}",
            (_gene_need(gene),),
        )

    def any_gene_mutated(self, genes: Collection[str]) -> Tri:
        return tri_any(self.molecular.gene(g).mutated for g in genes)

    def clonal(self) -> Expr:
        """Clonal haematopoiesis: a somatic myeloid variant at VAF ≥ 2 % or a clonal karyotype."""
        somatic = self.molecular.somatic
        reaching = [
            v for v in somatic if v.vaf is not None and v.vaf >= t.CLONAL_HEMATOPOIESIS_MIN_VAF
        ]
        unknown_vaf = any(v.vaf is None for v in somatic)
        abnormal_karyotype = self.cytogenetics.normal is False
        value: Tri
        if reaching or abnormal_karyotype:
            value = True
        elif self.molecular.coverage_known and not unknown_vaf and self.cytogenetics.normal is True:
            value = False
        else:
            value = None
        evidence = [f"{v.gene} at {vaf_text(v.vaf)}" for v in reaching if v.vaf is not None]
        if abnormal_karyotype:
            evidence.append("an abnormal karyotype")
        return Fact(
            value,
            "clonal haematopoiesis: " + ", ".join(evidence),
            "no clonal marker: no somatic variant at 2 % or more and a normal karyotype",
            (NEED_CLONALITY,),
        )

    # --- blood counts -------------------------------------------------------------
    def cytopenia(self) -> tuple[Tri, str]:
        """Whether the counts meet either system's cytopenia thresholds, in words."""
        return cytopenia_from_counts(self.blood, self.findings.sex)

    def counts_show_no_cytopenia(self) -> Expr:
        """Known normal counts. Unknown counts are *not* this fact (see the prerequisite)."""
        value, text = self.cytopenia()
        return Fact(value is False, text, text, ())

    def monocytosis(self) -> Expr:
        monocytes = self.blood.monocytes_10e9_per_l
        wbc = self.blood.white_cells_10e9_per_l
        share = None if monocytes is None or not wbc else monocytes / wbc * 100
        value: Tri = None
        if (
            (monocytes is not None and monocytes < t.MONOCYTES_MIN_10E9_L)
            or (share is not None and share < t.MONOCYTES_MIN_PERCENT_OF_WBC)
            or (wbc is not None and wbc < t.MONOCYTES_MIN_10E9_L)
        ):
            value = False
        elif monocytes is not None and share is not None:
            value = True
        described = (
            f"monocytes {number(monocytes)} ×10⁹/L" if monocytes is not None else "monocytes"
        ) + (f", {share:.0f} % of white cells" if share is not None else "")
        return Fact(
            value,
            f"{described} (at least {number(t.MONOCYTES_MIN_10E9_L)} ×10⁹/L and "
            f"{number(t.MONOCYTES_MIN_PERCENT_OF_WBC)} %)",
            f"{described}: below the monocytosis thresholds",
            (NEED_MONOCYTES,),
        )

    def thrombocytosis(self) -> Expr:
        return _at_least(
            self.blood.platelets_10e9_per_l,
            t.THROMBOCYTOSIS_MIN_10E9_L,
            "platelets",
            " ×10⁹/L",
            NEED_PLATELETS,
        )

    # --- AML-defining genetics ----------------------------------------------------
    def aml_genetics_present(self) -> tuple[AmlGeneticFinding, ...]:
        found = list(self.findings.aml_genetic_findings or ())
        found += self.cytogenetics.aml_genetics
        if self.cytogenetics.abnormal_3q26_2 is True:
            found.append(AmlGeneticFinding.MECOM_REARRANGEMENT)
        if self.molecular.gene("NPM1").mutated is True:
            found.append(AmlGeneticFinding.NPM1_MUTATION)
        stated = self.findings.aml_genetic_findings
        cebpa_typed = stated is not None and AmlGeneticFinding.CEBPA_BZIP_IN_FRAME in stated
        if self.molecular.gene("CEBPA").mutated is True and not cebpa_typed:
            found.append(AmlGeneticFinding.CEBPA_OTHER)
        return tuple(dict.fromkeys(found))

    def aml_genetics(self, relevant: Collection[AmlGeneticFinding], *, system: str) -> Expr:
        """Whether one of the given AML-defining findings is present.

        Known absent when the findings list is given, or when the karyotype shows no such
        rearrangement and NPM1 (and, for CEBPA-dependent lists, CEBPA) is not mutated;
        in the second case cryptic fusions are not excluded and a flag says so.
        """
        present = [f for f in self.aml_genetics_present() if f in relevant]
        if present:
            return Fact(True, f"AML-defining genetic finding: {', '.join(present)}", "", ())
        if AmlGeneticFinding.CEBPA_BZIP_IN_FRAME in relevant and self._cebpa_type_unknown():
            return Fact(None, "", "", (NEED_AML_GENETICS,))
        if self.findings.aml_genetic_findings is not None:
            return Fact(False, "", f"no {system} AML-defining genetic finding reported", ())
        genes_needed = ["NPM1"]
        if AmlGeneticFinding.CEBPA_BZIP_IN_FRAME in relevant:
            genes_needed.append("CEBPA")
        genes_clear = all(self.molecular.gene(g).mutated is False for g in genes_needed)
        if self.cytogenetics.aml_genetics_absent is True and genes_clear:
            return Fact(
                False,
                "",
                "karyotype shows no AML-defining rearrangement and "
                f"{' and '.join(genes_needed)} not mutated",
                (),
            )
        return Fact(None, "", "", (NEED_AML_GENETICS,))

    def aml_genetics_inferred_absent(self) -> bool:
        """True when absence rests on karyotype + NGS rather than a stated list."""
        return (
            self.findings.aml_genetic_findings is None
            and self.cytogenetics.aml_genetics_absent is True
            and self.molecular.gene("NPM1").mutated is False
        )

    def _cebpa_type_unknown(self) -> bool:
        stated = self.findings.aml_genetic_findings or ()
        return (
            AmlGeneticFinding.CEBPA_OTHER in self.aml_genetics_present()
            and AmlGeneticFinding.CEBPA_BZIP_IN_FRAME not in stated
            and self.findings.aml_genetic_findings is None
        )


def case_facts(findings: Findings, summarize: KaryotypeSummarizer | None) -> CaseFacts:
    cytogenetics = resolve_cytogenetics(findings.cytogenetics, summarize)
    molecular = MolecularView(findings.molecular)
    loss_17p = tri_any((cytogenetics.loss_17p, cytogenetics.i17q))
    # A karyotype that shows no 17p loss cannot exclude a small deletion: only True counts.
    tp53 = tp53_facts(molecular, True if loss_17p is True else None)
    return CaseFacts(findings, cytogenetics, molecular, tp53)


def cytopenia_from_counts(blood: BloodFindings, sex: Sex | None) -> tuple[Tri, str]:
    """Cytopenia by the thresholds both 2022 systems use (V: CAP_MDS_REVIEW)."""
    hb = blood.hemoglobin_g_dl
    lows: list[str] = []
    unknown: list[str] = []
    if hb is None:
        unknown.append("haemoglobin")
    else:
        limit = (
            {
                Sex.MALE: t.HEMOGLOBIN_LOW_MALE_G_DL,
                Sex.FEMALE: t.HEMOGLOBIN_LOW_FEMALE_G_DL,
            }.get(sex)
            if sex
            else None
        )
        if limit is not None and hb < limit:
            lows.append(f"haemoglobin {number(hb)} g/dL (below {number(limit)})")
        elif limit is None and hb < t.HEMOGLOBIN_LOW_FEMALE_G_DL:
            lows.append(f"haemoglobin {number(hb)} g/dL (below 12 for anyone)")
        elif limit is None and hb < t.HEMOGLOBIN_LOW_MALE_G_DL:
            unknown.append("haemoglobin (the threshold depends on sex)")
    for value, name, limit, unit in (
        (blood.neutrophils_10e9_per_l, "neutrophils", t.NEUTROPHILS_LOW_10E9_L, "×10⁹/L"),
        (blood.platelets_10e9_per_l, "platelets", t.PLATELETS_LOW_10E9_L, "×10⁹/L"),
    ):
        if value is None:
            unknown.append(name)
        elif value < limit:
            lows.append(f"{name} {number(value)} {unit} (below {number(limit)})")
    if lows:
        return True, "the counts meet the cytopenia thresholds: " + "; ".join(lows)
    if unknown:
        return None, "cytopenia not established from the counts; unknown: " + ", ".join(unknown)
    return False, "no count is below the cytopenia thresholds"


def _at_least(value: float | None, limit: float, label: str, unit: str, need: Need) -> Expr:
    if value is None:
        return Fact(None, "", "", (need,))
    shown = f"{label} {number(value)}{unit}"
    return Fact(
        value >= limit,
        f"{shown} ({number(limit)}{unit} or more)",
        f"{shown} (below {number(limit)}{unit})",
        (need,),
    )


def _above(value: float | None, limit: float, label: str, unit: str, need: Need) -> Expr:
    if value is None:
        return Fact(None, "", "", (need,))
    shown = f"{label} {number(value)}{unit}"
    return Fact(
        value > limit,
        f"{shown} (above {number(limit)}{unit})",
        f"{shown} ({number(limit)}{unit} or less)",
        (need,),
    )
