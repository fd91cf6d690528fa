"""`xining info`: versions and counts."""

import typer

from xining.cli.common import (
    FormatOption,
    JsonOption,
    emit,
    open_store,
    settings,
)

app = typer.Typer()


@app.command("info")
def info_command(format: FormatOption = None, json: JsonOption = False) -> None:
    """Show the tool version, the base's schema version and release, and counts by kind and topic."""
    from xining.answers import inventory

    emit(inventory.summarize(open_store(), settings.as_of), format, json)
