from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onconav.readability import flesch_kincaid_grade, sentence_count, syllables


@pytest.mark.parametrize(
    ("word", "expected"),
    # Reference counts from the CMU Pronouncing Dictionary.
    [
        ("blood", 1),
        ("marrow", 2),
        ("opinion", 3),
        ("transfusion", 3),
        ("leukemia", 4),
        ("hemoglobin", 4),
        ("diagnosis", 4),
        ("anemia", 4),
        ("biopsy", 3),
        ("serious", 3),
        ("various", 3),
        ("area", 3),
        ("quiet", 2),
        ("ideal", 2),
        ("cells", 1),
        ("your", 1),
    ],
)
def test_syllable_counts_match_dictionary(word: str, expected: int) -> None:
    assert syllables(word) == expected


def test_sentences_do_not_split_inside_numbers() -> None:
    assert sentence_count("An IPSS-R score of 3.5 is the usual cut-off. It splits risk.") == 2
    assert sentence_count("A bullet without a full stop") == 1


def test_known_grade_by_hand() -> None:
    # 13 one-syllable words in 2 sentences: 0.39 * 6.5 + 11.8 * 1 - 15.59 = -1.255
    text = "The cat sat on the mat. The dog ran to the big park."
    assert flesch_kincaid_grade([text]) == -1.3
    # Each bullet is its own sentence even without a full stop: 5 words, 2 sentences,
    # 6 syllables (rec-ords): 0.39 * 2.5 + 11.8 * 1.2 - 15.59 = -0.455
    assert flesch_kincaid_grade(["Ask your team", "Bring records"]) == -0.5


def test_harder_text_scores_higher() -> None:
    easy = ["Your marrow makes blood. MDS slows it down."]
    hard = [
        "Myelodysplastic neoplasms constitute heterogeneous clonal hematopoietic disorders "
        "characterized by ineffective hematopoiesis and peripheral cytopenias."
    ]
    easy_grade = flesch_kincaid_grade(easy)
    hard_grade = flesch_kincaid_grade(hard)
    assert easy_grade is not None
    assert hard_grade is not None
    assert hard_grade > easy_grade + 10


def test_no_words_has_no_grade() -> None:
    assert flesch_kincaid_grade(["", "123 456"]) is None


@given(st.lists(st.text(min_size=0, max_size=200), max_size=5))
def test_grade_never_crashes(units: list[str]) -> None:
    grade = flesch_kincaid_grade(units)
    assert grade is None or isinstance(grade, float)
