"""Killed and interrupted parallel builds of a generated base leave nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each test generates a base large enough for worker processes

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from make_base import write_base  # noqa: E402


@pytest.fixture(scope="module")
def big_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("generated") / "base"
    write_base(base, 20000, 20250711)
    time.sleep(2.1)  # older than file-time granularity, as a base usually is
    return base


def assert_clean(code: int, err: bytes) -> None:
    """Success, or (when the generator writes what the checks refuse) the one line of a refused base."""
    assert code == 0 or (code == 1 and err.endswith(b"; run 'xining validate' for the full list\n")), err
    assert b"Traceback" not in err


def children_of(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found |= {int(child) for child in text.split()}
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def start_build(base: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "xining", "--base", str(base), "facts", "--limit", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children_of(process.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "no worker processes started"
    return process, workers


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find worker processes")
def test_kill_9_during_a_parallel_build_leaves_no_workers_and_no_temporary_file(big_base: Path) -> None:
    from xining.cache.files import cache_dir

    process, workers = start_build(big_base)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    for pipe in (process.stdout, process.stderr):
        pipe.close()  # type: ignore[union-attr]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)]
    result = subprocess.run([sys.executable, "-m", "xining", "--base", str(big_base), "facts", "--limit", "1"],
                            capture_output=True, timeout=300)  # fmt: skip
    assert_clean(result.returncode, result.stderr)
    assert list(cache_dir().glob("*.tmp")) == []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find worker processes")
def test_ctrl_c_during_a_parallel_build_exits_130_with_one_line(big_base: Path) -> None:
    from xining.cache.files import cache_dir

    for leftover in cache_dir().glob("*"):
        leftover.unlink()
    process, workers = start_build(big_base)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == b"error: interrupted\n"
    assert not [pid for pid in workers if alive(pid)]
    assert list(cache_dir().glob("*.tmp")) == []


def test_many_processes_on_a_cold_cache_agree_and_leave_one_cache(big_base: Path) -> None:
    from xining.cache.files import cache_dir

    for leftover in cache_dir().glob("*"):
        leftover.unlink()
    command = [sys.executable, "-m", "xining", "--base", str(big_base), "facts", "--limit", "3", "--json"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(12)]
    results = [process.communicate(timeout=300) for process in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert_clean(process.returncode, err)
    assert len(set(results)) == 1
    assert len(list(cache_dir().glob("*.sqlite"))) == 1
    assert list(cache_dir().glob("*.tmp")) == []
