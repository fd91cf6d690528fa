"""`xining export`: every format written, then read back with the tool its readers use."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeRun, Terminal, TinyBase
from xining.present.export_datasette import datasette_metadata
from xining.present.export_tables import FACTS, READER, TABLES
from xining.present.export_writers import TARGETS, check_output

KIND_TABLES = ("observations", "designations", "milestones")


def facts_json(run: MakeRun, *args: str) -> list[dict[str, object]]:
    result = run(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def citation_of(run: MakeRun, source: str) -> str:
    return next(s["citation"] for s in facts_json(run, "sources") if s["id"] == source)  # type: ignore[no-any-return]


@pytest.fixture
def connect() -> Iterator[Callable[[Path], sqlite3.Connection]]:
    """Open databases that are all closed after the test (an unclosed one warns on newer Pythons)."""
    opened: list[sqlite3.Connection] = []

    def open_(path: Path) -> sqlite3.Connection:
        opened.append(sqlite3.connect(path))
        return opened[-1]

    yield open_
    for connection in opened:
        connection.close()


@pytest.fixture(scope="module")
def shipped_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped base exported once to SQLite (in a fresh process, with its own cache)."""
    folder = tmp_path_factory.mktemp("db")
    env = {**os.environ, "XINING_CACHE_DIR": str(folder / "cache"), "NO_COLOR": "1"}
    env.pop("XINING_BASE", None)
    subprocess.run([sys.executable, "-m", "xining", "export", str(folder / "xining.db")], check=True, env=env)
    return folder / "xining.db"


# --- the registry ----------------------------------------------------------------------


def test_the_registry_has_every_format_the_command_offers(run: MakeRun) -> None:
    assert set(TARGETS) == {"sqlite", "xlsx", "csv", "datapackage", "jsonl"}
    help_text = run("export", "--help").out
    for target in TARGETS.values():
        assert target.name in help_text
        assert target.help and len(target.help) > 20


def test_one_description_feeds_every_table() -> None:
    for table in (*TABLES, FACTS):
        assert table.columns and all(len(column.description) > 10 for column in table.columns)
        assert set(table.primary_key) <= set(table.names)
        for column, other in table.foreign_keys:
            assert column in table.names and other in {t.name for t in (*TABLES, READER)}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_format_writes_refuses_to_overwrite_and_replaces_with_force(
    run: MakeRun, tiny: TinyBase, tmp_path: Path, name: str
) -> None:
    out = tmp_path / f"out{TARGETS[name].suffix}"
    first = run("--base", str(tiny.root), "export", "--format", name, str(out))
    assert first.code == 0, first.err
    assert first.out == ""  # data goes into the file; the message to stderr
    assert first.err.startswith(f"wrote {out}")
    assert "7 facts from 1 sources" in first.err
    before = sorted(p.name for p in tmp_path.iterdir())
    again = run("--base", str(tiny.root), "export", "--format", name, str(out))
    assert again.code == 1
    assert again.err == f"error: {out}: already exists; add --force to replace it\n"
    forced = run("--base", str(tiny.root), "export", "--format", name, "--force", str(out))
    assert forced.code == 0, forced.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file is left behind


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_an_interrupted_export_leaves_nothing_under_the_final_name(
    run: MakeRun, tiny: TinyBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    target = TARGETS[name]

    def interrupted(data, out, progress):  # type: ignore[no-untyped-def]
        target.write(data, out, progress)  # everything written, then the user presses Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setitem(TARGETS, name, target._replace(write=interrupted))
    folder = tmp_path / "exports"
    folder.mkdir()
    result = run("--base", str(tiny.root), "export", "--format", name, str(folder / "out"))
    assert result.code == 130
    assert list(folder.iterdir()) == []


def test_a_folder_export_with_force_replaces_only_an_earlier_data_package(
    run: MakeRun, tiny: TinyBase, tmp_path: Path
) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete", encoding="utf-8")
    result = run("--base", str(tiny.root), "export", "-f", "datapackage", "--force", str(precious))
    assert result.code == 1
    assert "holds no datapackage.json; not replacing it, even with --force" in result.err
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "do not delete"


# --- bad input ----------------------------------------------------------------------------


def test_an_unknown_format_exits_2_with_the_closest(run: MakeRun, tmp_path: Path) -> None:
    result = run("export", "--format", "sqlit", str(tmp_path / "x.db"))
    assert (result.code, result.err) == (2, "error: unknown export format 'sqlit'; did you mean 'sqlite'?\n")
    assert not (tmp_path / "x.db").exists()


def test_a_missing_folder_exits_1_with_one_line(run: MakeRun, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.xlsx"
    result = run("export", "-f", "xlsx", str(out))
    assert (result.code, result.err) == (1, f"error: {out}: the folder {out.parent} does not exist\n")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_exits_1_with_one_line(run: MakeRun, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run("export", str(locked / "x.db"))
    finally:
        locked.chmod(0o755)
    assert (result.code, result.err) == (1, f"error: {locked / 'x.db'}: the folder {locked} cannot be written\n")


def test_the_writability_check_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root the folder permissions above are not enforced; the check is what they would trip.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(Exception, match="cannot be written"):
        check_output(tmp_path / "x.db", force=False)


def test_a_dash_is_not_stdout_but_a_pointer_to_facts(run: MakeRun) -> None:
    result = run("export", "-f", "csv", "-")
    assert (result.code, result.out) == (2, "")
    assert (
        result.err
        == "error: export writes files, not stdout; for a stream use xining facts --format csv (or jsonl, json)\n"
    )


def test_filters_are_checked_like_facts_filters(run: MakeRun, tmp_path: Path) -> None:
    result = run("export", "--topic", "tourismm", str(tmp_path / "x.db"))
    assert result.code == 2
    assert "unknown topic 'tourismm'; did you mean 'tourism'?" in result.err
    assert list(tmp_path.iterdir()) == []


# --- what each format holds ----------------------------------------------------------------


def test_jsonl_is_every_fact_as_the_documented_record(run: MakeRun, tmp_path: Path) -> None:
    assert run("export", "-f", "jsonl", str(tmp_path / "f.jsonl")).code == 0
    exported = (tmp_path / "f.jsonl").read_text(encoding="utf-8")
    assert exported == run("facts", "--format", "jsonl").out


def test_the_filters_and_as_of_choose_the_same_facts_as_facts(run: MakeRun, tmp_path: Path) -> None:
    args = ("--topic", "tourism", "--year", "2025", "--kind", "observation")
    out = tmp_path / "f.jsonl"
    assert run("--as-of", "2025-12-31", "export", "-f", "jsonl", *args, str(out)).code == 0
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    expected = [r["id"] for r in facts_json(run, "--as-of", "2025-12-31", "facts", *args)]
    assert ids == expected and len(ids) > 5


def test_csv_has_a_byte_order_mark_and_facts_csv_has_none(run: MakeRun, tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    assert run("export", "-f", "csv", str(out)).code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,kind,topic,metric,label_zh")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(facts_json(run, "facts"))
    air = next(row for row in rows if row["id"] == "air-good-days-2024-h1")
    assert (air["value"], air["unit"], air["qualifier"], air["derived"]) == ("87.9", "%", "exact", "true")
    assert (air["period_start"], air["period_end"], air["status"]) == ("2024-01-01", "2024-06-30", "actual")
    derived = next(f for f in facts_json(run, "facts") if f["id"] == "air-good-days-2024-h1")["derived"]
    assert air["derivation"] == f"{derived['method']} of {', '.join(derived['inputs'])}"  # type: ignore[index]
    assert air["citation"] == citation_of(run, "press-conference-2025-07")
    assert (air["figure_en"], air["marks_en"], air["marks_zh"]) == ("87.9 % (derived)", "derived", "推算")
    assert air["period_zh"] == "2024年上半年"
    assert not run("facts", "--format", "csv").out.startswith("\ufeff")
    # Text is quoted even where it reads as a number (a period 2024, a figure 93.1), so that a spreadsheet
    # told to keep quoted fields as text does; numbers, dates and booleans are bare.
    line = next(line for line in raw.decode("utf-8-sig").splitlines() if line.startswith('"air-good-days-2024",'))
    assert ',"2024","2024年","2024",2024-01-01,2024-12-31,' in line and ',93.1,"93.1",' in line
    assert ",false," in line


def test_sqlite_tables_keys_views_and_full_text_search(
    run: MakeRun, shipped_db: Path, connect: Callable[[Path], sqlite3.Connection]
) -> None:
    db = connect(shipped_db)
    names = {row[0]: row[1] for row in db.execute("SELECT name, type FROM sqlite_master")}
    for table in (*(t.name for t in TABLES), "facts", "columns"):
        assert names[table] == "table"
    assert names["facts_wide"] == names["observations_with_sources"] == "view"
    facts = facts_json(run, "facts")
    for kind in KIND_TABLES:
        count = db.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]
        assert count == sum(1 for f in facts if f["kind"] + "s" == kind)
    assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == len(facts)
    assert db.execute("SELECT count(*) FROM facts_wide").fetchone()[0] == len(facts)
    assert [row[1] for row in db.execute("PRAGMA table_info(facts)")] == list(READER.names)
    assert db.execute(
        "SELECT label_zh, figure, period, source, topic, kind, qualifier, status, year FROM facts"
        " WHERE id = 'air-good-days-2024-h1'"
    ).fetchone() == ("空气质量优良天数比例", "87.9%（推算）", "2024年上半年", "press-conference-2025-07", "environment",
                     "observation", "exact", "actual", 2024)  # fmt: skip
    searched = db.execute(
        "SELECT f.id FROM facts_fts JOIN facts f ON f.rowid = facts_fts.rowid WHERE facts_fts MATCH ? ORDER BY f.id",
        ('"碳达峰"',),
    ).fetchall()
    assert len(searched) == 5 and ("carbon-peaking-pilot",) in searched
    assert db.execute("SELECT count(*) FROM observations_with_sources").fetchone()[0] == sum(
        1 for f in facts if f["kind"] == "observation"
    )
    keys = {(row[3], row[2]) for row in db.execute("PRAGMA foreign_key_list(observations)")}
    assert keys == {("topic", "topics"), ("metric", "metrics"), ("unit", "units"), ("source", "sources")}
    assert [row[1] for row in db.execute("PRAGMA table_info(observations)") if row[5]] == ["id"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    row = db.execute(
        "SELECT value, typeof(value), qualifier, period_start, period_end, derived, status FROM observations"
        " WHERE id = 'air-good-days-2024-h1'"
    ).fetchone()
    assert row == (87.9, "real", "exact", "2024-01-01", "2024-06-30", 1, "actual")
    assert db.execute("SELECT typeof(value) FROM observations WHERE id = 'core-city-ips'").fetchone() == ("integer",)
    found = db.execute(
        "SELECT d.id FROM designations_fts JOIN designations d ON d.rowid = designations_fts.rowid"
        " WHERE designations_fts MATCH ? ORDER BY d.id",
        ('"碳达峰"',),
    ).fetchall()
    assert found == [("carbon-peaking-pilot",), ("carbon-peaking-pilot-green-new",)]
    described = {(r[0], r[1]) for r in db.execute("SELECT table_name, column_name FROM columns")}
    assert ("observations", "qualifier") in described and ("sources", "citation") in described


def release(run: MakeRun) -> str:
    return json.loads(run("info", "--json").out)["release"]  # type: ignore[no-any-return]


def test_the_datasette_metadata_describes_every_column(
    run: MakeRun, shipped_db: Path, connect: Callable[[Path], sqlite3.Connection]
) -> None:
    metadata = json.loads(shipped_db.with_name("xining.metadata.json").read_text(encoding="utf-8"))
    assert metadata["title"] == f"Xining facts {release(run)}"
    assert metadata["license"] == "not stated in the fact base"
    assert f"Release {release(run)}" in metadata["description"] and "Facts: every fact." in metadata["description"]
    assert metadata["source"].startswith("5 Chinese news articles")
    tables = metadata["databases"]["xining"]["tables"]
    db = connect(shipped_db)
    for table in (*(t.name for t in TABLES), "facts", "facts_wide"):
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        described = tables[table]["description_html"]  # folded under the description: rows stay on the first screen
        assert "columns" not in tables[table] and described.count("<dt>") == len(columns)
        assert all(f"<dt>{column}</dt>" in described for column in columns)
    assert tables["columns"]["hidden"] is True
    assert (tables["facts"]["facets"], tables["facts"]["facet_size"]) == (["topic", "source", "year"], 3)


def datasette_get(db: Path, path: str) -> dict[str, object]:
    metadata = db.with_name(db.stem + ".metadata.json")
    result = subprocess.run(
        [sys.executable, "-m", "datasette", str(db), "--metadata", str(metadata), "--get", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_datasette_serves_the_export_with_facets_and_chinese_search(run: MakeRun, shipped_db: Path) -> None:
    pytest.importorskip("datasette")
    facts = facts_json(run, "facts", "--kind", "observation")
    page = datasette_get(shipped_db, "/xining/observations.json?_facet=topic&_size=0")
    assert page["filtered_table_rows_count"] == len(facts)
    counts = {f["value"]: f["count"] for f in page["facet_results"]["topic"]["results"]}  # type: ignore[index]
    assert counts["tourism"] == sum(1 for f in facts if f["topic"] == "tourism")
    found = datasette_get(shipped_db, "/xining/designations.json?_search=碳达峰&_shape=array")
    assert [row["id"] for row in found] == ["carbon-peaking-pilot", "carbon-peaking-pilot-green-new"]  # type: ignore[union-attr, index]
    quoted = datasette_get(shipped_db, "/xining/observations.json?_search=1245.19万人次&_shape=array")
    expected = sorted(f["id"] for f in facts if "1245.19万人次" in f["quote"])  # type: ignore[operator]
    assert "tourist-arrivals-2025-01-05" in expected
    assert sorted(row["id"] for row in quoted) == expected  # type: ignore[union-attr, index]
    about = datasette_get(shipped_db, "/-/metadata.json")
    assert about["license"] == "not stated in the fact base"
    assert (
        "<dt>qualifier</dt><dd>How the figure"
        in about["databases"]["xining"]["tables"]["observations"]["description_html"]
    )  # type: ignore[index]
    searched = datasette_get(shipped_db, "/xining/facts.json?_search=碳达峰&_size=0")
    assert searched["filtered_table_rows_count"] == 5  # the reader's table is searched too


def test_xlsx_typed_cells_frozen_header_widths_and_no_formulas(run: MakeRun, tiny: TinyBase, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    tiny.edit(
        "articles/briefing.yaml",
        "    quote: 同比增长21.37％",
        "    note: '=HYPERLINK(\"http://x\")'\n    quote: 同比增长21.37％",
    )
    out = tmp_path / "facts.xlsx"
    result = run("--base", str(tiny.root), "export", "-f", "xlsx", str(out))
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "observations", "designations", "milestones", "sources", "metrics", "topics", "units", "relations", "columns",
    ]  # fmt: skip
    sheet = book["observations"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["id", "topic", "metric", "label_zh"]
    assert {"qualifier", "status", "derived", "citation", "quote"} <= set(header)
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    derived = rows["air-2024-h1"]
    assert derived["value"] == 87.9 and derived["derived"] is True and derived["qualifier"] == "exact"
    assert derived["period_start"] == datetime(2024, 1, 1) and derived["period_end"] == datetime(2024, 6, 30)
    assert rows["tourists-2025"]["normalized_value"] == 12451900
    growth = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "tourists-growth-2025")
    note = growth[header.index("note")]
    assert note.value == '=HYPERLINK("http://x")' and note.data_type == "s"  # text, never a formula
    assert sheet.column_dimensions["D"].width >= 20  # label_zh: Chinese characters count double
    assert sheet["A1"].comment.text.startswith("Stable identifier")
    sources = book["sources"]
    row = dict(zip([c.value for c in sources[1]], [c.value for c in sources[2]], strict=True))
    assert (row["id"], row["title"], row["publisher"]) == ("briefing", "测试文章", "西宁晚报")


@pytest.mark.slow
def test_a_data_package_passes_frictionless_validate(run: MakeRun, tmp_path: Path) -> None:
    pytest.importorskip("frictionless")
    out = tmp_path / "package"
    assert run("export", "-f", "datapackage", str(out)).code == 0
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == release(run)
    assert "licenses" not in descriptor  # none invented: the description says there is none
    assert descriptor["description"].endswith("The fact base states no licence, and this export grants none.")
    assert len(descriptor["sources"]) == 5
    observations = next(r for r in descriptor["resources"] if r["name"] == "observations")
    fields = {f["name"]: f for f in observations["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and "unit" in fields["value"]["description"]
    assert fields["period_start"]["type"] == "date" and fields["derived"]["type"] == "boolean"
    assert {"fields": ["metric"], "reference": {"resource": "metrics", "fields": ["id"]}} in observations["schema"][
        "foreignKeys"
    ]
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"] is True, result.stdout[:2000]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_keeps_quoted_text_as_text_with_the_import_settings_the_readme_gives(
    run: MakeRun, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    assert run("export", "-f", "csv", str(tmp_path / "facts.csv")).code == 0
    # UTF-8 (76) and "Format quoted field as text" (the seventh option, true), as the README says.
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx",
         "--infilter=CSV:44,34,76,1,,1033,true,false", "--outdir", str(tmp_path / "out"), str(tmp_path / "facts.csv")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "out" / "facts.xlsx").active
    header = [cell.value for cell in sheet[1]]
    row = next(
        dict(zip(header, (c.value for c in r), strict=True))
        for r in sheet.iter_rows(min_row=2)
        if r[0].value == "air-good-days-2024"
    )
    assert (row["label_zh"], row["period"], row["period_spec"], row["figure"]) == (
        "空气质量优良天数比例",
        "2024",
        "2024",
        "93.1",
    )
    assert (row["value"], row["period_start"]) == (93.1, datetime(2024, 1, 1))  # numbers and dates stay typed


@pytest.mark.slow
def test_frictionless_catches_a_broken_foreign_key(run: MakeRun, tmp_path: Path) -> None:
    """The validation above can fail: a dangling key in the exported CSV is reported."""
    pytest.importorskip("frictionless")
    out = tmp_path / "package"
    assert run("export", "-f", "datapackage", str(out)).code == 0
    observations = out / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    assert ',"tourist-arrivals",' in text  # text cells are quoted
    observations.write_text(text.replace(',"tourist-arrivals",', ',"no-such-metric",', 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "foreign-key" in result.stdout


def test_datasette_metadata_names_the_database_after_the_file(run: MakeRun, tiny: TinyBase, tmp_path: Path) -> None:
    out = tmp_path / "city.db"
    assert run("--base", str(tiny.root), "export", str(out)).code == 0
    metadata = json.loads((tmp_path / "city.metadata.json").read_text(encoding="utf-8"))
    assert list(metadata["databases"]) == ["city"]
    assert metadata["title"] == "test base 2026.1.0"
    assert datasette_metadata.__doc__


def test_json_describes_what_was_written(run: MakeRun, tiny: TinyBase, tmp_path: Path) -> None:
    out = tmp_path / "x.db"
    result = run("--base", str(tiny.root), "export", "--json", str(out))
    assert result.code == 0, result.err
    assert json.loads(result.out) == {
        "format": "sqlite",
        "path": str(out),
        "files": [str(out), str(tmp_path / "x.metadata.json")],
        "facts": 7,
        "sources": 1,
        "tables": {
            "sources": 1, "topics": 4, "units": 4, "metrics": 4, "observations": 6, "designations": 1,
            "milestones": 0, "relations": 0,
        },
    }  # fmt: skip


def test_without_out_the_name_is_the_release_and_the_suffix(
    run: MakeRun, tiny: TinyBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for name in ("xlsx", "datapackage"):
        result = run("--base", str(tiny.root), "export", "--format", name)
        assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == ["xining-2026.1.0", "xining-2026.1.0.xlsx"]
    assert (folder / "xining-2026.1.0" / "datapackage.json").is_file()


def test_the_message_is_one_line_on_stderr_without_a_progress_bar_when_piped(
    run: MakeRun, tiny: TinyBase, tmp_path: Path
) -> None:
    out = tmp_path / "x.xlsx"
    result = run("--base", str(tiny.root), "export", "-f", "xlsx", str(out))
    assert (result.out, result.err) == ("", f"wrote {out} (xlsx): 7 facts from 1 sources\n")


def test_a_terminal_gets_a_progress_bar_on_stderr(
    run: MakeRun, tiny: TinyBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xining.cli.export as command

    screen = Terminal()
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(command.sys, "stderr", screen)
    with command._progress("exporting xlsx") as progress:
        for step in range(1, 4):
            progress(step, 3)
            seen.append((step, 3))
    assert "exporting xlsx" in screen.getvalue() and seen == [(1, 3), (2, 3), (3, 3)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.sampled_from([*TARGETS, "", "SQLITE", "xls", "\x1b[31m", "-f"]),
    name=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"), max_size=8),
)
def test_no_format_or_output_name_gives_a_traceback(
    run: MakeRun, tiny: TinyBase, tmp_path: Path, fmt: str, name: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    result = run("--base", str(tiny.root), "export", "--format", fmt, "--force", str(folder / (name or "x")))
    assert result.code in (0, 1, 2), result
    assert "Traceback" not in result.err
    if result.code:
        assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(
    ("value", "stored"),
    [("93.1", 93.1), ("26", 26), ("1e22", 1e22), ("-1e22", -1e22), ("9223372036854775807", 9223372036854775807)],
)
def test_a_number_is_stored_as_sqlite_can_hold_it(value: str, stored: float) -> None:
    """SQLite's integers end at 2**63: a larger whole number is stored as a real, not refused."""
    from decimal import Decimal

    from xining.present.export_tables import sql_of

    result = sql_of(Decimal(value))
    assert result == stored and type(result) is type(stored)
    with closing(sqlite3.connect(":memory:")) as db:
        assert db.execute("SELECT ?", (result,)).fetchone()[0] == stored
