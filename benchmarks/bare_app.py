"""The smallest Typer app: the yardstick xining's start-up is measured against.

    python benchmarks/bare_app.py hello      # prints one line
    python benchmarks/bare_app.py --help

Why it exists: most of a warm `xining` call is Python and Typer starting up,
not xining's own work. Timing this app, with the same interpreter and the same
installed Typer (and Click and Rich), gives the floor a Typer CLI cannot go
below; benchmarks/run.py compares xining to it.

Why two commands: with a single command Typer runs it directly as the whole
app (no sub-command to choose), which skips the group dispatch xining pays
for; a second command keeps the shape of a real multi-command CLI.
"""

from __future__ import annotations

import typer

app = typer.Typer(help="A bare Typer app with two commands, for start-up timing.")


@app.command()
def hello() -> None:
    """Print one line."""
    print("hello from a bare Typer app")


@app.command()
def goodbye() -> None:
    """Print another line (only here so that Typer keeps a command group)."""
    print("goodbye")


if __name__ == "__main__":
    app()
