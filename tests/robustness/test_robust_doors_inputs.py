"""Bounded search queries, numbers at the edges of what the README allows, paths that are not UTF-8,
what a killed process leaves, and diff under any git environment."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MakeRun, TinyBase
from tests.robustness.test_robust_doors_text import add_observation

XINING = [sys.executable, "-m", "xining"]


def xining(*args: str | bytes, env: dict[str, str | bytes] | None = None,
           cwd: str | bytes | Path | None = None) -> subprocess.CompletedProcess[bytes]:  # fmt: skip
    environment: dict[bytes, bytes] = {os.fsencode(k): os.fsencode(v) for k, v in os.environ.items()}
    environment |= {os.fsencode(k): os.fsencode(v) for k, v in (env or {}).items()}
    return subprocess.run([*XINING, *args], capture_output=True, env=environment, cwd=cwd, timeout=120)  # type: ignore[arg-type]


def assert_one_line(err: bytes | str) -> None:
    text = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
    assert "Traceback" not in text, text
    assert text.startswith("error: ") and text.count("\n") == 1, text


# --- bounded work --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [" ".join(["游客"] * 3000), "游" * 20_000, " ".join(f"w{n}" for n in range(300)), "a b c d e f g h i", "游" * 101],
)
def test_a_search_query_beyond_the_limit_is_a_usage_error_that_says_it(run: MakeRun, query: str) -> None:
    started = time.monotonic()
    result = run("search", query)
    assert time.monotonic() - started < 2
    assert result.code == 2
    assert_one_line(result.err)
    assert "at most" in result.err


def test_the_usage_error_of_a_search_text_states_its_size_and_the_limits(run: MakeRun) -> None:
    result = run("search", "a b c d e f g h i a")
    assert result.code == 2
    assert result.err == (
        "error: search text of 19 characters and 9 different words; a search text has at most 100 characters"
        " and 8 different words\n"
    )


def test_a_search_query_at_the_limit_is_answered(run: MakeRun) -> None:
    words = ["游客", "西宁", "旅游", "万人次", "西宁", "游客", "tourist", "2025", "湖", "碳达峰"]  # 8 different
    result = run("search", " ".join(words).ljust(100), "--json")
    assert result.code == 0, result.err


# --- numbers at the edges ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e-400", "1e-31", "0." + "0" * 40 + "1", "1e31", "-1e-400"])
def test_a_magnitude_outside_the_documented_range_is_a_validate_error_at_its_line(
    run: MakeRun, tiny: TinyBase, value: str
) -> None:
    tiny.edit("articles/briefing.yaml", "value: 93.1\n", f"value: {value}\n")
    line = tiny.line_of("articles/briefing.yaml", f"value: {value}\n")
    result = run("--base", str(tiny.root), "validate")
    assert result.code == 1
    assert f"articles/briefing.yaml:{line}:" in result.out + result.err
    assert "out of range" in result.out + result.err
    shown = run("--base", str(tiny.root), "show", "air-2024")
    assert shown.code == 1 and "0 %" not in shown.out


@pytest.mark.parametrize(
    "value",
    [
        "0.1234567890123456789012345",
        "1234567890.123456789012345678",
        "12345678901234567890.12",
        "0.000000000000000000000000001",
    ],
)
def test_values_up_to_28_digits_are_read_and_shown_exactly(run: MakeRun, tiny: TinyBase, value: str) -> None:
    add_observation(tiny, "当年", value=value)
    checked = run("--base", str(tiny.root), "validate")
    assert checked.code == 0, checked.out + checked.err
    shown = run("--base", str(tiny.root), "show", "hostile-fact")
    assert value in shown.out, shown.out


def test_a_figure_given_beside_a_long_value_is_not_read_through_a_float(
    run: MakeRun, tiny: TinyBase, tmp_path: Path
) -> None:
    value = "0.1234567890123456789012345"
    add_observation(tiny, "当年", value=value, figure_line=f'    figure: "{value}"\n')
    assert run("--base", str(tiny.root), "validate").code == 0
    out = tmp_path / "facts.csv"
    assert run("--base", str(tiny.root), "export", "--format", "csv", str(out)).code == 0
    import csv

    with out.open(encoding="utf-8-sig", newline="") as stream:
        row = next(row for row in csv.DictReader(stream) if row["id"] == "hostile-fact")
    assert row["value"] == value and row["figure"] == value
    assert not any("0.12345678901234568" in cell for cell in row.values()), row


# --- paths that are not UTF-8 -------------------------------------------------------------------------


@pytest.fixture
def odd_folder(tmp_path: Path) -> bytes:
    folder = os.fsencode(tmp_path) + b"/caf\xe9-\xff"
    os.mkdir(folder)
    return folder


@pytest.mark.slow
def test_xining_base_under_a_folder_that_is_not_utf8(tiny: TinyBase, odd_folder: bytes) -> None:
    shutil.copytree(tiny.root, os.fsdecode(odd_folder + b"/base"))
    result = xining("facts", "--limit", "1", "--json", env={"XINING_BASE": odd_folder + b"/base"})
    assert result.returncode == 0 or (result.returncode == 1 and result.stderr.count(b"\n") == 1), result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.slow
def test_a_relative_base_in_a_folder_that_is_not_utf8(tiny: TinyBase, odd_folder: bytes) -> None:
    shutil.copytree(tiny.root, os.fsdecode(odd_folder + b"/base"))
    result = xining("--base", "base", "facts", "--limit", "1", cwd=odd_folder)
    assert result.returncode == 0 or (result.returncode == 1 and result.stderr.count(b"\n") == 1), result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.slow
def test_a_cache_folder_that_is_not_utf8(tiny: TinyBase, odd_folder: bytes) -> None:
    result = xining("--base", str(tiny.root), "facts", "--limit", "1", env={"XINING_CACHE_DIR": odd_folder + b"/cache"})
    assert result.returncode == 0, result.stderr
    again = xining("--base", str(tiny.root), "facts", "--limit", "1", env={"XINING_CACHE_DIR": odd_folder + b"/cache"})
    assert (again.returncode, again.stdout) == (0, result.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("format", ["csv", "sqlite", "xlsx", "datapackage", "jsonl"])
def test_an_export_into_a_folder_that_is_not_utf8(tiny: TinyBase, odd_folder: bytes, format: str) -> None:
    result = xining("--base", str(tiny.root), "export", "--format", format, "out", cwd=odd_folder)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and result.stderr.count(b"\n") == 1
    assert os.path.exists(odd_folder + b"/out")


# --- what a killed process leaves ------------------------------------------------------------------------


def test_a_cache_stamp_that_is_a_folder_leaves_no_temporary_file(
    run: MakeRun, tiny: TinyBase, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XINING_CACHE_DIR", str(cache))
    assert run("--base", str(tiny.root), "info").code == 0
    stamp = next(cache.rglob("*.stamp"))
    stamp.unlink()
    stamp.mkdir()
    tiny.edit("articles/briefing.yaml", "why: sentences", "why: the sentences")
    result = run("--base", str(tiny.root), "info")
    assert result.code == 0, result.err
    assert [path.name for path in cache.rglob("*.tmp")] == []


# --- diff --------------------------------------------------------------------------------------------------


def git(repository: Path | bytes, *args: str | bytes) -> None:
    subprocess.run(["git", "-C", repository, *args], check=True, capture_output=True,  # type: ignore[list-item]
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})  # fmt: skip


@pytest.fixture
def repository(tiny: TinyBase) -> Path:
    """The tiny base in a git repository, committed and tagged 2026.1.0."""
    git(tiny.root, "init", "-q")
    git(tiny.root, "add", ".")
    git(tiny.root, "commit", "-qm", "base")
    git(tiny.root, "tag", "2026.1.0")
    return tiny.root


@pytest.mark.parametrize(
    "environment",
    [{"GIT_WORK_TREE": "/"}, {"GIT_DIR": "/nonexistent"}, {"GIT_INDEX_FILE": "/nonexistent/index"},
     {"GIT_DIR": "/nonexistent", "GIT_WORK_TREE": "/tmp"}],
    ids=repr,
)  # fmt: skip
def test_diff_reads_the_repository_of_the_base_whatever_git_finds_in_the_environment(
    run: MakeRun, repository: Path, monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = run("--base", str(repository), "diff", "git:2026.1.0", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["changes"] == []


def test_diff_lists_tags_that_are_not_utf8(run: MakeRun, repository: Path) -> None:
    git(repository, "tag", b"v\xff")
    result = run("--base", str(repository), "diff", "git:nosuch")
    assert result.code == 2
    assert_one_line(result.err)
    assert "no such revision" in result.err


@pytest.mark.slow
def test_diff_in_a_repository_under_a_folder_that_is_not_utf8(tiny: TinyBase, odd_folder: bytes) -> None:
    root = odd_folder + b"/base"
    shutil.copytree(tiny.root, os.fsdecode(root))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    result = xining("--base", "base", "diff", "git:HEAD", "--json", cwd=odd_folder)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == []


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the repository to another owner")
def test_diff_reports_gits_refusal_in_gits_words(run: MakeRun, repository: Path) -> None:
    subprocess.run(["chown", "-R", "12345:12345", str(repository)], check=True)
    result = run("--base", str(repository), "diff", "git:HEAD")
    assert result.code == 1
    assert_one_line(result.err)
    assert "dubious ownership" in result.err and "not in a git repository" not in result.err


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_diff_temporary_folders_are_removed_on_signals_and_after_kill(tmp_path: Path, how: signal.Signals) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from make_base import write_base

    base = tmp_path / "repo" / "base"
    write_base(base, 20000, 20250711)
    git(base.parent, "init", "-q")
    git(base.parent, "add", ".")
    git(base.parent, "commit", "-qm", "base")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary)}
    process = subprocess.Popen([*XINING, "--base", str(base), "diff", "git:HEAD"], env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(temporary.rglob("*.yaml")):
        time.sleep(0.01)
    process.send_signal(how)
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err, err
    if how is not signal.SIGKILL:
        assert list(temporary.iterdir()) == []
    again = subprocess.run([*XINING, "--base", str(base), "diff", "git:HEAD", "git:HEAD"], env=environment,
                           capture_output=True, timeout=300)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert list(temporary.iterdir()) == []
