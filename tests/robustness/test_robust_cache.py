"""The cache never serves what the YAML does not hold: damage heals, edits are seen, races end right."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeRun, TinyBase
from xining.cache import files as cachefiles
from xining.cache.opening import open_store
from xining.errors import XiningError

FACTS = "articles/briefing.yaml"
COMMANDS = (["facts", "--json"], ["search", "air", "--json"], ["show", "air-2024", "--json"], ["topics", "--json"])


def outputs(run: MakeRun, tiny: TinyBase, *extra: str) -> list[tuple[int, str, str]]:
    results = [run("--base", str(tiny.root), *extra, *command) for command in COMMANDS]
    return [(r.code, r.out, r.err) for r in results]


def cache_file() -> Path:
    (path,) = cachefiles.cache_dir().glob("*.sqlite")
    return path


# --- damage ---------------------------------------------------------------------------------


def overwrite_bytes(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset % max(path.stat().st_size, 1))
        handle.write(data)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(0, 10**7), data=st.binary(min_size=1, max_size=4096), truncate=st.booleans())
def test_random_damage_to_the_cache_file_never_changes_an_answer(
    tiny: TinyBase, run: MakeRun, offset: int, data: bytes, truncate: bool
) -> None:
    expected = outputs(run, tiny, "--no-cache")
    outputs(run, tiny)  # builds the cache
    path = cache_file()
    overwrite_bytes(path, offset, data)
    if truncate:
        os.truncate(path, offset % max(path.stat().st_size, 1))
    assert outputs(run, tiny) == expected
    assert outputs(run, tiny) == expected


ROW_DAMAGE = [
    "UPDATE fact_rows SET quote = 42",
    "UPDATE fact_rows SET quote = x'00ff'",
    "UPDATE fact_rows SET whole = '{\"id\": 1}'",
    "UPDATE sources SET shared = x'00ff'",
    "DELETE FROM sources WHERE rowid = 1",
    "UPDATE metrics SET data = 'not json'",
    "UPDATE sources SET data = NULL",
    "UPDATE meta SET value = '[' WHERE key = 'registries'",
    "UPDATE meta SET value = 'nonsense' WHERE key = 'problems'",
    "UPDATE files SET problems = 7",
    "DROP TABLE topics",
    "DELETE FROM meta WHERE key = 'search'",
    "UPDATE fact_rows SET spec = NULL, figure = 3.5",
]


QUICK_DAMAGE = {"UPDATE fact_rows SET quote = 42", "DROP TABLE topics"}


@pytest.mark.parametrize(
    "damage", [pytest.param(d, marks=() if d in QUICK_DAMAGE else (pytest.mark.slow,)) for d in ROW_DAMAGE]
)
@pytest.mark.parametrize("keep_stamp", [True, False], ids=["stamp-kept", "stamp-broken"])
def test_rows_of_the_wrong_type_heal(tiny: TinyBase, run: MakeRun, damage: str, keep_stamp: bool) -> None:
    expected = outputs(run, tiny, "--no-cache")
    outputs(run, tiny)
    path = cache_file()
    with closing(sqlite3.connect(path)) as db:
        db.execute(damage)
        db.commit()
    if keep_stamp:  # damage the stamp cannot see (as bit rot in place): found where the row is read
        cachefiles.write_stamp(path)
    assert outputs(run, tiny) == expected
    assert outputs(run, tiny) == expected


@pytest.mark.parametrize("command", [("facts",), ("timeline",), ("search", "空气")])
def test_a_record_that_is_not_json_under_a_matching_stamp_is_one_error_then_healed(
    tiny: TinyBase, run: MakeRun, command: tuple[str, ...]
) -> None:
    """Bit rot inside a stored piece can make a spliced record that is not JSON; records are decoded
    only where they are printed, so it is one clean error there, and the next call rebuilds."""
    expected = run("--base", str(tiny.root), "--no-cache", *command)
    run("--base", str(tiny.root), *command)
    path = cache_file()
    with closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE fact_rows SET label = 'not json'")
        db.commit()
    cachefiles.write_stamp(path)  # the stamp cannot see it
    damaged = run("--base", str(tiny.root), *command)
    assert damaged.code == 1
    assert damaged.err == (
        "error: the compiled cache held a damaged record; it is rebuilt on the next call: run the command again\n"
    )
    healed = run("--base", str(tiny.root), *command)
    assert (healed.code, healed.out, healed.err) == (expected.code, expected.out, expected.err)


def test_damage_that_survives_a_rebuild_is_answered_from_memory(
    tiny: TinyBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(tiny.root) as store:
        store.db.execute("DROP TABLE fact_rows")
        monkeypatch.setattr(
            "xining.cache.opening._rebuild", lambda *args: sqlite3.connect(":memory:")
        )  # a rebuild that fails
        assert len(store.rows("SELECT id FROM facts")) == 7
        assert store.in_memory


def test_a_huge_limit_is_a_usage_error_and_leaves_the_cache_alone(tiny: TinyBase, run: MakeRun) -> None:
    outputs(run, tiny)
    before = cache_file().stat()
    result = run("--base", str(tiny.root), "facts", "--limit", "99999999999999999999999")
    assert result.code == 2
    assert result.err.startswith("error: Invalid value for '--limit'")
    assert cache_file().stat().st_ino == before.st_ino


# --- edits ----------------------------------------------------------------------------------


def test_an_edit_that_keeps_size_and_modification_time_is_seen(tiny: TinyBase, run: MakeRun) -> None:
    path = tiny.root / FACTS
    old = path.stat()
    time.sleep(0.01)
    assert json.loads(run("--base", str(tiny.root), "show", "air-2024", "--json").out)["value"] == 93.1
    tiny.edit(FACTS, "value: 93.1\n", "value: 93.2\n")
    tiny.edit(FACTS, "达 93.1%", "达 93.2%")
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # as `touch -r` would
    assert path.stat().st_size == old.st_size
    assert json.loads(run("--base", str(tiny.root), "show", "air-2024", "--json").out)["value"] == 93.2


def read_ids(root: Path) -> tuple[str, ...]:
    with open_store(root) as store:
        return tuple(row[0] for row in store.rows("SELECT id FROM facts ORDER BY id"))


@pytest.mark.slow
@pytest.mark.parametrize("how", ["atomic-swap", "in-place"])
def test_readers_during_edits_end_with_what_the_yaml_holds(tiny: TinyBase, run: MakeRun, how: str) -> None:
    path = tiny.root / FACTS
    version_a = path.read_text(encoding="utf-8")
    start = version_a.index("  - id: air-2024\n")
    end = version_a.index("  - id: air-2025-h1\n")
    version_b = version_a[:start] + version_a[end:]  # one fact fewer
    wholes = {read_ids_of(tiny, version_a), read_ids_of(tiny, version_b)}
    stop = threading.Event()
    seen: list[tuple[str, ...] | str] = []
    failures: list[BaseException] = []

    def edit() -> None:
        versions = [version_a, version_b]
        count = 0
        while not stop.is_set():
            text = versions[count % 2]
            count += 1
            if how == "atomic-swap":
                temporary = path.with_suffix(".tmp")
                temporary.write_text(text, encoding="utf-8")
                os.replace(temporary, path)
            else:
                with open(path, "w", encoding="utf-8") as handle:
                    for part in range(0, len(text), 200):
                        handle.write(text[part : part + 200])
                        handle.flush()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append(read_ids(tiny.root))
            except XiningError as error:
                seen.append(error.message)
            except BaseException as error:  # anything else is a fault
                failures.append(error)
                return

    threads = [threading.Thread(target=edit)] + [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    stop.set()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(seen) > 10
    if how == "atomic-swap":  # a reader sees one version or the other, whole
        assert set(seen) <= wholes
    assert outputs(run, tiny) == outputs(run, tiny, "--no-cache")


def read_ids_of(tiny: TinyBase, text: str) -> tuple[str, ...]:
    scratch = tiny.root.parent / "scratch"
    if scratch.exists():
        import shutil

        shutil.rmtree(scratch)
    import shutil

    shutil.copytree(tiny.root, scratch)
    (scratch / FACTS).write_text(text, encoding="utf-8")
    with open_store(scratch, use_cache=False) as store:
        return tuple(row[0] for row in store.rows("SELECT id FROM facts ORDER BY id"))
