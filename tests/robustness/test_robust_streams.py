"""Odd environments end cleanly: a closed stdout, a pipe closed early, ASCII locales, bytes that are not UTF-8."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # each test starts xining as a process

XINING = [sys.executable, "-m", "xining"]


def xining(
    *args: str | bytes, env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*XINING, *args], capture_output=True, env={**os.environ, **(env or {})}, timeout=60, **options
    )  # type: ignore[call-overload]


@pytest.mark.parametrize("args", [["facts"], ["--version"], ["--help"], ["show", "huangshui-restoration-project"]])
def test_a_closed_stdout_is_one_line_not_a_traceback(args: list[str]) -> None:
    result = subprocess.run(
        [*XINING, *args], stdout=None, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=60
    )
    assert result.returncode == 1
    assert result.stderr == b"error: standard output is closed; nothing could be written\n"


def test_help_into_a_pipe_closed_after_one_byte_is_success() -> None:
    result = subprocess.run(f"{sys.executable} -m xining --help | head -c1", shell=True, capture_output=True, timeout=60,
                            executable="/bin/bash", env={**os.environ, "SHELLOPTS": "pipefail"})  # fmt: skip
    assert (result.returncode, result.stderr) == (0, b"")


def test_bare_xining_prints_help_and_no_empty_error_line() -> None:
    result = xining()
    assert b"Usage" in result.stdout and b"facts" in result.stdout
    assert result.stderr == b""


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}]
)
def test_an_ascii_or_latin1_locale_still_gets_utf8(env: dict[str, str]) -> None:
    normal = xining("show", "huangshui-restoration-project", "--format", "json")
    odd = xining("show", "huangshui-restoration-project", "--format", "json", env=env)
    assert odd.returncode == 0, odd.stderr
    assert odd.stdout == normal.stdout
    assert "湟水".encode() in odd.stdout


def test_arguments_that_are_not_utf8_are_a_usage_error() -> None:
    result = xining("search", b"\xff")
    assert result.returncode == 2
    assert result.stderr == b"error: argument 2 (\\xff) is not UTF-8 text\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "0000", "2025"], b"'0000'"),
        (["facts", "--limit", "99999999999999999999999"], b"--limit"),
        (["timeline", "--from", "0"], b"--from"),
    ],
)
def test_numbers_out_of_range_are_usage_errors(args: list[str], message: bytes) -> None:
    result = xining(*args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count(b"\n") == 1 and message in result.stderr and b"Traceback" not in result.stderr
