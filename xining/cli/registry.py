"""Commands about the base itself: info, topics, sources, metrics, validate."""

from __future__ import annotations

from pathlib import Path
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
from xining.errors import EXIT_PROBLEMS, unknown
from xining.output import Lang

app = typer.Typer()


@app.command("info")
def info_command(format: FormatOption = None, json: JsonOption = False) -> None:
    """Show the tool version, the base's schema version and release, and counts by kind and topic."""
    from xining import inventory

    emit(inventory.summarize(open_store(), settings.as_of), format, json)


@app.command("topics")
def topics_command(
    format: FormatOption = None, json: JsonOption = False, fields: FieldsOption = None, lang: LangOption = Lang.BOTH
) -> None:
    """List the topics with their labels and number of facts."""
    from xining import inventory

    emit(inventory.topics(open_store(), settings.as_of), format, json, fields, lang)


@app.command("sources")
def sources_command(
    format: FormatOption = None, json: JsonOption = False, fields: FieldsOption = None, lang: LangOption = Lang.BOTH
) -> None:
    """List the source articles: citation, publication date as far as known, and number of facts."""
    from xining import inventory

    emit(inventory.sources(open_store(), settings.as_of), format, json, fields, lang)


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
    from xining import inventory

    store = open_store()
    if topic is not None and not store.exists("topics", topic):
        raise unknown("topic", topic, store.ids("topics"), see="xining topics")
    emit(inventory.metrics(store, topic, settings.as_of), format, json, fields, lang)


@app.command("validate")
def validate_command(
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Folder of the source articles: also check SHA-256 sums and every quote."),
    ] = None,
    format: FormatOption = None,
    json: JsonOption = False,
) -> None:
    """Check the whole base; each problem is one line 'file:line: message'. Exit 0 clean, 1 problems, 2 usage."""
    from xining.validate import validate

    report = validate(settings.base, sources)
    if format is None and not json:
        import sys

        for problem in report.problems:
            sys.stdout.write(f"{problem}\n")
        verdict = "ok" if report.ok else f"{len(report.problems)} problem(s)"
        checked = f", {report.quotes_checked} quotes in {report.sources_checked} sources" if sources else ""
        sys.stderr.write(f"{verdict}: {report.facts} facts{checked}\n")
    else:
        emit(report, format, json)
    if not report.ok:
        raise typer.Exit(EXIT_PROBLEMS)
