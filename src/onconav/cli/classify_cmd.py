"""``onconav classify``: WHO 2022 and ICC 2022 candidate MDS categories from a findings file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table
from rich.text import Text

from onconav.cli.output import EXIT_USAGE, OutputFormat, fail, stdout_console
from onconav.clinical.classification import (
    Classification,
    Findings,
    SideBySide,
    Status,
    classify,
    findings_json_schema,
)

_STATUS_WORDS = {
    Status.ASSIGNED: "candidate (a pathologist confirms)",
    Status.NOT_ASSIGNABLE_YET: "cannot be assigned yet",
    Status.NEEDS_REVIEW: "left to the pathologist",
}
_SYSTEM_NAMES = {"WHO": "WHO 2022", "ICC": "ICC 2022"}


def classify_command(
    findings_file: Annotated[
        Path | None,
        typer.Argument(
            help="Findings file (JSON; see --schema for its format).", show_default=False
        ),
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the JSON Schema of the findings file and exit.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json (markdown prints text).")
    ] = OutputFormat.TEXT,
) -> None:
    """Show the WHO 2022 and ICC 2022 MDS categories your findings point to, side by side.

    Candidates only: the pathologist decides. Unknown findings are never taken as normal.
    """
    if schema:
        print(json.dumps(findings_json_schema(), indent=2, ensure_ascii=False))
        return
    if findings_file is None:
        fail(
            "Give a findings file, e.g. 'onconav classify findings.json' "
            "(its format: 'onconav classify --schema').",
            EXIT_USAGE,
        )
    findings = _read_findings(findings_file)
    result = classify(findings)
    if output_format is OutputFormat.JSON:
        print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        _render_text(result)


def _read_findings(path: Path) -> Findings:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        fail(f"Cannot read the findings file {path}: {error.strerror or error}.", EXIT_USAGE)
    except UnicodeDecodeError:
        fail(f"The findings file {path} is not UTF-8 text.", EXIT_USAGE)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        fail(
            f"The findings file {path} is not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno}).",
            EXIT_USAGE,
        )
    try:
        return Findings.model_validate(data)
    except ValidationError as error:
        problems = [_describe(e) for e in error.errors(include_url=False)]
        fail(
            f"The findings file {path} does not match the findings format:\n  "
            + "\n  ".join(problems)
            + "\n(See 'onconav classify --schema'.)",
            EXIT_USAGE,
        )


def _describe(error: object) -> str:
    if not isinstance(error, dict):
        return str(error)
    where = ".".join(str(part) for part in error.get("loc", ())) or "(top level)"
    message = str(error.get("msg", "invalid value"))
    if error.get("type") == "extra_forbidden":
        message = "this field is not part of the findings format (check its spelling)"
    if where.endswith("vaf") or where.endswith("max_vaf"):
        message += " (a VAF is a fraction: write 38 % as 0.38)"
    return f"{where}: {message}"


def _render_text(result: SideBySide) -> None:
    console = stdout_console()

    def say(line: str = "", style: str | None = None) -> None:
        console.print(Text(line, style=style or ""))

    say("MDS classification: candidate categories from your findings", "bold")
    say(result.notice)
    say()
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("")
    for c in (result.who, result.icc):
        table.add_column(_SYSTEM_NAMES[c.system])
    both = (result.who, result.icc)
    table.add_row(Text("Category"), *(Text(_category(c)) for c in both))
    table.add_row(Text("Status"), *(Text(_STATUS_WORDS[c.status]) for c in both))
    table.add_row(Text("Subtype"), *(Text(c.subtype or "-") for c in both))
    table.add_row(Text("Qualifiers"), *(Text(", ".join(c.qualifiers) or "-") for c in both))
    console.print(table)
    say()
    say(result.crosswalk)

    sources: dict[str, int] = {}
    for c in (result.who, result.icc):
        say()
        say(f"How {_SYSTEM_NAMES[c.system]} got there", "bold")
        for criterion in c.deciding_criteria:
            ref = sources.setdefault(criterion.source, len(sources) + 1)
            mark = "" if criterion.verification == "V" else " (rule not verified)"
            say(f"  - {criterion.statement} [{criterion.rule_id}; {ref}]{mark}")
        if c.possible_categories:
            say("  It could still be any of:")
            for p in c.possible_categories:
                say(f"    - {p.name} ({p.code})")

    if result.divergences:
        say()
        say("Where the two systems differ", "bold")
        for flag in result.divergences:
            say(f"  - {flag.message}")

    missing = _merged_missing(result)
    say()
    say("Missing findings that could change this", "bold")
    if not missing:
        say("  - nothing that would change the categories above")
    for text in missing:
        say(f"  - {text}")

    flags = _merged_flags(result)
    if flags:
        say()
        say("Points to raise with your care team", "bold")
        for text in flags:
            say(f"  - {text}")

    say()
    say("Before any MDS category applies", "bold")
    say(f"  {result.who.prerequisites}")
    say()
    say("Sources", "bold")
    for source, number in sources.items():
        say(f"  [{number}] {source}")


def _category(c: Classification) -> str:
    if c.category is None:
        return "not yet: see below"
    return f"{c.category} ({c.code})"


def _merged_missing(result: SideBySide) -> list[str]:
    merged: dict[str, set[str]] = {}
    for c in (result.who, result.icc):
        for item in c.missing:
            merged.setdefault(f"{item.test} [{item.field}]", set()).add(_SYSTEM_NAMES[c.system])
    return [f"{text} ({' and '.join(sorted(systems))})" for text, systems in merged.items()]


def _merged_flags(result: SideBySide) -> list[str]:
    merged: dict[str, set[str]] = {}
    for c in (result.who, result.icc):
        for flag in c.flags:
            merged.setdefault(flag.message, set()).add(_SYSTEM_NAMES[c.system])
    return [f"{text} ({' and '.join(sorted(systems))})" for text, systems in merged.items()]
