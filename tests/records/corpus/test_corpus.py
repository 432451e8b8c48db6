"""The records test corpus: the checks every record set passes (``set_contract.py``: it
builds the same bytes twice, every annotation is well formed, a perfect pipeline scores
perfectly), the scorer counts right, and (once the pipeline exists) the bad inputs are
refused with the pipeline's clear error. Precision and recall targets belong to
``bench/bench_records.py``, not here."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from onconav.records.model import FactKind

from .annotations import BAD_INPUT_RENDERS, DocumentAnnotation
from .build import BuiltDocument
from .documents import RECORD_SET
from .layout import Columns, LayoutError, Line, Table, parse_layout
from .matching import protein_change
from .oracle import perfect_facts
from .pipeline import Pipeline, PipelineNotAvailableError, load_pipeline
from .score import bad_input_outcome, score_facts
from .set_contract import RecordSetContract

ANNOTATIONS = RECORD_SET.load()
BAD = [a for a in ANNOTATIONS if a.bad_input]


class TestCorpusSet(RecordSetContract):
    """The checks every record set passes (``set_contract.py``), and the corpus's own
    built files: the portal zip's photo, the zip bomb, and the pipeline on bad inputs."""

    record_set = RECORD_SET
    patients = frozenset({"P1", "P2", "P3", "P4", "P5"})
    minimum_documents = 30
    renders = frozenset(
        {"text", "pdf", "scan_pdf", "scan_png", "scan_tiff", "scan_jpeg", "docx"}
        | {"fhir_json", "fhir_ndjson", "ccda", "zip"}
    )
    features = frozenset({
        "single_result_list", "table", "serial_columns", "mmol_per_l", "g_per_l",
        "k_per_ul", "per_microliter", "x10_9_per_l", "value_without_unit", "ambiguous_date",
        "reference_range_line", "aspirate_vs_flow_vs_ihc", "ring_sideroblasts",
        "dysplasia_percentages", "auer_rods_present", "who_2022", "icc_2022", "who_2016",
        "hemodilute_caveat", "complex_karyotype", "normal_karyotype", "failed_culture",
        "fish_nuc_ish", "fish_in_words", "vaf_percent", "vaf_fraction", "genes_tested_list",
        "tp53_negative_statement", "flt3_itd_separate_assay", "kmt2a_ptd_separate_assay",
        "vus", "possible_germline", "clinic_note", "clinic_letter", "discharge_summary",
        "treatment_cycles", "transfusion_log", "ecog", "hla_typing", "broken_resource",
        "bulk_ndjson", "results_section", "two_columns", "zip_portal_export",
        "diagnostic_report_conclusion", "medication_statement", "condition", "loinc",
    })  # fmt: skip

    def test_portal_zip_holds_a_phone_photo(self, built: dict[str, BuiltDocument]) -> None:
        with zipfile.ZipFile(built["p5_portal"].path) as archive:
            photo = archive.read("Uploads/IMG_0624.jpg")
        with Image.open(io.BytesIO(photo)) as image:
            assert image.format == "JPEG"

    def test_zip_bomb_inflates_far_beyond_its_size(self, built: dict[str, BuiltDocument]) -> None:
        path = built["bad_zip_bomb"].path
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        assert unpacked > 500 * path.stat().st_size

    @pytest.mark.parametrize("document", [a.document for a in BAD])
    def test_bad_input_is_refused_with_a_clear_error(
        self, document: str, built: dict[str, BuiltDocument], pipeline: Pipeline
    ) -> None:
        outcome = bad_input_outcome(pipeline, built[document])
        assert outcome.handled, outcome.how

    def test_a_good_document_still_reads_after_a_bad_one(
        self, built: dict[str, BuiltDocument], pipeline: Pipeline
    ) -> None:
        bad_input_outcome(pipeline, built["bad_corrupt_pdf"])
        output = pipeline.run(built["p1_cbc_list"].path)
        assert output.documents
        assert any(page.text.strip() for page in output.documents[0].pages)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    try:
        return load_pipeline()
    except PipelineNotAvailableError as error:
        pytest.skip(str(error))


# --- the corpus as a whole -------------------------------------------------------------


def test_corpus_has_every_bad_input() -> None:
    assert {a.render for a in BAD} == BAD_INPUT_RENDERS


# --- the scorer ------------------------------------------------------------------------


def _annotation(document: str) -> DocumentAnnotation:
    return next(a for a in ANNOTATIONS if a.document == document)


def test_a_wrong_value_is_both_missed_and_false() -> None:
    annotation = _annotation("p1_cbc_list")
    facts = [
        f.model_copy(update={"value": 9.8}) if f.name == "hemoglobin" else f
        for f in perfect_facts(annotation)
    ]
    score = score_facts(annotation, facts)
    assert [m.name for m, _ in score.missed] == ["hemoglobin"]
    assert [f.value for f in score.unexpected] == [9.8]


def test_a_guessed_unit_is_not_a_match() -> None:
    annotation = _annotation("p4_cbc_no_unit")
    facts = [
        f.model_copy(update={"unit": "10^9/L", "flags": ("date_ambiguous",)})
        if f.name == "platelets"
        else f
        for f in perfect_facts(annotation)
    ]
    score = score_facts(annotation, facts)
    assert [m.name for m, _ in score.missed] == ["platelets"]


def test_a_reference_range_value_is_forbidden_unless_flagged() -> None:
    annotation = _annotation("p1_cbc_scan")
    oracle = perfect_facts(annotation)
    hemoglobin = next(f for f in oracle if f.name == "hemoglobin")
    reference = hemoglobin.model_copy(update={"value": 12.0})
    assert len(score_facts(annotation, [*oracle, reference]).forbidden) == 1
    flagged = reference.model_copy(update={"flags": ("reference_only",)})
    score = score_facts(annotation, [*oracle, flagged])
    assert not score.forbidden
    assert score.allowed_flagged == [flagged]


def test_provenance_must_hold_the_annotated_text() -> None:
    annotation = _annotation("p2_cbc_table")
    facts = [
        f.model_copy(update={"provenance": f.provenance.model_copy(update={"text": "Hemoglobin"})})
        if f.name == "hemoglobin"
        else f
        for f in perfect_facts(annotation)
    ]
    assert [m.name for m, _ in score_facts(annotation, facts).missed] == ["hemoglobin"]


def test_a_repeated_correct_fact_is_a_duplicate_not_a_false_fact() -> None:
    annotation = _annotation("p1_cyto_normal")
    oracle = perfect_facts(annotation)
    karyotype = next(f for f in oracle if f.kind == FactKind.KARYOTYPE)
    score = score_facts(annotation, [*oracle, karyotype.model_copy()])
    assert score.duplicates
    assert not score.unexpected


def test_protein_changes_compare_in_one_and_three_letter_codes() -> None:
    assert protein_change("p.(Gly646TrpfsTer12)") == protein_change("p.G646Wfs*12")
    assert protein_change("p.(Lys700Glu)") == protein_change("K700E")
    assert protein_change("p.(Arg248Gln)") != protein_change("p.R248W")


# --- the layout markup -----------------------------------------------------------------


def test_layout_reads_tables_and_columns() -> None:
    blocks = parse_layout(
        "Title\n| A | B |\n| 1 | 2 |\n=== columns ===\nleft\n=== column ===\nright\n"
        "=== end columns ===\nend"
    )
    assert blocks == (
        Line("Title"),
        Table(rows=(("A", "B"), ("1", "2"))),
        Columns(left=(Line("left"),), right=(Line("right"),)),
        Line("end"),
    )


@pytest.mark.parametrize(
    "text", ["=== columns ===\nx", "=== column ===", "| a | b |\n| c |", "=== end columns ==="]
)
def test_layout_refuses_malformed_markup(text: str) -> None:
    with pytest.raises(LayoutError):
        parse_layout(text)


# --- the pipeline ----------------------------------------------------------------------


def test_missing_pipeline_is_reported_not_pretended(monkeypatch: pytest.MonkeyPatch) -> None:
    from . import pipeline as adapter

    monkeypatch.setattr(adapter, "INGEST_MODULE", "onconav.records.not_written_yet")
    with pytest.raises(PipelineNotAvailableError, match="pipeline not available"):
        adapter.load_pipeline()
