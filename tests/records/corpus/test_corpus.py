"""The records test corpus: it builds, every annotation is well formed, the scorer counts
right, and (once the pipeline exists) the bad inputs are refused with the pipeline's clear
error. Precision and recall targets belong to ``bench/bench_records.py``, not here."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import docx
import pypdfium2
import pytest
from PIL import Image

from onconav.clinical.karyotype import parse_karyotype
from onconav.clinical.units import CANONICAL_UNIT, Analyte, normalise
from onconav.records.model import Fact, FactKind, Provenance

from .annotations import (
    CANONICAL_NAMES,
    SOURCES_DIR,
    DocumentAnnotation,
    ExpectedFact,
    load_annotations,
    used_by_risk_scores,
)
from .build import BuiltDocument, build_corpus
from .layout import Columns, LayoutError, Line, Table, parse_layout
from .matching import normalise_text, protein_change
from .pipeline import Pipeline, PipelineNotAvailableError, load_pipeline
from .score import bad_input_outcome, score_facts

ANNOTATIONS = load_annotations()
GOOD = [a for a in ANNOTATIONS if not a.bad_input]
BAD = [a for a in ANNOTATIONS if a.bad_input]
_GENE_STATUS_VALUES = {"wild_type", "detected", "not_detected", "present", "absent"}
_PERCENT_MARROW = {"marrow_blasts", "ring_sideroblasts", "cellularity"}


def _ids(annotations: list[DocumentAnnotation]) -> list[str]:
    return [a.document for a in annotations]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltDocument]:
    output = tmp_path_factory.mktemp("corpus")
    return {item.annotation.document: item for item in build_corpus(output)}


def _source_texts(annotation: DocumentAnnotation) -> str:
    sources = [annotation.source] if annotation.source else [m.source for m in annotation.members]
    return "\n".join((SOURCES_DIR / s).read_text(encoding="utf-8") for s in sources if s)


def _squeezed(text: str) -> str:
    return "".join(normalise_text(text).split())


# --- the corpus as a whole -------------------------------------------------------------


def test_corpus_has_at_least_30_annotated_documents_and_the_bad_inputs() -> None:
    assert len(GOOD) >= 30
    assert {a.render for a in BAD} == {
        "encrypted_pdf",
        "corrupt_pdf",
        "empty_file",
        "zip_bomb_docx",
        "not_fhir_json",
        "blank_image",
    }


def test_corpus_covers_the_shapes_the_brief_asks_for() -> None:
    renders = {a.render for a in ANNOTATIONS} | {m.render for a in GOOD for m in a.members}
    assert renders >= {"text", "pdf", "scan_pdf", "scan_png", "scan_tiff", "scan_jpeg", "docx"}
    assert renders >= {"fhir_json", "fhir_ndjson", "ccda", "zip"}
    features = {f for a in ANNOTATIONS for f in a.features}
    wanted = {
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
    }  # fmt: skip
    assert wanted <= features, sorted(wanted - features)


def test_file_names_are_unique() -> None:
    names = [a.file_name for a in ANNOTATIONS]
    assert len(names) == len(set(names))


# --- each annotation -------------------------------------------------------------------


@pytest.mark.parametrize("annotation", GOOD, ids=_ids(GOOD))
def test_annotation_is_well_formed(annotation: DocumentAnnotation) -> None:
    expected = annotation.expected_facts()
    assert any(not fact.optional for fact in expected), "a document with nothing to find"
    source = _source_texts(annotation)
    for fact in expected:
        label = f"{fact.kind.value}/{fact.name}={fact.value!r}"
        names = CANONICAL_NAMES[fact.kind]
        assert names is None or fact.name in names, f"{label}: not a canonical name"
        assert fact.risk == used_by_risk_scores(fact.kind, fact.name), f"{label}: risk mark"
        if fact.source_text is not None:
            assert _squeezed(fact.source_text) in _squeezed(source), f"{label}: not in source"
        if isinstance(fact.date, dt.date):
            assert dt.date(2024, 1, 1) <= fact.date <= dt.date(2024, 12, 31), label
        if "date_ambiguous" in fact.flags:
            assert fact.date is None, f"{label}: an ambiguous date is never guessed"
        _check_kind_rules(fact, label)
    for forbidden in annotation.forbidden:
        names = CANONICAL_NAMES[forbidden.kind]
        assert names is None or forbidden.name in names, forbidden


def _check_kind_rules(fact: ExpectedFact, label: str) -> None:
    if fact.kind == FactKind.LAB:
        analyte = Analyte(fact.name)
        if fact.unit is None:
            assert "unit_missing" in fact.flags, f"{label}: no unit and no flag"
        else:
            assert fact.unit == CANONICAL_UNIT[analyte], f"{label}: not the canonical unit"
        assert fact.original is not None, f"{label}: give the value as printed"
        printed = float(fact.original.value.replace(",", ""))
        converted = normalise(analyte, printed, fact.original.unit)
        if fact.unit is None:
            assert converted is None, f"{label}: a unitless value must stay unconverted"
            assert fact.value == printed
        else:
            assert converted is not None, f"{label}: unit {fact.original.unit!r} not known"
            assert converted.value == pytest.approx(float(fact.value), rel=0.005), label  # type: ignore[arg-type]
    elif fact.kind == FactKind.MARROW and fact.name in _PERCENT_MARROW:
        assert fact.unit == "%", label
    elif fact.kind == FactKind.KARYOTYPE and isinstance(fact.value, str):
        parse_karyotype(fact.value)  # raises on a malformed ISCN string
        assert fact.details.get("metaphases"), f"{label}: give the metaphase count"
    elif fact.kind == FactKind.VARIANT:
        assert fact.name == fact.name.upper(), label
        assert fact.value == "mutated", label
        vaf = fact.details.get("vaf")
        assert vaf is None or 0 < vaf <= 1, f"{label}: VAF is a fraction"
    elif fact.kind == FactKind.GENE_STATUS:
        assert fact.value in _GENE_STATUS_VALUES, label
    elif fact.kind == FactKind.FISH:
        assert fact.value in {"normal", "abnormal"}, label


@pytest.mark.parametrize("annotation", GOOD, ids=_ids(GOOD))
def test_wild_type_genes_carry_no_variant(annotation: DocumentAnnotation) -> None:
    mutated = {f.name for f in annotation.facts if f.kind == FactKind.VARIANT and not f.optional}
    for listing in annotation.wild_type:
        assert not mutated & set(listing.genes)
        assert len(listing.genes) == len(set(listing.genes))


@pytest.mark.parametrize("annotation", BAD, ids=_ids(BAD))
def test_bad_inputs_expect_no_facts(annotation: DocumentAnnotation) -> None:
    assert annotation.expect in {"error", "error_or_empty"}
    assert not annotation.facts
    assert not annotation.wild_type


# --- the scorer ------------------------------------------------------------------------


def _oracle(annotation: DocumentAnnotation) -> list[Fact]:
    """The facts a perfect pipeline would produce for the required annotations."""
    facts = []
    for want in annotation.expected_facts():
        if want.optional:
            continue
        facts.append(
            Fact(
                kind=want.kind,
                name=want.name,
                value=None if want.match == "any" else want.value,
                unit=want.unit,
                date=None if want.date == "any" else want.date,
                details=dict(want.details),
                flags=want.flags,
                provenance=Provenance(
                    document_id=annotation.document,
                    document_name=annotation.file_name,
                    text=want.source_text or "",
                    method="plain",
                ),
            )
        )
    return facts


@pytest.mark.parametrize("annotation", GOOD, ids=_ids(GOOD))
def test_a_perfect_pipeline_scores_perfectly(annotation: DocumentAnnotation) -> None:
    score = score_facts(annotation, _oracle(annotation))
    assert not score.missed
    assert not score.unexpected
    assert not score.forbidden
    assert len(score.matched) == len(score.required)


def _annotation(document: str) -> DocumentAnnotation:
    return next(a for a in ANNOTATIONS if a.document == document)


def test_a_wrong_value_is_both_missed_and_false() -> None:
    annotation = _annotation("p1_cbc_list")
    facts = [
        f.model_copy(update={"value": 9.8}) if f.name == "hemoglobin" else f
        for f in _oracle(annotation)
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
        for f in _oracle(annotation)
    ]
    score = score_facts(annotation, facts)
    assert [m.name for m, _ in score.missed] == ["platelets"]


def test_a_reference_range_value_is_forbidden_unless_flagged() -> None:
    annotation = _annotation("p1_cbc_scan")
    oracle = _oracle(annotation)
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
        for f in _oracle(annotation)
    ]
    assert [m.name for m, _ in score_facts(annotation, facts).missed] == ["hemoglobin"]


def test_a_repeated_correct_fact_is_a_duplicate_not_a_false_fact() -> None:
    annotation = _annotation("p1_cyto_normal")
    oracle = _oracle(annotation)
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


# --- building --------------------------------------------------------------------------


def test_corpus_builds_every_document(built: dict[str, BuiltDocument]) -> None:
    assert set(built) == {a.document for a in ANNOTATIONS}
    for name, item in built.items():
        assert item.path.name == item.annotation.file_name.split("/")[-1]
        size = item.path.stat().st_size
        assert size == 0 if item.annotation.render == "empty_file" else size > 0, name


def test_build_is_deterministic(built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    again = build_corpus(tmp_path, [item.annotation for item in built.values()])

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert {i.annotation.document: digest(i.path) for i in again} == {
        name: digest(item.path) for name, item in built.items()
    }


def test_text_layer_pdfs_hold_every_annotated_text(built: dict[str, BuiltDocument]) -> None:
    for item in built.values():
        if item.annotation.render != "pdf":
            continue
        document = pypdfium2.PdfDocument(item.path)
        text = "".join(page.get_textpage().get_text_range() for page in document)
        for fact in item.annotation.expected_facts():
            if fact.source_text:
                assert _squeezed(fact.source_text) in _squeezed(text), (item.path, fact)


def test_scanned_pdfs_have_no_text_layer(built: dict[str, BuiltDocument]) -> None:
    scans = [i for i in built.values() if i.annotation.render == "scan_pdf"]
    assert scans
    for item in scans:
        document = pypdfium2.PdfDocument(item.path)
        assert all(not page.get_textpage().get_text_range().strip() for page in document)


def test_images_docx_and_structured_files_open(built: dict[str, BuiltDocument]) -> None:
    for item in built.values():
        render = item.annotation.render
        if render in {"scan_png", "scan_tiff", "blank_image"}:
            with Image.open(item.path) as image:
                assert image.width >= 1000
        elif render == "docx":
            document = docx.Document(str(item.path))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            text = _squeezed("\n".join([p.text for p in document.paragraphs] + cells))
            for fact in item.annotation.expected_facts():
                if fact.source_text:
                    assert _squeezed(fact.source_text) in text, (item.path, fact)
        elif render == "fhir_json":
            assert json.loads(item.path.read_text())["resourceType"] == "Bundle"
        elif render == "fhir_ndjson":
            lines = item.path.read_text().splitlines()
            assert all(json.loads(line)["resourceType"] for line in lines)


def test_portal_zip_holds_its_members(built: dict[str, BuiltDocument]) -> None:
    item = built["p5_portal"]
    with zipfile.ZipFile(item.path) as archive:
        assert archive.namelist() == [m.file_name for m in item.annotation.members]
        photo = archive.read("Uploads/IMG_0624.jpg")
    with Image.open(io.BytesIO(photo)) as image:
        assert image.format == "JPEG"


def test_zip_bomb_inflates_far_beyond_its_size(built: dict[str, BuiltDocument]) -> None:
    path = built["bad_zip_bomb"].path
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    assert unpacked > 500 * path.stat().st_size


# --- the pipeline ----------------------------------------------------------------------


def test_missing_pipeline_is_reported_not_pretended(monkeypatch: pytest.MonkeyPatch) -> None:
    from . import pipeline as adapter

    monkeypatch.setattr(adapter, "INGEST_MODULE", "onconav.records.not_written_yet")
    with pytest.raises(PipelineNotAvailableError, match="pipeline not available"):
        adapter.load_pipeline()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    try:
        return load_pipeline()
    except PipelineNotAvailableError as error:
        pytest.skip(str(error))


@pytest.mark.parametrize("document", _ids(BAD))
def test_bad_input_is_refused_with_a_clear_error(
    document: str, built: dict[str, BuiltDocument], pipeline: Pipeline
) -> None:
    outcome = bad_input_outcome(pipeline, built[document])
    assert outcome.handled, outcome.how


def test_a_good_document_still_reads_after_a_bad_one(
    built: dict[str, BuiltDocument], pipeline: Pipeline
) -> None:
    bad_input_outcome(pipeline, built["bad_corrupt_pdf"])
    output = pipeline.run(built["p1_cbc_list"].path)
    assert output.documents
    assert any(page.text.strip() for page in output.documents[0].pages)
