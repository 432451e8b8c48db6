"""The second holdout set: the checks every record set passes (``corpus/set_contract.py``),
that it covers the shapes it was written for, and that its conventions score the way its
README says. Precision and recall belong to ``bench/bench_records_holdout2.py``."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from typing import Any

import docx
import pypdfium2
import pytest
from corpus.build import BuiltDocument
from corpus.documents import RECORD_SET as CORPUS
from corpus.oracle import perfect_fact_like, perfect_facts_with
from corpus.score import score_facts
from corpus.set_contract import RecordSetContract
from holdout.documents import RECORD_SET as HOLDOUT

from onconav.records.model import FactKind

from .documents import RECORD_SET

ANNOTATIONS = RECORD_SET.load()
BY_NAME = {a.document: a for a in ANNOTATIONS}


class TestHoldout2Set(RecordSetContract):
    record_set = RECORD_SET
    earlier_sets = (CORPUS, HOLDOUT)
    patients = frozenset({"K1", "K2", "K3"})
    minimum_documents = 16
    renders = frozenset({"text", "pdf", "scan_pdf", "docx", "fhir_json", "zip"})
    features = frozenset({
        "comma_decimals", "day_first_stated_format", "reference_lab_columns",
        "previous_result_column", "cumulative_table", "four_dates", "see_comment_value",
        "pending_value", "synoptic_key_value", "aspirate_vs_cd34_ihc", "ring_sideroblasts",
        "subclones_idem", "non_clonal_single_cell", "too_few_metaphases", "fish_table",
        "vaf_percent", "tier_column", "possible_germline", "genes_not_covered_list",
        "tp53_multi_hit", "no_mutations_detected", "genes_tested_list",
        "esa_then_luspatercept", "treatment_cycles", "hma_discussed_not_started",
        "transfusion_log", "broken_resource", "ucum_units", "diagnostic_report",
        "header_footer_every_page", "two_columns", "noise_and_rotation", "docx", "table",
        "zip_portal_export", "identity_mismatch_dob",
    })  # fmt: skip

    def test_ngs_report_repeats_its_header_and_footer_on_every_page(
        self, built: dict[str, BuiltDocument]
    ) -> None:
        document = pypdfium2.PdfDocument(built["k2_ngs_tp53"].path)
        pages = [page.get_textpage().get_text_range() for page in document]
        assert len(pages) >= 2
        for number, text in enumerate(pages, start=1):
            assert "Accession: RD-MO-25-01873" in text
            assert f"Page {number} of {len(pages)}" in text

    def test_word_record_holds_its_log_as_a_table(self, built: dict[str, BuiltDocument]) -> None:
        (table,) = docx.Document(str(built["k1_transfusion_log"].path)).tables
        assert [c.text for c in table.rows[0].cells][:3] == ["Date", "Product", "Units"]
        assert len(table.rows) == 8

    def test_portal_zip_holds_two_documents(self, built: dict[str, BuiltDocument]) -> None:
        with zipfile.ZipFile(built["k3_portal"].path) as archive:
            assert len(archive.namelist()) == 2
            karyotype = archive.read("Pathology/Karyotype_MCH-CG-25-0144.pdf")
        assert karyotype.startswith(b"%PDF")


# --- the set as a whole ----------------------------------------------------------------


def test_one_document_gives_a_different_birth_date() -> None:
    births = {
        a.document: fact.value
        for a in ANNOTATIONS
        if a.patient == "K2"
        for fact in a.facts
        if fact.name == "date_of_birth"
    }
    assert len(births) >= 5
    assert {d for d, born in births.items() if born != "1947-03-22"} == {"k2_fhir_bundle"}


def test_tp53_is_multi_hit_by_two_variants() -> None:
    tp53 = [f for f in BY_NAME["k2_ngs_tp53"].facts if f.kind == FactKind.VARIANT]
    assert sorted(f.name for f in tp53) == ["ETV6", "TP53", "TP53"]


def test_the_fhir_bundle_has_exactly_one_bad_resource() -> None:
    source = RECORD_SET.source_path("k2_fhir_bundle.json")
    entries = [e["resource"] for e in json.loads(source.read_text())["entry"]]
    quantities = [r["valueQuantity"] for r in entries if r["resourceType"] == "Observation"]
    assert [q["value"] for q in quantities if not isinstance(q["value"], int | float)] == [
        "see note"
    ]
    assert all(q["system"] == "http://unitsofmeasure.org" for q in quantities)
    assert "DiagnosticReport" in {r["resourceType"] for r in entries}
    assert BY_NAME["k2_fhir_bundle"].expect_warnings


# --- the conventions, as the scorer applies them ---------------------------------------


@pytest.mark.parametrize(
    ("document", "kind", "model", "update", "why"),
    [
        ("k1_lab_comma", FactKind.LAB, "hemoglobin", {"value": 98.0},
         "comma decimal read as a thousands separator"),
        ("k1_marrow_synoptic", FactKind.MARROW, "marrow_blasts", {"value": 6},
         "CD34 immunohistochemistry estimate, not the blast count"),
        ("k2_cyto_idem", FactKind.KARYOTYPE, "karyotype", {"value": "47,XY,+21[1]"},
         "a single cell with a gain is not a clone"),
        ("k2_cbc_refcols", FactKind.LAB, "ldh", {"name": "ferritin", "value": 241.0},
         "PENDING: no result yet"),
        ("k2_ngs_tp53", FactKind.GENE_STATUS, "ASXL1", {"name": "PPM1D"},
         "not on the panel: unknown"),
        ("k2_ngs_tp53", FactKind.GENE_STATUS, "ASXL1",
         {"name": "FLT3-ITD", "value": "not_detected"}, "not covered: unknown"),
        ("k1_letter", FactKind.TREATMENT, "luspatercept", {"name": "azacitidine"},
         "discussed as a later option, not started"),
    ],
)  # fmt: skip
def test_a_reading_the_conventions_rule_out_is_forbidden(
    document: str, kind: FactKind, model: str, update: dict[str, Any], why: str
) -> None:
    """A misread comma, a CD34 estimate as the blast count, a non-clonal cell, a pending
    value, a gene not covered, a drug not started: each is forbidden by its own rule."""
    annotation = BY_NAME[document]
    misread = perfect_fact_like(annotation, kind, model, **update)
    score = score_facts(annotation, perfect_facts_with(annotation, misread))
    assert [rule.why for rule, _ in score.forbidden] == [why]
    assert not score.missed


def test_a_previous_result_counts_only_with_its_own_date() -> None:
    annotation = BY_NAME["k2_cbc_refcols"]
    previous = perfect_fact_like(
        annotation, FactKind.LAB, "hemoglobin", "8.6  01/21/2025", value=8.6
    )
    own_date = previous.model_copy(update={"date": dt.date(2025, 1, 21)})
    assert score_facts(annotation, perfect_facts_with(annotation, previous)).unexpected == [
        previous
    ]
    score = score_facts(annotation, perfect_facts_with(annotation, own_date))
    assert not score.unexpected
    assert [want.date for want, _ in score.optional_matched] == [dt.date(2025, 1, 21)]


def test_a_pending_analyte_s_reference_interval_is_accepted_only_when_flagged() -> None:
    annotation = BY_NAME["k2_cbc_refcols"]
    reference = perfect_fact_like(annotation, FactKind.LAB, "ldh", name="ferritin", value=400.0)
    assert len(score_facts(annotation, perfect_facts_with(annotation, reference)).forbidden) == 1
    flagged = reference.model_copy(update={"flags": ("reference_only",)})
    score = score_facts(annotation, perfect_facts_with(annotation, flagged))
    assert not score.forbidden
    assert score.allowed_flagged == [flagged]
