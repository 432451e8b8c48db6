"""The holdout set: the checks every record set passes (``corpus/set_contract.py``: well-formed
annotations that agree with the clinical parsers, a perfect pipeline scores perfectly, the
same bytes twice, built files that hold their text), plus what this set was written for.
Precision and recall belong to ``bench/bench_records_holdout.py``, not here."""

from __future__ import annotations

import zipfile

from corpus.annotations import used_by_risk_scores
from corpus.build import BuiltDocument
from corpus.documents import RECORD_SET as CORPUS
from corpus.mismatch_classes import mismatch_classes
from corpus.oracle import perfect_facts
from corpus.score import CorpusScore, score_facts
from corpus.set_contract import RecordSetContract, pdf_text

from onconav.records.model import FactKind

from .documents import RECORD_SET

ANNOTATIONS = RECORD_SET.load()


class TestHoldoutSet(RecordSetContract):
    record_set = RECORD_SET
    earlier_sets = (CORPUS,)
    patients = frozenset({"H1", "H2", "H3"})
    minimum_documents = 15
    renders = frozenset({"text", "pdf", "docx", "fhir_json", "zip", "scan_png", "scan_pdf"})
    features = frozenset({
        "abbreviations_hgb_plt_anc_amc", "hb_abbreviation", "neut_abs",
        "absolute_neutrophils_label", "g_per_l", "mmol_per_l", "per_microliter",
        "x10e3_per_ul", "iso_date", "named_month_date", "day_first_stated_format",
        "ambiguous_date", "cumulative_table", "synoptic_key_value", "narrative_prose",
        "subclones_idem", "failed_culture", "fish_panel_sentences",
        "genes_without_variants_section", "flt3_itd_negative", "kmt2a_ptd_not_tested", "vus",
        "clinic_letter", "treatment_cycles", "transfusion_log", "loinc", "condition",
        "pdf_text_layer", "two_columns", "noise_and_rotation", "docx", "zip_portal_export",
    })  # fmt: skip

    def test_portal_zip_holds_a_text_layer_pdf(self, built: dict[str, BuiltDocument]) -> None:
        with zipfile.ZipFile(built["h3_portal"].path) as archive:
            report = archive.read("Genetics/WC-NGS-25-0877.pdf")
        assert "c.2645G>A" in pdf_text(report)


def test_mismatches_are_grouped_by_class() -> None:
    annotation = next(a for a in ANNOTATIONS if a.document == "h1_ngs")
    broken = [
        f.model_copy(update={"details": {**f.details, "vaf": None}})
        if f.kind == FactKind.VARIANT
        else f
        for f in perfect_facts(annotation)
        if f.value != "wild_type"
    ]
    classes = mismatch_classes(
        CorpusScore(documents=[score_facts(annotation, broken)], bad_inputs=[])
    )
    genes = annotation.wild_type[0].genes
    risk_genes = [g for g in genes if used_by_risk_scores(FactKind.GENE_STATUS, g)]
    missing = "gene_status/<gene> wild_type: no fact of this kind and name"
    assert classes[f"missed (risk) {missing}"] == len(risk_genes)
    assert classes[f"missed {missing}"] == len(genes) - len(risk_genes)
    assert classes["missed variant/TET2: details[vaf]"] == 2
    assert classes["false variant/TET2"] == 2
