"""Search: words, stems, aliases, traditional characters, short Chinese needles, ranking, literal syntax."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from tests.conftest import MakeRun, TinyBase
from xining.cache import search_index
from xining.cache.search_index import Folder, needles, quoted


def ids_and_fields(xining: MakeRun, words: str, base: TinyBase | None = None, *options: str) -> list[tuple[str, str]]:
    result = xining(*(("--base", str(base.root)) if base else ()), "search", words, "--json", *options)
    assert result.code == 0, result.err
    return [(record["id"], record["matched"]) for record in json.loads(result.out)]


# --- the shipped base: what a new user types ---------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("tourists", "tourist-arrivals-2025-01-05"),  # a plural finds the singular label
        ("exports", "export-growth-2024"),  # the 65.7 % export growth
        ("visitors", "tourist-arrivals-2025-01-05"),  # an alias of tourist-arrivals
        ("foreign trade growth", "trade-growth-2024"),  # every word, in another order than the label's
        ("growth trade foreign", "trade-growth-2024"),
        ("carbon peaking", "carbon-peaking-pilot"),
        ("碳達峰", "carbon-peaking-pilot"),  # traditional characters
        ("旅遊收入", "tourist-spending-2025-01-05"),  # a traditional alias
        ("盐湖", "salt-lake-achievements"),  # two characters: too short for trigrams, found by scanning
        ("鹽湖", "salt-lake-achievements"),
    ],
)
def test_what_people_type_finds_the_fact(run: MakeRun, words: str, expected: str) -> None:
    found = [fact_id for fact_id, _ in ids_and_fields(run, words)]
    assert expected in found


def test_a_word_matches_as_a_word(run: MakeRun) -> None:
    # "art" is inside "start" and "department", but not a word of any label
    assert all(field != "label" for _, field in ids_and_fields(run, "art"))


RANKS = {"label": 0, "id": 1, "quote": 2, "designation": 2, "note": 2, "topic": 3, "source": 4}


def test_labels_rank_above_quotes_and_sources_come_last(run: MakeRun) -> None:
    fields = [field for _, field in ids_and_fields(run, "happiness", None, "--include-sources")]
    assert fields[0] == "label" and fields[-1] == "source"
    # a match in a source's title or id only follows every other match: it does not flood the list
    assert [RANKS[field] for field in fields] == sorted(RANKS[field] for field in fields)


@pytest.mark.parametrize(("words", "found"), [("幸福感", 5), ("happiness", 12)])
def test_a_match_only_in_the_article_title_is_left_out_and_pointed_to(run: MakeRun, words: str, found: int) -> None:
    """Every fact of happiness-2025 matches through its title: those are left out, with one line saying so."""
    matched = ids_and_fields(run, words)
    assert len(matched) == found and "source" not in {field for _, field in matched}
    result = run("search", words, "--json")
    assert result.err.startswith(f"{len(ids_and_fields(run, words, None, '--include-sources')) - found} more facts ")
    assert result.err.endswith(
        " only through the title or publisher of their article; list them with "
        "`xining facts --source happiness-2025`, or search with --include-sources\n"
    )


def test_a_fact_several_articles_state_is_one_entry_with_every_source(run: MakeRun) -> None:
    records = json.loads(run("search", "碳达峰", "--json").out)
    pilot = [r for r in records if r["id"].startswith("carbon-peaking-pilot")]
    assert [(r["id"], r["sources"]) for r in pilot] == [("carbon-peaking-pilot", ["national-pilots", "green-and-new"])]
    forest = json.loads(run("search", "森林覆盖率", "--json").out)
    assert [(r["id"], r["sources"]) for r in forest] == [
        ("forest-coverage-2025-07", ["press-conference-2025-07", "happiness-2025"])
    ]


def test_at_equal_rank_a_stated_figure_comes_before_one_derived_from_it(run: MakeRun) -> None:
    records = json.loads(run("search", "tourists", "--json").out)
    ids = [r["id"] for r in records]
    assert ids.index("tourist-arrivals-2025-01-05") < ids.index("tourist-arrivals-2024-01-05")
    labelled = [r["derived"] is not None for r in records if r["matched"] == "label"]
    assert labelled == sorted(labelled)  # every stated label match first


def test_search_combines_with_filters(run: MakeRun) -> None:
    records = json.loads(run("facts", "--search", "tourists", "--kind", "observation", "--json").out)
    assert records and all(r["kind"] == "observation" for r in records)
    assert {r["topic"] for r in records} == {"tourism"}


# --- the tiny base: exact results --------------------------------------------------------


def test_ranking_on_a_tiny_base(tiny: TinyBase, run: MakeRun) -> None:
    found = ids_and_fields(run, "碳达峰", base=tiny)
    assert found == [("carbon-pilot", "label")]
    air = ids_and_fields(run, "air", base=tiny)
    assert air[0][1] == "label" and {fact_id for fact_id, _ in air} >= {"air-2024", "air-2025-h1"}


@pytest.mark.parametrize("syntax", ['"', "*", "NEAR", "-", ":", "(", "a:b", '"碳达峰', "NOT 游客", "游客*", "AND"])
def test_fts_syntax_is_searched_literally(tiny: TinyBase, run: MakeRun, syntax: str) -> None:
    result = run("--base", str(tiny.root), "search", syntax, "--json")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and "fts5" not in result.err


def test_a_quote_character_is_found_where_it_is(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit(
        "articles/briefing.yaml", "quote: 西宁成功入选国家碳达峰试点城市", 'quote: "西宁成功入选“国家碳达峰试点城市”"'
    )
    found = ids_and_fields(run, "“国家", base=tiny)
    assert found == [("carbon-pilot", "quote")]


def test_an_empty_search_is_a_usage_error(run: MakeRun) -> None:
    for empty in ("", "   "):
        result = run("search", empty)
        assert result.code == 2
        assert "give some text to look for" in result.err


def test_an_empty_result_names_the_closest_metrics(tiny: TinyBase, run: MakeRun) -> None:
    result = run("--base", str(tiny.root), "search", "tourist arivals", "--json")
    assert result.code == 0 and json.loads(result.out) == []
    assert result.err.startswith("no facts match 'tourist arivals'; closest labels and metric ids: tourist-arrivals")
    table = run("--base", str(tiny.root), "search", "tourist arivals", "--format", "table")
    assert "tourist-arrivals (Tourist arrivals)" in table.out


def test_aliases_are_searched_like_labels(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit(
        "metrics.yaml",
        "en: Tourist arrivals, unit: 人次, higher_is_better: true}",
        "en: Tourist arrivals, unit: 人次, higher_is_better: true, aliases: {zh: [游客量], en: [visitors]}}",
    )
    tiny.edit(
        "articles/briefing.yaml",
        "    level: national\n",
        "    level: national\n    aliases: {zh: [双碳试点], en: [carbon pilot]}\n",
    )
    assert ids_and_fields(run, "visitors", base=tiny) == [("tourists-2025", "label")]
    assert ids_and_fields(run, "游客量", base=tiny) == [("tourists-2025", "label")]
    assert ids_and_fields(run, "双碳试点", base=tiny) == [("carbon-pilot", "label")]
    assert ids_and_fields(run, "pilots", base=tiny) == [("carbon-pilot", "label")]
    record = json.loads(run("--base", str(tiny.root), "show", "carbon-pilot", "--json").out)
    assert record["aliases"] == {"zh": ["双碳试点"], "en": ["carbon pilot"]}


def test_bad_aliases_are_a_problem_at_their_line(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit(
        "metrics.yaml", "unit: 人次, higher_is_better: true}", "unit: 人次, higher_is_better: true, aliases: [x]}"
    )
    result = run("--base", str(tiny.root), "validate")
    assert result.code == 1
    assert "metrics.yaml:4: metric: 'aliases' must be a mapping of 'zh' and/or 'en' to lists of names" in result.out


def test_editing_an_article_updates_the_index(tiny: TinyBase, run: MakeRun) -> None:
    assert ids_and_fields(run, "盐湖", base=tiny) == []
    tiny.edit(
        "articles/briefing.yaml",
        "quote: 同期增加3.8 个百分点",
        "quote: 同期增加3.8 个百分点\n    note: 盐湖 Salt lakes",
    )
    assert ids_and_fields(run, "盐湖", base=tiny) == [("air-change-2025-h1", "note")]
    assert ids_and_fields(run, "lake", base=tiny) == [("air-change-2025-h1", "note")]
    tiny.edit("articles/briefing.yaml", "\n    note: 盐湖 Salt lakes", "")
    assert ids_and_fields(run, "lake", base=tiny) == []


def test_without_fts5_every_word_is_found_by_scanning(
    tiny: TinyBase, run: MakeRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "has_fts5", lambda connection: False)
    assert ids_and_fields(run, "碳達峰", base=tiny) == [("carbon-pilot", "label")]
    assert ids_and_fields(run, "tourists", base=tiny)[0] == ("tourists-2025", "label")
    assert ids_and_fields(run, '"', base=tiny) == []


# --- the pieces --------------------------------------------------------------------------

FOLDER = Folder([("達", "达"), ("鹽", "盐")])


@pytest.mark.parametrize(
    ("text", "chars", "words"),
    [
        ("碳達峰", "碳达峰", ""),
        ("2024 年西宁市空气质量\n优良天数比例达 93.1％", "2024年西宁市空气质量优良天数比例达93.1%", "2024 93 1"),
        ("Tourist Arrivals", "touristarrivals", "tourist arrivals"),
        ("ＡＢＣ　鹽湖", "abc盐湖", "abc"),
    ],
)
def test_folding(text: str, chars: str, words: str) -> None:
    assert FOLDER.chars(text) == chars
    assert FOLDER.words(text) == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tourists", [("tourists", "words")]),
        ("carbon-peaking", [("carbon peaking", "words")]),
        ("鹽湖", [("盐湖", "scan")]),
        ("碳達峰 2024", [("碳达峰", "chars"), ("2024", "words")]),
        ("93.1", [("93.1", "chars")]),
        ('"', [('"', "scan")]),
        ("NEAR", [("near", "words")]),
    ],
)
def test_needles(text: str, expected: list[tuple[str, str]]) -> None:
    assert [tuple(n) for n in needles(text, FOLDER)] == expected


@pytest.mark.parametrize("text", ['"', 'a"b', "NEAR(a b)", "x*", "-y", "col:z", "^a", "a OR b"])
def test_quoted_phrases_are_never_syntax(text: str) -> None:
    with closing(sqlite3.connect(":memory:")) as connection:  # closed: Python 3.13 warns of a connection left open
        connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        connection.execute("INSERT INTO t VALUES (?)", (f"before {text} after",))
        found = connection.execute("SELECT count(*) FROM t WHERE t MATCH ?", (quoted(text),)).fetchone()[0]
    assert found == (1 if len(text) >= 3 else 0)


def test_the_folding_map_comes_from_opencc() -> None:
    pairs = dict(search_index.traditional_to_simplified())
    assert pairs["達"] == "达" and pairs["鹽"] == "盐" and pairs["經"] == "经"
    assert "达" not in pairs  # simplified characters stay as they are
