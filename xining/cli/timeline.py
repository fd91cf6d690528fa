"""`xining timeline`: dated facts in time order."""

from typing import Annotated

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    KindsOption,
    LangOption,
    LimitOption,
    TopicsOption,
    emit,
    open_store,
    settings,
)
from xining.present.output import Lang

app = typer.Typer()


@app.command("timeline")
def timeline_command(
    first: Annotated[
        int | None, typer.Option("--from", min=1, max=9999, help="Only entries placed in this year or later.")
    ] = None,
    last: Annotated[
        int | None, typer.Option("--to", min=1, max=9999, help="Only entries placed in this year or earlier.")
    ] = None,
    kind: KindsOption = None,
    topic: TopicsOption = None,
    limit: LimitOption = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """List every dated designation, milestone and observation in time order, each at one date.

    A designation or milestone is placed when it happened; an observation over a span at the end of
    its span (a total for 2021-2025 is placed in 2025), an open-ended one at its start.
    """
    from xining.answers.query import Filters, timeline

    filters = Filters(
        kinds=tuple(kind or ()),
        topics=tuple(topic or ()),
        as_of=settings.as_of,
        from_year=first,
        to_year=last,
        limit=limit,
    )
    emit(timeline(open_store(), filters), format, json, fields, lang)
