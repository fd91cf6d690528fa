"""Checks of the whole fact base, and of its quotes against the source articles."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from xining.base.checks import check_base, squeeze
from xining.base.coverage import SourceCoverage
from xining.base.files import Unreadable, read_file, resolve_base
from xining.base.model import FactBase
from xining.errors import Problem, XiningError


@dataclass(frozen=True, slots=True)
class Report:
    """What validate checked and what it found."""

    base: str
    facts: int
    sources_checked: int
    quotes_checked: int
    problems: tuple[Problem, ...]
    coverage: tuple[SourceCoverage, ...] = ()  # with --sources: every number of every article, accounted for

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def numbers(self) -> int:
        return sum(len(source.numbers) for source in self.coverage)

    @property
    def in_facts(self) -> int:
        return sum(source.in_facts for source in self.coverage)

    @property
    def left_out(self) -> int:
        return sum(source.left_out for source in self.coverage)

    @property
    def unaccounted(self) -> int:
        return sum(len(source.unaccounted) for source in self.coverage)

    def coverage_line(self) -> str:
        """How the articles' numbers are accounted for, in one line."""
        return (
            f"{self.numbers} numbers: {self.in_facts} in facts, {self.left_out} left out with a reason, "
            f"{self.unaccounted} unaccounted"
        )


def validate(base: str | Path | None = None, sources: str | Path | None = None) -> Report:
    """Check the base (and, given a folder of articles, every quote against them)."""
    base_dir = resolve_base(base)
    if sources is not None and not Path(sources).is_dir():
        raise XiningError(f"--sources {sources}: not a folder")
    from xining.base.loader import read_base  # YAML is parsed here only, not on the warm path

    fact_base, problems = read_base(base_dir)
    problems.extend(check_base(fact_base))
    if not problems:  # a digest of a base with unreadable records would say nothing
        from xining.base.releases import check_release

        problems.extend(check_release(base_dir, fact_base))
    quotes_checked = 0
    sources_checked = 0
    coverage: list[SourceCoverage] = []
    if sources is not None:
        source_problems, sources_checked, quotes_checked, coverage = check_sources(fact_base, Path(sources))
        problems.extend(source_problems)
    unique = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
    return Report(str(base_dir), len(fact_base.facts), sources_checked, quotes_checked, tuple(unique), tuple(coverage))


def check_sources(fact_base: FactBase, folder: Path) -> tuple[list[Problem], int, int, list[SourceCoverage]]:
    """Each source file's SHA-256, every quote and time expression verbatim in its article, every number covered."""
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    raws: dict[str, str] = {}
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
        raws[source.id] = data.decode("utf-8", errors="replace")
        texts[source.id] = squeeze(raws[source.id])
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
    problems += _check_source_quotes(fact_base, list(texts.values()))
    coverage = []
    for source_id, raw in raws.items():
        covered, problems_found = _check_coverage(fact_base, source_id, raw)
        coverage.append(covered)
        problems += problems_found
    return problems, len(texts), quotes, coverage


_QUOTED = re.compile(r'"([^"]+)"')
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _check_source_quotes(fact_base: FactBase, articles: list[str]) -> list[Problem]:
    """What the bases of a source's title, publisher and dates quote ("…") must be verbatim in an article.

    A basis may quote another article of the base (a date read across articles), so any article will do;
    "…" in a quote stands for text left out.
    """
    problems: list[Problem] = []
    for source in fact_base.sources.values():
        published = source.published
        bases = [
            ("basis", source.basis),
            ("title_basis", source.title_basis),
            ("publisher_basis", source.publisher_basis),
        ]
        bases += [("published", part.basis) for part in (published.earliest, published.latest, published.best) if part]
        for key, basis in bases:
            for quote in _QUOTED.findall(basis or ""):
                pieces = [piece for piece in squeeze(quote).split("…") if piece]
                if _HAN.search(quote) and not all(any(piece in text for text in articles) for piece in pieces):
                    problems.append(
                        Problem(
                            source.origin.file,
                            source.origin.line_of(key),
                            f"source '{source.id}': {key} quotes \"{quote}\", which is in no article",
                        )
                    )
    return problems


def _check_coverage(fact_base: FactBase, source_id: str, raw: str) -> tuple[SourceCoverage, list[Problem]]:
    """Every number of one article accounted for; each wrong `left_out` entry at its line."""
    from xining.base.coverage import account

    covered, wrong = account(fact_base, source_id, raw)
    problems = [
        Problem(exclusion.origin.file, exclusion.origin.line_of("text"), f"left_out: {message}")
        for exclusion, message in wrong
    ]
    for number in covered.unaccounted:
        problems.append(
            Problem(
                covered.file,
                number.line,
                f"number '{number.text}' (…{number.context}…) is in no fact and not left out: "
                f"record it, or add it to left_out with a reason for source '{source_id}'",
            )
        )
    return covered, problems
