"""`xining check [TEXT] [--file PATH]`: every figure and title of a draft, checked against the base."""

from typing import Annotated

import typer

from xining.answers.cite import DEFAULT_STYLE, STYLES
from xining.cli.common import FormatOption, JsonOption, LangOption, emit, open_store, parse_day
from xining.present.output import Lang

app = typer.Typer()


@app.command("check")
def check_command(
    text: Annotated[
        str | None, typer.Argument(metavar="[TEXT]", help="The draft, in Chinese, English or both.")
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", metavar="PATH", help="Read the draft from a file (- for standard input).")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="The draft's date, for 今年, 去年, this year (default: today)."
        ),
    ] = None,
    style: Annotated[
        str, typer.Option("--style", "-s", metavar=f"<{'|'.join(STYLES)}>", help="Citation style of each finding.")
    ] = DEFAULT_STYLE,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="<contradicted|imprecise|never>",
            help="Exit 1 when a claim is this bad or worse (default imprecise: contradicted or imprecise).",
        ),
    ] = "imprecise",
    format: FormatOption = None,
    json: JsonOption = False,
    lang: LangOption = Lang.BOTH,
) -> None:
    """Check every figure and title of a draft against the base: supported, imprecise, contradicted or not_found."""
    import sys
    from datetime import date as calendar

    from xining.answers.check import check, exit_code
    from xining.answers.check.drafts import read_draft

    draft = read_draft(text, file, sys.stdin.buffer)
    day = parse_day(date, "--date") if date else calendar.today()
    result = check(open_store(), draft, day, style)
    emit(result, format, json, None, lang)
    code = exit_code(result, fail_on)
    if code:
        raise typer.Exit(code)
