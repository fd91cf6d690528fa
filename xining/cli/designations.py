"""`xining designations` (alias `pilots`): every pilot, list, title and honour."""

from __future__ import annotations

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    LangOption,
    emit,
    open_store,
    settings,
)
from xining.output import Lang
from xining.query import designations

app = typer.Typer()


@app.command("designations")
def designations_command(
    level: Annotated[
        list[str] | None,
        typer.Option("--level", help="national, provincial, municipal, non_governmental, international or unknown."),
    ] = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """List every pilot, list, title and honour, newest first, with level, issuer, date and source."""
    emit(designations(open_store(), tuple(level or ()), settings.as_of), format, json, fields, lang)


app.command("pilots", help="Alias of designations: every pilot, list, title and honour.")(designations_command)
