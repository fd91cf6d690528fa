"""Derived observations: a small, closed set of methods, each recomputed and checked.

A derived value is one the article implies but does not state: last year's
level from this year's level and its growth, a province's total from the
city's part and its share. Each method says how its inputs must relate (one
unit, one span) and which period and unit the result has, so that a
derivation that mixes spans or units is refused rather than computed.

Bounds propagate. Every method is monotonic in each input, so a "more than"
input makes the result a bound in the direction the method carries it (a
lower bound on a part gives a lower bound on the total; a lower bound on a
share gives an upper bound on the total). Bounds pulling in opposite
directions, or a bound mixed with an approximate figure, leave nothing true
to say: such a derivation is refused. A bound result is rounded towards
safety (a lower bound down, an upper bound up); any other result is `approx`
when an input is approximate or rounding changed it.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from xining.base.model import Derivation, FactBase, Observation, Qualifier

PERCENT = "%"
POINTS = "个百分点"
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Method:
    """One way of deriving a value: its arity, formula and rules."""

    name: str
    arity: int | None  # None: two or more inputs
    compute: Callable[[list[Decimal]], Decimal]
    rising: Callable[[int], tuple[int, ...]]  # per input: +1 if the result rises with it, -1 if it falls
    span: str  # "hull": the span covering all inputs; "year_earlier": one span, a year back; "same": one span
    summary: str


def _difference(values: list[Decimal]) -> Decimal:
    return values[0] - sum(values[1:], Decimal(0))


def _ratio(values: list[Decimal]) -> Decimal:
    level, growth = values
    return level / (1 + growth / HUNDRED)


def _share_total(values: list[Decimal]) -> Decimal:
    part, share = values
    return part / (share / HUNDRED)


METHODS: dict[str, Method] = {
    method.name: method
    for method in (
        Method(
            "difference", None, _difference, lambda n: (1,) + (-1,) * (n - 1), "hull",
            "first input minus the others (a change between two periods, or a total less its part)",
        ),
        Method(
            "sum", None, lambda values: sum(values, Decimal(0)), lambda n: (1,) * n, "hull",
            "the inputs added up",
        ),
        Method(
            "previous_level", 2, _difference, lambda n: (1, -1), "year_earlier",
            "a level minus its change on the same span a year earlier: that earlier level",
        ),
        Method(
            "ratio", 2, _ratio, lambda n: (1, -1), "year_earlier",
            "a level ÷ (1 + its year-on-year growth): the level of the same span a year earlier",
        ),
        Method(
            "share_total", 2, _share_total, lambda n: (1, -1), "same",
            "a part ÷ its share of the whole: the whole",
        ),
        Method(
            "quotient", 2, lambda values: values[0] / values[1], lambda n: (1, -1), "same",
            "one level ÷ another of the same span, in a unit per unit (元/人次)",
        ),
    )
}  # fmt: skip


def recompute(method: str, inputs: list[Decimal]) -> Decimal:
    """The unrounded value a derivation gives from its inputs' values."""
    return METHODS[method].compute(inputs)


class Refused(ValueError):
    """A derivation that cannot be made: the message says why."""


@dataclass(frozen=True, slots=True)
class Result:
    """What a derivation yields: the exact value, the stored one, and its qualifier."""

    exact: Decimal
    rounded: Decimal
    qualifier: Qualifier


def derive(base: FactBase, fact: Observation) -> Result:
    """Recompute a derived observation from its inputs, or say why it cannot be derived."""
    derivation = fact.derived
    assert derivation is not None
    method = METHODS[derivation.method]
    inputs = _inputs(base, fact, derivation, method)
    _check_units(base, fact, method, inputs)
    _check_spans(fact, method, inputs)
    values = []
    for observation in inputs:
        normalized = base.normalized(observation)
        assert normalized is not None  # units were checked above
        values.append(normalized[0])
    try:
        exact = method.compute(values)
    except ArithmeticError:
        raise Refused(f"{method.name} of these inputs is undefined (a division by zero)") from None
    factor = base.units[fact.unit].factor
    exact = exact / factor
    qualifier = _qualifier(method, inputs)
    rounding = {
        Qualifier.AT_LEAST: ROUND_FLOOR,
        Qualifier.MORE_THAN: ROUND_FLOOR,
        Qualifier.AT_MOST: ROUND_CEILING,
    }.get(qualifier, ROUND_HALF_UP)
    rounded = exact.quantize(Decimal(1).scaleb(-(derivation.rounding or 0)), rounding=rounding)
    if qualifier is Qualifier.EXACT and rounded != exact:
        qualifier = Qualifier.APPROX
    return Result(exact, rounded, qualifier)


def _inputs(base: FactBase, fact: Observation, derivation: Derivation, method: Method) -> list[Observation]:
    count = len(derivation.inputs)
    if method.arity is not None and count != method.arity:
        raise Refused(f"{method.name} takes {method.arity} inputs, not {count}")
    if method.arity is None and count < 2:
        raise Refused(f"{method.name} takes two or more inputs, not {count}")
    found: list[Observation] = []
    for input_id in derivation.inputs:
        observation = base.fact(input_id)
        if not isinstance(observation, Observation):
            raise Refused(f"derived from '{input_id}', which is not an observation in the base")
        if input_id == fact.id:
            raise Refused("a derivation cannot use itself as an input")
        if observation.status is not fact.status:
            raise Refused(f"input '{input_id}' is {observation.status.value}, the result {fact.status.value}")
        found.append(observation)
    return found


def _base_unit(base: FactBase, observation: Observation) -> str:
    unit = base.units.get(observation.unit)
    if unit is None:
        raise Refused(f"input '{observation.id}' has an unknown unit '{observation.unit}'")
    return unit.base


def _check_units(base: FactBase, fact: Observation, method: Method, inputs: list[Observation]) -> None:
    result = base.units.get(fact.unit)
    if result is None:
        raise Refused(f"unknown unit '{fact.unit}'")
    units = [_base_unit(base, observation) for observation in inputs]
    first = inputs[0].id
    if method.name in ("difference", "sum"):
        for observation, unit in zip(inputs[1:], units[1:], strict=True):
            if unit != units[0]:
                raise Refused(f"inputs of different units: '{first}' is in {units[0]}, '{observation.id}' in {unit}")
        allowed = {PERCENT, POINTS} if units[0] == PERCENT and method.name == "difference" else {units[0]}
    elif method.name == "quotient":
        allowed = {f"{units[0]}/{units[1]}"}
    elif method.name == "previous_level":
        change = {units[0], POINTS} if units[0] == PERCENT else {units[0]}
        if units[1] not in change:
            raise Refused(
                f"the change '{inputs[1].id}' is in {units[1]}; "
                f"a change of '{first}' is in {' or '.join(sorted(change))}"
            )
        allowed = {units[0]}
    else:  # ratio and share_total: a level or part, and a percentage
        if units[1] != PERCENT:
            what = "growth" if method.name == "ratio" else "share"
            raise Refused(f"the {what} '{inputs[1].id}' is in {units[1]}, not in %")
        allowed = {units[0]}
    if result.base not in allowed:
        raise Refused(
            f"the result is in {result.base}; {method.name} of these inputs is in {' or '.join(sorted(allowed))}"
        )


def _same_span(a: Observation, b: Observation) -> bool:
    if a.period.start is None or a.period.end is None or b.period.start is None or b.period.end is None:
        # Undated spans (at publication of an undated article) are the same only within one article.
        return a.period.spec == b.period.spec and a.source == b.source and a.period.spec != "unknown"
    return (a.period.start, a.period.end) == (b.period.start, b.period.end)


def _year_earlier(day: date, end: bool) -> date:
    year = day.year - 1
    last = calendar.monthrange(year, day.month)[1]
    if end and day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(year, day.month, last)  # the end of a month stays the end of that month
    return date(year, day.month, min(day.day, last))


def _check_spans(fact: Observation, method: Method, inputs: list[Observation]) -> None:
    period = fact.period
    if method.span in ("same", "year_earlier"):
        for observation in inputs[1:]:
            if not _same_span(inputs[0], observation):
                raise Refused(
                    f"inputs of different spans: '{inputs[0].id}' covers {inputs[0].period.label}, "
                    f"'{observation.id}' covers {observation.period.label}"
                )
    spans = [observation.period for observation in inputs]
    if method.span == "same":
        expected_ok = _same_span(inputs[0], fact)
        want = spans[0].label
    elif method.span == "year_earlier":
        start, end = spans[0].start, spans[0].end
        if start is None or end is None:
            raise Refused(f"'{inputs[0].id}' covers {spans[0].label}: no span a year earlier can be named")
        want_start, want_end = _year_earlier(start, end=False), _year_earlier(end, end=True)
        expected_ok = (period.start, period.end) == (want_start, want_end)
        want = f"{want_start.isoformat()}..{want_end.isoformat()}"
    else:
        if any(span.start is None or span.end is None for span in spans):
            expected_ok = all(_same_span(inputs[0], o) for o in (*inputs[1:], fact))
            want = spans[0].label
        else:
            want_first = min(span.start for span in spans if span.start)
            want_last = max(span.end for span in spans if span.end)
            expected_ok = (period.start, period.end) == (want_first, want_last)
            want = f"{want_first.isoformat()}..{want_last.isoformat()}"
    if not expected_ok:
        raise Refused(f"{method.name} of these inputs covers {want}, not {period.label}")


def _qualifier(method: Method, inputs: list[Observation]) -> Qualifier:
    pulls: set[int] = set()
    strict = False
    approx = False
    for observation, rising in zip(inputs, method.rising(len(inputs)), strict=True):
        qualifier = observation.qualifier
        if qualifier is Qualifier.APPROX:
            approx = True
        elif qualifier.is_bound:
            lower = qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN)
            pulls.add(rising if lower else -rising)
            strict = strict or qualifier is Qualifier.MORE_THAN
    if len(pulls) > 1:
        raise Refused("its inputs are bounds pulling in opposite directions: nothing true can be derived")
    if pulls and approx:
        raise Refused("it mixes a bound with an approximate figure: nothing true can be derived")
    if pulls == {1}:
        return Qualifier.MORE_THAN if strict else Qualifier.AT_LEAST
    if pulls == {-1}:
        return Qualifier.AT_MOST
    return Qualifier.APPROX if approx else Qualifier.EXACT
