"""FHIR R4 JSON (a Bundle or a single resource) and Bulk Data NDJSON, parsed resource by
resource through the fhir.resources R4B models.

Each resource is validated on its own: one that does not follow FHIR is skipped with a
warning that says where (entry number, type, first field at fault) and never what it
held, and the rest of the file is kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from onconav.records.ingest.errors import ErrorCode, RecordError
from onconav.records.model import DocumentFormat

# How JSON begins ('{"', '[{', '[1' ...) as opposed to text that opens with a bracket.
_JSON_START = re.compile(r'\s*(?:\{\s*["}]|\[\s*[\[{"\d\-\]]|\[\s*(?:true|false|null)\b)')
# Bundles inside bundles (some exports nest them) are opened this deep.
MAX_BUNDLE_DEPTH = 3


@dataclass(frozen=True)
class ParsedResource:
    position: int  # 1-based place in the file (entry or NDJSON line)
    resource_type: str
    model: Any  # the R4B class for resource_type, chosen at run time
    full_url: str | None = None

    @property
    def reference(self) -> str:
        """'Observation/abc' when the resource has an id, else its place in the file."""
        resource_id = getattr(self.model, "id", None)
        if resource_id:
            return f"{self.resource_type}/{resource_id}"
        return f"{self.resource_type}#{self.position}"


@dataclass
class FhirContent:
    format: DocumentFormat
    resources: list[ParsedResource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_fhir(text: str) -> FhirContent | None:
    """The resources of a FHIR file; None when the text is not JSON at all (then it is
    read as plain text). JSON that is not FHIR raises ``RecordError``."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return _parse_ndjson(text)
    except RecursionError:
        raise _malformed() from None
    content = FhirContent(format=DocumentFormat.FHIR_JSON)
    if not isinstance(document, dict) or not isinstance(document.get("resourceType"), str):
        raise _not_fhir()
    counter = _Counter()
    _collect(document, content, counter, depth=0, full_url=None)
    return _checked(content)


def _parse_ndjson(text: str) -> FhirContent | None:
    content = FhirContent(format=DocumentFormat.FHIR_NDJSON)
    counter = _Counter()
    parsed_any = False
    fhir_like = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            content.warnings.append(f"Line {number} is not valid JSON and was skipped.")
            continue
        parsed_any = True
        if not isinstance(item, dict) or not isinstance(item.get("resourceType"), str):
            content.warnings.append(f"Line {number} is not a FHIR resource and was skipped.")
            continue
        fhir_like = True
        counter.value = number - 1
        _collect(item, content, counter, depth=0, full_url=None)
    if not parsed_any:
        if '"resourceType"' in text:
            raise _malformed()
        if _JSON_START.match(text):
            raise _malformed()
        return None
    if not fhir_like:
        raise _not_fhir()
    return _checked(content)


class _Counter:
    value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _collect(
    item: dict[str, Any],
    content: FhirContent,
    counter: _Counter,
    *,
    depth: int,
    full_url: str | None,
) -> None:
    resource_type = item.get("resourceType")
    if resource_type == "Bundle" and depth < MAX_BUNDLE_DEPTH:
        entries = item.get("entry") or []
        if not isinstance(entries, list):
            content.warnings.append("The bundle's entry list is not valid and was skipped.")
            return
        for entry in entries:
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if not isinstance(resource, dict):
                content.warnings.append(f"Entry {counter.next()} has no resource and was skipped.")
                continue
            url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
            _collect(resource, content, counter, depth=depth + 1, full_url=url)
        return
    position = counter.next()
    if not isinstance(resource_type, str):
        content.warnings.append(f"Entry {position} has no resource type and was skipped.")
        return
    try:
        model_class = get_fhir_model_class(resource_type)
    except (ValueError, KeyError):
        content.warnings.append(
            f"Entry {position} has a resource type FHIR R4 does not define and was skipped."
        )
        return
    try:
        model = model_class.model_validate(item)
    except ValidationError as error:
        problems = error.errors()
        where = ".".join(str(part) for part in problems[0]["loc"]) if problems else "?"
        content.warnings.append(
            f"Entry {position} ({resource_type}) does not follow FHIR R4 and was skipped "
            f"({len(problems)} problem(s), first at '{where}')."
        )
        return
    except (ValueError, TypeError, RecursionError):
        content.warnings.append(
            f"Entry {position} ({resource_type}) could not be read and was skipped."
        )
        return
    content.resources.append(ParsedResource(position, resource_type, model, full_url))


def _checked(content: FhirContent) -> FhirContent:
    if not content.resources:
        raise RecordError(
            "We could not read any records in this FHIR file: none of its entries follow "
            "the FHIR R4 format. Please export it again from your patient portal.",
            ErrorCode.NO_RECORDS,
        )
    return content


def _not_fhir() -> RecordError:
    return RecordError(
        "This JSON file is not a FHIR health record, so we cannot read it. Patient portals "
        "export FHIR records as JSON with a 'resourceType' in every record.",
        ErrorCode.NOT_FHIR,
    )


def _malformed() -> RecordError:
    return RecordError(
        "This FHIR file is damaged (it is not valid JSON) and cannot be read. Please "
        "export or download it again.",
        ErrorCode.MALFORMED_JSON,
    )
