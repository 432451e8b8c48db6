"""The second-opinion packet: everything a person takes to an MDS second opinion.

``build_packet`` gathers, in the order the packet prints them: a one-page summary
(who, diagnosis, subtype, risk scores, key results, what needs checking), a records
checklist marked from the documents actually uploaded, blood counts over time,
questions, a respectful script for telling the oncologist, a records-request letter
built on the HIPAA right of access, nearby centres, a trials search and the numbered
sources. Every clinical statement carries its citation numbers, given by one
``CitationBook`` in reading order; values from the person's records also name the
document and page they came from.

Nothing here is advice: the wording of options, scripts and questions comes from the
knowledge base or from the guidance package, which cite their sources.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from onconav.answer.compose import DISCLAIMER, CitationBook
from onconav.answer.model import Citation, PersonalItem, PersonalSection, Ref
from onconav.dates import long_date
from onconav.guidance.centers import CentersResult, distance_order
from onconav.guidance.counts import BloodCounts, blood_counts
from onconav.guidance.kb_refs import passage_items
from onconav.guidance.personal import INPUT_LABELS, record_refs, situation_sections
from onconav.guidance.questions import tailored_questions
from onconav.guidance.situation import Situation
from onconav.guidance.trials import TrialSearch, trial_search
from onconav.kb.loader import inline_plain
from onconav.kb.model import KnowledgeBase
from onconav.records.censored import printed_value
from onconav.records.model import Fact, FactKind
from onconav.records.profile import PatientProfile

TITLE = "Second-opinion packet"
PACKET_NOTICE = (
    "This packet is information, not medical advice. It was put together by onconav from "
    "the records you uploaded and from the sources listed at the end."
)

# Knowledge-base passages the packet quotes.
QUESTIONS_PASSAGE = "mds-second-opinion#questions"
HOW_TO_ASK_PASSAGE = "mds-second-opinion#how-to-ask"
SCRIPT_PASSAGE = "mds-second-opinion#what-to-say"
RIGHTS_PASSAGE = "mds-second-opinion#right-to-records"
REQUEST_TIPS_PASSAGE = "right-to-health-records#how-to-write-request"
DEADLINES_PASSAGE = "right-to-health-records#deadlines-and-fees"
FORM_PASSAGE = "right-to-health-records#form-and-third-party"
SLIDES_PASSAGE = "right-to-health-records#slides-and-blocks"
WHERE_PASSAGE = "mds-second-opinion#where-to-go"
TRIALS_PASSAGE = "mds-clinical-trials#how-to-search"
HIPAA_ACCESS = "hipaa-right-of-access"
THIRD_PARTY_ACCESS = "hhs-faq-third-party-access"
SLIDES_SOURCE = "utsw-slides-and-blocks"

BLANK = "____________________"
SHORT_BLANK = "____________"

CBC_NAMES = frozenset({"hemoglobin", "platelets", "anc"})
OTHER_BLOOD_TESTS = (
    ("epo", "serum EPO"),
    ("ferritin", "ferritin"),
    ("b12", "vitamin B12"),
    ("folate", "folate"),
    ("copper", "copper"),
)
MARROW_REPORT_NAMES = frozenset(
    {
        "marrow_blasts",
        "cellularity",
        "fibrosis_grade",
        "ring_sideroblasts",
        "auer_rods",
        "marrow_adequacy",
        "dysplasia_erythroid",
        "dysplasia_granulocytic",
        "dysplasia_megakaryocytic",
    }
)
# Results beyond the risk-score inputs that a second-opinion doctor looks for.
OTHER_RESULTS = (
    ("epo", "Serum EPO"),
    ("ferritin", "Ferritin"),
    ("b12", "Vitamin B12"),
    ("folate", "Folate"),
    ("copper", "Copper"),
    ("ring_sideroblasts", "Ring sideroblasts"),
)
CONFIRMATION_REASONS = {
    "unit_missing": "no unit was printed beside it",
    "unit_unknown": "its unit was not recognised",
    "date_ambiguous": "its date can be read two ways",
}
_LABELS = {**INPUT_LABELS, **dict(OTHER_RESULTS)}
MDS_DIAGNOSIS = re.compile(r"\bmds\b|myelodysplas", re.I)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


# --- what the caller passes in ---------------------------------------------------


class FactFound(_Frozen):
    """The kind and name of a fact read from a document: no values, only what was seen."""

    kind: FactKind
    name: str
    date: dt.date | None = None
    # How a marrow blast count was made ("aspirate", "flow", "IHC"); None for other facts.
    method: str | None = None


class DocumentSummary(_Frozen):
    """A document the person uploaded, and the kinds of facts found in it."""

    id: str
    name: str
    added: dt.date
    facts: tuple[FactFound, ...] = ()

    @classmethod
    def from_facts(
        cls, document_id: str, name: str, added: dt.date, facts: Iterable[Fact]
    ) -> DocumentSummary:
        """The summary of one document from the facts whose provenance points to it.

        Facts the person has since corrected count too: the document still shows them.
        """
        found: list[FactFound] = []
        for fact in facts:
            if fact.provenance.document_id != document_id:
                continue
            method = str(fact.value) if fact.name == "blast_method" else None
            item = FactFound(kind=fact.kind, name=fact.name, date=fact.date, method=method)
            if item not in found:
                found.append(item)
        return cls(id=document_id, name=name, added=added, facts=tuple(found))


# --- what the packet holds --------------------------------------------------------


class PacketItem(_Frozen):
    """A line of the packet with its citation numbers and, for record values, the
    documents it was read from."""

    text: str = Field(description="Inline Markdown")
    plain: str
    citations: tuple[int, ...] = ()
    sources: tuple[str, ...] = Field(default=(), description="e.g. 'cbc.pdf, page 2'")
    clinical: bool = True


class PacketBlock(_Frozen):
    heading: str
    paragraphs: tuple[PacketItem, ...] = ()
    bullets: tuple[PacketItem, ...] = ()


class Person(_Frozen):
    label: str = Field(description="How the user calls this person in onconav")
    names: tuple[str, ...] = Field(description="Names as printed, one per distinct name")
    dates_of_birth: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str | None:
        """The name, when the records agree on one; None when unknown or disputed."""
        return self.names[0] if len(self.names) == 1 else None


class Summary(_Frozen):
    person: Person
    blocks: tuple[PacketBlock, ...]


class ChecklistStatus(StrEnum):
    PRESENT = "present"
    PARTLY = "partly present"
    MISSING = "missing"
    ASK_PATHOLOGY = "ask pathology"
    BRING = "bring your own"


class ChecklistItem(_Frozen):
    id: str
    label: str
    status: ChecklistStatus
    found_in: tuple[str, ...] = Field(default=(), description="Names of uploaded documents")
    note: str
    citations: tuple[int, ...] = ()


class RecordsLetter(_Frozen):
    """The letter (its opening lines, the records asked for as boxes to tick, the rest),
    then the rights it rests on, tips for sending it and the separate route for slides."""

    opening: tuple[PacketItem, ...]
    records_wanted: tuple[str, ...]
    closing: tuple[PacketItem, ...]
    rights: tuple[PacketItem, ...]
    tips: tuple[PacketItem, ...]
    slides: tuple[PacketItem, ...]

    @property
    def lines(self) -> tuple[PacketItem, ...]:
        return (*self.opening, *self.closing)


class Questions(_Frozen):
    tailored: tuple[str, ...]
    general: tuple[PacketItem, ...]


class Talking(_Frozen):
    how_to_ask: tuple[PacketItem, ...]
    script: tuple[PacketItem, ...]


class CentresPart(_Frozen):
    result: CentersResult | None
    where: tuple[PacketItem, ...]


class TrialsPart(_Frozen):
    search: TrialSearch
    how_to_search: tuple[PacketItem, ...]


class Packet(_Frozen):
    title: str
    generated_on: dt.date
    notice: str
    summary: Summary
    checklist: tuple[ChecklistItem, ...]
    blood_counts: BloodCounts
    questions: Questions
    talking: Talking
    letter: RecordsLetter
    centres: CentresPart
    trials: TrialsPart
    citations: tuple[Citation, ...]
    disclaimer: str

    @property
    def footer(self) -> str:
        name = self.summary.person.name
        who = f"{name} · " if name else ""
        return f"{who}{self.title} · generated {long_date(self.generated_on)}"


# --- building ----------------------------------------------------------------------


def build_packet(
    situation: Situation,
    documents: Sequence[DocumentSummary],
    kb: KnowledgeBase,
    *,
    centers: CentersResult | None = None,
    trials: TrialSearch | None = None,
    today: dt.date,
) -> Packet:
    """The packet for one person. Parts are built in reading order so that citation
    numbers rise through the printed packet.

    Without ``trials``, the trial search is made here (near the centres' ZIP code when
    centres were given): the packet always has one.
    """
    book = CitationBook(kb)
    summary = _summary(situation, kb, book)
    checklist = _checklist(documents, kb, book)
    counts = blood_counts(situation.profile)
    questions = _questions(situation, kb, book)
    talking = Talking(
        how_to_ask=_number_all(passage_items(kb, HOW_TO_ASK_PASSAGE), book),
        script=_number_all(passage_items(kb, SCRIPT_PASSAGE), book),
    )
    letter = _letter(checklist, kb, book)
    centres = CentresPart(
        result=_nearest_first(centers) if centers else None,
        where=_number_all(passage_items(kb, WHERE_PASSAGE), book),
    )
    zip_code = centers.zip if centers is not None else None
    search = trials if trials is not None else trial_search(situation, zip_code)
    trials_part = TrialsPart(
        search=search, how_to_search=_number_all(passage_items(kb, TRIALS_PASSAGE), book)
    )
    return Packet(
        title=TITLE,
        generated_on=today,
        notice=PACKET_NOTICE,
        summary=summary,
        checklist=checklist,
        blood_counts=counts,
        questions=questions,
        talking=talking,
        letter=letter,
        centres=centres,
        trials=trials_part,
        citations=tuple(book.citations),
        disclaimer=DISCLAIMER,
    )


def _nearest_first(result: CentersResult) -> CentersResult:
    """The centres in the directory's order, whoever built the result passed in."""
    return result.model_copy(
        update={
            "centers": tuple(sorted(result.centers, key=distance_order)),
            "nearest_outside_radius": tuple(
                sorted(result.nearest_outside_radius, key=distance_order)
            ),
        }
    )


def _number(item: PersonalItem, book: CitationBook) -> PacketItem:
    numbers: list[int] = []
    sources: list[str] = []
    for ref in item.refs:
        number = book.cite_ref(ref)
        if number not in numbers:
            numbers.append(number)
        if ref.kind == "record":
            shown = _record_source(ref)
            if shown not in sources:
                sources.append(shown)
    return PacketItem(
        text=item.text,
        plain=inline_plain(item.text),
        citations=tuple(numbers),
        sources=tuple(sources),
        clinical=item.clinical,
    )


def _number_all(items: Iterable[PersonalItem], book: CitationBook) -> tuple[PacketItem, ...]:
    return tuple(_number(item, book) for item in items)


def _record_source(ref: Ref) -> str:
    page = f", page {ref.page}" if ref.page else ""
    return f"{ref.document_name or ref.document_id}{page}"


def _through(kb: KnowledgeBase, passage_id: str, source_id: str) -> Ref:
    """A citation of ``source_id`` through the passage that states the point made.

    The passage must cite the source; a knowledge-base edit that breaks this fails loudly
    rather than printing a citation that does not support the sentence.
    """
    if source_id not in kb.passage(passage_id).source_ids:
        raise KeyError(f"{passage_id} does not cite {source_id}")
    return Ref(kind="source", source_id=source_id, passage_id=passage_id)


# --- 1. summary --------------------------------------------------------------------


def _person(profile: PatientProfile) -> Person:
    names: dict[str, str] = {}
    births: dict[str, str] = {}
    for fact in profile.facts:
        if fact.kind is not FactKind.IDENTITY or not fact.value or "superseded" in fact.flags:
            continue
        if fact.name == "name":
            names.setdefault(_name_key(str(fact.value)), str(fact.value).strip())
        elif fact.name == "date_of_birth":
            printed = fact.original_value or str(fact.value)
            births.setdefault(str(fact.value).strip(), printed.strip())
    return Person(
        label=profile.patient,
        names=tuple(names.values()),
        dates_of_birth=tuple(births.values()),
        warnings=profile.warnings,
    )


def _name_key(printed: str) -> str:
    """'DOE, JANE A.' and 'Jane A Doe' are one name written two ways."""
    folded = unicodedata.normalize("NFKD", printed).encode("ascii", "ignore").decode().lower()
    return " ".join(sorted(p for p in re.split(r"[^a-z]+", folded) if len(p) > 1))


def _summary(situation: Situation, kb: KnowledgeBase, book: CitationBook) -> Summary:
    profile = situation.profile
    person = _person(profile)
    sections = situation_sections(situation, kb)
    blocks = [_diagnosis_block(profile, book)]
    situation_section = next((s for s in sections if s.kind == "situation"), None)
    if situation_section is not None:
        # Record sources are left to the key results below, where each value is listed.
        scores = _block("Subtype (WHO 2022 and ICC 2022) and risk scores", situation_section, book)
        blocks.append(
            scores.model_copy(
                update={
                    "paragraphs": _without_sources(scores.paragraphs),
                    "bullets": _without_sources(scores.bullets),
                }
            )
        )
    values = next((s for s in sections if s.kind == "values"), None)
    key_results = _number_all(values.bullets, book) if values else ()
    notes = _number_all(values.paragraphs, book) if values else ()
    others = _number_all(_other_results(profile), book)
    if key_results or others:
        blocks.append(
            PacketBlock(heading="Key results", paragraphs=notes, bullets=(*key_results, *others))
        )
    checks = _number_all(_checks(situation), book)
    if checks:
        blocks.append(PacketBlock(heading="Please check these", bullets=checks))
    return Summary(person=person, blocks=tuple(blocks))


def _block(heading: str, section: PersonalSection, book: CitationBook) -> PacketBlock:
    return PacketBlock(
        heading=heading,
        paragraphs=_number_all(section.paragraphs, book),
        bullets=_number_all(section.bullets, book),
    )


def _without_sources(items: tuple[PacketItem, ...]) -> tuple[PacketItem, ...]:
    return tuple(item.model_copy(update={"sources": ()}) for item in items)


def _diagnosis_block(profile: PatientProfile, book: CitationBook) -> PacketBlock:
    diagnoses = [
        f
        for f in profile.facts
        if f.kind is FactKind.DIAGNOSIS
        and "superseded" not in f.flags
        and MDS_DIAGNOSIS.search(str(f.value))
    ]
    dated = sorted((f for f in diagnoses if f.date), key=lambda f: f.date or dt.date.min)
    first = dated[0] if dated else (diagnoses[0] if diagnoses else None)
    items: list[PersonalItem] = []
    if first is not None:
        when = f", {long_date(first.date)}" if first.date else " (no date found)"
        items.append(
            PersonalItem(
                text=f"{first.value}{when} (as written in your records).",
                refs=record_refs([first.provenance]),
            )
        )
    else:
        text = "No diagnosis statement was found in the uploaded records."
        if profile.diagnosis_date is not None:
            text += (
                f" The date used as the time of diagnosis is {long_date(profile.diagnosis_date)}:"
                f" {profile.risk.anchor_reason}."
            )
        items.append(PersonalItem(text=text, clinical=False))
    return PacketBlock(heading="Diagnosis", paragraphs=_number_all(items, book))


def _shown(fact: Fact) -> str:
    shown = printed_value(fact)
    return f"{shown} {fact.unit}" if fact.unit and fact.unit != "%" else f"{shown}{fact.unit or ''}"


def _other_results(profile: PatientProfile) -> list[PersonalItem]:
    items = []
    for name, label in OTHER_RESULTS:
        fact = profile.latest.get(name)
        if fact is None or fact.value is None:
            continue
        date = f", {fact.date:%d %b %Y}" if fact.date else ", undated"
        items.append(
            PersonalItem(text=f"{label}: {_shown(fact)}{date}", refs=record_refs([fact.provenance]))
        )
    return items


def _checks(situation: Situation) -> list[PersonalItem]:
    """Conflicts, values waiting for confirmation and notes on the score inputs."""
    profile = situation.profile
    items = [
        PersonalItem(
            text=_sentence(conflict.message),
            refs=record_refs(f.provenance for f in conflict.facts),
        )
        for conflict in profile.conflicts
    ]
    for fact in profile.needs_confirmation:
        reasons = [CONFIRMATION_REASONS[f] for f in fact.flags if f in CONFIRMATION_REASONS]
        printed = fact.original_value or str(fact.value)
        unit = f" {fact.original_unit}" if fact.original_unit else ""
        when = fact.date_text or (f"{fact.date:%d %b %Y}" if fact.date else None)
        dated = f" ({when})" if when else ""
        label = _LABELS.get(fact.name, fact.name)
        items.append(
            PersonalItem(
                text=f"{label}: {printed}{unit}{dated} needs your confirmation, because "
                f"{' and '.join(reasons)}. It is left out of the scores until then.",
                refs=record_refs([fact.provenance]),
            )
        )
    for note in profile.risk.notes:
        items.append(PersonalItem(text=_sentence(note), clinical=False))
    if situation.scores_error:
        items.append(
            PersonalItem(
                text=f"The risk scores could not be computed: {situation.scores_error}",
                clinical=False,
            )
        )
    return items


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --- 2. records checklist ------------------------------------------------------------


def _docs_with(
    documents: Sequence[DocumentSummary], test: Callable[[FactFound], bool]
) -> list[DocumentSummary]:
    return [d for d in documents if any(test(f) for f in d.facts)]


def _names(documents: Iterable[DocumentSummary]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.name for d in documents))


def _found_note(documents: Sequence[DocumentSummary], what: str) -> str:
    return f"{what} found in {', '.join(_names(documents))}."


def _simple_item(
    documents: Sequence[DocumentSummary],
    item_id: str,
    label: str,
    test: Callable[[FactFound], bool],
    *,
    found: str,
    missing: str,
) -> ChecklistItem:
    having = _docs_with(documents, test)
    if having:
        return ChecklistItem(
            id=item_id,
            label=label,
            status=ChecklistStatus.PRESENT,
            found_in=_names(having),
            note=_found_note(having, found),
        )
    return ChecklistItem(id=item_id, label=label, status=ChecklistStatus.MISSING, note=missing)


def _checklist(
    documents: Sequence[DocumentSummary], kb: KnowledgeBase, book: CitationBook
) -> tuple[ChecklistItem, ...]:
    slides_citation = book.cite_ref(_through(kb, SLIDES_PASSAGE, SLIDES_SOURCE))
    return (
        _simple_item(
            documents,
            "marrow",
            "Bone marrow aspirate and biopsy report",
            lambda f: f.kind is FactKind.MARROW and f.name in MARROW_REPORT_NAMES,
            found="Marrow findings",
            missing="Not among your uploads. Ask for the aspirate and biopsy reports, with dates.",
        ),
        ChecklistItem(
            id="slides",
            label="Glass slides and tissue blocks from the marrow biopsy",
            status=ChecklistStatus.ASK_PATHOLOGY,
            note="These are physical samples and cannot be uploaded. Ask the pathology "
            "department that holds them to send them to the second-opinion centre; the new "
            "centre usually asks for them and you sign a release.",
            citations=(slides_citation,),
        ),
        _simple_item(
            documents,
            "flow",
            "Flow cytometry report",
            lambda f: f.kind is FactKind.MARROW and f.name == "blast_method" and f.method == "flow",
            found="A flow cytometry count",
            missing="No flow cytometry result was found in your uploads. Ask whether one was "
            "done on your marrow.",
        ),
        _cytogenetics_item(documents),
        _ngs_item(documents),
        _cbc_item(documents),
        _blood_tests_item(documents),
        _simple_item(
            documents,
            "transfusions",
            "Transfusion log",
            lambda f: f.kind is FactKind.TRANSFUSION,
            found="Transfusions",
            missing="No transfusions were found in your uploads. If you have had any, ask for "
            "the dates and units.",
        ),
        _simple_item(
            documents,
            "treatments",
            "Treatment history (drugs, cycles, dates)",
            lambda f: f.kind is FactKind.TREATMENT,
            found="Treatments",
            missing="No treatments were found in your uploads. If you have had any, list the "
            "drugs, the dates and how you responded.",
        ),
        _simple_item(
            documents,
            "hla",
            "HLA typing (tissue typing)",
            lambda f: f.kind is FactKind.HLA,
            found="HLA typing",
            missing="Not among your uploads. Bring it if you or your family have been typed.",
        ),
        ChecklistItem(
            id="medications",
            label="Current medication list",
            status=ChecklistStatus.BRING,
            note="onconav does not read medication lists, so it cannot tell whether you "
            "uploaded one. Bring a current list of every medicine and supplement.",
        ),
    )


def _cytogenetics_item(documents: Sequence[DocumentSummary]) -> ChecklistItem:
    label = "Chromosome tests: karyotype and FISH"
    karyotype = _docs_with(documents, lambda f: f.kind is FactKind.KARYOTYPE)
    fish = _docs_with(documents, lambda f: f.kind is FactKind.FISH)
    if karyotype:
        note = _found_note(karyotype, "Karyotype")
        note += (
            " " + _found_note(fish, "FISH")
            if fish
            else " No FISH report was found (FISH is not always done)."
        )
        return ChecklistItem(
            id="cytogenetics",
            label=label,
            status=ChecklistStatus.PRESENT,
            found_in=_names([*karyotype, *fish]),
            note=note,
        )
    if fish:
        return ChecklistItem(
            id="cytogenetics",
            label=label,
            status=ChecklistStatus.PARTLY,
            found_in=_names(fish),
            note=_found_note(fish, "FISH") + " No karyotype was found: ask for that report too.",
        )
    return ChecklistItem(
        id="cytogenetics",
        label=label,
        status=ChecklistStatus.MISSING,
        note="Not among your uploads. Ask for the karyotype report and any FISH reports.",
    )


def _ngs_item(documents: Sequence[DocumentSummary]) -> ChecklistItem:
    label = "Gene (NGS) report, with the list of genes tested"
    variants = _docs_with(documents, lambda f: f.kind is FactKind.VARIANT)
    listed = _docs_with(documents, lambda f: f.kind is FactKind.GENE_STATUS)
    if listed:
        return ChecklistItem(
            id="ngs",
            label=label,
            status=ChecklistStatus.PRESENT,
            found_in=_names([*variants, *listed]),
            note=_found_note(listed, "Gene results, including genes tested without a mutation,"),
        )
    if variants:
        return ChecklistItem(
            id="ngs",
            label=label,
            status=ChecklistStatus.PARTLY,
            found_in=_names(variants),
            note=_found_note(variants, "Mutations")
            + " The list of genes the panel covered was not found: ask for the full report.",
        )
    return ChecklistItem(
        id="ngs",
        label=label,
        status=ChecklistStatus.MISSING,
        note="Not among your uploads. Ask whether a myeloid gene panel (NGS) was done, and "
        "for the full report.",
    )


def _cbc_item(documents: Sequence[DocumentSummary]) -> ChecklistItem:
    label = "Blood count (CBC) history, including older results"
    having = _docs_with(documents, lambda f: f.kind is FactKind.LAB and f.name in CBC_NAMES)
    dates = sorted(
        {
            f.date
            for d in having
            for f in d.facts
            if f.kind is FactKind.LAB and f.name in CBC_NAMES and f.date is not None
        }
    )
    if len(dates) >= 2:
        return ChecklistItem(
            id="cbc",
            label=label,
            status=ChecklistStatus.PRESENT,
            found_in=_names(having),
            note=f"Blood counts from {len(dates)} dates ({dates[0]:%d %b %Y} to "
            f"{dates[-1]:%d %b %Y}) found in {', '.join(_names(having))}. Older results, from "
            "before the diagnosis, help too.",
        )
    if having:
        when = f"one date ({dates[0]:%d %b %Y})" if dates else "no dated results"
        return ChecklistItem(
            id="cbc",
            label=label,
            status=ChecklistStatus.PARTLY,
            found_in=_names(having),
            note=f"Blood counts from {when} found in {', '.join(_names(having))}. Ask for "
            "earlier and later results too.",
        )
    return ChecklistItem(
        id="cbc",
        label=label,
        status=ChecklistStatus.MISSING,
        note="Not among your uploads. Ask for your blood counts over time, including results "
        "from before the diagnosis.",
    )


def _blood_tests_item(documents: Sequence[DocumentSummary]) -> ChecklistItem:
    label = "Serum EPO, ferritin, vitamin B12, folate and copper"
    found = {name: _docs_with(documents, _lab_named(name)) for name, _ in OTHER_BLOOD_TESTS}
    present = [shown for name, shown in OTHER_BLOOD_TESTS if found[name]]
    absent = [shown for name, shown in OTHER_BLOOD_TESTS if not found[name]]
    having = [d for docs in found.values() for d in docs]
    if not present:
        return ChecklistItem(
            id="blood-tests",
            label=label,
            status=ChecklistStatus.MISSING,
            note="None of these were found in your uploads. Ask whether they were checked.",
        )
    note = f"Found: {', '.join(present)} (in {', '.join(_names(having))})."
    if absent:
        note += f" Not found: {', '.join(absent)}. Ask whether they were checked."
    return ChecklistItem(
        id="blood-tests",
        label=label,
        status=ChecklistStatus.PARTLY if absent else ChecklistStatus.PRESENT,
        found_in=_names(having),
        note=note,
    )


def _lab_named(name: str) -> Callable[[FactFound], bool]:
    return lambda fact: fact.kind is FactKind.LAB and fact.name == name


# --- 4. questions ------------------------------------------------------------------


def _questions(situation: Situation, kb: KnowledgeBase, book: CitationBook) -> Questions:
    tailored = tailored_questions(situation)
    asked = {_question_key(q) for q in tailored}
    general = [
        item
        for item in passage_items(kb, QUESTIONS_PASSAGE)
        if _question_key(item.text) not in asked
    ]
    return Questions(tailored=tuple(tailored), general=_number_all(general, book))


def _question_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


# --- 6. records-request letter -------------------------------------------------------

# The records the letter lists, in the checklist's order (slides are a separate request).
LETTER_RECORDS = {
    "marrow": "Bone marrow aspirate and biopsy reports",
    "flow": "Flow cytometry reports",
    "cytogenetics": "Chromosome test reports (karyotype and FISH)",
    "ngs": "Gene (NGS) reports, including the list of genes tested",
    "cbc": "Blood counts (CBC), including older results",
    "blood-tests": "Serum EPO, ferritin, vitamin B12, folate and copper results",
    "transfusions": "Transfusion records",
    "treatments": "Treatment records (drugs, doses given, dates)",
    "hla": "HLA typing results",
    "medications": "My current medication list",
}


def _letter(
    checklist: Sequence[ChecklistItem], kb: KnowledgeBase, book: CitationBook
) -> RecordsLetter:
    access = _through(kb, DEADLINES_PASSAGE, HIPAA_ACCESS)
    form = _through(kb, FORM_PASSAGE, HIPAA_ACCESS)
    third_party = _through(kb, FORM_PASSAGE, THIRD_PARTY_ACCESS)
    opening = [
        PersonalItem(text=f"To: Medical records office, {BLANK}", clinical=False),
        PersonalItem(text=f"Date: {SHORT_BLANK}", clinical=False),
        PersonalItem(text="Subject: request for copies of my health records", clinical=False),
        PersonalItem(text=f"My name: {BLANK}", clinical=False),
        PersonalItem(
            text=f"Date of birth: {SHORT_BLANK}  Patient or record number, if known: {BLANK}",
            clinical=False,
        ),
        PersonalItem(text="Dear records team,", clinical=False),
        PersonalItem(
            text="Under my right of access in the HIPAA Privacy Rule (45 CFR 164.524), I am "
            "asking for a copy of the records listed below.",
            refs=(access,),
        ),
    ]
    closing = [
        PersonalItem(text=f"Dates of service: from {SHORT_BLANK} to {SHORT_BLANK}", clinical=False),
        PersonalItem(
            text="Please send them as an electronic copy, if you can readily produce one, in "
            f"this format: {BLANK} (for example, PDF files by secure email or the patient "
            "portal). If not, paper copies are fine.",
            refs=(form,),
        ),
        PersonalItem(
            text=f"Please send them to me at: {BLANK}{BLANK}",
            clinical=False,
        ),
        PersonalItem(
            text="Please also send a copy directly to the doctor giving me a second opinion: "
            f"{BLANK} (name), {BLANK}{BLANK} (address, fax or secure email). This signed "
            "letter is my written request to do so.",
            refs=(third_party,),
        ),
        PersonalItem(
            text="I understand that you must act on this request within 30 days of receiving "
            "it. If you need more time, you may take one extension of up to 30 more days, by "
            "telling me in writing, within the first 30 days, the reason and the date you "
            "expect to finish.",
            refs=(access,),
        ),
        PersonalItem(
            text="I understand that any fee must be reasonable and based on your costs. "
            "Please tell me the fee before you send the records.",
            refs=(access,),
        ),
        PersonalItem(
            text=f"Thank you for your help. If you have questions, you can reach me at {BLANK}.",
            clinical=False,
        ),
        PersonalItem(text=f"Signature: {BLANK}  Date: {SHORT_BLANK}", clinical=False),
    ]
    wanted = tuple(LETTER_RECORDS[item.id] for item in checklist if item.id in LETTER_RECORDS)
    # Numbered in printed order: the letter, then the rights it rests on.
    numbered_opening = _number_all(opening, book)
    numbered_closing = _number_all(closing, book)
    return RecordsLetter(
        opening=numbered_opening,
        records_wanted=wanted,
        closing=numbered_closing,
        rights=_number_all(passage_items(kb, RIGHTS_PASSAGE), book),
        tips=_number_all(passage_items(kb, REQUEST_TIPS_PASSAGE), book),
        slides=_number_all(passage_items(kb, SLIDES_PASSAGE), book),
    )
