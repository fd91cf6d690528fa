"""validate catches each kind of problem, at the right file and line."""

from __future__ import annotations

import pytest

from tests.conftest import MakeRun, TinyBase
from xining.answers.validate import validate

FACTS = "articles/briefing.yaml"


def messages(tiny: TinyBase, with_sources: bool = True) -> list[str]:
    report = validate(tiny.root, tiny.sources if with_sources else None)
    return [str(problem) for problem in report.problems]


def test_the_tiny_base_is_clean(tiny: TinyBase) -> None:
    report = validate(tiny.root, tiny.sources)
    assert report.ok, report.problems
    assert (report.facts, report.sources_checked, report.quotes_checked) == (7, 1, 7)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "metric: tourist-arrivals\n",
            "metric: tourist-arrival\n",
            "metric: tourist-arrival\n",
            "observation 'tourists-2025': unknown metric 'tourist-arrival'; did you mean 'tourist-arrivals'?",
        ),
        (
            "unit: 万人次",
            "unit: 万人",
            "unit: 万人",
            "observation 'tourists-2025': unknown unit '万人'; did you mean '万人次'?",
        ),
        (
            "qualifier: exact\n    period: 2025-01..2025-05\n    time_expression",
            "qualifier: roughly\n    period: 2025-01..2025-05\n    time_expression",
            "qualifier: roughly",
            "observation 'tourists-2025': qualifier 'roughly' is not valid; valid: exact, approx, at_least, more_than, at_most",
        ),
        (
            "period: 2025-01..2025-05\n    time_expression",
            "period: 2025-05..2025-01\n    time_expression",
            "2025-05..2025-01",
            "observation 'tourists-2025': period: '2025-05..2025-01' starts after it ends",
        ),
        (
            'period: "2024"',
            "period: 2024-02-30",
            "2024-02-30",
            "observation 'air-2024': period: '2024-02-30' is not a calendar date: day is out of range for month",
        ),
        (
            "value: 93.1",
            "value: 93.2",
            "value: 93.2",
            "observation 'air-2024': the quote does not contain the figure '93.2'",
        ),
        (
            "value: 87.9",
            "value: 88.9",
            "value: 88.9",
            "observation 'air-2024-h1': derived value 88.9 does not match previous_level of its inputs "
            "(87.9, rounded to 1 decimal places: 87.9)",
        ),
        (
            "inputs: [air-2025-h1, air-change-2025-h1]",
            "inputs: [air-2025-h1, air-change]",
            "inputs: [air-2025-h1",
            "observation 'air-2024-h1': previous_level refused: "
            "derived from 'air-change', which is not an observation in the base",
        ),
        (
            '    qualifier: exact\n    period: "2024"',
            '    qualifer: exact\n    period: "2024"',
            "qualifer: exact",
            "observation 'air-2024': unknown field 'qualifer'; did you mean 'qualifier'?",
        ),
        ("topic: energy", "topic: enrgy", "topic: enrgy", "unknown topic 'enrgy'; did you mean 'energy'?"),
        (
            "level: national",
            "level: nation",
            "level: nation",
            "designation 'carbon-pilot': level 'nation' is not valid; did you mean 'national'?",
        ),
    ],
)
def test_each_problem_names_its_file_and_line(tiny: TinyBase, old: str, new: str, needle: str, message: str) -> None:
    tiny.edit(FACTS, old, new)
    line = tiny.line_of(FACTS, needle)
    assert any(m.startswith(f"{FACTS}:{line}: ") and m.endswith(message) for m in messages(tiny)), messages(tiny)


def test_duplicate_ids_are_reported_at_each_copy(tiny: TinyBase) -> None:
    tiny.edit(FACTS, "id: air-2024\n", "id: tourists-2025\n")
    found = [m.split(":")[1] for m in messages(tiny) if "duplicate fact id 'tourists-2025'" in m]
    lines = (tiny.root / FACTS).read_text(encoding="utf-8").splitlines()
    assert found == [str(n) for n, line in enumerate(lines, 1) if line.endswith("id: tourists-2025")]
    assert len(found) == 2


def test_unit_of_another_dimension_is_caught(tiny: TinyBase) -> None:
    tiny.edit(FACTS, 'value: 21.37\n    unit: "%"', "value: 21.37\n    unit: 人次")
    line = tiny.line_of(FACTS, "unit: 人次")
    assert (
        f"{FACTS}:{line}: observation 'tourists-growth-2025': unit '人次' measures 人次, but metric 'tourist-arrivals-growth' is in %"
        in messages(tiny)
    )


def test_a_quote_not_in_the_article_is_caught_only_with_sources(tiny: TinyBase) -> None:
    tiny.edit(FACTS, "quote: 同比增长21.37％", "quote: 同比增长21.37％，增速第一")
    line = tiny.line_of(FACTS, "增速第一")
    expected = f"{FACTS}:{line}: observation 'tourists-growth-2025': the quote is not in article.txt"
    assert expected in messages(tiny)
    assert expected not in messages(tiny, with_sources=False)


def test_quotes_match_with_whitespace_ignored(tiny: TinyBase) -> None:
    # The article breaks "同期增加\n3.8 个百分点" across lines; the quote does not.
    assert validate(tiny.root, tiny.sources).ok


def test_a_changed_article_fails_its_checksum(tiny: TinyBase) -> None:
    (tiny.sources / "article.txt").write_text("改过的文章", encoding="utf-8")
    line = tiny.line_of("sources.yaml", "sha256:")
    assert any(
        m.startswith(f"sources.yaml:{line}: source 'briefing': article.txt has SHA-256 ") for m in messages(tiny)
    )


def test_a_missing_article_is_reported(tiny: TinyBase) -> None:
    (tiny.sources / "article.txt").unlink()
    line = tiny.line_of("sources.yaml", "file:")
    assert f"sources.yaml:{line}: source 'briefing': article.txt is not in {tiny.sources}" in messages(tiny)


def test_unknown_source_in_an_article_file(tiny: TinyBase) -> None:
    tiny.edit(FACTS, "source: briefing", "source: brefing")
    assert f"{FACTS}:1: unknown source 'brefing'; did you mean 'briefing'?" in messages(tiny)


def test_a_relation_to_an_unknown_fact(tiny: TinyBase) -> None:
    tiny.write(
        "relations.yaml", "relations:\n  - kind: corroborates\n    facts: [air-2024, air-2023]\n    reason: test\n"
    )
    assert "relations.yaml:3: unknown fact 'air-2023'; did you mean 'air-2024'?" in messages(tiny)


def test_invalid_yaml_is_reported_with_its_line(tiny: TinyBase) -> None:
    tiny.write("topics.yaml", "topics:\n  - {id: ecology, zh: 生态\n")
    assert any(m.startswith("topics.yaml:3: not valid YAML") for m in messages(tiny))


def test_duplicate_keys_are_caught(tiny: TinyBase) -> None:
    tiny.edit(FACTS, "    value: 93.1\n", "    value: 93.1\n    value: 93.1\n")
    line = tiny.line_of(FACTS, "value: 93.1") + 1
    assert f"{FACTS}:{line}: observation 'air-2024': 'value' is given twice" in messages(tiny)


def test_every_problem_is_reported_not_only_the_first(tiny: TinyBase) -> None:
    tiny.edit(FACTS, "metric: tourist-arrivals\n", "metric: nope\n")
    tiny.edit(FACTS, "value: 93.1", "value: 93.2")
    assert len(messages(tiny, with_sources=False)) == 2
    assert len(messages(tiny)) == 3  # with the article, its 93.1 is now in no fact either


def test_cli_exit_codes_and_output(tiny: TinyBase, run: MakeRun) -> None:
    clean = run("--base", str(tiny.root), "validate", "--sources", str(tiny.sources))
    assert (clean.code, clean.out) == (0, "")
    assert clean.err == (
        "ok: 7 facts, 7 quotes in 1 sources\n13 numbers: 11 in facts, 2 left out with a reason, 0 unaccounted\n"
    )
    tiny.edit(FACTS, "value: 93.1", "value: 93.2")
    broken = run("--base", str(tiny.root), "validate")
    line = tiny.line_of(FACTS, "value: 93.2")
    assert broken.code == 1
    assert broken.out == f"{FACTS}:{line}: observation 'air-2024': the quote does not contain the figure '93.2'\n"
    assert broken.err == "1 problem(s): 7 facts\n"
    as_json = run("--base", str(tiny.root), "validate", "--json")
    assert as_json.code == 1 and '"ok": false' in as_json.out and f'"line": {line}' in as_json.out


def test_cli_usage_errors_exit_2(tiny: TinyBase, run: MakeRun) -> None:
    missing = run("--base", str(tiny.root), "validate", "--sources", str(tiny.root / "nowhere"))
    assert missing.code == 2
    assert missing.err == f"error: --sources {tiny.root / 'nowhere'}: not a folder\n"


def test_a_newer_schema_needs_a_newer_xining(tiny: TinyBase, run: MakeRun) -> None:
    tiny.write("base.yaml", "schema_version: 2\nrelease: 2030.1.0\nname: future\n")
    result = run("--base", str(tiny.root), "facts", "--json")
    assert result.code == 1
    assert result.err == (
        "error: base.yaml:1: this fact base has schema version 2; this xining reads version 1 and older; "
        "it needs a newer xining; run 'xining validate' for the full list\n"
    )


def test_other_commands_refuse_a_broken_base(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit(FACTS, "value: 93.1", "value: [1]")
    result = run("--base", str(tiny.root), "facts")
    line = tiny.line_of(FACTS, "value: [1]")
    assert result.code == 1
    assert (
        result.err
        == f"error: {FACTS}:{line}: observation 'air-2024': 'value' must be a number; run 'xining validate' for the full list\n"
    )


INTERVAL = """published:
      earliest: {date: 2025-07-11, confidence: inferred from the text, basis: the press conference of 7月11日}
      latest: {date: 2025-09-30, confidence: inferred from the text, soft: true, basis: 今年三季度 still expected}
      best: {date: 2025-07, confidence: inferred from the text, basis: days after the press conference}"""


def test_a_source_dated_by_an_interval_is_clean(tiny: TinyBase) -> None:
    tiny.edit("sources.yaml", "published: 2025-07", INTERVAL)
    assert messages(tiny) == []


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "date: 2025-07-11",
            "date: 2025-10-01",
            "earliest:",
            "source 'briefing': published: earliest 2025-10-01 is after latest 2025-09-30",
        ),
        (
            "date: 2025-07,",
            "date: 2025-12,",
            "best:",
            "source 'briefing': published: best '2025-12' lies outside earliest..latest",
        ),
        (
            "confidence: inferred from the text, soft",
            "confidence: guessed, soft",
            "latest:",
            "source 'briefing': published: latest: confidence 'guessed' is not valid; valid: stated, "
            "inferred from the text, inferred across articles",
        ),
        (
            "date: 2025-09-30",
            "date: 2025-09-31",
            "latest:",
            "source 'briefing': published: latest: date: '2025-09-31' is not a calendar date: day is out of range for month",
        ),
        (
            "basis: the press conference of 7月11日}",
            "basis: the press conference of 7月11日, sure: true}",
            "earliest:",
            "source 'briefing': published: earliest: unknown field 'sure'; valid: date, confidence, basis, soft",
        ),
    ],
)
def test_contradictory_or_malformed_dates_name_their_line(
    tiny: TinyBase, old: str, new: str, needle: str, message: str
) -> None:
    tiny.edit("sources.yaml", "published: 2025-07", INTERVAL)
    tiny.edit("sources.yaml", old, new)
    line = tiny.line_of("sources.yaml", needle)
    assert f"sources.yaml:{line}: {message}" in messages(tiny), messages(tiny)


def test_an_inferred_publisher_needs_its_basis(tiny: TinyBase) -> None:
    tiny.edit("sources.yaml", "publisher: 西宁晚报\n", "publisher: 西宁晚报\n    publisher_inferred: true\n")
    line = tiny.line_of("sources.yaml", "publisher_inferred")
    assert (
        f"sources.yaml:{line}: source 'briefing': an inferred publisher needs 'publisher_basis' saying why"
        in messages(tiny)
    )


DERIVED = "derived: {method: previous_level, inputs: [air-2025-h1, air-change-2025-h1], rounding: 1}"


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            "derived: {method: previous_levels, inputs: [air-2025-h1, air-change-2025-h1], rounding: 1}",
            "observation 'air-2024-h1': derived: method 'previous_levels' is not valid; did you mean 'previous_level'?",
        ),
        (
            "derived: {method: previous_level, inputs: [air-2025-h1, air-change-2025-h1]}",
            "observation 'air-2024-h1': derived: 'rounding' must be the number of decimal places the value is "
            "rounded to (0 to 6; -1 to -8 for tens to hundreds of millions)",
        ),
        (
            "derived: {method: previous_level, inputs: [air-2025-h1, air-change-2025-h1], rounding: 1, round: 1}",
            "observation 'air-2024-h1': derived: unknown field 'round'; did you mean 'rounding'?",
        ),
        (
            "derived: {method: previous_level, inputs: [air-2025-h1, tourists-growth-2025], rounding: 1}",
            "observation 'air-2024-h1': previous_level refused: inputs of different spans: 'air-2025-h1' covers "
            "H1 2025, 'tourists-growth-2025' covers Jan–May 2025",
        ),
        (
            "derived: {method: previous_level, inputs: [air-2025-h1, air-2024], rounding: 1}",
            "observation 'air-2024-h1': previous_level refused: inputs of different spans: 'air-2025-h1' covers "
            "H1 2025, 'air-2024' covers 2024",
        ),
        (
            "derived: {method: ratio, inputs: [air-2025-h1, air-change-2025-h1], rounding: 1}",
            "observation 'air-2024-h1': ratio refused: the growth 'air-change-2025-h1' is in 个百分点, not in %",
        ),
        (
            "derived: {method: sum, inputs: [tourists-2025, air-2025-h1], rounding: 1}",
            "observation 'air-2024-h1': sum refused: inputs of different units: 'tourists-2025' is in 人次, "
            "'air-2025-h1' in %",
        ),
        (
            "derived: {method: previous_level, inputs: [air-2025-h1, air-change-2025-h1], rounding: 0}",
            "observation 'air-2024-h1': derived value 87.9 does not match previous_level of its inputs "
            "(87.9, rounded to 0 decimal places: 88)",
        ),
    ],
)
def test_a_bad_derivation_is_reported_at_its_line(tiny: TinyBase, new: str, message: str) -> None:
    tiny.edit(FACTS, DERIVED, new)
    line = tiny.line_of(FACTS, "value: 87.9" if "does not match" in message else new)
    assert f"{FACTS}:{line}: {message}" in messages(tiny), messages(tiny)


def test_a_derived_value_with_the_wrong_qualifier_is_reported(tiny: TinyBase) -> None:
    tiny.edit(
        FACTS,
        '    value: 87.9\n    unit: "%"\n    qualifier: exact',
        '    value: 87.9\n    unit: "%"\n    qualifier: approx',
    )
    line = tiny.line_of(FACTS, "qualifier: approx")
    expected = (
        f"{FACTS}:{line}: observation 'air-2024-h1': derived value 87.9 is exact, not approx "
        "(previous_level of its inputs gives 87.9)"
    )
    assert expected in messages(tiny), messages(tiny)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "name: {zh: 国家碳达峰试点城市,",
            "name: {zh: 全国低碳发展典范,",
            "name: {zh: 全国低碳发展典范",
            "designation 'carbon-pilot': '典范' is rhetoric, not a named list, programme, title or honour; "
            "keep it as a milestone (a claim) without a level",
        ),
        (
            "name: {zh: 国家碳达峰试点城市,",
            "name: {zh: 碳达峰走在全国前列,",
            "name: {zh: 碳达峰走在全国前列",
            "designation 'carbon-pilot': '前列' is rhetoric, not a named list, programme, title or honour; "
            "keep it as a milestone (a claim) without a level",
        ),
        (
            "level: national",
            "level: provincial",
            "level: provincial",
            "designation 'carbon-pilot': nothing in the record gives the level 'provincial' (an issuer, a title or "
            "quote with a level word such as 国家 or 全省, or a note saying what it rests on); otherwise the level "
            "is unknown",
        ),
        (
            "    date: 2024-03\n    topic: energy",
            '    date: "2025"\n    time_expression: 2025年底\n    topic: energy',
            'date: "2025"',
            "designation 'carbon-pilot': '2025年底' is the end of the year, not the whole year 2025; "
            "date it to the month (December)",
        ),
    ],
)
def test_designations_rest_on_the_text(tiny: TinyBase, old: str, new: str, needle: str, message: str) -> None:
    tiny.edit(FACTS, old, new)
    line = tiny.line_of(FACTS, needle)
    assert f"{FACTS}:{line}: {message}" in messages(tiny, with_sources=False), messages(tiny, with_sources=False)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("level: national", "level: unknown"),  # no issuer named: the level is unknown, and that is fine
        ("level: national", "level: provincial\n    issuer: 青海省发展改革委"),  # an issuer carries the level
        ("level: national", "level: non_governmental\n    note: The list's organiser is named in another article."),
        ("    date: 2024-03\n    topic: energy", "    date: 2025-12\n    time_expression: 2025年底\n    topic: energy"),
    ],
)
def test_designations_that_rest_on_the_text_pass(tiny: TinyBase, old: str, new: str) -> None:
    tiny.edit(FACTS, old, new)


def test_a_basis_must_quote_the_articles_verbatim(tiny: TinyBase) -> None:
    tiny.edit("sources.yaml", "published: 2025-07", INTERVAL)
    tiny.edit(
        "sources.yaml", "basis: the press conference of 7月11日}", """basis: 'reports "全市接待游客1245.19万人次"'}"""
    )
    assert messages(tiny) == []  # whitespace and line breaks aside, it is in the article
    tiny.edit("sources.yaml", '"全市接待游客1245.19万人次"', '"全市接待游客1245.20万人次"')
    line = tiny.line_of("sources.yaml", "published:")
    assert messages(tiny) == [
        f"sources.yaml:{line}: source 'briefing': published quotes \"全市接待游客1245.20万人次\", which is in no article"
    ]
    assert messages(tiny, with_sources=False) == []
