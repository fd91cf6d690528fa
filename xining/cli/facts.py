"""`xining facts`: list facts with filters that combine."""

from __future__ import annotations

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
    open_store,
    settings,
)
from xining.output import Lang
from xining.query import Filters, select

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
    filters = Filters(
        topics=tuple(topic or ()),
        years=tuple(year or ()),
        kinds=tuple(kind or ()),
        metrics=tuple(metric or ()),
        sources=tuple(source or ()),
        text=text,
        sort=sort,
        limit=limit,
        as_of=settings.as_of,
    )
    emit(select(open_store(), filters), format, json, fields, lang)
