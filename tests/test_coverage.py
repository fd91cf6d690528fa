"""The coverage scanner finds every number of an article, and each is accounted for or reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MakeRun, TinyBase
from xining.answers.validate import validate
from xining.base.coverage import Accounted, account, doubled_lines, scan
from xining.base.model import Exclusion, FactBase, Milestone, Observation, Qualifier, Source, Status, Unit
from xining.base.numbers import occurrences
from xining.base.periods import parse_period

FACTS = "articles/briefing.yaml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # Arabic digits with decimals; 万 and 亿 after digits are part of the unit, not numbers of their own.
        ("全市接待游客1245.19万人次，游客出游总花费118.53亿元", ["1245.19", "118.53"]),
        ("发放资助资金6400余万元", ["6400"]),
        ("研发经费投入强度提升至1.47%，清洁能源利用率超80%", ["1.47", "80"]),
        # Whitespace and line breaks inside and around numbers, as a newspaper page has them.
        ("全市已建、在建标准机架达 2.3\n 万架", ["2.3"]),
        ("惠及 44.12\n万余名老年人", ["44.12"]),
        ("累计接收市民诉求 3\n6 万件", ["36"]),
        ("成功建成1\n条中试线", ["1"]),
        # Chinese numerals that count: before a measure word, or after 第 and 前.
        ("在能源绿色低碳转型等六大关键领域", ["六"]),
        ("两度入选国家医改十大举措", ["两", "十"]),
        ("西宁第五次获得", ["第五"]),
        ("西宁项目覆盖五区两县", ["五", "两"]),
        ("第二十四届环大美青海国际公路自行车赛", ["第二十四"]),
        ("跻身国内自驾游热门目的地前十", ["前十"]),
        ("今年前三季度", ["前三"]),
        ("几十年坚持实施南北山绿化工程", ["几十"]),
        ("总投资超百亿元", ["百亿"]),
        ("十一个项目", ["十一"]),
        ("黄河干流出省断面水质保持在Ⅱ类及以上", ["Ⅱ"]),
        # Not numbers: a lone 一 (the indefinite article), numerals not followed by a measure word.
        ("建成一批高品质的避暑度假区，每一个声音", []),
        ("万象更新，一带一路，两高项目", []),
    ],
)
def test_scan_finds_every_number(text: str, numbers: list[str]) -> None:
    assert [number.text for number in scan(text)] == numbers


def test_each_number_knows_its_line() -> None:
    found = scan("第一行\n\n达 2.3\n万架，共 4\n5 个")
    assert [(n.text, n.line) for n in found] == [("第一", 1), ("2.3", 3), ("45", 4)]


@pytest.mark.parametrize(
    ("line", "garbled"),
    [
        ("77月月 1111日日，，省政府新闻办召开省政府新闻办召开““全全", True),
        ("保保、、民生事业五个方面取得的发展成民生事业五个方面取得的发展成", True),
        ("记者手记记者手记", True),
        ("旺季带动四季、四季支撑旺季”，通过着力强化", False),
        ("西宁项目覆盖五区两县,截至2025年12月底,已累计开工项目97个", False),
        ("哈哈", False),  # too short to tell
    ],
)
def test_lines_printed_with_doubled_characters_are_page_furniture(line: str, garbled: bool) -> None:
    assert doubled_lines(f"正文第一行\n{line}\n") == ({2} if garbled else set())


UNITS = {"%": Unit("%", "%", Decimal(1), "percent"), "个": Unit("个", "个", Decimal(1), "count")}
ARTICLE = "截至6月底，建成标准机架5万台。计划3年至5年内建成5个中心。“五个中心城市”。增长7个。\n77月月 1111日日，，发布会发布会"


def observation(fact_id: str, value: str, figure: str, quote: str, said: str | None = None) -> Observation:
    return Observation(
        id=fact_id, source="s", metric="m", value=Decimal(value), figure=figure, unit="个",
        qualifier=Qualifier.EXACT, period=parse_period("2025", None), status=Status.ACTUAL, quote=quote,
        time_expression=said,
    )  # fmt: skip


def coverage_of(*exclusions: Exclusion, article: str = ARTICLE) -> tuple[list[tuple[str, str]], list[str]]:
    facts = (
        observation("racks", "5", "5", "截至6月底，建成标准机架5万台", said="截至6月底"),
        observation("centres", "5", "5", "计划3年至5年内建成5个中心", said="3年至5年内"),
        Milestone("launch", "s", None, "governance", parse_period("2025", None), Status.ACTUAL, "发布会"),  # type: ignore[arg-type]
    )
    source = Source("s", "a.txt", "", None, None, (), None, "")  # type: ignore[arg-type]
    base = FactBase(1, "t", "t", {}, UNITS, {}, {"s": source}, facts, (), exclusions)
    covered, wrong = account(base, "s", article)
    statuses = [
        (entry.number.text, f"{entry.status}:{entry.by}")
        if isinstance(entry, Accounted)
        else (entry.text, "unaccounted")
        for entry in covered.numbers
    ]
    return statuses, [message for _, message in wrong]


def test_every_number_is_a_figure_a_period_left_out_or_unaccounted() -> None:
    statuses, wrong = coverage_of(Exclusion("s", "五个中心城市", "slogan_or_name"))
    assert wrong == []
    assert statuses == [
        ("6", "period:racks"),  # in the time expression 截至6月底
        ("5", "figure:racks"),
        ("3", "period:centres"),  # in the time expression 3年至5年内
        ("5", "period:centres"),  # 5年: the figure 5 stands twice in the quote; its unit (个) follows the second
        ("5", "figure:centres"),
        ("五", "left_out:slogan_or_name"),
        ("7", "unaccounted"),
        ("77", "left_out:page_furniture"),  # the doubled line is recognised without a listing
        ("1111", "left_out:page_furniture"),
    ]


@pytest.mark.parametrize(
    ("exclusion", "message"),
    [
        (Exclusion("s", "九个中心", "slogan_or_name"), "'九个中心' is not in the article"),
        (Exclusion("s", "中心城市", "slogan_or_name"), "'中心城市' holds no number"),
        (
            Exclusion("s", "标准机架5万台", "duplicate_of", fact="racks"),
            "'5' in '标准机架5万台' is the figure of 'racks'; a number cannot be both a figure and left out",
        ),
    ],
)
def test_a_wrong_exclusion_is_reported(exclusion: Exclusion, message: str) -> None:
    assert coverage_of(exclusion)[1] == [message]


# --- through validate, at file and line --------------------------------------------------------------


def messages(tiny: TinyBase) -> list[str]:
    return [str(problem) for problem in validate(tiny.root, tiny.sources).problems]


def test_an_unaccounted_number_is_reported_at_its_line_in_the_article(tiny: TinyBase) -> None:
    tiny.edit(FACTS, "  - text: 增长7个。增长8个。", "  - text: 增长7个。")
    assert messages(tiny) == [
        "article.txt:1: number '8' (…增长7个。增长8个。今年1月至5…) is in no fact and not left out: "
        "record it, or add it to left_out with a reason for source 'briefing'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("  - text: 增长7个。增长8个。", "  - text: 增长9个。", "增长9个", "left_out: '增长9个。' is not in the article"),
        (
            "  - text: 增长7个。增长8个。",
            "  - text: 增长7个。增长8个。今年1月至5月全市接待游客1245.19万人次",
            "- text: 增长7个",
            "left_out: '1245.19' in '增长7个。增长8个。今年1月至5月全市接待游客1245.19万人次' is the figure of "
            "'tourists-2025'; a number cannot be both a figure and left out",
        ),
        ("reason: out_of_scope", "reason: out_of_scop", "reason: out_of_scop",
         "left_out: reason 'out_of_scop' is not valid; did you mean 'out_of_scope'?"),
        ("reason: out_of_scope\n    why: sentences other tests quote when they add facts", "reason: out_of_scope",
         "reason: out_of_scope", "left_out: out_of_scope needs 'why'"),
        ("reason: out_of_scope", "reason: duplicate_of", "reason: duplicate_of",
         "left_out: duplicate_of needs 'fact', the id of the fact that records the number"),
        ("reason: out_of_scope", "reason: duplicate_of\n    fact: tourist-2025", "fact: tourist-2025",
         "left_out: unknown fact 'tourist-2025'; did you mean 'tourists-2025'?"),
    ],
)  # fmt: skip
def test_a_bad_left_out_entry_is_reported_at_its_line(tiny: TinyBase, old: str, new: str, needle: str,
                                                      message: str) -> None:  # fmt: skip
    tiny.edit(FACTS, old, new)
    line = tiny.line_of(FACTS, needle)
    assert f"{FACTS}:{line}: {message}" in messages(tiny), messages(tiny)


def test_validate_prints_the_coverage(tiny: TinyBase, run: MakeRun) -> None:
    result = run("--base", str(tiny.root), "validate", "--sources", str(tiny.sources))
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        "ok: 7 facts, 7 quotes in 1 sources\n13 numbers: 11 in facts, 2 left out with a reason, 0 unaccounted\n"
    )
    import json

    data = json.loads(run("--base", str(tiny.root), "validate", "--sources", str(tiny.sources), "--json").out)
    coverage = data["coverage"]
    assert (coverage["numbers"], coverage["in_facts"], coverage["left_out"], coverage["unaccounted"]) == (13, 11, 2, 0)
    assert coverage["sources"][0]["each"][0] == {"number": "7", "line": 1, "status": "left_out", "by": "out_of_scope"}
    assert json.loads(run("--base", str(tiny.root), "validate", "--json").out)["coverage"] is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles are not beside the checkout")
def test_every_number_of_the_shipped_articles_is_accounted_for() -> None:
    report = validate(None, SEEDS)
    assert report.ok, [str(p) for p in report.problems]
    assert report.unaccounted == 0
    assert report.numbers == report.in_facts + report.left_out
    assert report.numbers >= 200


ARTICLE_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789. \n第前几一二两三五十百千万亿个大度区县年月日季度号Ⅱ元人次的是，。")),
    max_size=80,
)


@given(ARTICLE_TEXT)
def test_every_number_found_is_in_the_text_at_its_place(text: str) -> None:
    squeezed = "".join(text.split())
    lines = text.count("\n") + 1
    for number in scan(text):
        assert squeezed[number.start : number.end] == number.text
        assert 1 <= number.line <= lines
        assert number.text in number.context
    assert isinstance(doubled_lines(text), set)


@pytest.mark.parametrize("text", ["0，000", "增长7个，2024年"])
def test_a_full_width_comma_ends_a_clause_and_groups_no_digits(text: str) -> None:
    squeezed = "".join(text.split())
    assert all(squeezed[n.start : n.end] == n.text for n in scan(text))
    assert not any("," in n.text for n in scan(text))


@pytest.mark.parametrize(
    ("part", "text", "start", "places"),
    [
        ("2", "2025年2月", 0, [0, 2, 5]),
        ("22", "2222", 0, [0, 1, 2]),  # overlapping: 22 is written three times in 2222
        ("5.3", "5.3亿元，5x3", 0, [0]),  # a dot is a dot
        ("年", "2024年至2025年", 5, [10]),
        ("", "2025年", 0, []),
        ("西宁", "", 0, []),
    ],
)
def test_occurrences_are_every_place_a_string_is_written(part: str, text: str, start: int, places: list[int]) -> None:
    assert list(occurrences(part, text, start)) == places


@given(st.text("2.5年万 ", max_size=6), st.text("2.5年万 x", max_size=40), st.integers(0, 45))
def test_occurrences_are_those_a_lookahead_finds(part: str, text: str, start: int) -> None:
    import re

    expected = [m.start() for m in re.finditer(f"(?={re.escape(part)})", text[start:])] if part else []
    assert list(occurrences(part, text, start)) == [start + at for at in expected]


@given(
    st.text("０１２３４５６７８９．％，0123456789.%,西宁增长 \n\uff10\uff20\uff5e", max_size=30) | st.text(max_size=30)
)
def test_digits_are_made_plain_only_where_a_full_width_one_is_written(text: str) -> None:
    """Text with no full-width digit, point or percent is returned as it is, without translating it."""
    from xining.base.numbers import plain_digits

    table = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
    assert plain_digits(text) == text.translate(table)
    assert plain_digits("增长２６．３％") == "增长26.3%"
