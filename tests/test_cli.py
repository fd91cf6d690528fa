"""The CLI run as a user would, asserting on exact output in each format."""

from __future__ import annotations

import json

import pytest

from tests.conftest import MakeRun, TinyBase


@pytest.fixture
def xining(tiny: TinyBase, run: MakeRun) -> MakeRun:
    """xining over the tiny base."""
    return lambda *args: run("--base", str(tiny.root), *args)


def test_facts_piped_is_plain_tab_separated_lines(xining: MakeRun) -> None:
    result = xining("facts", "--topic", "tourism")
    assert result.code == 0 and result.err == ""
    assert result.out == (
        "tourists-2025\t接待游客 Tourist arrivals\t1245.19 万人次\tJan–May 2025\tbriefing\n"
        "tourists-growth-2025\t接待游客同比增长 Tourist arrivals growth\t21.37 %\tJan–May 2025\tbriefing\n"
    )


def test_facts_csv_tsv_markdown(xining: MakeRun) -> None:
    args = ("facts", "--metric", "air-good-days-share", "--fields", "id,value,unit,qualifier,period")
    assert xining(*args, "--format", "csv").out == (
        "id,value,unit,qualifier,period\n"
        "air-2024,93.1,%,exact,2024\n"
        "air-2024-h1,87.9,%,exact,H1 2024\n"
        "air-2025-h1,91.7,%,exact,H1 2025\n"
    )
    assert xining(*args, "--format", "tsv").out.splitlines()[1] == "air-2024\t93.1\t%\texact\t2024"
    assert xining(*args, "--format", "markdown").out.splitlines()[:3] == [
        "| id | value | unit | qualifier | period |",
        "|---|---|---|---|---|",
        "| air-2024 | 93.1 | % | exact | 2024 |",
    ]


def test_facts_json_and_jsonl(xining: MakeRun) -> None:
    records = json.loads(xining("facts", "--json").out)
    assert [r["id"] for r in records] == [
        "air-2024", "air-2024-h1", "air-2025-h1", "air-change-2025-h1", "carbon-pilot", "tourists-2025", "tourists-growth-2025",
    ]  # fmt: skip
    lines = xining("facts", "--format", "jsonl", "--fields", "id,normalized").out.splitlines()
    assert lines[-2] == '{"id": "tourists-2025", "normalized": {"value": 12451900, "unit": "人次"}}'


def test_json_keeps_chinese_unescaped(xining: MakeRun) -> None:
    assert '"zh": "接待游客"' in xining("facts", "--metric", "tourist-arrivals", "--json").out


def test_empty_result_is_an_empty_array(xining: MakeRun) -> None:
    result = xining("facts", "--year", "2019", "--json")
    assert (result.code, result.out) == (0, "[]\n")


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--year", "2024"), ["air-2024", "air-2024-h1", "carbon-pilot"]),
        (("--year", "2025", "--kind", "observation", "--topic", "environment"), ["air-2025-h1", "air-change-2025-h1"]),
        (("--kind", "designation"), ["carbon-pilot"]),
        (("--source", "briefing", "--limit", "2"), ["air-2024", "air-2024-h1"]),
        (("--search", "游客"), ["tourists-2025", "tourists-growth-2025"]),
        (("--sort", "value", "--limit", "1"), ["tourists-2025"]),
    ],
)
def test_filters_combine(xining: MakeRun, args: tuple[str, ...], ids: list[str]) -> None:
    assert [r["id"] for r in json.loads(xining("facts", *args, "--json").out)] == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("facts", "--topic", "ecolgy"),
            "error: unknown topic 'ecolgy'; did you mean 'ecology'? (see: xining topics)\n",
        ),
        (
            ("facts", "--metric", "tourist"),
            "error: unknown metric 'tourist'; did you mean 'tourist-arrivals'? (see: xining metrics)\n",
        ),
        (
            ("facts", "--source", "brief"),
            "error: unknown source 'brief'; did you mean 'briefing'? (see: xining sources)\n",
        ),
        (("facts", "--kind", "designations"), "error: unknown kind 'designations'; did you mean 'designation'?\n"),
        (("facts", "--fields", "id,vale"), "error: unknown field 'vale'; did you mean 'value'?\n"),
        (("facts", "--year", "25"), "error: --year 25: not a plausible year; give four digits, such as 2025\n"),
        (("show", "air-2023"), "error: unknown fact id 'air-2023'; did you mean 'air-2024'? (see: xining facts)\n"),
        (
            ("--as-of", "2025-13-01", "facts"),
            "error: --as-of 2025-13-01: not a date; give YYYY-MM-DD, such as 2025-08-01\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(xining: MakeRun, args: tuple[str, ...], message: str) -> None:
    result = xining(*args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_bad_format_suggests_the_closest(xining: MakeRun) -> None:
    result = xining("facts", "--format", "jsn")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: Invalid value for '--format'") and result.err.endswith(
        "did you mean 'json'?\n"
    )
    assert result.err.count("\n") == 1


def test_show_json_carries_derivation_and_citation(xining: MakeRun) -> None:
    card = json.loads(xining("show", "air-2024-h1", "--json").out)
    assert card["derived"] == {
        "method": "previous_level",
        "inputs": ["air-2025-h1", "air-change-2025-h1"],
        "rounding": 1,
    }
    assert [i["id"] for i in card["inputs"]] == ["air-2025-h1", "air-change-2025-h1"]
    assert card["citation"] == "张三. 测试文章[Z]. 西宁晚报, 2025-07."


def test_as_of_leaves_out_later_sources(xining: MakeRun) -> None:
    assert xining("--as-of", "2025-07-30", "facts", "--json").out == "[]\n"  # a July source counts from 31 July
    assert len(json.loads(xining("--as-of", "2025-07-31", "facts", "--json").out)) == 7


def test_search_ranks_labels_above_quotes(xining: MakeRun) -> None:
    records = json.loads(xining("search", "碳达峰", "--json").out)
    assert [(r["id"], r["matched"]) for r in records] == [("carbon-pilot", "label")]
    assert [r["matched"] for r in json.loads(xining("search", "AIR", "--json").out)][:1] == ["label"]


def test_text_from_the_base_is_shown_literally(tiny: TinyBase, xining: MakeRun) -> None:
    tiny.edit("metrics.yaml", "en: Tourist arrivals,", 'en: "[bold]Tourist\\x1b[31m arrivals",')
    result = xining("facts", "--metric", "tourist-arrivals", "--format", "table")
    assert "[bold]Tourist\\x1b[31m arrivals" in result.out
    assert "\x1b" not in result.out


def test_topics_sources_metrics(xining: MakeRun) -> None:
    assert xining("topics").out.splitlines()[1] == "environment\t环境质量 Environmental quality\t4"
    assert xining("sources").out == "briefing\t张三. 测试文章[Z]. 西宁晚报, 2025-07.\t7\n"
    assert (
        xining("metrics").out.splitlines()[0]
        == "air-good-days-share\t空气质量优良天数比例 Share of days with good air quality\t%\t3\t2024, H1 2024, H1 2025"
    )


def test_designations_newest_first_and_alias(xining: MakeRun) -> None:
    assert xining("designations", "--level", "national").out.split("\t")[0] == "carbon-pilot"
    assert xining("pilots").out == xining("designations").out


def test_info(xining: MakeRun) -> None:
    info = json.loads(xining("info", "--json").out)
    assert info["by_kind"] == {"observation": 6, "designation": 1, "milestone": 0}
    assert (info["schema_version"], info["release"], info["facts"]) == (1, "2026.1.0", 7)


def test_lang_chooses_the_label_language(xining: MakeRun) -> None:
    assert xining("facts", "--metric", "tourist-arrivals", "--lang", "en").out.split("\t")[1] == "Tourist arrivals"
    assert xining("facts", "--metric", "tourist-arrivals", "--lang", "zh").out.split("\t")[1] == "接待游客"


def test_base_from_the_environment(tiny: TinyBase, run: MakeRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XINING_BASE", str(tiny.root))
    assert json.loads(run("info", "--json").out)["facts"] == 7


def test_not_a_base(tmp_path, run: MakeRun) -> None:  # type: ignore[no-untyped-def]
    result = run("--base", str(tmp_path), "facts")
    assert (result.code, result.err) == (2, f"error: --base {tmp_path}: not a fact base (no base.yaml in it)\n")


def test_search_marks_the_match_in_colour(xining: MakeRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = xining("search", "游客", "--format", "table", "--lang", "zh").out
    assert "\x1b[1;7m游客\x1b[0m" in out
    assert "\x1b" not in xining("--no-color", "search", "游客", "--format", "table").out


def test_timeline_table_has_a_section_per_year(run: MakeRun) -> None:
    out = run("timeline", "--kind", "designation", "--format", "table", "--fields", "year,id").out
    lines = out.splitlines()
    assert lines[:4] == ["year  id", "─" * 36, "2024", "2024  blue-sky-top-100-2024"]
    heading = lines.index("2025")
    assert lines[heading - 1] == "" and lines[heading + 1].startswith("2025  ")


def test_completion_offers_topics_ids_and_metrics(tiny: TinyBase, monkeypatch: pytest.MonkeyPatch) -> None:
    from xining.cli import common

    monkeypatch.setattr(common.settings, "base", str(tiny.root))
    assert common.complete_topic("en") == ["energy", "environment"]
    assert common.complete_fact("air-2025") == ["air-2025-h1"]
    assert common.complete_metric("tourist-arrivals-") == ["tourist-arrivals-growth"]
    assert common.complete_source("b") == ["briefing"]


def test_the_query_vocabularies_match_the_model() -> None:
    from xining.answers.query import KINDS, LEVELS
    from xining.base.model import Kind, Level

    assert set(KINDS) == {k.value for k in Kind}
    assert set(LEVELS) == {level.value for level in Level}


@pytest.mark.parametrize("fmt", ["json", "tsv", "table"])
def test_a_closed_pipe_ends_quietly_and_successfully(fmt: str) -> None:
    import subprocess
    import sys

    # The shipped base prints more than a pipe holds, so the write itself meets the closed pipe.
    command = f"set -o pipefail; {sys.executable} -m xining facts --format {fmt} | head -c 10"
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, b"")
    assert len(result.stdout) == 10


def test_a_card_folds_long_chinese_quotes_and_never_cuts_them(run: MakeRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = run("show", "zero-carbon-park-first-batch", "--format", "table").out
    quote = "2025年3月,西宁(国家级)经济技术开发区南川工业园区成功入选国家级零碳园区建设名单,成为我省唯一跻身国家级首批试点的产业园区"
    squeezed = "".join(line[12:].strip() for line in out.splitlines())
    assert quote in squeezed and "…" not in out


def test_fields_are_known_even_when_nothing_matches(xining: MakeRun) -> None:
    result = xining("facts", "--year", "2019", "--fields", "id,value,period", "--json")
    assert (result.code, result.out) == (0, "[]\n")
    assert xining("facts", "--year", "2019", "--fields", "id,figure", "--format", "csv").out == "id,figure\n"


def test_running_without_the_dependencies_says_what_to_install(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    # A stand-in package that fails to import, shadowing the real typer.
    (tmp_path / "typer").mkdir()
    (tmp_path / "typer" / "__init__.py").write_text("raise ModuleNotFoundError(name='typer')\n", encoding="utf-8")
    repo = Path(__file__).resolve().parents[1]
    env = {"PYTHONPATH": f"{tmp_path}:{repo}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "xining", "info"], capture_output=True, text=True, env=env, timeout=60
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "error: xining needs 'typer', which is not installed; install xining with: pip install .\n"


def test_a_command_freezes_what_start_up_made_once_per_process(tiny: TinyBase, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """gc.freeze() once the command's modules are imported, and once only: a fresh process, so that what
    other tests imported (or froze) says nothing here."""
    import os
    import subprocess
    import sys

    program = (
        "import gc, sys\n"
        "frozen = []  # for each freeze: whether the check's modules were imported by then\n"
        "gc.get_freeze_count = lambda: len(frozen)\n"
        "gc.freeze = lambda: frozen.append('xining.answers.check' in sys.modules)\n"
        "from xining.cli import main\n"
        "base = sys.argv[1]\n"
        "for args in (['check', '西宁森林覆盖率达37.8%。', '--fail-on', 'never'], ['search', '森林']):\n"
        "    sys.argv = ['xining', '--base', base, *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exit_:\n"
        "        assert not exit_.code, exit_.code\n"
        "print(frozen, file=sys.stderr)\n"
    )
    environment = {**os.environ, "XINING_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-c", program, str(tiny.root)], capture_output=True, env=environment, timeout=120
    )
    assert (result.returncode, result.stderr.decode().splitlines()[-1:]) == (0, ["[True]"])


@pytest.mark.parametrize(
    ("args", "code", "stdout", "stderr"),
    [
        (("show", "tourists-2025", "--json"), 0, "json", ""),
        (("check", "2025年西宁接待游客1245.19万人次。", "--date", "2025-06-15", "--json"), 1, "json", ""),
        (("show", "nope"), 2, "", "prefix"),
        (("facts", "--format", "yaml"), 2, "", "prefix"),
    ],
)
def test_the_console_script_ends_with_the_code_and_output_main_gives(  # type: ignore[no-untyped-def]
    tiny: TinyBase, run: MakeRun, tmp_path, args: tuple[str, ...], code: int, stdout: str, stderr: str
) -> None:
    """`python -m xining` (and the `xining` script) skips the interpreter's teardown: what `main` prints and
    the exit code it gives arrive whole, as they do from `main` itself."""
    import os
    import subprocess
    import sys

    expected = run("--base", str(tiny.root), *args)
    environment = {**os.environ, "XINING_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    environment.pop("XINING_BASE", None)
    result = subprocess.run(
        [sys.executable, "-m", "xining", "--base", str(tiny.root), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert (result.returncode, result.stdout, result.stderr) == (expected.code, expected.out, expected.err)
    assert result.returncode == code
    if stdout == "json":
        assert json.loads(result.stdout)
    if stderr == "prefix":
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    else:
        assert result.stderr == stderr


def test_the_console_script_says_when_standard_output_cannot_be_written(tiny: TinyBase, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A full disk under a redirected standard output is one line on stderr and exit 1, not silence."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    environment = {**os.environ, "XINING_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "xining", "--base", str(tiny.root), "facts", "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            timeout=120,
        )
    assert (result.returncode, result.stderr) == (1, "error: input/output: No space left on device\n")


@pytest.mark.parametrize(
    ("stop", "code", "stderr"),
    [(SystemExit(0), 0, ""), (SystemExit(None), 0, ""), (SystemExit(3), 3, ""), (SystemExit("boom"), 1, "boom\n")],
)
def test_run_ends_the_process_with_the_code_main_exits_with(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stop: SystemExit, code: int, stderr: str
) -> None:
    import xining.cli as cli

    ended: list[int] = []

    def main() -> None:
        raise stop

    monkeypatch.setattr(cli, "main", main)
    monkeypatch.setattr(cli.os, "_exit", ended.append)
    monkeypatch.setattr(cli, "_teardown_awaited", lambda: False)
    cli.run()
    assert (ended, capsys.readouterr().err) == ([code], stderr)
    # where a profiler, a tracer or a pool of workers waits for the exit, the process exits as usual
    monkeypatch.setattr(cli, "_teardown_awaited", lambda: True)
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert (exited.value.code, ended) == (stop.code, [code])
