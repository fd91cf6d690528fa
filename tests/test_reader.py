"""What a reader sees: relation kinds that mean what they say, distinctions as data, a comparison
that names its periods and the article's units, periods that wrap last, and releases found by name."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import MakeRun, TinyBase
from tests.test_views import run_in_terminal

ROOT = Path(__file__).resolve().parent.parent


# --- relation kinds ---------------------------------------------------------------------------

LINKED = """
  - id: carbon-pilot-again
    name: {zh: 国家碳达峰试点城市, en: National carbon peaking pilot city}
    level: national
    topic: energy
    quote: 西宁成功入选国家碳达峰试点城市
"""


@pytest.mark.parametrize(
    ("kind", "reason", "problem"),
    [
        ("conflicts", "Different recipients. Both may hold.", "'conflicts' means both cannot be true"),
        ("conflicts", "Two lower bounds; they do not contradict each other.", "where both may hold the kind is 'differs'"),
        ("conflicts", "Both cannot be true of 2025: one is a floor the other breaks.", None),
        ("differs", "Different recipients. Both may hold.", None),
        ("related", "Different recipients.", "kind 'related' is not valid; valid: corroborates, conflicts, differs"),
    ],
)  # fmt: skip
def test_a_conflict_whose_reason_says_both_may_hold_is_a_problem(
    tiny: TinyBase, run: MakeRun, kind: str, reason: str, problem: str | None
) -> None:
    tiny.edit("articles/briefing.yaml", "milestones: []", LINKED.lstrip("\n") + "milestones: []")
    tiny.write("relations.yaml", f"relations:\n  - kind: {kind}\n    facts: [carbon-pilot, carbon-pilot-again]\n"
                                 f'    reason: "{reason}"\n')  # fmt: skip
    result = run("--base", str(tiny.root), "validate")
    if problem is None:
        assert result.code == 0, result.out
    else:
        assert result.code != 0 and problem in result.out + result.err, result.out


def test_no_shipped_conflict_says_both_may_hold(run: MakeRun) -> None:
    kinds: dict[str, int] = {}
    for line in (ROOT / "facts" / "relations.yaml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("- kind:"):
            kind = line.split(":", 1)[1].strip()
            kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {"corroborates": 12, "differs": 9}
    assert run("validate").code == 0


@pytest.mark.parametrize(
    ("fact", "headings", "where"),
    [
        ("carbon-peaking-pilot", ["the same fact (corroborates)"], "(green-and-new)"),
        ("air-good-days-floor", ["alike but different, both may hold (differs)"], "(the same article)"),
        ("computing-power-green-new", ["alike but different, both may hold (differs)"], "(press-conference-2025-07)"),
    ],
)
def test_a_card_groups_its_relations_by_kind(run: MakeRun, fact: str, headings: list[str], where: str) -> None:
    card = run("show", fact, "--lang", "en", "--format", "table").out
    for heading in ("the same fact (corroborates)", "cannot both be true (conflicts)", "alike but different"):
        assert (heading in card) is any(heading in h for h in headings), heading
    assert where in card and "other articles" not in card
    related = json.loads(run("show", fact, "--json").out)["related"]
    assert [list(link) for link in related] == [["relation", "facts", "sources", "same_article", "reason"]]
    assert related[0]["same_article"] is (where == "(the same article)")


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        ("Both say more than 80% of spending.", "'more than 80': the qualifier of 'spend' is at_least; say 'at least'"),
        ("Both say at least 80% of spending.", None),
    ],
)
def test_a_reason_words_a_bound_as_its_qualifier(
    tiny: TinyBase, run: MakeRun, reason: str, problem: str | None
) -> None:
    spending = """
  - id: spend
    metric: air-good-days-share
    value: 80
    unit: "%"
    qualifier: at_least
    period: "2024"
    quote: 空气质量优良天数比例达93.1%
"""
    tiny.edit("articles/briefing.yaml", "observations:\n", "observations:\n" + spending.lstrip("\n"))
    tiny.write("relations.yaml", f"relations:\n  - kind: corroborates\n    facts: [spend, air-2024]\n"
                                 f"    reason: {reason}\n")  # fmt: skip
    out = run("--base", str(tiny.root), "validate").out
    assert (problem in out) if problem else "more than" not in out, out


# --- distinctions -----------------------------------------------------------------------------


def test_a_distinction_is_in_the_designations_listing_card_and_export(run: MakeRun, tmp_path: Path) -> None:
    listing = run("designations", "--format", "tsv", "--lang", "zh").out
    assert "国家碳达峰试点城市（西北地区首个）" in listing
    english = run("designations", "--format", "tsv", "--lang", "en").out
    assert "National carbon peaking pilot city (the first in Northwest China (a provincial capital))" in english
    card = run("show", "consumption-three-new-pilot", "--lang", "zh", "--format", "table").out
    assert "我省唯一入选的城市" in card
    record = json.loads(run("show", "terrace-carbon-sink-trade", "--json").out)
    assert record["distinctions"] == [{"zh": "全国首单", "en": "the first in China"}]
    # a milestone whose label says it already does not say it twice
    assert run("facts", "--search", "梯田碳汇", "--format", "tsv", "--lang", "zh").out.count("全国首单") == 1
    assert run("export", "--format", "datapackage", str(tmp_path / "out")).code == 0
    designations = (tmp_path / "out" / "designations.csv").read_text(encoding="utf-8-sig")
    assert "西北地区首个" in designations and "distinctions_zh" in designations.splitlines()[0]


def test_a_distinction_must_stand_in_the_quote(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit(
        "articles/briefing.yaml",
        "    quote: 西宁成功入选国家碳达峰试点城市\n",
        "    quote: 西宁成功入选国家碳达峰试点城市\n    distinctions:\n      - {zh: 全国首个, en: the first in China}\n",
    )
    out = run("--base", str(tiny.root), "validate").out
    assert "the distinction '全国首个' is not in its quote" in out


# --- compare ----------------------------------------------------------------------------------


def test_compare_names_its_periods_and_writes_differences_in_the_articles_unit(run: MakeRun) -> None:
    table = run("compare", "2024", "2025", "--lang", "en", "--format", "table").out
    words = table.split()
    assert not re.search(r"\b[ab] is\b", " ".join(words))  # a side is named by its period, never "a" or "b"
    assert "the Jan–May 2024 figure is derived: ratio of" in " ".join(words)
    assert "about +219.24 万人次 (+21.37%) better" in " ".join(words)
    assert "about +19.85 亿元 (+20.12%) better" in " ".join(words)
    assert "2024 against 2025 (metrics: 5; with a difference: 4)" in table
    chinese = " ".join(run("compare", "2024", "2025", "--lang", "zh", "--format", "table").out.split())
    assert "约 +219.24万人次 (+21.37%) 改善" in chinese
    row = next(r for r in json.loads(run("compare", "2024", "2025", "--json").out)["metrics"]
               if r["metric"] == "tourist-arrivals")  # fmt: skip
    assert row["difference_as_written"] == {"value": 219.24, "unit": "万人次"} and row["approximate"] is True


def test_compare_never_splits_a_word_pair(run: MakeRun, tmp_path: Path) -> None:
    lines = run_in_terminal(["compare", "2024", "2025"], 80, tmp_path).splitlines()
    for pair in ("改善 better", "不可比 not comparable"):
        assert any(pair in line for line in lines), pair
    for first in ("改善", "不可比"):
        assert not any(line.rstrip().endswith(first) for line in lines), first


# --- widths -----------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize("args", [["search", "幸福感"], ["facts", "--source", "happiness-2025"], ["designations"]])
def test_no_period_wraps_where_the_label_could_give_room(
    run: MakeRun, tmp_path: Path, columns: int, args: list[str]
) -> None:
    from xining.present.wording import period_text

    out = run_in_terminal(args, columns, tmp_path)
    for record in json.loads(run(*args, "--json").out):
        period = period_text(record["period"])
        assert period in out, (period, columns)
    if columns == 200:  # each entry spans two lines (zh, en): a blank line parts them
        assert out.splitlines().count("") >= len(json.loads(run(*args, "--json").out)) - 1, columns


def test_search_points_to_what_it_left_out_under_the_table(run: MakeRun, tmp_path: Path) -> None:
    out = run_in_terminal(["search", "幸福感"], 80, tmp_path)
    entries = [line for line in out.splitlines() if line.startswith("  happ")]
    assert len(entries) == 5
    assert out.rstrip().endswith(
        "only through the title or publisher of their article; list them with "
        "`xining facts --source happiness-2025`, or search with --include-sources"
    )
    assert run("search", "幸福感", "--include-sources", "--json").err == ""


# --- periods and precision --------------------------------------------------------------------


def test_a_target_keeps_its_deadline_window_and_its_words(run: MakeRun) -> None:
    record = json.loads(run("show", "standard-racks-target", "--json").out)
    assert record["period"] == {
        "start": "2025-07-11",
        "end": "2030-07-31",
        "label": "from 2025-07-11 to between Jul 2028 and Jul 2030",
        "due_from": "2028-07-01",
    }
    listing = run("facts", "--metric", "standard-racks", "--format", "tsv", "--lang", "en").out
    assert "\t3年至5年内: from 2025-07-11 to between Jul 2028 and Jul 2030\t" in listing
    chinese = run("facts", "--metric", "standard-racks", "--format", "tsv", "--lang", "zh").out
    assert "3年至5年内（2025年7月11日起，至2028年7月至2030年7月之间）" in chinese


def test_a_total_from_a_share_is_no_more_precise_than_the_share(tiny: TinyBase, run: MakeRun) -> None:
    record = json.loads(run("show", "tourist-arrivals-qinghai-2025-01-05", "--json").out)
    assert (record["value"], record["qualifier"], record["derived"]["rounding"]) == (2000, "approx", -2)
    base = ROOT / "facts"
    text = (base / "articles" / "003-press-conference-2025-07.yaml").read_text(encoding="utf-8")
    assert "    value: 2000\n" in text and "      rounding: -2\n" in text


def test_a_water_class_reads_as_the_article_writes_it(run: MakeRun) -> None:
    out = run("facts", "--metric", "yellow-river-exit-water-class", "--format", "tsv", "--lang", "zh").out
    assert "Ⅱ类及以上" in out and "以下" not in out
    assert "class II or better" in run("facts", "--metric", "yellow-river-exit-water-class", "--lang", "en").out


# --- releases by name -------------------------------------------------------------------------


@pytest.mark.slow
def test_diff_finds_a_release_by_name_in_a_fresh_clone(run: MakeRun, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    done = subprocess.run(["git", "clone", "-q", "--no-tags", str(ROOT), str(clone)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("the repository cannot be cloned here")
    assert subprocess.run(["git", "-C", str(clone), "tag"], capture_output=True, text=True).stdout == ""
    result = run("--base", str(clone / "facts"), "diff", "release:2026.11.0", "release:2026.11.1", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["old"]["release"], data["new"]["release"]) == ("2026.11.0", "2026.11.1")


def test_a_release_the_changelog_does_not_name_is_a_usage_error(run: MakeRun) -> None:
    result = run("diff", "release:2026.11.9")
    assert result.code == 2
    assert result.err.startswith("error: release:2026.11.9: not in the changelog of ")
    assert "did you mean" in result.err


def test_an_undated_figure_shows_its_likeliest_years_and_their_basis(run: MakeRun) -> None:
    listing = run("facts", "--metric", "foreign-trade-growth", "--format", "tsv", "--lang", "en").out
    assert (
        "\t去年1月—11月 (year not given); likely 2022–2024 (去年 is not 2025, where happiness-2025 gives 41% for "
        "Jan–Sep)\t"
    ) in listing
    record = json.loads(run("show", "trade-growth-last-year-jan-nov", "--json").out)
    assert record["period"]["start"] is None  # the period stays as the text gives it
    assert record["likely"]["period"] == {"start": "2022-01-01", "end": "2024-12-31", "label": "2022–2024"}


def test_likely_is_only_for_an_undated_figure(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit(
        "articles/briefing.yaml",
        "    quote: 2024 年西宁市空气质量优良天数比例达 93.1%\n",
        "    quote: 2024 年西宁市空气质量优良天数比例达 93.1%\n    likely: {period: 2024, basis: dated}\n",
    )
    out = run("--base", str(tiny.root), "validate").out
    assert "likely is for a figure whose period the text does not give; this one is dated" in out
