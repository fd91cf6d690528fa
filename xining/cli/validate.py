"""`xining validate`: check the base."""

from pathlib import Path
from typing import Annotated

import typer

from xining.cli.common import (
    FormatOption,
    JsonOption,
    emit,
    settings,
)
from xining.errors import EXIT_PROBLEMS

app = typer.Typer()


@app.command("validate")
def validate_command(
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="Folder of the source articles: also check SHA-256 sums, every quote, and that every number of "
            "every article is a fact's figure, part of a date, or left out with a reason.",
        ),
    ] = None,
    format: FormatOption = None,
    json: JsonOption = False,
) -> None:
    """Check the whole base; each problem is one line 'file:line: message'. Exit 0 clean, 1 problems, 2 usage."""
    from xining.answers.validate import validate

    report = validate(settings.base, sources)
    if format is None and not json:
        import sys

        from xining.present.wording import literal  # a base under validation is not trusted yet

        for problem in report.problems:
            sys.stdout.write(f"{literal(str(problem), one_line=True)}\n")
        verdict = "ok" if report.ok else f"{len(report.problems)} problem(s)"
        checked = f", {report.quotes_checked} quotes in {report.sources_checked} sources" if sources else ""
        sys.stderr.write(f"{verdict}: {report.facts} facts{checked}\n")
        if sources:
            sys.stderr.write(f"{report.coverage_line()}\n")
    else:
        emit(report, format, json)
    if not report.ok:
        raise typer.Exit(EXIT_PROBLEMS)
