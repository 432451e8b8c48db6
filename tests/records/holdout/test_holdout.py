"""The holdout set: it builds (the same bytes twice), covers the shapes it was written for,
every annotation is well formed and agrees with the clinical parsers, and a perfect pipeline
would score perfectly on it. Precision and recall belong to
``bench/bench_records_holdout.py``, not here."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import docx
import pypdfium2
import pytest
from corpus.annotations import (
    CANONICAL_NAMES,
    DocumentAnnotation,
    ExpectedFact,
    load_annotations,
    used_by_risk_scores,
)
from corpus.build import BuiltDocument
from corpus.matching import normalise_text
from corpus.score import score_facts

from onconav.clinical.karyotype import summarize
from onconav.clinical.units import CANONICAL_UNIT, Analyte, normalise
from onconav.records.model import Fact, FactKind, Provenance

from .documents import build_holdout, load_holdout
from .score import mismatch_classes

ANNOTATIONS = load_holdout()
PATIENTS = {"H1", "H2", "H3"}
FIRST_DATE, LAST_DATE = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
_GENE_STATUS_VALUES = {"wild_type", "detected", "not_detected", "present", "absent"}
_PERCENT_MARROW = {"marrow_blasts", "ring_sideroblasts", "cellularity"}


def _ids(annotations: list[DocumentAnnotation]) -> list[str]:
    return [a.document for a in annotations]


def _squeezed(text: str) -> str:
    return "".join(normalise_text(text).split())


def _source_text(annotation: DocumentAnnotation) -> str:
    sources = [annotation.source] if annotation.source else [m.source for m in annotation.members]
    return "\n".join(Path(s).read_text(encoding="utf-8") for s in sources if s)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltDocument]:
    output = tmp_path_factory.mktemp("holdout")
    return {item.annotation.document: item for item in build_holdout(output)}


# --- the set as a whole ----------------------------------------------------------------


def test_at_least_15_documents_for_3_new_patients() -> None:
    assert len(ANNOTATIONS) >= 15
    assert {a.patient for a in ANNOTATIONS} == PATIENTS
    assert all(a.expect == "facts" for a in ANNOTATIONS)


def test_holdout_documents_are_new() -> None:
    corpus = load_annotations()
    assert not {a.document for a in ANNOTATIONS} & {a.document for a in corpus}
    assert not {a.patient for a in ANNOTATIONS} & {a.patient for a in corpus}
    names = [a.file_name for a in ANNOTATIONS]
    assert len(names) == len(set(names))


def test_holdout_covers_the_shapes_it_was_written_for() -> None:
    renders = {a.render for a in ANNOTATIONS} | {m.render for a in ANNOTATIONS for m in a.members}
    assert renders >= {"text", "pdf", "docx", "fhir_json", "zip"}
    assert renders & {"scan_png", "scan_pdf"}
    assert any(len(a.members) >= 2 for a in ANNOTATIONS if a.render == "zip")
    features = {f for a in ANNOTATIONS for f in a.features}
    wanted = {
        "abbreviations_hgb_plt_anc_amc", "hb_abbreviation", "neut_abs",
        "absolute_neutrophils_label", "g_per_l", "mmol_per_l", "per_microliter",
        "x10e3_per_ul", "iso_date", "named_month_date", "day_first_stated_format",
        "ambiguous_date", "cumulative_table", "synoptic_key_value", "narrative_prose",
        "subclones_idem", "failed_culture", "fish_panel_sentences",
        "genes_without_variants_section", "flt3_itd_negative", "kmt2a_ptd_not_tested", "vus",
        "clinic_letter", "treatment_cycles", "transfusion_log", "loinc", "condition",
        "pdf_text_layer", "two_columns", "noise_and_rotation", "docx", "zip_portal_export",
    }  # fmt: skip
    assert wanted <= features, sorted(wanted - features)


# --- each annotation -------------------------------------------------------------------


@pytest.mark.parametrize("annotation", ANNOTATIONS, ids=_ids(ANNOTATIONS))
def test_annotation_is_well_formed(annotation: DocumentAnnotation) -> None:
    expected = annotation.expected_facts()
    assert any(not fact.optional for fact in expected), "a document with nothing to find"
    assert any(fact.risk and not fact.optional for fact in expected) or annotation.document in {
        "h2_cyto_failed_fish"
    }, "every document but the failed culture gives a risk-score value"
    source = _squeezed(_source_text(annotation))
    for fact in expected:
        label = f"{fact.kind.value}/{fact.name}={fact.value!r}"
        names = CANONICAL_NAMES[fact.kind]
        assert names is None or fact.name in names, f"{label}: not a canonical name"
        assert fact.risk == used_by_risk_scores(fact.kind, fact.name), f"{label}: risk mark"
        if fact.source_text is not None:
            assert _squeezed(fact.source_text) in source, f"{label}: not in the source"
        if isinstance(fact.date, dt.date):
            assert FIRST_DATE <= fact.date <= LAST_DATE, label
        if "date_ambiguous" in fact.flags:
            assert fact.date is None, f"{label}: an ambiguous date is never guessed"
        if fact.kind == FactKind.IDENTITY:
            assert fact.date == "any", f"{label}: identity facts are undated"
        _check_kind_rules(fact, label)
    for forbidden in annotation.forbidden:
        names = CANONICAL_NAMES[forbidden.kind]
        assert names is None or forbidden.name in names, forbidden


def _check_kind_rules(fact: ExpectedFact, label: str) -> None:
    if fact.kind == FactKind.LAB:
        analyte = Analyte(fact.name)
        assert fact.original is not None, f"{label}: give the value as printed"
        printed = float(fact.original.value.replace(",", ""))
        converted = normalise(analyte, printed, fact.original.unit)
        if fact.unit is None:
            assert "unit_missing" in fact.flags, f"{label}: no unit and no flag"
            assert converted is None, f"{label}: a unitless value stays unconverted"
        else:
            assert fact.unit == CANONICAL_UNIT[analyte], f"{label}: not the canonical unit"
            assert converted is not None, f"{label}: unit {fact.original.unit!r} not known"
            assert converted.value == pytest.approx(float(fact.value), rel=0.005), label  # type: ignore[arg-type]
    elif fact.kind == FactKind.MARROW and fact.name in _PERCENT_MARROW:
        assert fact.unit == "%", label
    elif fact.kind == FactKind.KARYOTYPE and fact.match != "any":
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


@pytest.mark.parametrize("annotation", ANNOTATIONS, ids=_ids(ANNOTATIONS))
def test_wild_type_genes_carry_no_variant(annotation: DocumentAnnotation) -> None:
    mutated = {f.name for f in annotation.facts if f.kind == FactKind.VARIANT}
    for listing in annotation.wild_type:
        assert not mutated & set(listing.genes), "a gene with a variant (a VUS too) is not wild"
        assert len(listing.genes) == len(set(listing.genes))
        assert listing.member is None or listing.member in {m.file_name for m in annotation.members}


def _karyotype_cases() -> list[object]:
    cases: list[object] = []
    for annotation in ANNOTATIONS:
        for fact in annotation.facts:
            if fact.kind != FactKind.KARYOTYPE or not isinstance(fact.value, str):
                continue
            cases.append(pytest.param(fact, id=annotation.document))
    return cases


@pytest.mark.parametrize("fact", _karyotype_cases())
def test_karyotype_details_agree_with_the_parser(fact: ExpectedFact) -> None:
    summary = summarize(str(fact.value))
    assert summary.metaphases == fact.details["metaphases"]
    for key in ("ipssr_category", "normal", "complex", "del5q"):
        if key in fact.details:
            assert getattr(summary, key) == fact.details[key], key


# --- the scorer on the holdout ---------------------------------------------------------


def _oracle(annotation: DocumentAnnotation) -> list[Fact]:
    """The facts a perfect pipeline would produce for the required annotations."""
    return [
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
        for want in annotation.expected_facts()
        if not want.optional
    ]


@pytest.mark.parametrize("annotation", ANNOTATIONS, ids=_ids(ANNOTATIONS))
def test_a_perfect_pipeline_scores_perfectly(annotation: DocumentAnnotation) -> None:
    score = score_facts(annotation, _oracle(annotation))
    assert not score.missed
    assert not score.unexpected
    assert not score.forbidden
    assert len(score.matched) == len(score.required)


def test_mismatches_are_grouped_by_class() -> None:
    from corpus.score import CorpusScore

    annotation = next(a for a in ANNOTATIONS if a.document == "h1_ngs")
    oracle = _oracle(annotation)
    broken = [
        f.model_copy(update={"details": {**f.details, "vaf": None}})
        if f.kind == FactKind.VARIANT
        else f
        for f in oracle
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


# --- building --------------------------------------------------------------------------


def test_holdout_builds_every_document_the_same_twice(
    built: dict[str, BuiltDocument], tmp_path: Path
) -> None:
    assert set(built) == {a.document for a in ANNOTATIONS}

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    again = {item.annotation.document: digest(item.path) for item in build_holdout(tmp_path)}
    assert again == {name: digest(item.path) for name, item in built.items()}
    assert all(item.path.stat().st_size > 0 for item in built.values())


def _pdf_text(data: Path | bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in document)


def test_text_layer_pdfs_hold_every_annotated_text(built: dict[str, BuiltDocument]) -> None:
    pdfs = [item for item in built.values() if item.annotation.render == "pdf"]
    assert pdfs
    for item in pdfs:
        text = _squeezed(_pdf_text(item.path))
        for fact in item.annotation.expected_facts():
            if fact.source_text:
                assert _squeezed(fact.source_text) in text, (item.path.name, fact.name)


def test_scanned_pdf_has_no_text_layer(built: dict[str, BuiltDocument]) -> None:
    scans = [item for item in built.values() if item.annotation.render == "scan_pdf"]
    assert scans
    for item in scans:
        assert not _pdf_text(item.path).strip()


def test_docx_holds_every_annotated_text(built: dict[str, BuiltDocument]) -> None:
    letters = [item for item in built.values() if item.annotation.render == "docx"]
    assert letters
    for item in letters:
        document = docx.Document(str(item.path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        text = _squeezed("\n".join([p.text for p in document.paragraphs] + cells))
        for fact in item.annotation.expected_facts():
            if fact.source_text:
                assert _squeezed(fact.source_text) in text, (item.path.name, fact.name)


def test_portal_zip_holds_a_text_file_and_a_text_layer_pdf(built: dict[str, BuiltDocument]) -> None:
    item = built["h3_portal"]
    with zipfile.ZipFile(item.path) as archive:
        assert archive.namelist() == [m.file_name for m in item.annotation.members]
        report = archive.read("Genetics/WC-NGS-25-0877.pdf")
    assert "c.2645G>A" in _pdf_text(report)
