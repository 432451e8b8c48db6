"""The second-opinion packet's contents for the typical patients."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packets import (
    ADDED,
    CASES,
    TODAY,
    all_items,
    cases,
    citation_sequence,
    kb,
    packet_for,
    summary_text,
    uploaded,
)

from onconav.guidance.centers import centers_near
from onconav.guidance.packet import (
    ChecklistStatus,
    DocumentSummary,
    FactFound,
    Packet,
)
from onconav.guidance.questions import tailored_questions
from onconav.guidance.trials import trial_search
from onconav.records.model import FactKind
from onconav.report.packet_render import render_html


def status(packet: Packet, item_id: str) -> ChecklistStatus:
    (entry,) = [e for e in packet.checklist if e.id == item_id]
    return entry.status


def found_in(packet: Packet, item_id: str) -> tuple[str, ...]:
    (entry,) = [e for e in packet.checklist if e.id == item_id]
    return entry.found_in


# --- the typical patients ------------------------------------------------------------


def test_lower_risk_del5q() -> None:
    packet, situation = packet_for(cases.lower_risk_del5q())
    assert situation.scores is not None
    assert situation.classification is not None
    text = summary_text(packet)
    ipssr = situation.scores.ipssr
    assert ipssr.score is not None
    assert ipssr.category is not None
    assert f"IPSS-R: {ipssr.score:g} points, {ipssr.category.value}." in text
    assert f"{situation.classification.who.category} — a candidate" in text
    assert f"{situation.classification.icc.category} — a candidate" in text
    assert "Myelodysplastic syndrome, 1 March 2024" in text
    assert "lower-risk" in text
    # Checklist from the uploads: every report but the counts history and most blood tests.
    assert status(packet, "marrow") is ChecklistStatus.PRESENT
    assert found_in(packet, "marrow") == ("marrow.pdf",)
    assert status(packet, "flow") is ChecklistStatus.MISSING  # an aspirate count is not flow
    assert status(packet, "cytogenetics") is ChecklistStatus.PRESENT
    assert found_in(packet, "cytogenetics") == ("cyto.pdf",)
    assert status(packet, "ngs") is ChecklistStatus.PRESENT
    assert status(packet, "cbc") is ChecklistStatus.PARTLY  # one date only
    assert status(packet, "blood-tests") is ChecklistStatus.PARTLY  # EPO only
    (blood_tests,) = [e for e in packet.checklist if e.id == "blood-tests"]
    assert "Found: serum EPO" in blood_tests.note
    assert "Not found: ferritin, vitamin B12, folate, copper" in blood_tests.note
    assert status(packet, "transfusions") is ChecklistStatus.MISSING
    assert status(packet, "hla") is ChecklistStatus.MISSING
    assert "My karyotype shows del(5q). Is lenalidomide an option for me?" in (
        packet.questions.tailored
    )
    assert any("Serum EPO: 85 mU/mL, 27 Feb 2024" in i.plain for i in all_items(packet))


def test_sf3b1_with_ring_sideroblasts() -> None:
    packet, situation = packet_for(cases.sf3b1_ring_sideroblasts())
    assert situation.classification is not None
    text = summary_text(packet)
    assert situation.classification.who.category in text
    assert "Ring sideroblasts: 35%" in text
    assert status(packet, "transfusions") is ChecklistStatus.PRESENT
    assert found_in(packet, "transfusions") == ("clinic-note.pdf",)
    assert any("transfusion dependent" in q for q in packet.questions.tailored)


def test_higher_risk_tp53_multihit() -> None:
    packet, situation = packet_for(cases.higher_risk_tp53_multihit())
    assert situation.scores is not None
    ipssm = situation.scores.ipssm
    text = summary_text(packet)
    assert f"IPSS-M: {ipssm.mean.category.value} (score {ipssm.mean.score:g})" in text
    assert "What raises it most: TP53 multi-hit" in text
    assert "higher-risk" in text
    assert "Highest TP53 VAF: 62%" in text
    assert packet.questions.tailored[0].startswith("My TP53 VAF is 62%")
    assert "Should I be evaluated for a stem cell transplant now?" in packet.questions.tailored
    assert status(packet, "hla") is ChecklistStatus.MISSING
    # The trial search leads with the targeted gene.
    assert packet.trials.search.terms[0] == "TP53"


def test_no_ngs_shows_the_ipssm_range_and_marks_the_gene_report_missing() -> None:
    packet, situation = packet_for(cases.no_ngs())
    assert situation.scores is not None
    best, worst = situation.scores.ipssm.best, situation.scores.ipssm.worst
    assert best.category != worst.category
    text = summary_text(packet)
    assert (
        f"somewhere from {best.category.value} ({best.score:g}) to "
        f"{worst.category.value} ({worst.score:g})"
    ) in text
    assert status(packet, "ngs") is ChecklistStatus.MISSING
    assert "Has a myeloid NGS panel been done? If not, could it be?" in packet.questions.tailored


def test_younger_patient_with_transplant_in_view() -> None:
    packet, situation = packet_for(cases.younger_transplant())
    assert situation.scores is not None
    assert "Should I be evaluated for a stem cell transplant now?" in packet.questions.tailored
    assert status(packet, "hla") is ChecklistStatus.MISSING
    assert f"IPSS-R: {situation.scores.ipssr.score:g} points" in summary_text(packet)


def test_conflicting_records_show_both_names_the_warning_and_the_conflict() -> None:
    packet, _ = packet_for(cases.conflicting_records())
    person = packet.summary.person
    assert set(person.names) == {"Mary Jones", "Maria Gonzales"}
    assert person.name is None  # disputed: no single name in the footer
    for printed in person.names:
        assert printed not in packet.footer
    assert any("different names" in w for w in person.warnings)
    (checks,) = [b for b in packet.summary.blocks if b.heading == "Please check these"]
    conflict = next(i for i in checks.bullets if i.plain.startswith("Platelets on 01 Apr 2024"))
    assert set(conflict.sources) == {"lab-report.pdf, page 1", "clinic-letter.pdf, page 1"}
    assert "My records disagree about platelets. Which value is right?" in (
        packet.questions.tailored
    )
    # Without a karyotype, the risk is not settled and no score is invented.
    assert "not settled" in summary_text(packet)


def test_values_waiting_for_confirmation_are_listed_with_the_reason() -> None:
    unitless = cases.fact(FactKind.LAB, "ferritin", 2100, date=cases.D(2024, 1, 20), doc="labs")
    unitless = unitless.model_copy(update={"flags": ("unit_missing",), "original_value": "2100"})
    packet, _ = packet_for([*cases.no_ngs(), unitless])
    (checks,) = [b for b in packet.summary.blocks if b.heading == "Please check these"]
    line = next(i for i in checks.bullets if i.plain.startswith("Ferritin: 2100 (20 Jan 2024)"))
    assert "needs your confirmation, because no unit was printed beside it" in line.plain
    assert line.sources == ("labs.pdf, page 1",)
    # Not shown as a trusted key result.
    (key_results,) = [b for b in packet.summary.blocks if b.heading == "Key results"]
    assert not any(i.plain.startswith("Ferritin") for i in key_results.bullets)


def test_a_person_without_records_gets_a_packet_that_says_so() -> None:
    packet, _ = packet_for([])
    text = summary_text(packet)
    assert "No diagnosis statement was found in the uploaded records." in text
    assert "No records have been added for this person yet." in text
    assert packet.summary.person.names == ()
    assert not packet.blood_counts.has_values
    assert "Add reports" in render_html(packet)


def test_packet_survives_a_json_round_trip() -> None:
    packet, _ = packet_for(cases.sf3b1_ring_sideroblasts(), centers=centers_near("94110"))
    assert Packet.model_validate_json(packet.model_dump_json()) == packet


def test_the_same_name_written_two_ways_is_one_name() -> None:
    facts = [
        *cases.no_ngs(),
        cases.fact(FactKind.IDENTITY, "name", "Jane Q. Doe", doc="clinic-note"),
        cases.fact(FactKind.IDENTITY, "name", "DOE, JANE Q", doc="marrow"),
    ]
    packet, _ = packet_for(facts)
    assert packet.summary.person.names == ("Jane Q. Doe",)
    assert packet.footer.startswith("Jane Q. Doe · ")
    assert packet.summary.person.dates_of_birth == ("1952-03-03",)


# --- the checklist only counts what was uploaded ---------------------------------------


def test_a_report_not_uploaded_is_missing_even_when_the_profile_knows_it() -> None:
    facts = cases.lower_risk_del5q()
    packet, _ = packet_for(facts, documents=uploaded(facts, leave_out=["ngs", "cyto"]))
    assert status(packet, "ngs") is ChecklistStatus.MISSING
    assert status(packet, "cytogenetics") is ChecklistStatus.MISSING
    assert status(packet, "marrow") is ChecklistStatus.PRESENT


def test_without_documents_every_uploadable_record_is_missing() -> None:
    packet, _ = packet_for(cases.lower_risk_del5q(), documents=[])
    statuses = {e.id: e.status for e in packet.checklist}
    assert statuses.pop("slides") is ChecklistStatus.ASK_PATHOLOGY
    assert statuses.pop("medications") is ChecklistStatus.BRING
    assert set(statuses.values()) == {ChecklistStatus.MISSING}
    assert all(not e.found_in for e in packet.checklist)


def test_slides_are_never_uploadable_and_cite_the_slides_source() -> None:
    packet, _ = packet_for(cases.lower_risk_del5q())
    (slides,) = [e for e in packet.checklist if e.id == "slides"]
    assert slides.status is ChecklistStatus.ASK_PATHOLOGY
    assert "pathology department" in slides.note
    (number,) = slides.citations
    assert packet.citations[number - 1].source_id == "utsw-slides-and-blocks"


def document(name: str, *facts: FactFound) -> DocumentSummary:
    return DocumentSummary(id=name, name=name, added=ADDED, facts=facts)


def test_partial_marks_fish_only_variants_without_a_gene_list_and_flow() -> None:
    day = dt.date(2024, 1, 1)
    docs = [
        document("fish.pdf", FactFound(kind=FactKind.FISH, name="del5q", date=day)),
        document("mutations.pdf", FactFound(kind=FactKind.VARIANT, name="TP53", date=day)),
        document(
            "flow.pdf",
            FactFound(kind=FactKind.MARROW, name="blast_method", date=day, method="flow"),
        ),
        document("cbc.pdf", FactFound(kind=FactKind.LAB, name="hemoglobin", date=day)),
        document(
            "cbc-2.pdf", FactFound(kind=FactKind.LAB, name="platelets", date=dt.date(2023, 5, 1))
        ),
    ]
    packet, _ = packet_for(cases.no_ngs(), documents=docs)
    assert status(packet, "cytogenetics") is ChecklistStatus.PARTLY
    assert status(packet, "ngs") is ChecklistStatus.PARTLY
    assert status(packet, "flow") is ChecklistStatus.PRESENT
    assert found_in(packet, "flow") == ("flow.pdf",)
    # A flow count alone is not a marrow aspirate report.
    assert status(packet, "marrow") is ChecklistStatus.MISSING
    assert status(packet, "cbc") is ChecklistStatus.PRESENT
    assert found_in(packet, "cbc") == ("cbc.pdf", "cbc-2.pdf")


_found = st.builds(
    FactFound,
    kind=st.sampled_from(list(FactKind)),
    name=st.sampled_from(
        ["marrow_blasts", "blast_method", "hemoglobin", "platelets", "epo", "ferritin", "TP53"]
    ),
    date=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2025, 1, 1))),
    method=st.sampled_from([None, "flow", "aspirate", "IHC"]),
)
_documents = st.lists(
    st.builds(
        document,
        st.sampled_from(["a.pdf", "b.pdf", "c.pdf", "d.pdf"]),
    ).flatmap(
        lambda doc: st.lists(_found, max_size=6).map(
            lambda facts: doc.model_copy(update={"facts": tuple(facts)})
        )
    ),
    max_size=4,
)
_RANK = {
    ChecklistStatus.MISSING: 0,
    ChecklistStatus.PARTLY: 1,
    ChecklistStatus.PRESENT: 2,
    ChecklistStatus.ASK_PATHOLOGY: 3,
    ChecklistStatus.BRING: 3,
}


@settings(max_examples=40, deadline=None)
@given(_documents, _documents)
def test_checklist_marks_only_from_uploads_and_more_uploads_never_unmark(
    first: list[DocumentSummary], more: list[DocumentSummary]
) -> None:
    before, _ = packet_for(cases.no_ngs(), documents=first)
    after, _ = packet_for(cases.no_ngs(), documents=[*first, *more])
    names = {d.name for d in first}
    for entry in before.checklist:
        assert set(entry.found_in) <= names
        has_evidence = entry.status in {ChecklistStatus.PRESENT, ChecklistStatus.PARTLY}
        assert has_evidence == bool(entry.found_in), entry
    for old, new in zip(before.checklist, after.checklist, strict=True):
        assert _RANK[new.status] >= _RANK[old.status], (old, new)


def test_document_summary_keeps_only_its_own_facts_corrected_ones_included() -> None:
    facts = cases.lower_risk_del5q()
    corrected = facts[0].model_copy(update={"flags": ("superseded",)})
    summary = DocumentSummary.from_facts(
        "clinic-note", "clinic-note.pdf", ADDED, [corrected, *facts[1:]]
    )
    assert [(f.kind, f.name) for f in summary.facts] == [
        (FactKind.DIAGNOSIS, "diagnosis"),
        (FactKind.IDENTITY, "date_of_birth"),
    ]
    marrow = DocumentSummary.from_facts(
        "marrow",
        "marrow.pdf",
        ADDED,
        [cases.fact(FactKind.MARROW, "blast_method", "flow", doc="marrow")],
    )
    assert marrow.facts[0].method == "flow"


# --- questions, script, letter, centres, trials -----------------------------------


def test_questions_join_tailored_and_knowledge_base_questions_without_repeats() -> None:
    packet, situation = packet_for(cases.higher_risk_tp53_multihit())
    assert list(packet.questions.tailored) == tailored_questions(situation)
    passage = kb().passage("mds-second-opinion#questions")
    assert [i.text for i in packet.questions.general] == [i.text for i in passage.items]


def test_script_quotes_the_knowledge_base_as_written() -> None:
    packet, _ = packet_for(cases.no_ngs())
    passage = kb().passage("mds-second-opinion#what-to-say")
    assert [i.text for i in packet.talking.script] == [i.text for i in passage.items]
    assert all(not i.clinical for i in packet.talking.script)


def test_letter_states_the_hipaa_rules_and_cites_the_regulation() -> None:
    packet, _ = packet_for(cases.lower_risk_del5q())
    letter = packet.letter
    lines = {i.plain: i for i in letter.lines}
    text = "\n".join(lines)
    assert "45 CFR 164.524" in text
    deadline = next(i for i in letter.lines if "within 30 days of receiving it" in i.plain)
    assert "one extension of up to 30 more days" in deadline.plain
    assert "in writing" in deadline.plain
    fee = next(i for i in letter.lines if "fee" in i.plain)
    assert "reasonable and based on your costs" in fee.plain
    electronic = next(i for i in letter.lines if "electronic copy" in i.plain)
    third_party = next(i for i in letter.lines if "directly to the doctor" in i.plain)
    for line, source in (
        (deadline, "hipaa-right-of-access"),
        (fee, "hipaa-right-of-access"),
        (electronic, "hipaa-right-of-access"),
        (third_party, "hhs-faq-third-party-access"),
    ):
        cited = [packet.citations[n - 1] for n in line.citations]
        assert [c.source_id for c in cited] == [source]
        assert cited[0].passage_id is not None
        assert cited[0].passage_id.startswith("right-to-health-records#")
        assert source in kb().passage(cited[0].passage_id).source_ids
    # Blanks for the person to fill in.
    for blank in ("My name:", "Date of birth:", "Dates of service:", "format:", "Signature:"):
        assert any(blank in i.plain and "____" in i.plain for i in letter.lines), blank
    assert "Gene (NGS) reports, including the list of genes tested" in letter.records_wanted


def test_centres_are_listed_nearest_first_and_feed_the_trial_search() -> None:
    centres = centers_near("94110")
    packet, situation = packet_for(cases.no_ngs(), centers=centres)
    shown = packet.centres.result
    assert shown is not None
    distances = [c.distance_miles for c in shown.centers]
    assert distances == sorted(distances)
    assert packet.trials.search == trial_search(situation, "94110")
    assert packet.trials.search.location == "94110"


def test_centres_are_reordered_by_distance_whatever_order_they_come_in() -> None:
    centres = centers_near("94110")
    shuffled = centres.model_copy(update={"centers": tuple(reversed(centres.centers))})
    packet, _ = packet_for(cases.no_ngs(), centers=shuffled)
    assert packet.centres.result is not None
    assert packet.centres.result.centers == centres.centers


def test_without_centres_the_packet_still_has_the_trial_search_and_where_to_go() -> None:
    packet, situation = packet_for(cases.no_ngs())
    assert packet.centres.result is None
    assert packet.centres.where  # the kinds of places, cited
    assert packet.trials.search == trial_search(situation)
    assert "This is a search, not a match." in packet.trials.search.explanation


# --- citations -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_clinical_statement_is_cited_and_numbers_rise_in_reading_order(name: str) -> None:
    facts = CASES[name]()
    packet, _ = packet_for(facts)
    numbers = [c.n for c in packet.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    for item in all_items(packet):
        if item.clinical:
            assert item.citations, item.plain
        assert all(1 <= n <= len(numbers) for n in item.citations)
    first_seen = list(dict.fromkeys(citation_sequence(packet)))
    assert first_seen == sorted(first_seen)
    assert set(first_seen) == set(numbers)  # no citation is listed without being used
    uploaded_ids = {d.id for d in uploaded(facts)}
    for citation in packet.citations:
        if citation.kind == "record":
            assert citation.document_id in uploaded_ids


def test_record_values_name_their_document_and_page() -> None:
    packet, _ = packet_for(cases.lower_risk_del5q())
    (key_results,) = [b for b in packet.summary.blocks if b.heading == "Key results"]
    hemoglobin = next(i for i in key_results.bullets if i.plain.startswith("Hemoglobin"))
    assert hemoglobin.sources == ("cbc.pdf, page 1",)
    assert "27 Feb 2024" in hemoglobin.plain
    record = packet.citations[hemoglobin.citations[0] - 1]
    assert (record.kind, record.document_id) == ("record", "cbc")


def test_packet_is_dated_and_framed_as_information() -> None:
    packet, _ = packet_for(cases.no_ngs())
    assert packet.generated_on == TODAY
    assert "not medical advice" in packet.notice
    assert "not medical advice" in packet.disclaimer
    assert packet.footer.endswith("generated 15 January 2025")
