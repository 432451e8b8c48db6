"""Results printed under a row of test names, one column per test:

    WBC        Hemoglobin   MCV     Platelets   ANC
    3.0 K/uL   8.9 g/dL     95 fL   92 K/uL     1.39 K/uL

A line made only of test names, followed by a line made only of results (a number, its unit,
perhaps a flag), pairs them in order when the counts are equal; otherwise neither line is
read as results (no guess at which name a result belongs to).
"""

from __future__ import annotations

import itertools
import re

from onconav.records.extract.document import DocumentText
from onconav.records.extract.lab_names import FLAG, LABEL_PATTERN, UNIT
from onconav.records.extract.labs import LabResult, analyte_for, lab_fact, label_in_context
from onconav.records.extract.numbers import NUMBER, number_reading
from onconav.records.extract.source import Line
from onconav.records.model import Fact

_MIN_COLUMNS = 2
_GAP = re.compile(r"[\s,;|/]*")


def extract_lab_columns(document: DocumentText) -> tuple[list[Fact], frozenset[tuple[int, int]]]:
    """Results under rows of test names, and the (page, line) of the lines read."""
    facts: list[Fact] = []
    consumed: set[tuple[int, int]] = set()
    for page in document.pages:
        lines = [line for line in page.lines if line.stripped]
        for names_line, values_line in itertools.pairwise(lines):
            if values_line.number != names_line.number + 1:
                continue
            labels = _names_only(names_line.text)
            if labels is None:
                continue
            results = _results_only(values_line.text)
            if results is None or len(results) != len(labels):
                continue
            consumed.update(
                {(page.page.number, names_line.number), (page.page.number, values_line.number)}
            )
            for label, result in zip(labels, results, strict=True):
                fact = _fact(document, values_line, label, result)
                if fact is not None:
                    facts.append(fact)
    return facts, frozenset(consumed)


def _names_only(text: str) -> list[re.Match[str]] | None:
    """The test names of a line that holds nothing else (at least two of them)."""
    labels = list(LABEL_PATTERN.finditer(text))
    if len(labels) < _MIN_COLUMNS:
        return None
    position = 0
    for label in labels:
        if text[position : label.start()].strip(" \t,;|/"):
            return None
        position = label.end()
    if text[position:].strip(" \t,;|/"):
        return None
    return labels


def _results_only(
    text: str,
) -> list[tuple[re.Match[str], re.Match[str] | None, re.Match[str] | None]] | None:
    """(number, unit, flag) for each result of a line that holds nothing else."""
    results = []
    position = _GAP.match(text, 0).end()  # type: ignore[union-attr]
    while position < len(text):
        number = NUMBER.match(text, position)
        if number is None:
            return None
        position = number.end()
        unit = UNIT.match(text, _skip_spaces(text, position))
        if unit is not None:
            position = unit.end()
        flag = FLAG.match(text, position)
        if flag is not None and flag.group(0).strip():
            position = flag.end()
        else:
            flag = None
        results.append((number, unit, flag))
        position = _GAP.match(text, position).end()  # type: ignore[union-attr]
    return results or None


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def _fact(
    document: DocumentText,
    line: Line,
    label: re.Match[str],
    result: tuple[re.Match[str], re.Match[str] | None, re.Match[str] | None],
) -> Fact | None:
    number, unit, flag = result
    lab_label = label_in_context(document, line, label)
    if lab_label is None:
        return None
    unit_text = unit.group(0) if unit is not None else None
    analyte = analyte_for(lab_label, label.group(0), None, unit_text)
    if analyte is None:
        return None
    end = (flag or unit or number).end()
    return lab_fact(
        LabResult(
            line=line,
            start=number.start(),
            end=end,
            label=lab_label,
            analyte=analyte,
            value=number_reading(number, document.decimal_mark),
            unit_text=unit_text,
            flag=flag.group("flag") if flag is not None else None,
            reference=None,
            date=document.date_for(line),
        )
    )
