from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from ingest_samples import (
    SNOMED,
    bundle,
    marrow_report,
    ndjson,
    patient,
    quantity_observation,
    variant_observation,
    wild_type_observation,
)

from onconav.records.ingest import ErrorCode, IngestLimits, RecordError, ingest
from onconav.records.model import DocumentFormat, ExtractedDocument, Fact, FactKind

LIMITS = IngestLimits()


def facts_named(document: ExtractedDocument, kind: FactKind) -> dict[str, Fact]:
    return {fact.name: fact for fact in document.facts if fact.kind is kind}


def line_of(document: ExtractedDocument, fact: Fact) -> str:
    page = document.pages[(fact.provenance.page or 1) - 1]
    return page.text.split("\n")[(fact.provenance.line or 1) - 1]


def test_bundle_gives_lab_facts_in_canonical_units_pointing_at_their_lines() -> None:
    data = bundle(
        patient(),
        quantity_observation(
            "hb", "718-7", "Hemoglobin", 89, "g/L", ucum="g/L", reference=(120, 155), flag="L"
        ),
        quantity_observation("plt", "777-3", "Platelets", 45000, "/uL", ucum="/uL"),
        quantity_observation("anc", "751-8", "Neutrophils", 0.8, "x10^9/L", ucum="10*9/L"),
        quantity_observation("epo", "15061-5", "EPO", 38, "IU/L", ucum="[IU]/L"),
        quantity_observation("b12", "2132-9", "Vitamin B12", 300, "pmol/L", ucum="pmol/L"),
    )
    (document,) = ingest("export.json", data, LIMITS)
    assert document.format is DocumentFormat.FHIR_JSON
    assert document.media_type == "application/fhir+json"
    assert {p.method for p in document.pages} == {"structured"}
    labs = facts_named(document, FactKind.LAB)
    assert labs["hemoglobin"].value == pytest.approx(8.9)
    assert labs["hemoglobin"].unit == "g/dL"
    assert labs["hemoglobin"].original_value == "89"
    assert labs["hemoglobin"].original_unit == "g/L"
    assert labs["hemoglobin"].details["abnormal_flag"] == "L"
    assert labs["hemoglobin"].details["reference_range"] == "120-155 g/L"
    assert labs["hemoglobin"].date == dt.date(2024, 3, 1)
    assert labs["platelets"].value == pytest.approx(45)
    assert labs["platelets"].unit == "10^9/L"
    assert labs["anc"].value == pytest.approx(0.8)
    assert labs["epo"].value == pytest.approx(38)
    assert labs["b12"].value == pytest.approx(300 / 0.738, rel=1e-4)
    for fact in labs.values():
        assert fact.flags == ()
        assert fact.provenance.method == "fhir"
        assert fact.provenance.locator == f"Observation/{fact.provenance.locator.split('/')[1]}"
        line = line_of(document, fact)
        assert fact.provenance.text == line
        page_text = document.pages[0].text
        assert page_text[fact.provenance.start : fact.provenance.end] == line
    assert "Hemoglobin: 89 g/L" in line_of(document, labs["hemoglobin"])


def test_unknown_or_missing_units_are_flagged_not_converted() -> None:
    data = bundle(
        quantity_observation("hb", "718-7", "Hemoglobin", 8.9, None),
        quantity_observation("plt", "777-3", "Platelets", 45, "bananas"),
    )
    (document,) = ingest("export.json", data, LIMITS)
    labs = facts_named(document, FactKind.LAB)
    assert labs["hemoglobin"].flags == ("unit_missing",)
    assert labs["hemoglobin"].unit is None
    assert labs["hemoglobin"].value == 8.9
    assert labs["platelets"].flags == ("unit_unknown",)
    assert labs["platelets"].original_unit == "bananas"


def test_patient_condition_treatments_and_transfusions() -> None:
    resources: list[dict[str, Any]] = [
        patient(),
        {
            "resourceType": "Condition",
            "id": "c1",
            "subject": {"reference": "Patient/p1"},
            "code": {"text": "Myelodysplastic syndrome with low blasts"},
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "onsetDateTime": "2023-11-02",
        },
        {
            "resourceType": "Medication",
            "id": "m1",
            "code": {"text": "Lenalidomide 10 MG Oral Capsule [Revlimid]"},
        },
        {
            "resourceType": "MedicationRequest",
            "id": "mr1",
            "status": "active",
            "intent": "order",
            "subject": {"reference": "Patient/p1"},
            "medicationReference": {"reference": "Medication/m1"},
            "authoredOn": "2024-01-05",
        },
        {
            "resourceType": "MedicationStatement",
            "id": "ms1",
            "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {"text": "azacitidine 100 MG Injection"},
            "effectivePeriod": {"start": "2023-12-01", "end": "2024-04-30"},
        },
        {
            "resourceType": "MedicationAdministration",
            "id": "ma1",
            "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {"coding": [{"display": "Luspatercept-aamt"}]},
            "effectiveDateTime": "2024-05-10",
        },
        {
            "resourceType": "Procedure",
            "id": "tx1",
            "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "code": {
                "coding": [
                    {
                        "system": SNOMED,
                        "code": "116863004",
                        "display": "Transfusion of red blood cells",
                    }
                ]
            },
            "performedDateTime": "2024-02-14",
        },
        {
            "resourceType": "Procedure",
            "id": "tx2",
            "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "code": {"coding": [{"system": SNOMED, "code": "12719002"}]},
            "performedDateTime": "2024-02-20",
        },
    ]
    (document,) = ingest("export.json", bundle(*resources), LIMITS)
    identity = facts_named(document, FactKind.IDENTITY)
    assert identity["name"].value == "Ana M. Rivera"
    assert identity["date_of_birth"].value == "1951-07-14"
    assert identity["sex"].value == "female"
    (diagnosis,) = [f for f in document.facts if f.kind is FactKind.DIAGNOSIS]
    assert diagnosis.value == "Myelodysplastic syndrome with low blasts"
    assert diagnosis.date == dt.date(2023, 11, 2)
    treatments = facts_named(document, FactKind.TREATMENT)
    assert set(treatments) == {"lenalidomide", "azacitidine", "luspatercept-aamt"}
    assert treatments["azacitidine"].details["start"] == "2023-12-01"
    assert treatments["azacitidine"].details["stop"] == "2024-04-30"
    assert treatments["azacitidine"].value == "completed"
    assert treatments["lenalidomide"].date == dt.date(2024, 1, 5)
    assert treatments["luspatercept-aamt"].date == dt.date(2024, 5, 10)
    transfusions = [f for f in document.facts if f.kind is FactKind.TRANSFUSION]
    assert [(f.name, f.date) for f in transfusions] == [
        ("rbc", dt.date(2024, 2, 14)),
        ("platelets", dt.date(2024, 2, 20)),
    ]
    assert all(f.value is None for f in transfusions)  # units are not in a Procedure


def test_genomic_observations_give_variants_and_wild_type_genes() -> None:
    data = bundle(
        variant_observation("TP53", "c.743G>A", "p.Arg248Gln", 35.2), wild_type_observation("ASXL1")
    )
    (document,) = ingest("ngs.json", data, LIMITS)
    (variant,) = [f for f in document.facts if f.kind is FactKind.VARIANT]
    assert variant.name == "TP53"
    assert variant.value == "mutated"
    assert variant.details["hgvs_c"] == "c.743G>A"
    assert variant.details["hgvs_p"] == "p.Arg248Gln"
    assert variant.details["transcript"] == "NM_000546.6"
    assert variant.details["vaf"] == pytest.approx(0.352)
    assert variant.details["depth"] == 812
    assert variant.details["germline"] is False
    (status,) = [f for f in document.facts if f.kind is FactKind.GENE_STATUS]
    assert (status.name, status.value) == ("ASXL1", "wild_type")


def test_report_conclusion_and_attached_text_become_pages_for_the_text_extractors() -> None:
    narrative = "Karyotype: 46,XY,del(5)(q13q33)[18]/46,XY[2]\nMarrow blasts 4%."
    (document,) = ingest("bm.json", bundle(marrow_report(narrative)), LIMITS)
    assert len(document.pages) == 3
    conclusion, attached = document.pages[1].text, document.pages[2].text
    assert "Conclusion: Myelodysplastic neoplasm with low blasts." in conclusion
    assert attached.endswith(narrative)
    assert "Collected: 2024-02-27" in attached
    assert "DiagnosticReport: Bone marrow pathology" in document.pages[0].text


def test_a_bad_resource_is_skipped_with_a_warning_that_holds_no_content() -> None:
    bad = quantity_observation("x", "718-7", "Hemoglobin", 9.9, "g/dL")
    bad["valueQuantity"]["value"] = "SECRET-NINE"
    bad["status"] = "final"
    data = bundle(patient(), bad, quantity_observation("plt", "777-3", "Platelets", 50, "10*9/L"))
    (document,) = ingest("export.json", data, LIMITS)
    assert [f.name for f in document.facts if f.kind is FactKind.LAB] == ["platelets"]
    (warning,) = document.warnings
    assert "Entry 2 (Observation)" in warning
    assert "SECRET" not in warning
    assert "SECRET" not in "\n".join(p.text for p in document.pages)


def test_entered_in_error_results_are_left_out() -> None:
    wrong = quantity_observation("hb", "718-7", "Hemoglobin", 3.1, "g/dL")
    wrong["status"] = "entered-in-error"
    (document,) = ingest("e.json", bundle(patient(), wrong), LIMITS)
    assert not [f for f in document.facts if f.kind is FactKind.LAB]
    assert "3.1" not in document.pages[0].text
    assert any("entered in error" in w for w in document.warnings)


def test_single_resource_and_ndjson_are_read() -> None:
    single = json.dumps(quantity_observation("hb", "718-7", "Hemoglobin", 9.4, "g/dL")).encode()
    (document,) = ingest("hb.json", single, LIMITS)
    assert document.format is DocumentFormat.FHIR_JSON
    assert facts_named(document, FactKind.LAB)["hemoglobin"].value == 9.4
    lines = ndjson(patient(), quantity_observation("plt", "777-3", "Platelets", 61, "10*3/uL"))
    (bulk,) = ingest("Observation.ndjson", lines + b"\n{not json\n", LIMITS)
    assert bulk.format is DocumentFormat.FHIR_NDJSON
    assert bulk.media_type == "application/fhir+ndjson"
    assert facts_named(bulk, FactKind.LAB)["platelets"].value == 61
    assert bulk.warnings == ("Line 3 is not valid JSON and was skipped.",)


def test_json_that_is_not_fhir_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("data.json", b'{"patient": "Ana", "hb": 8.9}', LIMITS)
    assert caught.value.code is ErrorCode.NOT_FHIR
    with pytest.raises(RecordError):
        ingest("list.json", b"[1, 2, 3]", LIMITS)


def test_malformed_fhir_is_refused() -> None:
    broken = bundle(patient())[:-7]
    with pytest.raises(RecordError) as caught:
        ingest("export.json", broken, LIMITS)
    assert caught.value.code is ErrorCode.MALFORMED_JSON
    assert "damaged" in caught.value.message


def test_fhir_whose_every_entry_is_invalid_is_refused() -> None:
    bad = {"resourceType": "Observation", "id": "x", "code": {"text": "Hb"}}  # no status
    with pytest.raises(RecordError) as caught:
        ingest("export.json", bundle(bad), LIMITS)
    assert caught.value.code is ErrorCode.NO_RECORDS


def test_partial_dates_are_kept_as_text_without_a_day() -> None:
    observation = quantity_observation("hb", "718-7", "Hemoglobin", 9.4, "g/dL", when="2024-03")
    (document,) = ingest("hb.json", bundle(observation), LIMITS)
    fact = facts_named(document, FactKind.LAB)["hemoglobin"]
    assert fact.date is None
    assert fact.date_text == "2024-03"
    assert "date_missing" in fact.flags


def test_pdf_attached_to_a_report_is_read_into_pages() -> None:
    import base64

    from ingest_samples import text_pdf

    report = marrow_report("unused")
    attached = text_pdf([["Bone marrow: 12% myeloblasts; fibrosis MF-1."]])
    report["presentedForm"] = [
        {"contentType": "application/pdf", "data": base64.b64encode(attached).decode()}
    ]
    (document,) = ingest("bm.json", bundle(report), LIMITS)
    assert [p.number for p in document.pages] == [1, 2, 3]
    assert document.pages[2].method == "text-layer"
    assert document.pages[2].text == "Bone marrow: 12% myeloblasts; fibrosis MF-1."
    assert "1 attached page(s)" in document.pages[0].text


def test_unreadable_attachment_becomes_a_warning() -> None:
    import base64

    from ingest_samples import text_pdf

    report = marrow_report("unused")
    locked = text_pdf([["secret"]], encrypt="pw")
    report["presentedForm"] = [
        {"contentType": "application/pdf", "data": base64.b64encode(locked).decode()}
    ]
    (document,) = ingest("bm.json", bundle(report), LIMITS)
    (warning,) = document.warnings
    assert warning.startswith("DiagnosticReport entry 1 has an attached file that was not read.")
    assert "password" in warning


@pytest.mark.parametrize(("comparator", "value"), [("<", 0.05), (">=", 2000)])
def test_a_censored_quantity_keeps_its_bound_and_comparator(comparator: str, value: float) -> None:
    censored = quantity_observation("neut", "751-8", "Neutrophils", value, "10*3/uL")
    censored["valueQuantity"]["comparator"] = comparator
    (document,) = ingest("censored.json", bundle(patient(), censored), LIMITS)
    fact = facts_named(document, FactKind.LAB)["anc"]
    assert (fact.value, fact.details["comparator"]) == (value, comparator)
    assert f"{comparator}{value:g}" in line_of(document, fact).replace(" ", "")
