"""Command-line entry point. Commands parse input, call one public function, render.

Exit codes: 0 success, 1 the work failed (e.g. a check found errors), 2 usage error
(bad arguments or input), 3 internal error (a bug; the message says where to report it).
"""

from __future__ import annotations

import sys

import typer

from onconav.cli import ask_cmd, eval_cmd, kb_cmd, profile_cmd, records_cmd
from onconav.cli.centers_cmd import centers_command
from onconav.cli.classify_cmd import classify_command
from onconav.cli.karyotype_cmd import karyotype_command
from onconav.cli.packet_cmd import packet_command
from onconav.cli.risk_cmd import risk_command
from onconav.cli.serve_cmd import serve_command
from onconav.cli.trials_cmd import trials_command

app = typer.Typer(
    name="onconav",
    help="Cited, plain-language guidance for people living with MDS and their caregivers. "
    "Information, not medical advice.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ask")(ask_cmd.ask_command)
app.add_typer(kb_cmd.app, name="kb")
app.command("eval")(eval_cmd.eval_command)
app.command("risk")(risk_command)
app.command("classify")(classify_command)
app.command("karyotype")(karyotype_command)
app.command("centers")(centers_command)
app.add_typer(records_cmd.app, name="records")
app.add_typer(profile_cmd.app, name="profile")
app.command("trials")(trials_command)
app.command("serve")(serve_command)
app.command("packet")(packet_command)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
