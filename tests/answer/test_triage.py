from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.answer.triage import SafetyNumbers, find_red_flags, triage

NUMBERS = SafetyNumbers(emergency="911", crisis="988", crisis_name="the 988 Lifeline")

EMERGENCIES = [
    ("I have a fever of 38.6 and I'm on azacitidine", "fever"),
    ("My temperature is 101.2 F, what should I do?", "fever"),
    ("What should I do? I have a fever.", "fever"),
    ("fever 38.9 on day 5 of decitabine", "fever"),
    ("My husband has a temp of 38.1 and his counts are low", "fever"),
    ("I've got shaking chills tonight", "chills"),
    ("my mom started shivering uncontrollably an hour ago", "chills"),
    ("I have a nosebleed that won't stop", "bleeding_will_not_stop"),
    ("My nose has been bleeding for 40 minutes", "bleeding_will_not_stop"),
    ("There is blood in my stool", "blood_in_stool_or_vomit"),
    ("I'm vomiting blood", "blood_in_stool_or_vomit"),
    ("my poop is black and tarry", "blood_in_stool_or_vomit"),
    ("I suddenly have the worst headache of my life", "sudden_severe_headache"),
    ("My dad seems confused and isn't making sense", "confusion"),
    ("I have chest pain", "chest_pain_or_breathing"),
    ("I can't breathe properly right now", "chest_pain_or_breathing"),
    ("My wife fainted in the kitchen", "fainting"),
    ("his face is drooping and his speech is slurred", "stroke_signs"),
    ("I got hives and chills during my transfusion", "transfusion_reaction"),
    ("I'm on ivosidenib and I have a fever and I'm short of breath", "differentiation_syndrome"),
    ("I'm taking Revlimid and my left calf is swollen and painful", "blood_clot_signs"),
    ("I want to end it all", "self_harm"),
    ("I've been thinking about suicide since the diagnosis", "suicidal_thoughts"),
    ("I don't want to live anymore with this MDS", "self_harm"),
]

URGENT = [
    ("I have new bruises all over my arms", "bruising_or_petechiae"),
    ("my gums are bleeding when I brush", "bruising_or_petechiae"),
    ("My platelets are 8 today", "very_low_platelets"),
    ("my ANC is 0.3, is that bad?", "very_low_neutrophils"),
    ("It burns when I pee", "infection_signs"),
    ("I feel dizzy and lightheaded", "dizziness"),
    ("My temperature is 37.8", "low_grade_temperature"),
    ("My port site is red and swollen", "infection_signs"),
    ("I had a transplant in May and now I have a rash", "rash_after_transplant"),
]

NOT_RED_FLAGS = [
    "What does febrile neutropenia mean?",
    "What are the signs of a transfusion reaction?",
    "If I get a fever, what should I do?",
    "When should I call my doctor about a fever?",
    "Is chest pain a side effect of azacitidine?",
    "Can low platelets cause bleeding that won't stop?",
    "What is differentiation syndrome on ivosidenib?",
    "I don't have a fever, but I'm tired all the time. Is that MDS?",
    "I had a fever last month and it went away. Does that matter?",
    "How do I get a second opinion for MDS without offending my oncologist?",
    "What is the suicide rate among people with cancer?",
    "Why does MDS cause bruising?",
    "What is a normal temperature?",
    "Does luspatercept cause headaches?",
    "What are the symptoms of a stroke?",
    "How is IPSS-R calculated?",
    "My IPSS-M is moderate high. What does that mean?",
]


@pytest.mark.parametrize(("question", "rule"), EMERGENCIES)
def test_emergencies_fire(question: str, rule: str) -> None:
    result = triage(question, NUMBERS)
    assert result.level == "emergency", question
    assert rule in result.rules


@pytest.mark.parametrize(("question", "rule"), URGENT)
def test_urgent_fire(question: str, rule: str) -> None:
    result = triage(question, NUMBERS)
    assert result.level == "urgent", (question, result.rules)
    assert rule in result.rules


@pytest.mark.parametrize("question", NOT_RED_FLAGS)
def test_general_questions_do_not_fire(question: str) -> None:
    assert find_red_flags(question) == [], question


def test_emergency_answer_leads_with_what_to_do_now_using_configured_number() -> None:
    result = triage("I have a fever of 39 C", SafetyNumbers("112", "116 123", "Samaritans"))
    assert result.actions[0].startswith("Call 112")
    assert "fever" in (result.message or "")


def test_self_harm_points_to_the_crisis_line_first() -> None:
    result = triage("I want to kill myself", NUMBERS)
    assert result.level == "emergency"
    assert "988" in result.actions[0]
    assert "911" in result.actions[1]


def test_fahrenheit_below_line_is_not_fever() -> None:
    assert triage("My temperature is 99.1 F", NUMBERS).level is None


def test_platelets_written_per_microlitre() -> None:
    assert "very_low_platelets" in triage("My platelets are 7,000", NUMBERS).rules
    assert triage("My platelets are 45,000", NUMBERS).level is None


@given(st.text(max_size=300))
def test_triage_never_crashes(text: str) -> None:
    result = triage(text, NUMBERS)
    assert result.level in {None, "urgent", "emergency"}
