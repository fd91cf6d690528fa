"""`xining show ID`: one fact as a card."""

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    LangOption,
    complete_fact,
    emit,
    open_store,
    settings,
)
from xining.present.output import Lang

app = typer.Typer()


@app.command("show")
def show_command(
    fact_id: Annotated[
        str, typer.Argument(metavar="ID", help="The fact's id (see: xining facts).", autocompletion=complete_fact)
    ],
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """Show one fact as a card: value and qualifier, period, quote, full citation, derivation and related articles."""
    from xining.answers.query import card

    emit(card(open_store(), fact_id, settings.as_of), format, json, fields, lang)
