"""`xining search TEXT`: search labels, quotes, topics, designations and sources."""

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    LangOption,
    LimitOption,
    emit,
    open_store,
    settings,
)
from xining.present.output import Lang

app = typer.Typer()


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Chinese or English text, e.g. 碳达峰 or tourism.")],
    limit: LimitOption = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """Search labels, quotes, topics, designations and sources; label matches rank first."""
    from xining.answers.query import search

    emit(search(open_store(), text, settings.as_of, limit), format, json, fields, lang)
