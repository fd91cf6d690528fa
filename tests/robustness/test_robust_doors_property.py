"""An export of a random base into a small disk is a complete file or nothing: one line, no traceback."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeRun
from xining.present.export_writers import TARGETS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from make_base import write_base

pytestmark = pytest.mark.slow  # mounts a file system per example


def complete(format: str, out: Path, facts: int) -> None:
    """The file reads back whole with the reader its users have."""
    if format == "csv":
        with out.open(encoding="utf-8-sig", newline="") as stream:
            assert len(list(csv.DictReader(stream))) == facts
    elif format == "jsonl":
        assert len([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]) == facts
    elif format == "sqlite":
        with closing(sqlite3.connect(f"file:{out}?mode=ro", uri=True)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("SELECT count(*) FROM facts").fetchone() == (facts,)
        json.loads(out.with_name(out.stem + ".metadata.json").read_text(encoding="utf-8"))
    elif format == "xlsx":
        import openpyxl

        workbook = openpyxl.load_workbook(out, read_only=True)
        rows = sum(workbook[name].max_row - 1 for name in ("observations", "designations", "milestones"))
        workbook.close()
        assert rows == facts
    else:
        package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
        for resource in package["resources"]:
            with (out / resource["path"]).open(encoding="utf-8", newline="") as stream:
                list(csv.reader(stream))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    observations=st.integers(1, 400),
    seed=st.integers(0, 2**16),
    format=st.sampled_from(sorted(TARGETS)),
    kilobytes=st.integers(4, 400),
)
def test_an_export_into_a_small_disk_is_whole_or_nothing(
    run: MakeRun, tmp_path_factory: pytest.TempPathFactory, observations: int, seed: int, format: str, kilobytes: int
) -> None:
    folder = tmp_path_factory.mktemp("example")
    base = folder / "base"
    write_base(base, observations, seed)
    disk = folder / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(disk)],
                             capture_output=True, text=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        out = disk / ("out" + TARGETS[format].suffix)
        result = run("--base", str(base), "export", "--format", format, str(out))
        assert "Traceback" not in result.err
        if result.code == 0:
            facts = json.loads(run("--base", str(base), "info", "--json").out)["facts"]
            complete(format, out, facts if isinstance(facts, int) else sum(facts.values()))
        else:
            assert result.code == 1 and result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
            assert str(out) in result.err
            assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
