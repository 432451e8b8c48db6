"""HL7 C-CDA documents (the XML "continuity of care" documents patient portals export):
demographics, results, problems, medications and transfusion procedures become rendered
lines and facts; the narrative of the other sections becomes pages for the text
extractors.

The XML is first parsed by defusedxml, which refuses a DTD, entity declarations and
external references (billion laughs, external entities), and only then by lxml with
entity resolution, DTD loading and network access switched off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml import ElementTree as SafeElementTree
from lxml import etree

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.ingest.structured import codes
from onconav.records.ingest.structured.conditions import condition_line, diagnosis_fact
from onconav.records.ingest.structured.labs import lab_fact
from onconav.records.ingest.structured.medications import medication_line, treatment_fact
from onconav.records.ingest.structured.patient import patient_facts
from onconav.records.ingest.structured.render import StructuredResult, StructuredText, joined
from onconav.records.ingest.structured.when import NEVER, When, from_hl7
from onconav.records.model import Fact, FactKind

HL7 = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"h": HL7, "xsi": XSI}
FHIR_NAMESPACE = "http://hl7.org/fhir"

RESULTS_SECTION = "30954-2"
PROBLEMS_SECTION = "11450-4"
MEDICATIONS_SECTION = "10160-0"
_CODED_SECTIONS = {RESULTS_SECTION, PROBLEMS_SECTION, MEDICATIONS_SECTION}
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_GENDERS = {"M": "male", "F": "female"}


def parse_xml(text: str) -> Any:
    """The document's root element, parsed safely; ``RecordError`` for unsafe or
    damaged XML, FHIR in XML form, or XML that is not C-CDA."""
    if _HTML.match(text):
        raise RecordError(
            "This is a web page (HTML), which we cannot read. Please save or print it as "
            "PDF and add that instead.",
            ErrorCode.UNSUPPORTED_FORMAT,
        )
    # The text is already decoded; a declaration naming another encoding would mislead.
    data = _DECLARATION.sub("", text, count=1).encode("utf-8")
    try:
        SafeElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException:
        raise RecordError(
            "This XML file contains declarations we do not open for safety (a DTD or "
            "entities). Health record exports do not need them; please export it again.",
            ErrorCode.UNSAFE_XML,
        ) from None
    except (ParseError, ValueError):
        raise _damaged() from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise _damaged() from None
    namespace = etree.QName(root).namespace
    if namespace == FHIR_NAMESPACE:
        raise RecordError(
            "This is a FHIR record in XML form, which we cannot read yet. Please export it "
            "from your portal as FHIR JSON instead.",
            ErrorCode.UNSUPPORTED_FORMAT,
        )
    if root.tag != f"{{{HL7}}}ClinicalDocument":
        raise RecordError(
            "This XML file is not a C-CDA health record, so we cannot read it. We read C-CDA "
            "documents (XML) and FHIR exports (JSON) from patient portals.",
            ErrorCode.NOT_CCDA,
        )
    return root


def read_ccda(root: Any, *, document_id: str, document_name: str) -> StructuredResult:
    reader = _Reader(root, StructuredText(document_id, document_name, "ccda"))
    reader.read()
    if len(reader.text.lines) <= 1 and not reader.text.narratives:  # only the title line
        raise RecordError("This C-CDA document holds no records we can show.", ErrorCode.NO_RECORDS)
    return StructuredResult(
        pages=reader.text.pages(), facts=tuple(reader.facts), warnings=tuple(reader.warnings)
    )


class _Reader:
    def __init__(self, root: Any, text: StructuredText) -> None:
        self.root = root
        self.text = text
        self.facts: list[Fact] = []
        self.warnings: list[str] = []
        self.by_id = {el.get("ID"): el for el in root.iter() if el.get("ID")}

    def read(self) -> None:
        title = _text(self.root.find("h:title", NS)) or "Clinical document"
        when = from_hl7(_attr(self.root.find("h:effectiveTime", NS), "value"))
        self.text.add_line(f"Document: {title}{f', {when.iso}' if when.iso else ''}", "document")
        self._patient()
        if self.root.find("h:component/h:nonXMLBody", NS) is not None:
            self.warnings.append(
                "This document carries an attached file instead of structured sections; "
                "the attached file was not read."
            )
        for number, section in enumerate(self.root.iterfind(".//h:section", NS), start=1):
            code = _attr(section.find("h:code", NS), "code")
            locator = f"section[{number}]"
            if code == RESULTS_SECTION:
                self._results(section, locator)
            elif code == PROBLEMS_SECTION:
                self._problems(section, locator)
            elif code == MEDICATIONS_SECTION:
                self._medications(section, locator)
            else:
                self._narrative(section)
            self._procedures(section, locator)

    def _patient(self) -> None:
        patient = self.root.find("h:recordTarget/h:patientRole/h:patient", NS)
        if patient is None:
            return
        name_element = patient.find("h:name", NS)
        name = None
        if name_element is not None:
            parts = [*(_text(g) for g in name_element.iterfind("h:given", NS))]
            parts.append(_text(name_element.find("h:family", NS)))
            name = " ".join(p for p in parts if p) or _text(name_element)
        sex = _GENDERS.get(_attr(patient.find("h:administrativeGenderCode", NS), "code") or "")
        born = from_hl7(_attr(patient.find("h:birthTime", NS), "value"))
        self.facts.extend(
            patient_facts(
                self.text, "recordTarget/patientRole/patient", name=name, born=born, sex=sex
            )
        )

    def _results(self, section: Any, locator: str) -> None:
        for index, observation in enumerate(section.iterfind(".//h:observation", NS), start=1):
            if observation.get("negationInd") == "true":
                continue
            self._result(observation, f"{locator}/observation[{index}]")

    def _result(self, observation: Any, locator: str) -> None:
        code = observation.find("h:code", NS)
        name = self._concept_text(code) or "Result"
        value = observation.find("h:value", NS)
        if value is None:
            return
        value_type = (value.get(f"{{{XSI}}}type") or "").split(":")[-1]
        when = self._when(observation)
        if when.date is None:
            organizer = next(observation.iterancestors(f"{{{HL7}}}organizer"), None)
            if organizer is not None:
                when = self._when(organizer)
        flag = codes.ABNORMAL_FLAGS.get(
            _attr(observation.find("h:interpretationCode", NS), "code") or ""
        )
        reference = self._reference_range(observation)
        if value_type == "PQ":
            shown = f"{value.get('value') or ''} {value.get('unit') or ''}".strip()
        elif value_type in ("CD", "CE", "CV", "CO"):
            shown = self._concept_text(value) or ""
        else:
            shown = _text(value) or value.get("value") or ""
        if not shown:
            return
        line = self.text.add_line(
            joined(
                when.iso or "",
                f"Result {name}: {shown}",
                f"(reference {reference})" if reference else "",
                flag or "",
            ),
            locator,
        )
        loinc = code.get("code") if code is not None else None
        system = code.get("codeSystem") if code is not None else None
        analyte = codes.LOINC_ANALYTES.get(loinc or "") if system == codes.LOINC_OID else None
        number = _number(value.get("value")) if value_type == "PQ" else None
        if analyte is None or number is None:
            return
        unit = value.get("unit")
        self.facts.append(
            lab_fact(
                analyte,
                number,
                unit=unit if unit != "1" else None,
                unit_code=unit if unit != "1" else None,
                when=when,
                provenance=self.text.provenance(line),
                details={
                    "loinc": [loinc],
                    "reference_range": reference,
                    "abnormal_flag": flag,
                },
            )
        )

    def _problems(self, section: Any, locator: str) -> None:
        for index, entry in enumerate(section.iterfind("h:entry", NS), start=1):
            for observation in entry.iterfind(".//h:observation", NS):
                if observation.get("negationInd") == "true":
                    continue
                value = observation.find("h:value", NS)
                diagnosis = self._concept_text(value) if value is not None else None
                if not diagnosis:
                    continue
                onset = from_hl7(
                    _attr(observation.find("h:effectiveTime/h:low", NS), "value")
                    or _attr(observation.find("h:effectiveTime", NS), "value")
                )
                status = _attr(entry.find(".//h:act/h:statusCode", NS), "code")
                line = self.text.add_line(
                    condition_line("Problem", diagnosis, status, onset),
                    f"{locator}/entry[{index}]",
                )
                self.facts.append(
                    diagnosis_fact(
                        diagnosis,
                        onset=onset,
                        provenance=self.text.provenance(line),
                        details={"codes": _code_list(value), "status": status},
                    )
                )
                break  # one problem per entry; further observations qualify it

    def _medications(self, section: Any, locator: str) -> None:
        for index, entry in enumerate(section.iterfind("h:entry", NS), start=1):
            administration = entry.find("h:substanceAdministration", NS)
            if administration is None or administration.get("negationInd") == "true":
                continue
            material = administration.find(
                "h:consumable/h:manufacturedProduct/h:manufacturedMaterial/h:code", NS
            )
            display = self._concept_text(material)
            start, stop = NEVER, NEVER
            for time in administration.iterfind("h:effectiveTime", NS):
                if time.find("h:low", NS) is not None or time.find("h:high", NS) is not None:
                    start = from_hl7(_attr(time.find("h:low", NS), "value"))
                    stop = from_hl7(_attr(time.find("h:high", NS), "value"))
                    break
            status = _attr(administration.find("h:statusCode", NS), "code")
            line = self.text.add_line(
                medication_line("Medication", display, status, start, stop),
                f"{locator}/entry[{index}]",
            )
            fact = treatment_fact(
                display,
                status=status,
                start=start,
                stop=stop,
                provenance=self.text.provenance(line),
                details={"mood": administration.get("moodCode")},
            )
            if fact is not None:
                self.facts.append(fact)

    def _procedures(self, section: Any, locator: str) -> None:
        for index, procedure in enumerate(section.iterfind("h:entry/h:procedure", NS), start=1):
            code = procedure.find("h:code", NS)
            if code is None or code.get("codeSystem") != codes.SNOMED_OID:
                continue
            product = codes.TRANSFUSION_PRODUCTS.get(code.get("code") or "")
            if product is None or procedure.get("negationInd") == "true":
                continue
            when = self._when(procedure)
            line = self.text.add_line(
                f"{when.iso or ''} Procedure: {self._concept_text(code) or 'transfusion'}",
                f"{locator}/procedure[{index}]",
            )
            self.facts.append(
                Fact(
                    kind=FactKind.TRANSFUSION,
                    name=product,
                    value=None,
                    date=when.date,
                    date_text=when.text,
                    details={"codes": _code_list(code)},
                    flags=() if when.date else ("date_missing",),
                    provenance=self.text.provenance(line),
                )
            )

    def _narrative(self, section: Any) -> None:
        if section.find("h:section", NS) is not None:
            return  # a container; its subsections are read on their own
        body = section.find("h:text", NS)
        if body is None:
            return
        content = "\n".join(_narrative_lines(body))
        if content.strip():
            title = _text(section.find("h:title", NS)) or "Section"
            self.text.add_narrative([title], content)

    def _concept_text(self, element: Any) -> str | None:
        if element is None:
            return None
        original = element.find("h:originalText", NS)
        if original is not None:
            reference = _attr(original.find("h:reference", NS), "value")
            if reference and reference.startswith("#") and reference[1:] in self.by_id:
                resolved = _text(self.by_id[reference[1:]])
                if resolved:
                    return resolved
            if _text(original):
                return _text(original)
        return element.get("displayName") or _text(element) or element.get("code")

    def _when(self, element: Any) -> When:
        time = element.find("h:effectiveTime", NS)
        if time is None:
            return NEVER
        return from_hl7(time.get("value") or _attr(time.find("h:low", NS), "value"))

    def _reference_range(self, observation: Any) -> str | None:
        observation_range = observation.find("h:referenceRange/h:observationRange", NS)
        if observation_range is None:
            return None
        value = observation_range.find("h:value", NS)
        if value is not None:
            low = _attr(value.find("h:low", NS), "value")
            high = _attr(value.find("h:high", NS), "value")
            unit = _attr(value.find("h:high", NS), "unit") or _attr(value.find("h:low", NS), "unit")
            if low and high:
                return f"{low}-{high} {unit or ''}".strip()
        return _text(observation_range.find("h:text", NS))


def _narrative_lines(body: Any) -> Iterator[str]:
    """Narrative block text: table rows as tab-separated lines, paragraphs as lines."""
    for element in body.iter(f"{{{HL7}}}tr", f"{{{HL7}}}paragraph", f"{{{HL7}}}item"):
        if element.tag == f"{{{HL7}}}tr":
            cells = [_text(cell) or "" for cell in element if isinstance(cell.tag, str)]
            yield "\t".join(cells)
        elif next(element.iterancestors(f"{{{HL7}}}tr"), None) is None:
            yield _text(element) or ""
    if not any(True for _ in body.iter(f"{{{HL7}}}tr", f"{{{HL7}}}paragraph", f"{{{HL7}}}item")):
        yield _text(body) or ""


def _text(element: Any) -> str | None:
    if element is None:
        return None
    joined = " ".join("".join(element.itertext()).split())
    return joined or None


def _attr(element: Any, name: str) -> str | None:
    return element.get(name) if element is not None else None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _code_list(element: Any) -> list[str]:
    if element is None or not element.get("code"):
        return []
    return [f"{element.get('codeSystem') or ''}|{element.get('code')}"]


def _damaged() -> RecordError:
    return RecordError(
        "This XML file is damaged and cannot be read. Please export or download it again.",
        ErrorCode.CORRUPT,
    )
