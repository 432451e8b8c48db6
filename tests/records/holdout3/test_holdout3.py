"""The third holdout set: the checks every record set passes (``corpus/set_contract.py``),
that it covers the shapes it was written for, and that its conventions score the way its
README says. Precision and recall belong to ``bench/bench_records_holdout3.py``."""

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
from corpus.oracle import perfect_fact_like, perfect_facts, perfect_facts_with
from corpus.score import score_facts
from corpus.set_contract import RecordSetContract
from defusedxml import ElementTree
from holdout.documents import RECORD_SET as HOLDOUT
from holdout2.documents import RECORD_SET as HOLDOUT2

from onconav.clinical.karyotype import summarize
from onconav.records.model import FactKind

from .documents import RECORD_SET

ANNOTATIONS = RECORD_SET.load()
BY_NAME = {a.document: a for a in ANNOTATIONS}
CDA = "{urn:hl7-org:v3}"


class TestHoldout3Set(RecordSetContract):
    record_set = RECORD_SET
    earlier_sets = (CORPUS, HOLDOUT, HOLDOUT2)
    patients = frozenset({"Q1", "Q2", "Q3"})
    minimum_documents = 16
    renders = frozenset({"text", "pdf", "scan_pdf", "docx", "fhir_ndjson", "ccda", "zip"})
    features = frozenset({
        "reference_lab_columns", "differential_percent_and_absolute_columns", "k_per_ul",
        "m_per_ul", "cells_per_ul", "g_per_l_hemoglobin", "mmol_per_l_hemoglobin",
        "several_collection_dates", "censored_below", "censored_above", "qns_not_reported",
        "blasts_range", "blasts_not_increased", "constitutional_c", "normal_male_note",
        "fish_negative_sentence", "variants_in_sentences", "germline_confirmed", "vus_section",
        "no_variant_with_sensitivity", "epo", "ferritin", "discharge_summary",
        "transfusion_sentence", "hma_oral_combination", "treatment_cycles", "ecog_prose",
        "bulk_export", "condition_onset", "medication_request", "ccda", "pdf_text_layer",
        "two_columns", "noise_and_rotation", "docx", "zip_portal_export",
    })  # fmt: skip

    def test_the_narrative_ngs_repeats_its_header_and_footer_on_every_page(
        self, built: dict[str, BuiltDocument]
    ) -> None:
        document = pypdfium2.PdfDocument(built["q2_ngs_narrative"].path)
        pages = [page.get_textpage().get_text_range() for page in document]
        assert len(pages) >= 2
        for number, text in enumerate(pages, start=1):
            assert "Case HMD-25-00418" in text
            assert f"Page {number} of {len(pages)}" in text

    def test_the_consultation_sets_its_two_columns_side_by_side(
        self, built: dict[str, BuiltDocument]
    ) -> None:
        page = pypdfium2.PdfDocument(built["q3_consult_twocol"].path)[0].get_textpage()

        def box(word: str) -> tuple[float, float, float, float]:
            found = page.search(word, match_case=True).get_next()
            assert found is not None, word
            return page.get_charbox(found[0])

        left, right = box("BACKGROUND"), box("TODAY")
        assert abs(left[3] - right[3]) < 1  # the same top line
        assert right[0] > left[0] + 200  # the right column starts half a page across

    def test_the_marrow_report_is_a_word_file_with_its_blood_count_table(
        self, built: dict[str, BuiltDocument]
    ) -> None:
        (table,) = docx.Document(str(built["q3_marrow_docx"].path)).tables
        assert [c.text for c in table.rows[1].cells][:3] == ["Haemoglobin", "5,4", "mmol/L"]

    def test_the_portal_zip_holds_a_pdf_and_a_text_file(
        self, built: dict[str, BuiltDocument]
    ) -> None:
        with zipfile.ZipFile(built["q3_portal"].path) as archive:
            names = archive.namelist()
            assert len(names) == 2
            assert archive.read(names[0]).startswith(b"%PDF")
            assert b"TP53: no variant detected; sensitivity 5% VAF" in archive.read(names[1])


# --- the set as a whole ----------------------------------------------------------------


def test_the_bulk_export_holds_one_resource_per_line() -> None:
    lines = RECORD_SET.source_path("q3_fhir_bulk.ndjson").read_text(encoding="utf-8").splitlines()
    resources = [json.loads(line) for line in lines]
    kinds = [r["resourceType"] for r in resources]
    assert kinds.count("Patient") == 1
    assert kinds.count("Condition") == 1
    assert kinds.count("MedicationRequest") == 1
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    assert all(c["system"] == "http://loinc.org" for r in observations for c in r["code"]["coding"])
    (absent,) = [r for r in observations if "dataAbsentReason" in r]
    assert absent["status"] == "cancelled"
    assert "valueQuantity" not in absent
    hemoglobin = [r for r in observations if r["code"]["coding"][0]["code"] == "718-7"]
    assert {r["valueQuantity"]["code"] for r in hemoglobin} == {"g/L"}


def test_the_ccda_codes_its_sections_and_results() -> None:
    root = ElementTree.parse(RECORD_SET.source_path("q1_ccda.xml")).getroot()
    sections = {s.find(f"{CDA}code").get("code") for s in root.iter(f"{CDA}section")}
    assert sections == {"11450-4", "10160-0", "30954-2"}
    results = {
        o.find(f"{CDA}code").get("code"): o.find(f"{CDA}value").get("value")
        for o in root.iter(f"{CDA}observation")
        if o.find(f"{CDA}value") is not None and o.find(f"{CDA}value").get("unit")
    }
    assert results == {
        "718-7": "8.8",
        "777-3": "91",
        "6690-2": "3.0",
        "751-8": "1.31",
        "770-8": "43.7",
    }


def test_the_constitutional_mark_keeps_the_inversion_out_of_the_count() -> None:
    """With ``c`` the inherited inv(9) is not counted and nothing is in doubt: del(7q) alone
    is Intermediate. Without the mark the parser still takes inv(9) as a likely inherited
    variant, but has to give the other reading, a double abnormality with del(7q), Poor
    (IPSS-R, Schanz 2012): dropping the mark loses what the report settled."""
    (karyotype,) = [f for f in BY_NAME["q2_cyto_constitutional"].facts if f.name == "karyotype"]
    marked = summarize(str(karyotype.value))
    assert marked.ipssr_category.value == "Intermediate"
    assert marked.ipssr_category_alternative is None
    (dropped,) = [f for f in BY_NAME["q2_cyto_constitutional"].forbidden if "dropped" in f.why]
    unmarked = summarize(str(dropped.value))
    assert unmarked.ipssr_category_alternative is not None
    assert unmarked.ipssr_category_alternative.value == "Poor"


def test_a_q1_document_says_normal_male_karyotype() -> None:
    (karyotype,) = [f for f in BY_NAME["q1_cyto_fish"].facts if f.name == "karyotype"]
    assert karyotype.value == "46,XY[20]"
    text = RECORD_SET.source_path("q1_cyto_fish.txt").read_text(encoding="utf-8")
    assert "NORMAL MALE KARYOTYPE" in text


# --- the conventions, as the scorer applies them ---------------------------------------


@pytest.mark.parametrize(
    ("document", "kind", "model", "update", "why"),
    [
        ("q1_cbc_reflab", FactKind.LAB, "anc", {"value": 46.2},
         "the neutrophil percent column is not the ANC"),
        ("q1_cbc_reflab", FactKind.LAB, "reticulocytes_absolute", {"value": 0.032},
         "M/uL not converted to 10^9/L"),
        ("q1_marrow", FactKind.MARROW, "cellularity", {"name": "marrow_blasts", "value": 1.8},
         "flow cytometry CD34 percentage, not the blast count"),
        ("q1_ngs", FactKind.GENE_STATUS, "ASXL1", {"name": "CEBPA"},
         "coverage too low to report: unknown, not wild type"),
        ("q2_inpatient_labs", FactKind.LAB, "wbc", {"name": "reticulocytes_percent"},
         "QNS: not reported"),
        ("q2_discharge", FactKind.TREATMENT, "decitabine-cedazuridine", {"name": "azacitidine"},
         "considered before treatment began, not given"),
        ("q2_discharge", FactKind.TREATMENT, "decitabine-cedazuridine", {"name": "decitabine"},
         "decitabine-cedazuridine is an oral combination, not intravenous decitabine"),
        ("q3_marrow_docx", FactKind.MARROW, "cellularity", {"name": "marrow_blasts", "value": 2},
         "'Blasts are not increased' gives no number, and CD34 IHC is not the blast count: "
         "no blast value"),
        ("q3_portal", FactKind.GENE_STATUS, "TP53",
         {"kind": FactKind.VARIANT, "value": "mutated", "details": {"vaf": 0.05}},
         "no variant detected"),
        ("q3_fhir_bulk", FactKind.LAB, "mcv", {"name": "ferritin", "value": 212.0},
         "the ferritin Observation was cancelled, with a data-absent reason: no result"),
    ],
)  # fmt: skip
def test_a_reading_the_conventions_rule_out_is_forbidden(
    document: str, kind: FactKind, model: str, update: dict[str, Any], why: str
) -> None:
    """A percent column as a count, an unconverted red-cell unit, a flow CD34 value as the
    blast count, a gene not covered, a QNS result, a drug only considered, one drug of a
    combination, "blasts not increased" as a number, a sensitivity as a TP53 variant, a
    cancelled Observation: each is forbidden by its own rule."""
    annotation = BY_NAME[document]
    misread = perfect_fact_like(annotation, kind, model, **update)
    score = score_facts(annotation, perfect_facts_with(annotation, misread))
    assert [rule.why for rule, _ in score.forbidden] == [why]
    assert not score.missed


@pytest.mark.parametrize(("value", "matched"), [(3, True), (3.5, True), (4, True), (5, False)])
def test_a_blast_range_is_read_as_any_value_inside_it(value: float, matched: bool) -> None:
    annotation = BY_NAME["q1_marrow"]
    reading = perfect_fact_like(
        annotation, FactKind.MARROW, "marrow_blasts", "Blasts 3-4%", value=value
    )
    others = [f for f in perfect_facts(annotation) if f.name != "marrow_blasts"]
    score = score_facts(annotation, [*others, reading])
    assert (not score.missed) is matched
    assert (score.unexpected == [reading]) is not matched


def test_a_censored_value_is_its_bound_with_the_comparator_kept() -> None:
    # Lead decision (records round 5): the bound is the value and the comparator is kept in
    # ``details.comparator``, as FHIR Quantity.comparator; the two facts are required.
    annotation = BY_NAME["q2_inpatient_labs"]
    censored = [f for f in annotation.facts if f.source_text in {"<0.1", ">1000"}]
    assert [(f.name, f.value, f.optional, f.details) for f in censored] == [
        ("monocytes", 0.1, False, {"comparator": "<"}),
        ("ferritin", 1000, False, {"comparator": ">"}),
    ]
    perfect = perfect_facts(annotation)
    assert not score_facts(annotation, perfect).missed
    bound = next(f for f in perfect if f.name == "monocytes")
    plain = bound.model_copy(update={"details": {}})
    others = [f for f in perfect if f is not bound]
    score = score_facts(annotation, [*others, plain])
    assert [want.name for want, _ in score.missed] == ["monocytes"]


def test_a_combination_drug_may_be_written_any_way() -> None:
    annotation = BY_NAME["q2_discharge"]
    facts = [
        f.model_copy(update={"name": "Decitabine and cedazuridine"})
        if f.name == "decitabine-cedazuridine"
        else f
        for f in perfect_facts(annotation)
    ]
    assert not score_facts(annotation, facts).missed


def test_the_medication_request_date_is_not_the_start() -> None:
    annotation = BY_NAME["q3_fhir_bulk"]
    authored = perfect_fact_like(
        annotation, FactKind.TREATMENT, "lenalidomide", date=dt.date(2025, 4, 8)
    )
    others = [f for f in perfect_facts(annotation) if f.name != "lenalidomide"]
    assert not score_facts(annotation, [*others, authored]).missed
    (consult,) = [f for f in BY_NAME["q3_consult_twocol"].facts if f.name == "lenalidomide"]
    assert consult.date == dt.date(2024, 12, 10)
