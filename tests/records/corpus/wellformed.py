"""Whether an annotation is well formed: the one set of checks every record set passes.

Each check returns the problems it finds, as sentences naming the document and the fact, so
a test can list every problem at once and a check can be tested on a broken annotation.
The rules (see ``corpus/README.md``):

- every good document has a required fact, and a required risk-score value unless its set
  exempts it (an exemption that is not needed is a problem too, so the lists stay honest);
- names are canonical, risk marks follow ``used_by_risk_scores``, every source text is in
  the document's source, dates lie in the set's window, an ambiguous date is never given,
  identity facts are undated;
- a lab value gives the value as printed; its unit converts to the annotated value (a value
  without a unit stays as printed, unconverted, with ``unit_missing``);
- a value printed as a range (``match: within``) is "low-high" with low below high, and
  never a lab result;
- a karyotype is a valid ISCN string whose metaphase count and annotated summary details
  agree with ``onconav.clinical.karyotype.summarize``;
- variants, gene statuses and FISH results use their fixed values; a gene with any reported
  variant (a VUS too) is never on a wild-type list;
- good documents expect facts, a zip holds two documents or more; bad inputs expect an
  error and no facts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from onconav.clinical.karyotype import KaryotypeSyntaxError, summarize
from onconav.clinical.units import CANONICAL_UNIT, Analyte, normalise
from onconav.records.model import FactKind

from .annotations import (
    CANONICAL_NAMES,
    DocumentAnnotation,
    ExpectedFact,
    used_by_risk_scores,
)
from .documents import RecordSet
from .matching import normalise_text, range_bounds

GENE_STATUS_VALUES = frozenset({"wild_type", "detected", "not_detected", "present", "absent"})
PERCENT_MARROW = frozenset({"marrow_blasts", "ring_sideroblasts", "cellularity"})
KARYOTYPE_SUMMARY_KEYS = ("ipssr_category", "normal", "complex", "del5q")
_CONVERSION_TOLERANCE = 0.005


def squeezed(text: str) -> str:
    """Text compared without case or any whitespace (as the scorer compares provenance)."""
    return "".join(normalise_text(text).split())


def source_text(annotation: DocumentAnnotation, record_set: RecordSet) -> str:
    """The text of the document's source, or of all its zip members' sources."""
    sources = [annotation.source] if annotation.source else [m.source for m in annotation.members]
    return "\n".join(
        Path(record_set.source_path(s)).read_text(encoding="utf-8") for s in sources if s
    )


def annotation_problems(annotation: DocumentAnnotation, record_set: RecordSet) -> list[str]:
    """Every way ``annotation`` breaks the format's rules; empty when it is well formed."""
    if annotation.bad_input:
        return _bad_input_problems(annotation)
    tag = f"[{annotation.document}]"
    problems: list[str] = []
    if annotation.expect != "facts":
        problems.append(f"{tag} only a bad input expects an error")
    if annotation.render == "zip" and len(annotation.members) < 2:
        problems.append(f"{tag} a zip document holds two members or more")
    expected = annotation.expected_facts()
    required = [fact for fact in expected if not fact.optional]
    if not required:
        problems.append(f"{tag} a document with nothing to find")
    gives_risk = any(fact.risk for fact in required)
    exempt = annotation.document in record_set.without_risk_values
    if not gives_risk and not exempt:
        problems.append(f"{tag} gives no required risk-score value and is not exempt")
    if gives_risk and exempt:
        problems.append(f"{tag} is exempt from giving a risk-score value but gives one")
    source = squeezed(source_text(annotation, record_set))
    for fact in expected:
        label = f"{tag} {fact.kind.value}/{fact.name}={fact.value!r}"
        problems.extend(f"{label}: {p}" for p in _fact_problems(fact, source, record_set))
    for forbidden in annotation.forbidden:
        names = CANONICAL_NAMES[forbidden.kind]
        if names is not None and forbidden.name not in names:
            problems.append(f"{tag} forbidden {forbidden.name!r}: not a canonical name")
    problems.extend(f"{tag} {p}" for p in _wild_type_problems(annotation))
    return problems


def _bad_input_problems(annotation: DocumentAnnotation) -> list[str]:
    tag = f"[{annotation.document}]"
    problems = []
    if annotation.expect not in {"error", "error_or_empty"}:
        problems.append(f"{tag} a bad input expects an error")
    if annotation.facts or annotation.wild_type:
        problems.append(f"{tag} a bad input has no facts")
    return problems


def _fact_problems(fact: ExpectedFact, source: str, record_set: RecordSet) -> list[str]:
    problems = []
    names = CANONICAL_NAMES[fact.kind]
    if names is not None and fact.name not in names:
        problems.append("not a canonical name")
    if fact.risk != used_by_risk_scores(fact.kind, fact.name):
        problems.append(f"risk should be {used_by_risk_scores(fact.kind, fact.name)}")
    if fact.source_text is not None and squeezed(fact.source_text) not in source:
        problems.append(f"source text {fact.source_text!r} is not in the source")
    if isinstance(fact.date, dt.date) and not (
        record_set.first_date <= fact.date <= record_set.last_date
    ):
        problems.append(f"date {fact.date} outside {record_set.name}'s window")
    if "date_ambiguous" in fact.flags and fact.date is not None:
        problems.append("an ambiguous date is never guessed: date must be null")
    if fact.kind == FactKind.IDENTITY and fact.date != "any":
        problems.append("identity facts are undated")
    if fact.match == "within":
        problems.extend(_range_problems(fact))
    else:
        problems.extend(_kind_problems(fact))
    return problems


def _kind_problems(fact: ExpectedFact) -> list[str]:
    if fact.kind == FactKind.LAB:
        return _lab_problems(fact)
    if fact.kind == FactKind.MARROW and fact.name in PERCENT_MARROW and fact.unit != "%":
        return ["a marrow percentage has unit %"]
    if fact.kind == FactKind.KARYOTYPE:
        return _karyotype_problems(fact)
    if fact.kind == FactKind.VARIANT:
        problems = []
        if fact.name != fact.name.upper():
            problems.append("gene symbols are upper case")
        if fact.value != "mutated":
            problems.append("a variant's value is 'mutated'")
        vaf = fact.details.get("vaf")
        if vaf is not None and not 0 < vaf <= 1:
            problems.append("VAF is a fraction")
        return problems
    if fact.kind == FactKind.GENE_STATUS and fact.value not in GENE_STATUS_VALUES:
        return [f"a gene status is one of {sorted(GENE_STATUS_VALUES)}"]
    if fact.kind == FactKind.FISH and fact.value not in {"normal", "abnormal"}:
        return ["a FISH result is normal or abnormal"]
    return []


def _range_problems(fact: ExpectedFact) -> list[str]:
    """A ``within`` value is the range as printed, low below high, outside a lab result (a
    lab value is checked against its printed unit, which a range does not give)."""
    if fact.kind == FactKind.LAB:
        return ["a lab value is a number (a printed range is for marrow findings)"]
    problems = []
    if fact.kind == FactKind.MARROW and fact.name in PERCENT_MARROW and fact.unit != "%":
        problems.append("a marrow percentage has unit %")
    try:
        low, high = range_bounds(str(fact.value))
    except ValueError:
        return [*problems, f"a 'within' value is a range 'low-high', not {fact.value!r}"]
    if not low < high:
        problems.append(f"the range {fact.value!r} runs from low to high")
    return problems


def _lab_problems(fact: ExpectedFact) -> list[str]:
    if fact.name not in {a.value for a in Analyte}:
        return []  # the name check reports it
    analyte = Analyte(fact.name)
    if fact.original is None:
        return ["give the value as printed (original)"]
    printed = fact.original.number()
    converted = normalise(analyte, printed, fact.original.unit)
    if fact.unit is None:
        problems = []
        if "unit_missing" not in fact.flags:
            problems.append("no unit and no unit_missing flag")
        if converted is not None:
            problems.append("a value without a unit stays unconverted")
        if fact.value != printed:
            problems.append(f"a value without a unit stays as printed ({printed})")
        return problems
    if fact.unit != CANONICAL_UNIT[analyte]:
        return [f"unit {fact.unit!r} is not the canonical {CANONICAL_UNIT[analyte]!r}"]
    if converted is None:
        return [f"printed unit {fact.original.unit!r} does not convert"]
    if not isinstance(fact.value, int | float) or isinstance(fact.value, bool):
        return ["a lab value with a unit is a number"]
    if abs(converted.value - fact.value) > _CONVERSION_TOLERANCE * abs(fact.value):
        return [f"printed {fact.original.value} {fact.original.unit} is {converted.value:g}"]
    return []


def _karyotype_problems(fact: ExpectedFact) -> list[str]:
    if not isinstance(fact.value, str):
        return [] if fact.match == "any" else ["a karyotype's value is its ISCN string"]
    try:
        summary = summarize(fact.value)
    except KaryotypeSyntaxError as error:
        return [f"not valid ISCN: {error}"]
    problems = []
    if not fact.details.get("metaphases"):
        problems.append("give the metaphase count")
    elif summary.metaphases != fact.details["metaphases"]:
        problems.append(f"the ISCN string counts {summary.metaphases} metaphases")
    for key in KARYOTYPE_SUMMARY_KEYS:
        if key in fact.details and getattr(summary, key) != fact.details[key]:
            problems.append(f"details[{key}] disagrees with summarize: {getattr(summary, key)}")
    return problems


def _wild_type_problems(annotation: DocumentAnnotation) -> list[str]:
    mutated = {f.name for f in annotation.facts if f.kind == FactKind.VARIANT}
    members = {m.file_name for m in annotation.members}
    problems = []
    for listing in annotation.wild_type:
        with_variant = sorted(mutated & set(listing.genes))
        if with_variant:
            problems.append(f"wild-type genes with a variant: {with_variant}")
        if len(listing.genes) != len(set(listing.genes)):
            problems.append(f"a gene listed twice on {listing.panel}")
        if listing.member is not None and listing.member not in members:
            problems.append(f"wild-type list names a member not in the zip: {listing.member}")
    return problems


def set_problems(annotations: list[DocumentAnnotation], earlier: list[RecordSet]) -> list[str]:
    """A set's documents and file names are unique, and its documents and patients are
    new to every ``earlier`` set (a held-out set shares nothing with what came before)."""
    problems = []
    for what, values in (
        ("document", [a.document for a in annotations]),
        ("file name", [a.file_name for a in annotations]),
    ):
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            problems.append(f"{what}s used twice: {repeated}")
    ours_documents = {a.document for a in annotations}
    ours_patients = {a.patient for a in annotations if a.patient}
    for other in earlier:
        theirs = other.load()
        shared = ours_documents & {a.document for a in theirs}
        if shared:
            problems.append(f"documents also in {other.name}: {sorted(shared)}")
        shared = ours_patients & {a.patient for a in theirs if a.patient}
        if shared:
            problems.append(f"patients also in {other.name}: {sorted(shared)}")
    return problems
