"""Facts from many documents → one ``PatientProfile``.

The profile keeps every fact with its provenance, applies the person's own
corrections (keeping the original), shows real conflicts, warns when documents
seem to belong to different people, and chooses the inputs for the risk scores
the way the scores were validated: at diagnosis, before treatment.

Risk-input rule (IPSS-R: Greenberg PL et al., Blood 2012;120:2454, derived in
untreated patients at diagnosis; IPSS-M: Bernard E et al., NEJM Evid 2022, same
setting): the marrow, karyotype and gene results closest to diagnosis; the blood
counts closest to that marrow, within 30 days and before any disease-modifying
treatment. A value outside that window is still shown, labelled as outside the
validated setting; it is never silently treated as a diagnosis value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory
from onconav.clinical.scores import IpssmGene, RiskInputs, Tp53MutationCount
from onconav.records.censored import comparator_of, printed_value, scores_alike
from onconav.records.model import Fact, FactKind, FactValue, Provenance

# Blood counts must be this close to the diagnostic marrow to count as diagnosis values.
CBC_WINDOW_DAYS = 30
# Two values of the same test on the same day differ "really" beyond this relative gap.
CONFLICT_TOLERANCE = 0.02
# Flags that keep a value out of the scores and the latest values until the person confirms
# it: a unit or date that could be read two ways, a number whose decimal separator could, and
# a value outside what any patient can have (a misread number; ``clinical.units.PLAUSIBLE``).
NEEDS_CONFIRMATION = frozenset(
    {"unit_missing", "unit_unknown", "date_ambiguous", "decimal_ambiguous", "implausible"}
)

# Treatments that change the course of MDS: values after their start are outside the
# setting in which IPSS-R and IPSS-M were derived (untreated patients).
DISEASE_MODIFYING = frozenset(
    {
        "azacitidine",
        "decitabine",
        "decitabine-cedazuridine",
        "lenalidomide",
        "imetelstat",
        "ivosidenib",
        "enasidenib",
        "olutasidenib",
        "venetoclax",
        "antithymocyte globulin",
        "cyclosporine",
        "cytarabine",
        "daunorubicin",
        "idarubicin",
        "stem cell transplant",
    }
)
# Treatments that change blood counts without changing the disease (anemia treatments):
# counts measured after they start no longer reflect the untreated disease either.
COUNT_CHANGING = frozenset({"epoetin alfa", "darbepoetin alfa", "luspatercept"})

CBC_INPUTS = ("hemoglobin", "platelets", "anc")
PATHOGENIC_WORDS = re.compile(r"pathogenic|likely pathogenic|tier\s*(i|ii|1|2)\b|oncogenic", re.I)
UNCERTAIN_WORDS = re.compile(r"uncertain|vus|tier\s*(iii|3)\b|benign", re.I)


class Correction(BaseModel):
    """A value the person corrected or confirmed. It overrides extraction; the original stays."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: FactKind
    value: FactValue
    unit: str | None = None
    date: dt.date | None = None
    note: str | None = None
    created_at: dt.datetime


class Conflict(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    date: dt.date | None
    facts: tuple[Fact, ...]
    message: str


class TimelineEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: dt.date
    kind: FactKind
    name: str
    value: FactValue
    unit: str | None
    document_id: str
    document_name: str


class MissingItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    label: str
    why: str


class RiskInput(BaseModel):
    """A value chosen for the risk scores, with where and when it came from."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: Any
    unit: str | None = None
    date: dt.date | None = None
    provenance: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    validated_setting: bool = True


class RiskInputSelection(BaseModel):
    model_config = ConfigDict(frozen=True)

    anchor_date: dt.date | None = Field(description="Diagnosis, or the first marrow")
    anchor_reason: str
    therapy_start: dt.date | None
    inputs: dict[str, RiskInput]
    notes: tuple[str, ...] = ()

    @property
    def validated_setting(self) -> bool:
        return all(i.validated_setting for i in self.inputs.values())

    def to_risk_inputs(self) -> RiskInputs:
        values = {name: item.value for name, item in self.inputs.items()}
        genes = {
            IpssmGene(name.removeprefix("gene:")): bool(value)
            for name, value in values.items()
            if name.startswith("gene:") and value is not None
        }
        return RiskInputs(
            hb=values.get("hemoglobin"),
            plt=values.get("platelets"),
            anc=values.get("anc"),
            bm_blast=values.get("marrow_blasts"),
            age=values.get("age"),
            cyto_ipssr=values.get("cyto_ipssr"),
            cyto_ipss=values.get("cyto_ipss"),
            del5q=values.get("del5q"),
            del7_7q=values.get("del7_7q"),
            del17_17p=values.get("del17_17p"),
            complex=values.get("complex"),
            tp53_mutations=values.get("tp53_mutations"),
            tp53_max_vaf=values.get("tp53_max_vaf"),
            tp53_loh=values.get("tp53_loh"),
            mll_ptd=values.get("mll_ptd"),
            flt3=values.get("flt3"),
            genes=genes,
        )


class PatientProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    patient: str
    facts: tuple[Fact, ...] = Field(description="Every fact, corrected ones included")
    corrections: tuple[Correction, ...] = ()
    latest: dict[str, Fact] = Field(description="The most recent usable value of each name")
    timeline: tuple[TimelineEvent, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[str, ...] = ()
    needs_confirmation: tuple[Fact, ...] = ()
    missing: tuple[MissingItem, ...] = ()
    diagnosis_date: dt.date | None = None
    risk: RiskInputSelection

    def values(self, name: str) -> list[Fact]:
        """Every effective value of ``name``, oldest first (undated last)."""
        return sorted(
            (f for f in self.facts if f.name == name and "superseded" not in f.flags),
            key=_date_key,
        )


# --- building ---------------------------------------------------------------------


def build_profile(
    patient: str, facts: Iterable[Fact], corrections: Sequence[Correction] = ()
) -> PatientProfile:
    effective = _apply_corrections(_deduplicate(facts), corrections)
    usable = [f for f in effective if "superseded" not in f.flags]
    confirm = tuple(f for f in usable if NEEDS_CONFIRMATION & set(f.flags))
    trusted = [f for f in usable if not NEEDS_CONFIRMATION & set(f.flags)]
    diagnosis_date, anchor_reason = _anchor(trusted)
    selection = _select_risk_inputs(trusted, diagnosis_date, anchor_reason)
    return PatientProfile(
        patient=patient,
        facts=tuple(sorted(effective, key=_date_key)),
        corrections=tuple(corrections),
        latest=_latest(trusted),
        timeline=_timeline(usable),
        conflicts=_conflicts(trusted),
        warnings=_identity_warnings(usable),
        needs_confirmation=confirm,
        missing=_missing(selection),
        diagnosis_date=diagnosis_date,
        risk=selection,
    )


def _date_key(fact: Fact) -> tuple[int, dt.date]:
    return (0, fact.date) if fact.date else (1, dt.date.min)


def _fact_key(fact: Fact) -> tuple[Any, ...]:
    return (fact.kind, fact.name, fact.value, fact.unit, fact.date, fact.provenance.document_id)


def _deduplicate(facts: Iterable[Fact]) -> list[Fact]:
    """The same value read twice from one document (e.g. a summary and a table) is one fact."""
    seen: dict[tuple[Any, ...], Fact] = {}
    for fact in facts:
        seen.setdefault(_fact_key(fact), fact)
    return list(seen.values())


def _apply_corrections(facts: list[Fact], corrections: Sequence[Correction]) -> list[Fact]:
    result = list(facts)
    for correction in sorted(corrections, key=lambda c: c.created_at):
        targets = [
            i
            for i, f in enumerate(result)
            if f.name == correction.name
            and "superseded" not in f.flags
            and (correction.date is None or f.date == correction.date)
        ]
        if correction.date is None and targets:
            # Without a date, the correction replaces the value currently in use.
            targets = [max(targets, key=lambda i: _date_key(result[i]))]
        date = correction.date
        for i in targets:
            original = result[i]
            result[i] = original.model_copy(update={"flags": (*original.flags, "superseded")})
            date = date or original.date
        result.append(
            Fact(
                kind=correction.kind,
                name=correction.name,
                value=correction.value,
                unit=correction.unit,
                date=date,
                details={"note": correction.note} if correction.note else {},
                flags=("user_corrected",),
                provenance=Provenance(
                    document_id="user",
                    document_name="your correction",
                    text=correction.note or f"{correction.name} = {correction.value}",
                    method="user",
                ),
            )
        )
    return result


def _latest(facts: Sequence[Fact]) -> dict[str, Fact]:
    latest: dict[str, Fact] = {}
    for fact in sorted(facts, key=_date_key):
        current = latest.get(fact.name)
        if current is None or fact.date is not None:
            latest[fact.name] = fact
    return latest


def _timeline(facts: Sequence[Fact]) -> tuple[TimelineEvent, ...]:
    return tuple(
        TimelineEvent(
            date=f.date,
            kind=f.kind,
            name=f.name,
            value=f.value,
            unit=f.unit,
            document_id=f.provenance.document_id,
            document_name=f.provenance.document_name,
        )
        for f in sorted(facts, key=_date_key)
        if f.date is not None
    )


def _same_value(a: FactValue, b: FactValue) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        scale = max(abs(float(a)), abs(float(b)), 1e-9)
        return abs(float(a) - float(b)) / scale <= CONFLICT_TOLERANCE
    if isinstance(a, str) and isinstance(b, str):
        return _normalise_text(a) == _normalise_text(b)
    return a == b


def _normalise_text(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _conflicts(facts: Sequence[Fact]) -> tuple[Conflict, ...]:
    """Different values of the same thing on the same date, from different documents.

    A later karyotype or a later blood count is history, not a conflict.
    """
    groups: dict[tuple[str, dt.date | None], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.kind in {FactKind.IDENTITY, FactKind.TREATMENT, FactKind.TRANSFUSION}:
            continue
        if fact.date is None:
            continue
        groups[(fact.name, fact.date)].append(fact)
    found: list[Conflict] = []
    for (name, date), group in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or dt.date.min)
    ):
        distinct: list[Fact] = []
        for fact in group:
            if not any(_same_value(fact.value, other.value) for other in distinct):
                distinct.append(fact)
        documents = {f.provenance.document_id for f in distinct}
        if len(distinct) > 1 and len(documents) > 1:
            shown = ", ".join(f"{_show(f)} in {f.provenance.document_name}" for f in distinct)
            found.append(
                Conflict(
                    name=name,
                    date=date,
                    facts=tuple(distinct),
                    message=f"{name} on {date:%d %b %Y} differs between documents: {shown}. "
                    "Please check which is right; you can correct it.",
                )
            )
    return tuple(found)


def _show(fact: Fact) -> str:
    """The value as printed: a censored one with its comparator ("<0.1 10^9/L")."""
    value = printed_value(fact)
    return f"{value} {fact.unit}" if fact.unit else value


def _identity_warnings(facts: Sequence[Fact]) -> tuple[str, ...]:
    warnings: list[str] = []
    for name, label in (("name", "names"), ("date_of_birth", "dates of birth")):
        values: dict[str, list[str]] = defaultdict(list)
        for fact in facts:
            if fact.kind is FactKind.IDENTITY and fact.name == name and fact.value:
                key = _identity_key(name, str(fact.value))
                values[key].append(fact.provenance.document_name)
        if len(values) > 1:
            listed = "; ".join(
                f"{key} ({', '.join(sorted(set(docs)))})" for key, docs in sorted(values.items())
            )
            warnings.append(
                f"Your documents show different {label}: {listed}. Please check that every "
                "document belongs to the same person."
            )
    return tuple(warnings)


def _identity_key(name: str, value: str) -> str:
    if name == "date_of_birth":
        return value.strip()
    # "DOE, JANE A." and "Jane A Doe" are the same name written two ways.
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    if "," in folded:
        last, _, first = folded.partition(",")
        folded = f"{first} {last}"
    parts = sorted(p for p in re.split(r"[^a-z]+", folded) if len(p) > 1)
    return " ".join(parts).title()


# --- risk inputs --------------------------------------------------------------------


def _anchor(facts: Sequence[Fact]) -> tuple[dt.date | None, str]:
    diagnoses = [
        f
        for f in facts
        if f.kind is FactKind.DIAGNOSIS
        and f.date is not None
        and re.search(r"\bmds\b|myelodysplas", str(f.value), re.I)
    ]
    if diagnoses:
        first = min(diagnoses, key=_date_key)
        return first.date, f"MDS diagnosis date ({first.provenance.document_name})"
    marrows = [f for f in facts if f.kind is FactKind.MARROW and f.date is not None]
    if marrows:
        first = min(marrows, key=_date_key)
        return first.date, f"first bone marrow report ({first.provenance.document_name})"
    return None, "no diagnosis date or marrow report found"


def _therapy_start(facts: Sequence[Fact]) -> tuple[dt.date | None, str | None]:
    starts: list[tuple[dt.date, str]] = []
    for fact in facts:
        if fact.kind is not FactKind.TREATMENT:
            continue
        drug = fact.name.lower()
        if drug not in DISEASE_MODIFYING | COUNT_CHANGING:
            continue
        start = fact.details.get("start") or fact.date
        if isinstance(start, str):
            try:
                start = dt.date.fromisoformat(start)
            except ValueError:
                continue
        if isinstance(start, dt.date):
            starts.append((start, drug))
    if not starts:
        return None, None
    return min(starts)


def _closest(facts: Sequence[Fact], name: str, anchor: dt.date | None) -> Fact | None:
    candidates = [f for f in facts if f.name == name]
    if not candidates:
        return None
    dated = [f for f in candidates if f.date is not None]
    if anchor is None or not dated:
        return min(candidates, key=_date_key)
    return min(dated, key=lambda f: (abs((f.date - anchor).days), f.date))  # type: ignore[operator]


def _select_risk_inputs(
    facts: Sequence[Fact], anchor: dt.date | None, anchor_reason: str
) -> RiskInputSelection:
    therapy_start, therapy_drug = _therapy_start(facts)
    inputs: dict[str, RiskInput] = {}
    notes: list[str] = []

    def after_therapy(fact: Fact) -> bool:
        return bool(therapy_start and fact.date and fact.date >= therapy_start)

    def setting_notes(fact: Fact) -> tuple[list[str], bool]:
        found: list[str] = []
        if after_therapy(fact):
            found.append(
                f"measured after {therapy_drug} started on {therapy_start:%d %b %Y}: outside the "
                "setting the scores were validated in"
            )
        if fact.date is None:
            found.append("undated: it may not be from the time of diagnosis")
        return found, not found

    def bound_usable(fact: Fact) -> bool:
        """A censored value stands in for the result only where every value it allows
        scores alike (``censored``), and a range ("3-4 %") never does; otherwise it is left
        out, with a note naming it."""
        comparator = comparator_of(fact.details)
        value = fact.value
        if isinstance(value, str) and fact.kind is FactKind.MARROW:
            printed = f"{value} {fact.unit or ''}".strip()
            what = "a range, not a value"
        elif comparator is None or not isinstance(value, int | float):
            return True  # a plain number (a text lab value is never scored: see _input)
        elif scores_alike(fact.name, float(value), comparator):
            return True
        else:
            printed = printed_value(fact)
            what = "a bound, not a value"
        notes.append(
            f"{fact.name}: printed {printed} ({fact.provenance.document_name}), {what}; the"
            " risk scores differ within what it allows, so it is left out: the exact value"
            " is needed"
        )
        return False

    marrow = _closest(
        [f for f in facts if f.kind is FactKind.MARROW and f.name == "marrow_blasts"],
        "marrow_blasts",
        anchor,
    )
    marrow_date = marrow.date if marrow else anchor
    if marrow is not None:
        found, valid = setting_notes(marrow)
        found.extend(_bound_note(marrow))
        # The report stays the diagnostic marrow (its other findings are read from it) even
        # when its blast count cannot be scored.
        blasts_usable = bound_usable(marrow)
        if marrow.details.get("method") in {"flow", "IHC"} or any(
            f.name == "blast_method"
            and f.value in {"flow", "IHC"}
            and f.provenance.document_id == marrow.provenance.document_id
            for f in facts
        ):
            found.append("blast count from flow cytometry or CD34 staining: an estimate")
        chosen_blasts = _input("marrow_blasts", marrow, found, valid)
        if not blasts_usable:
            chosen_blasts = chosen_blasts.model_copy(update={"value": None})
        inputs["marrow_blasts"] = chosen_blasts

    for name in CBC_INPUTS:
        candidates = [
            f
            for f in facts
            if f.kind is FactKind.LAB and f.name == name and f.value is not None and bound_usable(f)
        ]
        in_window = [
            f
            for f in candidates
            if f.date is not None
            and marrow_date is not None
            and abs((f.date - marrow_date).days) <= CBC_WINDOW_DAYS
            and not after_therapy(f)
        ]
        chosen = _closest(in_window or candidates, name, marrow_date)
        if chosen is None:
            continue
        found, valid = setting_notes(chosen)
        if not in_window and chosen.date is not None and marrow_date is not None:
            gap = abs((chosen.date - marrow_date).days)
            found.append(
                f"{gap} days from the marrow (the scores use counts within {CBC_WINDOW_DAYS} days)"
            )
            valid = False
        found.extend(_bound_note(chosen))
        inputs[name] = _input(name, chosen, found, valid)

    karyotype = _closest(
        [f for f in facts if f.kind is FactKind.KARYOTYPE and _karyotype_summary(f)],
        "karyotype",
        anchor,
    )
    if karyotype is not None:
        found, valid = setting_notes(karyotype)
        summary = _karyotype_summary(karyotype) or {}
        derived: dict[str, Any] = {
            "cyto_ipssr": _category(IpssrCytoCategory, summary.get("ipssr_category")),
            "cyto_ipss": _category(IpssCytoCategory, summary.get("ipss_category")),
            "del5q": summary.get("del5q"),
            "del7_7q": _either(summary.get("minus7"), summary.get("del7q")),
            "del17_17p": summary.get("del17p_or_minus17"),
            "complex": summary.get("complex"),
        }
        for name, value in derived.items():
            inputs[name] = _input(name, karyotype, found, valid, value=value)
        if summary.get("flags"):
            notes.extend(f"karyotype: {flag}" for flag in summary["flags"])

    _select_genes(facts, anchor, inputs, notes, setting_notes)

    age = _age_at(facts, anchor)
    if age is not None:
        inputs["age"] = age
    return RiskInputSelection(
        anchor_date=anchor,
        anchor_reason=anchor_reason,
        therapy_start=therapy_start,
        inputs=inputs,
        notes=tuple(notes),
    )


def _karyotype_summary(fact: Fact) -> dict[str, Any] | None:
    """The parsed karyotype (a ``KaryotypeSummary`` as a dict) stored in the fact's details.

    None when the string could not be parsed: then the fact is shown but not scored.
    """
    details = fact.details
    if "ipssr_category" not in details or details.get("error"):
        return None
    return details


def _category(kind: type[IpssrCytoCategory] | type[IpssCytoCategory], raw: Any) -> Any:
    return kind(raw) if raw is not None else None


def _either(*values: Any) -> bool | None:
    if any(v is True for v in values):
        return True
    if all(v is False for v in values):
        return False
    return None


def _bound_note(fact: Fact) -> list[str]:
    if comparator_of(fact.details) is None or not isinstance(fact.value, int | float):
        return []
    return [
        f"printed {printed_value(fact)}: a bound; every value it allows gives the same"
        " risk scores, so the bound is used"
    ]


def _input(name: str, fact: Fact, notes: list[str], valid: bool, *, value: Any = None) -> RiskInput:
    return RiskInput(
        name=name,
        value=fact.value if value is None and name not in _DERIVED else value,
        unit=fact.unit if name not in _DERIVED else None,
        date=fact.date,
        provenance=(fact.provenance,),
        notes=tuple(notes),
        validated_setting=valid,
    )


_DERIVED = frozenset({"cyto_ipssr", "cyto_ipss", "del5q", "del7_7q", "del17_17p", "complex"})


def _is_oncogenic(fact: Fact) -> bool | None:
    """True for a pathogenic variant, None for a VUS (counts neither way), else True."""
    label = " ".join(str(fact.details.get(k) or "") for k in ("classification", "tier"))
    if UNCERTAIN_WORDS.search(label) and not PATHOGENIC_WORDS.search(label):
        return None
    return True


def _select_genes(
    facts: Sequence[Fact],
    anchor: dt.date | None,
    inputs: dict[str, RiskInput],
    notes: list[str],
    setting_notes: Any,
) -> None:
    genetic = [f for f in facts if f.kind in {FactKind.VARIANT, FactKind.GENE_STATUS}]
    if not genetic:
        return
    # Use the gene report closest to diagnosis; later panels are history.
    reports: dict[str, list[Fact]] = defaultdict(list)
    for fact in genetic:
        reports[fact.provenance.document_id].append(fact)

    def report_key(doc: str) -> tuple[int, int]:
        dates = [f.date for f in reports[doc] if f.date]
        if not dates or anchor is None:
            return (1, 0)
        return (0, min(abs((d - anchor).days) for d in dates))

    chosen_doc = min(reports, key=report_key)
    # Separate assays (FLT3-ITD, KMT2A-PTD) often come in their own report: take them
    # from any report when the chosen one lacks them.
    chosen = list(reports[chosen_doc])
    assays = {"FLT3-ITD", "FLT3-TKD", "KMT2A-PTD", "TP53_LOH", "TP53_copy_loss"}
    present = {f.name for f in chosen}
    for doc, doc_facts in reports.items():
        if doc == chosen_doc:
            continue
        chosen.extend(f for f in doc_facts if f.name in assays and f.name not in present)

    for gene in IpssmGene:
        variants = [f for f in chosen if f.kind is FactKind.VARIANT and f.name == gene.value]
        wild = [
            f
            for f in chosen
            if f.kind is FactKind.GENE_STATUS and f.name == gene.value and f.value == "wild_type"
        ]
        calls = [_is_oncogenic(f) for f in variants]
        if any(c is True for c in calls):
            fact = variants[calls.index(True)]
            found, valid = setting_notes(fact)
            inputs[f"gene:{gene.value}"] = _input(
                f"gene:{gene.value}", fact, found, valid, value=True
            )
        elif variants:
            notes.append(
                f"{gene.value}: only a variant of uncertain significance was reported, so the "
                "scores treat the gene as not known; ask whether it counts"
            )
        elif wild:
            found, valid = setting_notes(wild[0])
            inputs[f"gene:{gene.value}"] = RiskInput(
                name=f"gene:{gene.value}",
                value=False,
                date=wild[0].date,
                provenance=(wild[0].provenance,),
                notes=tuple(found),
                validated_setting=valid,
            )

    tp53 = [
        f for f in chosen if f.kind is FactKind.VARIANT and f.name == "TP53" and _is_oncogenic(f)
    ]
    tp53_wild = any(
        f.kind is FactKind.GENE_STATUS and f.name == "TP53" and f.value == "wild_type"
        for f in chosen
    )
    if tp53 or tp53_wild:
        count = (
            Tp53MutationCount.TWO_OR_MORE
            if len(tp53) >= 2
            else (Tp53MutationCount.ONE if tp53 else Tp53MutationCount.NONE)
        )
        source = tp53 or [f for f in chosen if f.name == "TP53"]
        inputs["tp53_mutations"] = RiskInput(
            name="tp53_mutations",
            value=count,
            date=source[0].date,
            provenance=tuple(f.provenance for f in source),
        )
        vafs = [
            float(f.details["vaf"]) for f in tp53 if isinstance(f.details.get("vaf"), float | int)
        ]
        inputs["tp53_max_vaf"] = RiskInput(
            name="tp53_max_vaf",
            value=max(vafs) if vafs else (0.0 if not tp53 else None),
            unit="fraction",
            date=source[0].date,
            provenance=tuple(f.provenance for f in source),
        )
        if inputs["tp53_max_vaf"].value is None:
            del inputs["tp53_max_vaf"]
    loh = [f for f in chosen if f.name in {"TP53_LOH", "TP53_copy_loss"}]
    if loh:
        present_values = [f.value == "present" for f in loh]
        inputs["tp53_loh"] = RiskInput(
            name="tp53_loh",
            value=any(present_values)
            if any(present_values) or all(f.value == "absent" for f in loh)
            else None,
            date=loh[0].date,
            provenance=tuple(f.provenance for f in loh),
        )

    status = {f.name: f for f in chosen if f.kind is FactKind.GENE_STATUS}
    itd, tkd = status.get("FLT3-ITD"), status.get("FLT3-TKD")
    flt3_variant = any(f.kind is FactKind.VARIANT and f.name == "FLT3" for f in chosen)
    flt3_panel_wild = any(
        f.kind is FactKind.GENE_STATUS and f.name == "FLT3" and f.value == "wild_type"
        for f in chosen
    )
    if flt3_variant or (itd and itd.value == "detected") or (tkd and tkd.value == "detected"):
        source_facts = [f for f in (itd, tkd) if f is not None and f.value == "detected"] or [
            f for f in chosen if f.name == "FLT3"
        ]
        inputs["flt3"] = RiskInput(
            name="flt3",
            value=True,
            date=source_facts[0].date,
            provenance=tuple(f.provenance for f in source_facts),
        )
    elif (
        itd
        and itd.value == "not_detected"
        and ((tkd and tkd.value == "not_detected") or flt3_panel_wild)
    ):
        inputs["flt3"] = RiskInput(
            name="flt3",
            value=False,
            date=itd.date,
            provenance=tuple(f.provenance for f in (itd, tkd) if f is not None),
        )
    elif flt3_panel_wild:
        notes.append(
            "FLT3: the gene panel found no variant, but FLT3-ITD needs its own test; the scores "
            "treat FLT3 as not known until an ITD result is available"
        )
    ptd = status.get("KMT2A-PTD")
    if ptd is not None and ptd.value in {"detected", "not_detected"}:
        inputs["mll_ptd"] = RiskInput(
            name="mll_ptd",
            value=ptd.value == "detected",
            date=ptd.date,
            provenance=(ptd.provenance,),
        )


def _age_at(facts: Sequence[Fact], anchor: dt.date | None) -> RiskInput | None:
    births = [
        f for f in facts if f.kind is FactKind.IDENTITY and f.name == "date_of_birth" and f.value
    ]
    if births and anchor is not None:
        try:
            born = dt.date.fromisoformat(str(births[0].value))
        except ValueError:
            born = None
        if born is not None:
            years = anchor.year - born.year - ((anchor.month, anchor.day) < (born.month, born.day))
            return RiskInput(
                name="age",
                value=float(years),
                unit="years",
                date=anchor,
                provenance=(births[0].provenance,),
                notes=("age at diagnosis, from the date of birth",),
            )
    ages = [
        f for f in facts if f.kind is FactKind.IDENTITY and f.name == "age" and f.value is not None
    ]
    if not ages:
        return None
    chosen = _closest(ages, "age", anchor)
    assert chosen is not None
    notes: list[str] = []
    valid = True
    if anchor and chosen.date and abs((chosen.date - anchor).days) > 365:
        notes.append("age as printed on a document more than a year from diagnosis")
        valid = False
    if not isinstance(chosen.value, int | float):
        return None
    return RiskInput(
        name="age",
        value=float(chosen.value),
        unit="years",
        date=chosen.date,
        provenance=(chosen.provenance,),
        notes=tuple(notes),
        validated_setting=valid,
    )


_WHY_MISSING: tuple[tuple[str, str, str], ...] = (
    (
        "marrow_blasts",
        "bone marrow blast percentage",
        "IPSS-R and IPSS-M both need it; it comes from the bone marrow aspirate report",
    ),
    ("hemoglobin", "hemoglobin near diagnosis", "IPSS-R and IPSS-M both use it"),
    ("platelets", "platelet count near diagnosis", "IPSS-R and IPSS-M both use it"),
    ("anc", "neutrophil count (ANC) near diagnosis", "IPSS-R uses it"),
    (
        "cyto_ipssr",
        "karyotype (chromosome test)",
        "IPSS-R and IPSS-M both need the cytogenetic risk group",
    ),
    ("tp53_mutations", "TP53 result from a gene (NGS) panel", "IPSS-M's strongest gene input"),
    ("flt3", "FLT3 (ITD and TKD) result", "IPSS-M uses it; ITD often needs a separate test"),
    (
        "mll_ptd",
        "KMT2A (MLL) partial tandem duplication result",
        "IPSS-M uses it; most gene panels do not report it",
    ),
    ("age", "age or date of birth", "the age-adjusted IPSS-RA uses it"),
)


def _missing(selection: RiskInputSelection) -> tuple[MissingItem, ...]:
    found = [
        MissingItem(name=name, label=label, why=why)
        for name, label, why in _WHY_MISSING
        if name not in selection.inputs
        or (name == "marrow_blasts" and selection.inputs[name].value is None)
    ]
    untested = [g.value for g in IpssmGene if f"gene:{g.value}" not in selection.inputs]
    if untested:
        found.append(
            MissingItem(
                name="genes",
                label=f"{len(untested)} of the {len(IpssmGene)} IPSS-M genes",
                why="IPSS-M treats each gene that was not tested as unknown, which widens its "
                "range: " + ", ".join(untested),
            )
        )
    return tuple(found)
