"""`xining sources`: the source articles."""

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
from xining.present.output import Lang

app = typer.Typer()


@app.command("sources")
def sources_command(
    format: FormatOption = None, json: JsonOption = False, fields: FieldsOption = None, lang: LangOption = Lang.BOTH
) -> None:
    """List the source articles: citation, publication date as far as known, and number of facts."""
    from xining.answers import inventory

    emit(inventory.sources(open_store(), settings.as_of), format, json, fields, lang)
