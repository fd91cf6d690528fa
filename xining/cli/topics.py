"""`xining topics`: the topic vocabulary."""

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


@app.command("topics")
def topics_command(
    format: FormatOption = None, json: JsonOption = False, fields: FieldsOption = None, lang: LangOption = Lang.BOTH
) -> None:
    """List the topics with their labels and number of facts."""
    from xining.answers import inventory

    emit(inventory.topics(open_store(), settings.as_of), format, json, fields, lang)
