"""`xining metrics`: the metric registry."""

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    LangOption,
    complete_topic,
    emit,
    open_store,
    settings,
)
from xining.errors import unknown
from xining.present.output import Lang

app = typer.Typer()


@app.command("metrics")
def metrics_command(
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="Only metrics of this topic.", autocompletion=complete_topic)
    ] = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """List the metric registry: what is measured, its unit, and the periods observed."""
    from xining.answers import inventory

    store = open_store()
    if topic is not None and not store.exists("topics", topic):
        raise unknown("topic", topic, store.ids("topics"), see="xining topics")
    emit(inventory.metrics(store, topic, settings.as_of), format, json, fields, lang)
