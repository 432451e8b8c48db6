"""extract_facts as a whole: provenance, structured facts, OCR doubts, determinism, quiet."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from extract_helpers import build_document, check_provenance, one, only, run
from hypothesis import given, settings
from hypothesis import strategies as st

from onconav.records.extract import extract_facts
from onconav.records.model import DocumentFormat, Fact, FactKind, Provenance

MIXED = (
    "Patient: Jane Q. Doe   DOB: 1951-02-14\n"
    "Collected: 2024-03-12\n"
    "Hemoglobin 8.4 g/dL (12.0-15.5) L\n"
    "Platelets 145 K/uL\n"
    "Karyotype: 46,XX,del(5)(q13q33)[20]\n"
    "SF3B1 c.2098A>G p.K700E VAF 38%\n"
    "FLT3-ITD: not detected\n"
)


def _structured_hemoglobin() -> Fact:
    return Fact(
        kind=FactKind.LAB,
        name="hemoglobin",
        value=8.4,
        unit="g/dL",
        date=dt.date(2024, 3, 12),
        provenance=Provenance(
            document_id="doc-1",
            document_name="bundle.json",
            locator="Observation/hb1",
            text="Hemoglobin 8.4 g/dL",
            method="fhir",
        ),
    )


def test_every_kind_in_one_document_with_exact_spans() -> None:
    facts = run(MIXED)
    kinds = {f.kind for f in facts}
    assert {
        FactKind.IDENTITY,
        FactKind.LAB,
        FactKind.KARYOTYPE,
        FactKind.VARIANT,
        FactKind.GENE_STATUS,
    } <= kinds
    positions = [(f.provenance.page, f.provenance.start) for f in facts]
    assert positions == sorted(positions)  # ordered by place in the document


def test_structured_facts_come_first_and_text_duplicates_are_dropped() -> None:
    structured = _structured_hemoglobin()
    document = build_document(
        "Hemoglobin 8.4 g/dL\nCollected: 2024-03-12\nPlatelets 145 K/uL",
        method="structured",
        document_format=DocumentFormat.FHIR_JSON,
        facts=(structured,),
    )
    facts = extract_facts(document)
    assert facts[0] is structured
    assert len(only(facts, FactKind.LAB, "hemoglobin")) == 1
    platelets = one(facts, FactKind.LAB, "platelets")
    assert platelets.provenance.method == "fhir"


def test_ccda_pages_say_ccda() -> None:
    document = build_document(
        "Platelets 145 K/uL", method="structured", document_format=DocumentFormat.CCDA
    )
    assert one(extract_facts(document), FactKind.LAB, "platelets").provenance.method == "ccda"


def test_low_confidence_ocr_flags_every_fact_from_the_page() -> None:
    facts = run(["Hemoglobin 8.4 g/dL", "Platelets 145 K/uL"], method="ocr", ocr_confidence=62.0)
    assert all("ocr_low_confidence" in f.flags for f in facts)
    assert {f.provenance.method for f in facts} == {"ocr"}
    confident = run("Hemoglobin 8.4 g/dL", method="ocr", ocr_confidence=93.0)
    assert "ocr_low_confidence" not in one(confident, FactKind.LAB, "hemoglobin").flags


def test_pages_and_lines_are_counted_per_page() -> None:
    facts = run(["Cover page\nnothing here", "Header\n\nHemoglobin 8.4 g/dL"])
    hb = one(facts, FactKind.LAB, "hemoglobin")
    assert (hb.provenance.page, hb.provenance.line, hb.provenance.start) == (2, 3, 8)


def test_repeated_results_are_kept_once_with_the_most_detail() -> None:
    facts = run("Collected: 2024-03-12\nSummary: Hb 8.4 g/dL\nHemoglobin 8.4 g/dL (12.0-15.5) L\n")
    hb = one(facts, FactKind.LAB, "hemoglobin")
    assert hb.details == {"reference_range": "12.0-15.5", "abnormal_flag": "L"}


def test_deterministic() -> None:
    document = build_document(MIXED)
    assert extract_facts(document) == extract_facts(document)


def test_empty_documents() -> None:
    assert run("") == []
    assert run(["", "   \n\n"]) == []


def test_nothing_is_printed_or_logged(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    run(MIXED + "No pathogenic variants were detected in TP53.\n")
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""
    assert caplog.records == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60),
            st.sampled_from(
                [
                    "Hb 9.6 g/dL",
                    "46,XY[20]",
                    "TP53 c.743G>A VAF 34%",
                    "Blasts 8%",
                    "Date: 03/04/2024",
                    "FLT3-ITD not detected",
                    "nuc ish(EGR1x1)[10/200]",
                ]
            ),
        ),
        max_size=8,
    )
)
def test_any_text_gives_facts_whose_spans_are_exact(lines: list[str]) -> None:
    document = build_document("\n".join(lines))
    for fact in extract_facts(document):
        check_provenance(document, fact)


def test_text_facts_on_a_line_a_structured_fact_came_from_are_dropped() -> None:
    line = "Observation Hemoglobin [Blood] 8.4 g/dL (2024-03-12)"
    structured = _structured_hemoglobin().model_copy(
        update={
            "value": 8.4,
            "date": None,
            "provenance": Provenance(
                document_id="doc-1",
                document_name="bundle.json",
                page=1,
                line=1,
                start=0,
                end=len(line),
                text=line,
                locator="Observation/hb1",
                method="fhir",
            ),
        }
    )
    document = build_document(
        f"{line}\nObservation Ferritin 1450 ng/mL",
        method="structured",
        document_format=DocumentFormat.FHIR_JSON,
        facts=(structured,),
    )
    facts = extract_facts(document)
    assert only(facts, FactKind.LAB, "hemoglobin") == [structured]
    assert one(facts, FactKind.LAB, "ferritin").value == 1450.0  # not structured: read as text
