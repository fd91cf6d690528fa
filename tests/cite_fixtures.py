"""Three sources for the citation tests: every part printed, some parts inferred, most parts missing."""

from __future__ import annotations

from xining.base.model import Confidence, DatePart, Publication, Source
from xining.base.periods import parse_point


def _part(token: str, confidence: Confidence, basis: str = "test", soft: bool = False) -> DatePart:
    return DatePart(parse_point(token), basis, confidence, soft)


PRINTED = _part("2000-11-20", Confidence.STATED, "printed in the article")

# GB/T 7714-2015's own newspaper example: 丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15).
ALL_PARTS = Source(
    id="all-parts",
    file="all.txt",
    sha256="0" * 64,
    title="数字革命与竞争国际化",
    publisher="中国青年报",
    authors=("丁文祥",),
    published=Publication(PRINTED, PRINTED, PRINTED),
    basis="Every part printed.",
    edition="15",
    publisher_en="China Youth Daily",
    medium="newspaper",
)
INFERRED = Source(
    id="inferred-parts",
    file="inferred.txt",
    sha256="1" * 64,
    title="聚焦“五个之城”描绘高质量发展蓝图",
    publisher="西宁晚报",
    authors=("张国静", "张弘靓"),
    published=Publication(
        _part("2025-07-11", Confidence.FROM_TEXT, "the press conference of 7月11日"),
        _part("2025-09-30", Confidence.FROM_TEXT, "今年三季度 still expected", soft=True),
        _part("2025-07", Confidence.FROM_TEXT, "days after the press conference"),
    ),
    basis="A page that calls itself 晚报.",
    title_basis="The main one of three headlines.",
    headlines=("聚焦“五个之城”描绘高质量发展蓝图", "全市算力规模突破1万PFlops"),
    publisher_inferred=True,
    publisher_basis="The page calls itself 晚报.",
    publisher_en="Xining Evening News",
    medium="newspaper",
    title_en="Focusing on the “five cities”",
)
MISSING = Source(
    id="missing-parts",
    file="missing.txt",
    sha256="2" * 64,
    title=None,
    publisher=None,
    authors=(),
    published=Publication(earliest=_part("2024-03", Confidence.ACROSS_ARTICLES, "a pilot of March 2024")),
    basis="Nothing printed.",
    title_basis="The text starts mid-sentence.",
)
SOURCES = (ALL_PARTS, INFERRED, MISSING)
