"""Serial (cumulative) results tables: one row per test, one column per collection date.

    Test          03/01/2024   04/02/2024   05/06/2024   Units     Reference
    Hemoglobin    8.9 L        8.1 L        9.4 L        g/dL      13.5-17.5
    Platelets     52 L         --           61 L         K/uL      150-400

Each result becomes its own fact dated by its column. A row whose cells cannot be matched
to the date columns (more cells than dates and no column alignment) is skipped rather than
guessed; its values are not read as single results either. A row that identifies each
collection rather than giving a result (a specimen number or a time under every date:
"Lab no.  25-0114-2281  25-0218-0907") belongs to the table; any other line with numbers and
no test name ends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onconav.records.extract.dates import DateReading
from onconav.records.extract.document import DocumentText
from onconav.records.extract.lab_names import (
    FLAG,
    LABEL_PATTERN,
    REFERENCE_RANGE,
    UNIT,
    ocr_repaired_label,
)
from onconav.records.extract.labs import LabResult, analyte_for, lab_fact, label_in_context
from onconav.records.extract.numbers import NUMBER, number_reading
from onconav.records.extract.source import Line
from onconav.records.model import Fact

_PLACEHOLDER = re.compile(
    r"(?<!\S)(?:--+|—|–|-|n/?a|pend\w*|cancel\w*|tnp|qns|\.{3})(?!\S)", re.IGNORECASE
)
_HEADER_WORDS = re.compile(
    r"\b(?:test|tests|component|analyte|date|dates|collected|result|results|units?|ref\w*"
    r"|range|flag|normal|name|time|previous|prior|earlier|last|latest|current|today|baseline"
    r"|\d{1,2}:\d{2})\b",
    re.IGNORECASE,
)
# Words that head a date column rather than label a date: "Previous 2024-08-28  Latest ...".
_COLUMN_LABEL = re.compile(
    r"previous|prior|earlier|last|latest|current|today|baseline|now", re.IGNORECASE
)
_COLUMN_TOLERANCE = 6  # characters a cell may sit beyond the edges of its date column
# A row naming each collection: a few words, then one code per date column, each code a
# single token with a digit in it (a specimen number, an accession, a time).
_ROW_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z.#/()]*")
_ROW_NAME_WORDS = 4
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9:./\-]*")


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    value_match: re.Match[str] | None  # None for a placeholder ("--", "pending")
    flag: str | None
    flag_end: int


def extract_series(document: DocumentText) -> tuple[list[Fact], frozenset[tuple[int, int]]]:
    """Facts from serial tables, and the (page, line) of every row read as one."""
    facts: list[Fact] = []
    consumed: set[tuple[int, int]] = set()
    for page in document.pages:
        header: list[DateReading] | None = None
        blanks = 0
        for line in page.lines:
            dates = _header_dates(document, line)
            if dates is not None:
                header, blanks = dates, 0
                consumed.add((page.page.number, line.number))
                continue
            if header is None:
                continue
            if not line.stripped:
                blanks += 1
                if blanks >= 2:
                    header = None
                continue
            blanks = 0
            label_text, repaired = (
                ocr_repaired_label(line.text) if page.page.method == "ocr" else (line.text, None)
            )
            label = LABEL_PATTERN.match(label_text, len(line.text) - len(line.text.lstrip()))
            if label is None:
                if _identifies_collections(line.text, len(header)):
                    consumed.add((page.page.number, line.number))
                elif any(ch.isdigit() for ch in line.text):
                    header = None
                continue
            consumed.add((page.page.number, line.number))
            row = _row(document, line, label, header)
            if repaired is not None:
                row = [f.model_copy(update={"flags": (*f.flags, "ocr_repaired")}) for f in row]
            facts.extend(row)
    return facts, frozenset(consumed)


def _identifies_collections(text: str, columns: int) -> bool:
    """'Specimen no. B2502031-7 B2502172-2', 'Time 08:10 09:45': a short name and exactly one
    code with a digit per date column, and nothing else."""
    tokens = text.split()
    name, codes = tokens[:-columns], tokens[-columns:]
    return (
        0 < len(name) <= _ROW_NAME_WORDS
        and all(_ROW_NAME_WORD.fullmatch(word) for word in name)
        and all(_CODE.fullmatch(code) and any(ch.isdigit() for ch in code) for code in codes)
    )


def _header_dates(document: DocumentText, line: Line) -> list[DateReading] | None:
    """The dates of a header row of date columns; None for other lines, including a line of
    labelled dates ("Collected: <date>  Reported: <date>"), whose dates each follow a word, or
    all fall on one day."""
    dates = document.dates_in(line.text)
    if len(dates) < 2:
        return None
    days = {date.date or date.text for date in dates}
    if len(days) == 1:
        return None
    gaps = [
        line.text[(dates[index - 1].end if index else 0) : date.start]
        for index, date in enumerate(dates)
    ]
    labels = [re.search(r"([A-Za-z]{3,})\s*[)\]]?\s*[:=]?\s*$", gap) for gap in gaps]
    if all(labels) and not any(_COLUMN_LABEL.fullmatch(m.group(1)) for m in labels if m):
        return None
    rest = line.text
    for date in reversed(dates):
        rest = rest[: date.start] + " " + rest[date.end :]
    rest = _HEADER_WORDS.sub(" ", rest)
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return dates if len(words) <= 2 else None


def _row(
    document: DocumentText, line: Line, label: re.Match[str], header: list[DateReading]
) -> list[Fact]:
    lab_label = label_in_context(document, line, label)
    if lab_label is None:
        return []
    text = line.text
    masked = [False] * len(text)
    reference = None
    for match in REFERENCE_RANGE.finditer(text, label.end()):
        if "-" in match.group("range") or "–" in match.group("range") or match.group("open"):
            reference = reference or match.group("range").strip()
            masked[match.start() : match.end()] = [True] * (match.end() - match.start())
    unit_text = None
    for match in UNIT.finditer(text, label.end()):
        if not any(masked[match.start() : match.end()]):
            unit_text = unit_text or match.group(0)
            masked[match.start() : match.end()] = [True] * (match.end() - match.start())
    cells = _cells(text, label.end(), masked)
    columns = _assign(cells, header)
    if columns is None:
        return []
    analyte = analyte_for(lab_label, label.group(0), None, unit_text)
    if analyte is None:
        return []
    facts = []
    for cell, date in columns:
        if cell.value_match is None:
            continue
        fact = lab_fact(
            LabResult(
                line=line,
                start=cell.start,
                end=cell.flag_end,
                label=lab_label,
                analyte=analyte,
                value=number_reading(cell.value_match, document.decimal_mark),
                unit_text=unit_text,
                flag=cell.flag,
                reference=reference,
                date=date,
                details=(("row", label.group(0)),),
            )
        )
        if fact is not None:
            facts.append(fact)
    return facts


def _cells(text: str, start: int, masked: list[bool]) -> list[_Cell]:
    cells = []
    for match in NUMBER.finditer(text, start):
        if any(masked[match.start() : match.end()]):
            continue
        flag = FLAG.match(text, match.end())
        flag_text = flag.group("flag") if flag is not None else None
        flag_end = flag.end() if flag is not None else match.end()
        cells.append(_Cell(match.start(), match.end(), match, flag_text, flag_end))
    for match in _PLACEHOLDER.finditer(text, start):
        if not any(masked[match.start() : match.end()]):
            cells.append(_Cell(match.start(), match.end(), None, None, match.end()))
    return sorted(cells, key=lambda cell: cell.start)


def _assign(
    cells: list[_Cell], header: list[DateReading]
) -> list[tuple[_Cell, DateReading]] | None:
    """Cells in date order when the counts agree; otherwise by column position, or None."""
    if len(cells) == len(header):
        return list(zip(cells, header, strict=True))
    assigned = []
    for cell in cells:
        centre = (cell.start + cell.end) / 2
        distances = sorted(
            (abs(centre - (date.start + date.end) / 2), index) for index, date in enumerate(header)
        )
        best, index = distances[0]
        date = header[index]
        tied = len(distances) > 1 and distances[1][0] == best
        if tied or best > (date.end - date.start) / 2 + _COLUMN_TOLERANCE:
            return None
        assigned.append((cell, date))
    dates = [id(date) for _, date in assigned]
    return assigned if len(set(dates)) == len(dates) else None
