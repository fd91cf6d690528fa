"""Listings are written as they are read: the same bytes as a whole listing, and a damaged cache
found part-way through is healed before the rest is read."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeRun, TinyBase
from xining.answers import query
from xining.cache.opening import open_store
from xining.cache.store import Store
from xining.errors import XiningError
from xining.present import output
from xining.present.output import Format, Listing, Options, json_array, render


def records(count: int) -> list[str]:
    return [json.dumps({"id": f"fact-{n}", "kind": "observation", "note": "第\u202e条"}, ensure_ascii=False)
            for n in range(count)]  # fmt: skip


@pytest.mark.parametrize("count", [0, 1, 2, output.CHUNK - 1, output.CHUNK, output.CHUNK + 1, 2 * output.CHUNK + 3])
@pytest.mark.parametrize("fmt", [Format.JSON, Format.JSONL])
def test_a_streamed_listing_is_the_bytes_of_the_whole_one(count: int, fmt: Format) -> None:
    out = io.StringIO()
    render(Listing([], ("id",), raw=iter(records(count))), Options(format=fmt, stdout=out))
    whole = json_array(records(count)) if fmt is Format.JSON else "".join(r + "\n" for r in records(count))
    assert out.getvalue() == output.json_safe(whole)
    assert "\u202e" not in out.getvalue()  # a bidi override reaches no terminal, streamed or not


class CountingOutput(io.StringIO):
    """Standard output that notes how many records had been read when it was first written to."""

    def __init__(self, read: list[int]) -> None:
        super().__init__()
        self.read = read
        self.first_write: int | None = None

    def write(self, text: str) -> int:
        if self.first_write is None:
            self.first_write = self.read[0]
        return super().write(text)


@pytest.mark.parametrize("fmt", [None, Format.JSON, Format.JSONL, Format.CSV, Format.TSV, Format.MARKDOWN])
def test_output_starts_before_the_last_record_is_read(fmt: Format | None) -> None:
    read = [0]
    total = 10 * output.CHUNK

    def lazily() -> Iterator[str]:
        for record in records(total):
            read[0] += 1
            yield record

    out = CountingOutput(read)
    render(Listing([], ("id", "note"), keys=("id", "kind", "note"), raw=lazily()), Options(format=fmt, stdout=out))
    assert read[0] == total
    assert out.first_write is not None and out.first_write <= output.CHUNK + 1


def test_a_cache_damaged_between_batches_is_healed_and_the_rest_read(
    tiny: TinyBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(tiny.root) as store:
        everything = list(query.select(store, query.Filters()).records)
    assert len(everything) > 2
    monkeypatch.setattr(query, "BATCH", 2)
    with open_store(tiny.root) as store:
        streamed = query.select(store, query.Filters()).records
        seen: list[str] = []
        for record in streamed:
            seen.append(record)
            if len(seen) == 2:  # the first batch is written: the cache goes bad under the reader
                store.db.execute("DROP TABLE fact_rows" if _has(store, "fact_rows") else "DROP TABLE facts")
        assert seen == everything


def _touch(path: Path) -> None:
    """A new modification time, 10 s earlier, so that the refresh trusts the file's key at once."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10_000_000_000))


@pytest.mark.parametrize("content_changes", [True, False])
def test_a_listing_never_mixes_two_bases(
    tiny: TinyBase, monkeypatch: pytest.MonkeyPatch, content_changes: bool
) -> None:
    """An edit refreshed into the cache between two batches of a listing is an error, not later lines of
    another base; a refresh that changed no content (a touched file) lets the listing go on."""
    with open_store(tiny.root) as store:
        everything = list(query.select(store, query.Filters()).records)
    monkeypatch.setattr(query, "BATCH", 2)
    with open_store(tiny.root) as store:
        seen: list[str] = []
        with pytest.raises(XiningError) if content_changes else nullcontext() as refused:
            for record in query.select(store, query.Filters()).records:
                seen.append(record)
                if len(seen) == 2:  # an editor saves, and another xining refreshes the cache in place
                    if content_changes:
                        tiny.edit("articles/briefing.yaml", "value: 93.1\n", "value: 93.2\n")
                        tiny.edit("articles/briefing.yaml", "达 93.1%", "达 93.2%")
                    _touch(tiny.root / "articles/briefing.yaml")
                    with open_store(tiny.root) as other:
                        assert other.db.execute("SELECT count(*) FROM files").fetchone()[0] > 0
    if content_changes:
        assert refused is not None and "edited while this listing was being written" in str(refused.value)
        assert seen == everything[:2]
    else:
        assert seen == everything


def _has(store: Store, table: str) -> bool:
    return bool(store.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchall())


@pytest.mark.parametrize(
    "args",
    [
        ("timeline",),
        ("timeline", "--json"),
        ("timeline", "--limit", "2", "-f", "csv"),
        ("designations", "-f", "jsonl"),
        ("facts", "-f", "tsv"),
        ("search", "碳达峰", "-f", "markdown"),
    ],
)
def test_small_batches_give_the_same_answer(
    tiny: TinyBase, run: MakeRun, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    whole = run("--base", str(tiny.root), *args)
    monkeypatch.setattr(query, "BATCH", 1)
    monkeypatch.setattr(output, "CHUNK", 1)
    assert run("--base", str(tiny.root), *args) == whole
    assert whole.code == 0 and whole.out


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE fact_rows SET period_label = 42",
        "UPDATE fact_rows SET period_label = x'00ff'",
        "UPDATE fact_rows SET quote = 42",
        "UPDATE fact_rows SET value = 'abc'",
        "UPDATE fact_rows SET derived = '[1'",
        "UPDATE fact_rows SET qualifier = 7",
    ],
)
def test_fields_read_without_the_record_heal_when_damaged(tiny: TinyBase, run: MakeRun, damage: str) -> None:
    """compare and metrics read a few fields of many facts from their stored pieces: damage there heals too."""
    import sqlite3
    from contextlib import closing

    from xining.cache import files as cachefiles

    commands = (("compare", "2024", "2025", "--json"), ("metrics", "--json"))
    expected = [run("--base", str(tiny.root), "--no-cache", *command) for command in commands]
    assert all(result.code == 0 for result in expected)
    for command, wanted in zip(commands, expected, strict=True):
        run("--base", str(tiny.root), *command)  # the cache, built
        (path,) = cachefiles.cache_dir().glob("*.sqlite")
        with closing(sqlite3.connect(path)) as db:
            db.execute(damage)
            db.commit()
        cachefiles.write_stamp(path)  # damage the stamp cannot see: found where the piece is read
        assert run("--base", str(tiny.root), *command) == wanted


_TITLE_DRAFT = ("2024年3月，西宁入选国家碳达峰试点城市。", "--date", "2025-12-01")
_QUOTED_DRAFT = ("今年1月至5月全市接待游客1245.19万人次。", "--date", "2025-06-15")
# One entry of a part of the names index (endings 1, the metrics with a pair 2, with a stem 3) made another value.
_NAMES_ENTRY = (
    "UPDATE meta SET value = (SELECT zip(json_set(unzip(meta.value), '$[{part}].\"' || key || '\"', {value}))"
    " FROM json_each(unzip(meta.value), '$[{part}]') LIMIT 1) WHERE key = 'names'"
)
# The index as another JSON value: its parts are [ids, endings, with a pair, with a stem, smallest, words].
_NAMES_JSON = "UPDATE meta SET value = zip({}) WHERE key = 'names'"


@pytest.mark.parametrize(
    ("draft", "damage"),
    [
        # every title's name is read from its pieces, and the titles a draft names whole
        (_TITLE_DRAFT, "UPDATE fact_rows SET tail = '{broken' WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET tail = ', \"name\": 42' WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET quote = 42 WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET time_expression = '[1' WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET tail = NULL WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET tail = 42 WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET tail = x'00ff' WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET quote = '\"a\"], [\"b\"' WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET quote = '\"a\", 1, 2, {}], [\"b\"' WHERE kind = 'designation'"),
        (_TITLE_DRAFT, "UPDATE fact_rows SET quote = '' WHERE kind = 'designation'"),
        # a draft's figures are looked for among the quotes of the observations, read from their pieces
        (_QUOTED_DRAFT, "UPDATE fact_rows SET quote = '[1' WHERE kind = 'observation'"),
        (_QUOTED_DRAFT, "UPDATE fact_rows SET quote = 42 WHERE kind = 'observation'"),
        (_QUOTED_DRAFT, "UPDATE fact_rows SET quote = x'00ff' WHERE kind = 'observation'"),
        # the index of the metrics' names the build keeps, compressed (unzip and zip: see _after_damage)
        (_QUOTED_DRAFT, "DELETE FROM meta WHERE key = 'names'"),
        (_QUOTED_DRAFT, "UPDATE meta SET value = '[]' WHERE key = 'names'"),
        (_QUOTED_DRAFT, "UPDATE meta SET value = x'789c0000' WHERE key = 'names'"),
        (_QUOTED_DRAFT, "UPDATE meta SET value = zip(x'ff') WHERE key = 'names'"),
        (_QUOTED_DRAFT, "UPDATE meta SET value = zip('{broken') WHERE key = 'names'"),
        (_QUOTED_DRAFT, "UPDATE meta SET value = zip('[1, 2, 3, 4, 5]') WHERE key = 'names'"),
        (_QUOTED_DRAFT, "UPDATE meta SET value = zip('[{}, {}, {}, {}]') WHERE key = 'names'"),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[4]', json('{}'))")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[0][0]', 'no-such-metric')")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[0][1]', json_extract(unzip(value), '$[0][0]'))")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[0][0]', 7)")),
        (  # two metrics' places swapped: every part would then speak of the other one
            _QUOTED_DRAFT,
            _NAMES_JSON.format(
                "json_set(unzip(value), '$[0][0]', json_extract(unzip(value), '$[0][1]'),"
                " '$[0][1]', json_extract(unzip(value), '$[0][0]'))"
            ),
        ),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_remove(unzip(value), '$[5][0]')")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[5][0]', 42)")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[4][0]', 'many')")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[4][0]', json('[1]'))")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[4][0]', json('[-1, 1]'))")),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_set(unzip(value), '$[4][0]', json('[true, 1]'))")),
        (
            _QUOTED_DRAFT,
            _NAMES_JSON.format("json_set(unzip(value), '$[4][0]', json('[' || printf('%.*c', 400, '9') || ', 1]'))"),
        ),
        (_QUOTED_DRAFT, _NAMES_JSON.format("json_insert(unzip(value), '$[6]', 1)")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=2, value="json('[99]')")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=2, value="json('[-1]')")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=2, value="'[\"no-such-metric\"]'")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=2, value="json('[1.5]')")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=3, value="''")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=1, value="json('[[1, 0]]')")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=1, value="json('[[\"x\", 99]]')")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=1, value="json('[\"ab\"]')")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=1, value="json('[[\"x\"]]')")),
        (_QUOTED_DRAFT, _NAMES_ENTRY.format(part=1, value="42")),
        (_QUOTED_DRAFT, "UPDATE meta SET value = zip('[[], {}, {}, {}, [], []]') WHERE key = 'names'"),  # no metric
        (
            _QUOTED_DRAFT,
            "UPDATE meta SET value = zip(printf('%.*c', 100000, '[') || printf('%.*c', 100000, ']'))"
            " WHERE key = 'names'",
        ),  # nested past the interpreter's limit
        (
            _QUOTED_DRAFT,
            "UPDATE meta SET value = zip(unzip(value) || printf('%.*c', 5000000, ' ')) WHERE key = 'names'",
        ),
    ],
)
def test_what_check_reads_from_stored_pieces_heals_when_damaged(
    tiny: TinyBase, run: MakeRun, draft: tuple[str, ...], damage: str
) -> None:
    command = ("check", *draft, "--json")
    wanted = run("--base", str(tiny.root), "--no-cache", *command)
    assert wanted.code == 0 and [claim["verdict"] for claim in json.loads(wanted.out)["claims"]] == ["supported"]
    assert _after_damage(tiny, run, command, damage) == wanted


def _after_damage(tiny: TinyBase, run: MakeRun, command: tuple[str, ...], damage: str) -> Any:
    """The command's result on a cache it built, after SQL damaged it where the stamp cannot see."""
    import sqlite3
    import zlib
    from contextlib import closing

    from xining.cache import files as cachefiles

    run("--base", str(tiny.root), *command)  # the cache, built
    (path,) = cachefiles.cache_dir().glob("*.sqlite")
    built = _names_kept(path)
    with closing(sqlite3.connect(path)) as db:
        # the index of names is kept compressed: SQL damages it through these
        db.create_function("unzip", 1, lambda blob: zlib.decompress(blob).decode("utf-8"))
        db.create_function("zip", 1, lambda text: zlib.compress(text if isinstance(text, bytes) else text.encode()))
        db.execute(damage)
        db.commit()
    cachefiles.write_stamp(path)  # found where the piece is read, not by the freshness check
    result = run("--base", str(tiny.root), *command)
    if "'names'" in damage:  # healed, not merely harmless to this draft: the index is the one a build keeps
        assert _names_kept(path) == built
    return result


def _names_kept(path: Any) -> Any:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'names'").fetchone()
    return row[0] if row else None


def test_the_names_of_titles_are_those_of_their_records() -> None:
    from xining.base.model import Designation, Kind

    with open_store(use_cache=False) as store:
        names = store.title_names()
        whole = store.base("kind IN (?, ?)", (Kind.DESIGNATION.value, Kind.MILESTONE.value)).facts
    assert [title.id for title in names] == sorted(fact.id for fact in whole) and len(names) > 50
    by_id = {fact.id: fact for fact in whole}
    for title in names:
        fact = by_id[title.id]
        designation = isinstance(fact, Designation)
        assert title.kind == ("designation" if designation else "milestone")
        assert title.name == (fact.name if designation else fact.label)  # type: ignore[union-attr]
        assert title.recipient == (fact.recipient if designation else "")
        assert title.aliases == (fact.aliases if designation else ((), ()))
        assert title.distinctions == fact.distinctions  # type: ignore[union-attr]
        assert (title.quote, title.time_expression) == (fact.quote, fact.time_expression)  # type: ignore[union-attr]
