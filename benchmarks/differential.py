"""Run two checkouts of xining on the same cases and compare what they print, byte for byte.

    python benchmarks/differential.py OLD_CHECKOUT NEW_CHECKOUT [--articles DIR] [--quick]

For a change that must not change behaviour (a move of modules, a refactoring): each case is run
as `python -m xining` once with PYTHONPATH=OLD_CHECKOUT and once with PYTHONPATH=NEW_CHECKOUT, from
this Python (so both need the same dependencies installed), and stdout, stderr, the exit code and
any files written are compared. Cases are generated from the bases themselves: every command with
every format and language, filters, --as-of in both modes, --no-cache, `show` and `cite` of every
id, `trend` of every metric, searches for the words of benchmarks/vocabulary.txt, exports, `diff`,
errors, deliberately broken bases, tables drawn on a pseudo-terminal at four widths, and generated
bases of 1,000 and 10,000 observations (benchmarks/make_base.py).

Each side runs in its own folder (`side-a/` or `side-b/` under one temporary folder, so that both
have paths of the same length) with its own HOME, XINING_CACHE_DIR and TMPDIR, NO_COLOR=1,
COLUMNS=100 (unset on a pseudo-terminal, whose window size is set instead), and nothing else from
the caller's environment (no XINING_BASE). The bases the cases name with --base are shared. Every
case runs in a fresh working folder of its own, where exports write under the same relative names.

What is normalised, and only that: the side's own folder (`<run>`), since HOME, the cache and the
working folder are per side by design; and the checkout's path (`<checkout>`), which `info`
prints as the bundled base's location. Both are replaced in stdout and stderr; files are compared
as they are, except that a SQLite database is compared by its SQL dump and an Excel workbook by
every cell's type, value and number format and its title, subject and comments (the file also
stores the time it was written).

Caches are built before the cases run, one base at a time, so that a case never depends on
whether another built its cache first. At most two processes run at once.

Exit status: 0 when every case is identical, 1 when any differs or the run was stopped (SIGTERM,
Ctrl-C: what was compared so far is reported), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import fcntl
import itertools
import os
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
COLUMNS = "100"
TTY_WIDTHS = (40, 80, 120, 200)
TIMEOUT_SECONDS = 900
FORMATS: tuple[tuple[str, ...], ...] = (("--format", "table"), ("--format", "json"), ("--format", "jsonl"))
FORMATS += (("--format", "csv"), ("--format", "tsv"), ("--format", "markdown"), ("--json",), ())
LANGS = ((), ("--lang", "zh"), ("--lang", "en"), ("--lang", "both"))
STYLES = ("gbt7714", "apa", "chicago", "csl-json", "bibtex", "ris")
EXPORTS = {
    "sqlite": "data.sqlite",
    "xlsx": "data.xlsx",
    "csv": "data.csv",
    "datapackage": "data",
    "jsonl": "data.jsonl",
}
AS_OF = ("2023-01-01", "2024-03-01", "2024-12-31", "2025-07-11", "2025-08-15", "2025-09-30", "2025-12-31", "2026-06-01")
PERIOD_PAIRS = (
    ("2024", "2025"),
    ("2025", "2024"),
    ("2023", "2024"),
    ("2020", "2025"),
    ("2024H1", "2025H1"),
    ("2024Q3", "2025Q3"),
    ("2024-01..2024-05", "2025-01..2025-05"),
    ("2025-01..2025-09", "2024"),
    ("2024", "2024"),
)


class Case(NamedTuple):
    """One command line, run the same way on both sides."""

    group: str
    argv: tuple[str | bytes, ...]
    tty_width: int | None = None  # stdout on a pseudo-terminal of this many columns
    writes: bool = False  # compare the files the case leaves in its working folder


class Side(NamedTuple):
    name: str
    checkout: Path
    root: Path  # HOME, cache, TMPDIR and the cases' working folders


class Outcome(NamedTuple):
    stdout: bytes
    stderr: bytes
    code: int
    files: tuple[tuple[str, bytes], ...]


# --- running one case on one side ---------------------------------------------------------------


def environment(side: Side, tty: bool) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(side.checkout),
        "HOME": str(side.root / "home"),
        "XINING_CACHE_DIR": str(side.root / "cache"),
        "TMPDIR": str(side.root / "tmp"),
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
    }
    if not tty:  # on a terminal the width is the window's (TIOCSWINSZ), as a user has it
        env["COLUMNS"] = COLUMNS
    return env


def run(side: Side, case: Case, cwd: Path) -> tuple[bytes, bytes, int]:
    argv = [sys.executable, "-m", "xining", *case.argv]
    env = environment(side, case.tty_width is not None)
    if case.tty_width is None:
        done = subprocess.run(
            argv, env=env, cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS
        )
        return done.stdout, done.stderr, done.returncode
    return run_on_terminal(argv, env, cwd, case.tty_width)


def run_on_terminal(argv: list[str | bytes], env: dict[str, str], cwd: Path, width: int) -> tuple[bytes, bytes, int]:
    """stdin and stdout on a pseudo-terminal `width` columns wide; stderr through a pipe, kept apart."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=follower, stdout=follower, stderr=errors)
        os.close(follower)
        chunks = []
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        code = process.wait(timeout=TIMEOUT_SECONDS)
        errors.seek(0)
        return b"".join(chunks), errors.read(), code


def normalise(data: bytes, side: Side) -> bytes:
    for path, placeholder in ((side.root, b"<run>"), (side.checkout, b"<checkout>")):
        data = re.sub(re.escape(str(path).encode()) + rb"(?![\w.-])", placeholder, data)
    return data


def file_contents(path: Path) -> bytes:
    """What a file says: a database as its SQL, a workbook as its cells, anything else as its bytes."""
    if path.suffix in (".sqlite", ".db"):
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return "\n".join(connection.iterdump()).encode()
        finally:
            connection.close()
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        about = book.properties  # everything but the times it was created and modified
        lines = [f"{about.title!r} {about.subject!r} {about.description!r} {about.creator!r}"]
        for sheet in book.worksheets:
            lines.append(f"[{sheet.title}]")
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        lines.append(f"{cell.coordinate}\t{cell.data_type}\t{cell.value!r}\t{cell.number_format}")
        return "\n".join(lines).encode()
    return path.read_bytes()


def run_case(side: Side, case: Case, number: int) -> Outcome:
    cwd = side.root / "cases" / f"{number:05d}"
    cwd.mkdir(parents=True)
    try:
        stdout, stderr, code = run(side, case, cwd)
        files = tuple(
            (str(path.relative_to(cwd)), file_contents(path)) for path in sorted(cwd.rglob("*")) if path.is_file()
        )
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    return Outcome(normalise(stdout, side), normalise(stderr, side), code, files)


# --- the bases the cases read -------------------------------------------------------------------


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"differential: {path} no longer contains {old!r}; update the broken bases")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_entry(text: str) -> tuple[int, int]:
    """Where the first `  - id:` entry of an article starts and ends."""
    start = text.index("\n  - id: ") + 1
    return start, text.index("\n  - id: ", start) + 1


def duplicate_first_entry(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = first_entry(text)
    path.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")


def remove_second_entry(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _, start = first_entry(text)
    end = text.index("\n  - id: ", start) + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")


ARTICLE = "articles/001-green-and-new.yaml"
# Each a different way a base can be wrong: what a user editing the YAML is likely to do.
BREAKAGES = {
    "bad-yaml": lambda base: (base / ARTICLE).write_text(
        (base / ARTICLE).read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8"
    ),
    "missing-registry": lambda base: (base / "units.yaml").unlink(),
    "no-base-yaml": lambda base: (base / "base.yaml").unlink(),
    "duplicate-id": lambda base: duplicate_first_entry(base / ARTICLE),
    "bad-unit": lambda base: replace_once(base / ARTICLE, "    unit: 个\n", "    unit: 斤\n"),
    "quote-mismatch": lambda base: replace_once(
        base / ARTICLE, "quote: 清洁能源利用率超80%", "quote: 清洁能源利用率超90%"
    ),
    "unknown-metric": lambda base: replace_once(base / ARTICLE, "metric: hundred-billion-clusters", "metric: no-such"),
    "not-utf8": lambda base: (base / ARTICLE).write_bytes(b"source: green-and-new\n# \xff\xfe\n"),
    "empty-article": lambda base: (base / "articles" / "005-empty.yaml").write_text("", encoding="utf-8"),
    "no-articles": lambda base: shutil.rmtree(base / "articles"),
    "bad-value": lambda base: replace_once(base / ARTICLE, "    value: 187\n", "    value: many\n"),
}


def modify(base: Path) -> None:
    """A later release: a fact removed, a value changed with its quote, a metric's label reworded."""
    remove_second_entry(base / ARTICLE)
    replace_once(base / ARTICLE, "    value: 187\n", "    value: 188\n")
    replace_once(base / ARTICLE, "创新平台达187家", "创新平台达188家")
    replace_once(base / "metrics.yaml", '"Share of days with good air quality"', '"Share of good air days"')


def make_bases(shared: Path, facts: Path, quick: bool) -> dict[str, Path]:
    bases = {"copy": shared / "copy", "modified": shared / "modified"}
    shutil.copytree(facts, bases["copy"])
    shutil.copytree(facts, bases["modified"])
    modify(bases["modified"])
    for name, breakage in BREAKAGES.items():
        bases[name] = shared / "broken" / name
        shutil.copytree(facts, bases[name])
        breakage(bases[name])
    for size in (1000,) if quick else (1000, 10000):
        bases[f"n{size}"] = shared / f"n{size}"
        subprocess.run(
            [sys.executable, str(HERE / "make_base.py"), "--observations", str(size), "--out", str(bases[f"n{size}"])],
            check=True,
            capture_output=True,
        )
    return bases


class Ids(NamedTuple):
    facts: list[str]
    metrics: list[str]
    sources: list[str]
    topics: list[str]


def ids_of(side: Side, base: Path | None) -> Ids:
    """The ids of a base, as the old side lists them."""

    def listing(*argv: str) -> list[str]:
        where = ("--base", str(base)) if base else ()
        stdout, stderr, code = run(side, Case("ids", (*where, *argv, "--fields", "id")), side.root)
        if code:
            raise SystemExit(f"differential: listing ids failed: {stderr.decode(errors='replace')}")
        return stdout.decode().split()

    return Ids(listing("facts"), listing("metrics"), listing("sources"), listing("topics"))


def vocabulary() -> list[str]:
    """Words to search for: names, labels and nouns of benchmarks/vocabulary.txt, Chinese and English."""
    wanted = {"topics": (1, 2), "regions": (1, 2), "measures": (2, 3, 4), "designations": (1, 2)}
    wanted |= {"projects": (1, 2), "events": (1, 2)}
    words: dict[str, None] = {}
    section = ""
    for line in (HERE / "vocabulary.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line[1 : line.index("]")]
        elif line.strip() and not line.startswith("#") and section in wanted:
            cells = line.split(" | ")
            for column in wanted[section]:
                cell = cells[column] if column < len(cells) else "-"
                if cell != "-":
                    words[cell] = None
                    words.update(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z]{4,}", cell)))
    return list(words)


# --- the cases ----------------------------------------------------------------------------------


def cases(bases: dict[str, Path], shipped: Ids, generated: dict[str, Ids], articles: Path | None) -> list[Case]:
    found: list[Case] = []

    def add(group: str, *argv: str | bytes, tty: int | None = None, writes: bool = False) -> None:
        found.append(Case(group, tuple(argv), tty, writes))

    fact, metric, topic = shipped.facts[0], shipped.metrics[0], shipped.topics[0]
    listings = {
        "facts": ("facts",),
        "search": ("search", "旅游"),
        "designations": ("designations",),
        "pilots": ("pilots",),
        "timeline": ("timeline",),
        "topics": ("topics",),
        "sources": ("sources",),
        "metrics": ("metrics",),
        "compare": ("compare", "2024", "2025"),
        "trend": ("trend", metric),
        "show": ("show", fact),
        "diff": ("diff", str(bases["copy"]), str(bases["modified"])),
    }
    unlabelled = {"info": ("info",), "validate": ("validate",)}

    add("help")
    add("help", "--help")
    add("help", "--version")
    for command in (*listings, *unlabelled, "cite", "export"):
        add("help", command, "--help")
        add("help", "--help", command)

    for name, argv in {**listings, **unlabelled}.items():
        for format in FORMATS:
            for lang in LANGS if name in listings else ((),):
                add("formats", *argv, *format, *lang)
    for format in FORMATS:
        add("formats", "cite", fact, *format)
        add("formats", "cite", "--all", *format)

    fields: tuple[str, ...] = (
        "id",
        "value",
        "period",
        "label",
        "source",
        "citation",
        "quote,id",
        "id,value,period",
        "normalized",
    )
    fields += ("label.zh", "period.start", "note", "nope", "", "id,id", "ID")
    for name in ("facts", "search", "designations", "timeline", "compare", "show", "metrics", "topics", "sources"):
        for chosen in fields:
            for format in (("--format", "tsv"), ("--json",), ("--format", "csv")):
                add("fields", *listings[name], "--fields", chosen, *format)

    for chosen in [*shipped.topics, "nope", "Energy"]:
        add("filters", "facts", "--topic", chosen)
        add("filters", "metrics", "--topic", chosen, "--json")
        add("filters", "timeline", "--topic", chosen)
        add("filters", "compare", "2024", "2025", "--topic", chosen)
    for year in ("2019", "2020", "2023", "2024", "2025", "2026", "1"):
        add("filters", "facts", "--year", year)
        add("filters", "designations", "--year", year, "--json")
    for kind in ("observation", "designation", "milestone", "nope"):
        add("filters", "facts", "--kind", kind, "--format", "csv")
        add("filters", "timeline", "--kind", kind)
    for chosen in [*shipped.sources, "nope"]:
        add("filters", "facts", "--source", chosen)
        add("filters", "designations", "--source", chosen)
    for chosen in [*shipped.metrics[:20], "nope"]:
        add("filters", "facts", "--metric", chosen, "--json")
        add("filters", "compare", "2024", "2025", "--metric", chosen)
    for level in ("national", "provincial", "municipal", "non_governmental", "international", "unknown", "nope"):
        add("filters", "designations", "--level", level)
    for sort in ("id", "period", "topic", "source", "value", "nope"):
        for limit in ((), ("--limit", "0"), ("--limit", "7")):
            add("filters", "facts", "--sort", sort, *limit)
            add("filters", "facts", "--sort", sort, *limit, "--json")
    for span in (
        ("--from", "2024"),
        ("--to", "2024"),
        ("--from", "2025", "--to", "2025"),
        ("--from", "2026", "--to", "2020"),
    ):
        add("filters", "timeline", *span)
    for combined in (
        ("--topic", "tourism", "--year", "2025"),
        ("--kind", "observation", "--topic", "energy", "--topic", "ecology"),
    ):
        add("filters", "facts", *combined, "--sort", "value", "--json")
    add("filters", "facts", "--search", "旅游")
    add("filters", "facts", "--search", "tourism", "--topic", "tourism")

    for day in AS_OF:
        for mode in ("certain", "possible"):
            for argv in (
                ("facts",),
                ("sources",),
                ("info",),
                ("timeline",),
                ("designations",),
                ("compare", "2024", "2025"),
                ("cite", "--all"),
                ("show", fact),
                ("search", "旅游"),
            ):
                add("as-of", "--as-of", day, "--as-of-mode", mode, *argv)
                add("as-of", *argv, "--as-of", day, "--as-of-mode", mode, "--json")

    for argv in (*listings.values(), *unlabelled.values(), ("cite", fact), ("cite", "--all")):
        add("no-cache", "--no-cache", *argv)
        add("no-cache", *argv, "--no-cache", "--json")

    for chosen in shipped.facts:
        add("show", "show", chosen)
        add("show", "show", chosen, "--json")
        add("show", "show", chosen, "--format", "markdown", "--lang", "en")
        add("show", "show", chosen, "--format", "csv", "--lang", "zh")
    for chosen in shipped.facts + shipped.sources:
        for style in STYLES:
            add("cite", "cite", chosen, "--style", style)
    for style in STYLES:
        for extra in ((), ("--json",), ("--lang", "en")):
            add("cite", "cite", "--all", "--style", style, *extra)
            add("cite", "cite", "--dataset", "--style", style, *extra)
            add("cite", "cite", fact, "--style", style, *extra)

    for chosen in shipped.metrics:
        add("trend", "trend", chosen)
        add("trend", "trend", chosen, "--json", "--lang", "en")

    for a, b in PERIOD_PAIRS:
        for format in FORMATS:
            add("compare", "compare", a, b, *format)
        for lang in LANGS[1:]:
            add("compare", "compare", a, b, "--lang", lang[1])

    words = vocabulary()
    words += ["", " ", "%", "_", "*", "'", '"', "碳達峰", "碳达峰", "TOURISM", "2025", "80%", "a", "西宁", "xining"]
    for number, word in enumerate(words):
        add("search", "search", word)
        if number % 8 == 0:
            add("search", "search", word, "--json", "--limit", "3")

    # `validate --sources` reads the articles the base was extracted from, when they are at hand.
    checked = ("--sources", str(articles)) if articles else ()
    for format in ((), ("--json",), ("--format", "tsv"), ("--format", "markdown")):
        add("validate", "validate", *checked, *format)
    add("validate", "validate", "--sources", "/nonexistent")

    for export_format, out in EXPORTS.items():
        for filters in ((), ("--topic", "tourism"), ("--year", "2025"), ("--kind", "designation"), ("--topic", "nope")):
            add("export", "export", "--format", export_format, out, *filters, writes=True)
        add("export", "export", "--format", export_format, out, "--json", writes=True)
        add("export", "export", "--format", export_format, writes=True)
        add("export", "--no-cache", "export", "--format", export_format, out, writes=True)
        add("export", "--base", str(bases["modified"]), "export", "--format", export_format, out, writes=True)
    add("export", "export", "--format", "nope", "x", writes=True)
    add("export", "export", "--format", "csv", "no/such/folder/x.csv", writes=True)

    copy, modified = str(bases["copy"]), str(bases["modified"])
    for pair in ((copy, modified), (modified, copy), (copy, copy), (modified,), (copy, "/nonexistent")):
        for format in (*FORMATS, ("--exit-code",)):
            add("diff", "diff", *pair, *format)
    add("diff", "diff", copy, str(bases["bad-yaml"]))
    add("diff", "diff", str(bases["duplicate-id"]), copy, "--json")

    for mistake in (
        ("nope",),
        ("fatcs",),
        ("facts", "--nope"),
        ("show",),
        ("show", "nope"),
        ("show", fact[:-1]),
        ("trend", "nope"),
        ("trend", metric[:-1]),
        ("cite",),
        ("cite", "nope"),
        ("cite", fact, "--style", "mla"),
        ("facts", "--topic", topic[:-1]),
        ("facts", "--format", "yaml"),
        ("facts", "--json", "--format", "csv"),
        ("facts", "--limit", "-1"),
        ("facts", "--limit", "x"),
        ("facts", "--year", "twenty"),
        ("--as-of", "2025-13-01", "facts"),
        ("--as-of", "yesterday", "facts"),
        ("--as-of", "2025-02-30", "info"),
        ("--as-of-mode", "maybe", "facts"),
        ("--as-of", "2025-07-01", "--as-of-mode", "maybe", "facts"),
        ("compare", "2024"),
        ("compare", "2024", "20x5"),
        ("compare", "2025Q5", "2024"),
        ("compare", "2024-13..2025-01", "2024"),
        ("--base", "/nonexistent", "facts"),
        ("--base", "", "facts"),
        ("timeline", "--from", "0"),
        ("info", "--lang", "en"),
        ("facts", "--lang", "fr"),
        ("facts", "--", "x"),
        ("search",),
        ("show", b"\xff\xfe"),
        ("search", b"\xff"),
        ("facts", "--topic", b"caf\xe9"),
        ("trend", b"\x80"),
        ("cite", b"\xff", "--style", "apa"),
        ("show", "a\x1b[31mred"),
        ("search", "\x1b]0;title\x07"),
        ("facts", "--fields", "id,nope,value"),
        ("facts", "--sort", "value", "--sort", "id"),
    ):
        add("errors", *mistake)

    for name in BREAKAGES:
        where = ("--base", str(bases[name]))
        for argv in (
            ("validate",),
            ("validate", "--json"),
            ("validate", *checked),
            ("facts",),
            ("facts", "--json"),
            ("--no-cache", "facts"),
            ("info",),
            ("show", fact),
            ("sources",),
            ("metrics",),
            ("search", "能源"),
            ("compare", "2024", "2025"),
            ("cite", "--all"),
            ("timeline",),
        ):
            add("broken", *where, *argv)
        add("broken", *where, "export", "--format", "jsonl", "data.jsonl", writes=True)
        add("broken", "diff", copy, str(bases[name]))

    for width in TTY_WIDTHS:
        for lang in ((), ("--lang", "zh"), ("--lang", "en")):
            for argv in (("facts",), ("compare", "2024", "2025"), ("designations",), ("timeline",), ("metrics",)):
                add("terminal", *argv, *lang, tty=width)
            for chosen in shipped.facts[:: max(1, len(shipped.facts) // 6)]:
                add("terminal", "show", chosen, *lang, tty=width)
            for chosen in shipped.metrics[:: max(1, len(shipped.metrics) // 4)]:
                add("terminal", "trend", chosen, *lang, tty=width)
        add("terminal", "info", tty=width)
        add("terminal", "topics", tty=width)
        add("terminal", "sources", tty=width)
        add("terminal", "cite", fact, tty=width)
        add("terminal", "search", "旅游", tty=width)
        add("terminal", "diff", copy, modified, tty=width)
        add("terminal", "--base", str(bases["bad-yaml"]), "validate", tty=width)
        add("terminal", "facts", "--topic", "tourism", "--year", "2025", "--format", "table", tty=width)

    for size, ids in generated.items():
        where = ("--base", str(bases[size]))
        group = f"generated-{size}"
        for format in (("--format", "tsv"), ("--json",), ("--format", "csv"), ("--format", "markdown")):
            add(group, *where, "facts", *format)
            add(group, *where, "compare", "2024", "2025", *format)
            add(group, *where, "timeline", *format)
            add(group, *where, "metrics", *format)
        for chosen in ids.topics[:4]:
            add(group, *where, "facts", "--topic", chosen, "--json")
        for word in words[:: max(1, len(words) // 12)]:
            add(group, *where, "search", word)
        for chosen in ids.facts[:: max(1, len(ids.facts) // 12)]:
            add(group, *where, "show", chosen)
            add(group, *where, "show", chosen, "--json")
        for export_format, out in EXPORTS.items():
            add(group, *where, "export", "--format", export_format, out, writes=True)
        add(group, *where, "info")
        add(group, *where, "facts", "--format", "table", tty=120)
    return found


# --- comparing and reporting --------------------------------------------------------------------


def first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, at - 40)
    return f"at byte {at} (of {len(a)} and {len(b)}):\n    old {a[start : at + 80]!r}\n    new {b[start : at + 80]!r}"


def differences(old: Outcome, new: Outcome) -> list[str]:
    found = []
    if old.code != new.code:
        found.append(f"exit code: old {old.code}, new {new.code}")
    for stream in ("stdout", "stderr"):
        a, b = getattr(old, stream), getattr(new, stream)
        if a != b:
            found.append(f"{stream} {first_difference(a, b)}")
    old_files, new_files = dict(old.files), dict(new.files)
    if old_files.keys() != new_files.keys():
        found.append(f"files: old {sorted(old_files)}, new {sorted(new_files)}")
    for name in sorted(old_files.keys() & new_files.keys()):
        if old_files[name] != new_files[name]:
            found.append(f"file {name} {first_difference(old_files[name], new_files[name])}")
    return found


def shown(argv: tuple[str | bytes, ...]) -> str:
    return " ".join(repr(word) if isinstance(word, bytes) or not word or " " in word else word for word in argv)


def described(case: Case) -> str:
    on_terminal = f"  (terminal, {case.tty_width} columns)" if case.tty_width else ""
    return f"[{case.group}] xining {shown(case.argv)}{on_terminal}"


def interleaved(chosen: list[Case]) -> list[Case]:
    """The cases taking turns by group, so that the first minutes of a run already cover every group."""
    groups: dict[str, list[Case]] = {}
    for case in chosen:
        groups.setdefault(case.group, []).append(case)
    turns = itertools.zip_longest(*groups.values())
    return [case for turn in turns for case in turn if case is not None]


def stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a stopped run still reports the cases it compared


def check_import(side: Side) -> None:
    """`import xining` must find the checkout's package, not an installed copy."""
    env = environment(side, tty=False)
    code = "import xining, sys; sys.stdout.write(xining.__file__)"
    found = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=side.root, check=True
    )
    if not Path(found.stdout).resolve().is_relative_to(side.checkout):
        raise SystemExit(f"differential: with PYTHONPATH={side.checkout}, xining is imported from {found.stdout}")


def warm(sides: tuple[Side, Side], bases: dict[str, Path]) -> None:
    """Build every base's cache on both sides, one at a time."""
    for side in sides:
        for where in ((), *(("--base", str(path)) for path in bases.values())):
            run(side, Case("warm", (*where, "facts", "--limit", "0")), side.root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("old", type=Path, help="checkout of the old code (the folder holding xining/)")
    parser.add_argument("new", type=Path, help="checkout of the new code")
    parser.add_argument("--quick", action="store_true", help="a small subset of the cases, and no 10,000 base")
    parser.add_argument("--articles", type=Path, help="the source articles' folder, for `validate --sources`")
    parser.add_argument("--every", type=int, default=1, metavar="N", help="run every Nth case only")
    parser.add_argument("--match", metavar="REGEX", help="only the cases whose '[group] xining argv' matches")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (bases, caches)")
    args = parser.parse_args(argv)
    checkouts = (args.old.resolve(), args.new.resolve())
    for checkout in checkouts:
        if not (checkout / "xining" / "__main__.py").is_file():
            parser.error(f"{checkout}: not a checkout of xining (no xining/__main__.py)")
    facts_differ = subprocess.run(
        ["diff", "-rq", *(str(c / "facts") for c in checkouts)], capture_output=True, text=True
    )
    if facts_differ.returncode:
        print(f"warning: the bundled bases differ:\n{facts_differ.stdout}", file=sys.stderr)

    work = Path(tempfile.mkdtemp(prefix="xining-differential-"))
    started = time.monotonic()
    try:
        sides = (Side("old", checkouts[0], work / "side-a"), Side("new", checkouts[1], work / "side-b"))
        for side in sides:
            for folder in ("home", "cache", "tmp", "cases"):
                (side.root / folder).mkdir(parents=True)
            check_import(side)
        bases = make_bases(work / "shared", checkouts[0] / "facts", args.quick)
        warm(sides, bases)
        shipped = ids_of(sides[0], None)
        generated = {name: ids_of(sides[0], bases[name]) for name in bases if re.fullmatch(r"n\d+", name)}
        chosen = cases(bases, shipped, generated, args.articles)
        chosen = chosen[:: 25 if args.quick else max(1, args.every)]
        if args.match:
            chosen = [case for case in chosen if re.search(args.match, described(case))]
        chosen = interleaved(chosen)
        print(f"{len(chosen)} cases, {sys.executable}", file=sys.stderr)

        def compare(numbered: tuple[int, Case]) -> list[str]:
            number, case = numbered
            return differences(run_case(sides[0], case, number), run_case(sides[1], case, number))

        results: list[list[str]] = []
        signal.signal(signal.SIGTERM, stop)
        pool = ThreadPoolExecutor(max_workers=2)
        try:
            for future in [pool.submit(compare, numbered) for numbered in enumerate(chosen)]:
                found = future.result()
                if found:  # at once, so that a run stopped early still tells what it found
                    print("\n".join((described(chosen[len(results)]), *found)), file=sys.stderr)
                results.append(found)
                if len(results) % 250 == 0:
                    print(f"  {len(results)}/{len(chosen)} ({sum(map(bool, results))} different)", file=sys.stderr)
        except KeyboardInterrupt:
            print(f"stopped after {len(results)} of {len(chosen)} cases", file=sys.stderr)
        finally:
            pool.shutdown(cancel_futures=True)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    complete = len(results) == len(chosen)
    chosen = chosen[: len(results)]
    by_group: Counter[str] = Counter(case.group for case in chosen)
    differing: Counter[str] = Counter(case.group for case, found in zip(chosen, results, strict=True) if found)
    print(f"old {checkouts[0]}\nnew {checkouts[1]}\n")
    print(f"{'group':<20}{'cases':>7}{'identical':>11}{'different':>11}")
    for group, count in by_group.items():
        print(f"{group:<20}{count:>7}{count - differing[group]:>11}{differing[group]:>11}")
    total, different = len(chosen), sum(differing.values())
    print(f"{'all':<20}{total:>7}{total - different:>11}{different:>11}")
    print(
        f"\n{time.monotonic() - started:.0f} s; normalised in stdout and stderr: each side's folder as <run>, "
        "the checkout's path as <checkout>"
    )
    for case, found in zip(chosen, results, strict=True):
        if found:
            print(f"\n{described(case)}")
            for line in found:
                print(f"  {line}")
    return 1 if different or not complete else 0


if __name__ == "__main__":
    sys.exit(main())
