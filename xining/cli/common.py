"""What every command shares: the global settings, the output options declared
once as Annotated aliases, and `emit`, which hands a result to the output layer."""

from __future__ import annotations

import os
from contextlib import ExitStack
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from xining.errors import XiningError
from xining.present.output import Format, Lang, Options, render

if TYPE_CHECKING:  # the store (and SQLite) are imported by the commands that open one, not by --help
    from xining.answers.query import AsOf, Filters
    from xining.cache.store import Store


class Settings:
    """Global options, set by the callback before any command runs."""

    base: str | None = None
    color: bool = True
    as_of: AsOf | None = None
    use_cache: bool = True
    # What the command opened (the store and its SQLite connection), closed when it ends.
    resources: ExitStack | None = None


settings = Settings()


def open_store() -> Store:
    """The compiled base the global options point at, closed by `main` when the command ends."""
    from xining.cache.opening import open_store as open_compiled

    _settle()
    store = open_compiled(settings.base, use_cache=settings.use_cache)
    if settings.as_of is not None:
        _say_what_as_of_leaves_out(store, settings.as_of)
    if settings.resources is None:
        return store  # called outside `main`: the caller closes it
    return settings.resources.enter_context(store)


def _settle() -> None:
    """Tell the garbage collector that what start-up made (the modules, the command's too, by now imported)
    lives as long as the process: `gc.freeze()`. No collection walks those objects again, the one at exit
    included, and a warm command takes a tenth less time (a check: 30 ms of 300; a search: 20 of 190).
    Peak memory is unchanged: in a command, nothing frozen is garbage (a collection just before the freeze
    finds none). Once per process, since the tests run many commands in one: what the work before the
    first command left unreachable stays with the frozen, and what a later command leaves is collected
    as ever."""
    import gc

    if not gc.get_freeze_count():
        gc.freeze()


def _say_what_as_of_leaves_out(store: Store, cutoff: AsOf) -> None:
    from xining.answers.query import uncertainty_note
    from xining.present.output import notice

    note = uncertainty_note(store.registries(), cutoff)
    if note:
        notice(note)


def _complete(kind: str):  # type: ignore[no-untyped-def]
    """Shell completion from the base: topics, fact ids, metric ids, source ids."""

    def complete(incomplete: str) -> list[str]:
        from xining.cache.opening import open_store as open_compiled

        table = {"topic": "topics", "fact": "facts", "metric": "metrics", "source": "sources"}[kind]
        try:
            with open_compiled(settings.base, use_cache=settings.use_cache) as store:
                return [name for name in store.ids(table) if name.startswith(incomplete)]
        except XiningError:
            return []

    return complete


complete_topic = _complete("topic")
complete_fact = _complete("fact")
complete_metric = _complete("metric")
complete_source = _complete("source")

# Shown under every command's help: the global options work before or after the command.
GLOBAL_OPTIONS_HELP = (
    "Global options, before or after the command: --base DIR (or XINING_BASE) another fact base; "
    "--as-of YYYY-MM-DD only what had been published by then (--as-of-mode certain|possible: counted from the "
    "latest or the earliest day a source can have appeared); --no-color (NO_COLOR is honoured too); "
    "--no-cache read the YAML directly."
)

FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format. Default: a table in a terminal, plain tab-separated lines when piped.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option("--fields", help="Comma-separated columns (or JSON keys) to show, e.g. id,value,period."),
]
LangOption = Annotated[
    Lang, typer.Option("--lang", case_sensitive=False, help="Language of labels in tables: zh, en or both.")
]


TopicsOption = Annotated[
    list[str] | None,
    typer.Option("--topic", "-t", help="Only this topic (repeatable).", autocompletion=complete_topic),
]
MetricsOption = Annotated[
    list[str] | None,
    typer.Option("--metric", "-m", help="Only this metric (repeatable).", autocompletion=complete_metric),
]
KindsOption = Annotated[
    list[str] | None, typer.Option("--kind", "-k", help="observation, designation or milestone (repeatable).")
]
# Bounded, so that a number SQLite cannot hold is a usage error before any query.
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", min=0, max=1_000_000_000, help="At most this many entries.")
]
YearsOption = Annotated[
    list[int] | None,
    typer.Option(
        "--year",
        "-y",
        help="Observations whose period overlaps the year; designations and milestones of the year (repeatable).",
    ),
]
SourcesOption = Annotated[
    list[str] | None,
    typer.Option("--source", "-s", help="Only facts from this source (repeatable).", autocompletion=complete_source),
]
LevelsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--level", help="national, provincial, municipal, non_governmental, international or unknown (repeatable)."
    ),
]


def emit(
    result: Any,
    format: Format | None = None,
    json: bool = False,
    fields: str | None = None,
    lang: Lang = Lang.BOTH,
) -> None:
    """Hand a core result to the output layer with the options the user gave."""
    from xining.present.views import view

    if json and format not in (None, Format.JSON):
        raise XiningError(f"--json and --format {format.value} disagree; give one of them")  # type: ignore[union-attr]
    chosen = [name.strip() for name in (fields or "").split(",") if name.strip()]
    options = Options(
        format=Format.JSON if json else format,
        fields=tuple(chosen),
        lang=lang,
        color=settings.color and "NO_COLOR" not in os.environ,
    )
    render(view(result), options)


def as_of_cutoff(day: str | None, mode: str) -> AsOf | None:
    """--as-of and --as-of-mode, checked."""
    if day is None and mode == "certain":
        return None  # the default, settled without importing the query layer (which `--help` never needs)
    from xining.answers.query import AS_OF_MODES, AsOf
    from xining.errors import unknown

    if mode not in AS_OF_MODES:
        raise unknown("--as-of-mode", mode, AS_OF_MODES)
    if day is None:
        if mode != "certain":
            raise XiningError(f"--as-of-mode {mode} needs --as-of DATE")
        return None
    return AsOf(parse_day(day, "--as-of"), possible=mode == "possible")


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD date given on the command line."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise XiningError(f"{option} {text}: not a date; give YYYY-MM-DD, such as 2025-08-01") from None


def fact_filters(
    topic: list[str] | None,
    year: list[int] | None,
    kind: list[str] | None,
    metric: list[str] | None,
    source: list[str] | None,
    **more: Any,
) -> Filters:
    """The filters of `facts` (and of commands that take the same ones) with the global --as-of."""
    from xining.answers.query import Filters

    return Filters(
        topics=tuple(topic or ()),
        years=tuple(year or ()),
        kinds=tuple(kind or ()),
        metrics=tuple(metric or ()),
        sources=tuple(source or ()),
        as_of=settings.as_of,
        **more,
    )
