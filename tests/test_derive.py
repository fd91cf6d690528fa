"""Each derivation method, its bounds and its refusals, tested on small in-memory bases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xining.base.derive import Refused, derive
from xining.base.model import Derivation, FactBase, Observation, Qualifier, Status, Unit
from xining.base.periods import parse_period, parse_point

PUBLISHED = parse_point("2025-07")
UNITS = {
    symbol: Unit(symbol, base, Decimal(factor), symbol)
    for symbol, base, factor in [
        ("%", "%", 1),
        ("个百分点", "个百分点", 1),
        ("人次", "人次", 1),
        ("万人次", "人次", 10000),
        ("亿元", "元", 100000000),
        ("元/人次", "元/人次", 1),
        ("家", "家", 1),
        ("个", "个", 1),
        ("区", "个", 1),
        ("县", "个", 1),
    ]
}


def observation(fact_id: str, value: str, unit: str, period: str = "2025-01..2025-05", qualifier: str = "exact",
                status: Status = Status.ACTUAL, derived: Derivation | None = None) -> Observation:  # fmt: skip
    return Observation(
        id=fact_id,
        source="s",
        metric="m",
        value=Decimal(value),
        figure=value,
        unit=unit,
        qualifier=Qualifier(qualifier),
        period=parse_period(period, PUBLISHED),
        status=status,
        quote="",
        derived=derived,
    )


def base_of(*facts: Observation) -> FactBase:
    return FactBase(1, "t", "t", {}, UNITS, {}, {}, tuple(facts), ())


def result_of(inputs: list[Observation], method: str, unit: str, period: str, rounding: int,
              status: Status = Status.ACTUAL) -> tuple[str, str]:  # fmt: skip
    derivation = Derivation(method, tuple(o.id for o in inputs), rounding)
    target = observation("result", "0", unit, period, status=status, derived=derivation)
    result = derive(base_of(*inputs, target), target)
    return str(result.rounded), result.qualifier.value


LEVEL = observation("level", "1245.19", "万人次")
GROWTH = observation("growth", "21.37", "%")


@pytest.mark.parametrize(
    ("inputs", "method", "unit", "period", "rounding", "expected"),
    [
        # 91.7% less a rise of 3.8 points: the same half a year earlier, exactly.
        (
            [observation("a", "91.7", "%", "2025H1"), observation("b", "3.8", "个百分点", "2025H1")],
            "previous_level", "%", "2024H1", 1, ("87.9", "exact"),
        ),
        # 1245.19万 at +21.37%: 1025.9454…万 a year earlier, approx once rounded.
        ([LEVEL, GROWTH], "ratio", "万人次", "2024-01..2024-05", 2, ("1025.95", "approx")),
        # The same, in the base unit: scaling is part of the computation.
        ([LEVEL, GROWTH], "ratio", "人次", "2024-01..2024-05", 0, ("10259455", "approx")),
        # 187 platforms are 72.8% of the province's: about 257.
        (
            [observation("p", "187", "家", "2025"), observation("s", "72.8", "%", "2025")],
            "share_total", "家", "2025", 0, ("257", "approx"),
        ),
        # From 62% in 2020 to 100% in 2025: 38 points over 2020–2025.
        (
            [observation("a", "100", "%", "2025"), observation("b", "62", "%", "2020")],
            "difference", "个百分点", "2020..2025", 0, ("38", "exact"),
        ),
        # A total less its national part, same span.
        (
            [observation("t", "47", "家", "..2025-12"), observation("n", "25", "家", "..2025-12")],
            "difference", "家", "..2025-12", 0, ("22", "exact"),
        ),
        # 118.53亿元 over 1245.19万 visits: about 952元 a visit.
        (
            [observation("s", "118.53", "亿元"), LEVEL],
            "quotient", "元/人次", "2025-01..2025-05", 0, ("952", "approx"),
        ),
        # Five districts and two counties: seven areas (区 and 县 both count 个).
        (
            [observation("d", "5", "区", "2025"), observation("c", "2", "县", "2025")],
            "sum", "个", "2025", 0, ("7", "exact"),
        ),
    ],
)  # fmt: skip
def test_each_method_recomputes(inputs: list[Observation], method: str, unit: str, period: str, rounding: int,
                                expected: tuple[str, str]) -> None:  # fmt: skip
    assert result_of(inputs, method, unit, period, rounding) == expected


@pytest.mark.parametrize(
    ("qualifiers", "method", "expected"),
    [
        # A lower bound on a part is a lower bound on the sum, strict if any input is strict.
        (("more_than", "exact"), "sum", ("more_than", "15")),
        (("at_least", "at_least"), "sum", ("at_least", "15")),
        # A lower bound on what is subtracted is an upper bound on the difference.
        (("exact", "at_least"), "difference", ("at_most", "5")),
        (("more_than", "at_most"), "difference", ("more_than", "5")),
        # A lower bound on the share is an upper bound on the total, rounded up to stay true.
        (("exact", "at_least"), "share_total", ("at_most", "200")),
        (("more_than", "exact"), "share_total", ("more_than", "200")),
        # An approximate input makes the result approximate.
        (("approx", "exact"), "sum", ("approx", "15")),
    ],
)
def test_bounds_propagate(qualifiers: tuple[str, str], method: str, expected: tuple[str, str]) -> None:
    inputs = [
        observation("x", "10", "家", "2025", qualifiers[0]),
        observation("y", "5", "%" if method == "share_total" else "家", "2025", qualifiers[1]),
    ]
    value, qualifier = result_of(inputs, method, "家", "2025", 0)
    assert (qualifier, value) == expected


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [("more_than", ("33", "more_than")), ("at_most", ("34", "at_most")), ("exact", ("33", "approx"))],
)
def test_a_bound_is_rounded_towards_safety(qualifier: str, expected: tuple[str, str]) -> None:
    # 10 ÷ 30% = 33.33…: a lower bound rounds down, an upper bound up, an exact value to nearest.
    inputs = [observation("x", "10", "家", "2025", qualifier), observation("y", "30", "%", "2025")]
    assert result_of(inputs, "share_total", "家", "2025", 0) == expected


@pytest.mark.parametrize(
    ("inputs", "method", "unit", "period", "message"),
    [
        (
            [observation("x", "10", "家", "2025", "more_than"), observation("y", "5", "家", "2025", "more_than")],
            "difference", "家", "2025", "bounds pulling in opposite directions",
        ),
        (
            [observation("x", "10", "家", "2025", "more_than"), observation("y", "5", "家", "2025", "approx")],
            "sum", "家", "2025", "mixes a bound with an approximate figure",
        ),
        (
            [observation("x", "10", "家", "2025"), observation("y", "5", "个", "2025")],
            "sum", "家", "2025", "inputs of different units: 'x' is in 家, 'y' in 个",
        ),
        ([LEVEL, observation("g", "21.37", "个百分点")], "ratio", "万人次", "2024-01..2024-05",
         "the growth 'g' is in 个百分点, not in %"),
        ([LEVEL, GROWTH], "ratio", "%", "2024-01..2024-05", "the result is in %; ratio of these inputs is in 人次"),
        ([LEVEL, GROWTH], "quotient", "人次", "2025-01..2025-05", "the result is in 人次; quotient of these inputs is in 人次/%"),
        ([LEVEL, observation("g", "21.37", "%", "2025-01..2025-06")], "ratio", "万人次", "2024-01..2024-05",
         "inputs of different spans: 'level' covers Jan–May 2025, 'g' covers Jan–Jun 2025"),
        ([LEVEL, GROWTH], "ratio", "万人次", "2024-01..2024-06",
         "ratio of these inputs covers 2024-01-01..2024-05-31, not Jan–Jun 2024"),
        ([LEVEL, GROWTH], "share_total", "万人次", "2024-01..2024-05", "covers Jan–May 2025, not Jan–May 2024"),
        ([LEVEL, GROWTH, GROWTH], "ratio", "万人次", "2024-01..2024-05", "ratio takes 2 inputs, not 3"),
        ([LEVEL], "sum", "万人次", "2025-01..2025-05", "sum takes two or more inputs, not 1"),
        (
            [observation("x", "10", "家", "2025"), observation("y", "5", "家", "2020")],
            "difference", "家", "2025", "difference of these inputs covers 2020-01-01..2025-12-31, not 2025",
        ),
        (
            [observation("x", "10", "家", "unknown"), observation("y", "5", "%", "unknown")],
            "share_total", "家", "unknown", "inputs of different spans",
        ),
        (
            [observation("x", "10", "家", "2025", status=Status.PLANNED), observation("y", "5", "家", "2025")],
            "sum", "家", "2025", "input 'x' is planned, the result actual",
        ),
    ],
)  # fmt: skip
def test_a_derivation_that_cannot_hold_is_refused(inputs: list[Observation], method: str, unit: str, period: str,
                                                  message: str) -> None:  # fmt: skip
    with pytest.raises(Refused, match=message.replace("(", r"\(").replace(")", r"\)")):
        result_of(inputs, method, unit, period, 0)


def test_a_missing_input_is_refused() -> None:
    target = observation("result", "0", "家", "2025", derived=Derivation("sum", ("a", "b"), 0))
    with pytest.raises(Refused, match="derived from 'a', which is not an observation in the base"):
        derive(base_of(target), target)
