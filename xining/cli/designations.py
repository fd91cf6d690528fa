"""`xining designations` (alias `pilots`): every pilot, list, title and honour."""

import typer

from xining.cli.common import (
    FieldsOption,
    FormatOption,
    JsonOption,
    LangOption,
    LevelsOption,
    LimitOption,
    SourcesOption,
    TopicsOption,
    YearsOption,
    emit,
    open_store,
    settings,
)
from xining.present.output import Lang

app = typer.Typer()


@app.command("designations")
def designations_command(
    level: LevelsOption = None,
    topic: TopicsOption = None,
    year: YearsOption = None,
    source: SourcesOption = None,
    limit: LimitOption = None,
    format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    lang: LangOption = Lang.BOTH,
) -> None:
    """List every pilot, list, title and honour once, newest first: level, issuer, date, recipient and sources.

    A designation that several articles report is one entry listing every source; --json carries each
    article's quote under `reports`.
    """
    from xining.answers.query import Filters, designations

    filters = Filters(
        levels=tuple(level or ()),
        topics=tuple(topic or ()),
        years=tuple(year or ()),
        sources=tuple(source or ()),
        limit=limit,
        as_of=settings.as_of,
    )
    emit(designations(open_store(), filters), format, json, fields, lang)


app.command("pilots", help="Alias of designations: every pilot, list, title and honour.")(designations_command)
