"""`xining check` on titles: who gave a title, a list of titles in one quote, a title named in a longer
clause, and the clause that only says the city was selected."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from xining.answers.check import check
from xining.answers.check.bodies import Bodies, bodies_in, differs, ends_with_body, in_english
from xining.answers.check.verdicts import Reason, Verdict
from xining.cache.opening import open_store
from xining.cache.store import Store
from xining.present.checking import view

TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with open_store(use_cache=False) as opened:
        yield opened


# --- the bodies a text names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys", "unknown", "count", "whole", "alone"),
    [
        ("财政部、商务部联合公布", {"finance", "commerce"}, (), None, True, False),
        ("中国人民银行、国家发展改革委等七部委联合印发", {"pboc", "ndrc"}, (), 7, False, False),
        ("由国家发改委和财政部确定", {"ndrc", "finance"}, (), None, True, False),
        ("在《人民日报》主办的推选活动中", {"people-daily"}, (), None, True, False),
        ("由中国城市规划学会评选", set(), ("中国城市规划学会",), None, True, False),
        ("西部和东部城市中", set(), (), None, True, False),  # 西部 is a region, not a ministry
        ("据国家统计局数据，西宁入选", set(), (), None, True, False),  # a source of data gives no title
        ("财政部、商务部公布的数据显示", set(), (), None, True, False),
        ("西宁与国家发展改革委签署合作协议", set(), (), None, True, False),
        ("According to the National Bureau of Statistics", set(), (), None, True, False),
        ("by the Ministry of Water Resources and the Ministry of Finance", {"water", "finance"}, (), None, True, False),
        ("organised by Outlook Oriental Weekly", {"outlook-weekly"}, (), None, True, False),
        ("a guideline issued by five ministries and commissions", set(), (), 5, False, False),
        ("the China Tourism Academy named it", set(), ("China Tourism Academy",), None, True, False),
        ("商务部单独公布了名单", {"commerce"}, (), None, True, True),
        ("The Ministry of Water Resources alone placed it on the list", {"water"}, (), None, True, True),
        ("等一百零七部委联合印发", set(), (), 107, False, False),
        ("获得中国质量认证中心颁发的认证", set(), ("中国质量认证中心",), None, True, False),
        ("国家统计局公布，西宁入选", set(), ("国家统计局",), None, True, False),
        ("西宁入选国家园林城市", set(), (), None, True, False),
    ],
)
def test_the_bodies_a_text_names(
    text: str, keys: set, unknown: tuple, count: int | None, whole: bool, alone: bool
) -> None:
    assert bodies_in(text) == Bodies(frozenset(keys), unknown, count, whole, alone)


@pytest.mark.parametrize(
    ("said", "issuer", "differ"),
    [
        ("财政部、商务部公布", "财政部、商务部", False),
        ("商务部公布", "财政部、商务部", False),  # one of the two: not wrong
        ("国家发展改革委、商务部联合公布", "财政部、商务部", True),
        ("商务部单独公布", "财政部、商务部", True),  # alone: the base records two
        ("by the Ministry of Finance and the Ministry of Commerce", "财政部、商务部", False),
        ("七部委联合印发", "中国人民银行、国家发展改革委等七部委", False),
        ("issued by five ministries", "中国人民银行、国家发展改革委等七部委", True),
        ("等一百零七部委联合印发", "中国人民银行、国家发展改革委等七部委", True),
        (
            "国家发展改革委、财政部等七部委联合印发",
            "中国人民银行、国家发展改革委等七部委",
            None,
        ),  # 财政部 may be of the seven
        ("《人民日报》主办", "《瞭望东方周刊》", True),
        ("由中国城市规划学会评选", "财政部、商务部", True),
        ("三部委联合公布", "财政部、商务部", True),
    ],
)
def test_bodies_said_against_the_issuer_recorded(said: str, issuer: str, differ: bool | None) -> None:
    assert differs(bodies_in(said), issuer) is differ


def test_an_issuer_is_named_in_english_in_its_own_order() -> None:
    assert in_english("财政部、商务部") == "Ministry of Finance and Ministry of Commerce (财政部、商务部)"
    assert in_english("中国人民银行、国家发展改革委等七部委") == (
        "People's Bank of China, National Development and Reform Commission and others (中国人民银行、国家发展改革委等七部委)"
    )
    assert in_english("某某协会") == "某某协会"


@pytest.mark.parametrize(
    ("text", "ends"), [("西宁入选财政部", True), ("西宁入选国家发改委", True), ("地处西部", False)]
)
def test_a_list_of_bodies_is_not_a_list_of_titles(text: str, ends: bool) -> None:
    assert ends_with_body(text) is ends


# --- verdicts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "verdict", "reason", "facts"),
    [
        (
            "国家发展改革委、商务部联合公布消费“三新”试点城市名单，西宁成为青海唯一入选城市。",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("consumption-three-new-pilot",),
        ),
        (
            "财政部、商务部联合公布消费“三新”试点城市名单，西宁成为青海唯一入选城市。",
            Verdict.SUPPORTED, Reason.SAME_TITLE, ("consumption-three-new-pilot",),
        ),
        (
            "在《人民日报》主办的推选活动中，西宁获评“2025最具幸福感城市”。",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("happiest-city-2025",),
        ),
        (
            "Xining became a national city for deepening inclusive finance reform under a guideline issued by five"
            " ministries and commissions.",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("inclusive-finance-reform-city",),
        ),
        (
            "Yaoshui River was placed on the 2025 happy rivers and lakes list by the Ministry of Ecology and"
            " Environment.",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("yaoshui-happy-river-2025",),
        ),
        (
            "Huangyuan County's Yaoshui River made the 2025 list of happy rivers and lakes published by the Ministry"
            " of Water Resources and the Ministry of Finance.",
            Verdict.SUPPORTED, Reason.SAME_TITLE, ("yaoshui-happy-river-2025",),
        ),
        (
            "西宁入选全国深化普惠金融改革城市，由国家发展改革委、财政部等七部委确定。",
            Verdict.IMPRECISE, Reason.ISSUER_UNKNOWN, ("inclusive-finance-reform-city",),
        ),
        (
            "Xining was named a National Garden City by the Ministry of Housing and Urban-Rural Development.",
            Verdict.IMPRECISE, Reason.ISSUER_UNKNOWN, ("national-garden-city",),
        ),
        (
            "商务部单独公布了全国消费“三新”试点城市名单，西宁入选。",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("consumption-three-new-pilot",),
        ),
        (
            "中国人民银行、国家发展改革委等一百零七部委联合印发指导意见，西宁成为全国深化普惠金融改革城市。",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("inclusive-finance-reform-city",),
        ),
        (
            "国家统计局公布，西宁入选全国消费“三新”试点城市名单。",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("consumption-three-new-pilot",),
        ),
        (
            "晶科能源获得中国质量认证中心颁发的I型零碳工厂认证。",
            Verdict.IMPRECISE, Reason.ISSUER_UNKNOWN, ("jinko-zero-carbon-factory",),
        ),
        # a body named for another reason says nothing of who gave the title
        (
            "财政部、商务部公布的数据显示，西宁入选国家碳达峰试点城市。",
            Verdict.SUPPORTED, Reason.SAME_TITLE, ("carbon-peaking-pilot", "carbon-peaking-pilot-green-new"),
        ),
        (
            "According to the National Bureau of Statistics, Xining won the title of National Garden City.",
            Verdict.SUPPORTED, Reason.SAME_TITLE, ("national-garden-city",),
        ),
        (
            "西宁入选全国一刻钟便民生活圈典型做法案例集，基本养老服务体系获国务院通报表扬。",
            Verdict.SUPPORTED, Reason.SAME_TITLE, None,
        ),
        (
            "西宁并未入选全国消费“三新”试点城市。",
            Verdict.CONTRADICTED, Reason.TITLE_DENIED, ("consumption-three-new-pilot",),
        ),
        (
            "西宁没有获得国务院通报表扬。",
            Verdict.CONTRADICTED, Reason.TITLE_DENIED, ("elderly-care-state-council-commendation",),
        ),
        (
            "Xining was never named a National Garden City.",
            Verdict.CONTRADICTED, Reason.TITLE_DENIED, ("national-garden-city",),
        ),
        (
            "Xining was named 2025 Happiest City in China in October 2025.",
            Verdict.CONTRADICTED, Reason.TITLE_DATE, ("happiest-city-2025",),
        ),
        (
            "2024年12月9日，西宁荣获“2025最具幸福感城市”。",
            Verdict.CONTRADICTED, Reason.TITLE_DATE, ("happiest-city-2025",),
        ),
        (
            "在《人民日报》主办的推选活动中，西宁荣获“2025最具幸福感城市”。",
            Verdict.CONTRADICTED, Reason.TITLE_ISSUER, ("happiest-city-2025",),
        ),
        (
            "Xining's cool-climate vegetables carry the \"China Climate Good Product\" label.",
            Verdict.SUPPORTED, Reason.SAME_TITLE,
            ("china-climate-good-product-strawberry", "china-climate-good-product-vegetables"),
        ),
    ],
)  # fmt: skip
def test_who_gave_a_title_is_checked(
    store: Store, draft: str, verdict: Verdict, reason: Reason, facts: tuple[str, ...] | None
) -> None:
    findings = check(store, draft, TODAY).findings
    assert findings, "the title was not read"
    worst = findings[0] if len(findings) == 1 else min(findings, key=lambda f: list(Verdict).index(f.judgement.verdict))
    assert (worst.judgement.verdict, worst.judgement.reason) == (verdict, reason)
    assert facts is None or worst.judgement.facts == facts
    assert {finding.judgement.verdict for finding in findings} == {verdict}


def test_the_issuer_is_worded_in_the_claims_language(store: Store) -> None:
    result = view(check(store, "Yaoshui River made the 2025 happy rivers and lakes list of the State Council.", TODAY))
    (claim,) = result.data["claims"]
    assert claim["reason"] == (
        "the base records 2025 list of happy rivers and lakes (2025), given by Ministry of Water Resources and"
        " Ministry of Finance (水利部、财政部): not by the bodies the claim names"
    )
    result = view(check(store, "国家园林城市由住建部授予西宁。", TODAY))
    (claim,) = result.data["claims"]
    assert claim["reason"] == "基础数据有国家园林城市，但没有文中所述的授予单位（基础数据所载：无）"


def test_each_title_of_a_quoted_list_is_the_one_it_names(store: Store) -> None:
    """The article's own list: every item shares the quote, and each is its own title."""
    findings = check(
        store, "西宁先后荣获国家园林城市、国家森林城市、中国蓝天百强城市、全国水生态文明城市。", TODAY
    ).findings
    assert [(f.judgement.verdict, f.judgement.facts) for f in findings] == [
        (Verdict.SUPPORTED, ("national-garden-city",)),
        (Verdict.SUPPORTED, ("national-forest-city",)),
        (Verdict.SUPPORTED, ("blue-sky-top-100-2024", "blue-sky-top-100-happiness")),
        (Verdict.SUPPORTED, ("water-ecological-civilization-city",)),
    ]


def test_a_clause_that_only_says_selected_is_of_the_title_before_it(store: Store) -> None:
    """唯一入选城市 is the list named before; 国家卫生城市 is a title of its own, which the base does not have."""
    findings = check(store, "西宁入选全国消费“三新”试点城市，还成为国家卫生城市。", TODAY).findings
    assert [(f.judgement.verdict, f.judgement.facts) for f in findings] == [
        (Verdict.SUPPORTED, ("consumption-three-new-pilot",)),
        (Verdict.NOT_FOUND, ()),
    ]


def test_a_count_of_bodies_is_not_a_figure(store: Store) -> None:
    findings = check(store, "中国人民银行、国家发展改革委等七部委确定西宁为全国深化普惠金融改革城市。", TODAY).findings
    assert [(f.claim.number, f.judgement.verdict) for f in findings] == [("", Verdict.SUPPORTED)]


@pytest.mark.parametrize(
    "draft",
    [
        "西宁荣获全国文明城市。",  # not 全国水生态文明城市, though the article lists both words beside it
        "西宁荣获中国文明城市。",
        "西宁荣获全国生态文明城市。",  # 全国水生态文明城市 with a character of its middle left out
        "西宁荣获全国水生态城市。",
        "西宁入选全国蓝天城市。",
        "西宁入选国家海绵城市建设示范城市。",  # not 国家公交都市建设示范城市
        "西宁入选财政部。",  # the issuer's name alone names no title
        "西宁于2024年获评生产服务型国家物流枢纽。",  # the base: 商贸服务型
        "In 2024 Xining was named a production-service national logistics hub.",
    ],
)
def test_a_title_the_base_does_not_have_is_never_one_it_has(store: Store, draft: str) -> None:
    findings = check(store, draft, TODAY).findings
    assert all(f.judgement.verdict is Verdict.NOT_FOUND and not f.judgement.facts for f in findings)


def test_a_count_of_bodies_in_english_is_not_a_figure(store: Store) -> None:
    draft = "Under a guideline issued by 7 ministries, Xining became a national city for deepening inclusive finance reform."
    findings = check(store, draft, TODAY).findings
    assert [(f.claim.number, f.judgement.verdict) for f in findings] == [("", Verdict.SUPPORTED)]


def test_not_yet_done_is_what_the_base_says_of_a_plan(store: Store) -> None:
    (finding,) = check(store, "《西宁市数据标注产业发展规划（2026—2030年）》尚未完成编制。", TODAY).findings
    assert (finding.judgement.verdict, finding.judgement.facts) == (Verdict.SUPPORTED, ("data-annotation-plan",))


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("西宁是全国唯一入选消费“三新”试点的城市。", Verdict.CONTRADICTED),  # the article: 我省唯一入选的城市
        ("Xining was the only city in China selected as a national consumption pilot city.", Verdict.CONTRADICTED),
        ("西宁是青海唯一入选全国消费“三新”试点城市的城市。", Verdict.SUPPORTED),  # 全国 is the list's, 青海 the only's
        ("西宁是全国首个国家碳达峰试点省会城市。", Verdict.CONTRADICTED),  # the article: 西北地区首个
        ("西宁是西北地区首个国家碳达峰试点省会城市。", Verdict.SUPPORTED),
    ],
)
def test_the_reach_of_a_first_or_an_only_is_the_one_said_with_it(store: Store, draft: str, verdict: Verdict) -> None:
    findings = check(store, draft, TODAY).findings
    assert findings and {f.judgement.verdict for f in findings} == {verdict}


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("Xining has never been named a national logistics hub.", Verdict.CONTRADICTED),  # 2024年…成功获评
        ("南川工业园区入选首批国家级零碳园区建设名单，是青海唯一入选的产业园区。", Verdict.SUPPORTED),
    ],
)
def test_a_title_named_without_its_bracketed_kind_or_by_the_park_selected(
    store: Store, draft: str, verdict: Verdict
) -> None:
    findings = check(store, draft, TODAY).findings
    assert findings and {f.judgement.verdict for f in findings} == {verdict}
