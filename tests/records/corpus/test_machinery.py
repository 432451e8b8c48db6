"""The shared machinery of every record set: the well-formedness checks catch what they are
for, printed numbers read with their decimal mark, headers and footers repeat on every PDF
page, mismatches group by class, a printed range matches the readings inside it, and a
combination drug is named by its drugs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml

from onconav.records.model import Fact, FactKind, Provenance

from .annotations import DocumentAnnotation, ExpectedFact, OriginalPrint
from .documents import RECORD_SET as CORPUS
from .documents import RecordSet
from .layout import LayoutError, Line, PageMargin, parse_layout
from .matching import disagreements, names_agree
from .mismatch_classes import mismatch_classes, reason_class
from .render_docx import render_docx
from .render_pdf import render_pdf
from .score import BadInputOutcome, CorpusScore, DocumentScore
from .wellformed import annotation_problems, set_problems

SOURCE = "Hb 9,8 g/dl  Plt 88  46,XX[20]  SF3B1 c.2098A>G  DOB 02.05.1950  ASXL1 TP53\n"
HEMOGLOBIN: dict[str, Any] = {
    "kind": "lab",
    "name": "hemoglobin",
    "value": 9.8,
    "unit": "g/dL",
    "date": "2025-03-04",
    "source_text": "9,8",
    "original": {"value": "9,8", "unit": "g/dl", "decimal": ","},
    "risk": True,
}


def _set(folder: Path, **rules: Any) -> RecordSet:
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "annotations").mkdir(exist_ok=True)
    (folder / "sources" / "doc.txt").write_text(SOURCE, encoding="utf-8")
    return RecordSet(
        name="probe",
        folder=folder,
        first_date=dt.date(2025, 1, 1),
        last_date=dt.date(2025, 12, 31),
        **rules,
    )


def _annotation(*facts: dict[str, Any], **fields: Any) -> DocumentAnnotation:
    return DocumentAnnotation.model_validate(
        {
            "document": "doc",
            "title": "probe",
            "patient": "Z1",
            "render": "text",
            "source": "doc.txt",
            "file_name": "doc.txt",
            "features": [],
            "facts": list(facts),
            **fields,
        }
    )


def _problems(tmp_path: Path, *facts: dict[str, Any], **fields: Any) -> list[str]:
    return annotation_problems(_annotation(*facts, **fields), _set(tmp_path))


def test_a_well_formed_annotation_has_no_problems(tmp_path: Path) -> None:
    assert _problems(tmp_path, HEMOGLOBIN) == []


def test_a_comma_decimal_needs_its_mark(tmp_path: Path) -> None:
    assert OriginalPrint(value="9,8", unit="g/dl", decimal=",").number() == 9.8
    assert OriginalPrint(value="112,000", unit="/uL").number() == 112000
    without_mark = {**HEMOGLOBIN, "original": {"value": "9,8", "unit": "g/dl"}}
    assert any("printed 9,8 g/dl is 98" in p for p in _problems(tmp_path, without_mark))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"unit": "g/L"}, "not the canonical"),
        ({"value": 8.9}, "is 9.8"),
        ({"source_text": "9.8"}, "not in the source"),
        ({"date": "2024-03-04"}, "outside probe's window"),
        ({"flags": ["date_ambiguous"]}, "never guessed"),
        ({"risk": False}, "risk should be True"),
        ({"name": "haemoglobin"}, "not a canonical name"),
        ({"unit": None, "flags": ["unit_missing"]}, "stays unconverted"),
        ({"original": None}, "as printed"),
    ],
)
def test_a_broken_lab_fact_is_reported(
    tmp_path: Path, change: dict[str, Any], problem: str
) -> None:
    problems = _problems(tmp_path, {**HEMOGLOBIN, **change})
    assert any(problem in p for p in problems), problems


def test_identity_facts_are_undated(tmp_path: Path) -> None:
    dated: dict[str, Any] = {"kind": "identity", "name": "date_of_birth", "value": "1950-05-02"}
    dated |= {"date": "2025-03-04", "source_text": "02.05.1950", "risk": False}
    assert any("undated" in p for p in _problems(tmp_path, HEMOGLOBIN, dated))


@pytest.mark.parametrize(
    ("value", "details", "problem"),
    [
        ("46,XX[20]", {"metaphases": 19}, "counts 20 metaphases"),
        ("46,XX[20]", {}, "give the metaphase count"),
        ("46,XX[20]", {"metaphases": 20, "normal": False}, "details[normal]"),
        ("46,XX,del(5)(q13q33[20]", {"metaphases": 20}, "not valid ISCN"),
    ],
)
def test_a_karyotype_must_agree_with_the_parser(
    tmp_path: Path, value: str, details: dict[str, Any], problem: str
) -> None:
    karyotype: dict[str, Any] = {"kind": "karyotype", "name": "karyotype", "value": value}
    karyotype["details"] = details
    karyotype |= {"date": "2025-03-04", "source_text": None, "risk": True}
    problems = _problems(tmp_path, karyotype)
    assert any(problem in p for p in problems), problems


def test_a_gene_with_a_vus_is_not_wild_type(tmp_path: Path) -> None:
    vus = {"kind": "variant", "name": "TP53", "value": "mutated", "optional": True}
    vus |= {"date": "2025-03-04", "source_text": None, "risk": True}
    listing = {"panel": "P", "date": "2025-03-04", "genes": ["ASXL1", "TP53"]}
    problems = _problems(tmp_path, HEMOGLOBIN, vus, wild_type=[listing])
    assert any("wild-type genes with a variant: ['TP53']" in p for p in problems), problems


def test_risk_exemptions_are_needed_and_honest(tmp_path: Path) -> None:
    ferritin = {**HEMOGLOBIN, "name": "ferritin", "risk": False, "unit": "ng/mL"}
    ferritin |= {"value": 98, "original": {"value": "98", "unit": "ng/mL"}, "source_text": "88"}
    annotation = _annotation(ferritin)
    assert any("no required risk-score value" in p for p in _problems(tmp_path, ferritin))
    exempt = _set(tmp_path, without_risk_values=frozenset({"doc"}))
    assert annotation_problems(annotation, exempt) == []
    assert any("but gives one" in p for p in annotation_problems(_annotation(HEMOGLOBIN), exempt))


def test_a_set_shares_no_documents_patients_or_file_names(tmp_path: Path) -> None:
    corpus_document = next(a for a in CORPUS.load() if a.patient)
    twice = [_annotation(HEMOGLOBIN), _annotation(HEMOGLOBIN)]
    assert any("file names used twice" in p for p in set_problems(twice, []))
    borrowed = _annotation(HEMOGLOBIN, patient=corpus_document.patient)
    assert any("patients also in corpus" in p for p in set_problems([borrowed], [CORPUS]))


def test_annotation_files_load_with_the_decimal_mark(tmp_path: Path) -> None:
    record_set = _set(tmp_path)
    raw = _annotation(HEMOGLOBIN).model_dump(mode="json", exclude_defaults=True)
    (record_set.annotations_dir / "doc.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    (loaded,) = record_set.load()
    assert loaded.facts[0].original == OriginalPrint(value="9,8", unit="g/dl", decimal=",")
    assert loaded.source == str(tmp_path / "sources" / "doc.txt")


# --- headers and footers ---------------------------------------------------------------

_REPORT = (
    "=== header ===\nCOBALT LAB  Patient: TESTER, ZED\n=== end header ===\n"
    + "\n".join(f"Result line {n}" for n in range(130))
    + "\n=== footer ===\nPrinted 05.03.2025  Page {page} of {pages}\n=== end footer ===\n"
)


def test_layout_reads_headers_and_footers() -> None:
    blocks = parse_layout(_REPORT)
    assert blocks[0] == PageMargin(where="header", lines=("COBALT LAB  Patient: TESTER, ZED",))
    assert blocks[1] == Line("Result line 0")
    assert blocks[-1] == PageMargin(
        where="footer", lines=("Printed 05.03.2025  Page {page} of {pages}",)
    )


@pytest.mark.parametrize(
    "text",
    [
        "=== header ===\nx",
        "=== end footer ===",
        "=== header ===\n=== footer ===\n=== end footer ===\n=== end header ===",
        "=== header ===\na\n=== end header ===\n=== header ===\nb\n=== end header ===",
        "=== columns ===\n=== header ===\n=== end header ===\n=== end columns ===",
    ],
)
def test_layout_refuses_malformed_headers(text: str) -> None:
    with pytest.raises(LayoutError):
        parse_layout(text)


def test_pdf_prints_the_header_and_footer_on_every_page() -> None:
    document = pypdfium2.PdfDocument(render_pdf(parse_layout(_REPORT)))
    texts = [page.get_textpage().get_text_range() for page in document]
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert text.index("TESTER, ZED") < text.index("Result line")
        assert text.rstrip().endswith(f"Page {number} of {len(texts)}"), text[-80:]
    assert "Result line 129" in texts[-1]


def test_word_refuses_headers() -> None:
    with pytest.raises(ValueError, match="headers"):
        render_docx(parse_layout("=== header ===\nx\n=== end header ===\nbody"))


# --- mismatch classes ------------------------------------------------------------------


def test_reasons_are_classed_by_what_differed() -> None:
    why = "closest: date None, expected 2025-01-02; provenance 'a; value 3' lacks 'x'"
    assert reason_class(why) == "date, provenance"
    assert reason_class("no fact of this kind and name") == "no fact of this kind and name"


def test_bad_inputs_and_failed_documents_have_their_classes() -> None:
    failed = DocumentScore(document="doc", error="ValueError: unreadable")
    score = CorpusScore(
        documents=[failed],
        bad_inputs=[BadInputOutcome("bad", handled=False, how="accepted (3 facts, no error)")],
    )
    assert mismatch_classes(score) == {
        "document error: ValueError": 1,
        "bad input not refused: accepted (3 facts, no error)": 1,
    }


# --- printed ranges and combination drugs ------------------------------------------------

BLASTS_RANGE: dict[str, Any] = {
    "kind": "marrow",
    "name": "marrow_blasts",
    "value": "3-4",
    "unit": "%",
    "match": "within",
    "date": "2025-03-04",
    "source_text": None,
    "risk": True,
}


def _produced(kind: FactKind, name: str, value: Any, unit: str | None = None) -> Fact:
    return Fact(
        kind=kind,
        name=name,
        value=value,
        unit=unit,
        date=dt.date(2025, 3, 4),
        provenance=Provenance(document_id="doc", document_name="doc.txt", text="", method="plain"),
    )


@pytest.mark.parametrize(
    ("value", "agrees"),
    [(3, True), (3.5, True), (4.0, True), ("3-4", True), ("3 - 4%", True),
     (2, False), (5, False), ("2-4", False), ("3.5", False), (None, False)],
)  # fmt: skip
def test_a_printed_range_matches_any_reading_inside_it(value: Any, agrees: bool) -> None:
    wanted = ExpectedFact.model_validate(BLASTS_RANGE)
    produced = _produced(FactKind.MARROW, "marrow_blasts", value, "%")
    assert (not disagreements(wanted, produced)) is agrees


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"value": "3"}, "is a range 'low-high'"),
        ({"value": "4-3"}, "runs from low to high"),
        ({"unit": None}, "has unit %"),
        ({**HEMOGLOBIN, "value": "8-9", "match": "within"}, "a lab value is a number"),
    ],
)
def test_a_broken_range_is_reported(tmp_path: Path, change: dict[str, Any], problem: str) -> None:
    problems = _problems(tmp_path, HEMOGLOBIN, {**BLASTS_RANGE, **change})
    assert any(problem in p for p in problems), problems
    assert _problems(tmp_path, HEMOGLOBIN, BLASTS_RANGE) == []


@pytest.mark.parametrize(
    ("produced", "agrees"),
    [("decitabine-cedazuridine", True), ("Decitabine/Cedazuridine", True),
     ("decitabine and cedazuridine", True), ("cedazuridine-decitabine", True),
     ("decitabine", False), ("decitabine-cedazuridine-venetoclax", False)],
)  # fmt: skip
def test_a_combination_drug_is_named_by_its_drugs(produced: str, agrees: bool) -> None:
    assert names_agree(FactKind.TREATMENT, "decitabine-cedazuridine", produced) is agrees
    assert not names_agree(FactKind.DIAGNOSIS, "a-b", "b and a")  # other kinds: as written
