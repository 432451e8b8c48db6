"""The batch-file format of the ipssm R package and the web calculator, row by row.

Pure functions over rows of text (no file access): which columns a file must have, how a
row's cells become ``RiskInputs`` (or a message saying why they cannot), and how a chunk of
rows becomes output rows with every score. Column names, codings and the spellings of "not
known" follow the ipssm R package v1.0.0 (``R/IPSSMread.R``: NA, "", " ", N/A, n/a, na).
Unlike the web calculator, an absent or blank value is never read as "wild type".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory, KaryotypeSummary
from onconav.clinical.scores.all_scores import RiskScoreColumns, risk_score_columns
from onconav.clinical.scores.arrays import FloatArray
from onconav.clinical.scores.categories import NOT_KNOWN, IpssCategory, IpssmCategory, IpssrCategory
from onconav.clinical.scores.columns import FLAG_FIELDS, GENE_FIELDS, NUMERIC_FIELDS, RiskColumns
from onconav.clinical.scores.inputs import (
    PLAUSIBLE_RANGES,
    IpssmGene,
    RiskInputs,
    Tp53MutationCount,
    VafUnit,
    parse_vaf,
)
from onconav.clinical.scores.ipssm import Scenario
from onconav.clinical.scores.karyotype_inputs import karyotype_findings, with_karyotype
from onconav.clinical.scores.points import PointsColumns

NA_SPELLINGS = frozenset({"", "NA", "N/A", "n/a", "na"})  # compared after stripping spaces
NA = "NA"

ID_COLUMN = "ID"
KARYOTYPE_COLUMN = "KARYOTYPE"
CYTOGENETIC_COLUMNS: tuple[str, ...] = ("CYTO_IPSSR", "del5q", "del7_7q", "del17_17p", "complex")
REQUIRED_COLUMNS: tuple[str, ...] = (
    "HB",
    "PLT",
    "BM_BLAST",
    *CYTOGENETIC_COLUMNS,
    "TP53mut",
    "TP53maxvaf",
    "TP53loh",
    "MLL_PTD",
    "FLT3",
    *(g.value for g in IpssmGene),
)
# May be absent. Without ANC, IPSS-R is a range; without AGE, no IPSS-RA; CYTO_IPSS (an
# onconav column: Good / Intermediate / Poor) or KARYOTYPE enables the 1997 IPSS.
OPTIONAL_COLUMNS: tuple[str, ...] = ("ANC", "AGE", "CYTO_IPSS", KARYOTYPE_COLUMN, ID_COLUMN)

IPSSM_OUTPUT: tuple[str, ...] = (
    "IPSSM_SCORE",
    "IPSSM_CAT",
    "IPSSM_SCORE_BEST",
    "IPSSM_CAT_BEST",
    "IPSSM_SCORE_WORST",
    "IPSSM_CAT_WORST",
    "IPSSM_SCORE_FINAL",
    "IPSSM_CAT_FINAL",
    "IPSSM_COMMENT",
)


def _points_output(prefix: str) -> tuple[str, ...]:
    return tuple(
        f"{prefix}_{part}"
        for part in ("SCORE", "CAT", "SCORE_BEST", "CAT_BEST", "SCORE_WORST", "CAT_WORST")
    )


IPSSR_OUTPUT = _points_output("IPSSR")
IPSSRA_OUTPUT = _points_output("IPSSRA")
IPSS_OUTPUT = _points_output("IPSS")
_KARYOTYPE_FIELDS: Mapping[str, str] = {
    "KARYOTYPE_CYTO_IPSSR": "cyto_ipssr",
    "KARYOTYPE_CYTO_IPSS": "cyto_ipss",
    "KARYOTYPE_del5q": "del5q",
    "KARYOTYPE_del7_7q": "del7_7q",
    "KARYOTYPE_del17_17p": "del17_17p",
    "KARYOTYPE_complex": "complex",
}
KARYOTYPE_OUTPUT: tuple[str, ...] = (
    *_KARYOTYPE_FIELDS,
    "KARYOTYPE_CYTO_IPSSR_ALTERNATIVE",
    "KARYOTYPE_CYTO_IPSS_ALTERNATIVE",
    "KARYOTYPE_FLAGS",
)
NOTES_COLUMN = "NOTES"
ERROR_COLUMN = "ERROR"

# TP53maxvaf is left to parse_vaf: a file may give it as a fraction or a percent.
_MEASUREMENT_FIELDS: Mapping[str, str] = {
    column: field for column, field in NUMERIC_FIELDS.items() if column != "TP53maxvaf"
}
_IPSSR_GROUPS = {c.value.casefold(): c for c in IpssrCytoCategory}
_IPSS_GROUPS = {c.value.casefold(): c for c in IpssCytoCategory}

Summarize = Callable[[str], KaryotypeSummary]
GroupT = TypeVar("GroupT", IpssrCytoCategory, IpssCytoCategory)
KeyT = TypeVar("KeyT")
ValueT = TypeVar("ValueT")


class RowError(ValueError):
    """A row that cannot be scored; the message says which cell and why."""


@dataclass(frozen=True)
class BatchLayout:
    """What a file's header means for scoring."""

    header: tuple[str, ...]
    missing: tuple[str, ...]  # required columns absent: the file cannot be scored
    has_karyotype: bool
    has_ipss_karyotype: bool  # CYTO_IPSS or KARYOTYPE: the 1997 IPSS can be computed
    notes: tuple[str, ...]

    @property
    def output_header(self) -> tuple[str, ...]:
        produced = self.output_columns
        kept = tuple(c for c in self.header if c not in produced)
        return (*kept, *produced)

    @property
    def output_columns(self) -> tuple[str, ...]:
        columns = [*IPSSM_OUTPUT, *IPSSR_OUTPUT, *IPSSRA_OUTPUT]
        if self.has_ipss_karyotype:
            columns += IPSS_OUTPUT
        if self.has_karyotype:
            columns += KARYOTYPE_OUTPUT
        return (*columns, NOTES_COLUMN, ERROR_COLUMN)


def batch_layout(header: Sequence[str]) -> BatchLayout:
    """Check a header: which required columns are absent, which optional ones are there."""
    names = tuple(h.strip() for h in header)
    present = set(names)
    has_karyotype = KARYOTYPE_COLUMN in present
    # With a karyotype column, the cytogenetic columns may be derived from it instead.
    exempt = set(CYTOGENETIC_COLUMNS) if has_karyotype else set()
    missing = tuple(c for c in REQUIRED_COLUMNS if c not in present and c not in exempt)
    notes = []
    if "ANC" not in present:
        notes.append("No ANC column: IPSS-R and IPSS-RA are given as ranges (ANC +0 or +0.5).")
    if "AGE" not in present:
        notes.append("No AGE column: IPSS-RA cannot be computed.")
    return BatchLayout(
        header=names,
        missing=missing,
        has_karyotype=has_karyotype,
        has_ipss_karyotype=has_karyotype or "CYTO_IPSS" in present,
        notes=tuple(notes),
    )


def is_na(text: str | None) -> bool:
    """Whether a cell means "not known" (the ipssm R reader's NA spellings)."""
    return text is None or text.strip() in NA_SPELLINGS


def _known_text(row: Mapping[str, str | None], column: str) -> str | None:
    """A cell's text, or None when the cell is absent or says "not known"."""
    text = row.get(column)
    return None if is_na(text) else str(text)


def _read_known(
    row: Mapping[str, str | None],
    columns: Mapping[str, KeyT],
    read: Callable[[str, str], ValueT],
) -> dict[KeyT, ValueT]:
    """Each known cell of ``columns`` read by ``read(column, text)``, under the column's key."""
    values: dict[KeyT, ValueT] = {}
    for column, key in columns.items():
        text = _known_text(row, column)
        if text is not None:
            values[key] = read(column, text)
    return values


def _number(column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{column} {text.strip()!r} is not a number") from None
    if math.isnan(value):
        raise RowError(f"{column} {text.strip()!r} is not a number")
    return value


def _measurement(column: str, text: str) -> float:
    value = _number(column, text)
    problem = PLAUSIBLE_RANGES[column].problem(value)
    if problem:
        raise RowError(problem)
    return value


def _binary(column: str, text: str) -> bool:
    value = _number(column, text)
    if value not in (0, 1):
        raise RowError(f"{column} {text.strip()!r} must be 0 (absent), 1 (present) or NA")
    return value == 1


def _tp53_count(text: str) -> Tp53MutationCount:
    cleaned = text.strip().casefold()
    if cleaned in {"2 or more", "2+", ">=2", "≥2"}:
        return Tp53MutationCount.TWO_OR_MORE
    try:
        count = int(cleaned)
    except ValueError:
        count = -1
    if count < 0:
        raise RowError(f"TP53mut {text.strip()!r} must be 0, 1, 2 or more, or NA")
    return list(Tp53MutationCount)[min(count, 2)]


def _group(column: str, text: str, groups: Mapping[str, GroupT]) -> GroupT:
    found = groups.get(" ".join(text.split()).casefold())
    if found is None:
        spelled = ", ".join(g.value for g in groups.values())
        raise RowError(f"{column} {text.strip()!r} is not one of {spelled}, or NA")
    return found


def parse_row(
    row: Mapping[str, str | None],
    *,
    vaf_unit: VafUnit | None = None,
    summarize: Summarize | None = None,
) -> tuple[RiskInputs, KaryotypeSummary | None]:
    """One row's inputs, and the karyotype summary when a KARYOTYPE cell was read.

    Raises RowError with a message naming the cell for anything that cannot be read.
    """
    fields: dict[str, object] = {}
    fields.update(_read_known(row, _MEASUREMENT_FIELDS, _measurement))
    vaf = _known_text(row, "TP53maxvaf")
    if vaf is not None:
        try:
            fields["tp53_max_vaf"] = parse_vaf(vaf, vaf_unit)
        except ValueError as error:
            raise RowError(str(error)) from None
    fields.update(_read_known(row, FLAG_FIELDS, _binary))
    text = _known_text(row, "CYTO_IPSSR")
    if text is not None:
        fields["cyto_ipssr"] = _group("CYTO_IPSSR", text, _IPSSR_GROUPS)
    text = _known_text(row, "CYTO_IPSS")
    if text is not None:
        fields["cyto_ipss"] = _group("CYTO_IPSS", text, _IPSS_GROUPS)
    text = _known_text(row, "TP53mut")
    if text is not None:
        fields["tp53_mutations"] = _tp53_count(text)
    fields["genes"] = _read_known(row, GENE_FIELDS, _binary)
    patient = RiskInputs.model_validate(fields)

    karyotype = row.get(KARYOTYPE_COLUMN)
    if summarize is None or is_na(karyotype):
        return patient, None
    try:
        summary = summarize(str(karyotype).strip())
        return with_karyotype(patient, summary), summary
    except ValueError as error:
        raise RowError(f"KARYOTYPE: {error}") from None


def _number_text(value: float) -> str:
    return NA if math.isnan(value) else format(value, ".10g")


def _category_text(code: int, categories: Sequence[str]) -> str:
    return NA if code == NOT_KNOWN else categories[code]


_IPSSM_NAMES = tuple(c.value for c in IpssmCategory)
_IPSSR_NAMES = tuple(c.value for c in IpssrCategory)
_IPSS_NAMES = tuple(c.value for c in IpssCategory)


def _points_cells(
    names: tuple[str, ...], points: PointsColumns, row: int, categories: Sequence[str]
) -> dict[str, str]:
    arrays: tuple[FloatArray, ...] = (points.score, points.best, points.worst)
    codes = (points.category, points.category_best, points.category_worst)
    cells: dict[str, str] = {}
    for i in range(3):
        cells[names[2 * i]] = _number_text(float(arrays[i][row]))
        cells[names[2 * i + 1]] = _category_text(int(codes[i][row]), categories)
    return cells


def _score_cells(scores: RiskScoreColumns, row: int, layout: BatchLayout) -> dict[str, str]:
    m = scores.ipssm
    cells: dict[str, str] = {}
    for suffix, scenario in (
        ("", Scenario.MEAN),
        ("_BEST", Scenario.BEST),
        ("_WORST", Scenario.WORST),
    ):
        cells[f"IPSSM_SCORE{suffix}"] = _number_text(float(m.score[scenario][row]))
        cells[f"IPSSM_CAT{suffix}"] = _category_text(int(m.category[scenario][row]), _IPSSM_NAMES)
    cells["IPSSM_SCORE_FINAL"] = _number_text(float(m.final_score[row]))
    cells["IPSSM_CAT_FINAL"] = _category_text(int(m.final_category[row]), _IPSSM_NAMES)
    cells["IPSSM_COMMENT"] = m.comment_text(row).value
    cells.update(_points_cells(IPSSR_OUTPUT, scores.ipssr.ipssr, row, _IPSSR_NAMES))
    cells.update(_points_cells(IPSSRA_OUTPUT, scores.ipssr.ipssra, row, _IPSSR_NAMES))
    if layout.has_ipss_karyotype:
        cells.update(_points_cells(IPSS_OUTPUT, scores.ipss.points, row, _IPSS_NAMES))
    return cells


def _karyotype_cells(summary: KaryotypeSummary | None) -> dict[str, str]:
    if summary is None:
        return dict.fromkeys(KARYOTYPE_OUTPUT, NA)
    findings = karyotype_findings(summary)
    cells = {column: _cell(findings[field]) for column, field in _KARYOTYPE_FIELDS.items()}
    cells["KARYOTYPE_CYTO_IPSSR_ALTERNATIVE"] = _cell(summary.ipssr_category_alternative)
    cells["KARYOTYPE_CYTO_IPSS_ALTERNATIVE"] = _cell(summary.ipss_category_alternative)
    cells["KARYOTYPE_FLAGS"] = " ".join(summary.flags)
    return cells


def _cell(value: object) -> str:
    if value is None:
        return NA
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


def score_rows(
    rows: Sequence[Mapping[str, str | None]],
    layout: BatchLayout,
    *,
    vaf_unit: VafUnit | None = None,
    summarize: Summarize | None = None,
) -> list[dict[str, str]]:
    """Output rows for a chunk of input rows: the input cells plus every score.

    A row that cannot be read keeps its cells, gets NA scores and an ERROR message; the other
    rows are scored together, vectorised.
    """
    parsed: list[tuple[int, RiskInputs, KaryotypeSummary | None]] = []
    errors: dict[int, str] = {}
    for index, row in enumerate(rows):
        try:
            patient, summary = parse_row(
                row, vaf_unit=vaf_unit, summarize=summarize if layout.has_karyotype else None
            )
        except RowError as error:
            errors[index] = str(error)
            continue
        parsed.append((index, patient, summary))

    columns = RiskColumns.from_inputs([patient for _, patient, _ in parsed])
    scores = risk_score_columns(columns)
    produced = layout.output_columns
    blank = dict.fromkeys(produced, NA)
    output: list[dict[str, str]] = []
    scored = iter(range(len(parsed)))
    for index, row in enumerate(rows):
        out = {c: ("" if row.get(c) is None else str(row.get(c))) for c in layout.header}
        out.update(blank)
        if index in errors:
            out[NOTES_COLUMN] = ""
            out[ERROR_COLUMN] = errors[index]
        else:
            position = next(scored)
            out.update(_score_cells(scores, position, layout))
            if layout.has_karyotype:
                out.update(_karyotype_cells(parsed[position][2]))
            out[NOTES_COLUMN] = " ".join(scores.ipssm.notes(position, columns))
            out[ERROR_COLUMN] = ""
        output.append(out)
    return output
