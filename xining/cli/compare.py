"""`xining compare A B`: two periods side by side, like with like."""

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    LangOption,
    MetricsOption,
    TopicsOption,
    emit,
    open_store,
    settings,
)
from xining.present.output import Lang

app = typer.Typer()


@app.command("compare")
def compare_command(
    a: Annotated[str, typer.Argument(help="First period: 2024, 2025H1, 2025Q3 or 2025-01..2025-05.")],
    b: Annotated[str, typer.Argument(help="Second period, in the same notation.")],
    topic: TopicsOption = None,
    metric: MetricsOption = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """Compare two periods like with like: a difference only for the same span of the year, bounds never subtracted."""
    from xining.answers.compare import compare

    emit(
        compare(open_store(), a, b, tuple(topic or ()), tuple(metric or ()), settings.as_of), format, json, fields, lang
    )
