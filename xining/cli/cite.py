"""`xining cite`: a fact, a source, every source or the fact base itself, in a citation style."""

from typing import Annotated

import typer

from xining.answers.cite import ALIASES, DEFAULT_STYLE, STYLES
from xining.cli.common import FormatOption, JsonOption, emit, open_store, settings
from xining.present.output import Lang

app = typer.Typer()


def _complete_style(incomplete: str) -> list[str]:
    return [name for name in STYLES if name.startswith(incomplete)]


def _complete_id(incomplete: str) -> list[str]:
    from xining.cli.common import complete_fact, complete_source

    return complete_source(incomplete) + complete_fact(incomplete)


STYLE_HELP = (
    "Citation style: "
    + "; ".join(f"{name} ({style.help})" for name, style in STYLES.items())
    + ". In any case; aliases: "
    + ", ".join(ALIASES)
    + "."
)


@app.command("cite")
def cite_command(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A fact id or a source id (see: xining facts, xining sources).",
            autocompletion=_complete_id,
        ),
    ] = None,
    style: Annotated[
        str,
        typer.Option("--style", "-s", metavar=f"<{'|'.join(STYLES)}>", help=STYLE_HELP, autocompletion=_complete_style),
    ] = DEFAULT_STYLE,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="A bibliography of every source: numbered (GB/T 7714), alphabetical (APA, Chicago)."
        ),
    ] = False,
    dataset: Annotated[
        bool, typer.Option("--dataset", help="Cite the fact base itself: its name, release and the xining version.")
    ] = False,
    format: FormatOption = None,
    json: JsonOption = False,
    lang: Annotated[
        Lang, typer.Option("--lang", case_sensitive=False, help="Language of a fact's quote line: zh, en or both.")
    ] = Lang.BOTH,
) -> None:
    """Cite a fact or a source (GB/T 7714, APA, Chicago, BibTeX, RIS, CSL-JSON); a fact also gets a line to quote."""
    from xining.answers.cite import cite_from

    emit(cite_from(open_store(), target, style, lang.value, every, dataset, settings.as_of), format, json, None, lang)
