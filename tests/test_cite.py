"""Citations: every style pinned for a source with all parts, one with inferred parts and one with
missing parts; the exchange formats read back by real readers; the quote lines; the command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cite_fixtures import ALL_PARTS, INFERRED, SOURCES
from tests.conftest import MakeRun, TinyBase
from xining.answers.cite import STYLES
from xining.base.citation import csl_record, dataset_record, gbt7714_entry
from xining.base.loader import read_base
from xining.base.model import Fact, FactBase, Publication, Source
from xining.present.quoting import quote_line
from xining.present.wording import Lang

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text(encoding="utf-8"))

EXPECTED = {
    ("gbt7714", "all-parts"): "[1] 丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15).\n",
    (
        "gbt7714",
        "inferred-parts",
    ): "[1] 张国静, 张弘靓. 聚焦“五个之城”描绘高质量发展蓝图[N]. [推断] 西宁晚报, [2025-07].\n",
    ("gbt7714", "missing-parts"): "[1] [无题名][Z]. [出版者不详], [出版日期不详].\n",
    ("apa", "all-parts"): "丁文祥. (2000, November 20). 数字革命与竞争国际化. 中国青年报, 15.\n",
    ("apa", "inferred-parts"): (
        "张国静, & 张弘靓. (ca. 2025, July). 聚焦“五个之城”描绘高质量发展蓝图 [Focusing on the “five cities”]. "
        "西宁晚报 (inferred).\n"
    ),
    ("apa", "missing-parts"): "[Untitled article]. (n.d.). [Publisher not named].\n",
    ("chicago", "all-parts"): "丁文祥. “数字革命与竞争国际化.” 中国青年报, November 20, 2000.\n",
    ("chicago", "inferred-parts"): (
        "张国静, and 张弘靓. “聚焦‘五个之城’描绘高质量发展蓝图” [Focusing on the “five cities”]. "
        "西宁晚报 (inferred), [July 2025?].\n"
    ),
    ("chicago", "missing-parts"): "Untitled article. [Publisher not named], n.d.\n",
    ("bibtex", "all-parts"): (
        "@article{all-parts,\n"
        "  author = {{丁文祥}},\n"
        "  title = {数字革命与竞争国际化},\n"
        "  journal = {中国青年报},\n"
        "  entrysubtype = {newspaper},\n"
        "  date = {2000-11-20},\n"
        "  year = {2000},\n"
        "  month = nov,\n"
        "  pages = {15},\n"
        "  language = {chinese},\n"
        "  annotation = {Date printed: 2000-11-20. Archived as all.txt.}\n"
        "}\n"
    ),
    ("bibtex", "inferred-parts"): (
        "@article{inferred-parts,\n"
        "  author = {{张国静} and {张弘靓}},\n"
        "  title = {聚焦“五个之城”描绘高质量发展蓝图},\n"
        "  journal = {西宁晚报},\n"
        "  entrysubtype = {newspaper},\n"
        "  date = {2025-07~},\n"
        "  year = {2025},\n"
        "  month = jul,\n"
        "  language = {chinese},\n"
        "  note = {Newspaper name inferred; date estimated.},\n"
        "  annotation = {Publisher inferred, not printed: 西宁晚报. The page calls itself 晚报. "
        "Title: The main one of three headlines. Date not printed (inferred from the text): "
        "earliest 2025-07-11, latest 2025-09-30; best estimate 2025-07. Archived as inferred.txt.}\n"
        "}\n"
    ),
    ("bibtex", "missing-parts"): (
        "@misc{missing-parts,\n"
        "  title = {[无题名]},\n"
        "  date = {XXXX},\n"
        "  language = {chinese},\n"
        "  note = {No title printed; publisher not named; date not printed, not before 2024-03-01.},\n"
        "  annotation = {Publisher not printed. No title: The text starts mid-sentence. Date not printed "
        "(inferred across articles): earliest 2024-03-01, latest not known; no best estimate. "
        "Archived as missing.txt.}\n"
        "}\n"
    ),
    ("ris", "all-parts"): (
        "TY  - NEWS\nID  - all-parts\nAU  - 丁文祥\nTI  - 数字革命与竞争国际化\nT2  - 中国青年报\nPY  - 2000\n"
        "DA  - 2000/11/20/\nSP  - 15\nLA  - zh\nN1  - Date printed: 2000-11-20.\nN1  - Archived as all.txt.\n"
        "ER  -\n"
    ),
    ("ris", "inferred-parts"): (
        "TY  - NEWS\nID  - inferred-parts\nAU  - 张国静\nAU  - 张弘靓\nTI  - 聚焦“五个之城”描绘高质量发展蓝图\n"
        "TT  - Focusing on the “five cities”\n"
        "T2  - 西宁晚报\nPY  - 2025\nDA  - 2025/07//\nLA  - zh\n"
        "N1  - Publisher inferred, not printed: 西宁晚报. The page calls itself 晚报.\n"
        "N1  - Title: The main one of three headlines.\n"
        "N1  - Date not printed (inferred from the text): earliest 2025-07-11, latest 2025-09-30; "
        "best estimate 2025-07.\n"
        "N1  - Archived as inferred.txt.\nER  -\n"
    ),
    ("ris", "missing-parts"): (
        "TY  - GEN\nID  - missing-parts\nLA  - zh\nN1  - Publisher not printed.\n"
        "N1  - No title: The text starts mid-sentence.\n"
        "N1  - Date not printed (inferred across articles): earliest 2024-03-01, latest not known; "
        "no best estimate.\nN1  - Archived as missing.txt.\nER  -\n"
    ),
}
CSL = {
    "all-parts": {
        "id": "all-parts",
        "type": "article-newspaper",
        "language": "zh-CN",
        "author": [{"literal": "丁文祥"}],
        "title": "数字革命与竞争国际化",
        "container-title": "中国青年报",
        "page": "15",
        "issued": {"date-parts": [[2000, 11, 20]]},
        "custom": {
            "file": "all.txt",
            "publisher-inferred": False,
            "publisher-en": "China Youth Daily",
            "date-earliest": "2000-11-20",
            "date-latest": "2000-11-20",
            "date-best": "2000-11-20",
            "date-confidence": "stated",
        },
        "note": "Date printed: 2000-11-20.\nArchived as all.txt.",
    },
    "inferred-parts": {
        "id": "inferred-parts",
        "type": "article-newspaper",
        "language": "zh-CN",
        "author": [{"literal": "张国静"}, {"literal": "张弘靓"}],
        "title": "聚焦“五个之城”描绘高质量发展蓝图",
        "container-title": "西宁晚报",
        "issued": {"date-parts": [[2025, 7]], "circa": True},
        "custom": {
            "file": "inferred.txt",
            "publisher-inferred": True,
            "publisher-en": "Xining Evening News",
            "date-earliest": "2025-07-11",
            "date-latest": "2025-09-30",
            "date-best": "2025-07",
            "date-confidence": "inferred from the text",
            "translated-title": "Focusing on the “five cities”",
            "headlines": ["聚焦“五个之城”描绘高质量发展蓝图", "全市算力规模突破1万PFlops"],
        },
        "note": (
            "Publisher inferred, not printed: 西宁晚报. The page calls itself 晚报.\n"
            "Title: The main one of three headlines.\n"
            "Date not printed (inferred from the text): earliest 2025-07-11, latest 2025-09-30; "
            "best estimate 2025-07.\nArchived as inferred.txt."
        ),
    },
    "missing-parts": {
        "id": "missing-parts",
        "type": "document",
        "language": "zh-CN",
        "custom": {
            "file": "missing.txt",
            "publisher-inferred": False,
            "publisher-en": None,
            "date-earliest": "2024-03-01",
            "date-latest": None,
            "date-best": None,
            "date-confidence": "inferred across articles",
        },
        "note": (
            "Publisher not printed.\nNo title: The text starts mid-sentence.\n"
            "Date not printed (inferred across articles): earliest 2024-03-01, latest not known; "
            "no best estimate.\nArchived as missing.txt."
        ),
    },
}


def test_every_registered_style_is_pinned() -> None:
    assert {style for style, _ in EXPECTED} | {"csl-json"} == set(STYLES)


@pytest.mark.parametrize(("style", "source"), [(s, src) for s in STYLES if s != "csl-json" for src in SOURCES])
def test_each_style_writes_each_kind_of_source_exactly(style: str, source: Source) -> None:
    assert STYLES[style].write([csl_record(source)]) == EXPECTED[(style, source.id)]


@pytest.mark.parametrize("source", SOURCES)
def test_csl_json_is_the_record(source: Source) -> None:
    assert csl_record(source) == CSL[source.id]
    assert json.loads(STYLES["csl-json"].write([csl_record(source)])) == [CSL[source.id]]


def test_the_standards_own_examples() -> None:
    """GB/T 7714-2015's newspaper examples, from CSL records with the names split as reference managers do."""
    examples = [
        ({"family": "丁", "given": "文祥"}, "数字革命与竞争国际化", "中国青年报", [2000, 11, 20], "15",
         "丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15)."),
        ({"family": "张", "given": "田勤"}, "罪犯DNA库与生命伦理学计划", "大众科技报", [2000, 11, 12], "7",
         "张田勤. 罪犯DNA库与生命伦理学计划[N]. 大众科技报, 2000-11-12(7)."),
    ]  # fmt: skip
    for author, title, paper, day, page, expected in examples:
        record = {"id": "x", "type": "article-newspaper", "author": [author], "title": title,
                  "container-title": paper, "issued": {"date-parts": [day]}, "page": page}  # fmt: skip
        assert gbt7714_entry(record) == expected


def test_more_than_three_authors_in_gbt7714() -> None:
    record = {"id": "x", "type": "article-newspaper", "title": "题", "container-title": "报",
              "author": [{"literal": name} for name in ("甲", "乙", "丙", "丁")], "issued": {"date-parts": [[2025]]}}  # fmt: skip
    assert gbt7714_entry(record) == "甲, 乙, 丙, 等. 题[N]. 报, 2025."
    record["author"] = record["author"][:3]
    assert gbt7714_entry(record) == "甲, 乙, 丙. 题[N]. 报, 2025."


def test_sources_say_how_each_part_was_read(run: MakeRun) -> None:
    page = next(s for s in json.loads(run("sources", "--json").out) if s["id"] == "press-conference-2025-07")
    assert page["headlines"][0] == page["title"] == "聚焦“五个之城”描绘高质量发展蓝图"
    assert page["publisher_inferred"] and "晚报对主要内容进行整理" in page["publisher_basis"]
    assert page["dating"]["earliest"]["date"] == "2025-07-11" and "7月11日" in page["dating"]["earliest"]["basis"]
    assert page["dating"]["latest"]["soft"] is True and "今年三季度" in page["dating"]["latest"]["basis"]
    strategies = next(s for s in json.loads(run("sources", "--json").out) if s["id"] == "national-strategies")
    # No best estimate: 去年 fits 2022, 2023 and 2024, so a year would be more precise than its basis,
    # which quotes both sides of the cross-article reading: this article's figure and article 000's.
    assert strategies["dating"]["best"] is None and strategies["dating"]["latest"] is None
    assert (
        "去年1月—11月全市外贸进出口总值同比增长23.4%" in strategies["basis"]
        and "2024年，西宁市外贸进出口增速26.3%" in strategies["basis"]
    )


def test_only_the_human_styles_mark_inferred_parts_inline() -> None:
    record = csl_record(INFERRED)
    for name, style in STYLES.items():
        text = style.write([record])
        if style.machine:
            assert "inferred" in text.lower(), name  # as a note
        else:
            assert "[推断]" in text or "(inferred)" in text, name
    assert "[推断]" not in STYLES["gbt7714"].write([csl_record(ALL_PARTS)])


# --- real readers of each exchange format -------------------------------------------------------


def shipped_records() -> list[dict[str, object]]:
    base, problems = read_base(Path(__file__).resolve().parents[1] / "facts")
    assert not problems
    return [csl_record(source) for source in base.sources.values()] + [dataset_record(base)]


def test_csl_json_validates_against_the_csl_data_schema() -> None:
    records = [csl_record(source) for source in SOURCES] + shipped_records()
    jsonschema.validate(records, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):  # the schema does bite
        jsonschema.validate([{**records[0], "publisher_inferred": True}], SCHEMA)


def test_bibtex_parses_with_every_entry_and_field() -> None:
    records = [csl_record(source) for source in SOURCES] + shipped_records()
    library = bibtexparser.parse_string(STYLES["bibtex"].write(records), append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert list(entries) == [record["id"] for record in records]
    inferred = entries["inferred-parts"]
    assert inferred["author"] == ["{张国静}", "{张弘靓}"]
    assert inferred["journal"] == "西宁晚报" and inferred["note"] == "Newspaper name inferred; date estimated."
    assert "Publisher inferred, not printed" in inferred["annotation"]
    assert entries["press-conference-2025-07"]["title"] == "聚焦“五个之城”描绘高质量发展蓝图"
    assert entries["missing-parts"]["title"] == "[无题名]"  # what is missing, in brackets: never a title


RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$|^ER  -$")


def test_ris_has_its_required_tags_in_order() -> None:
    records = [csl_record(source) for source in SOURCES] + shipped_records()
    text = STYLES["ris"].write(records)
    blocks = [block.splitlines() for block in text.strip("\n").split("\n\n")]
    assert len(blocks) == len(records)
    for lines, record in zip(blocks, records, strict=True):
        assert all(RIS_LINE.match(line) for line in lines), lines
        assert lines[0].startswith("TY  - ") and lines[-1] == "ER  -"
        assert lines[1] == f"ID  - {record['id']}"
        assert [line for line in lines if line.startswith("TY")] == [lines[0]]


@pytest.mark.slow  # fuzzes or starts many processes: CI runs it, a quick run leaves it out
@settings(max_examples=60, deadline=None)
@given(
    title=st.none() | st.text(min_size=1, max_size=20).map(str.strip).filter(bool),
    publisher=st.none() | st.text(min_size=1, max_size=10).map(str.strip).filter(bool),
    authors=st.lists(st.text(alphabet="张王李{}&%_#\\~^ab", min_size=1, max_size=4), max_size=3),
    inferred=st.booleans(),
)
def test_any_source_gives_valid_csl_and_parseable_bibtex(
    title: str | None, publisher: str | None, authors: list[str], inferred: bool
) -> None:
    source = Source(
        id="any", file="any.txt", sha256="0" * 64, title=title, publisher=publisher, authors=tuple(authors),
        published=Publication() if inferred else ALL_PARTS.published, basis="x",
        publisher_inferred=inferred and publisher is not None, publisher_basis="b", medium="newspaper",
    )  # fmt: skip
    record = csl_record(source)
    jsonschema.validate([record], SCHEMA)
    library = bibtexparser.parse_string(STYLES["bibtex"].write([record]))
    assert library.failed_blocks == [] and [e.key for e in library.entries] == ["any"]
    for style in STYLES.values():
        assert style.write([record])


# --- the quote line ---------------------------------------------------------------------------------


def fact(base: FactBase, fact_id: str) -> Fact:
    found = base.fact(fact_id)
    assert found is not None
    return found


def test_quote_lines_in_both_languages(tiny: TinyBase) -> None:
    base, _ = read_base(tiny.root)
    assert (
        quote_line(base, fact(base, "tourists-2025"), Lang.ZH)
        == "据《西宁晚报》2025年7月报道，2025年1—5月，西宁市接待游客为1245.19万人次。"
    )
    assert (
        quote_line(base, fact(base, "tourists-2025"), Lang.EN)
        == "Tourist arrivals in Xining, Jan–May 2025: 12.45 million, according to 西宁晚报 (July 2025)."
    )
    assert (
        quote_line(base, fact(base, "air-2024-h1"), Lang.ZH)
        == "据《西宁晚报》2025年7月报道，2024年上半年，西宁市空气质量优良天数比例为87.9%。（数值为推算，原文未直接给出。）"
    )
    assert quote_line(base, fact(base, "air-2024-h1"), Lang.EN) == (
        "Share of days with good air quality in Xining, H1 2024: 87.9%, according to 西宁晚报 (July 2025). "
        "[Figure derived, not stated in the article.]"
    )


def test_quote_lines_of_the_shipped_tourist_figure(run: MakeRun) -> None:
    result = run("cite", "tourist-arrivals-2025-01-05")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "[1] 张国静, 张弘靓. 聚焦“五个之城”描绘高质量发展蓝图[N]. [推断] 西宁晚报, [2025-07].\n"
        "\n"
        "据《西宁晚报》报道，2025年1—5月，西宁市接待游客为1245.19万人次。（报纸名称为推断；报道日期约为2025年7月。）\n"
        "Tourist arrivals in Xining, Jan–May 2025: 12.45 million, according to Xining Evening News. "
        "[Newspaper name inferred; report dated c. July 2025.]\n"
    )
    assert run("cite", "tourist-arrivals-2025-01-05", "--style", "apa", "--lang", "en").out == (
        "张国静, & 张弘靓. (ca. 2025, July). 聚焦“五个之城”描绘高质量发展蓝图 "
        "[Focusing on the “five cities”, drawing the blueprint of high-quality development]. 西宁晚报 (inferred).\n"
        "\n"
        "Tourist arrivals in Xining, Jan–May 2025: 12.45 million, according to Xining Evening News. "
        "[Newspaper name inferred; report dated c. July 2025.]\n"
    )


# --- the command ----------------------------------------------------------------------------------


def test_all_is_a_stable_numbered_bibliography(run: MakeRun) -> None:
    result = run("cite", "--all")
    assert result.out == (
        "[1] 施翔. 西宁荣获2025最具幸福感城市[N]. [出版者不详], [2025-12].\n"
        "[2] 向「绿」而行 向「新」发力: 西宁奋力推进中国式现代化高原新实践[Z]. [出版者不详], [出版日期不详].\n"
        "[3] [无题名][N]. 西宁晚报, [2026].\n"
        "[4] 张国静, 张弘靓. 聚焦“五个之城”描绘高质量发展蓝图[N]. [推断] 西宁晚报, [2025-07].\n"
        "[5] 啸宇. 抢抓机遇 深度融入国家战略[N]. [出版者不详], [出版日期不详].\n"
    )
    assert run("cite", "--all").out == result.out


def test_a_source_id_and_the_data_set(run: MakeRun) -> None:
    assert run("cite", "national-pilots", "--style", "chicago").out == "Untitled article. 西宁晚报, [2026?].\n"
    dataset = run("cite", "--dataset").out
    assert re.fullmatch(
        r"\[1\] Xining facts\[DS\]\. 版本 \d{4}\.\d+\.\d+, xining \S+\. \[出版地不详\]: \[出版者不详\], \d{4}\.\n",
        dataset,
    )


def test_machine_styles_print_only_their_format(run: MakeRun) -> None:
    out = run("cite", "tourist-arrivals-2025-01-05", "--style", "csl-json").out
    assert json.loads(out)[0]["id"] == "press-conference-2025-07"  # the quote line is not mixed in
    as_json = json.loads(run("cite", "tourist-arrivals-2025-01-05", "--style", "bibtex", "--json").out)
    assert list(as_json) == ["style", "fact", "entries", "quote", "csl", "text"]
    assert as_json["quote"].startswith("据《西宁晚报》报道") and as_json["text"].startswith("@article{")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cite", "tourist-arrivals-2025-01-5"), "error: unknown fact or source id 'tourist-arrivals-2025-01-5'; "
         "did you mean 'tourist-arrivals-2025-01-05'? (see: xining facts, xining sources)\n"),
        (("cite", "press-conference", "--style", "gbt7715"),
         "error: unknown style 'gbt7715'; did you mean 'gbt7714'?\n"),
        (("cite", "press-conference-2025-07", "--style", "harvard"),
         "error: unknown style 'harvard'; valid: apa, bibtex, chicago, csl-json, gbt7714, ris\n"),
        (("cite",), "error: cite: give one fact or source id, or --all, or --dataset\n"),
        (("cite", "national-pilots", "--all"), "error: cite: give one fact or source id, or --all, or --dataset\n"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_the_closest_value(run: MakeRun, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_styles_are_in_the_help(run: MakeRun) -> None:
    text = " ".join(run("cite", "--help").out.split())
    for name in STYLES:
        assert name in text


def test_facts_and_show_carry_the_citation(run: MakeRun) -> None:
    lines = run("facts", "--metric", "tourist-arrivals", "--fields", "id,citation").out.splitlines()
    assert (
        "tourist-arrivals-2025-01-05\t张国静, 张弘靓. 聚焦“五个之城”描绘高质量发展蓝图[N]. [推断] 西宁晚报, [2025-07]."
        in lines
    )
    card = run("show", "tourist-arrivals-2025-01-05").out
    assert "source\t张国静, 张弘靓. 聚焦“五个之城”描绘高质量发展蓝图[N]. [推断] 西宁晚报, [2025-07].\n" in card


# The run fixture only captures output and patches argv: nothing in it needs resetting between inputs.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    style=st.sampled_from([*STYLES, "apa7", "", "\x1b[31m", "GBT7714"]),
)
def test_no_id_or_style_gives_a_traceback(run: MakeRun, target: str, style: str) -> None:
    result = run("cite", "--", target, "--style", style) if target else run("cite", "--style", style)
    assert result.code in (0, 2), result
    assert "Traceback" not in result.err and "\x1b" not in result.err
    if result.code == 2:
        assert result.err.startswith("error: ") and result.err.count("\n") == 1


def test_tables_of_an_exchange_format_hold_each_record_whole(run: MakeRun) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("cite", "--all", "--style", "ris", "--format", "csv").out)))
    assert [row["id"] for row in rows][:2] == ["happiness-2025", "green-and-new"]
    assert all(row["text"].startswith("TY  - ") and row["text"].endswith("ER  -") for row in rows)


@pytest.mark.parametrize(
    ("fact_id", "zh", "en"),
    [
        ("agri-quality-pass-rate",
         "据《向「绿」而行 向「新」发力》一文报道，发布时（日期不详），西宁市农产品质量安全监测合格率为98%以上。（报道日期不详。）",
         "Pass rate of agricultural product quality and safety monitoring in Xining, at publication (date not given): "
         "at least 98%, according to the article “向「绿」而行 向「新」发力”. [Report not dated.]"),
        ("air-quality-lead-years",
         "据《西宁荣获2025最具幸福感城市》一文报道，截至发布时（2025年12月9—31日），西宁市空气质量领跑西北省会城市连续年数为9年。"
         "（报道日期约为2025年12月。）",
         "Consecutive years leading Northwest provincial capitals in air quality in Xining, up to publication "
         "(9–31 Dec 2025): 9 years, according to the article “西宁荣获2025最具幸福感城市”. [Report dated c. December 2025.]"),
        ("air-good-days-2024-h1",
         "据《西宁晚报》报道，2024年上半年，西宁市空气质量优良天数比例为87.9%。（数值为推算，原文未直接给出；报纸名称为推断；"
         "报道日期约为2025年7月。）",
         "Share of days with good air quality in Xining, H1 2024: 87.9%, according to Xining Evening News. "
         "[Figure derived, not stated in the article; newspaper name inferred; report dated c. July 2025.]"),
    ],
)  # fmt: skip
def test_the_paste_line_is_a_sentence_with_what_is_inferred_after_it(
    run: MakeRun, fact_id: str, zh: str, en: str
) -> None:
    """No marker of inference inside the sentence: the paper and the date as printed (here none is), the rest after."""
    result = run("cite", fact_id, "--json")
    assert json.loads(result.out)["quote"] == zh + "\n" + en
    assert "[推断]" not in zh and "约" not in zh.split("。")[0]
