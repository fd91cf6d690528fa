"""The compiled cache is right: edits are seen, deletions too, bad caches are rebuilt,
and many processes starting together on a cold cache agree."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import MakeRun, TinyBase
from xining.base import yamltext
from xining.cache.opening import open_store
from xining.cache.store import Store, cache_dir

FACTS = "articles/briefing.yaml"


def ids(run: MakeRun, tiny: TinyBase, *args: str) -> list[str]:
    return [r["id"] for r in json.loads(run("--base", str(tiny.root), "facts", "--json", *args).out)]


def cache_files() -> list[Path]:
    return sorted(cache_dir().glob("*.sqlite"))


def test_the_cache_is_built_once_in_the_cache_dir(tiny: TinyBase, run: MakeRun) -> None:
    assert cache_files() == []
    assert len(ids(run, tiny)) == 7
    assert len(cache_files()) == 1
    assert cache_dir() == Path(os.environ["XINING_CACHE_DIR"])


def test_xdg_cache_home_is_used_without_the_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XINING_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "xining"


def test_an_edit_is_seen_on_the_next_call(tiny: TinyBase, run: MakeRun) -> None:
    assert len(ids(run, tiny)) == 7
    tiny.edit(FACTS, "value: 93.1\n", "value: 93.2\n")
    tiny.edit(FACTS, "达 93.1%", "达 93.2%")
    record = json.loads(run("--base", str(tiny.root), "show", "air-2024", "--json").out)
    assert record["value"] == 93.2


def test_a_deleted_fact_disappears(tiny: TinyBase, run: MakeRun) -> None:
    assert "air-2024" in ids(run, tiny)
    text = (tiny.root / FACTS).read_text(encoding="utf-8")
    start = text.index("  - id: air-2024\n")
    end = text.index("  - id: air-2025-h1\n")
    (tiny.root / FACTS).write_text(text[:start] + text[end:], encoding="utf-8")
    assert "air-2024" not in ids(run, tiny)


def test_a_deleted_file_takes_its_facts_with_it(tiny: TinyBase, run: MakeRun) -> None:
    tiny.write("articles/second.yaml", ARTICLE_TWO)
    assert "second-fact" in ids(run, tiny)
    (tiny.root / "articles/second.yaml").unlink()
    assert "second-fact" not in ids(run, tiny)


def test_a_registry_edit_reaches_every_record(tiny: TinyBase, run: MakeRun) -> None:
    assert ids(run, tiny, "--topic", "tourism")
    tiny.edit("metrics.yaml", "en: Tourist arrivals,", "en: Visitors,")
    record = json.loads(run("--base", str(tiny.root), "show", "tourists-2025", "--json").out)
    assert record["label"]["en"] == "Visitors"


def test_editing_one_article_parses_that_article_only(tiny: TinyBase, monkeypatch: pytest.MonkeyPatch) -> None:
    tiny.write("articles/second.yaml", ARTICLE_TWO)
    open_store(tiny.root).close()
    parsed: list[str] = []
    real = yamltext.parse_bytes
    monkeypatch.setattr(yamltext, "parse_bytes", lambda name, data: parsed.append(name) or real(name, data))
    open_store(tiny.root).close()
    assert parsed == []  # warm: nothing parsed
    tiny.edit("articles/second.yaml", "value: 7", "value: 8")
    tiny.edit("articles/second.yaml", "增长7个", "增长8个")
    with open_store(tiny.root) as store:
        assert len(store.base().facts) == 8
    assert parsed == ["articles/second.yaml"]
    os.utime(tiny.root / FACTS)  # touched, not changed: no parse
    open_store(tiny.root).close()
    assert parsed == ["articles/second.yaml"]


@pytest.mark.parametrize("garbage", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_corrupt_cache_is_rebuilt(tiny: TinyBase, run: MakeRun, garbage: bytes) -> None:
    assert len(ids(run, tiny)) == 7
    (path,) = cache_files()
    path.write_bytes(garbage)
    assert len(ids(run, tiny)) == 7
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0].startswith("xining")


def test_a_foreign_cache_is_not_trusted(tiny: TinyBase, run: MakeRun) -> None:
    assert len(ids(run, tiny)) == 7
    (path,) = cache_files()
    with closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE meta SET value = 'somebody-else' WHERE key = 'format'")
        db.execute("DELETE FROM fact_rows")
        db.commit()
    assert len(ids(run, tiny)) == 7


def test_no_cache_reads_the_yaml_and_writes_nothing(tiny: TinyBase, run: MakeRun) -> None:
    result = run("--no-cache", "--base", str(tiny.root), "facts", "--json")
    assert len(json.loads(result.out)) == 7
    assert cache_files() == []


def test_a_problem_found_while_compiling_is_an_error_until_fixed(tiny: TinyBase, run: MakeRun) -> None:
    assert len(ids(run, tiny)) == 7
    tiny.edit(FACTS, 'qualifier: exact\n    period: "2024"', 'qualifier: exactly\n    period: "2024"')
    broken = run("--base", str(tiny.root), "facts")
    assert broken.code == 1 and "qualifier 'exactly' is not valid" in broken.err
    tiny.edit(FACTS, "qualifier: exactly", "qualifier: exact")
    assert len(ids(run, tiny)) == 7


@pytest.mark.slow  # fuzzes or starts many processes: CI runs it, a quick run leaves it out
def test_sixteen_processes_on_a_cold_cache_agree(tiny: TinyBase) -> None:
    command = [sys.executable, "-m", "xining", "--base", str(tiny.root), "facts", "--json"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(16)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0] * 16, [err for _, err in results]
    outputs = {out for out, _ in results}
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) == 7
    assert len(cache_files()) == 1
    assert not list(cache_dir().glob("*.tmp"))


ARTICLE_TWO = """source: briefing
observations:
  - id: second-fact
    metric: tourist-arrivals-growth
    value: 7
    unit: "%"
    qualifier: exact
    period: "2024"
    quote: 增长7个
"""


def test_a_cache_of_another_layout_is_rebuilt(tiny: TinyBase, run: MakeRun) -> None:
    assert len(ids(run, tiny)) == 7
    (path,) = cache_files()
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP VIEW facts")  # as a cache written by an older layout
        db.execute("ALTER TABLE fact_rows DROP COLUMN spec")
        db.commit()
    assert json.loads(run("--base", str(tiny.root), "show", "air-2024", "--json").out)["value"] == 93.1


def test_a_cache_damaged_while_open_is_rebuilt_and_the_read_answered(tiny: TinyBase) -> None:
    with open_store(tiny.root) as store:
        store.db.execute("DROP TABLE fact_rows")
        assert len(store.rows("SELECT id FROM facts")) == 7
        assert not store.in_memory
    assert len(cache_files()) == 1
    with open_store(tiny.root) as store:
        assert len(store.base().facts) == 7


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_parallel_build_equals_a_serial_one(tiny: TinyBase, monkeypatch: pytest.MonkeyPatch, use_cache: bool) -> None:
    from xining.cache import build

    tiny.write("articles/second.yaml", ARTICLE_TWO)
    with open_store(tiny.root, use_cache=False) as serial:
        expected = serial.rows("SELECT id, record FROM facts ORDER BY id")
        indexed = search_index_contents(serial)
    monkeypatch.setattr(build, "PARALLEL_BYTES", 0)  # worker processes even for a tiny base
    for path in cache_files():
        path.unlink()
    with open_store(tiny.root, use_cache=use_cache) as parallel:
        assert parallel.rows("SELECT id, record FROM facts ORDER BY id") == expected
        assert search_index_contents(parallel) == indexed  # workers index what they insert, the same way
    assert len(expected) == 8
    assert len(indexed) > 50
    if use_cache:  # a refresh takes out of the word index (which keeps no text) what the workers put in
        tiny.edit("articles/second.yaml", "quote: 增长7个", "quote: 增长7个 tourists")
        with open_store(tiny.root) as refreshed, open_store(tiny.root, use_cache=False) as serial:
            assert search_index_contents(refreshed) == search_index_contents(serial)


def search_index_contents(store: Store) -> list[tuple[str, ...]]:
    """Every token of both search indexes: (index, fact id, column, token, offset)."""
    found = []
    for table in ("search_chars", "search_words"):
        store.db.execute(f"CREATE VIRTUAL TABLE temp.{table}_vocab USING fts5vocab(main, {table}, 'instance')")
        found += store.rows(
            f"SELECT '{table}', f.id, v.col, v.term, v.offset FROM temp.{table}_vocab v"
            " JOIN fact_rows f ON f.rowid = v.doc"
        )
    return sorted(found)


def test_an_unwritable_cache_folder_still_gives_answers(
    tiny: TinyBase, run: MakeRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XINING_CACHE_DIR", str(blocker / "xining"))
    result = run("--base", str(tiny.root), "facts", "--json")
    assert (result.code, result.err) == (0, "")
    assert len(json.loads(result.out)) == 7


def _problem_after_edit(tiny: TinyBase) -> str | None:
    """The one-line refusal of the base, read through the cache (None: the base is sound)."""
    from xining.errors import XiningError

    try:
        open_store(tiny.root).close()
    except XiningError as error:
        return str(error)
    return None


def test_the_checks_across_files_follow_each_edit_without_a_rebuild(
    tiny: TinyBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny.write("articles/second.yaml", ARTICLE_TWO)
    tiny.write(
        "relations.yaml",
        "relations:\n  - kind: corroborates\n    facts: [second-fact, air-2024]\n    reason: Both say so.\n",
    )
    assert _problem_after_edit(tiny) is None
    parsed: list[str] = []
    real = yamltext.parse_bytes
    monkeypatch.setattr(yamltext, "parse_bytes", lambda name, data: parsed.append(name) or real(name, data))
    tiny.edit("articles/second.yaml", "id: second-fact", "id: air-2024")  # a duplicate across files
    problem = _problem_after_edit(tiny)
    assert problem is not None and "duplicate fact id 'air-2024'" in problem
    assert problem.endswith("(and 2 more); run 'xining validate' for the full list")  # both places, the relation
    tiny.edit("articles/second.yaml", "id: air-2024", "id: second-facts")  # duplicate gone, relation broken
    assert _problem_after_edit(tiny) == (
        "relations.yaml:3: unknown fact 'second-fact'; did you mean 'second-facts'?; "
        "run 'xining validate' for the full list"
    )
    tiny.edit("articles/second.yaml", "id: second-facts", "id: second-fact")
    assert _problem_after_edit(tiny) is None
    assert parsed == ["articles/second.yaml"] * 3  # each edit compiled that article alone


def test_a_duplicate_ends_when_the_other_article_goes(tiny: TinyBase) -> None:
    tiny.write("articles/second.yaml", ARTICLE_TWO.replace("id: second-fact", "id: air-2024"))
    problem = _problem_after_edit(tiny)
    assert problem is not None and "duplicate fact id 'air-2024'" in problem
    (tiny.root / "articles/second.yaml").unlink()
    assert _problem_after_edit(tiny) is None


def test_a_touched_file_is_compared_but_nothing_written_until_its_key_can_be_trusted(
    tiny: TinyBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xining.cache import build

    open_store(tiny.root).close()
    (path,) = cache_files()
    before = path.stat()
    os.utime(tiny.root / FACTS)  # a new time, the same content, just now: its new key is not yet trusted
    for _ in range(2):
        with open_store(tiny.root) as store:
            assert len(store.base().facts) == 7
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (before.st_mtime_ns, before.st_size)
    monkeypatch.setattr(build, "RACY_NS", 0)  # as if two seconds had passed: the key is recorded, once
    open_store(tiny.root).close()
    recorded = path.stat().st_mtime_ns
    assert recorded != before.st_mtime_ns
    open_store(tiny.root).close()
    assert path.stat().st_mtime_ns == recorded


def test_the_index_of_names_a_cache_keeps_is_that_of_this_code() -> None:
    """A cache keeps the index xining.base.names works out, and is rebuilt only when its format changes:
    whoever changes that module bumps schema.NAMES (which changes the format), then this digest."""
    import hashlib

    from xining.cache import schema

    source = Path(__file__).parent.parent / "xining" / "base" / "names.py"
    assert (schema.NAMES, hashlib.sha256(source.read_bytes()).hexdigest()[:16]) == (4, "4f3d3be5d007730e")
