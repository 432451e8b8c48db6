"""Blood counts and blood chemistry, one result per label, in the layouts labs print:

    Hemoglobin 9.6 g/dL (13.5-17.5) L
    HGB            9.6    L    g/dL    13.5 - 17.5        (Test/Result/Flag/Units/Reference)
    HGB: 96 g/L    Hb 5.9 mmol/L    PLT 45 K/uL    Platelets 45,000 /µL    WBC 3.1 x10^9/L
    CBC today: WBC 2.1, Hgb 8.9, Plt 45, ANC 0.8        (several results on one line)

After a label the reader takes, in any order, the words a lab prints around a result: the
result itself (the first number that is not a reference range or a date), a unit, an H/L
flag, a reference range and a date. Units are normalised with ``onconav.clinical.units``;
a result without a unit keeps its printed value with ``unit_missing``, and one with a unit
the converter does not know keeps it with ``unit_unknown``. A single unreadable mark between
result and unit (an OCR-damaged flag, "10.4 E g/dL") is kept in ``details.unread_mark``.
Labels are read in English, German, French and Dutch. A value in a clause that states a
threshold, or under a reference label ("Reference values: Hb >= 12"), is ``reference_only``;
"blasts" in a disease name ("increased blasts-2") is not a count. Serial tables (one column
per date) are read by ``lab_series``.

Under a table header that names a previous-result column ("Result  Flag  Units  Reference
Previous result and date"), a date at the end of a row dates the previous value printed
before it, which is read as a result of that date; the current result keeps the report's
collection date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onconav.clinical.units import (
    CANONICAL_UNIT,
    PLAUSIBLE,
    Analyte,
    normalise,
    plausible_reading,
)
from onconav.records.extract.bracketed_aliases import without_bracketed_aliases
from onconav.records.extract.dates import DateReading
from onconav.records.extract.document import DocumentText, Specimen
from onconav.records.extract.facts import line_fact
from onconav.records.extract.lab_names import (
    FLAG,
    LABEL_PATTERN,
    REFERENCE_RANGE,
    UNIT,
    UNIT_LIKE,
    LabLabel,
    abnormal_flag,
    label_of,
    ocr_repaired_label,
)
from onconav.records.extract.numbers import NUMBER, NumberReading, number_reading
from onconav.records.extract.source import Line
from onconav.records.model import Fact, FactKind

# Between a label and its result: spaces, leaders and punctuation, and a gloss in brackets
# ("Hb (hemoglobine) 5.4", "EPO (Erythropoetin) 140") when a number follows it.
_SEPARATOR = re.compile(
    r"[\s:=.\-_|,;~'`]+|\.{2,}"
    # a bracketed alias before the value: "(ANC)", "(vitamin B12)"
    r"|\(\s*[^\W\d_]{2,}(?:[\s\-]?[^\W_]+){0,3}\s*\)(?=\s*[:=]?\s*[<>≤≥]?\d)"
)
# "Absolute Neutrophil Count (ANC)", "Iron binding capacity, total (TIBC)": what stands
# between a label and its abbreviation in brackets, which repeats it.
_BEFORE_LABEL_ALIAS = re.compile(r"(?:\s*,\s*[a-z]+)?\s*\(\s*")
# "blast cells seen (2%)": after words about the finding, the result in brackets.
_BRACKETED_RESULT = re.compile(r"\(\s*(?=[<>≤≥]?\s*\d[\d.,]*\s*%?\s*\))")
_QUALIFIER = re.compile(r"\(?\s*(?P<q>abs(?:olute)?\.?|#|%)\s*\)?(?![A-Za-z0-9])", re.I)
_FILLER = re.compile(
    r"(?:was|is|are|of|at|level|levels|count|result|value|now|today|currently|measured"
    r"|serum|plasma|total|blood|remains|remained|stable|down|up|to|improved|decreased"
    r"|increased|elevated|low|high|approximately|approx\.?|about|around|~|≈|has|have|had"
    r"|risen|rose|fallen|fell|dropped|climbed|gone|come|recovered|further|seen|noted|present"
    r"|observed|identified|found)(?![A-Za-z0-9])",
    re.I,
)
# A number followed by one of these is a quantity of something else ("2 units", "3 days").
_NOT_A_RESULT = re.compile(
    r"\s*(?:units?|bags?|pools?|doses?|cycles?|mg(?!\s*/)|mcg(?!\s*/)|days?|weeks?|wks?|months?|years?"
    r"|yrs?|y/?o|times|x\s*\d+\s*(?:cycles?|days?|doses?)|hours?|hrs?|cells\b(?!/))(?![A-Za-z])",
    re.I,
)
_REFERENCE_TALK = re.compile(
    r"\b(?:predict\w*|threshold|cut-?off|criteri\w+|defined\s+as|is\s+considered|guideline"
    r"|recommend\w*|target|goal|trigger|if)\b",
    re.I,
)
# A reference label before the test name ("Reference values: Hb >= 12 g/dL"); after the result
# ("9.6 g/dL (ref. 13.5-17.5)") it introduces the range and says nothing about the result.
_REFERENCE_LABEL = re.compile(
    r"\b(?:reference|ref\.?|normal\s+(?:ranges?|values?|limits?)|expected|healthy)\b", re.I
)
_EARLIER_VALUE = re.compile(
    r"\b(?:previous(?:ly)?|prior|last|earlier|was|were|compared|baseline|before)\b", re.I
)
_COUNT_UNITS = {"10^9/L"}
_UNREAD_MARK = re.compile(r"(?P<mark>[^\s\d])\s+")
_PREVIOUS_HEADING = re.compile(r"\b(?:previous|prior|last|earlier)\b", re.I)
# A number in a column of its own (two or more spaces or a tab on each side).
_OTHER_COLUMN = re.compile(r"(?<=\s\s|.\t)\d+(?:[.,]\d+)?(?:\s{2,}|\t)")


@dataclass
class _Reading:
    label: re.Match[str]
    value: NumberReading | None = None
    unit: re.Match[str] | None = None
    unit_in_range: str | None = None
    flag: str | None = None
    reference: str | None = None
    qualifier: str | None = None
    date: DateReading | None = None
    unread_mark: str | None = None
    end: int = 0
    previous_column: bool = False  # the table's header names a previous-result column


def extract_labs(document: DocumentText, skip_lines: frozenset[tuple[int, int]]) -> list[Fact]:
    """Lab results on every line except those already read as serial tables."""
    facts: list[Fact] = []
    carried: set[tuple[int, int]] = set()
    for line in document.lines():
        key = (line.page.page.number, line.number)
        if key in skip_lines or key in carried:
            continue
        joined = _with_value_on_next_line(line, skip_lines)
        if joined is not line:
            carried.add((line.page.page.number, line.number + 1))
        facts.extend(read_line(document, joined))
    return facts


def _with_value_on_next_line(line: Line, skip_lines: frozenset[tuple[int, int]]) -> Line:
    """'... and her ferritin' / '860 ng/mL; ...': a line that ends with a test name whose
    result starts the next line is read with that line (same page offsets)."""
    labels = list(LABEL_PATTERN.finditer(line.text))
    lines = line.page.lines
    if not labels or line.text[labels[-1].end() :].strip() or line.number >= len(lines):
        return line
    if not LABEL_PATTERN.sub("", line.text).strip(" \t,;|/"):
        return line  # a row of test names over a row of results (``lab_columns``)
    following = lines[line.number]
    if (line.page.page.number, following.number) in skip_lines:
        return line
    if not NUMBER.match(following.text.lstrip()) or not following.text[:1].strip():
        return line
    text = line.page.text[line.start : following.end].replace("\n", " ")
    return Line(page=line.page, number=line.number, start=line.start, text=text)


def read_line(document: DocumentText, line: Line) -> list[Fact]:
    text = line.text
    label_text, repaired = (
        ocr_repaired_label(text) if line.page.page.method == "ocr" else (text, None)
    )
    labels = without_bracketed_aliases(
        text, list(LABEL_PATTERN.finditer(label_text)), _BEFORE_LABEL_ALIAS
    )
    if not labels:
        return []
    line_dates = document.dates_in(text)
    previous_column = _under_a_previous_result_column(line)
    dated_previous = previous_column and _previous_column_table(line)
    facts = []
    for index, label in enumerate(labels):
        segment_end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        reading = _read_segment(document, text, label, segment_end, previous_column)
        if dated_previous:
            earlier = _previous_result(document, line, label, reading, segment_end)
            if earlier is not None:
                facts.append(earlier)
        if reading is None or reading.value is None:
            continue
        if dated_previous:
            line_dates = [d for d in line_dates if d.start < reading.end]
        fact = _fact(document, line, reading, line_dates, len(labels))
        if fact is not None:
            if repaired is not None and label.start() < repaired[1] and repaired[0] < label.end():
                fact = fact.model_copy(update={"flags": (*fact.flags, "ocr_repaired")})
            facts.append(fact)
    return facts


def _under_a_previous_result_column(line: Line) -> bool:
    """Whether the table this row belongs to (the lines above it, up to a blank line) has a
    header naming a previous result ("Result  Previous  Units")."""
    for above in reversed(line.page.lines[: line.number - 1]):
        if not above.stripped:
            return False
        if _PREVIOUS_HEADING.search(above.text) and not re.search(r"\d", above.text):
            return True
    return False


_TABLE_WORDS = re.compile(
    r"\b(?:result|value|units?|flag|ref\w*|range|interval|test|analyte|component|normal)\b",
    re.I,
)


def _previous_column_table(line: Line) -> bool:
    """Whether the previous-result header above this row is a table header (a result, unit
    or reference column beside it), not a heading of prose ("Since the last visit")."""
    for above in reversed(line.page.lines[: line.number - 1]):
        if not above.stripped:
            return False
        if _PREVIOUS_HEADING.search(above.text) and not re.search(r"\d", above.text):
            return len({m.group(0).lower() for m in _TABLE_WORDS.finditer(above.text)}) >= 2
    return False


def _previous_result(
    document: DocumentText,
    line: Line,
    label: re.Match[str],
    reading: _Reading | None,
    end: int,
) -> Fact | None:
    """'... 12.0-15.5   9.9   2024-10-08': the number right before a date that ends the row,
    outside the reference range and after the current result, dated by that date."""
    text = line.text
    start = reading.end if reading is not None and reading.value is not None else label.end()
    dates = document.dates_in(text[start:end])
    if not dates or text[start + dates[-1].end : end].strip():
        return None
    date = dates[-1]
    masked = list(text[:end])
    for reference in REFERENCE_RANGE.finditer(text, start, end):
        if reference.group("range").lstrip()[:1] not in "<>≤≥":
            masked[reference.start() : reference.end()] = " " * (
                reference.end() - reference.start()
            )
    masked_text = "".join(masked)
    before = masked_text[: start + date.start]
    numbers = list(NUMBER.finditer(before, start))
    if not numbers:
        return None
    number = numbers[-1]
    gap = before[number.end() :]
    flag = FLAG.match(gap)
    if gap.strip() and (flag is None or gap[flag.end() :].strip()):
        return None
    lab_label = label_in_context(document, line, label)
    if lab_label is None:
        return None
    unit = reading.unit if reading is not None else None
    unit_text = unit.group(0) if unit is not None else None
    if unit_text is None and reading is not None:
        unit_text = reading.unit_in_range
    if unit_text is None:
        found = UNIT.search(masked_text, label.end(), number.start())
        unit_text = found.group(0) if found is not None else None
    analyte = analyte_for(lab_label, label.group(0), None, unit_text)
    if analyte is None:
        return None
    return lab_fact(
        LabResult(
            line=line,
            start=number.start(),
            end=start + date.end,
            label=lab_label,
            analyte=analyte,
            value=number_reading(number, document.decimal_mark),
            unit_text=unit_text,
            flag=flag.group("flag") if flag is not None else None,
            reference=None,
            date=date,
            details=(("column", "previous"),),
        )
    )


def label_in_context(document: DocumentText, line: Line, label: re.Match[str]) -> LabLabel | None:
    """The test ``label`` names, or None where it is a blood-only test ("Blasts") named
    outside the document's peripheral blood section (a marrow differential)."""
    lab_label = label_of(label)
    if lab_label.blood_only and document.specimen(line) is not Specimen.BLOOD:
        return None
    return lab_label


def _read_segment(
    document: DocumentText, text: str, label: re.Match[str], end: int, previous_column: bool
) -> _Reading | None:
    reading = _Reading(label=label, end=label.end(), previous_column=previous_column)
    position = label.end()
    fillers = 0
    while position < end:
        step = _SEPARATOR.match(text, position, end)
        if step is not None and step.end() > position:
            position = step.end()
            continue
        if reading.value is None:
            taken = _before_value(document, text, position, end, reading)
            if taken is None and fillers:
                bracket = _BRACKETED_RESULT.match(text, position, end)
                taken = bracket.end() if bracket is not None else None
            if taken is None:
                filler = _FILLER.match(text, position, end)
                if filler is None or fillers >= 4:
                    return None
                fillers += 1
                position = filler.end()
                continue
            position = taken
            continue
        taken = _after_value(document, text, position, end, reading)
        if taken is None:
            break
        position = taken
    return reading


def _before_value(
    document: DocumentText, text: str, position: int, end: int, reading: _Reading
) -> int | None:
    """Read a qualifier, unit, range, date or the result itself; None if none is here."""
    qualifier = _QUALIFIER.match(text, position, end)
    if qualifier is not None and reading.qualifier is None and position == reading.label.end():
        reading.qualifier = qualifier.group("q").lower().rstrip(".")
        return qualifier.end()
    taken = _unit_or_range_or_date(document, text, position, end, reading)
    if taken is not None:
        return taken
    number = NUMBER.match(text, position, end)
    if number is None:
        return None
    if _NOT_A_RESULT.match(text, number.end(), end):
        return None
    reading.value = number_reading(number, document.decimal_mark)
    reading.end = number.end()
    return number.end()


def _after_value(
    document: DocumentText, text: str, position: int, end: int, reading: _Reading
) -> int | None:
    taken = _unit_or_range_or_date(document, text, position, end, reading)
    if taken is not None:
        return taken
    flag = FLAG.match(text, position, end)
    if flag is not None and reading.flag is None:
        reading.flag = flag.group("flag")
        reading.end = flag.end()
        return flag.end()
    other = _OTHER_COLUMN.match(text, position, end) if reading.previous_column else None
    if other is not None and reading.unit is None and UNIT.match(text, other.end(), end):
        # "Hgb   9.4   10.2   g/dL": a previous-result column stands between result and unit.
        return other.end()
    mark = _UNREAD_MARK.match(text, position, end)
    if (
        mark is not None
        and reading.unit is None
        and reading.unread_mark is None
        and UNIT.match(text, mark.end(), end)
    ):
        # "10.4 E g/dL": a flag column OCR could not read; the unit after it still counts.
        reading.unread_mark = mark.group("mark")
        return mark.end()
    return None


def _unit_or_range_or_date(
    document: DocumentText, text: str, position: int, end: int, reading: _Reading
) -> int | None:
    for date in document.dates_in(text[position:end]):
        if date.start == 0:
            if reading.date is None:
                reading.date = DateReading(
                    date.text,
                    position + date.start,
                    position + date.end,
                    date.date,
                    date.ambiguous,
                    date.two_digit_year,
                )
            reading.end = max(reading.end, position + date.end)
            return position + date.end
        break
    if reading.unit is None:
        unit = _unit_at(text, position, end, reading.value is not None)
        if unit is not None:
            reading.unit = unit
            reading.end = max(reading.end, unit.end() + (1 if _closes(text, unit) else 0))
            return reading.end if _closes(text, unit) else unit.end()
    reference = REFERENCE_RANGE.match(text, position, end)
    if reference is not None and reading.reference is None and _is_range(reference, reading):
        reading.reference = reference.group("range").strip()
        if reference.group("unit"):
            reading.unit_in_range = reference.group("unit")
        reading.end = max(reading.end, reference.end())
        return reference.end()
    return None


def _unit_at(text: str, position: int, end: int, after_value: bool) -> re.Match[str] | None:
    """A unit here, bare or in parentheses as a label suffix: 'Hemoglobin (g/dL) 9.6'."""
    opening = re.compile(r"[(\[]\s*").match(text, position, end)
    start = opening.end() if opening is not None else position
    unit = UNIT.match(text, start, end)
    if unit is None and after_value:
        unit = UNIT_LIKE.match(text, start, end)
    if unit is None:
        return None
    if opening is not None and not _closes(text, unit):
        return None
    return unit


def _closes(text: str, unit: re.Match[str]) -> bool:
    rest = text[unit.end() : unit.end() + 2].lstrip()
    return rest.startswith((")", "]"))


def _is_range(reference: re.Match[str], reading: _Reading) -> bool:
    """A bare '<5' after a label is a result written as a bound; after a result it is the
    reference limit."""
    bound = reference.group("range").lstrip()[:1] in "<>≤≥"
    return not bound or reading.value is not None or reference.group("open") is not None


def _fact(
    document: DocumentText,
    line: Line,
    reading: _Reading,
    line_dates: list[DateReading],
    labels_on_line: int,
) -> Fact | None:
    label = label_in_context(document, line, reading.label)
    if label is None:
        return None
    analyte = _analyte(label, reading)
    if analyte is None or reading.value is None:
        return None
    if analyte is Analyte.BLOOD_BLASTS and _names_a_disease(line.text, reading.label):
        return None
    unit_text = reading.unit.group(0) if reading.unit is not None else reading.unit_in_range
    if unit_text is None and (
        reading.qualifier == "%" or reading.label.group(0).endswith(("%", "%)"))
    ):
        unit_text = "%"  # "Reticulocyte % 1.2": the label carries the unit
    date = (
        reading.date or _line_date(line.text, line_dates, labels_on_line) or document.date_for(line)
    )
    return lab_fact(
        LabResult(
            line=line,
            start=reading.label.start(),
            end=reading.end,
            label=label,
            analyte=analyte,
            value=reading.value,
            unit_text=unit_text,
            flag=reading.flag,
            reference=reading.reference,
            date=date,
            details=(("unread_mark", reading.unread_mark),) if reading.unread_mark else (),
        )
    )


@dataclass(frozen=True)
class LabResult:
    """One result as read, before normalisation."""

    line: Line
    start: int  # span within the line
    end: int
    label: LabLabel
    analyte: Analyte
    value: NumberReading
    unit_text: str | None
    flag: str | None
    reference: str | None
    date: DateReading | None
    details: tuple[tuple[str, object], ...] = ()


def lab_fact(result: LabResult) -> Fact | None:
    """The normalised fact for a result, or None when the label cannot be this analyte
    with that unit (a differential percentage, an absolute blast count)."""
    unit_text, unit_repaired = _ocr_unit(result)
    printed, other = _separator_readings(result.analyte, result.value, unit_text)
    normalised = normalise(result.analyte, printed, unit_text) if unit_text else None
    if result.label.needs_count and (normalised is None or normalised.unit not in _COUNT_UNITS):
        return None
    if result.analyte is Analyte.BLOOD_BLASTS and unit_text is not None and normalised is None:
        return None  # an absolute blast count, not the percentage the models use
    flags: list[str] = ["ocr_repaired"] if unit_repaired else []
    value = printed
    unit: str | None = None
    if unit_text is None:
        flags.append("unit_missing")
    elif normalised is None:
        flags.append("unit_unknown")
    else:
        value, unit = round(normalised.value, 4), normalised.unit
    clause_start, clause = _clause_of(result.line.text, result.start, result.end)
    if _REFERENCE_TALK.search(clause) or _REFERENCE_LABEL.search(
        result.line.text, clause_start, result.start
    ):
        flags.append("reference_only")
    details: dict[str, object] = dict(result.details)
    if other is not None:
        flags.append("decimal_ambiguous")
        converted = normalise(result.analyte, other, unit_text) if unit_text else None
        details["other_reading"] = round(converted.value, 4) if converted else other
    if not plausible_reading(result.analyte, value, converted=unit is not None):
        # Kept for the person to see and correct; the profile does not use it.
        flags.append("implausible")
        details["plausible_range"] = _bounds_text(result.analyte)
    if result.reference:
        details["reference_range"] = result.reference
    direction = abnormal_flag(result.flag) if result.flag else None
    if direction:
        details["abnormal_flag"] = direction
    if result.value.comparator:
        details["comparator"] = result.value.comparator
    return line_fact(
        result.line,
        result.start,
        result.end,
        kind=FactKind.LAB,
        name=result.analyte.value,
        value=value,
        unit=unit,
        original_value=result.value.text.strip(),
        original_unit=unit_text.strip() if unit_text else None,
        date=result.date,
        details=details,
        flags=flags,
    )


# OCR reads the "x" of "x10^9/L" with a stray stroke after it: "xl10*9/L", "xI10^9/L".
_OCR_UNIT_DAMAGE = re.compile(r"^([x×*])\s*[lI|!]\s*(?=10)")


def _ocr_unit(result: LabResult) -> tuple[str | None, bool]:
    """The printed unit, repaired when the page was read by OCR and only the repaired one is
    a unit this analyte is printed in (the fact is then flagged ``ocr_repaired``)."""
    unit_text = result.unit_text
    if (
        unit_text is None
        or result.line.page.page.method != "ocr"
        or normalise(result.analyte, 1.0, unit_text) is not None
    ):
        return unit_text, False
    repaired = _OCR_UNIT_DAMAGE.sub(r"\1", unit_text.strip())
    if repaired != unit_text.strip() and normalise(result.analyte, 1.0, repaired) is not None:
        return repaired, True
    return unit_text, False


def _separator_readings(
    analyte: Analyte, number: NumberReading, unit_text: str | None
) -> tuple[float, float | None]:
    """The value to keep and, when its separator is still undecided, the other reading.
    A separator the document does not decide is decided by plausibility when only one
    reading is a value a patient can have (3,150 × 10^9/L white cells is not)."""
    if number.other_value is None:
        return number.value, None

    def plausible(value: float) -> bool:
        converted = normalise(analyte, value, unit_text) if unit_text else None
        if converted is not None:
            return plausible_reading(analyte, converted.value, converted=True)
        return plausible_reading(analyte, value, converted=False)

    first, second = plausible(number.value), plausible(number.other_value)
    if first != second:
        return (number.value if first else number.other_value), None
    return number.value, number.other_value


def _bounds_text(analyte: Analyte) -> str:
    bounds = PLAUSIBLE[analyte]
    high = "" if bounds.high == float("inf") else f"{bounds.high:g}"
    return f"{bounds.low:g}-{high} {CANONICAL_UNIT[analyte]}"


def _analyte(label: LabLabel, reading: _Reading) -> Analyte | None:
    unit = reading.unit.group(0) if reading.unit is not None else None
    return analyte_for(label, reading.label.group(0), reading.qualifier, unit)


def _clause_of(text: str, start: int, end: int) -> tuple[int, str]:
    """Where the clause holding ``text[start:end]`` starts, and its text: a threshold in the
    next clause ("...; chelation if it exceeds 2500") does not make this result a reference
    value."""
    clause_start = max((m.end() for m in re.finditer(r";|\.\s", text[:start])), default=0)
    after = re.search(r";|\.\s|\.$", text[end:])
    return clause_start, text[clause_start : end + after.start() if after else len(text)]


def analyte_for(
    label: LabLabel, label_text: str, qualifier: str | None, unit: str | None
) -> Analyte | None:
    """Reticulocytes and differentials name their percentage or count by qualifier or unit."""
    if label.needs_count and (qualifier == "%" or "%" in label_text):
        return None
    if label.analyte in (Analyte.RETICULOCYTES_PERCENT, Analyte.RETICULOCYTES_ABSOLUTE):
        if qualifier in ("abs", "absolute", "#"):
            return Analyte.RETICULOCYTES_ABSOLUTE
        if unit is not None and unit.strip() != "%":
            counted = normalise(Analyte.RETICULOCYTES_ABSOLUTE, 1.0, unit)
            if counted is not None:
                return Analyte.RETICULOCYTES_ABSOLUTE
        return label.analyte
    if label.analyte in (Analyte.ANC, Analyte.MONOCYTES) and unit is not None and unit == "%":
        return None
    return label.analyte


# "MDS with increased blasts-2", "excess blasts (EB-1)": the blasts of a disease's name.
_DISEASE_BLASTS_BEFORE = re.compile(r"\b(?:increased|excess(?:\s+of)?)\s*$", re.I)
_DISEASE_BLASTS_AFTER = re.compile(r"-\s?[12](?![\d.,])(?!\s*%)")


def _names_a_disease(text: str, label: re.Match[str]) -> bool:
    return bool(
        _DISEASE_BLASTS_BEFORE.search(text, 0, label.start())
        or _DISEASE_BLASTS_AFTER.match(text, label.end())
    )


def _line_date(text: str, line_dates: list[DateReading], labels_on_line: int) -> DateReading | None:
    """One date on a line of results ("Hgb 8.9, Plt 45 on 3/4/24") dates them all, unless it
    dates an earlier value the line compares with ("9.4 (previous 10.2 on <date>)")."""
    if len(line_dates) != 1 or labels_on_line < 1:
        return None
    date = line_dates[0]
    clause_start = max(text.rfind(mark, 0, date.start) for mark in "(;[")
    if clause_start >= 0 and _EARLIER_VALUE.search(text, clause_start, date.start):
        return None
    return date
