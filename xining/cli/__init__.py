"""The command-line interface: global options here, one module per command.

Typer inspects every registered command's signature on each call, so only
the command being run is imported and registered; help and completion
register them all.

The command modules do not use `from __future__ import annotations`: Typer
would then compile and evaluate every parameter's annotation string twice on
each call, a few milliseconds of every start-up. Evaluated when the module is
imported, the Annotated aliases of xining.cli.common are used as they are.
"""

import importlib
import inspect
import os
import re
import sys
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Annotated

import typer

from xining import __version__
from xining.cli import streams
from xining.cli.common import GLOBAL_OPTIONS_HELP, as_of_cutoff, settings
from xining.errors import EXIT_INTERRUPTED, EXIT_PROBLEMS, EXIT_USAGE, XiningError, closest
from xining.present.output import reader_went_away

# Command name -> the module under xining.cli that defines it.
COMMANDS = {
    "facts": "facts",
    "show": "show",
    "search": "search",
    "check": "check",
    "designations": "designations",
    "pilots": "designations",
    "compare": "compare",
    "trend": "trend",
    "timeline": "timeline",
    "topics": "topics",
    "sources": "sources",
    "metrics": "metrics",
    "cite": "cite",
    "info": "info",
    "validate": "validate",
    "export": "export",
    "diff": "diff",
}
GLOBAL_OPTIONS_WITH_VALUES = ("--base", "--as-of", "--as-of-mode")
GLOBAL_FLAGS = ("--no-color", "--no-cache")
HELP = "Facts about Xining (西宁) that a reader can trust: exact, dated, qualified and cited."


def build_app(argv: Sequence[str] | None = None) -> typer.Typer:
    """The Typer app with the command that argv names, or with every command."""
    app = typer.Typer(
        name="xining",
        help=HELP,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(main_options)
    wanted = _command_in(argv) if argv is not None else None
    modules = [COMMANDS[wanted]] if wanted else list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        command_app = importlib.import_module(f"xining.cli.{module}").app
        for command in command_app.registered_commands:
            command.epilog = command.epilog or GLOBAL_OPTIONS_HELP  # every command's --help lists them
        if argv is not None and not wanted and not _completing():
            command_app = _listing_only(command_app)
        app.add_typer(command_app)
    return app


def _listing_only(command_app: typer.Typer) -> typer.Typer:
    """The commands of a module as the list of commands shows them: name and help, no parameters.

    With no command named (`xining`, `xining --help`, a mistyped command), Click
    needs each command's name and help only, while Typer would still read every
    parameter of every command, about a third of what such a call costs. Completion
    needs the parameters, and so keeps the real commands.
    """
    listed = typer.Typer()
    for command in command_app.registered_commands:
        listed.command(
            command.name,
            help=command.help or inspect.getdoc(command.callback),
            short_help=command.short_help,
            hidden=command.hidden,
            deprecated=command.deprecated,
            rich_help_panel=command.rich_help_panel,
        )(_listed)
    return listed


def _listed() -> None:
    """Never run: a command only listed (see `_listing_only`) is only ever shown in help."""
    raise AssertionError("a listed command was run")


def _completing() -> bool:
    return any(name.startswith("_XINING_COMPLETE") for name in os.environ)


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """argv with the global options given after the command moved before it, as gh and git users expect."""
    words = list(argv)
    position = _command_position(words)
    if position is None:
        return words
    moved: list[str] = []
    rest: list[str] = []
    index = position + 1
    while index < len(words):
        word = words[index]
        if word == "--":  # everything after it is an argument
            rest += words[index:]
            break
        if word in GLOBAL_FLAGS or (word.split("=", 1)[0] in GLOBAL_OPTIONS_WITH_VALUES and "=" in word):
            moved.append(word)
        elif word in GLOBAL_OPTIONS_WITH_VALUES and index + 1 < len(words):
            moved += words[index : index + 2]
            index += 1
        else:
            rest.append(word)
        index += 1
    return [*words[:position], *moved, words[position], *rest]


def _command_position(argv: Sequence[str]) -> int | None:
    skip = False
    for index, word in enumerate(argv):
        if skip:
            skip = False
        elif word in GLOBAL_OPTIONS_WITH_VALUES:
            skip = True
        elif not word.startswith("-"):
            return index if word in COMMANDS else None
    return None


def _command_in(argv: Sequence[str]) -> str | None:
    """The command word of argv, when it names one and no help or completion is asked for."""
    if _completing():
        return None
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in GLOBAL_OPTIONS_WITH_VALUES:
            skip = True
        elif word in ("-h", "--help"):
            return None
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"xining {__version__}\n")
        raise typer.Exit()


def main_options(
    base: Annotated[
        Path | None,
        typer.Option(
            "--base", envvar="XINING_BASE", help="Use the fact base in this folder instead of the bundled one."
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Only what had been published by DATE (YYYY-MM-DD)."),
    ] = None,
    as_of_mode: Annotated[
        str,
        typer.Option(
            "--as-of-mode",
            metavar="MODE",
            help="How --as-of counts a source dated only to an interval: 'certain' (from the latest day it can have"
            " appeared; the default) or 'possible' (from the earliest).",
        ),
    ] = "certain",
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read the YAML files directly, without the compiled cache.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Facts about Xining (西宁) that a reader can trust: exact, dated, qualified and cited."""
    settings.base = str(base) if base else None
    settings.color = not no_color
    settings.as_of = as_of_cutoff(as_of, as_of_mode)
    settings.use_cache = not no_cache


def run() -> None:
    """The console script (and `python -m xining`): `main`, then the process ends without the interpreter
    freeing, one by one, every object the command made.

    That teardown (the modules, the compiled patterns, the facts read) cost a check 13 ms on the shipped
    base, and more where a command reads a large base; the operating system takes the memory back at
    once. Nothing of xining waits on it: `main` has written what it prints, and a file xining writes is
    closed before it is moved into place. Where something else may (a profiler or tracer, such as
    coverage, writes its results at exit; a cache built with worker processes leaves their pool's
    clean-up to it), the process ends as usual. An exception that is not an exit (a fault of xining) is
    left to the interpreter, traceback and all. Tests call `main`.
    """
    try:
        main()
        code: str | int | None = 0
    except SystemExit as stop:
        code = stop.code
    if _teardown_awaited():
        sys.exit(code)
    if code is not None and not isinstance(code, int):  # as the interpreter does with sys.exit("message")
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        sys.stdout.flush()
    except (SystemExit, BrokenPipeError):  # the reader went away (see streams.PipeGuard): the code stands
        pass
    except OSError as error:  # a full disk under a redirected stdout: said, never lost in silence
        sys.stderr.write(f"error: standard output: {error.strerror or error}\n")
        code = EXIT_PROBLEMS
    with suppress(OSError):
        sys.stderr.flush()
    os._exit(code or 0)


def _teardown_awaited() -> bool:
    """Whether something in the process does its work at exit: a profiler or tracer, or a pool of workers."""
    return sys.getprofile() is not None or sys.gettrace() is not None or "concurrent.futures.process" in sys.modules


def main() -> None:
    """Run the CLI: every error becomes one line on stderr and a documented exit code."""
    streams.prepare()
    try:
        streams.check_arguments(sys.argv[1:])
        argv = hoist_global_options(sys.argv[1:])
        with ExitStack() as settings.resources:
            code = build_app(argv)(args=argv, standalone_mode=False)
        _keep_patterns()  # inside: Ctrl-C while the file is written is an interrupt like any other
    except XiningError as error:
        _fail(error.message, error.exit_code)
    except typer.BadParameter as error:
        _fail(_with_suggestion(error), EXIT_USAGE)
    except typer.TyperException as error:  # Typer's own Click: usage errors
        code = getattr(error, "exit_code", EXIT_USAGE)
        if not error.format_message():  # bare `xining`: Click has printed the help, and has nothing to add
            sys.exit(code)
        _fail(error.format_message(), code)  # type: ignore[attr-defined]
    except typer.Abort:
        _fail("aborted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        reader_went_away()
    except KeyboardInterrupt:
        _fail("interrupted", EXIT_INTERRUPTED)
    except OSError as error:  # an unreadable base or cache folder, a full disk
        _fail(f"{error.filename or 'input/output'}: {error.strerror or error}", EXIT_PROBLEMS)
    except ValueError as error:
        _fail_on_a_damaged_record(error)
    if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C inside a command into this code, silently
        _fail("interrupted", EXIT_INTERRUPTED)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        reader_went_away()
    sys.exit(code if isinstance(code, int) else 0)


def _keep_patterns() -> None:
    """The regular expressions the command compiled, kept for the next call (xining.base.patterns), once
    its output is written: a command that compiled none through that module never imports it. Keeping
    them never fails a command (`keep` gives up on any error of the file system)."""
    kept = sys.modules.get("xining.base.patterns")
    if kept is not None:
        kept.keep()


def _fail_on_a_damaged_record(error: ValueError) -> None:
    """A record of the cache that is not JSON, found where it is printed (bit rot under a stamp that
    still matches: any write from outside is seen at open). Records are decoded only where printed, so
    this is the one place that sees it; the next call rebuilds the cache. Anything else is a fault of
    xining and shows as one."""
    import json

    if not isinstance(error, json.JSONDecodeError) or not settings.use_cache:
        raise error
    from xining.base.files import resolve_base
    from xining.cache.files import cache_path, distrust

    distrust(cache_path(resolve_base(settings.base)))
    _fail("the compiled cache held a damaged record; it is rebuilt on the next call: run the command again",
          EXIT_PROBLEMS)  # fmt: skip


def _with_suggestion(error: typer.BadParameter) -> str:
    """Click names the valid choices; add the one the user most likely meant."""
    message = error.format_message()
    choices = getattr(getattr(error.param, "type", None), "choices", None)
    given = re.search(r"'([^']*)' is not one of", message)
    if choices and given:
        hint = closest(given.group(1), [str(getattr(c, "value", c)) for c in choices])
        if hint:
            message = f"{message.rstrip('.')}; did you mean '{hint}'?"
    return message


def _fail(message: str, code: int) -> None:
    from xining.present.wording import literal  # arguments and base text echoed in a message are shown, not obeyed

    sys.stderr.write(f"error: {literal(message, one_line=True)}\n")
    sys.exit(code)
