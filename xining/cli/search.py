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
    include_sources: Annotated[
        bool,
        typer.Option(
            "--include-sources",
            help="Also list facts found only through their article's title or publisher (left out by default).",
        ),
    ] = False,
) -> None:
    """Search labels, quotes, topics and designations; label matches rank first, stated before derived."""
    from xining.answers.query import bounded, search

    text = bounded(text)  # before the base is opened: a usage error is instant
    emit(search(open_store(), text, settings.as_of, limit, include_sources), format, json, fields, lang)
