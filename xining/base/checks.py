"""The one set of checks of a fact base beyond what each record says on its own.

Checks of one fact against the registries run while its article is compiled
(`check_fact`), so an edited article is checked again with nothing else; checks
that span files (`check_across`: duplicate ids, derivations, relations) run on
a light summary of the whole base, so that the compiled cache can run them after
every build without decoding every fact. `validate` and the cache both use them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import NamedTuple

from xining.base.model import (
    Designation,
    Fact,
    FactBase,
    Level,
    Link,
    Milestone,
    Observation,
    Qualifier,
    Relation,
)
from xining.errors import Problem, closest


class Placed(NamedTuple):
    """Where a fact's id is declared."""

    id: str
    file: str
    line: int


def check_registries(registries: FactBase) -> list[Problem]:
    """What the registries refer to among themselves: a metric's topic and unit."""
    problems = []
    bases = {unit.base for unit in registries.units.values()}
    for metric in registries.metrics.values():
        if metric.topic not in registries.topics:
            line = metric.origin.line_of("topic")
            problems.append(Problem(metric.origin.file, line, unknown("topic", metric.topic, registries.topics)))
        if metric.unit not in bases:
            line = metric.origin.line_of("unit")
            problems.append(Problem(metric.origin.file, line, f"metric '{metric.id}': unknown unit '{metric.unit}'"))
    return problems


def check_fact(registries: FactBase, fact: Fact) -> list[Problem]:
    """One fact against the registries: its metric, unit and topic, and its figure in its quote."""
    where = fact.origin
    if isinstance(fact, (Designation, Milestone)):
        found = _check_event(fact)
        if fact.topic not in registries.topics:
            found.append(Problem(where.file, where.line_of("topic"), unknown("topic", fact.topic, registries.topics)))
        return found
    assert isinstance(fact, Observation)
    problems = []

    def add(field: str, message: str) -> None:
        problems.append(Problem(where.file, where.line_of(field), f"observation '{fact.id}': {message}"))

    metric = registries.metrics.get(fact.metric)
    unit = registries.units.get(fact.unit)
    if metric is None:
        add("metric", unknown("metric", fact.metric, registries.metrics))
    if unit is None:
        add("unit", unknown("unit", fact.unit, registries.units))
    if metric and unit and unit.base != metric.unit:
        add("unit", f"unit '{fact.unit}' measures {unit.base}, but metric '{metric.id}' is in {metric.unit}")
    if fact.derived is None and squeeze(fact.figure) not in squeeze(fact.quote):
        add(
            "figure" if "figure" in dict(where.fields) else "value",
            f"the quote does not contain the figure '{fact.figure}'",
        )
    return problems


# Self-description, not a named list, programme, title or honour.
RHETORIC = ("典范", "标杆", "前列", "样板", "先锋")
# Words of a title, quote or issuer that give a designation's level.
LEVEL_WORDS = {
    Level.NATIONAL: ("国家", "全国", "中央", "国务院", "国字号", "部"),
    Level.PROVINCIAL: ("全省", "省级", "省委", "省政府"),
    Level.MUNICIPAL: ("市级", "市委", "市政府"),
}


def _check_event(fact: Designation | Milestone) -> list[Problem]:
    """A designation's name and level rest on the text; a year-end is not a whole year."""
    where = fact.origin
    problems = []
    if isinstance(fact, Designation):
        what = f"designation '{fact.id}'"
        rhetoric = next((word for word in RHETORIC if word in fact.name.zh), None)
        if rhetoric:
            problems.append(
                Problem(
                    where.file,
                    where.line_of("name"),
                    f"{what}: '{rhetoric}' is rhetoric, not a named list, programme, title or honour; "
                    "keep it as a milestone (a claim) without a level",
                )
            )
        words = LEVEL_WORDS.get(fact.level, ())
        text = f"{fact.name.zh}{fact.quote}{fact.issuer or ''}"
        if fact.level is not Level.UNKNOWN and not fact.issuer and not fact.note and not any(w in text for w in words):
            problems.append(
                Problem(
                    where.file,
                    where.line_of("level"),
                    f"{what}: nothing in the record gives the level '{fact.level.value}' (an issuer, a title or "
                    "quote with a level word such as 国家 or 全省, or a note saying what it rests on); "
                    "otherwise the level is unknown",
                )
            )
    for distinction in fact.distinctions:
        if squeeze(distinction.zh) not in squeeze(fact.quote):
            problems.append(
                Problem(
                    where.file,
                    where.line_of("distinctions"),
                    f"{fact.kind.value} '{fact.id}': the distinction '{distinction.zh}' is not in its quote; "
                    "a distinction is the article's own words",
                )
            )
    said = fact.time_expression or ""
    if ("年底" in said or "年末" in said) and fact.period.spec.isdigit():
        problems.append(
            Problem(
                where.file,
                where.line_of("date"),
                f"{fact.kind.value} '{fact.id}': '{said}' is the end of the year, not the whole year "
                f"{fact.period.spec}; date it to the month (December)",
            )
        )
    return problems


def check_across(
    placed: Iterable[Placed], derived: Iterable[Observation], base: FactBase, fact_ids: Collection[str] | None = None
) -> list[Problem]:
    """Duplicate fact ids, derivations from their inputs, and relations between facts that exist.

    `base` holds the registries and at least the inputs of every derived observation. `placed` holds
    every place of each id declared more than once (it may hold more); `fact_ids`, every fact id of
    the base, where `placed` does not (the compiled cache passes the places of its candidate
    duplicates only, and looks ids up as asked).
    """
    problems = []
    by_id: dict[str, list[Placed]] = {}
    for place in placed:
        by_id.setdefault(place.id, []).append(place)
    for places in by_id.values():
        if len(places) > 1:
            for place in places:
                problems.append(Problem(place.file, place.line, f"duplicate fact id '{place.id}'"))
    for fact in derived:
        problems += _check_derivation(base, fact)
    known = by_id if fact_ids is None else fact_ids
    for link in base.links:
        problems += check_link(link)
        for fact_id in link.facts:
            if fact_id not in known:
                line = link.origin.line_of("facts")
                problems.append(Problem(link.origin.file, line, unknown("fact", fact_id, known)))
    return problems


# A reason that says the facts are compatible: then the link is `differs`, not `conflicts`.
COMPATIBLE = (
    "both may hold", "both hold", "both can hold", "may both hold", "both may be true", "compatible",
    "do not contradict", "does not contradict", "not a contradiction", "no contradiction", " agree",
)  # fmt: skip


def check_link(link: Link) -> list[Problem]:
    """A link's kind agrees with its reason: a `conflicts` whose reason says both may hold is a `differs`."""
    if link.relation is not Relation.CONFLICTS:
        return []
    said = next((words for words in COMPATIBLE if words in " " + link.reason.casefold()), None)
    if said is None:
        return []
    message = (
        f"relation {', '.join(link.facts)}: 'conflicts' means both cannot be true, but the reason says "
        f"'{said.strip()}'; where both may hold the kind is 'differs'"
    )
    return [Problem(link.origin.file, link.origin.line_of("kind"), message)]


# How a reason or note words a bound: each qualifier has one wording (see present/wording), so a figure
# whose qualifier is at_least (以上) is never "more than" it (超过), nor "above" it.
_OTHER_WORDING = {Qualifier.AT_LEAST: ("more than", "above", "over"), Qualifier.MORE_THAN: ("at least",)}


def check_bound_words(fact_base: FactBase) -> list[Problem]:
    """A reason or note that words a bound figure with another qualifier's words ("more than 80%" for 80%以上)."""
    problems: list[Problem] = []
    observations = {f.id: f for f in fact_base.facts if isinstance(f, Observation)}

    def wrong(text: str, fact: Observation) -> str | None:
        words = _OTHER_WORDING.get(fact.qualifier, ())
        folded = " ".join(text.casefold().split())
        return next((f"{w} {fact.figure}" for w in words if f"{w} {fact.figure}".casefold() in folded), None)

    for link in fact_base.links:
        for fact_id in link.facts:
            fact = observations.get(fact_id)
            if fact is not None and (found := wrong(link.reason, fact)):
                problems.append(_bound_problem(link.origin.file, link.origin.line_of("reason"), found, fact))
    for fact in observations.values():
        if fact.note and (found := wrong(fact.note, fact)):
            problems.append(_bound_problem(fact.origin.file, fact.origin.line_of("note"), found, fact))
    return problems


def _bound_problem(file: str, line: int, found: str, fact: Observation) -> Problem:
    word = {Qualifier.AT_LEAST: "at least", Qualifier.MORE_THAN: "more than"}[fact.qualifier]
    return Problem(file, line, f"'{found}': the qualifier of '{fact.id}' is {fact.qualifier.value}; say '{word}'")


def check_base(fact_base: FactBase) -> list[Problem]:
    """The checks that span files, on a whole base in memory."""
    placed = (Placed(fact.id, fact.origin.file, fact.origin.line_of("id")) for fact in fact_base.facts)
    derived = (f for f in fact_base.facts if isinstance(f, Observation) and f.derived is not None)
    problems = check_across(placed, derived, fact_base)
    known = {fact.id for fact in fact_base.facts}
    for exclusion in fact_base.exclusions:  # left_out spans: read by validate, not kept in the cache
        if exclusion.fact is not None and exclusion.fact not in known:
            line = exclusion.origin.line_of("fact")
            problems.append(Problem(exclusion.origin.file, line, f"left_out: {unknown('fact', exclusion.fact, known)}"))
    return problems + check_bound_words(fact_base)


def _check_derivation(base: FactBase, fact: Observation) -> list[Problem]:
    from xining.base.derive import Refused, derive

    assert fact.derived is not None
    where = fact.origin

    def problem(field: str, message: str) -> Problem:
        return Problem(where.file, where.line_of(field), f"observation '{fact.id}': {message}")

    try:
        result = derive(base, fact)
    except Refused as refused:
        return [problem("derived", f"{fact.derived.method} refused: {refused}")]
    if result.rounded != fact.value:
        return [
            problem(
                "value",
                f"derived value {fact.figure} does not match {fact.derived.method} of its inputs "
                f"({_plain(result.exact)}, rounded to {fact.derived.rounding} decimal places: "
                f"{_plain(result.rounded)})",
            )
        ]
    if fact.qualifier is not result.qualifier:
        return [
            problem(
                "qualifier",
                f"derived value {fact.figure} is {result.qualifier.value}, not {fact.qualifier.value} "
                f"({fact.derived.method} of its inputs gives {_plain(result.exact)})",
            )
        ]
    if fact.derived.method == "share_total" and (spread := _share_spread(base, fact, result.exact)) is not None:
        low, high = spread
        step = Decimal(1).scaleb(-fact.derived.rounding)
        if step < (high - low) / 2:
            return [
                problem(
                    "derived",
                    f"the share is printed to its last digit, so the total lies between about {_plain(low)} and "
                    f"{_plain(high)}; rounded to {fact.derived.rounding} decimal places it claims more precision "
                    "than its inputs have: round it coarser (rounding may be negative: -1 for tens, -2 for hundreds)",
                )
            ]
    return []


def _share_spread(base: FactBase, fact: Observation, exact: Decimal) -> tuple[Decimal, Decimal] | None:
    """Where a share_total lies given that its share is printed rounded (62% is 61.5% to 62.5%)."""
    assert fact.derived is not None
    share = base.fact(fact.derived.inputs[1])
    if not isinstance(share, Observation) or share.value <= 0:
        return None
    exponent = share.value.normalize().as_tuple().exponent
    half = Decimal(5).scaleb(min(0, int(exponent)) - 1)  # half a unit of the last printed digit
    if half >= share.value:
        return None
    low, high = exact * share.value / (share.value + half), exact * share.value / (share.value - half)
    return low.quantize(Decimal("0.01")), high.quantize(Decimal("0.01"))


def _plain(value: Decimal) -> str:
    """A recomputed value for a message: at most six decimal places, no exponent."""
    return format(value.quantize(Decimal("0.000001")).normalize(), "f")


def squeeze(text: str) -> str:
    """Text with all whitespace removed: the form in which quotes are compared.

    Newspaper pages turned into text break lines and insert spaces inside
    sentences, so a quote is verbatim when it matches with whitespace ignored.
    """
    return "".join(text.split())


def unknown(what: str, word: str, choices: object) -> str:
    hint = closest(word, list(choices))  # type: ignore[call-overload]
    return f"unknown {what} '{word}'" + (f"; did you mean '{hint}'?" if hint else "")
