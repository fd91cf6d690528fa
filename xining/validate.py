"""Checks of the whole fact base, and of its quotes against the source articles."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from xining.basedir import Unreadable, read_file, resolve_base
from xining.checks import check_base, squeeze
from xining.errors import Problem, XiningError
from xining.model import FactBase


@dataclass(frozen=True, slots=True)
class Report:
    """What validate checked and what it found."""

    base: str
    facts: int
    sources_checked: int
    quotes_checked: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(base: str | Path | None = None, sources: str | Path | None = None) -> Report:
    """Check the base (and, given a folder of articles, every quote against them)."""
    base_dir = resolve_base(base)
    if sources is not None and not Path(sources).is_dir():
        raise XiningError(f"--sources {sources}: not a folder")
    from xining.loader import read_base  # YAML is parsed here only, not on the warm path

    fact_base, problems = read_base(base_dir)
    problems.extend(check_base(fact_base))
    quotes_checked = 0
    sources_checked = 0
    if sources is not None:
        source_problems, sources_checked, quotes_checked = check_sources(fact_base, Path(sources))
        problems.extend(source_problems)
    unique = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
    return Report(str(base_dir), len(fact_base.facts), sources_checked, quotes_checked, tuple(unique))


def check_sources(fact_base: FactBase, folder: Path) -> tuple[list[Problem], int, int]:
    """Each source file's SHA-256, and every quote and time expression verbatim in its article."""
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for source in fact_base.sources.values():
        where = source.origin
        path = folder / source.file
        if not path.is_file():
            problems.append(
                Problem(where.file, where.line_of("file"), f"source '{source.id}': {source.file} is not in {folder}")
            )
            continue
        try:
            data, _ = read_file(path)
        except Unreadable as error:
            problems.append(Problem(where.file, where.line_of("file"), f"source '{source.id}': {source.file} {error}"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != source.sha256:
            problems.append(
                Problem(
                    where.file,
                    where.line_of("sha256"),
                    f"source '{source.id}': {source.file} has SHA-256 {digest}, not the recorded one",
                )
            )
        texts[source.id] = squeeze(data.decode("utf-8", errors="replace"))
    quotes = 0
    for fact in fact_base.facts:
        text = texts.get(fact.source)
        if text is None:
            continue
        quotes += 1
        if squeeze(fact.quote) not in text:
            problems.append(
                Problem(
                    fact.origin.file,
                    fact.origin.line_of("quote"),
                    f"{fact.kind.value} '{fact.id}': the quote is not in {fact_base.sources[fact.source].file}",
                )
            )
        if fact.time_expression and squeeze(fact.time_expression) not in text:
            problems.append(
                Problem(
                    fact.origin.file,
                    fact.origin.line_of("time_expression"),
                    f"{fact.kind.value} '{fact.id}': "
                    f"the time expression '{fact.time_expression}' is not in the article",
                )
            )
    return problems, len(texts), quotes
