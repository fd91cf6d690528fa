"""Honest views: markers beside every figure, one entry per designation, options where people put them,
and tables that keep figures and ids whole at every width, tried through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeRun, TinyBase

RELATIONS = """relations:
  - kind: corroborates
    facts: [carbon-pilot, carbon-pilot-again]
    reason: The same pilot.
"""
SECOND_REPORT = """
  - id: carbon-pilot-again
    name: {zh: 国家碳达峰试点城市, en: National carbon peaking pilot city}
    level: national
    date: unknown
    topic: energy
    quote: 西宁成功入选国家碳达峰试点城市
"""


@pytest.fixture
def xining(tiny: TinyBase, run: MakeRun) -> MakeRun:
    return lambda *args: run("--base", str(tiny.root), *args)


@pytest.fixture
def reported_twice(tiny: TinyBase, xining: MakeRun) -> MakeRun:
    """The tiny base with its carbon pilot stated a second time, and the two linked."""
    tiny.edit("articles/briefing.yaml", "milestones: []", SECOND_REPORT.lstrip("\n") + "milestones: []")
    tiny.write("relations.yaml", RELATIONS)
    return xining


# --- derived and planned, in every format -----------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "lang", "line"),
    [
        (None, "both", "air-2024-h1\t空气质量优良天数比例 Share of days with good air quality\t87.9 % (推算 derived)\tH1 2024\tbriefing"),
        ("tsv", "en", "air-2024-h1\tShare of days with good air quality\t87.9 % (derived)\tH1 2024\tbriefing"),
        ("csv", "zh", "air-2024-h1,空气质量优良天数比例,87.9%（推算）,2024年上半年,briefing"),
        ("markdown", "en", "| air-2024-h1 | Share of days with good air quality | 87.9 % (derived) | H1 2024 | briefing |"),
    ],
)  # fmt: skip
def test_a_derived_figure_is_marked_in_every_format(xining: MakeRun, fmt: str | None, lang: str, line: str) -> None:
    args = ("facts", "--metric", "air-good-days-share", "--lang", lang, *(("--format", fmt) if fmt else ()))
    assert line in xining(*args).out.splitlines()


def test_a_planned_figure_is_marked_in_tables(tiny: TinyBase, xining: MakeRun) -> None:
    tiny.edit("articles/briefing.yaml", '    period: "2024"\n', '    period: "2024"\n    status: planned\n')
    out = xining("facts", "--metric", "air-good-days-share", "--format", "table", "--lang", "en").out
    assert "93.1 % (planned)" in out and "87.9 % (derived)" in out and "91.7 %  " in out
    assert "93.1%（计划）" in xining("facts", "--metric", "air-good-days-share", "--lang", "zh").out


def test_shipped_target_and_expected_events_are_marked(run: MakeRun) -> None:
    assert "more than 10 万PFlops (planned)" in run("facts", "--metric", "computing-power", "--lang", "en").out
    timeline = run("timeline", "--kind", "milestone", "--lang", "zh").out
    assert any("（预计）" in line for line in timeline.splitlines() if "china-mobile-first-computing" in line)


# --- one designation, however many articles report it -------------------------------------


def test_a_designation_reported_twice_is_listed_once_with_both_reports(reported_twice: MakeRun) -> None:
    assert reported_twice("facts", "--kind", "designation").out.count("\n") == 2  # facts lists every record
    out = reported_twice("designations").out
    assert (
        out
        == "carbon-pilot\t国家碳达峰试点城市 National carbon peaking pilot city\tnational\t\tMar 2024\t西宁市\tbriefing\n"
    )
    [record] = json.loads(reported_twice("designations", "--json").out)
    assert [(r["id"], r["period"]["label"]) for r in record["reports"]] == [
        ("carbon-pilot", "Mar 2024"), ("carbon-pilot-again", "period not given"),
    ]  # fmt: skip
    assert record["sources"] == ["briefing"]
    card = json.loads(reported_twice("show", "carbon-pilot-again", "--json").out)
    assert [r["id"] for r in card["reports"]] == ["carbon-pilot-again", "carbon-pilot"]
    table = reported_twice("show", "carbon-pilot", "--format", "table").out
    assert "also reported  carbon-pilot-again · briefing · period not given" in table


def test_shipped_national_designations_are_counted_once(run: MakeRun) -> None:
    records = json.loads(run("designations", "--level", "national", "--json").out)
    names = [(r["name"]["zh"], r["recipient"]) for r in records]
    assert len(names) == len(set(names))  # 中国气候好产品 stays twice: two recipients, two honours
    pilot = next(r for r in records if r["id"] == "carbon-peaking-pilot")
    assert pilot["sources"] == ["national-pilots", "green-and-new"]
    assert "carbon-peaking-pilot-green-new" not in {r["id"] for r in records}
    ids = [r["id"] for r in records]
    assert len(ids) == int(run("designations", "--level", "national").out.count("\n"))


def test_designations_show_level_issuer_date_recipient_and_sources(run: MakeRun) -> None:
    out = run("designations", "--level", "national", "--format", "csv", "--limit", "1", "--lang", "en").out
    assert out.splitlines()[0] == "id,label,level,issuer,date,recipient,sources"
    assert out.splitlines()[1].startswith('consumption-three-new-pilot,"National pilot city for new consumption')
    assert out.splitlines()[1].endswith(",national,财政部、商务部,Dec 2025,西宁市,national-pilots")


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (("--limit", "2"), lambda rs: len(rs) == 2),
        (("--topic", "energy"), lambda rs: rs and {r["topic"] for r in rs} == {"energy"}),
        (("--year", "2024"), lambda rs: rs and {r["period"]["start"][:4] for r in rs} == {"2024"}),
        (("--source", "green-and-new"), lambda rs: rs and {r["source"]["id"] for r in rs} == {"green-and-new"}),
        (("--fields", "id,level"), lambda rs: rs and all(list(r) == ["id", "level"] for r in rs)),
    ],
)
def test_designations_filter_as_facts_does(run: MakeRun, args: tuple[str, ...], check) -> None:  # type: ignore[no-untyped-def]
    assert check(json.loads(run("designations", *args, "--json").out))


# --- options where people put them ------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (("--as-of", "2025-07-31", "facts"), ("facts", "--as-of", "2025-07-31")),
        (("--as-of=2025-07-31", "facts", "--json"), ("facts", "--json", "--as-of=2025-07-31")),
        (("--no-cache", "facts"), ("facts", "--no-cache")),
        (("--no-color", "search", "游客", "--format", "table"), ("search", "游客", "--format", "table", "--no-color")),
        (("--as-of", "2025-07-30", "compare", "2024", "2025"), ("compare", "2024", "--as-of", "2025-07-30", "2025")),
    ],
)
def test_global_options_work_before_and_after_the_command(
    tiny: TinyBase, run: MakeRun, before: tuple[str, ...], after: tuple[str, ...]
) -> None:
    first, second = run("--base", str(tiny.root), *before), run(*after, "--base", str(tiny.root))
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err)
    assert first.code == 0


def test_an_argument_after_a_double_dash_is_not_an_option(xining: MakeRun) -> None:
    result = xining("search", "--", "--no-cache")
    assert result.code == 0 and result.out == ""


def commands() -> list[str]:
    from xining.cli import COMMANDS

    return sorted(COMMANDS)


@pytest.mark.parametrize("command", commands())
def test_every_command_help_lists_the_global_options(run: MakeRun, command: str) -> None:
    out = " ".join(run(command, "--help").out.split())
    for option in ("--base", "--as-of", "--no-color", "--no-cache"):
        assert option in out, (command, option)


FIELDS_COMMANDS = [
    ("facts",), ("show", "air-2024"), ("search", "air"), ("designations",), ("pilots",), ("compare", "2024", "2025"),
    ("trend", "air-good-days-share"), ("timeline",), ("topics",), ("sources",), ("metrics",),
]  # fmt: skip


@pytest.mark.parametrize("command", FIELDS_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", [None, "table", "json", "csv"])
def test_an_unknown_field_is_refused_with_the_closest(
    xining: MakeRun, command: tuple[str, ...], fmt: str | None
) -> None:
    result = xining(*command, "--fields", "lable", *(("--format", fmt) if fmt else ()))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("error: unknown field 'lable'; did you mean 'label'?") or (
        result.err.startswith("error: unknown field 'lable'; valid: ")
    ), result.err
    far = xining(*command, "--fields", "citatio_n_x", *(("--format", fmt) if fmt else ()))
    assert far.code == 2 and far.err.count("\n") == 1 and ("did you mean" in far.err or "valid: " in far.err)


def test_show_fields_give_its_row(xining: MakeRun) -> None:
    assert (
        xining("show", "air-2024-h1", "--fields", "id,figure", "--lang", "en").out == "air-2024-h1\t87.9 % (derived)\n"
    )


# --- widths: through a pseudo-terminal ------------------------------------------------------


def run_in_terminal(args: list[str], columns: int, home: Path) -> str:
    """xining with its stdout on a pseudo-terminal `columns` wide: what a reader's terminal receives."""
    import fcntl
    import pty
    import struct
    import subprocess
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(NO_COLOR="1", HOME=str(home), XINING_CACHE_DIR=str(home / "cache"), TERM="xterm")
    process = subprocess.Popen(
        [sys.executable, "-m", "xining", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0 and err == b"", err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


WIDTH_CASES = [
    (["facts", "--topic", "computing"], ["facts", "--topic", "computing", "--json"]),
    (["facts", "--topic", "environment", "--lang", "en"], ["facts", "--topic", "environment", "--json"]),
    (["designations", "--level", "national"], ["designations", "--level", "national", "--json"]),
    (["timeline", "--from", "2025", "--to", "2025"], ["timeline", "--from", "2025", "--to", "2025", "--json"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("columns", [40, 80, 120, 200])
@pytest.mark.parametrize(("args", "source"), WIDTH_CASES, ids=lambda value: " ".join(value[:2]))
def test_no_figure_or_id_is_cut_at_any_width(
    run: MakeRun, tmp_path: Path, columns: int, args: list[str], source: list[str]
) -> None:
    from xining.present.wording import Lang, figure_text, marked

    out = run_in_terminal(args, columns, tmp_path)
    lines = out.splitlines()
    lang = Lang.EN if "en" in args else Lang.BOTH
    for record in json.loads(run(*source).out):
        assert any(record["id"] in line for line in lines), (record["id"], columns)
        figure, mark = figure_text(record, lang), marked("", record, lang)
        if figure:  # the figure whole on a line, its marker beside it or just under it
            at = [i for i, line in enumerate(lines) if figure in line]
            assert at, (figure, columns)
            assert not mark or any(mark in " ".join(lines[i : i + 2]) for i in at), (figure, mark, columns)
    assert "…" not in out
    for line in lines:  # nothing wider than the terminal but an id longer than the whole line
        from rich.cells import cell_len

        assert cell_len(line) <= columns or any(len(word) > columns - 2 for word in line.split()), line
    if columns == 80 and lines[0].startswith("label"):  # a table: the label keeps its room
        assert len(lines[0]) - len(lines[0][5:].lstrip()) >= 20


@pytest.mark.slow
def test_a_card_and_a_comparison_keep_figures_whole_on_a_narrow_terminal(run: MakeRun, tmp_path: Path) -> None:
    card = run_in_terminal(["show", "computing-power-target", "--lang", "en"], 40, tmp_path)
    assert "more than 10 万PFlops (planned)" in card
    comparison = run_in_terminal(["compare", "2025", "2024", "--lang", "en"], 40, tmp_path)
    assert "87.9 % (derived)" in comparison and "91.7 %" in comparison and "+3.8 pp" in comparison


def test_both_languages_one_per_line_at_80(run: MakeRun, tmp_path: Path) -> None:
    lines = run_in_terminal(["facts", "--metric", "air-good-days-share"], 80, tmp_path).splitlines()
    zh = next(i for i, line in enumerate(lines) if line.startswith("空气质量优良天数比例"))
    assert lines[zh + 1].startswith("Share of days with good air")
    assert "Share" not in lines[zh]


def test_the_default_table_at_80_columns(xining: MakeRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = xining("facts", "--metric", "air-good-days-share", "--format", "table", "--lang", "en").out
    assert out == (
        "label                                figure            period\n"
        + "─" * 62 + "\n"
        "Share of days with good air quality  93.1 %            2024\n"
        "  air-2024 · briefing\n"
        "\n"
        "Share of days with good air quality  87.9 % (derived)  H1 2024\n"
        "  air-2024-h1 · briefing\n"
        "\n"
        "Share of days with good air quality  91.7 %            H1 2025\n"
        "  air-2025-h1 · briefing\n"
    )  # fmt: skip


MILESTONES = """milestones:
  - id: pilot-plan-issued
    label: {zh: 实施方案印发, en: Implementation plan issued}
    date: 2024-09
    topic: energy
    quote: 西宁成功入选国家碳达峰试点城市
  - id: pilot-plan-issued-again
    label: {zh: 实施方案印发, en: Implementation plan issued}
    date: 2024
    topic: energy
    quote: 西宁成功入选国家碳达峰试点城市
"""


def test_a_milestone_reported_twice_is_one_timeline_entry(tiny: TinyBase, xining: MakeRun) -> None:
    tiny.edit("articles/briefing.yaml", "milestones: []\n", MILESTONES)
    tiny.write(
        "relations.yaml",
        RELATIONS.replace("carbon-pilot, carbon-pilot-again", "pilot-plan-issued, pilot-plan-issued-again"),
    )
    records = json.loads(xining("timeline", "--kind", "milestone", "--json").out)
    assert [(r["id"], [p["id"] for p in r["reports"]]) for r in records] == [
        ("pilot-plan-issued-again", ["pilot-plan-issued-again", "pilot-plan-issued"])
    ]
    assert xining("timeline", "--kind", "milestone").out.count("\n") == 1
