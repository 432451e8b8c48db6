from __future__ import annotations

import datetime as dt

import pytest

from onconav.records.ingest import ErrorCode, IngestLimits, RecordError, ingest
from onconav.records.model import DocumentFormat, FactKind

LIMITS = IngestLimits()
LOINC = 'codeSystem="2.16.840.1.113883.6.1"'
SNOMED = 'codeSystem="2.16.840.1.113883.6.96"'


def result(code: str, name: str, value: str, unit: str, when: str, flag: str = "") -> str:
    interpretation = f'<interpretationCode code="{flag}"/>' if flag else ""
    return f"""
      <component><observation classCode="OBS" moodCode="EVN">
        <code code="{code}" {LOINC} displayName="{name}"/>
        <effectiveTime value="{when}"/>
        <value xsi:type="PQ" value="{value}" unit="{unit}"/>
        {interpretation}
        <referenceRange><observationRange>
          <value xsi:type="IVL_PQ">
            <low value="13.5" unit="{unit}"/><high value="17.5" unit="{unit}"/>
          </value>
        </observationRange></referenceRange>
      </observation></component>"""


CCDA = f"""<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <title>Continuity of Care Document</title>
  <effectiveTime value="20240305101500-0500"/>
  <recordTarget><patientRole><patient>
    <name><given>Jon</given><family>Okafor</family></name>
    <administrativeGenderCode code="M"/>
    <birthTime value="19480203"/>
  </patient></patientRole></recordTarget>
  <component><structuredBody>
    <component><section>
      <code code="30954-2" {LOINC}/>
      <title>Results</title>
      <entry><organizer classCode="BATTERY" moodCode="EVN">
        <effectiveTime value="20240301"/>
        {result("718-7", "Hemoglobin", "8.4", "g/dL", "20240301", "L")}
        {result("777-3", "Platelets", "54", "10*3/uL", "20240301", "L")}
        {result("9999-9", "Some other test", "12", "mg/dL", "20240301")}
      </organizer></entry>
    </section></component>
    <component><section>
      <code code="11450-4" {LOINC}/>
      <title>Problems</title>
      <text><paragraph ID="p1">Myelodysplastic syndrome, low risk</paragraph></text>
      <entry><act classCode="ACT" moodCode="EVN"><statusCode code="active"/>
        <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
          <effectiveTime><low value="20231102"/></effectiveTime>
          <value xsi:type="CD" code="109995007" {SNOMED}>
            <originalText><reference value="#p1"/></originalText>
          </value>
        </observation></entryRelationship>
      </act></entry>
      <entry><act classCode="ACT" moodCode="EVN">
        <entryRelationship typeCode="SUBJ">
          <observation classCode="OBS" moodCode="EVN" negationInd="true">
          <value xsi:type="CD" code="1" displayName="Something ruled out"/>
        </observation></entryRelationship>
      </act></entry>
    </section></component>
    <component><section>
      <code code="10160-0" {LOINC}/>
      <title>Medications</title>
      <entry><substanceAdministration classCode="SBADM" moodCode="EVN">
        <statusCode code="completed"/>
        <effectiveTime xsi:type="IVL_TS">
          <low value="20231201"/><high value="20240430"/>
        </effectiveTime>
        <consumable><manufacturedProduct><manufacturedMaterial>
          <code code="1" displayName="decitabine 20 MG/ML Injectable Solution"/>
        </manufacturedMaterial></manufacturedProduct></consumable>
      </substanceAdministration></entry>
    </section></component>
    <component><section>
      <code code="47519-4" {LOINC}/>
      <title>Procedures</title>
      <entry><procedure classCode="PROC" moodCode="EVN">
        <code code="116863004" {SNOMED} displayName="Transfusion of red blood cells"/>
        <effectiveTime value="20240214"/>
      </procedure></entry>
    </section></component>
    <component><section>
      <code code="29545-1" {LOINC}/>
      <title>Pathology note</title>
      <text><paragraph>Marrow aspirate: 6% blasts. Karyotype 46,XY,-7[20].</paragraph></text>
    </section></component>
  </structuredBody></component>
</ClinicalDocument>
"""


def test_ccda_results_problems_medications_demographics_and_transfusions() -> None:
    (document,) = ingest("ccd.xml", CCDA.encode(), LIMITS)
    assert document.format is DocumentFormat.CCDA
    facts = document.facts
    identity = {f.name: f.value for f in facts if f.kind is FactKind.IDENTITY}
    assert identity == {"name": "Jon Okafor", "date_of_birth": "1948-02-03", "sex": "male"}
    labs = {f.name: f for f in facts if f.kind is FactKind.LAB}
    assert set(labs) == {"hemoglobin", "platelets"}
    assert labs["hemoglobin"].value == 8.4
    assert labs["hemoglobin"].details["abnormal_flag"] == "L"
    assert labs["hemoglobin"].details["reference_range"] == "13.5-17.5 g/dL"
    assert labs["platelets"].value == 54
    assert labs["platelets"].unit == "10^9/L"
    assert labs["platelets"].date == dt.date(2024, 3, 1)
    (diagnosis,) = [f for f in facts if f.kind is FactKind.DIAGNOSIS]
    assert diagnosis.value == "Myelodysplastic syndrome, low risk"
    assert diagnosis.date == dt.date(2023, 11, 2)
    (treatment,) = [f for f in facts if f.kind is FactKind.TREATMENT]
    assert treatment.name == "decitabine"
    assert (treatment.details["start"], treatment.details["stop"]) == ("2023-12-01", "2024-04-30")
    (transfusion,) = [f for f in facts if f.kind is FactKind.TRANSFUSION]
    assert (transfusion.name, transfusion.date) == ("rbc", dt.date(2024, 2, 14))
    lines = document.pages[0].text.split("\n")
    for fact in facts:
        assert fact.provenance.method == "ccda"
        assert lines[(fact.provenance.line or 0) - 1] == fact.provenance.text
    assert any("Some other test: 12 mg/dL" in line for line in lines)
    assert not any("ruled out" in line for line in lines)
    narrative = document.pages[1].text
    assert narrative.startswith("Pathology note")
    assert "Karyotype 46,XY,-7[20]." in narrative


def test_xml_entities_are_refused() -> None:
    billion_laughs = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<ClinicalDocument xmlns="urn:hl7-org:v3"><title>&lol2;</title></ClinicalDocument>"""
    with pytest.raises(RecordError) as caught:
        ingest("bomb.xml", billion_laughs.encode(), LIMITS)
    assert caught.value.code is ErrorCode.UNSAFE_XML


def test_external_entities_are_refused() -> None:
    xxe = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<ClinicalDocument xmlns="urn:hl7-org:v3"><title>&x;</title></ClinicalDocument>"""
    with pytest.raises(RecordError) as caught:
        ingest("xxe.xml", xxe.encode(), LIMITS)
    assert caught.value.code is ErrorCode.UNSAFE_XML


def test_xml_that_is_not_ccda_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("feed.xml", b"<rss><channel><title>News</title></channel></rss>", LIMITS)
    assert caught.value.code is ErrorCode.NOT_CCDA


def test_fhir_xml_is_refused_with_a_pointer_to_json() -> None:
    with pytest.raises(RecordError) as caught:
        ingest(
            "b.xml",
            b'<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/></Bundle>',
            LIMITS,
        )
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
    assert "JSON" in caught.value.message


def test_damaged_xml_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        ingest("ccd.xml", CCDA.encode()[:500], LIMITS)
    assert caught.value.code is ErrorCode.CORRUPT
