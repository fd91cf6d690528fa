"""Commands over time: compare, trend, timeline."""

from __future__ import annotations

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    KindsOption,
    LangOption,
    MetricsOption,
    TopicsOption,
    complete_metric,
    emit,
    open_store,
    settings,
)
from xining.output import Lang
from xining.query import Filters, timeline

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
    from xining.compare import compare

    emit(
        compare(open_store(), a, b, tuple(topic or ()), tuple(metric or ()), settings.as_of), format, json, fields, lang
    )


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
    from xining.compare import trend

    emit(trend(open_store(), metric, settings.as_of), format, json, fields, lang)


@app.command("timeline")
def timeline_command(
    first: Annotated[int | None, typer.Option("--from", help="From this year on.")] = None,
    last: Annotated[int | None, typer.Option("--to", help="Up to this year.")] = None,
    kind: KindsOption = None,
    topic: TopicsOption = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """List every dated designation, milestone and observation in time order."""
    filters = Filters(
        kinds=tuple(kind or ()), topics=tuple(topic or ()), as_of=settings.as_of, from_year=first, to_year=last
    )
    emit(timeline(open_store(), filters), format, json, fields, lang)
