"""``onconav karyotype``: read an ISCN karyotype and explain its cytogenetic risk group.

One karyotype on the command line, or a file with one karyotype per line (``--input``)
written to CSV (``--output``, or standard output). Every rule lives in
``onconav.clinical.karyotype``; this module only reads input and renders results.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.markup import escape

from onconav.cli.output import EXIT_USAGE, OutputFormat, fail, stderr_console, stdout_console

if TYPE_CHECKING:
    from onconav.clinical.cytogenetics import KaryotypeSummary
    from onconav.clinical.karyotype import Karyotype, KaryotypeOutcome

DISCLAIMER = (
    "Information from published scoring rules, not medical advice: the laboratory's report "
    "and your hematologist have the final word."
)
BATCH_COLUMNS = (
    "KARYOTYPE",
    "CYTO_IPSSR",
    "N_ABNORMALITIES",
    "COMPLEX",
    "MONOSOMAL",
    "del5q",
    "del7_7q",
    "del17_17p",
    "FLAGS",
    "ERROR",
)


def karyotype_command(
    karyotype: Annotated[
        str | None,
        typer.Argument(help='ISCN karyotype, e.g. "46,XY,del(5)(q13q33)[20]" (quote it).'),
    ] = None,
    input_file: Annotated[
        Path | None,
        typer.Option("--input", help="A text file with one karyotype per line."),
    ] = None,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", help="CSV file for --input results (default: standard output)."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json (json for scripts).")
    ] = OutputFormat.TEXT,
) -> None:
    """Explain a karyotype: changes counted, IPSS-R and IPSS groups, and any caveats.

    With --input, each line is read separately; a line that cannot be read gets a message
    in the ERROR column and the others continue.
    """
    if (karyotype is None) == (input_file is None):
        fail("give one karyotype, or --input with a file of karyotypes (not both).")
    if input_file is not None:
        _batch(input_file, output_file, output_format)
        return
    assert karyotype is not None
    from onconav.clinical.karyotype import KaryotypeSyntaxError, parse_karyotype, summarize

    try:
        parsed = parse_karyotype(karyotype)
    except KaryotypeSyntaxError as error:
        fail(f"{error}. Please check the karyotype against your report.", EXIT_USAGE)
    summary = summarize(parsed)
    if output_format is OutputFormat.JSON:
        print(json.dumps(_as_json(parsed, summary), indent=2, ensure_ascii=False))
    else:
        _print_text(parsed, summary)


def _as_json(parsed: Karyotype, summary: KaryotypeSummary) -> dict[str, Any]:
    from onconav.clinical.karyotype import render

    data: dict[str, Any] = summary.model_dump(mode="json")
    data["canonical"] = render(parsed)
    data["del7_7q"] = summary.del7_7q
    data["fish"] = None
    if parsed.fish is not None:
        data["fish"] = [
            {
                "signals": [
                    {"probe": s.probe, "copies": s.copies, "locus": s.locus} for s in f.signals
                ],
                "nuclei_with_pattern": f.nuclei_with_pattern,
                "nuclei_total": f.nuclei_total,
                "percent": f.percent,
            }
            for f in parsed.fish.findings
        ]
    data["disclaimer"] = DISCLAIMER
    return data


def _yes_no(value: bool | None) -> str:
    return "not known" if value is None else ("yes" if value else "no")


def _print_text(parsed: Karyotype, summary: KaryotypeSummary) -> None:
    from onconav.clinical.karyotype import render

    console = stdout_console()
    console.print(f"Karyotype: {escape(summary.karyotype)}")
    canonical = render(parsed)
    if canonical != summary.karyotype:
        console.print(f"Read as:   {escape(canonical)}")
    if summary.n_abnormalities is None:
        console.print("No karyotype result to count.")
    elif summary.n_abnormalities == 0:
        console.print("Changes counted: none (a normal karyotype).")
    else:
        listed = ", ".join(summary.abnormalities)
        console.print(f"Changes counted ({summary.n_abnormalities}): {escape(listed)}")
    ipssr = summary.ipssr_category.value if summary.ipssr_category else "not known"
    console.print(f"IPSS-R cytogenetic group: {ipssr}. {escape(summary.ipssr_rule)}")
    if summary.ipssr_category_alternative is not None:
        console.print(
            f"  Under another counting convention it would be "
            f"{summary.ipssr_category_alternative.value} (see notes)."
        )
    ipss = summary.ipss_category.value if summary.ipss_category else "not known"
    console.print(f"IPSS (1997) karyotype group: {ipss}. {escape(summary.ipss_rule)}")
    console.print(
        f"Complex (3 or more changes): {_yes_no(summary.complex)}; "
        f"monosomal: {_yes_no(summary.monosomal)}; del(5q): {_yes_no(summary.del5q)}; "
        f"-7 or del(7q): {_yes_no(summary.del7_7q)}; "
        f"-17 or del(17p): {_yes_no(summary.del17p_or_minus17)}"
    )
    if summary.aml_defining:
        console.print(
            "Rearrangements that can define AML whatever the blast count: "
            + escape(", ".join(summary.aml_defining))
            + ". Ask your team how this affects the diagnosis."
        )
    if parsed.fish is not None:
        console.print("FISH (reported separately):")
        for finding in parsed.fish.findings:
            probes = ", ".join(
                f"{s.probe} {s.copies if s.copies is not None else '?'} signal(s)"
                for s in finding.signals
            )
            share = (
                f" in {finding.nuclei_with_pattern} of {finding.nuclei_total} nuclei "
                f"({finding.percent}%)"
                if finding.percent is not None
                else ""
            )
            console.print(f"  {escape(probes)}{share}")
    for flag in summary.flags:
        console.print(f"Note: {escape(flag)}")
    console.print(DISCLAIMER)


# Below this many distinct karyotypes, starting worker processes costs more than it saves.
PARALLEL_FROM = 20_000
_Read = tuple[dict[str, str], dict[str, Any]]


def _read_all(distinct: list[str]) -> list[_Read]:
    """Each distinct karyotype read once; large batches spread over the machine's cores."""
    workers = min(os.cpu_count() or 1, 8)
    if len(distinct) < PARALLEL_FROM or workers < 2:
        return _read_chunk(distinct)
    size = -(-len(distinct) // workers)
    chunks = [distinct[i : i + size] for i in range(0, len(distinct), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [read for chunk in pool.map(_read_chunk, chunks) for read in chunk]


def _read_chunk(texts: list[str]) -> list[_Read]:
    from onconav.clinical.karyotype import summarize_many

    return [
        _as_row(text, outcome) for text, outcome in zip(texts, summarize_many(texts), strict=True)
    ]


def _as_row(text: str, outcome: KaryotypeOutcome) -> _Read:
    row = dict.fromkeys(BATCH_COLUMNS, "")
    row["KARYOTYPE"] = text
    if isinstance(outcome, Exception):
        row["ERROR"] = str(outcome)
        return row, {"karyotype": text, "error": str(outcome)}
    summary = outcome
    row["CYTO_IPSSR"] = summary.ipssr_category.value if summary.ipssr_category else "NA"
    row["N_ABNORMALITIES"] = (
        "NA" if summary.n_abnormalities is None else str(summary.n_abnormalities)
    )
    row["COMPLEX"] = _flag(summary.complex)
    row["MONOSOMAL"] = _flag(summary.monosomal)
    row["del5q"] = _flag(summary.del5q)
    row["del7_7q"] = _flag(summary.del7_7q)
    row["del17_17p"] = _flag(summary.del17p_or_minus17)
    row["FLAGS"] = " | ".join(summary.flags)
    return row, summary.model_dump(mode="json")


def _flag(value: bool | None) -> str:
    return "NA" if value is None else str(int(value))


def _batch(input_file: Path, output_file: Path | None, output_format: OutputFormat) -> None:
    try:
        lines = input_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"could not read {input_file}: {error}")
    texts = [line.strip() for line in lines if line.strip()]
    distinct = list(dict.fromkeys(texts))
    done = dict(zip(distinct, _read_all(distinct), strict=True))
    rows = [done[text][0] for text in texts]
    summaries = [done[text][1] for text in texts]
    errors = sum(1 for row in rows if row["ERROR"])
    handle: TextIO
    try:
        handle = (
            output_file.open("w", encoding="utf-8", newline="")
            if output_file is not None
            else sys.stdout
        )
    except OSError as error:
        fail(f"could not write {output_file}: {error}")
    try:
        if output_format is OutputFormat.JSON:
            json.dump(summaries, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        else:
            writer = csv.DictWriter(handle, fieldnames=BATCH_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    finally:
        if output_file is not None:
            handle.close()
    if errors:
        stderr_console().print(
            f"{errors} of {len(rows)} karyotypes could not be read; see the ERROR column."
        )
