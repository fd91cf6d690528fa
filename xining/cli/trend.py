"""`xining trend METRIC`: one metric across its periods."""

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    LangOption,
    complete_metric,
    emit,
    open_store,
    settings,
)
from xining.present.output import Lang

app = typer.Typer()


@app.command("trend")
def trend_command(
    metric: Annotated[
        str, typer.Argument(help="The metric's id (see: xining metrics).", autocompletion=complete_metric)
    ],
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """Show a metric across all its periods as bars, each with its period, value, qualifier and source."""
    from xining.answers.compare import trend

    emit(trend(open_store(), metric, settings.as_of), format, json, fields, lang)
