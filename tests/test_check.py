"""`xining check`: every claim of the claim set gets the verdict a fact-checker gives it, the five articles
check clean against their own base, and no draft, however odd, gives a traceback."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeRun
from xining.answers.check import check
from xining.answers.check.drafts import MAX_BYTES
from xining.answers.check.reading import Vocabulary, read_claims
from xining.answers.check.timing import find_times
from xining.answers.check.verdicts import SEVERITY, Reason, Verdict
from xining.base.model import Qualifier
from xining.base.numbers import scan, value_of
from xining.cache.opening import open_store
from xining.cache.store import Store
from xining.errors import XiningError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CLAIM_SET = yaml.safe_load((Path(__file__).parent / "data" / "claims.yaml").read_text(encoding="utf-8"))
CLAIMS = CLAIM_SET["claims"]
INDEPENDENT = CLAIM_SET["independent"]  # written by someone who read neither the claims above nor the code
TODAY = date(2026, 12, 7)  # claims without 今年 or 去年 do not depend on it
# A short draft with one claim of each verdict, dated so that 今年 is 2025.
DRAFT = (
    "2024年，西宁市外贸进出口增速26.3%。2025年西宁外贸进出口增长41%。西宁医疗保险参保率为95%。西宁常住人口约248万人。"
)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with open_store(use_cache=False) as opened:
        yield opened


# --- the claim set -----------------------------------------------------------------------------


@pytest.mark.parametrize("claim", CLAIMS, ids=[claim["id"] for claim in CLAIMS])
def test_every_claim_of_the_set_gets_its_verdict_and_facts(store: Store, claim: dict) -> None:
    result = check(store, claim["text"], claim.get("date") or TODAY)
    assert len(result.findings) == 1, [finding.claim.text for finding in result.findings]
    judgement = result.findings[0].judgement
    assert judgement.verdict.value == claim["verdict"], judgement.reason
    assert sorted(judgement.facts) == sorted(claim["facts"])


@pytest.mark.parametrize("claim", INDEPENDENT, ids=[claim["id"] for claim in INDEPENDENT])
def test_every_independent_claim_gets_its_worst_verdict(store: Store, claim: dict) -> None:
    """A sentence of several figures is as bad as its worst; a supported one rests on the writer's facts."""
    result = check(store, claim["text"], claim.get("date") or TODAY)
    worst = min((finding.judgement.verdict for finding in result.findings), key=SEVERITY.index)
    assert worst.value == claim["verdict"], [(f.claim.text, f.judgement.reason.value) for f in result.findings]
    if worst is Verdict.SUPPORTED:
        assert {fact for finding in result.findings for fact in finding.judgement.facts} <= set(claim["facts"])


@pytest.mark.parametrize("separator", [" ", "\n", "\n\n"], ids=["one paragraph", "lines", "paragraphs"])
def test_claims_in_one_draft_get_the_verdicts_they_get_alone(store: Store, separator: str) -> None:
    """Nothing of one sentence leaks into the next: a date, a plan, a subject stay where they are said."""
    undated = [claim for claim in CLAIMS if not claim.get("date")]
    result = check(store, separator.join(claim["text"] for claim in undated), TODAY)
    assert [(f.judgement.verdict.value, sorted(f.judgement.facts)) for f in result.findings] == [
        (claim["verdict"], sorted(claim["facts"])) for claim in undated
    ]


def test_the_claim_set_is_half_right_half_wrong_in_both_languages() -> None:
    kinds = {claim["kind"] for claim in CLAIMS}
    assert len(CLAIMS) >= 100
    assert {"wrong_period", "dropped_qualifier", "strengthened_qualifier", "scale_or_unit", "subject"} <= kinds
    assert {"plan_as_done", "wrong_ranked", "wrong_value", "derived_as_stated", "rounded", "designation"} <= kinds
    supported = sum(claim["verdict"] == "supported" for claim in CLAIMS)
    assert 0.4 < supported / len(CLAIMS) < 0.6
    chinese = sum(claim["id"].startswith("zh") for claim in CLAIMS)
    english = sum(claim["id"].startswith("en") for claim in CLAIMS)
    assert chinese > 40 and english > 40


# --- the five articles, against their own base ---------------------------------------------------

# The day each article is read as of: the earliest day it can have appeared (今年 in 000 and
# 003 is 2025). 001 has no date and no relative words: today will do.
ARTICLES = [
    ("000", "2025-12-09", {"supported": 32, "imprecise": 0, "contradicted": 0, "not_found": 7}),
    ("001", None, {"supported": 34, "imprecise": 0, "contradicted": 0, "not_found": 8}),
    ("002", "2026-01-01", {"supported": 64, "imprecise": 0, "contradicted": 0, "not_found": 1}),
    ("003", "2025-07-01", {"supported": 68, "imprecise": 0, "contradicted": 0, "not_found": 4}),
    ("004", "2025-01-01", {"supported": 14, "imprecise": 0, "contradicted": 0, "not_found": 9}),
]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the archived articles are not next to the repository")
@pytest.mark.parametrize(("number", "day", "counts"), ARTICLES, ids=[a[0] for a in ARTICLES])
def test_each_article_checks_clean_against_its_own_base(run: MakeRun, number: str, day: str | None, counts: dict) -> None:  # fmt: skip
    article = next(SEEDS.glob(f"{number}_*.txt"))
    found = run("check", "--file", str(article), "--json", *(["--date", day] if day else []))
    assert found.code == 0, found.err
    result = json.loads(found.out)
    assert result["counts"] == counts
    supported = {fact for claim in result["claims"] if claim["verdict"] == "supported" for fact in claim["facts"]}
    source = yaml.safe_load(next(Path("facts/articles").glob(f"{number}-*.yaml")).read_text(encoding="utf-8"))
    printed = {o["id"] for o in source["observations"] if "derived" not in o}
    assert printed <= supported, sorted(printed - supported)


# --- the output, exactly -------------------------------------------------------------------------


def test_a_piped_check_marks_the_draft_and_lists_findings_worst_first(run: MakeRun) -> None:
    found = run("check", DRAFT, "--date", "2025-12-20")
    assert found.code == 1
    assert found.out.splitlines()[:4] == [
        "4 claims (1 supported, 1 imprecise, 1 contradicted, 1 not_found); 今年/去年/this year read as of 2025-12-20",
        "",
        "2024年，西宁市外贸进出口增速26.3%[✓1]。2025年西宁外贸进出口增长41%[✗2]。"
        "西宁医疗保险参保率为95%[~3]。西宁常住人口约248万人[?4]。",
        "",
    ]
    assert found.out.splitlines()[4:] == [
        "✗ 2 contradicted: 41% (2025年)",
        "  41%是其他时期的数字：41%（2025年1—9月）",
        "  facts: trade-growth-2025-q1-q3",
        "  cite: 施翔. 西宁荣获2025最具幸福感城市[N]. [出版者不详], [2025-12].",
        "~ 3 imprecise: 95%",
        "  基础数据为超95%（发布时（日期不详）），漏了限定词",
        "  facts: medical-insurance-coverage",
        "  cite: 向「绿」而行 向「新」发力: 西宁奋力推进中国式现代化高原新实践[Z]. [出版者不详], [出版日期不详].",
        "? 4 not_found: 约248万人",
        "  基础数据中没有这一指标",
        "✓ 1 supported: 26.3% (2024年)",
        "  与基础数据一致：26.3%（2024年）",
        "  facts: trade-growth-2024",
        "  cite: 施翔. 西宁荣获2025最具幸福感城市[N]. [出版者不详], [2025-12].",
    ]


def test_a_terminal_marks_claims_with_colour_and_a_symbol_or_brackets_under_no_color(
    run: MakeRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = "2025年西宁外贸增长41%。"
    assert run("check", draft, "--format", "table").out.splitlines()[2] == "2025年西宁外贸增长41%[✗1]。"
    monkeypatch.delenv("NO_COLOR")
    assert run("check", draft, "--format", "table").out.splitlines()[1] == "2025年西宁外贸增长41%✗1。"


def test_json_gives_each_claim_with_offsets_into_the_draft(run: MakeRun) -> None:
    result = json.loads(run("check", DRAFT, "--date", "2025-12-20", "--json").out)
    assert result["date"] == "2025-12-20"
    assert [claim["verdict"] for claim in result["claims"]] == ["supported", "contradicted", "imprecise", "not_found"]
    for claim in result["claims"]:
        assert DRAFT[claim["start"] : claim["end"]] == claim["text"]
    contradicted = result["claims"][1]
    assert contradicted == {
        "text": "41%",
        "start": 36,
        "end": 39,
        "number": "41",
        "unit": "%",
        "scale": None,
        "qualifier": "exact",
        "period": {"start": "2025-01-01", "end": "2025-12-31", "label": "2025年"},
        "subject": None,
        "verdict": "contradicted",
        "facts": ["trade-growth-2025-q1-q3"],
        "expected": "41%",
        "reason": "41%是其他时期的数字：41%（2025年1—9月）",
        "citation": "施翔. 西宁荣获2025最具幸福感城市[N]. [出版者不详], [2025-12].",
    }


@pytest.mark.parametrize(
    ("fmt", "first", "second"),
    [
        (
            "csv",
            "text,start,end,number,unit,scale,qualifier,period,subject,verdict,facts,expected,reason,citation",
            "26.3%,16,21,26.3,%,,exact,2024年,,supported,trade-growth-2024,26.3%,与基础数据一致：26.3%（2024年）,"
            '"施翔. 西宁荣获2025最具幸福感城市[N]. [出版者不详], [2025-12]."',
        ),
        (
            "tsv",
            "text\tstart\tend\tnumber\tunit\tscale\tqualifier\tperiod\tsubject\tverdict\tfacts\texpected\treason\tcitation",
            "26.3%\t16\t21\t26.3\t%\t\texact\t2024年\t\tsupported\ttrade-growth-2024\t26.3%\t与基础数据一致：26.3%（2024年）\t"
            "施翔. 西宁荣获2025最具幸福感城市[N]. [出版者不详], [2025-12].",
        ),
        (
            "markdown",
            "| text | start | end | number | unit | scale | qualifier | period | subject | verdict | facts | expected"
            " | reason | citation |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ),
    ],
)
def test_tabular_formats_have_one_row_per_claim(run: MakeRun, fmt: str, first: str, second: str) -> None:
    lines = run("check", DRAFT, "--date", "2025-12-20", "--format", fmt).out.splitlines()
    assert lines[:2] == [first, second]
    assert len(lines) == 4 + 1 + (fmt == "markdown")


def test_jsonl_is_the_document_on_one_line(run: MakeRun) -> None:
    lines = run("check", DRAFT, "--date", "2025-12-20", "--format", "jsonl").out.splitlines()
    assert len(lines) == 1
    assert [claim["verdict"] for claim in json.loads(lines[0])["claims"]][1] == "contradicted"


@pytest.mark.parametrize(
    ("fail_on", "draft", "code"),
    [
        ("imprecise", "西宁医疗保险参保率为95%。", 1),
        ("contradicted", "西宁医疗保险参保率为95%。", 0),
        ("contradicted", "2025年西宁外贸进出口增长41%。", 1),
        ("never", "2025年西宁外贸进出口增长41%。", 0),
        ("imprecise", "西宁医疗保险参保率超95%。西宁常住人口约248万人。", 0),
    ],
)
def test_the_exit_code_follows_fail_on(run: MakeRun, fail_on: str, draft: str, code: int) -> None:
    assert run("check", draft, "--fail-on", fail_on, "--json").code == code


def test_the_citation_follows_style(run: MakeRun) -> None:
    claim = json.loads(run("check", "2024年西宁外贸进出口增速26.3%。", "--style", "apa", "--json").out)["claims"][0]
    assert claim["citation"].startswith("施翔. (ca. 2025, December). 西宁荣获2025最具幸福感城市")


def test_without_a_date_today_is_used_and_said(run: MakeRun) -> None:
    result = json.loads(run("check", "西宁森林覆盖率达37.8%。", "--json").out)
    assert result["date"] == date.today().isoformat()


def test_draft_text_reaches_the_terminal_only_through_the_sanitiser(run: MakeRun) -> None:
    found = run("check", "\x1b[31m西宁森林覆盖率达37.8%\u202e。")
    assert "\x1b" not in found.out and "\u202e" not in found.out
    assert "\\x1b[31m" in found.out


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a draft"),
        (("",), "the draft is empty"),
        ((" \n\t ",), "the draft is empty"),
        (("西宁", "--file", "x.txt"), "not both"),
        (("西宁", "--date", "2025-13-01"), "--date 2025-13-01: not a date"),
        (("西宁", "--style", "mla"), "unknown style 'mla'"),
        (("西宁", "--fail-on", "sometimes"), "unknown --fail-on 'sometimes'"),
        (("--file", "/nonexistent/draft.txt"), "cannot be read: no such file or directory"),
        (("--file", "."), "not a regular file"),
    ],
)
def test_bad_input_is_one_line_on_stderr(run: MakeRun, args: tuple[str, ...], message: str) -> None:
    found = run("check", *args)
    assert found.code == 2
    assert message in found.err and found.err.count("\n") == 1 and "Traceback" not in found.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary", "not text (it holds NUL bytes)"),
        ("西宁".encode("gbk"), "not UTF-8 text (byte 0xce at offset 0)"),
        (("西宁森林覆盖率达37.8%。" * 40000).encode(), f"larger than {MAX_BYTES:,} bytes"),
        (b"a" * 10 * 2**20, f"larger than {MAX_BYTES:,} bytes"),
    ],
)
def test_bad_files_are_one_line_on_stderr(run: MakeRun, tmp_path: Path, content: bytes, message: str) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(content)
    found = run("check", "--file", str(draft))
    assert found.code == 2 and message in found.err and found.err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "standard input: the draft is empty"),
        ("西宁".encode("gbk"), "standard input: not UTF-8 text (byte 0xce at offset 0)"),
        (b"a" * 10 * 2**20, f"standard input: larger than {MAX_BYTES:,} bytes"),
    ],
)
def test_bad_standard_input_is_one_line_on_stderr(
    run: MakeRun, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(content)))
    found = run("check", "--file", "-")
    assert found.code == 2 and message in found.err and found.err.count("\n") == 1


def test_a_draft_on_standard_input_is_checked_as_the_same_text(run: MakeRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DRAFT.encode())))
    found = run("check", "--file", "-", "--json", "--date", "2025-12-01")
    given = run("check", DRAFT, "--json", "--date", "2025-12-01")
    assert (found.code, found.out, found.err) == (given.code, given.out, given.err)
    assert len(json.loads(found.out)["claims"]) == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(run: MakeRun, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    found = run("check", "--file", str(fifo))
    assert found.code == 2 and "not a regular file" in found.err


@pytest.mark.parametrize(
    ("draft", "verdicts"),
    [
        ("西宁外贸增长1e400%。", []),  # 1e400 is no number a reader writes: nothing to check
        ("西宁接待游客99999999亿人次。", ["contradicted"]),
        ("2025年13月西宁外贸进出口增长41%。", ["contradicted"]),  # no 13th month: the year stands
    ],
)
def test_odd_numbers_and_dates_get_a_verdict(run: MakeRun, draft: str, verdicts: list[str]) -> None:
    found = run("check", draft, "--json", "--fail-on", "never")
    assert found.code == 0, found.err
    assert [claim["verdict"] for claim in json.loads(found.out)["claims"]] == verdicts


@pytest.mark.parametrize(
    "draft",
    [
        "2024年，西宁外贸进出口增长26.3%，出口更是大增百分之六十五点七。",
        "In 2024 Xining's foreign trade grew 26.3%, and exports grew 65.7%.",
    ],
)
def test_a_figure_is_of_the_measure_its_own_clause_names(store: Store, draft: str) -> None:
    """The sentence names foreign trade at greater length, but the second figure's clause names exports."""
    result = check(store, draft, TODAY)
    assert [(f.judgement.verdict, f.judgement.facts) for f in result.findings] == [
        (Verdict.SUPPORTED, ("trade-growth-2024",)),
        (Verdict.SUPPORTED, ("export-growth-2024",)),
    ]


@pytest.mark.parametrize(
    ("draft", "facts"),
    [
        (
            "By the end of December 2025, all 97 Huangshui restoration projects in Xining had started, a start rate"
            " of 100%.",
            [("huangshui-projects-started",), ("huangshui-start-rate",)],
        ),
        ("Since May 2025, 'Xining stay + nearby tour' packages have made up 40% of bookings.", [("ctrip-stay-tour-package-share",)]),
        ("In 2025 green buildings made up 100% of new urban buildings in Xining.", [("green-building-share-2025",)]),
        ("兰州与西宁之间的距离约200公里。", [("lanzhou-xining-distance",)]),  # 距离 for the label's 相距
        ("2025年1—5月，西宁旅游人次同比增长21.37%。", [("tourist-arrivals-growth-2025-01-05",)]),  # 旅游人次: 游客人次
        ("西宁的国家级和省级创新平台已达187家，占青海省总数的72.8%。", [("innovation-platforms",), ("innovation-platforms-province-share",)]),
        ("截至2025年12月底，湟水项目开工97个、完工87个。", [("huangshui-projects-started",), ("huangshui-projects-completed",)]),
        (
            "截至2025年12月底，湟水流域山水林田湖草沙一体化保护和修复工程西宁项目累计开工97个，完工87个，完工率90%。",
            [("huangshui-projects-started",), ("huangshui-projects-completed",), ("huangshui-completion-rate",)],
        ),
        # the label says its source in brackets, （携程）/(Ctrip): the measure is named without it
        ("携程数据显示，since May 2025 “西宁住宿+周边游” packages have accounted for 40% of bookings.", [("ctrip-stay-tour-package-share",)]),
    ],
)  # fmt: skip
def test_a_clause_naming_one_word_of_a_measure_is_read_with_its_sentence(
    store: Store, draft: str, facts: list[tuple[str, ...]]
) -> None:
    """ "a start rate of 100%" names the rate of the projects the sentence is about, not any rate of the base."""
    assert_all_supported(store, draft, facts)


def test_a_draft_of_thousands_of_figures_is_read_in_chunks(store: Store) -> None:
    """More distinct figures than SQLite takes parameters in one query, in one endless sentence."""
    draft = "，".join(f"{n}.5万元" for n in range(1, 1501))
    result = check(store, draft, TODAY)
    assert len(result.findings) == 1500
    assert {finding.judgement.verdict for finding in result.findings} == {Verdict.NOT_FOUND}


_PIECES = st.sampled_from(
    [
        "西宁", "青海省", "湟中区", "外贸进出口", "增长", "超", "约", "近", "以上", "余", "万", "亿", "%", "％", "个百分点",
        "2024年", "今年", "去年同期", "1—6月", "前三季度", "截至6月底", "“十四五”", "第一", "两度", "五区两县",
        "《规划（2026—2030年）》", "。", "，", "\n", "\n\n", " ", "入选", "试点城市", "more than", "about", " million",
        "grew", "in 2024", "Qinghai", "ranked first", "1,245.19", "１２", "Ⅱ类", "\u202e", "\x00",
    ]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_PIECES, st.integers(0, 10**30).map(str), st.text(max_size=4)), max_size=30))
def test_no_draft_gives_a_traceback(store: Store, pieces: list[str]) -> None:
    draft = "".join(pieces)
    try:
        result = check(store, draft, TODAY)
    except XiningError:
        return
    for finding in result.findings:
        assert finding.judgement.verdict in Verdict
        assert 0 <= finding.claim.start <= finding.claim.end <= len(draft)


# --- the parts, one by one -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [("五", 5), ("两", 2), ("第一", 1), ("二十四", 24), ("一千二百四十五", 1245), ("1,245.19", "1245.19"),
     ("１２", 12), ("Ⅱ", 2), ("99999999亿", None), ("二〇二五", 2025), ("几十", None),
     ("百分之六十五点七", "65.7"), ("百分之五十", 50), ("一百", 100)],
)  # fmt: skip
def test_the_value_of_a_number_as_written(written: str, value: object) -> None:
    result = value_of(written)
    assert (str(result.normalize()) if result is not None and isinstance(value, str) else result) == value


def test_grouped_and_full_width_digits_are_one_number() -> None:
    assert [w.text for w in scan("约172,000人，１２４５万，五区两县，第一，1,2")] == [
        "172,000",
        "1245",
        "五",
        "两",
        "第一",
        "1",
        "2",
    ]


@pytest.mark.parametrize(
    ("text", "words", "first", "last"),
    [
        ("今年1月至5月全市接待游客", "今年1月至5月", "2025-01-01", "2025-05-31"),
        ("去年1月—11月全市外贸", "去年1月—11月", "2024-01-01", "2024-11-30"),
        ("截至6月底，全市", "截至6月底", None, "2025-06-30"),
        ("“十四五”时期，城镇", "“十四五”时期", "2021-01-01", "2025-12-31"),
        ("2020年以来", "2020年以来", "2020-01-01", None),
        ("自2020年起，西宁", "自2020年起", "2020-01-01", None),
        ("从2024年5月开始", "从2024年5月开始", "2024-05-01", None),
        ("今年前三季度", "今年前三季度", "2025-01-01", "2025-09-30"),
        ("2025年底", "2025年底", "2025-12-01", "2025-12-31"),
        ("in the first half of 2024", "in the first half of 2024", "2024-01-01", "2024-06-30"),
        ("by the end of June 2025", "by the end of June 2025", None, "2025-06-30"),
        ("January–May 2025", "January–May 2025", "2025-01-01", "2025-05-31"),
        ("last year", "last year", "2024-01-01", "2024-12-31"),
        ("2025年13月", "2025年", "2025-01-01", "2025-12-31"),
        ("二〇二四年，西宁", "二〇二四年", "2024-01-01", "2024-12-31"),
        ("一九九八年至二〇二五年", "一九九八年至二〇二五年", "1998-01-01", "2025-12-31"),
        ("截至二〇二五年6月底", "截至二〇二五年6月底", None, "2025-06-30"),
        ("二零二五年上半年", "二零二五年上半年", "2025-01-01", "2025-06-30"),
        ("In January–May 2025 西宁", "January–May 2025", "2025-01-01", "2025-05-31"),
        ("计划用3到5年时间建成", "用3到5年时间", "2025-07-15", None),  # a plan's horizon, not figures
        ("截至2025年底，西宁", "截至2025年底", None, "2025-12-31"),
        ("Since May 2025, packages", "Since May 2025", "2025-05-01", None),
        ("since 2020 the city", "since 2020", "2020-01-01", None),
    ],
)
def test_time_expressions(text: str, words: str, first: str | None, last: str | None) -> None:
    (when,) = find_times(text, date(2025, 7, 15))
    assert (when.words, when.first, when.last) == (
        words,
        date.fromisoformat(first) if first else None,
        date.fromisoformat(last) if last else None,
    )


VOCABULARY = Vocabulary(units=("个百分点", "元/人次", "人次", "公顷", "PFlops", "%", "元", "人", "个", "名"), names=())


@pytest.mark.parametrize(
    ("text", "number", "value", "unit", "qualifier", "subject", "intent", "change"),
    [
        ("西宁医疗保险参保率超95%。", "95", "95", "%", Qualifier.MORE_THAN, "", "", False),
        ("农产品合格率达到98%以上", "98", "98", "%", Qualifier.AT_LEAST, "", "", False),
        ("发放救助资金约21.3亿元", "21.3", "2130000000", "元", Qualifier.APPROX, "", "", False),
        ("服务4500余人次", "4500", "4500", "人次", Qualifier.APPROX, "", "", False),
        ("青海全省接待游客2008万人次", "2008", "20080000", "人次", Qualifier.EXACT, "province", "", False),
        ("计划建成标准机架5万台", "5", "50000", "台", Qualifier.EXACT, "", "plan", False),
        ("比例提高了38%", "38", "38", "%", Qualifier.EXACT, "", "done", True),
        ("Xining received 12.4519 million visits", "12.4519", "12451900", "", Qualifier.EXACT, "", "", False),
        ("spending of more than 5.3 billion yuan", "5.3", "5300000000", "元", Qualifier.MORE_THAN, "", "", False),
        ("占全省的七成", "七", "70", "%", Qualifier.EXACT, "", "", False),
        ("八成以上", "八", "80", "%", Qualifier.AT_LEAST, "", "", False),
        ("出口增速为百分之六十五点七", "百分之六十五点七", "65.7", "%", Qualifier.EXACT, "", "", False),
        ("与一百多个国家", "一百", "100", "个", Qualifier.APPROX, "", "", False),
        ("trades with one hundred-odd countries", "one hundred", "100", "", Qualifier.MORE_THAN, "", "", False),
        ("Xining's 187 platforms are most of Qinghai's", "187", "187", "", Qualifier.EXACT, "", "", False),
        ("绿化覆盖率约为41%", "41", "41", "%", Qualifier.APPROX, "", "", False),
        ("新增就业超过了17万人", "17", "170000", "人", Qualifier.MORE_THAN, "", "done", False),
        ("服务半径覆盖率 is about 82%", "82", "82", "%", Qualifier.APPROX, "", "", False),
        ("The city has gathered 13万条 patents", "13", "130000", "", Qualifier.EXACT, "", "done", False),
        ("目前每年培养人才500名以上", "500", "500", "名", Qualifier.AT_LEAST, "", "done", False),
    ],
)
def test_a_claim_is_read_with_its_qualifier_scale_unit_subject_and_intent(
    text: str, number: str, value: str, unit: str, qualifier: Qualifier, subject: str, intent: str, change: bool
) -> None:
    (claim,) = read_claims(text, date(2025, 7, 15), VOCABULARY._replace(units=(*VOCABULARY.units, "台")))
    assert (claim.number, str(claim.value.normalize() if claim.value is not None else None)) == (
        number,
        str(__import__("decimal").Decimal(value).normalize()),
    )
    assert (claim.unit, claim.qualifier, claim.subject, claim.intent, claim.change) == (
        unit,
        qualifier,
        subject,
        intent,
        change,
    )


@pytest.mark.parametrize(
    "text", ["PM2.5浓度", "G109小峡口", "“1+3+X”体系", "唐道·637", "《规划（2026—2030年）》", "2024年", "in 2024"]
)
def test_names_and_dates_are_not_claims(text: str) -> None:
    assert read_claims(text, TODAY, VOCABULARY) == ()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025年西宁外贸进出口增长41%。", Reason.OTHER_PERIOD),
        ("西宁医疗保险参保率为95%。", Reason.QUALIFIER_DROPPED),
        ("西宁清洁能源利用率不到80%。", Reason.QUALIFIER_OPPOSITE),
        ("争取大气污染防治专项资金5.3万元。", Reason.SCALE),
        ("2020年至2025年西宁城镇绿色建筑比例提高了38%。", Reason.UNIT),
        ("青海省国家级和省级创新平台达187家。", Reason.OTHER_SUBJECT),
        ("西宁已建成标准机架5万台。", Reason.PLAN_AS_DONE),
        ("2024年上半年西宁空气质量优良天数比例为87.9%。", Reason.DERIVED),
        ("“十四五”时期城镇新增就业约17万人。", Reason.ROUNDED),
        ("“十四五”时期城镇新增就业17万人。", Reason.ROUNDED_SILENTLY),
        ("2023年西宁外贸进出口增速20%。", Reason.NO_PERIOD),
        ("In 2022 Xining became a national logistics hub.", Reason.TITLE_DATE),
        ("Xining was named a national smart city pilot.", Reason.NO_TITLE),
        ("西宁入选全国第二批社会治安防控体系建设示范城市。", Reason.TITLE_BATCH),
        (
            "Xining was the first provincial capital in China to become a national carbon peaking pilot.",
            Reason.TITLE_SCOPE,
        ),
        ("西宁与近30个共建“一带一路”国家和地区开展贸易。", Reason.QUALIFIER_OPPOSITE),
        ("Xining's green development index has ranked first nationwide for years.", Reason.OTHER_SUBJECT),
        ("By the end of June 2025 Xining had built 23,000 standard server racks.", Reason.PLAN_AS_DONE),
        ("西宁全市累计创建绿色工厂47家。", Reason.OTHER_SUBJECT),
        ("High-speed trains now link Lanzhou and Xining in one hour.", Reason.SAME),
        ("Since 2020, Xining has been named one of China's happiest cities four times.", Reason.OTHER_VALUE),
        ("自2020年起，西宁已经五次获得“最具幸福感城市”称号。", Reason.SAME),
        ("西宁市文旅部门公布，2025年1—5月游客人均每次出游花费952元。", Reason.DERIVED),  # per visit, not a total
        ("青海全省森林覆盖率已达37.8%。", Reason.CITY_FIGURE),  # the base measures it for Xining only
        ("Qinghai province's forest coverage reached 37.8%.", Reason.CITY_FIGURE),
        ("青海全省森林覆盖率为50%。", Reason.NO_SUBJECT),
        ("西宁率先在全省建成“15分钟为老服务圈”。", Reason.SAME),  # where the city stands, not whose figure
    ],
)
def test_each_reason_is_given_where_it_applies(store: Store, text: str, reason: Reason) -> None:
    (finding,) = check(store, text, TODAY).findings
    assert finding.judgement.reason is reason


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("2024年3月，西宁获批国家碳达峰试点，获批后六个月，试点实施方案正式印发。", Verdict.SUPPORTED),
        ("2023年3月，西宁获批国家碳达峰试点，获批后六个月，试点实施方案正式印发。", Verdict.CONTRADICTED),
        ("国家碳达峰试点获批六个月后，西宁的试点实施方案正式印发。", Verdict.SUPPORTED),  # a length needs no date
    ],
)
def test_a_length_of_time_is_dated_by_when_it_began(store: Store, draft: str, verdict: Verdict) -> None:
    """六个月 from March 2024: the base's 6 months run from March to September 2024."""
    (finding,) = [f for f in check(store, draft, TODAY).findings if f.claim.number]
    assert (finding.judgement.verdict, finding.judgement.facts) == (verdict, ("carbon-pilot-plan-months",))


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("中国联通三江源绿电智算融合示范基地二期、三期已于2025年10月底建成投用。", Verdict.CONTRADICTED),
        ("中国联通三江源绿电智算融合示范基地二期、三期预计于2025年10月底投用。", Verdict.SUPPORTED),
        (
            "Phases 2 and 3 of China Unicom's Sanjiangyuan green computing base went into use in October 2025.",
            Verdict.CONTRADICTED,
        ),
        (
            "Phases 2 and 3 of China Unicom's Sanjiangyuan base are expected to go into use in October 2025.",
            Verdict.SUPPORTED,
        ),
    ],
)
def test_which_phase_of_a_project_is_part_of_its_name(store: Store, draft: str, verdict: Verdict) -> None:
    """二期、三期 name the phases a plan is about: no figure, and the plan said done is contradicted."""
    (finding,) = check(store, draft, TODAY).findings
    assert (finding.claim.number, finding.judgement.verdict) == ("", verdict)
    assert finding.judgement.facts == ("unicom-sanjiangyuan-phases-2-3",)


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("截至6月底，西宁算力规模突破1万PFlops。", Verdict.SUPPORTED),  # the article's words and date
        ("截至2024年6月底，西宁算力规模突破1万PFlops。", Verdict.CONTRADICTED),  # its words, another date
        ("2024年10月以来，西宁累计接收市民诉求36万件。", Verdict.CONTRADICTED),  # the article: 2023年10月以来
    ],
)
def test_the_articles_own_words_with_another_date_are_checked_for_it(
    store: Store, draft: str, verdict: Verdict
) -> None:
    (finding,) = check(store, draft, date(2025, 7, 15)).findings
    assert finding.judgement.verdict is verdict


@pytest.mark.parametrize(
    "draft",
    [
        "2025年前三季度，西宁外贸进出口同比下降41%。",
        "In the first three quarters of 2025, Xining's foreign trade declined 41% year on year.",
        "2025年上半年，西宁优良天数比例同比减少3.8个百分点。",
        "In 2024, Xining's exports dropped by 65.7%.",
    ],
)
def test_a_fall_where_the_base_says_a_rise_is_contradicted(store: Store, draft: str) -> None:
    (finding,) = check(store, draft, TODAY).findings
    assert (finding.judgement.verdict, finding.judgement.reason) == (Verdict.CONTRADICTED, Reason.DIRECTION)


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("西宁森林覆盖率下降至37.8%。", Verdict.CONTRADICTED),  # the article: 提升至37.8%
        ("Xining's forest coverage fell to 37.8%.", Verdict.CONTRADICTED),
        ("西宁森林覆盖率提升至37.8%。", Verdict.SUPPORTED),
    ],
)
def test_a_level_said_to_fall_to_where_it_rose_to_is_contradicted(store: Store, draft: str, verdict: Verdict) -> None:
    (finding,) = check(store, draft, TODAY).findings
    assert finding.judgement.verdict is verdict


def test_a_level_fallen_to_is_no_fall() -> None:
    (claim,) = read_claims("西宁森林覆盖率下降至37.8%。", TODAY, Vocabulary(units=("%",), names=()))
    assert claim.value == Decimal("37.8")


@pytest.mark.parametrize(
    ("draft", "subject"),
    [
        ("兰州市森林覆盖率达37.8%。", "兰州"),
        ("Nanjing's forest coverage is 37.8%.", "Nanjing"),
        ("海东市2024年外贸进出口增长26.3%。", "海东"),
        ("2024年全国外贸进出口增长26.3%。", "全国"),
        ("China's exports grew 65.7% in 2024.", "China"),
        ("Exports grew 65.7% nationwide in 2024.", "China"),
    ],
)
def test_a_figure_of_another_place_is_not_found(store: Store, draft: str, subject: str) -> None:
    """The base has these figures for Xining: said of another place, they are neither Xining's nor checked."""
    (finding,) = check(store, draft, TODAY).findings
    assert (finding.claim.subject, finding.judgement.reason) == (subject, Reason.NO_SUBJECT)


@pytest.mark.parametrize(
    "draft",
    [
        "西宁出口增速居全国省会城市第一。",
        "High-speed rail links Xining and Lanzhou in 1 hour.",
        "兰州与西宁相距约200公里。",
    ],
)
def test_a_place_beside_xining_or_a_rank_among_places_keeps_the_city(store: Store, draft: str) -> None:
    (finding,) = check(store, draft, TODAY).findings
    assert finding.claim.subject == "" and finding.judgement.verdict is not Verdict.NOT_FOUND


@pytest.mark.parametrize(
    "draft",
    [
        "西宁失业保险参保率超过95%。",  # the base has 医疗保险 and 养老保险 only
        "西宁工伤保险参保率超过95%。",
        "Xining's unemployment insurance coverage exceeds 95%.",
        "2025年1—5月，西宁过夜游客人次同比增长21.37%。",  # the base counts all visitors
        "2025年1—5月，西宁入境游客1245.19万人次。",
    ],
)
def test_another_kind_of_a_measure_is_not_found(store: Store, draft: str) -> None:
    (finding,) = check(store, draft, TODAY).findings
    assert finding.judgement.reason is Reason.NO_MEASURE


def test_the_kinds_the_base_has_are_found(store: Store) -> None:
    (finding,) = check(store, "西宁基本养老保险、医疗保险参保率均超95%。", TODAY).findings
    assert finding.judgement.verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    ("draft", "facts"),
    [
        (
            "Xining's 756 elderly care facilities serve more than 441,200 older residents.",
            [("elderly-care-facilities",), ("elderly-served-by-facilities",)],
        ),
        ("The hospital reform has 22 sub-plans and more than 140 work plans.", [("hospital-reform-sub-plans",), ("hospital-reform-work-plans",)]),
        ("By the end of June 2025, Xining's computing power had passed 10,000 PFlops.", [("computing-power-2025-06",)]),
        # and spending 23%: one word of its own names the second figure; the four seasons count nothing
        ("Tourist arrivals in Xining rose 28% and spending 23% in the four seasons.", [("tourist-arrivals-growth-four-season",), ("tourist-spending-growth-four-season",)]),
        ("Forest cover in the Qinghai capital now stands at 37.8%.", [("forest-coverage-2025-07", "forest-coverage-2025-12")]),
    ],
)  # fmt: skip
def test_each_english_figure_is_of_the_words_around_it(store: Store, draft: str, facts: list) -> None:
    """Two figures in one English clause: each counts what follows it; passed 10,000 is 突破1万."""
    assert_all_supported(store, draft, facts)


@pytest.mark.parametrize(
    ("draft", "facts"),
    [
        (
            "Xining has five green supply chain management enterprises, two of them at national level.",
            [("nanchuan-green-supply-chain-firms",), ("nanchuan-national-green-supply-chain-firms",)],
        ),
        ("Over the next three years Xining aims to form a freight hub pattern of three centres.", [("freight-hub-centres-target",)]),
        ("未来三年，西宁将打造三个综合货运枢纽中心。", [("freight-hub-centres-target",)]),
    ],
)  # fmt: skip
def test_counts_in_english_words_and_a_plans_horizon(store: Store, draft: str, facts: list) -> None:
    assert_all_supported(store, draft, facts)


@pytest.mark.parametrize(
    ("draft", "reason"),
    [
        ("西宁国家级和省级创新平台不到187家。", Reason.BEYOND_FIGURE),  # the base: 187家
        ("Xining has more than 187 national and provincial innovation platforms.", Reason.BEYOND_FIGURE),
        ("西宁国家级和省级创新平台187家以上。", Reason.QUALIFIER_CHANGED),  # at least 187: true, but not what it says
        ("西宁森林覆盖率已超过37.8%。", Reason.QUALIFIER_CHANGED),  # a measure printed rounded: may be true
    ],
)
def test_a_bound_at_an_exact_figure(store: Store, draft: str, reason: Reason) -> None:
    (finding,) = check(store, draft, TODAY).findings
    assert finding.judgement.reason is reason


@pytest.mark.parametrize(
    ("draft", "verdict", "facts"),
    [
        ("By the end of 2025, Xining had restored 98,000 hectares of ecological land.", Verdict.SUPPORTED, ("huangshui-restored-area",)),
        ("In the first half of 2025 Xining's share of good air days rose 3.8 points.", Verdict.SUPPORTED, ("air-good-days-change-2025-h1",)),
        ("In the first half of 2025 Xining's share of good air days was down 3.8 points.", Verdict.CONTRADICTED, ("air-good-days-change-2025-h1",)),
    ],
)  # fmt: skip
def test_english_hectares_and_points(store: Store, draft: str, verdict: Verdict, facts: tuple) -> None:
    (finding,) = check(store, draft, TODAY).findings
    assert (finding.judgement.verdict, finding.judgement.facts) == (verdict, facts)


def test_a_day_without_its_year_is_the_one_gone_by() -> None:
    """12月9日 read on 7 December 2026 is 9 December 2025: a draft reports what has happened."""
    (when,) = find_times("12月9日，名单发布", date(2026, 12, 7))
    assert when.first == date(2025, 12, 9)


def assert_all_supported(store: Store, draft: str, facts: list[tuple[str, ...]]) -> None:
    """Every claim of the draft is supported, in order, by these facts."""
    result = check(store, draft, TODAY)
    assert [(f.judgement.verdict, f.judgement.facts) for f in result.findings] == [
        (Verdict.SUPPORTED, fact_ids) for fact_ids in facts
    ]


def test_the_figures_of_a_draft_are_found_by_an_index(store: Store) -> None:
    """At 100,000 observations a scan of all of them cost 80 ms of every check; the index costs 8."""
    from xining.answers.check import OBSERVATIONS
    from xining.cache.store import QUOTES_OF_FIGURES

    plan = store.rows(f"EXPLAIN QUERY PLAN {QUOTES_OF_FIGURES.format('?, ?, ?')}", ("2", "187", "26.3"))
    assert any("USING INDEX facts_figure" in row[-1] for row in plan), plan
    # the observations of the measures a draft names: by metric, not by kind (400 ms against 25 at 100,000)
    plan = store.rows(
        f"EXPLAIN QUERY PLAN SELECT record FROM facts WHERE {OBSERVATIONS} AND metric IN (?, ?)", ("a", "b")
    )
    assert any("USING INDEX facts_metric" in row[-1] for row in plan), plan


def test_the_index_of_names_scores_what_scoring_every_metric_does(store: Store) -> None:
    """rank_metrics with the index leaves out only metrics that could not reach the threshold."""
    import re as regex

    from xining.answers.check.matching import NOUN_LEAST, rank_metrics
    from xining.base.names import Names

    metrics = store.registries().metrics
    names = store.names()  # as the build kept it, which is what it works out now
    assert names == Names.from_json(Names.of(metrics).to_json())
    assert Names.from_json(Names.of({}).to_json()) == Names.of({})  # a base of titles alone has no metric
    claims = yaml.safe_load((Path(__file__).parent / "data" / "claims.yaml").read_text(encoding="utf-8"))
    texts = [claim["text"] for claim in claims["claims"]]
    texts += [
        sentence
        for path in sorted(SEEDS.glob("*.txt"))
        for sentence in regex.split(r"[。！？\n]", path.read_text(encoding="utf-8"))
        if sentence.strip()
    ]
    assert len(texts) > 300
    for text in texts:
        for least in (None, NOUN_LEAST):
            every = rank_metrics(text, metrics.values(), least)
            assert rank_metrics(text, metrics.values(), least, index=names) == every, text
            assert rank_metrics(text, metrics, least, index=names) == every, text  # the metrics by id


@given(
    zh=st.lists(st.text(max_size=12), min_size=1, max_size=4),
    en=st.lists(st.text(alphabet="abcdefghij xining's of the-&0123456789", max_size=30), min_size=1, max_size=4),
)
def test_a_metrics_words_read_back_from_the_cache_are_the_words_it_was_given(zh: list[str], en: list[str]) -> None:
    """The words of a metric's names are kept as one line of text; every name's pairs and stems come back,
    the empty name's pair and an English name of stop words alone among them."""
    from xining.base.names import _from_words_line, _words_line, own_pairs, own_stems

    owns = ([own_pairs(name) for name in zh], [own_stems(name) for name in en])
    assert _from_words_line(_words_line(*owns)) == owns


@given(
    figure=st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,2})?", fullmatch=True),
    quote=st.text(alphabet="0123456789.万亿余多近约 ", max_size=14),
)
def test_a_word_written_beside_a_figure_is_found_where_the_pattern_finds_it(figure: str, quote: str) -> None:
    import re

    from xining.answers.check.judging import _written_after, _written_before

    for written in (quote, quote + figure + "余", "近" + figure + quote, quote[:4] + figure + quote[4:]):
        fact = type("Fact", (), {"figure": figure, "quote": written})()
        squeezed = "".join(written.split())
        assert _written_after(fact, "余多") == bool(re.search(rf"{re.escape(figure)}[万亿]?[余多]", squeezed))
        assert _written_before(fact, "近") == bool(re.search(rf"[近]{re.escape(figure)}", squeezed))
