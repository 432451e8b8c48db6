"""Structured records (FHIR R4 JSON and NDJSON, HL7 C-CDA XML): one rendered text line per
resource or entry, and facts read straight from the coded fields, each pointing at its
line."""
