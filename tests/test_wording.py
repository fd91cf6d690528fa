"""How a figure reads: qualifiers, markers, numbers and periods in each language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xining.present.wording import Lang, figure_text, marked, number_text, period_text


def fact(value: Any, unit: str, qualifier: str, quote: str = "", **extra: Any) -> dict[str, Any]:
    return {"value": value, "unit": unit, "qualifier": qualifier, "quote": quote, "kind": "observation", **extra}


@pytest.mark.parametrize(
    ("record", "en", "zh"),
    [
        (fact(93.1, "%", "exact"), "93.1 %", "93.1%"),
        (fact(10, "万PFlops", "more_than", "力争算力规模突破10万PFlops"), "more than 10 万PFlops", "突破10万PFlops"),
        (fact(1.3, "万P", "more_than", "算力规模超1.3万P"), "more than 1.3 万P", "超1.3万P"),
        (fact(98, "%", "at_least", "合格率稳定在98%以上"), "at least 98 %", "98%以上"),
        (fact(73, "万件", "approx", "解决群众诉求近73万件"), "about 73 万件", "近73万件"),
        (fact(44.12, "万名", "approx", "惠及 44.12万余名老年人"), "about 44.12 万名", "44.12万余名"),
        (fact(30, "个", "approx", "贸易伙伴30余个"), "about 30 个", "30余个"),
        (fact(21.3, "亿元", "approx", "资金约 21.3 亿元"), "about 21.3 亿元", "约21.3亿元"),
        # a water quality class: a lower class is better, so at most class 2 is Ⅱ类及以上, as the article says
        (fact(2, "类", "at_most", "水质保持在Ⅱ类及以上"), "class II or better", "Ⅱ类及以上"),
        (fact(5, "个", "approx", "no figure in this quote"), "about 5 个", "约5个"),  # the default word
        (fact(103, "项", "more_than", "1103项, 超103项"), "more than 103 项", "超103项"),  # not inside 1103
    ],
)
def test_figure_text(record: dict[str, Any], en: str, zh: str) -> None:
    assert figure_text(record, Lang.EN) == figure_text(record, Lang.BOTH) == en
    assert figure_text(record, Lang.ZH) == zh


@pytest.mark.parametrize(
    ("extra", "en", "zh", "both"),
    [
        ({}, "87.9 %", "87.9%", "87.9 %"),
        ({"derived": {"method": "difference"}}, "87.9 % (derived)", "87.9%（推算）", "87.9 % (推算 derived)"),
        ({"status": "planned"}, "87.9 % (planned)", "87.9%（计划）", "87.9 % (计划 planned)"),
    ],
)
def test_markers(extra: dict[str, Any], en: str, zh: str, both: str) -> None:
    record = fact(87.9, "%", "exact", **extra)
    assert [marked(figure_text(record, lang), record, lang) for lang in (Lang.EN, Lang.ZH, Lang.BOTH)] == [en, zh, both]


def test_an_expected_event_is_marked_expected_in_chinese() -> None:
    event = {"kind": "milestone", "status": "planned", "value": None}
    assert (marked("", event, Lang.ZH), marked("", event, Lang.EN)) == ("（预计）", "(planned)")


@pytest.mark.parametrize(
    ("value", "options", "text"),
    [
        (93.1, {}, "93.1"),
        (5.0, {}, "5"),
        (Decimal("1245.190"), {}, "1245.19"),
        (12451900, {"grouped": True}, "12,451,900"),
        (3.8, {"sign": True}, "+3.8"),
        (-3.8, {"sign": True}, "-3.8"),
        (1e-7, {}, "0.0000001"),
    ],
)
def test_number_text(value: Any, options: dict[str, bool], text: str) -> None:
    assert number_text(value, **options) == text


@pytest.mark.parametrize(
    ("label", "zh"),
    [
        ("2024", "2024年"),
        ("H1 2024", "2024年上半年"),
        ("H2 2024", "2024年下半年"),
        ("Q3 2025", "2025年第三季度"),
        ("Mar 2024", "2024年3月"),
        ("2025-06-30", "2025年6月30日"),
        ("Jan–May 2025", "2025年1—5月"),
        ("2020–2025", "2020—2025年"),
        ("2021–2025 (14th Five-Year Plan)", "2021—2025年（“十四五”时期）"),
        ("2025-07-11 – Jul 2030", "2025年7月11日至2030年7月"),
        ("up to 2025-06-30", "截至2025年6月30日"),
        ("up to publication (Dec 2025)", "截至发布时（2025年12月）"),
        ("at publication (date not given)", "发布时（日期不详）"),
        ("date not given (by Q3 2025)", "日期不详（2025年第三季度或更早）"),
        ("from 2025-07-11", "2025年7月11日起"),
        ("Sep 2024 – publication (2026)", "2024年9月至发布时（2026年）"),
        ("未来三年 (year not given)", "未来三年（未注明年份）"),
        ("period not given", "时期不详"),
        ("date not given (by 9–31 Dec 2025)", "日期不详（2025年12月9—31日或更早）"),
        ("date not given (by 11 Jul – 30 Sep 2025)", "日期不详（2025年7月11日至9月30日或更早）"),
        ("at publication (1 Dec 2025 – 31 Jan 2026)", "发布时（2025年12月1日至2026年1月31日）"),
        ("something new", "something new"),  # an unknown label is shown as written, never dropped
    ],
)
def test_period_text_in_chinese(label: str, zh: str) -> None:
    period = {"label": label}
    assert (period_text(period, Lang.ZH), period_text(period, Lang.EN), period_text(period, Lang.BOTH)) == (
        zh,
        label,
        label,
    )


def _number_text_by_decimal(value: float | int, sign: bool, grouped: bool) -> str:
    """What number_text wrote for every number before it skipped the decimal module for ints and plain floats."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    text = f"{number:,f}" if grouped else f"{number:f}"
    return "+" + text if sign and number > 0 else text


@given(
    st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False, width=64)),
    st.booleans(),
    st.booleans(),
)
def test_number_text_writes_ints_and_floats_as_the_decimal_module_does(
    value: float | int, sign: bool, grouped: bool
) -> None:
    assume(abs(value) < 10**27)  # within the 28 digits of Decimal's context, as every figure of a base is
    assert number_text(value, sign=sign, grouped=grouped) == _number_text_by_decimal(value, sign, grouped)


_DIGITS_AND_MARKS = st.text(alphabet="0123456789.万亿余近%３٣ ", max_size=12)


@given(number=st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,2})?", fullmatch=True), text=_DIGITS_AND_MARKS)
def test_a_number_standing_alone_is_found_where_the_pattern_finds_it(number: str, text: str) -> None:
    import re

    from xining.present.wording import _standing_alone

    for written in (text, text + number, number + text, text[:3] + number + text[3:]):
        found = re.search(rf"(?<![\d.]){re.escape(number)}(?!\.?\d)", written)
        assert _standing_alone(number, written) == (found.start() if found else -1)
