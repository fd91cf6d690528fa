"""Regular expressions kept compiled between processes (xining.base.patterns)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeRun
from xining.base import patterns

SOURCES = [
    (r"(?P<year>(?:19|20)\d\d)年(?P<m1>\d{1,2})月", 0),
    (r"[〇零一二两三四五六七八九十百千万亿]+(?:个百分点|%)", 0),
    (r"\b(?:more than|over|about)\s+(\d+(?:\.\d+)?)", re.IGNORECASE | re.ASCII),
    (r"(?<!占)(?:青海省|全省)(?!的|比重)", 0),
    (r"(?i:ministry of [a-z]+)|\bNDRC\b", 0),
]
TEXTS = [
    "2025年6月，西宁一二三个百分点",
    "more than 12.5 million",
    "青海省的比重，全省",
    "Ministry of Commerce and NDRC",
]


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file of its own for the kept patterns, and a module as a new process finds it."""
    path = tmp_path / "__pycache__" / "patterns.test.bin"
    monkeypatch.setattr(patterns, "_file", lambda: path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _new_process(monkeypatch)
    return path


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "_loaded", None)
    monkeypatch.setattr(patterns, "_used", {})
    monkeypatch.setattr(patterns, "_compiled", {})
    monkeypatch.setattr(patterns, "_ready", {})


def _all_compiled() -> list[re.Pattern[str]]:
    return [patterns.compiled(source, flags) for source, flags in SOURCES]


def _same_as_re(found: list[re.Pattern[str]]) -> None:
    for pattern, (source, flags) in zip(found, SOURCES, strict=True):
        expected = re.compile(source, flags)
        assert pattern == expected  # CPython compares flags, source and instructions
        assert (pattern.groups, pattern.groupindex) == (expected.groups, expected.groupindex)
        for text in TEXTS:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_a_pattern_kept_is_the_pattern_re_compiles(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_as_re(_all_compiled())
    patterns.keep()
    assert kept.is_file()
    _new_process(monkeypatch)
    again = _all_compiled()
    _same_as_re(again)
    assert not patterns._compiled  # every one came from the file
    written = kept.stat().st_mtime_ns
    patterns.keep()  # nothing new: the file is left as it is
    assert kept.stat().st_mtime_ns == written


def test_the_kept_instructions_are_used(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _all_compiled()
    patterns.keep()
    _new_process(monkeypatch)
    compiles: list[str] = []
    original = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: compiles.append(a[0]) or original(*a))
    _all_compiled()
    assert compiles == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-7],  # cut short
        lambda data: data[:60] + bytes([data[60] ^ 0x40]) + data[61:],  # one bit of the head changed
        lambda data: data[:-5] + bytes([data[-5] ^ 0x01]) + data[-4:],  # one bit of the instructions changed
        lambda data: b"not a file of patterns\n" + data,
        lambda data: b"",
    ],
    ids=["cut", "head", "instructions", "foreign", "empty"],
)
def test_a_damaged_file_is_ignored_and_replaced(kept: Path, monkeypatch: pytest.MonkeyPatch, damage) -> None:
    _all_compiled()
    patterns.keep()
    kept.write_bytes(damage(kept.read_bytes()))
    _new_process(monkeypatch)
    _same_as_re(_all_compiled())
    assert patterns._compiled  # compiled anew, since the file gave nothing
    patterns.keep()
    _new_process(monkeypatch)
    _same_as_re(_all_compiled())
    assert not patterns._compiled


def test_a_file_with_right_checksum_but_wrong_shape_gives_nothing(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    payload = b'[["x", 0, 32, 0, {}, [null], 5, 99]]\n' + b"\0" * 8  # instructions past the end
    kept.parent.mkdir(parents=True)
    kept.write_bytes(patterns.MAGIC + f"{zlib.crc32(payload):08x}\n".encode() + payload)
    assert patterns._read(kept) == {}
    payload = b'{"not": "a list"}\n'
    kept.write_bytes(patterns.MAGIC + f"{zlib.crc32(payload):08x}\n".encode() + payload)
    assert patterns._read(kept) == {}


def test_nothing_is_written_where_bytecode_is_not(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _all_compiled()
    patterns.keep()
    assert not kept.exists()


def test_a_folder_that_cannot_be_written_costs_only_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    monkeypatch.setattr(patterns, "_file", lambda: blocked / "patterns.bin")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _new_process(monkeypatch)
    _same_as_re(_all_compiled())
    patterns.keep()  # no error, nothing left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a file, not a folder"]


def test_the_file_is_named_for_this_interpreter() -> None:
    path = patterns._file()
    assert path is not None
    assert path.parent.name == "__pycache__"
    assert sys.implementation.cache_tag in path.name and f"{sys.hexversion:x}" in path.name


@pytest.mark.parametrize("thing", ["fifo", "device", "folder", "huge"])
def test_what_is_not_a_file_of_patterns_gives_nothing_at_once(
    kept: Path, monkeypatch: pytest.MonkeyPatch, thing: str
) -> None:
    """A FIFO or a device in the file's place would never end: it is not read, and no check waits on it."""
    import os

    kept.parent.mkdir(parents=True)
    if thing == "fifo":
        os.mkfifo(kept)
    elif thing == "device":
        kept.symlink_to("/dev/zero")
    elif thing == "folder":
        kept.mkdir()
    else:
        with kept.open("wb") as handle:
            handle.write(patterns.MAGIC)
            handle.truncate(patterns.MOST_BYTES + 1)
    assert patterns._read(kept) == {}
    _same_as_re(_all_compiled())
    patterns.keep()  # replaces a FIFO, a link or a file; a folder stays, and nothing is left beside it
    assert sorted(path.name for path in kept.parent.iterdir()) == [kept.name]


def test_a_lone_surrogate_in_a_pattern_is_kept_and_read_back(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unsafe = "[\x00-\x1f\u202a-\u202e\ud800-\udfff]"  # as the sanitiser's class of unsafe characters
    first = patterns.compiled(unsafe)
    patterns.keep()
    _new_process(monkeypatch)
    again = patterns.compiled(unsafe)
    assert again == first == re.compile(unsafe) and not patterns._compiled


def test_entries_no_process_asks_for_are_dropped(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern edited again and again leaves its old forms behind only until they outnumber the rest."""
    for edit in range(30):
        _new_process(monkeypatch)
        patterns.compiled(r"\d+")
        patterns.compiled(rf"edit {edit}")
        patterns.keep()
        assert len(patterns._read(kept)) <= 4


def test_a_well_formed_file_of_another_shape_gives_nothing(kept: Path) -> None:
    import zlib

    kept.parent.mkdir(parents=True)
    for head in (b'[["x", Infinity, 32, 0, {}, [null], 0, 0]]', b"[" * 100_000 + b"]" * 100_000):
        payload = head + b"\n"
        kept.write_bytes(patterns.MAGIC + f"{zlib.crc32(payload):08x}\n".encode() + payload)
        assert patterns._read(kept) == {}


def test_a_second_keep_in_one_process_keeps_what_the_first_wrote(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, *others = SOURCES
    patterns.compiled(*first)
    patterns.keep()
    for source, flags in others:
        patterns.compiled(source, flags)
    patterns.keep()
    _new_process(monkeypatch)
    _all_compiled()
    assert not patterns._compiled  # all five came from the file, the first one's entry too


def test_a_pattern_asked_for_twice_is_the_same_object(kept: Path) -> None:
    assert patterns.compiled(*SOURCES[0]) is patterns.compiled(*SOURCES[0])


def test_the_command_line_keeps_the_patterns_once_its_output_is_written(
    run: MakeRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    written_before_keep: list[str] = []
    monkeypatch.setattr(patterns, "keep", lambda: written_before_keep.append(sys.stdout.getvalue()))  # type: ignore[attr-defined]
    result = run("check", "2025年，西宁市接待游客5000万人次。", "--date", "2025-12-20", "--json", "--fail-on", "never")
    assert result.code == 0, result.err
    assert written_before_keep == [result.out]  # once, and after the findings (a period is worded in them)


def test_keeping_never_fails_on_a_path_the_system_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / ("x" * 300) / "__pycache__" / "patterns.test.bin"  # a name too long for the system
    monkeypatch.setattr(patterns, "_file", lambda: path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _new_process(monkeypatch)
    _all_compiled()
    patterns.keep()  # no error: the next process compiles, as this one did
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_keep_leaves_no_file_beside_the_kept_one(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def interrupted(source: object, target: object) -> None:
        raise KeyboardInterrupt

    _all_compiled()
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        patterns.keep()
    assert not kept.parent.exists() or list(kept.parent.iterdir()) == []


def test_ctrl_c_while_the_patterns_are_kept_is_an_interrupt(run: MakeRun, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(patterns, "keep", interrupted)
    result = run("check", "2025年，西宁市接待游客5000万人次。", "--date", "2025-12-20", "--json", "--fail-on", "never")
    assert (result.code, result.err) == (130, "error: interrupted\n")


def test_a_module_run_from_its_bytecode_alone_keeps_its_patterns_in_pycache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed without its source, the module's own bytecode is where `__spec__.cached` points: the file
    still goes where bytecode of the source would (or under sys.pycache_prefix), not among the modules."""
    from importlib.machinery import ModuleSpec

    expected = patterns._file()
    module = Path(patterns.__file__)
    sourceless = module.with_suffix(".pyc")
    spec = ModuleSpec(patterns.__name__, None, origin=str(sourceless))
    spec.cached = str(sourceless)
    monkeypatch.setattr(patterns, "__spec__", spec)
    monkeypatch.setattr(patterns, "__file__", str(sourceless))
    found = patterns._file()
    assert found is not None and found.parent.name == "__pycache__" and found.parent.parent == module.parent
    assert expected is not None and found.name == expected.name
