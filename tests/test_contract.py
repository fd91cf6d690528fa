"""The JSON keys scripts depend on. Adding a key is fine; renaming one breaks users."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import MakeRun

FACT_KEYS = [
    "id", "kind", "topic", "label", "value", "unit", "qualifier", "normalized", "period", "status",
    "derived", "subject", "metric", "quote", "time_expression", "note", "source", "citation",
]  # fmt: skip
MILESTONE_KEYS = [*FACT_KEYS, "distinctions"]  # the firsts and onlies the article claims for it
OBSERVATION_KEYS = [*FACT_KEYS, "likely"]  # where the text gives no period: the likeliest one, with its basis
DESIGNATION_KEYS = [*FACT_KEYS, "name", "level", "issuer", "recipient", "aliases", "distinctions"]


def test_every_fact_has_the_documented_keys(run: MakeRun) -> None:
    records = json.loads(run("facts", "--json").out)
    assert len(records) > 150
    for record in records:
        expected = {"designation": DESIGNATION_KEYS, "milestone": MILESTONE_KEYS}.get(record["kind"], OBSERVATION_KEYS)
        assert list(record) == expected, record["id"]
        assert list(record["label"]) == ["zh", "en"]
        # a deadline window (3年至5年内) also says the first day the deadline can fall on
        assert list(record["period"]) in (["start", "end", "label"], ["start", "end", "label", "due_from"])
        assert list(record["source"]) == [
            "id",
            "title",
            "publisher",
            "published",
            "file",
            "publisher_inferred",
            "publication",
        ]
        assert list(record["source"]["publication"]) == ["earliest", "latest", "best", "confidence"]
        if record["normalized"] is not None:
            assert list(record["normalized"]) == ["value", "unit"]
        if record["derived"] is not None:
            assert list(record["derived"]) == ["method", "inputs", "rounding"]


def test_kinds_and_qualifiers_are_the_documented_words(run: MakeRun) -> None:
    records = json.loads(run("facts", "--json").out)
    assert {r["kind"] for r in records} == {"observation", "designation", "milestone"}
    assert {r["qualifier"] for r in records} <= {None, "exact", "approx", "at_least", "more_than", "at_most"}
    assert {r["status"] for r in records} == {"actual", "planned"}


def test_info_and_validate_keys(run: MakeRun) -> None:
    info = json.loads(run("info", "--json").out)
    assert list(info) == [
        "tool_version", "schema_version", "release", "base", "facts", "by_kind", "by_topic", "release_date",
        "release_notes",
    ]  # fmt: skip
    report = json.loads(run("validate", "--json").out)
    assert list(report) == ["ok", "base", "facts", "sources_checked", "quotes_checked", "problems", "coverage"]


def test_diff_and_export_keys(run: MakeRun, tmp_path: Path) -> None:
    base = run("info", "--json")
    folder = json.loads(base.out)["base"]
    data = json.loads(run("diff", folder, folder, "--json").out)
    assert list(data) == ["old", "new", "differ", "summary", "changes"]
    assert list(data["old"]) == ["ref", "release", "schema_version", "facts", "problems"]
    assert list(data["summary"]) == ["fact", "metric", "source", "topic", "unit", "relation"]
    written = json.loads(run("export", "-f", "jsonl", "--json", str(tmp_path / "f.jsonl")).out)
    assert list(written) == ["format", "path", "files", "facts", "sources", "tables"]


def test_the_keys_the_output_layer_offers_are_the_documented_ones() -> None:
    from xining.present.views import DESIGNATION_KEYS
    from xining.present.views import FACT_KEYS as WRITTEN

    assert list(WRITTEN) == FACT_KEYS and [*WRITTEN, *DESIGNATION_KEYS] == DESIGNATION_KEYS_ALL


DESIGNATION_KEYS_ALL = [*FACT_KEYS, "name", "level", "issuer", "recipient", "aliases"]


def test_events_listed_once_carry_sources_and_reports(run: MakeRun) -> None:
    for command in (("designations",), ("timeline", "--kind", "designation", "--kind", "milestone")):
        for record in json.loads(run(*command, "--json").out):
            expected = {"designation": DESIGNATION_KEYS, "milestone": MILESTONE_KEYS}.get(
                record["kind"], OBSERVATION_KEYS
            )
            assert list(record) == [*expected, "sources", "reports"], record["id"]
            for report in record["reports"]:
                assert list(report) == ["id", "source", "period", "time_expression", "quote"]
    card = json.loads(run("show", "carbon-peaking-pilot", "--json").out)
    assert [card["sources"], [r["id"] for r in card["reports"]]] == [
        ["national-pilots", "green-and-new"], ["carbon-peaking-pilot", "carbon-peaking-pilot-green-new"],
    ]  # fmt: skip


def test_compare_keys(run: MakeRun) -> None:
    data = json.loads(run("compare", "2024", "2025", "--json").out)
    assert list(data) == ["periods", "order", "metrics", "no_like_for_like", "only_in_a", "only_in_b", "designations"]
    assert list(data["order"]) == ["given", "swapped"]
    assert list(data["no_like_for_like"]) == ["a", "b"]
    side = data["metrics"][0]["a"]
    assert list(side) == ["id", "value", "unit", "qualifier", "period", "derived", "status", "quote", "source"]
    assert all("sources" in event for events in data["designations"].values() for event in events)


CLAIM_KEYS = [
    "text", "start", "end", "number", "unit", "scale", "qualifier", "period", "subject",
    "verdict", "facts", "expected", "reason", "citation",
]  # fmt: skip


def test_check_keys(run: MakeRun) -> None:
    draft = "2024年西宁外贸进出口增速26.3%。2025年底，西宁入选全国消费“三新”试点城市。Xining has 2.5 million residents."
    result = json.loads(run("check", draft, "--date", "2025-12-20", "--json").out)
    assert list(result) == ["date", "counts", "draft", "claims"]
    assert list(result["counts"]) == ["supported", "imprecise", "contradicted", "not_found"]
    assert [claim["verdict"] for claim in result["claims"]] == ["supported", "supported", "not_found"]
    for claim in result["claims"]:
        assert list(claim) == CLAIM_KEYS
        if claim["period"] is not None:
            assert list(claim["period"]) == ["start", "end", "label"]
