"""compare pairs like with like and never prints a misleading difference."""

from __future__ import annotations

import json

import pytest

from tests.conftest import MakeRun, TinyBase


def rows(result_out: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {row["metric"]: row for row in json.loads(result_out)["metrics"]}


def test_air_quality_uses_the_derived_same_period_baseline(run: MakeRun) -> None:
    result = run("compare", "2024", "2025", "--metric", "air-good-days-share", "--json")
    row = rows(result.out)["air-good-days-share"]
    assert (row["a"]["id"], row["b"]["id"]) == ("air-good-days-2024-h1", "air-good-days-2025-h1")
    assert row["a"]["derived"] is True and row["comparable"] is True
    assert (row["difference"], row["difference_unit"], row["improvement"]) == (3.8, "pp", True)
    assert "the H1 2024 figure is derived: previous_level of" in row["note"]
    # a derived side makes the difference approximate, though both figures are written exactly
    assert row["approximate"] is True and "the difference is approximate" in row["note"]


@pytest.mark.parametrize(
    ("metric", "baseline", "stated", "a_value", "difference"),
    [
        ("tourist-arrivals", "tourist-arrivals-2024-01-05", "tourist-arrivals-2025-01-05", 1025.95, 2192400),
        ("tourist-spending", "tourist-spending-2024-01-05", "tourist-spending-2025-01-05", 98.68, 1985000000),
    ],
)
def test_tourism_pairs_january_to_may_through_its_derived_baseline(
    run: MakeRun, metric: str, baseline: str, stated: str, a_value: float, difference: int
) -> None:
    row = rows(run("compare", "2024", "2025", "--metric", metric, "--json").out)[metric]
    assert (row["a"]["id"], row["b"]["id"]) == (baseline, stated)
    assert (row["a"]["value"], row["a"]["qualifier"], row["a"]["derived"]) == (a_value, "approx", True)
    assert row["a"]["period"]["label"] == "Jan–May 2024" and row["b"]["period"]["label"] == "Jan–May 2025"
    assert row["comparable"] is True and row["difference"] == difference
    assert "the Jan–May 2024 figure is derived: ratio of" in row["note"]
    assert "approximate" in row["note"] and row["approximate"] is True


def test_full_year_is_not_subtracted_from_a_half_year(run: MakeRun) -> None:
    result = run("compare", "2024", "2025H1", "--metric", "air-good-days-share", "--json")
    row = rows(result.out)["air-good-days-share"]
    assert (row["a"]["id"], row["b"]["id"]) == ("air-good-days-2024-h1", "air-good-days-2025-h1")
    full = run("compare", "2024", "2025", "--metric", "air-good-days-share", "--json")
    assert "air-good-days-2024" not in {rows(full.out)["air-good-days-share"]["a"]["id"]}


def test_growth_rates_of_different_spans_are_not_comparable(run: MakeRun) -> None:
    row = rows(run("compare", "2024", "2025", "--metric", "foreign-trade-growth", "--json").out)["foreign-trade-growth"]
    assert (row["a"]["value"], row["b"]["value"]) == (26.3, 41)
    assert row["comparable"] is False and row["difference"] is None
    assert row["note"] == "different spans of the year (2024 against Jan–Sep 2025): no difference is given"


def test_bounds_are_shown_not_subtracted(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit(
        "articles/briefing.yaml",
        'value: 93.1\n    unit: "%"\n    qualifier: exact',
        'value: 93.1\n    unit: "%"\n    qualifier: at_least',
    )
    tiny.edit("articles/briefing.yaml", 'period: "2024"', "period: 2024H1")
    row = rows(run("--base", str(tiny.root), "compare", "2024H1", "2025H1", "--json").out)["air-good-days-share"]
    assert (row["a"]["qualifier"], row["comparable"], row["difference"]) == ("at_least", False, None)
    assert "bounds (at_least against exact) are not subtracted" in row["note"]


def test_only_in_one_period_and_designations_are_listed(run: MakeRun) -> None:
    data = json.loads(run("compare", "2024", "2025", "--json").out)
    assert list(data) == [
        "periods", "order", "metrics", "no_like_for_like", "only_in_a", "only_in_b", "designations",
    ]  # fmt: skip
    assert data["periods"]["a"] == {"start": "2024-01-01", "end": "2024-12-31", "label": "2024"}
    assert "export-growth-2024" in [f["id"] for f in data["only_in_a"]]
    assert "tourist-arrivals-growth-2025-01-05" in [f["id"] for f in data["only_in_b"]]
    assert "carbon-peaking-pilot" in [f["id"] for f in data["designations"]["a"]]
    assert "zero-carbon-park-first-batch" in [f["id"] for f in data["designations"]["b"]]
    assert list(data["metrics"][0]) == [
        "metric", "label", "a", "b", "difference", "difference_unit", "relative_change", "improvement", "comparable",
        "approximate", "difference_as_written", "note",
    ]  # fmt: skip


def test_as_of_excludes_a_later_article(run: MakeRun) -> None:
    # The press-conference page is known to 2025 Q3 and counts from 30 September.
    assert json.loads(run("--as-of", "2025-09-29", "compare", "2024", "2025", "--json").out)["metrics"] == []
    before = json.loads(run("--as-of", "2025-09-30", "compare", "2024", "2025", "--json").out)
    assert "happiest-city-2025" not in [f["id"] for f in before["designations"]["b"]]
    assert "foreign-trade-growth" not in {r["metric"] for r in before["metrics"]}  # its 2025 figure is from December
    assert "air-good-days-share" in {r["metric"] for r in before["metrics"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2024", "2024"), "error: compare: 2024 and 2024 are the same period; give two different ones\n"),
        (
            ("2024", "banana"),
            "error: compare: 'banana' is not a period; use a year (2024), half (2025H1), quarter (2025Q3), month (2025-06) or months (2025-01..2025-05)\n",
        ),
        (
            ("2024", "2025", "--topic", "tourismm"),
            "error: unknown topic 'tourismm'; did you mean 'tourism'? (see: xining topics)\n",
        ),
    ],
)
def test_bad_periods_exit_2(run: MakeRun, args: tuple[str, ...], message: str) -> None:
    result = run("compare", *args)
    assert (result.code, result.err) == (2, message)


def test_a_period_with_no_data_explains_and_exits_0(run: MakeRun) -> None:
    result = run("compare", "2019", "2020", "--format", "table")
    assert result.code == 0
    assert "no metric is observed in both periods" in result.out


def test_csv_rows(run: MakeRun) -> None:
    lines = run("compare", "2024", "2025", "--format", "csv").out.splitlines()
    assert lines[0] == "metric,a_figure,a_period,b_figure,b_period,difference,difference_unit,comparable,note"
    assert lines[1].startswith("air-good-days-share,87.9 % (推算 derived),H1 2024,91.7 %,H1 2025,3.8,pp,yes,")
    numbers = run("compare", "2024", "2025", "--format", "csv", "--fields", "metric,a,a_unit,b,b_unit", "--lang", "en")
    assert numbers.out.splitlines()[1] == "air-good-days-share,87.9,%,91.7,%"
    english = run("compare", "2024", "2025", "--format", "tsv", "--lang", "en").out.splitlines()[1]
    assert english.startswith("air-good-days-share\t87.9 % (derived)\tH1 2024\t91.7 %\tH1 2025\t3.8\tpp\tyes\t")
    chinese = run("compare", "2024", "2025", "--format", "tsv", "--lang", "zh").out.splitlines()[1]
    assert chinese.startswith("air-good-days-share\t87.9%（推算）\t2024年上半年\t91.7%\t2025年上半年\t3.8\tpp\t")


@pytest.mark.parametrize("order", [("2024", "2025"), ("2025", "2024")])
def test_compare_runs_from_the_earlier_period_to_the_later(run: MakeRun, order: tuple[str, str]) -> None:
    data = json.loads(run("compare", *order, "--json").out)
    assert (data["periods"]["a"]["label"], data["periods"]["b"]["label"]) == ("2024", "2025")
    assert data["order"] == {"given": list(order), "swapped": order == ("2025", "2024")}
    row = next(r for r in data["metrics"] if r["metric"] == "air-good-days-share")
    assert (row["a"]["value"], row["b"]["value"], row["difference"], row["improvement"]) == (87.9, 91.7, 3.8, True)
    table = run("compare", *order, "--format", "table", "--lang", "en").out
    assert "87.9 % (derived) in H1 2024  →  91.7 % in H1 2025  =  about +3.8 pp better" in " ".join(table.split("\n"))
    assert ("(2025 2024 given: compared from the earlier period to the later)" in table) is (order[0] == "2025")
    assert "worse" not in table


def test_a_metric_without_a_like_for_like_partner_is_listed_not_dropped(run: MakeRun) -> None:
    data = json.loads(run("compare", "2024", "2025", "--json").out)
    unpaired = data["no_like_for_like"]
    assert [(f["id"], f["value"], f["period"]["label"]) for f in unpaired["a"]] == [
        ("air-good-days-2024", 93.1, "2024")
    ]
    assert unpaired["b"] == []
    table = run("compare", "2025", "2024", "--format", "table", "--lang", "en").out
    section = table[table.index("also in 2024, no same-span figure in 2025") :]
    assert "93.1 % · 2024 · air-good-days-2024" in section.split("\n\n")[0]
    zh = run("compare", "2024", "2025", "--format", "table", "--lang", "zh").out
    assert "亦见于2024年，2025年无同口径数据" in zh and "93.1% · 2024年 · air-good-days-2024" in zh


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("en", ["National carbon peaking pilot city", "only in 2024", "Export growth", "2024 against 2025"], "碳达峰"),
        ("zh", ["国家碳达峰试点城市", "仅2024年有", "出口增速", "2024年 对比 2025年"], "Export growth"),
    ],
)
def test_compare_speaks_the_chosen_language(run: MakeRun, lang: str, expected: list[str], absent: str) -> None:
    table = run("compare", "2024", "2025", "--format", "table", "--lang", lang).out
    for text in expected:
        assert text in table
    assert absent not in table


def test_trend_marks_derived_values_and_span_lengths(run: MakeRun) -> None:
    data = json.loads(run("trend", "air-good-days-share", "--json").out)
    assert [r["id"] for r in data["series"]] == [
        "air-good-days-2024-h1", "air-good-days-2024", "air-good-days-2025-h1", "air-good-days-floor",
    ]  # fmt: skip
    table = run("trend", "air-good-days-share", "--format", "table").out
    assert "87.9 % (推算 derived) · press-conference-2025-07 [182-day span]" in " ".join(table.split())
    assert (
        run("trend", "air-good-day").err
        == "error: unknown metric 'air-good-day'; did you mean 'air-good-days-share'? (see: xining metrics)\n"
    )


def test_timeline_is_in_time_order_and_filtered(run: MakeRun) -> None:
    ids = [
        r["id"]
        for r in json.loads(run("timeline", "--kind", "designation", "--from", "2024", "--to", "2024", "--json").out)
    ]
    assert ids == [
        "blue-sky-top-100-2024",
        "innovation-top-100-2024",
        "logistics-hub-2024",
        "carbon-peaking-pilot",
        "hospital-reform-demo-project",
    ]
    records = json.loads(run("timeline", "--json").out)
    placed = [r["period"]["end" if r["kind"] == "observation" else "start"] or r["period"]["start"] for r in records]
    assert placed == sorted(placed) and None not in placed


@pytest.mark.parametrize(("first", "last"), [("2024", "2024"), ("2021", "2023"), ("2025", "2025"), ("2020", "2020")])
def test_timeline_lists_only_entries_placed_in_the_range(run: MakeRun, first: str, last: str) -> None:
    records = json.loads(run("timeline", "--from", first, "--to", last, "--json").out)
    assert records
    for record in records:
        period = record["period"]
        placed = (period["end"] or period["start"]) if record["kind"] == "observation" else period["start"]
        assert first <= placed[:4] <= last, (record["id"], period)
    years = {line.split("\t")[0] for line in run("timeline", "--from", first, "--to", last).out.splitlines()}
    assert years <= {str(year) for year in range(int(first), int(last) + 1)}


def test_timeline_places_a_span_at_its_end(run: MakeRun) -> None:
    lines = run("timeline", "--from", "2021", "--to", "2021").out
    assert "new-urban-jobs-14th-fyp" not in lines  # 2021–2025: placed in 2025
    assert "new-urban-jobs-14th-fyp" in run("timeline", "--from", "2025", "--to", "2025").out


def test_timeline_range_the_wrong_way_round_is_a_usage_error(run: MakeRun) -> None:
    result = run("timeline", "--from", "2025", "--to", "2024")
    assert (result.code, result.err) == (2, "error: --from 2025 is after --to 2024; give the earlier year first\n")
