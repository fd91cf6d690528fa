"""Every command has help text and a README entry (as sqlite-utils' test_docs does)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from xining.cli import build_app

app = build_app()

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(
    {info.name or info.callback.__name__ for info in app.registered_commands}
    | {
        info.name or ""
        for group in app.registered_groups
        for info in group.typer_instance.registered_commands  # type: ignore[union-attr]
    }
)


def test_there_are_commands() -> None:
    assert {"facts", "show", "search", "designations", "topics", "sources", "metrics", "info", "validate"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_readme_entry(command: str) -> None:
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    assert click_command.help and len(click_command.help) > 15
    assert f"`xining {command}" in README, f"README has no entry for xining {command}"
