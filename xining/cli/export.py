"""`xining export`: the base (or the facts the filters choose) as a file people open elsewhere."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from xining.cli.common import (
    KindsOption,
    MetricsOption,
    SourcesOption,
    TopicsOption,
    YearsOption,
    emit,
    fact_filters,
    open_store,
)
from xining.present.export_writers import TARGETS, Progress

if TYPE_CHECKING:
    from xining.answers.query import Filters

app = typer.Typer()

FORMATS = ", ".join(f"{t.name} ({t.help})" for t in TARGETS.values())


def _complete_format(incomplete: str) -> list[str]:
    return [name for name in TARGETS if name.startswith(incomplete)]


@app.command("export")
def export_command(
    out: Annotated[
        Path | None,
        typer.Argument(
            help="File (or, for datapackage, folder) to write. Default: xining-RELEASE with the format's suffix.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(TARGETS),
            help=f"What to write: {FORMATS}.",
            autocompletion=_complete_format,
            show_default=True,
        ),
    ] = "sqlite",
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    topic: TopicsOption = None,
    year: YearsOption = None,
    kind: KindsOption = None,
    metric: MetricsOption = None,
    source: SourcesOption = None,
    json: Annotated[
        bool, typer.Option("--json", help="Print what was written (files, counts) as JSON on stdout.")
    ] = False,
) -> None:
    """Export facts to SQLite (Datasette), Excel, CSV, a Frictionless data package or JSON Lines, atomically."""
    from xining.answers.export import dataset
    from xining.present.export_writers import default_output, export, target
    from xining.present.wording import literal

    target(format)  # an unknown format fails before the base is read
    filters = fact_filters(topic, year, kind, metric, source)
    data = dataset(open_store(), filters, _chosen(filters))
    path = out if out is not None else default_output(format, data.about.release)
    with _progress(f"exporting {format}") as progress:
        written = export(data, format, path, force, progress)
    if json:
        emit(written, json=True)
    else:
        files = " and ".join(str(file) for file in written.files) if not written.path.is_dir() else f"{path}/"
        said = f"wrote {files} ({format}): {written.facts} facts from {written.sources} sources"
        sys.stderr.write(literal(said, one_line=True) + "\n")  # OUT is the user's text: shown, not obeyed


def _chosen(filters: "Filters") -> str:
    """The filters in words, for the export's description."""
    parts = [
        f"{name} {', '.join(map(str, values))}"
        for name, values in (
            ("topic", filters.topics),
            ("year", filters.years),
            ("kind", filters.kinds),
            ("metric", filters.metrics),
            ("source", filters.sources),
        )
        if values
    ]
    if filters.as_of:
        reading = ", possibly" if filters.as_of.possible else ""
        parts.append(f"published by {filters.as_of.day.isoformat()}{reading}")
    return "; ".join(parts) or "every fact"


@contextmanager
def _progress(what: str) -> Iterator[Progress]:
    """Rich's progress bar on stderr when stderr is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
