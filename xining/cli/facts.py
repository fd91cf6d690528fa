"""Commands that read facts: facts, show, search, designations."""

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
    TopicsOption,
    complete_fact,
    complete_source,
    emit,
    open_store,
    settings,
)
from xining.output import Lang
from xining.query import Filters, card, designations, search, select

app = typer.Typer()


@app.command("facts")
def facts_command(
    topic: TopicsOption = None,
    year: Annotated[
        list[int] | None,
        typer.Option(
            "--year",
            "-y",
            help="Observations whose period overlaps the year; designations and milestones of the year (repeatable).",
        ),
    ] = None,
    kind: KindsOption = None,
    metric: MetricsOption = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", "-s", help="Only facts from this source (repeatable).", autocompletion=complete_source
        ),
    ] = None,
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
    emit(card(open_store(), fact_id, settings.as_of), format, json, fields, lang)


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Chinese or English text, e.g. 碳达峰 or tourism.")],
    limit: LimitOption = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """Search labels, quotes, topics, designations and sources; label matches rank first."""
    emit(search(open_store(), text, settings.as_of, limit), format, json, fields, lang)


@app.command("designations")
def designations_command(
    level: Annotated[
        list[str] | None,
        typer.Option("--level", help="national, provincial, municipal, non_governmental or international."),
    ] = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """List every pilot, list, title and honour, newest first, with level, issuer, date and source."""
    emit(designations(open_store(), tuple(level or ()), settings.as_of), format, json, fields, lang)


app.command("pilots", help="Alias of designations.")(designations_command)
