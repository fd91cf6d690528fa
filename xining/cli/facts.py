"""`xining facts`: list facts with filters that combine."""

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    KindsOption,
    LangOption,
    LimitOption,
    MetricsOption,
    SourcesOption,
    TopicsOption,
    YearsOption,
    emit,
    fact_filters,
    open_store,
)
from xining.present.output import Lang

app = typer.Typer()


@app.command("facts")
def facts_command(
    topic: TopicsOption = None,
    year: YearsOption = None,
    kind: KindsOption = None,
    metric: MetricsOption = None,
    source: SourcesOption = None,
    text: Annotated[
        str | None, typer.Option("--search", help="Only facts whose labels, quote or source contain TEXT.")
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help="Order by id, period, topic, source or value.")] = "id",
    limit: LimitOption = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """List facts: observations, designations and milestones, with filters that combine."""
    from xining.answers.query import bounded, select

    text = bounded(text) if text is not None else None  # before the base is opened: a usage error is instant
    filters = fact_filters(topic, year, kind, metric, source, text=text, sort=sort, limit=limit)
    emit(select(open_store(), filters), format, json, fields, lang)
