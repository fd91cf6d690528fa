"""`xining diff OLD NEW`: what changed between two fact bases (folders or git revisions)."""

import sys
from typing import Annotated

import typer

from xining.cli.common import FieldsOption, FormatOption, JsonOption, emit, settings
from xining.errors import EXIT_PROBLEMS

app = typer.Typer()


@app.command("diff")
def diff_command(
    old: Annotated[
        str,
        typer.Argument(help="The older base: a folder, release:NAME (release:2026.11.0) or git:REVISION (git:HEAD~3)."),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            help="The newer base, in the same notation. Default: the base in use (--base, or the bundled one).",
            show_default=False,
        ),
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when the bases differ, 0 when they do not (as git diff).")
    ] = False,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """List facts added, removed and changed field by field between two bases, with metric and source changes."""
    from xining.answers.diff import diff
    from xining.base.files import resolve_base
    from xining.present.wording import literal

    result = diff(old, new if new is not None else str(resolve_base(settings.base)), settings.base)
    for side in (result.old, result.new):
        if side.problems:
            said = (
                f"warning: {side.ref}: this xining finds {len(side.problems)} problem(s) in it; records it cannot "
                f"read are compared as 'unreadable'; first: {side.problems[0]}"
            )
            sys.stderr.write(literal(said, one_line=True) + "\n")  # the problem quotes the base: shown, not obeyed
    emit(result, format, json, fields)
    if exit_code and result.differ:
        raise typer.Exit(EXIT_PROBLEMS)
