"""Checks of the whole fact base, and of its quotes against the source articles."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from xining.basedir import resolve_base
from xining.errors import Problem, XiningError
from xining.model import Designation, FactBase, Milestone, Observation

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text with all whitespace removed: the form in which quotes are compared.

    Newspaper pages turned into text break lines and insert spaces inside
    sentences, so a quote is verbatim when it matches with whitespace ignored.
    """
    return _SPACE.sub("", text)


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


def check_base(fact_base: FactBase) -> list[Problem]:
    """Every check that needs only the base itself."""
    problems: list[Problem] = []
    ids = Counter(fact.id for fact in fact_base.facts)
    for fact in fact_base.facts:
        where = fact.origin
        if ids[fact.id] > 1:
            problems.append(Problem(where.file, where.line_of("id"), f"duplicate fact id '{fact.id}'"))
        if fact.source not in fact_base.sources:
            continue  # reported once, at the article's header
        if isinstance(fact, Observation):
            problems.extend(_check_observation(fact_base, fact))
        elif isinstance(fact, (Designation, Milestone)) and fact.topic not in fact_base.topics:
            problems.append(
                Problem(where.file, where.line_of("topic"), _unknown("topic", fact.topic, fact_base.topics))
            )
    for metric in fact_base.metrics.values():
        if metric.topic not in fact_base.topics:
            line = metric.origin.line_of("topic")
            problems.append(Problem(metric.origin.file, line, _unknown("topic", metric.topic, fact_base.topics)))
        if metric.unit not in {unit.base for unit in fact_base.units.values()}:
            line = metric.origin.line_of("unit")
            problems.append(Problem(metric.origin.file, line, f"metric '{metric.id}': unknown unit '{metric.unit}'"))
    known = set(ids)
    for link in fact_base.links:
        for fact_id in link.facts:
            if fact_id not in known:
                problems.append(
                    Problem(link.origin.file, link.origin.line_of("facts"), _unknown("fact", fact_id, known))
                )
    return problems


def _check_observation(fact_base: FactBase, fact: Observation) -> list[Problem]:
    problems = []
    where = fact.origin

    def add(field: str, message: str) -> None:
        problems.append(Problem(where.file, where.line_of(field), f"observation '{fact.id}': {message}"))

    metric = fact_base.metrics.get(fact.metric)
    unit = fact_base.units.get(fact.unit)
    if metric is None:
        add("metric", _unknown("metric", fact.metric, fact_base.metrics))
    if unit is None:
        add("unit", _unknown("unit", fact.unit, fact_base.units))
    if metric and unit and unit.base != metric.unit:
        add("unit", f"unit '{fact.unit}' measures {unit.base}, but metric '{metric.id}' is in {metric.unit}")
    if fact.derived is None:
        if squeeze(fact.figure) not in squeeze(fact.quote):
            add(
                "figure" if "figure" in dict(where.fields) else "value",
                f"the quote does not contain the figure '{fact.figure}'",
            )
        return problems
    from xining.derive import Refused, derive

    try:
        result = derive(fact_base, fact)
    except Refused as refused:
        add("derived", f"{fact.derived.method} refused: {refused}")
        return problems
    if result.rounded != fact.value:
        add(
            "value",
            f"derived value {fact.figure} does not match {fact.derived.method} of its inputs "
            f"({_plain(result.exact)}, rounded to {fact.derived.rounding} decimal places: {_plain(result.rounded)})",
        )
    elif fact.qualifier is not result.qualifier:
        add(
            "qualifier",
            f"derived value {fact.figure} is {result.qualifier.value}, not {fact.qualifier.value} "
            f"({fact.derived.method} of its inputs gives {_plain(result.exact)})",
        )
    return problems


def _plain(value: Decimal) -> str:
    """A recomputed value for a message: at most six decimal places, no exponent."""
    text = format(value.quantize(Decimal("0.000001")).normalize(), "f")
    return text


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
        data = path.read_bytes()
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


def _unknown(what: str, word: str, choices: object) -> str:
    from xining.errors import closest

    hint = closest(word, list(choices))  # type: ignore[call-overload]
    return f"unknown {what} '{word}'" + (f"; did you mean '{hint}'?" if hint else "")
