"""What a warm call imports: the start-up cost of each command, pinned without timing anything.

Most of a warm call is Python and Typer starting up; what xining adds is mostly
the modules it imports. These tests run the CLI in a fresh interpreter, as a
user's shell would, and name the modules a path must not import, so that a
module-level import added in the wrong place shows up as a failure here rather
than as a slower benchmark months later.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs the CLI as the `xining` script would, then names every module imported, on stderr's last line.
PROBE = """
import sys
sys.argv = ["xining", *sys.argv[1:]]
from xining.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)))
"""

# Building objects of the model, citing and drawing for people: none of it is needed to print stored records.
RECORDS_ONLY = (
    "xining.base.model",
    "xining.base.codec",
    "xining.base.citation",
    "xining.answers.cite",
    "xining.present.quoting",
    "xining.present.terminal",
    "xining.base.periods",
    "decimal",
)
# A warm call reads the compiled cache: the YAML loader and the build stay out.
NO_BUILD = ("yaml", "xining.base.loader", "xining.cache.build")
# Help is Typer's: no base is opened, so neither the store nor SQLite nor the query layer is imported.
NO_BASE = (
    "sqlite3",
    "xining.cache.opening",
    "xining.cache.store",
    "xining.answers.query",
    "xining.cache.search_index",
    "xining.base.model",
    "xining.base.periods",
    "json",
)


def imported(cache: Path, *args: str) -> set[str]:
    """The modules a fresh `xining ARGS` imports, with its output piped (not a terminal)."""
    env = {key: value for key, value in os.environ.items() if key != "XINING_BASE"}
    env.update(HOME=str(cache), XDG_CACHE_HOME=str(cache), XINING_CACHE_DIR=str(cache), NO_COLOR="1")
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, env=env)
    return set(done.stderr.rsplit("\nMODULES ", 1)[1].split())


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache of the shipped base, built once, so that every call measured is warm."""
    folder = tmp_path_factory.mktemp("import-cache")
    imported(folder, "info")
    return folder


@pytest.mark.parametrize("command", [["facts", "--topic", "ecology", "--json"], ["search", "碳达峰"]])
def test_a_listing_prints_stored_records_without_the_model(cache: Path, command: list[str]) -> None:
    modules = imported(cache, *command)
    assert "xining.cache.store" in modules  # the probe did run the command
    assert modules.isdisjoint(RECORDS_ONLY + NO_BUILD + ("rich",))


def test_a_piped_card_draws_without_rich(cache: Path) -> None:
    modules = imported(cache, "show", "huangshui-restored-area")
    assert "xining.present.terminal" in modules  # the card was drawn, as plain text
    assert modules.isdisjoint((*NO_BUILD, "rich"))


def test_help_lists_the_commands_without_opening_a_base(cache: Path) -> None:
    modules = imported(cache, "--help")
    assert "xining.cli.export" in modules  # every command is listed
    assert modules.isdisjoint(NO_BASE)


@pytest.mark.parametrize("command", ["show", "facts", "compare", "cite", "export"])
def test_a_command_s_help_opens_no_base(cache: Path, command: str) -> None:
    modules = imported(cache, command, "--help")
    assert f"xining.cli.{command}" in modules
    assert modules.isdisjoint(NO_BASE)


def test_a_piped_check_reads_the_cache_and_draws_without_rich(cache: Path) -> None:
    modules = imported(cache, "check", "西宁森林覆盖率达37.8%。")
    assert "xining.answers.check.judging" in modules  # the probe did run the command
    assert modules.isdisjoint((*NO_BUILD, "rich"))
