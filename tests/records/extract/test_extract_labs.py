"""Blood counts and chemistry in the layouts different labs print."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_helpers import one, only, run
from hypothesis import given, settings
from hypothesis import strategies as st

from onconav.records.model import FactKind

LAB = FactKind.LAB
HEADER = "Collected: 2024-03-12 08:15\n"


def lab(text: str, name: str, **options: object):  # type: ignore[no-untyped-def]
    return one(run(text, **options), LAB, name)


@pytest.mark.parametrize(
    ("line", "name", "value", "unit", "printed_unit"),
    [
        ("Hemoglobin 9.6 g/dL (13.5-17.5) L", "hemoglobin", 9.6, "g/dL", "g/dL"),
        ("HGB: 96 g/L", "hemoglobin", 9.6, "g/dL", "g/L"),
        ("Hb 5.9 mmol/L", "hemoglobin", 9.5069, "g/dL", "mmol/L"),
        ("Haemoglobin 101 g/L", "hemoglobin", 10.1, "g/dL", "g/L"),
        ("PLT 45 K/uL", "platelets", 45.0, "10^9/L", "K/uL"),
        ("Platelet count: 52 x 10*9/L", "platelets", 52.0, "10^9/L", "x 10*9/L"),
        ("PLAQUETTES 130 G/L", "platelets", 130.0, "10^9/L", "G/L"),
        ("WBC 3.1 x10^9/L", "wbc", 3.1, "10^9/L", "x10^9/L"),
        ("White blood cell count 3100 cells/uL", "wbc", 3.1, "10^9/L", "cells/uL"),
        ("Leukocytes 2.8 10E9/L", "wbc", 2.8, "10^9/L", "10E9/L"),
        ("ANC 0.8 x10^9/L", "anc", 0.8, "10^9/L", "x10^9/L"),
        ("Absolute neutrophils 800 /mm3", "anc", 0.8, "10^9/L", "/mm3"),
        ("Neutrophils # 1.2 K/µL", "anc", 1.2, "10^9/L", "K/µL"),
        ("Neutrophils, Absolute   0.82   K/uL", "anc", 0.82, "10^9/L", "K/uL"),
        ("Neutrophils 1.2 x10^9/L", "anc", 1.2, "10^9/L", "x10^9/L"),
        ("Monocytes, absolute 1.4 x10^9/L", "monocytes", 1.4, "10^9/L", "x10^9/L"),
        ("MCV 104 fL", "mcv", 104.0, "fL", "fL"),
        ("Mean corpuscular volume 98.5 fl", "mcv", 98.5, "fL", "fl"),
        ("Serum EPO 45 mU/mL", "epo", 45.0, "mU/mL", "mU/mL"),
        ("Erythropoietin 120 IU/L", "epo", 120.0, "mU/mL", "IU/L"),
        ("Ferritin 1,250.5 ng/mL", "ferritin", 1250.5, "ng/mL", "ng/mL"),
        ("Ferritin 850 µg/L", "ferritin", 850.0, "ng/mL", "µg/L"),
        ("Iron 27 umol/L", "iron", 150.795, "µg/dL", "umol/L"),
        ("TIBC 250 mcg/dL", "tibc", 250.0, "µg/dL", "mcg/dL"),
        ("Transferrin saturation 72 %", "transferrin_saturation", 72.0, "%", "%"),
        ("Vitamin B12 350 pg/mL", "b12", 350.0, "pg/mL", "pg/mL"),
        ("B12 258 pmol/L", "b12", 349.5935, "pg/mL", "pmol/L"),
        ("Folate 22.7 nmol/L", "folate", 10.0177, "ng/mL", "nmol/L"),
        ("Copper 15.7 µmol/L", "copper", 99.7735, "µg/dL", "µmol/L"),
        ("LDH 250 U/L", "ldh", 250.0, "U/L", "U/L"),
        ("Lactate dehydrogenase 310 IU/L", "ldh", 310.0, "U/L", "IU/L"),
        ("Reticulocytes 1.2 %", "reticulocytes_percent", 1.2, "%", "%"),
        ("Retic abs 45 x10^9/L", "reticulocytes_absolute", 45.0, "10^9/L", "x10^9/L"),
        ("Reticulocyte count 60 K/uL", "reticulocytes_absolute", 60.0, "10^9/L", "K/uL"),
        ("Blasts 2 %", "blood_blasts", 2.0, "%", "%"),
    ],
)
def test_result_lines(line: str, name: str, value: float, unit: str, printed_unit: str) -> None:
    fact = lab(HEADER + line, name)
    assert fact.value == pytest.approx(value, abs=1e-4)
    assert fact.unit == unit
    assert fact.original_unit == printed_unit
    assert fact.date == dt.date(2024, 3, 12)
    assert fact.flags == ()
    assert fact.provenance.line == 2
    assert fact.provenance.text.startswith(line.split()[0])


def test_reference_range_and_flag_go_to_details() -> None:
    fact = lab("Hemoglobin 9.6 g/dL (13.5-17.5) L", "hemoglobin")
    assert fact.value == 9.6
    assert fact.details == {"reference_range": "13.5-17.5", "abnormal_flag": "L"}
    assert fact.provenance.text == "Hemoglobin 9.6 g/dL (13.5-17.5) L"


def test_table_with_test_result_flag_units_reference_columns() -> None:
    text = (
        "Test                 Result   Flag   Units     Reference\n"
        "HGB                  9.6      L      g/dL      13.5 - 17.5\n"
        "PLT                  45       L      K/uL      150 - 400\n"
        "MCV                  104      H      fL        80 - 100\n"
    )
    facts = run(text)
    hgb, plt, mcv = (one(facts, LAB, n) for n in ("hemoglobin", "platelets", "mcv"))
    assert (hgb.value, hgb.details["abnormal_flag"], hgb.details["reference_range"]) == (
        9.6,
        "L",
        "13.5 - 17.5",
    )
    assert (plt.value, plt.unit, plt.details["abnormal_flag"]) == (45.0, "10^9/L", "L")
    assert (mcv.value, mcv.details["abnormal_flag"]) == (104.0, "H")
    assert hgb.provenance.line == 2
    assert plt.provenance.line == 3


def test_table_with_reference_before_units_and_flag_last() -> None:
    fact = lab("Ferritin        1450     30-400     ng/mL     H", "ferritin")
    assert fact.value == 1450.0
    assert fact.details == {"reference_range": "30-400", "abnormal_flag": "H"}


def test_reference_range_is_never_the_result() -> None:
    fact = lab("Hemoglobin (13.5-17.5 g/dL) 9.6", "hemoglobin")
    assert fact.value == 9.6
    assert fact.unit == "g/dL"
    assert fact.details["reference_range"] == "13.5-17.5 g/dL" or fact.details[
        "reference_range"
    ].startswith("13.5-17.5")


def test_a_line_with_only_a_reference_range_gives_nothing() -> None:
    assert only(run("Hemoglobin reference 13.5-17.5 g/dL"), LAB) == []


def test_unit_in_the_label() -> None:
    hgb = lab("Hemoglobin (g/dL) 9.6", "hemoglobin")
    wbc = lab("WBC (x10^9/L): 3.1", "wbc")
    assert (hgb.value, hgb.unit) == (9.6, "g/dL")
    assert (wbc.value, wbc.unit, wbc.original_unit) == (3.1, "10^9/L", "x10^9/L")


def test_several_results_on_one_line_without_units() -> None:
    facts = run(HEADER + "CBC today: WBC 2.1, Hgb 8.9, Plt 45, ANC 0.8")
    values = {f.name: (f.value, f.unit, f.flags) for f in only(facts, LAB)}
    assert values == {
        "wbc": (2.1, None, ("unit_missing",)),
        "hemoglobin": (8.9, None, ("unit_missing",)),
        "platelets": (45.0, None, ("unit_missing",)),
        "anc": (0.8, None, ("unit_missing",)),
    }
    assert [f.provenance.text for f in only(facts, LAB)] == [
        "WBC 2.1",
        "Hgb 8.9",
        "Plt 45",
        "ANC 0.8",
    ]


def test_value_without_unit_is_kept_unconverted() -> None:
    fact = lab("HGB 96", "hemoglobin")
    assert (fact.value, fact.unit, fact.original_unit) == (96.0, None, None)
    assert "unit_missing" in fact.flags


def test_unknown_unit_is_flagged_not_converted() -> None:
    fact = lab("Hemoglobin 9.6 mg/mL", "hemoglobin")
    assert (fact.value, fact.unit, fact.original_unit) == (9.6, None, "mg/mL")
    assert "unit_unknown" in fact.flags


def test_european_decimal_comma() -> None:
    assert lab("Hb 9,6 g/dL", "hemoglobin").value == 9.6


def test_bound_results_keep_the_comparator() -> None:
    fact = lab("Serum EPO <10 mU/mL", "epo")
    assert fact.value == 10.0
    assert fact.details == {"comparator": "<"}


def test_percentages_of_differentials_are_not_absolute_counts() -> None:
    facts = run("Neutrophils 45 %\nNeutrophils % 45\nMonocytes 8 %\nMonocytes (%) 12")
    assert only(facts, LAB) == []


def test_plain_neutrophils_without_unit_are_not_guessed() -> None:
    assert only(run("Neutrophils 1.2"), LAB) == []


def test_absolute_blast_count_is_not_the_blast_percentage() -> None:
    assert only(run("Blasts 0.1 x10^9/L"), LAB) == []


def test_iron_stain_is_not_serum_iron() -> None:
    assert only(run("Iron stain: 2+ storage iron, no ring sideroblasts"), LAB, "iron") == []


def test_quantities_of_other_things_are_not_results() -> None:
    facts = run("Platelet transfusion 1 unit\nHb checked 3 days ago")
    assert only(facts, LAB) == []


def test_marrow_blasts_are_not_blood_blasts() -> None:
    text = (
        "BONE MARROW ASPIRATE\n"
        "Cellularity 70%. Megakaryocytes adequate. Erythroid precursors left shifted.\n"
        "Differential: Blasts 8%\n"
        "PERIPHERAL BLOOD\n"
        "Blasts 1%\n"
    )
    blood = one(run(text), LAB, "blood_blasts")
    assert blood.value == 1.0
    assert blood.provenance.line == 5


def test_date_per_result_when_printed_beside_it() -> None:
    fact = lab(HEADER + "Hemoglobin 9.6 g/dL on 04-Mar-2024", "hemoglobin")
    assert fact.date == dt.date(2024, 3, 4)
    assert fact.date_text == "04-Mar-2024"


def test_collection_date_outranks_report_date() -> None:
    text = "Reported: 2024-03-14\nCollected: 2024-03-12\nHemoglobin 9.6 g/dL"
    assert lab(text, "hemoglobin").date == dt.date(2024, 3, 12)


def test_each_page_uses_its_own_collection_date() -> None:
    facts = run(["Collected: 2024-01-10\nHb 9.1 g/dL", "Collected: 2024-02-07\nHb 8.7 g/dL"])
    hb = only(facts, LAB, "hemoglobin")
    assert [(f.value, f.date, f.provenance.page) for f in hb] == [
        (9.1, dt.date(2024, 1, 10), 1),
        (8.7, dt.date(2024, 2, 7), 2),
    ]


def test_ambiguous_report_date_is_flagged() -> None:
    fact = lab("Date: 03/04/2024\nHb 9.1 g/dL", "hemoglobin")
    assert fact.date is None
    assert fact.date_text == "03/04/2024"
    assert "date_ambiguous" in fact.flags


def test_document_format_statement_resolves_dates() -> None:
    fact = lab("All dates DD/MM/YYYY\nDate: 03/04/2024\nHb 9.1 g/dL", "hemoglobin")
    assert fact.date == dt.date(2024, 4, 3)
    assert fact.flags == ()


def test_missing_date_is_flagged() -> None:
    assert lab("Hb 9.1 g/dL", "hemoglobin").flags == ("date_missing",)


def test_conditional_values_are_marked_reference_only() -> None:
    fact = lab("Transfuse if Hb < 7 g/dL", "hemoglobin")
    assert "reference_only" in fact.flags


@pytest.mark.parametrize(
    "line",
    [
        "Reference values: haemoglobin >= 12 g/dL; platelets above 150.",
        "Normal limits - Hgb 11.5 g/dL (lower limit)",
    ],
)
def test_a_value_under_a_reference_label_is_reference_only(line: str) -> None:
    fact = lab(HEADER + line, "hemoglobin")
    assert "reference_only" in fact.flags


def test_a_reference_range_after_the_result_does_not_make_it_reference_only() -> None:
    fact = lab(HEADER + "Hemoglobin 9.6 g/dL (ref. 13.5-17.5)", "hemoglobin")
    assert "reference_only" not in fact.flags


# Factors from printed unit to canonical unit, as the sources give them (units.py docstring).
_PRINTED = [
    ("Hemoglobin", "hemoglobin", "g/dL", 1.0),
    ("Hgb", "hemoglobin", "g/L", 0.1),
    ("Hb", "hemoglobin", "mmol/L", 1 / 0.6206),
    ("Platelets", "platelets", "x10^9/L", 1.0),
    ("PLT", "platelets", "K/uL", 1.0),
    ("Platelets", "platelets", "/µL", 0.001),
    ("WBC", "wbc", "10^3/uL", 1.0),
    ("WBC", "wbc", "cells/mm3", 0.001),
    ("ANC", "anc", "G/L", 1.0),
    ("Ferritin", "ferritin", "µg/L", 1.0),
    ("B12", "b12", "pmol/L", 1 / 0.738),
    ("Folate", "folate", "nmol/L", 1 / 2.266),
    ("EPO", "epo", "mIU/mL", 1.0),
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_PRINTED),
    st.decimals(min_value="0.1", max_value="99999", places=1),
    st.sampled_from([" ", ": ", "   ", "\t"]),
)
def test_any_supported_unit_gives_the_canonical_value_back(
    printed: tuple[str, str, str, float], number: object, separator: str
) -> None:
    label, name, unit, factor = printed
    value = float(str(number))
    fact = lab(f"{label}{separator}{number} {unit}", name)
    assert fact.value == pytest.approx(value * factor, rel=1e-3, abs=1e-3)
    assert fact.original_value == str(number)
    assert fact.original_unit == unit


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1000, max_value=900_000))
def test_grouped_counts_per_microlitre(count: int) -> None:
    fact = lab(f"Platelets {count:,} /uL", "platelets")
    assert fact.value == pytest.approx(count / 1000, abs=1e-4)


def test_abbreviation_in_brackets_repeats_the_label() -> None:
    fact = lab("Absolute Neutrophil Count (ANC) 0.8 K/uL", "anc")
    assert (fact.value, fact.unit) == (0.8, "10^9/L")
    assert fact.provenance.text == "Absolute Neutrophil Count (ANC) 0.8 K/uL"


def test_percent_in_the_label_is_the_unit() -> None:
    assert lab("Reticulocyte % 1.2", "reticulocytes_percent").unit == "%"
    assert lab("Retic (%) 2.1", "reticulocytes_percent").value == 2.1


def test_units_the_converter_does_not_know_are_flagged() -> None:
    fact = lab("Platelet Count 24 Tsd/uL LL", "platelets")
    assert (fact.value, fact.unit, fact.original_unit) == (24.0, None, "Tsd/uL")
    assert fact.flags == ("unit_unknown", "date_missing")
    assert fact.details == {"abnormal_flag": "L"}


def test_thousands_per_microlitre_spelled_out() -> None:
    fact = lab("Platelet Count 24 Thousand/uL LL", "platelets")
    assert (fact.value, fact.unit, fact.original_unit) == (24.0, "10^9/L", "Thousand/uL")


def test_absolute_reticulocytes_in_millions_per_microlitre() -> None:
    fact = lab(HEADER + "Retic, absolute 0.061 10^6/uL", "reticulocytes_absolute")
    assert (fact.value, fact.unit) == (61.0, "10^9/L")


@pytest.mark.parametrize(
    "header",
    [
        "Collection Date/Time: 03/13/2024 08:15",
        "Date collected: 2024-03-13",
        "Specimen collected: 13-Mar-2024",
        "Drawn: Mar 13, 2024",
    ],
)
def test_collection_date_labels(header: str) -> None:
    assert lab(f"{header}\nHb 9.1 g/dL", "hemoglobin").date == dt.date(2024, 3, 13)


def test_pipe_separated_table() -> None:
    fact = lab("| Hemoglobin | 9.6 | g/dL | 13.5-17.5 | L |", "hemoglobin")
    assert fact.details == {"reference_range": "13.5-17.5", "abnormal_flag": "L"}


def test_dotted_leaders() -> None:
    assert lab("Hemoglobin.............9.6 g/dL", "hemoglobin").value == 9.6


@pytest.mark.parametrize(
    ("line", "printed"), [("Hemoglobin 9.6 L Q/dL", "Q/dL"), ("WBC 3.1 x10A9/L", "x10A9/L")]
)
def test_ocr_damaged_units_are_shown_not_converted(line: str, printed: str) -> None:
    fact = only(run(line, method="ocr", ocr_confidence=76.0), LAB)[0]
    assert fact.unit is None
    assert fact.original_unit == printed
    assert {"unit_unknown", "ocr_low_confidence"} <= set(fact.flags)


def test_a_line_of_labelled_dates_of_one_day_is_not_a_serial_table_header() -> None:
    facts = run(
        "NORTHFIELD LABORATORY\n"
        "Date collected 02-Feb-2024 07:40 | Date resulted 02-Feb-2024 10:02\n"
        "Test Result Flag Units Reference\n"
        "PLT 63 L x10^9/L 150 - 400\n"
        "Blasts (peripheral) 2 H % 0\n"
    )
    platelets = one(facts, LAB, "platelets")
    assert (platelets.value, platelets.date) == (63.0, dt.date(2024, 2, 2))
    assert "row" not in platelets.details
    blasts = one(facts, LAB, "blood_blasts")
    assert (blasts.value, blasts.unit, blasts.details["abnormal_flag"]) == (2.0, "%", "H")


@pytest.mark.parametrize(
    "label", ["Blasts, peripheral", "Blasts (peripheral blood)", "Blasts, circulating"]
)
def test_blood_blasts_named_with_the_specimen_after(label: str) -> None:
    blasts = lab(f"{HEADER}{label}: 3 %", "blood_blasts")
    assert (blasts.value, blasts.unit) == (3.0, "%")


@pytest.mark.parametrize(
    ("line", "name", "value", "unit"),
    [
        ("Leukozyten 3,1 G/l", "wbc", 3.1, "10^9/L"),
        ("Thrombozyten 142 /nl", "platelets", 142.0, "10^9/L"),
        ("Neutrophile, absolut 1,9 10^9/L", "anc", 1.9, "10^9/L"),
        ("Monozyten absolut 0,3 10^9/L", "monocytes", 0.3, "10^9/L"),
        ("Folsäure 5,2 ng/ml", "folate", 5.2, "ng/mL"),
        ("Polynucléaires neutrophiles 1,2 G/L", "anc", 1.2, "10^9/L"),
        ("Ferritine 870 µg/L", "ferritin", 870.0, "ng/mL"),
        ("Acide folique 3,9 µg/L", "folate", 3.9, "ng/mL"),
        ("Vitamine B12 310 pg/mL", "b12", 310.0, "pg/mL"),
        ("Leukocyten: 5.6 x10^9/L", "wbc", 5.6, "10^9/L"),
        ("Trombocyten: 97 x10^9/L", "platelets", 97.0, "10^9/L"),
        ("Neutrofielen (absoluut): 0.9 x10^9/L", "anc", 0.9, "10^9/L"),
        ("Monocyten (absoluut): 0.7 x10^9/L", "monocytes", 0.7, "10^9/L"),
        ("Foliumzuur: 21 nmol/L", "folate", 9.2674, "ng/mL"),
    ],
)
def test_german_french_and_dutch_labels(line: str, name: str, value: float, unit: str) -> None:
    result = lab(HEADER + line, name)
    assert (result.value, result.unit) == (pytest.approx(value, abs=1e-3), unit)


@pytest.mark.parametrize(("line", "mark"), [("Hgb 10.9 E g/dL", "E"), ("Hgb 10.9 ¢ g/dL", "¢")])
def test_an_unreadable_mark_between_result_and_unit_is_shown_not_a_lost_unit(
    line: str, mark: str
) -> None:
    fact = lab(HEADER + line, "hemoglobin", method="ocr", ocr_confidence=88.0)
    assert (fact.value, fact.unit) == (10.9, "g/dL")
    assert fact.details == {"unread_mark": mark}
    assert "unit_missing" not in fact.flags


def test_a_word_between_result_and_unit_is_not_skipped() -> None:
    fact = lab(HEADER + "Hgb 10.9 was g/dL", "hemoglobin")
    assert "unit_missing" in fact.flags


def test_a_result_told_as_a_change_in_prose() -> None:
    fact = lab(HEADER + "Ferritin has risen to 1850 ng/mL since the last visit.", "ferritin")
    assert (fact.value, fact.unit) == (1850.0, "ng/mL")


def test_a_threshold_in_another_clause_does_not_make_the_result_reference_only() -> None:
    fact = lab(
        HEADER + "Ferritin 1850 ng/mL; chelation will be considered if it exceeds 2500.",
        "ferritin",
    )
    assert fact.value == 1850.0
    assert "reference_only" not in fact.flags


def test_a_long_gloss_in_brackets_after_the_label_is_skipped() -> None:
    facts = run(
        "Befund, entnommen 2024-06-11\n"
        "Hb (Haemoglobin)            6.1  L   mmol/L    7.4 - 9.9\n"
        "EPO (Erythropoetin)         140  H   U/L       4 - 27\n"
        "Retikulozyten abs.          41       10^9/L    25 - 100\n"
    )
    assert one(facts, LAB, "hemoglobin").value == pytest.approx(9.8292, abs=1e-3)
    assert one(facts, LAB, "epo").value == 140
    assert one(facts, LAB, "reticulocytes_absolute").value == 41


def test_a_transfusion_log_row_is_not_a_blood_count() -> None:
    facts = run(
        "Transfusion record\n"
        "Given on      Product              Bags\n"
        "2024-05-02    Platelets (pooled)   1\n"
        "2024-05-09    Red cells            2\n"
    )
    assert only(facts, LAB) == []
    assert len(only(facts, FactKind.TRANSFUSION)) == 2


@pytest.mark.parametrize("label", ["P1t", "Pit", "PIt", "W8C"])
def test_a_label_ocr_misread_is_repaired_and_flagged(label: str) -> None:
    facts = run(f"{HEADER}Test Result Units\n{label} 41 L 10*9/L 150-400\n", method="ocr")
    fact = only(facts, LAB)[0]
    assert fact.name == ("wbc" if label == "W8C" else "platelets")
    assert fact.value == 41
    assert "ocr_repaired" in fact.flags


def test_a_typed_word_is_never_repaired_into_a_label() -> None:
    assert only(run(f"{HEADER}Pit 41 10*9/L\n"), LAB) == []


@pytest.mark.parametrize(
    "sentence",
    ["Film: a few blasts noted (3%).", "Smear review - blast cells present (3 %)."],
)
def test_a_blast_percentage_in_brackets_after_the_finding(sentence: str) -> None:
    fact = one(run(f"{HEADER}Blood film\n{sentence}\n"), LAB, "blood_blasts")
    assert (fact.value, fact.unit) == (3, "%")


@pytest.mark.parametrize(
    "line",
    [
        "Hgb 9.4 g/dL (previous 10.2 g/dL on 28 Aug 2024)",
        "Hgb 9.4 g/dL; last result 10.2 g/dL, 2024-08-28",
    ],
)
def test_the_date_of_an_earlier_value_on_the_line_is_not_the_results_date(line: str) -> None:
    facts = run(f"Bloods\nSpecimen taken: 2024-09-18\n{line}\n")
    hemoglobin = one(facts, LAB, "hemoglobin")
    assert (hemoglobin.value, hemoglobin.date) == (9.4, dt.date(2024, 9, 18))


def test_a_previous_result_column_between_result_and_units_is_skipped() -> None:
    facts = run(
        "COMPLETE BLOOD COUNT\nCollected: 2024-09-18\n"
        "Component     Value    Last value   Units      Normal range\n"
        "Hgb           9.4      10.2         g/dL       12.0-15.5\n"
        "Plt           63       77           10^9/L     150-400\n"
    )
    hemoglobin, platelets = one(facts, LAB, "hemoglobin"), one(facts, LAB, "platelets")
    assert (hemoglobin.value, hemoglobin.unit) == (9.4, "g/dL")
    assert (platelets.value, platelets.unit) == (63, "10^9/L")


def test_a_percentage_column_before_the_count_is_never_read_as_the_count() -> None:
    facts = run(
        "DIFFERENTIAL   Collected 2024-09-18\n"
        "Cell type      %      Absolute   Units\n"
        "Neutrophils    45     2.1        x10^9/L\n"
        "Monocytes      12     0.6        x10^9/L\n"
    )
    assert [f.value for f in only(facts, LAB, "anc")] == [2.1]
    assert [f.value for f in only(facts, LAB, "monocytes")] == [0.6]


def test_a_differential_with_percent_and_absolute_columns_gives_the_absolute_count() -> None:
    facts = run(
        "HAEMATOLOGY   Drawn: 2024-09-18 07:55\n"
        "Leucocyte differential   Rel. %   Ref (%)      Abs. count   Ref (abs)    Unit     Flag\n"
        "Neutrophils              31.0     40-75        0.62         1.80-7.50    10^9/L   L\n"
        "Lymphocytes              55.5     20-45        1.11         1.00-4.00    10^9/L\n"
        "Monocytes                11.0     2-10         0.22         0.20-1.00    10^9/L\n"
    )
    anc = one(facts, LAB, "anc")
    assert (anc.value, anc.date, anc.provenance.text) == (0.62, dt.date(2024, 9, 18), "0.62")
    assert anc.details["reference_range"] == "1.80-7.50"
    assert anc.details["abnormal_flag"] == "L"
    assert [f.value for f in only(facts, LAB, "monocytes")] == [0.22]


def test_a_previous_result_column_with_its_date_dates_only_the_previous_value() -> None:
    facts = run(
        "HAEMATOLOGY PANEL\n"
        "Specimen collected: 2024-11-05 07:40     Resulted: 2024-11-05\n"
        "Analyte             Value   Flag  Unit      Normal range   Prior value / date\n"
        "Haemoglobin         9.3     L     g/dL      12.0-15.5      9.9    2024-10-08\n"
        "Platelet count      PENDING       10^9/L    150-400        71     2024-10-08\n"
        "Neutrophils         58            %         40-75          61     2024-10-08\n"
        "Neutrophils, abs    0.9     L     10^9/L    1.8-7.5        1.2    2024-10-08\n"
    )
    now, then = dt.date(2024, 11, 5), dt.date(2024, 10, 8)
    hemoglobin = only(facts, LAB, "hemoglobin")
    assert sorted((f.value, f.date) for f in hemoglobin) == [(9.3, now), (9.9, then)]
    current = next(f for f in hemoglobin if f.date == now)
    assert current.details["reference_range"] == "12.0-15.5"
    assert current.provenance.text.startswith("Haemoglobin")
    previous = next(f for f in hemoglobin if f.date == then)
    assert previous.provenance.text.startswith("9.9")
    assert "reference_range" not in previous.details
    # the pending count has no result today; the earlier one keeps its own date
    assert [(f.value, f.date) for f in only(facts, LAB, "platelets")] == [(71, then)]
    # a percentage, then or now, is never the absolute count
    assert sorted((f.value, f.date) for f in only(facts, LAB, "anc")) == [(0.9, now), (1.2, then)]


def test_a_date_in_a_sentence_under_a_heading_that_says_last_still_dates_the_line() -> None:
    facts = run("Since the last visit\nHb 9.4 g/dL and platelets 45 x10^9/L, 2024-03-01\n")
    assert [(f.value, f.date) for f in only(facts, LAB, "hemoglobin")] == [
        (9.4, dt.date(2024, 3, 1))
    ]


def test_a_value_no_patient_can_have_is_kept_only_with_a_flag() -> None:
    # An OCR page where a unit ran into the number, and a g/L value printed as g/dL.
    facts = run(
        "Collected: 2025-01-09\nRed cell indices\nMCV 9861 (80-100) H\nHb 134 g/dL\n"
        "Plt 212 x10^9/L\n",
        method="ocr",
        ocr_confidence=91.0,
    )
    mcv, hemoglobin = one(facts, LAB, "mcv"), one(facts, LAB, "hemoglobin")
    assert "implausible" in mcv.flags
    assert mcv.original_value == "9861"
    assert "implausible" in hemoglobin.flags
    assert hemoglobin.details["plausible_range"] == "0-25 g/dL"
    assert "implausible" not in one(facts, LAB, "platelets").flags


def test_a_comma_reads_as_the_decimal_mark_where_the_document_writes_decimals_so() -> None:
    facts = run(
        "LABORATOIRE - HEMATOLOGIE   Prélèvement: 12.03.2025\n"
        "Hémoglobine        10,2   g/dl     (12,0 - 16,0)\n"
        "Leucocytes         3,150  G/l      (4,0 - 10,0)\n"
        "Ferritine          1,250  ug/l     (15 - 150)\n"
    )
    assert one(facts, LAB, "hemoglobin").value == pytest.approx(10.2)
    assert one(facts, LAB, "wbc").value == pytest.approx(3.15)
    assert one(facts, LAB, "ferritin").value == pytest.approx(1.25)
    assert not any("decimal_ambiguous" in f.flags for f in facts)


@pytest.mark.parametrize("count", ["161,000 /uL", "161,000 /µL", "161,000 cells/mm3"])
def test_a_thousands_comma_where_the_document_writes_decimal_points(count: str) -> None:
    # "45,000 /µL" alone could be 45.000 /µL: the decimal points elsewhere decide it (a
    # line with nothing else to go by is flagged, see the test below).
    facts = run(f"CBC  Drawn 2025-03-12\nHgb 10.2 g/dL\nPlatelets {count}\n")
    platelets = one(facts, LAB, "platelets")
    assert (platelets.value, "decimal_ambiguous" in platelets.flags) == (161.0, False)


def test_a_separator_nothing_decides_is_flagged_with_both_readings() -> None:
    facts = run("Drawn 2025-03-12\nFerritin 1,250 ng/mL\n")
    ferritin = one(facts, LAB, "ferritin")
    assert "decimal_ambiguous" in ferritin.flags
    assert sorted([ferritin.value, ferritin.details["other_reading"]]) == [1.25, 1250.0]


def test_plausibility_decides_a_separator_the_document_does_not() -> None:
    # 3,150 × 10^9/L white cells is no patient's count; 3.15 is.
    facts = run("Drawn 2025-03-12\nWBC 3,150 x10^9/L\n")
    wbc = one(facts, LAB, "wbc")
    assert (wbc.value, "decimal_ambiguous" in wbc.flags) == (3.15, False)


def test_a_bracketed_alias_with_digits_between_label_and_value() -> None:
    facts = run(
        "Serum chemistry 2024-10-14\nS-Cobalamin (vit B12)     402     pmol/L     145-569\n"
    )
    assert one(facts, LAB, "b12").value == pytest.approx(402 / 0.738, rel=1e-3)


def test_neutrophilocytes_with_a_count_unit_are_the_anc() -> None:
    facts = run(
        "Blood count 2024-10-14\n"
        "B-Neutrophilocytes     1.7     x10^9/L     1.5 - 7.5\n"
        "B-Neutrophilocytes     48      %           40 - 75\n"
    )
    assert [f.value for f in only(facts, LAB, "anc")] == [1.7]


def test_a_row_of_test_names_over_a_row_of_results_pairs_them_in_order() -> None:
    facts = run(
        "MARROW REPORT   Biopsy 2024-12-09\n"
        "BLOOD COUNT ON THE DAY\n"
        "Hb Plt WBC Neutrophils abs\n"
        "10.4 g/dL 61 x10^9/L 2.2 x10^9/L 0.9 x10^9/L\n"
    )
    got = {f.name: (f.value, f.date) for f in only(facts, LAB)}
    day = dt.date(2024, 12, 9)
    assert got == {
        "hemoglobin": (10.4, day),
        "platelets": (61, day),
        "wbc": (2.2, day),
        "anc": (0.9, day),
    }


def test_a_row_of_names_over_too_few_results_gives_nothing() -> None:
    facts = run("CBC 2024-12-09\nHb Plt WBC ANC\n10.4 g/dL 61 x10^9/L 2.2 x10^9/L\n")
    assert only(facts, LAB) == []


def test_a_result_whose_value_wraps_onto_the_next_line() -> None:
    facts = run(
        "Clinic letter 2025-02-10\n"
        "Her haemoglobin was 10.1 g/dL this morning, and her ferritin\n"
        "860 ng/mL; chelation is not needed yet.\n"
    )
    ferritin = one(facts, LAB, "ferritin")
    assert (ferritin.value, ferritin.date) == (860.0, dt.date(2025, 2, 10))
    assert ferritin.provenance.text.startswith("ferritin")
    assert one(facts, LAB, "hemoglobin").value == 10.1


def test_an_ocr_letter_inside_a_count_unit_is_repaired_and_flagged() -> None:
    facts = run(
        "FULL BLOOD COUNT   Collected 2025-01-20\n"
        "Neutrophils 0.84 xI10^9/L (2.0-7.5) L\n"
        "WBC 2.1 xl10*9/L (4.0-11.0) L\n",
        method="ocr",
        ocr_confidence=88.0,
    )
    anc, wbc = one(facts, LAB, "anc"), one(facts, LAB, "wbc")
    assert (anc.value, anc.unit, wbc.value, wbc.unit) == (0.84, "10^9/L", 2.1, "10^9/L")
    assert "ocr_repaired" in anc.flags
    assert "ocr_repaired" in wbc.flags


def test_the_same_unit_damage_in_a_text_layer_is_not_repaired() -> None:
    facts = run("FULL BLOOD COUNT   Collected 2025-01-20\nWBC 2.1 xI10^9/L\n")
    assert [f.unit for f in only(facts, LAB, "wbc")] in ([], [None])


def test_a_label_with_a_qualifier_then_its_abbreviation_in_brackets() -> None:
    facts = run(
        "Iron studies 2025-01-02\nIron binding capacity, total (TIBC)   301   250-425   ug/dL\n"
    )
    assert one(facts, LAB, "tibc").value == 301.0
    assert only(facts, LAB, "iron") == []
