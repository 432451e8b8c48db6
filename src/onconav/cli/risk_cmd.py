"""``onconav risk``: MDS risk scores (IPSS-M, IPSS-R, IPSS-RA, IPSS) for one patient or a file.

The command reads input and renders results; every rule lives in ``onconav.clinical.scores``.
The scoring modules (numpy, pydantic) are imported when the command runs, not when the
``onconav`` program starts.
"""

from __future__ import annotations

import csv
import functools
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar, cast

import typer
from rich.console import Console
from rich.markup import escape

from onconav.cli.output import (
    EXIT_FAILED,
    EXIT_USAGE,
    OutputFormat,
    fail,
    stderr_console,
    stdout_console,
)

if TYPE_CHECKING:
    from onconav.clinical.cytogenetics import (
        IpssCytoCategory,
        IpssrCytoCategory,
        KaryotypeSummary,
    )
    from onconav.clinical.scores import (
        IpssmResult,
        IpssraResult,
        IpssResult,
        IpssrResult,
        RiskInputs,
        RiskScores,
        Tp53MutationCount,
        VafUnit,
    )
    from onconav.clinical.scores.batch import BatchLayout

    GroupT = TypeVar("GroupT", IpssrCytoCategory, IpssCytoCategory)

CHUNK_ROWS = 5000
PROGRESS_MIN_BYTES = 5_000_000
OTHER_GENES = "OTHERS"  # --wild-type others: every model gene not named in --mutated
MISSING_SHOWN = 6  # missing inputs listed by how much they could move the IPSS-M

Summarize = Callable[[str], "KaryotypeSummary"]


class VafUnitOption(StrEnum):
    """How bare TP53 VAF numbers are read (the clinical core's ``VafUnit``)."""

    FRACTION = "fraction"
    PERCENT = "percent"


class KaryotypeUnavailableError(RuntimeError):
    """The karyotype parser module is not installed or not finished."""


def load_summarize() -> Summarize:
    """``onconav.clinical.karyotype.summarize``, cached; loaded only when a karyotype is given.

    Looked up by name so that scoring works, and type-checks, without the parser module.
    """
    try:
        module = importlib.import_module("onconav.clinical.karyotype")
        summarize = cast(Summarize, module.summarize)
    except (ImportError, AttributeError) as error:
        raise KaryotypeUnavailableError(
            "Reading karyotype strings is not available in this installation "
            f"({error}). Give the cytogenetic values instead (CYTO_IPSSR, del5q, del7_7q, "
            "del17_17p, complex)."
        ) from None
    return functools.lru_cache(maxsize=4096)(summarize)


def _vaf_unit(option: VafUnitOption | None) -> VafUnit | None:
    from onconav.clinical.scores import VafUnit

    return None if option is None else VafUnit(option.value)


# ---------------------------------------------------------------------------------------
# Batch: CSV in the ipssm batch format
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSummary:
    rows: int
    errors: int
    layout: BatchLayout


class MissingColumnsError(ValueError):
    """The file lacks columns the scores need."""


def score_csv(
    source: TextIO,
    target: TextIO,
    *,
    vaf_unit: VafUnit | None = None,
    summarize: Summarize | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Stream ``source`` (ipssm batch CSV) to ``target`` with every score, chunk by chunk.

    Raises MissingColumnsError when required columns are absent (nothing is written then).
    """
    from onconav.clinical.scores.batch import batch_layout, score_rows

    reader = csv.reader(source)
    header = next(reader, None)
    if header is None:
        raise MissingColumnsError("the file is empty (no header line)")
    layout = batch_layout(header)
    if layout.missing:
        raise MissingColumnsError(
            "the file is missing required column(s): " + ", ".join(layout.missing)
        )
    writer = csv.DictWriter(target, fieldnames=layout.output_header, lineterminator="\n")
    writer.writeheader()
    rows = errors = 0
    for chunk in _chunks(reader, layout.header):
        out = score_rows(chunk, layout, vaf_unit=vaf_unit, summarize=summarize)
        writer.writerows(out)
        rows += len(out)
        errors += sum(1 for row in out if row["ERROR"])
        if on_chunk is not None:
            on_chunk(len(out))
    return BatchSummary(rows=rows, errors=errors, layout=layout)


def _chunks(
    reader: Iterator[list[str]], header: tuple[str, ...]
) -> Iterator[list[dict[str, str | None]]]:
    chunk: list[dict[str, str | None]] = []
    width = len(header)
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue  # a blank line is not a patient
        padded: list[str | None] = [*cells[:width], *([None] * (width - len(cells)))]
        chunk.append(dict(zip(header, padded, strict=True)))
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _needs_karyotype(input_path: Path) -> bool:
    from onconav.clinical.scores.batch import batch_layout

    try:
        with input_path.open(newline="", encoding="utf-8-sig") as source:
            header = next(csv.reader(source), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False  # reported when the file is read for scoring
    return batch_layout(header).has_karyotype


def _run_batch(
    input_path: Path, output_path: Path | None, vaf_unit: VafUnit | None, quiet: bool
) -> None:
    err = stderr_console()
    if output_path is not None and output_path.resolve() == input_path.resolve():
        fail("The output file must not be the input file.", EXIT_USAGE)
    summarize: Summarize | None = None
    if _needs_karyotype(input_path):
        try:
            summarize = load_summarize()
        except KaryotypeUnavailableError as error:
            fail(str(error), EXIT_FAILED)
    try:
        source = input_path.open(newline="", encoding="utf-8-sig")
        size = input_path.stat().st_size
    except OSError as error:
        fail(f"Cannot read {input_path}: {error.strerror or error}.", EXIT_USAGE)
    with source:
        try:
            target = (
                sys.stdout
                if output_path is None
                else output_path.open("w", newline="", encoding="utf-8")
            )
        except OSError as error:
            fail(f"Cannot write {output_path}: {error.strerror or error}.", EXIT_USAGE)
        try:
            summary = _score_with_progress(source, target, vaf_unit, summarize, size, err)
        except MissingColumnsError as error:
            _discard(target, output_path)
            fail(
                f"{input_path}: {error}. Use the column names of the ipssm R package / web "
                "calculator batch file (ID, HB, PLT, BM_BLAST, ANC, AGE, del5q, del7_7q, "
                "del17_17p, complex, CYTO_IPSSR, TP53mut, TP53maxvaf, TP53loh, MLL_PTD, FLT3 "
                "and the 28 gene columns), with NA for values that are not known.",
                EXIT_USAGE,
            )
        except UnicodeDecodeError:
            _discard(target, output_path)
            fail(f"{input_path} is not UTF-8 text; save it as CSV (UTF-8).", EXIT_USAGE)
        except csv.Error as error:
            _discard(target, output_path)
            fail(f"{input_path} is not a readable CSV file: {error}.", EXIT_USAGE)
        if target is not sys.stdout:
            target.close()
    if not quiet:
        for note in summary.layout.notes:
            err.print(f"Note: {escape(note)}")
        where = "standard output" if output_path is None else str(output_path)
        err.print(
            f"Scored {summary.rows - summary.errors} of {summary.rows} patients → {escape(where)}"
        )
    if summary.errors:
        err.print(
            f"[yellow]{summary.errors} row(s) could not be scored; see their ERROR column.[/]"
        )
        raise typer.Exit(EXIT_FAILED)


def _score_with_progress(
    source: TextIO,
    target: TextIO,
    vaf_unit: VafUnit | None,
    summarize: Summarize | None,
    size: int,
    err: Console,
) -> BatchSummary:
    if size < PROGRESS_MIN_BYTES or not err.is_terminal:
        return score_csv(source, target, vaf_unit=vaf_unit, summarize=summarize)
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        TextColumn("Scoring"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f} %"),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("Scoring", total=size)
        return score_csv(
            source,
            target,
            vaf_unit=vaf_unit,
            summarize=summarize,
            on_chunk=lambda _: progress.update(task, completed=_position(source, size)),
        )


def _position(source: TextIO, size: int) -> int:
    try:
        return min(source.buffer.tell(), size)
    except (AttributeError, OSError, ValueError):
        return 0


def _discard(target: TextIO, output_path: Path | None) -> None:
    if output_path is not None and target is not sys.stdout:
        target.close()
        output_path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------
# Single patient: options → RiskInputs
# ---------------------------------------------------------------------------------------

_EXTRA_MARKERS = {"TP53": "TP53", "FLT3": "FLT3", "MLL_PTD": "MLL_PTD", "KMT2A_PTD": "MLL_PTD"}


def _gene_names(values: list[str] | None) -> list[str]:
    names: list[str] = []
    for value in values or []:
        names += [n.strip().upper().replace("-", "_") for n in value.split(",") if n.strip()]
    return names


def _statuses(mutated: list[str], wild_type: list[str]) -> tuple[dict[str, bool], list[str]]:
    """Gene → mutated?, and the names these scores do not read (reported, not used)."""
    from onconav.clinical.scores import IpssmGene

    model_genes = [g.value for g in IpssmGene]
    known = set(model_genes) | set(_EXTRA_MARKERS)
    both = sorted(set(mutated) & set(wild_type))
    if both:
        fail(f"Listed both as mutated and as wild type: {', '.join(both)}.", EXIT_USAGE)
    status: dict[str, bool] = {}
    ignored: list[str] = []
    for name in mutated:
        if name in known:
            status[_EXTRA_MARKERS.get(name, name)] = True
        else:
            ignored.append(name)
    for name in wild_type:
        if name in known:
            status[_EXTRA_MARKERS.get(name, name)] = False
        elif name != OTHER_GENES:
            ignored.append(name)
    if OTHER_GENES in wild_type:
        for other in [*model_genes, "TP53", "FLT3", "MLL_PTD"]:
            status.setdefault(other, False)
    return status, ignored


def _choice(text: str | None, choices: type[GroupT], option: str) -> GroupT | None:
    if text is None:
        return None
    for choice in choices:
        if choice.value.casefold() == " ".join(text.split()).casefold():
            return choice
    spelled = ", ".join(f'"{c.value}"' for c in choices)
    fail(f"{option} {text!r} is not one of {spelled}.", EXIT_USAGE)


def _tp53_count(
    text: str | None, tp53_status: bool | None
) -> tuple[Tp53MutationCount | None, list[str]]:
    from onconav.clinical.scores import Tp53MutationCount

    if text is not None:
        cleaned = text.strip().casefold()
        counts = {"0": Tp53MutationCount.NONE, "1": Tp53MutationCount.ONE}
        count = counts.get(cleaned)
        if cleaned in {"2", "2+", "2 or more", "3", "4", "5"}:
            count = Tp53MutationCount.TWO_OR_MORE
        if count is None:
            fail(f"--tp53-mutations {text!r} must be 0, 1 or 2+.", EXIT_USAGE)
        if tp53_status is False and count is not Tp53MutationCount.NONE:
            fail("TP53 is listed as wild type but --tp53-mutations is not 0.", EXIT_USAGE)
        if tp53_status is True and count is Tp53MutationCount.NONE:
            fail("TP53 is listed as mutated but --tp53-mutations is 0.", EXIT_USAGE)
        return count, []
    if tp53_status is False:
        return Tp53MutationCount.NONE, []
    if tp53_status is True:
        return None, [
            "TP53 is mutated but the number of TP53 mutations was not given "
            "(--tp53-mutations 1 or 2+), so the IPSS-M counts it as not known."
        ]
    return None, []


@dataclass(frozen=True)
class PatientOptions:
    hb: float | None
    plt: float | None
    bm_blast: float | None
    anc: float | None
    age: float | None
    cyto_ipssr: str | None
    cyto_ipss: str | None
    del5q: bool | None
    del7_7q: bool | None
    del17_17p: bool | None
    complex_karyotype: bool | None
    mutated: list[str] | None
    wild_type: list[str] | None
    tp53_mutations: str | None
    tp53_vaf: str | None
    tp53_loh: bool | None


def _patient(options: PatientOptions, vaf_unit: VafUnit | None) -> tuple[RiskInputs, list[str]]:
    from pydantic import ValidationError

    from onconav.clinical.cytogenetics import IpssCytoCategory, IpssrCytoCategory
    from onconav.clinical.scores import IpssmGene, RiskInputs, parse_vaf

    notes: list[str] = []
    status, ignored = _statuses(_gene_names(options.mutated), _gene_names(options.wild_type))
    if ignored:
        notes.append(f"Not used by these scores: {', '.join(ignored)}.")
    count, tp53_notes = _tp53_count(options.tp53_mutations, status.get("TP53"))
    notes += tp53_notes
    vaf: float | None = None
    if options.tp53_vaf is not None:
        try:
            vaf = parse_vaf(options.tp53_vaf, vaf_unit)
        except ValueError as error:
            fail(f"--tp53-vaf: {error}", EXIT_USAGE)
    model_genes = {g.value for g in IpssmGene}
    try:
        patient = RiskInputs(
            hb=options.hb,
            plt=options.plt,
            bm_blast=options.bm_blast,
            anc=options.anc,
            age=options.age,
            cyto_ipssr=_choice(options.cyto_ipssr, IpssrCytoCategory, "--cyto-ipssr"),
            cyto_ipss=_choice(options.cyto_ipss, IpssCytoCategory, "--cyto-ipss"),
            del5q=options.del5q,
            del7_7q=options.del7_7q,
            del17_17p=options.del17_17p,
            complex=options.complex_karyotype,
            tp53_mutations=count,
            tp53_max_vaf=vaf,
            tp53_loh=options.tp53_loh,
            mll_ptd=status.get("MLL_PTD"),
            flt3=status.get("FLT3"),
            genes={IpssmGene(g): s for g, s in status.items() if g in model_genes},
        )
    except ValidationError as error:
        messages = [str(e["msg"]).removeprefix("Value error, ") for e in error.errors()]
        fail(" ".join(messages), EXIT_USAGE)
    return patient, notes


# ---------------------------------------------------------------------------------------
# Rendering one patient
# ---------------------------------------------------------------------------------------

_UNITS = {"HB": " g/dL", "PLT": " x10^9/L", "BM_BLAST": " %", "ANC": " x10^9/L", "AGE": " years"}


def _shown(value: object, column: str = "") -> str:
    if isinstance(value, float):
        return f"{value:g}{_UNITS.get(column, '')}"
    return str(value)


def _finding(result: IpssmResult, variable: str, label: str, inputs: tuple[str, ...]) -> str:
    """A model variable as the patient's finding, e.g. "hemoglobin 9.6 g/dL"."""
    used = result.inputs_used
    if len(inputs) == 1 and inputs[0] in used:
        value = used[inputs[0]]
        if inputs[0] in _UNITS or inputs[0] == "CYTO_IPSSR":
            return f"{label} {_shown(value, inputs[0])}"
        return f"{label}: {'yes' if value == 1 else 'no'}"
    if variable == "nRes2":
        return f"{label}: {result.derived['nRes2mean']:g}"
    derived = result.derived.get(variable)
    return label if derived is None else f"{label}: {'yes' if derived == 1 else 'no'}"


def _render_ipssm(result: IpssmResult, console: Console) -> None:
    mean, best, worst = result.mean, result.best, result.worst
    head = "[bold]IPSS-M (molecular, 2022):[/]"
    if result.score is not None:
        console.print(f"{head} score {result.score:g}, [bold]{result.category}[/]")
    elif result.category is not None:
        console.print(
            f"{head} [bold]{result.category}[/] whatever the missing values are; the score "
            f"itself is not settled (estimate {mean.score:g})"
        )
    else:
        console.print(
            f"{head} not settled: the missing values could place it in different "
            f"categories (estimate {mean.score:g}, {mean.category})"
        )
    if best.score != worst.score:
        console.print(
            f"  Range: {best.score:g} ({best.category}) if every missing value were "
            f"favourable, {worst.score:g} ({worst.category}) if every one were unfavourable"
        )
    known = [c for c in result.contributions if c.value is not None]
    raising = sorted((c for c in known if c.mean >= 0.05), key=lambda c: -c.mean)[:3]
    lowering = sorted((c for c in known if c.mean <= -0.05), key=lambda c: c.mean)[:3]
    if raising:
        parts = [
            f"{_finding(result, c.variable, c.label, c.inputs)} (+{c.mean:.2f})" for c in raising
        ]
        console.print(f"  Raising the score most: {escape('; '.join(parts))}")
    if lowering:
        parts = [
            f"{_finding(result, c.variable, c.label, c.inputs)} ({c.mean:.2f})" for c in lowering
        ]
        console.print(f"  Lowering it most: {escape('; '.join(parts))}")
    uncertain = sorted(
        (c for c in result.contributions if c.swing >= 0.005), key=lambda c: -c.swing
    )
    if uncertain:
        parts = []
        for c in uncertain[:MISSING_SHOWN]:
            missing = [i for i in c.inputs if i in result.inputs_missing]
            name = f"{len(missing)} residual genes" if c.variable == "nRes2" else ", ".join(missing)
            parts.append(f"{name} (up to {c.swing:.2f})")
        more = len(uncertain) - MISSING_SHOWN
        tail = f", and {more} more" if more > 0 else ""
        console.print(
            f"  Not given, and how much each could move the score: {escape(', '.join(parts))}{tail}"
        )
        console.print(
            "  Knowing them would narrow the range."
            + (
                " The category is the same whichever way they turn out."
                if result.category
                else " Until then the category is not settled."
            )
        )
    for note in result.notes:
        console.print(f"  {escape(note)}")


def _render_points(
    name: str, result: IpssrResult | IpssraResult | IpssResult, console: Console
) -> None:
    head = f"[bold]{name}:[/]"
    if result.score is not None:
        console.print(f"{head} score {result.score:g}, [bold]{result.category}[/]")
    elif result.best is None or result.worst is None:
        console.print(f"{head} not computed")
    else:
        settled = (
            f"[bold]{result.category}[/] whatever the missing values are"
            if result.category
            else "category not settled"
        )
        console.print(
            f"{head} {settled}; score between {result.best:g} ({result.category_best}) and "
            f"{result.worst:g} ({result.category_worst})"
        )
    parts = []
    for c in result.contributions:
        value = "not known" if c.value is None else _shown(c.value, c.variable)
        if c.points is not None:
            parts.append(f"{c.label} {value} {c.points:+g}")
        elif c.best is not None and c.worst is not None:
            parts.append(f"{c.label} {value} ({c.best:+g} to {c.worst:+g})")
    if parts:
        console.print(f"  Points: {escape('; '.join(parts))}")
    if result.inputs_missing:
        console.print(f"  Not given: {escape(', '.join(result.inputs_missing))}")
    for note in result.notes:
        console.print(f"  {escape(note)}")


def _render_text(
    scores: RiskScores,
    notes: list[str],
    console: Console,
    other_reading: tuple[RiskInputs, RiskScores] | None = None,
) -> None:
    from onconav.service.score_summary import RISK_DISCLAIMER

    console.print(f"[italic]{RISK_DISCLAIMER}[/]")
    console.print()
    _render_ipssm(scores.ipssm, console)
    _render_points("IPSS-R (2012)", scores.ipssr, console)
    _render_points("IPSS-RA (age-adjusted IPSS-R, for survival)", scores.ipssra, console)
    _render_points("IPSS (1997)", scores.ipss, console)
    for note in notes:
        console.print(f"Note: {escape(note)}")
    if other_reading is not None:
        _render_other_reading(*other_reading, console)
    console.print()
    console.print("Sources:")
    references = dict.fromkeys(r.model.reference for r in (scores.ipssm, scores.ipssr, scores.ipss))
    for number, reference in enumerate(references, start=1):
        console.print(f"  [{number}] {escape(reference)}")


# ---------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------


def risk_command(
    input_path: Annotated[
        Path | None,
        typer.Option(
            "--input", "-i", help="CSV file of patients in the ipssm batch format (batch mode)"
        ),
    ] = None,
    output_path: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the scored CSV (default: stdout)"),
    ] = None,
    hb: Annotated[float | None, typer.Option("--hb", help="Hemoglobin, g/dL")] = None,
    plt: Annotated[float | None, typer.Option("--plt", help="Platelets, x10^9/L")] = None,
    bm_blast: Annotated[
        float | None, typer.Option("--bm-blast", help="Bone marrow blasts, %")
    ] = None,
    anc: Annotated[
        float | None, typer.Option("--anc", help="Absolute neutrophil count, x10^9/L")
    ] = None,
    age: Annotated[float | None, typer.Option("--age", help="Age, years")] = None,
    karyotype: Annotated[
        str | None,
        typer.Option("--karyotype", help='ISCN karyotype, e.g. "46,XY,del(5)(q13q33)[20]"'),
    ] = None,
    cyto_ipssr: Annotated[
        str | None,
        typer.Option(
            "--cyto-ipssr",
            help="IPSS-R cytogenetic group: Very Good, Good, Intermediate, Poor or Very Poor",
        ),
    ] = None,
    cyto_ipss: Annotated[
        str | None,
        typer.Option("--cyto-ipss", help="IPSS (1997) karyotype group: Good, Intermediate, Poor"),
    ] = None,
    del5q: Annotated[
        bool | None, typer.Option("--del5q/--no-del5q", help="del(5q) present / absent")
    ] = None,
    del7_7q: Annotated[
        bool | None,
        typer.Option("--del7-7q/--no-del7-7q", help="-7 or del(7q) present / absent"),
    ] = None,
    del17_17p: Annotated[
        bool | None,
        typer.Option("--del17-17p/--no-del17-17p", help="-17 or del(17p) present / absent"),
    ] = None,
    complex_karyotype: Annotated[
        bool | None,
        typer.Option("--complex/--no-complex", help="Complex karyotype (3 or more abnormalities)"),
    ] = None,
    mutated: Annotated[
        list[str] | None,
        typer.Option("--mutated", help="Mutated genes, comma-separated (e.g. SF3B1,SRSF2)"),
    ] = None,
    wild_type: Annotated[
        list[str] | None,
        typer.Option(
            "--wild-type",
            help='Genes tested and not mutated, comma-separated; "others" = every IPSS-M gene '
            "not named in --mutated. Genes in neither list count as not known.",
        ),
    ] = None,
    tp53_mutations: Annotated[
        str | None, typer.Option("--tp53-mutations", help="Number of TP53 mutations: 0, 1 or 2+")
    ] = None,
    tp53_vaf: Annotated[
        str | None,
        typer.Option("--tp53-vaf", help="Largest TP53 VAF: a fraction (0.12) or a percent (12%)"),
    ] = None,
    tp53_loh: Annotated[
        bool | None,
        typer.Option("--tp53-loh/--no-tp53-loh", help="TP53 loss of heterozygosity (LOH)"),
    ] = None,
    vaf_unit: Annotated[
        VafUnitOption | None,
        typer.Option(
            "--tp53-vaf-unit",
            help="Read bare TP53 VAF numbers as a fraction (0.12) or a percent (12); "
            "without it, a bare number above 1 is an error",
        ),
    ] = None,
    patient_label: Annotated[
        str | None,
        typer.Option(
            "--patient", "-p", help="Score from this person's records (see onconav records add)"
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (default) or json")
    ] = OutputFormat.TEXT,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr")] = False,
) -> None:
    """MDS risk scores: IPSS-M, IPSS-R, IPSS-RA and IPSS (1997).

    One patient from options, or many from a file: --input patients.csv --output results.csv
    (columns of the ipssm R package / web calculator batch file; NA for values not known).
    Values not known are never guessed: the scores then show the best and the worst case.
    Exit codes: 0 ok; 1 some rows could not be scored (see their ERROR column); 2 bad
    options or input. Information, not medical advice.
    """
    options = PatientOptions(
        hb=hb,
        plt=plt,
        bm_blast=bm_blast,
        anc=anc,
        age=age,
        cyto_ipssr=cyto_ipssr,
        cyto_ipss=cyto_ipss,
        del5q=del5q,
        del7_7q=del7_7q,
        del17_17p=del17_17p,
        complex_karyotype=complex_karyotype,
        mutated=mutated,
        wild_type=wild_type,
        tp53_mutations=tp53_mutations,
        tp53_vaf=tp53_vaf,
        tp53_loh=tp53_loh,
    )
    given = [
        "--" + name.replace("_karyotype", "").replace("_", "-")
        for name, value in vars(options).items()
        if value is not None
    ]
    if karyotype is not None:
        given.append("--karyotype")
    if patient_label is not None:
        if given or input_path is not None:
            fail("Give either --patient or values/--input, not both.", EXIT_USAGE)
        if output_format is OutputFormat.MARKDOWN:
            fail("--format must be text or json.", EXIT_USAGE)
        from onconav.cli.patient_risk import score_patient

        score_patient(patient_label, output_format)
        return
    if input_path is not None:
        if given:
            fail(
                "Give either --input (a file of patients) or one patient's values, not both "
                f"({', '.join(given)}).",
                EXIT_USAGE,
            )
        if output_format is not OutputFormat.TEXT:
            fail("--format is for one patient; a file is scored into CSV.", EXIT_USAGE)
        _run_batch(input_path, output_path, _vaf_unit(vaf_unit), quiet)
        return
    if output_path is not None:
        fail(
            "--output is for a file of patients (--input); for one patient use --format json.",
            EXIT_USAGE,
        )
    if not given:
        fail(
            "Nothing to score. Give one patient's values (for example --hb 9.6 --plt 281 "
            '--bm-blast 9 --karyotype "46,XY[20]" --mutated SF3B1) or --input FILE. '
            "See onconav risk --help.",
            EXIT_USAGE,
        )
    if output_format is OutputFormat.MARKDOWN:
        fail("--format must be text or json.", EXIT_USAGE)
    _score_one(options, karyotype, _vaf_unit(vaf_unit), output_format)


def _score_one(
    options: PatientOptions,
    karyotype: str | None,
    vaf_unit: VafUnit | None,
    output_format: OutputFormat,
) -> None:
    from onconav.clinical.scores import (
        KaryotypeConflictError,
        risk_scores,
        with_alternative_karyotype,
        with_karyotype,
    )

    given, notes = _patient(options, vaf_unit)
    patient = given
    summary: KaryotypeSummary | None = None
    alternative: RiskInputs | None = None
    if karyotype is not None:
        try:
            summary = load_summarize()(karyotype)
            patient = with_karyotype(given, summary)
        except KaryotypeUnavailableError as error:
            fail(str(error), EXIT_FAILED)
        except KaryotypeConflictError as error:
            fail(f"{error}. Drop the conflicting option or check the karyotype.", EXIT_USAGE)
        except ValueError as error:
            fail(f"The karyotype could not be read: {error}", EXIT_USAGE)
        alternative = with_alternative_karyotype(given, summary)
        notes.append(
            f"Karyotype read as IPSS-R group {summary.ipssr_category or 'not known'} "
            f"({summary.ipssr_rule.rstrip('.')}) and IPSS group "
            f"{summary.ipss_category or 'not known'} ({summary.ipss_rule.rstrip('.')})."
        )
        notes += [f"Karyotype: {flag}" for flag in summary.flags]

    scores = risk_scores(patient)
    other = None if alternative is None else risk_scores(alternative)
    if output_format is OutputFormat.JSON:
        from onconav.service.score_summary import RISK_DISCLAIMER, scores_summary

        payload = {
            "disclaimer": RISK_DISCLAIMER,
            **scores_summary(scores),
            "inputs": patient.model_dump(mode="json"),
            "karyotype": None if summary is None else summary.model_dump(mode="json"),
            "detail": scores.model_dump(mode="json"),
            "karyotype_other_reading": None
            if other is None or alternative is None
            else {"inputs": alternative.model_dump(mode="json"), **other.model_dump(mode="json")},
            "notes": notes,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    other_reading = None if other is None or alternative is None else (alternative, other)
    _render_text(scores, notes, stdout_console(), other_reading)


def _render_other_reading(alternative: RiskInputs, other: RiskScores, console: Console) -> None:
    m, r = other.ipssm, other.ipssr
    ipssm_text = f"{m.mean.score:.2f} ({m.mean.category})"
    ipssr_text = "not settled" if r.score is None else f"{r.score:g} ({r.category})"
    console.print(
        f"With the other reading of the karyotype (IPSS-R group {alternative.cyto_ipssr}), "
        f"the IPSS-M estimate would be {escape(ipssm_text)} and IPSS-R {escape(ipssr_text)}."
    )
