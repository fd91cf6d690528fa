"""Exports under faults and races: a full disk, a file size limit, a read-only folder, long names,
a file that appears while the export runs, concurrent exports, kill -9. Each ends in a complete file
or in one line naming OUT, with nothing left behind."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MakeRun, TinyBase
from xining.present.export_writers import TARGETS

FORMATS = sorted(TARGETS)  # csv datapackage jsonl sqlite xlsx
SHIPPED = Path(__file__).resolve().parents[2] / "facts"
XINING = [sys.executable, "-m", "xining"]


def out_name(format: str, stem: str = "out") -> str:
    return stem + TARGETS[format].suffix


def assert_one_line(result_err: str, out: Path | str, reason: str = "") -> None:
    assert "Traceback" not in result_err, result_err
    assert result_err.startswith("error: ") and result_err.count("\n") == 1, result_err
    assert str(out) in result_err, result_err
    assert reason in result_err, result_err


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """An empty folder to export into (tmp_path holds the tiny base)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[object]:
    """mount(size, read_only=False) -> a fresh tmpfs of `size` under tmp_path; unmounted after the test."""
    mounted: list[Path] = []

    def make(size: str, read_only: bool = False) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        options = f"size={size},mode=0777" + (",ro" if read_only else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
        mounted.append(point)
        return point

    yield make
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


# --- modes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
@pytest.mark.parametrize("format", FORMATS)
def test_exports_honour_the_umask(run: MakeRun, tiny: TinyBase, exports: Path, format: str, mask: int) -> None:
    out = exports / out_name(format)
    old = os.umask(mask)
    try:
        result = run("--base", str(tiny.root), "export", "--format", format, str(out))
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    for path in [out, *out.parent.glob("out*"), *(out.iterdir() if out.is_dir() else [])]:
        wanted = (0o777 if path.is_dir() else 0o666) & ~mask
        assert oct(path.stat().st_mode & 0o777) == oct(wanted), path


# --- the rename that cannot replace -----------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_a_file_that_appears_while_exporting_is_kept_and_named(
    run: MakeRun, tiny: TinyBase, exports: Path, monkeypatch: pytest.MonkeyPatch, format: str
) -> None:
    target = TARGETS[format]
    out = exports / out_name(format)

    def racing(data, output, progress):  # type: ignore[no-untyped-def]
        target.write(data, output, progress)
        if target.folder:
            out.mkdir()
            (out / "theirs.txt").write_text("someone else's", encoding="utf-8")
        else:
            out.write_text("someone else's", encoding="utf-8")  # another program, after the check at the start

    monkeypatch.setitem(TARGETS, format, target._replace(write=racing))
    result = run("--base", str(tiny.root), "export", "--format", format, str(out))
    assert result.code == 1
    assert_one_line(result.err, out, "already exists")
    kept = out / "theirs.txt" if target.folder else out
    assert kept.read_text(encoding="utf-8") == "someone else's"
    assert leftovers(exports) == [out.name]
    assert not target.folder or leftovers(out) == ["theirs.txt"]


def test_force_on_a_data_package_keeps_a_file_the_export_did_not_write(
    run: MakeRun, tiny: TinyBase, exports: Path
) -> None:
    out = exports / "package"
    assert run("--base", str(tiny.root), "export", "-f", "datapackage", str(out)).code == 0
    (out / "my-notes.txt").write_text("do not delete", encoding="utf-8")
    result = run("--base", str(tiny.root), "export", "-f", "datapackage", "--force", str(out))
    assert result.code == 1
    assert_one_line(result.err, "my-notes.txt")
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "do not delete"
    assert (out / "datapackage.json").is_file()


def test_force_on_a_data_package_replaces_what_an_earlier_export_wrote(
    run: MakeRun, tiny: TinyBase, exports: Path
) -> None:
    out = exports / "package"
    assert run("--base", str(tiny.root), "export", "-f", "datapackage", str(out)).code == 0
    first = leftovers(out)
    again = run("--base", str(tiny.root), "export", "-f", "datapackage", "--force", str(out))
    assert again.code == 0, again.err
    assert leftovers(out) == first and leftovers(exports) == ["package"]


@pytest.mark.slow
@pytest.mark.parametrize("format", FORMATS)
def test_concurrent_exports_to_one_name_exactly_one_succeeds(tiny: TinyBase, exports: Path, format: str) -> None:
    out = exports / out_name(format)
    command = [*XINING, "--base", str(tiny.root), "export", "--format", format, str(out)]
    subprocess.run([*XINING, "--base", str(tiny.root), "info"], capture_output=True, timeout=120)  # a warm cache
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(8)]
    errors = [process.communicate(timeout=120)[1].decode() for process in processes]
    results = [(process.returncode, err) for process, err in zip(processes, errors, strict=True)]
    assert sorted(code for code, _ in results) == [0] + [1] * 7, results
    for code, err in results:
        if code:
            assert_one_line(err, out, "already exists")
    assert leftovers(exports) == sorted(path.name for path in TARGETS[format].files(out))


# --- full disks, size limits, read-only folders ------------------------------------------------------


@pytest.mark.parametrize("size", ["4k", "64k"])
@pytest.mark.parametrize("format", FORMATS)
def test_a_full_disk_is_one_line_and_leaves_nothing(run: MakeRun, mount, format: str, size: str) -> None:  # type: ignore[no-untyped-def]
    disk = mount(size)
    out = disk / out_name(format)
    result = run("--base", str(SHIPPED), "export", "--format", format, str(out))
    assert result.code == 1, result.err
    assert_one_line(result.err, out, "No space left on device")
    assert leftovers(disk) == []


@pytest.mark.parametrize("format", FORMATS)
def test_a_read_only_folder_is_one_line(run: MakeRun, tiny: TinyBase, mount, format: str) -> None:  # type: ignore[no-untyped-def]
    disk = mount("1m", read_only=True)
    out = disk / out_name(format)
    result = run("--base", str(tiny.root), "export", "--format", format, str(out))
    assert result.code == 1
    assert_one_line(result.err, out)
    assert leftovers(disk) == []


def _limited(size: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.slow
@pytest.mark.parametrize("format", FORMATS)
def test_a_file_size_limit_is_one_line_and_leaves_nothing(tmp_path: Path, format: str) -> None:
    subprocess.run([*XINING, "--base", str(SHIPPED), "info"], capture_output=True, timeout=120)  # a warm cache
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / out_name(format)
    result = subprocess.run(
        [*XINING, "--base", str(SHIPPED), "export", "--format", format, str(out)],
        capture_output=True, text=True, timeout=120, preexec_fn=lambda: _limited(20_000),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    # SQLite reports the EFBIG of a write as an I/O error without the system's reason
    assert_one_line(result.stderr, out, "disk I/O error" if format == "sqlite" else "File too large")
    assert leftovers(folder) == []


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [200, 240, 255])
@pytest.mark.parametrize("format", FORMATS)
def test_long_names_up_to_the_file_system_limit_are_written(
    run: MakeRun, tiny: TinyBase, exports: Path, format: str, length: int
) -> None:
    suffix = TARGETS[format].suffix
    sidecar = max((len(s) - len(suffix) for s in TARGETS[format].sidecars), default=0)
    out = exports / ("n" * (length - len(suffix) - sidecar) + suffix)
    result = run("--base", str(tiny.root), "export", "--format", format, str(out))
    assert result.code == 0, result.err
    assert leftovers(exports) == sorted(path.name for path in TARGETS[format].files(out))


@pytest.mark.parametrize("name", ["n" * 256 + ".csv", "名" * 100 + ".csv"])  # 260 and 304 bytes
def test_a_name_longer_than_the_file_system_allows_is_one_line(
    run: MakeRun, tiny: TinyBase, exports: Path, name: str
) -> None:
    out = exports / name
    result = run("--base", str(tiny.root), "export", "--format", "csv", str(out))
    assert result.code == 1
    assert_one_line(result.err, out, "name too long")
    assert leftovers(exports) == []


# --- kill -9 --------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("format", ["sqlite", "xlsx", "csv", "datapackage"])
def test_the_next_export_removes_what_a_killed_one_left(tmp_path: Path, format: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from make_base import write_base

    base = tmp_path / "base"
    write_base(base, 20000, 20250711)
    subprocess.run([*XINING, "--base", str(base), "info"], capture_output=True, timeout=300)  # a warm cache
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / out_name(format)
    process = subprocess.Popen([*XINING, "--base", str(base), "export", "--format", format, str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(folder.iterdir()):
        time.sleep(0.01)
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert any(folder.iterdir()), "the export wrote nothing before it was killed"
    other = folder / out_name(format, "other")
    again = subprocess.run([*XINING, "--base", str(base), "export", "--format", format, str(other)],
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert leftovers(folder) == sorted(path.name for path in TARGETS[format].files(other))


# --- no silent cut --------------------------------------------------------------------------------


def test_xlsx_refuses_a_text_longer_than_a_cell_naming_the_fact_and_field(
    run: MakeRun, tiny: TinyBase, exports: Path
) -> None:
    from tests.robustness.test_robust_doors_text import add_observation

    add_observation(tiny, "长" * 40_000)
    out = exports / "out.xlsx"
    result = run("--base", str(tiny.root), "export", "--format", "xlsx", str(out))
    assert result.code == 1
    assert_one_line(result.err, "hostile-fact", "32,767")
    assert "time_expression" in result.err or "quote" in result.err or "subject" in result.err
    assert leftovers(exports) == []


@pytest.mark.parametrize("value", ["1234567890.123456789", "0.1234567890123456789012345", "12345678901234567"])
def test_xlsx_keeps_numbers_beyond_15_digits_exact(run: MakeRun, tiny: TinyBase, exports: Path, value: str) -> None:
    from decimal import Decimal

    import openpyxl

    from tests.robustness.test_robust_doors_text import add_observation

    add_observation(tiny, "当年", value=value)
    out = exports / "out.xlsx"
    result = run("--base", str(tiny.root), "export", "--format", "xlsx", str(out))
    assert result.code == 0, result.err
    workbook = openpyxl.load_workbook(out, read_only=True)
    rows = list(workbook["observations"].iter_rows(values_only=True))
    workbook.close()  # a read-only workbook keeps its file open until closed
    header = rows[0]
    row = next(row for row in rows if row[0] == "hostile-fact")
    cell = row[header.index("value")]
    assert Decimal(str(cell)) == Decimal(value), cell


def test_the_csv_help_and_the_readme_say_the_same_about_formulas(run: MakeRun) -> None:
    readme = " ".join((SHIPPED.parent / "README.md").read_text(encoding="utf-8").split())
    help_text = " ".join(run("export", "--help").out.replace("│", " ").split())
    said = "Spreadsheet programs may evaluate a CSV cell that begins with =, +, - or @ as a formula: to open the facts in a spreadsheet, use xlsx"
    assert said in readme.replace("`", "")
    assert said in help_text
    assert "for spreadsheet programs" not in help_text


def dead_pid() -> int:
    """A pid that runs no process: a child that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_removes_the_leftovers_of_a_dead_writer_and_keeps_a_live_ones(
    run: MakeRun, tiny: TinyBase, exports: Path, format: str
) -> None:
    dead, live = dead_pid(), os.getppid()
    stale = [
        f".xining-{dead}-0badc0de.0.tmp",
        f".xining-{dead}-0badc0de.0.tmp-journal",
        f".xining-{dead}-0badc0de.1.tmp",
    ]
    for name in stale:
        (exports / name).write_text("half", encoding="utf-8")
    (exports / f".xining-{dead}-0badc0de.0.tmp.d").mkdir()  # a data package's temporary folder
    (exports / f".xining-{dead}-0badc0de.0.tmp.d" / "facts.csv").write_text("half", encoding="utf-8")
    working = f".xining-{live}-0badc0de.0.tmp"
    (exports / working).write_text("still being written", encoding="utf-8")
    (exports / ".xining-notes.txt").write_text("not a temporary file", encoding="utf-8")
    out = exports / out_name(format)
    result = run("--base", str(tiny.root), "export", "--format", format, str(out))
    assert result.code == 0, result.err
    assert leftovers(exports) == sorted([".xining-notes.txt", working, *(p.name for p in TARGETS[format].files(out))])


def test_a_diff_removes_the_temporary_folder_of_a_dead_diff(
    run: MakeRun, tiny: TinyBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    stale = temporary / f".xining-{dead_pid()}-0badc0de.0.tmp"
    (stale / "articles").mkdir(parents=True)
    (stale / "base.yaml").write_text("half", encoding="utf-8")
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(tiny.root), *command], check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})  # fmt: skip
    result = run("--base", str(tiny.root), "diff", "git:HEAD", "--json")
    assert result.code == 0, result.err
    assert list(temporary.iterdir()) == []
