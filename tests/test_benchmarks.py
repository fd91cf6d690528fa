"""The benchmark's synthetic bases are bases xining accepts, so that its timings are of real work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeRun

MAKE_BASE = Path(__file__).resolve().parent.parent / "benchmarks" / "make_base.py"


@pytest.mark.slow
def test_a_synthetic_base_validates_and_answers(tmp_path: Path, run: MakeRun) -> None:
    base = tmp_path / "base"
    subprocess.run([sys.executable, str(MAKE_BASE), "--observations", "600", "--out", str(base)], check=True)
    result = run("--base", str(base), "validate")
    assert result.code == 0, result.out + result.err
    assert run("--base", str(base), "search", "碳达峰", "--json").code == 0


def test_the_same_seed_writes_the_same_base(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run(
            [sys.executable, str(MAKE_BASE), "-n", "150", "--out", str(tmp_path / name)],
            check=True,
            capture_output=True,
        )
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
