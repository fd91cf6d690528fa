"""A few key facts of the shipped base, pinned: value, unit, qualifier, period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MakeRun
from xining.answers.validate import validate

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize(
    ("fact_id", "value", "unit", "qualifier", "start", "end"),
    [
        ("air-good-days-2024", 93.1, "%", "exact", "2024-01-01", "2024-12-31"),
        ("air-good-days-2025-h1", 91.7, "%", "exact", "2025-01-01", "2025-06-30"),
        ("tourist-arrivals-2025-01-05", 1245.19, "万人次", "exact", "2025-01-01", "2025-05-31"),
        ("tourist-spending-2025-01-05", 118.53, "亿元", "exact", "2025-01-01", "2025-05-31"),
        ("computing-power-green-new", 1.3, "万P", "more_than", None, None),
        ("computing-power-2025-06", 1, "万PFlops", "more_than", "2025-06-30", "2025-06-30"),
        ("citizen-requests-resolved-2025-12", 73, "万件", "approx", None, "2025-12-31"),
        ("new-urban-jobs-14th-fyp", 17.22, "万人", "exact", "2021-01-01", "2025-12-31"),
        ("trade-growth-2025-q1-q3", 41, "%", "exact", "2025-01-01", "2025-09-30"),
        ("trade-growth-last-year-jan-nov", 23.4, "%", "exact", None, None),
        ("livelihood-spending-share-green-new", 80, "%", "at_least", None, None),
    ],
)
def test_key_figures(
    run: MakeRun, fact_id: str, value: float, unit: str, qualifier: str, start: str | None, end: str | None
) -> None:
    record = json.loads(run("show", fact_id, "--json").out)
    assert (record["value"], record["unit"], record["qualifier"]) == (value, unit, qualifier)
    assert (record["period"]["start"], record["period"]["end"]) == (start, end)


def test_the_2024_h1_air_quality_baseline_is_derived(run: MakeRun) -> None:
    record = json.loads(run("show", "air-good-days-2024-h1", "--json").out)
    assert record["value"] == 87.9
    assert record["derived"] == {
        "method": "previous_level",
        "inputs": ["air-good-days-2025-h1", "air-good-days-change-2025-h1"],
        "rounding": 1,
    }


def test_normalized_values(run: MakeRun) -> None:
    record = json.loads(run("show", "tourist-arrivals-2025-01-05", "--json").out)
    assert record["normalized"] == {"value": 12451900, "unit": "人次"}
    assert json.loads(run("show", "computing-power-green-new", "--json").out)["normalized"] == {
        "value": 13000,
        "unit": "PFlops",
    }


def test_sources_are_dated_by_intervals(run: MakeRun) -> None:
    dated = {s["id"]: (s["published"], s["publication"]) for s in json.loads(run("sources", "--json").out)}
    across, text = "inferred across articles", "inferred from the text"
    assert dated == {
        "happiness-2025": (
            "2025-12",
            {"earliest": "2025-12-09", "latest": "2025-12-31", "best": "2025-12", "confidence": text},
        ),
        "green-and-new": (None, {"earliest": "2024-03-01", "latest": None, "best": None, "confidence": across}),
        "national-pilots": (
            "2026",
            {"earliest": "2026-01-01", "latest": "2026-12-31", "best": "2026", "confidence": text},
        ),
        "press-conference-2025-07": (
            "2025-07",
            {"earliest": "2025-07-11", "latest": "2025-09-30", "best": "2025-07", "confidence": text},
        ),
        # 去年 may be 2022, 2023 or 2024: no best estimate more precise than that
        "national-strategies": (None, {"earliest": "2023-01-01", "latest": None, "best": None, "confidence": across}),
    }


def test_only_printed_or_marked_publishers(run: MakeRun) -> None:
    publishers = {s["id"]: (s["publisher"], s["publisher_inferred"]) for s in json.loads(run("sources", "--json").out)}
    assert publishers["national-pilots"] == ("西宁晚报", False)  # (来源:西宁晚报)
    assert publishers["press-conference-2025-07"] == ("西宁晚报", True)  # the page calls itself 晚报
    assert publishers["happiness-2025"] == (None, False)


def test_the_shipped_base_is_clean() -> None:
    report = validate(None, SEEDS if SEEDS.is_dir() else None)
    assert report.ok, [str(p) for p in report.problems]
    assert report.facts > 150
