"""Time whole `xining` processes against their yardsticks and write benchmarks/RESULTS.md.

    python benchmarks/run.py                       # shipped base and N = 1,000, 10,000, 100,000
    python benchmarks/run.py --sizes 1000 --runs 3 # a quick check

Run it with the project's virtualenv Python (`.venv/bin/python`): every Python
process timed here is started with the same interpreter, and `xining` is the
console script beside it.

Why whole processes: a CLI is used one call at a time, so what a reader waits
for is interpreter start-up + imports + cache check + query + output. Timing
functions in-process would hide exactly the costs (imports, YAML parsing,
opening the cache) that decide whether xining feels instant.

Why these yardsticks, each run on the same machine in the same session:
  F        `python -c pass`: the floor no Python CLI can go below; every time is
           also given "in F" so results from fast and slow machines compare.
  bare app a two-command Typer app printing one line (benchmarks/bare_app.py):
           the floor for a Typer CLI; the warm xining targets are ratios to it.
  jq       the same topic filter over the base exported as JSON: what a user
           could do without xining.
  yq       the same filter over the YAML itself (where yq is installed).
  libyaml  PyYAML's C loader parsing every YAML file: the least a cold xining
           (which must parse the YAML) could cost.

Why medians of interleaved runs: every command runs once as a warm-up, then
the rounds run every command once each, starting one command later each
round, so that a burst of machine noise hits all commands alike instead of
all runs of one command; the median ignores the odd slow run.

Why peak memory from `/usr/bin/time -f %M`: GNU time forks a child from its own
small process and reports that child's ru_maxrss. Reading ru_maxrss here
instead, from os.wait4 or as a getrusage(RUSAGE_CHILDREN) delta, gives wrong
numbers: subprocess starts children with vfork, and Linux carries the peak
resident set of the memory the child ran in before exec (this script's, with
its JSON exports loaded) into the child's ru_maxrss, so `jq` would appear to
use as much as run.py; and RUSAGE_CHILDREN's ru_maxrss is the largest peak of
all children so far, not a sum, so deltas of it are meaningless. GNU time's
own start-up (about a millisecond, measured and shown in the report) is in
every time alike, F included. Without /usr/bin/time the script falls back to
wait4 and says that its memory figures are upper bounds. A process's peak
includes that of any child it waited for (the jq that Python yq starts).

Cache states: "warm" runs share a fixed XINING_CACHE_DIR (benchmarks/bases/cache)
that earlier runs have filled; "cold" runs each get a new, empty
XINING_CACHE_DIR, so the run builds the cache from the YAML. Where `xining
--help` lists `--no-cache`, that is timed as well (it reads the YAML and keeps
the compiled base in memory only).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BASES = BENCH / "bases"  # git-ignored: synthetic bases, their JSON exports and the warm cache
WARM_CACHE = BASES / "cache"
SCRATCH = BASES / "scratch"  # cold caches, one per run, on the same disk as the warm one
SHIPPED = REPO / "facts"
PYTHON = sys.executable
BARE_APP = BENCH / "bare_app.py"
# A draft of about 3,000 characters and 68 claims, Chinese and English, for `xining check` (paired with search).
CHECK_DRAFT = BENCH / "check-draft.txt"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
TARGET_SIZE = 100_000
YQ_LIMIT = 120.0  # seconds: a slower single yq run is not repeated
HELP_COMMANDS = ("facts", "show", "search", "compare", "trend", "timeline", "designations", "info")
# The most work one search may ask of a generated base: the 8 different words the README allows, common
# in its labels, that together match nothing, so that every word is looked up and then compared with the
# names of every metric for the suggestions (`search-worst`; under a second at N=100,000 is a target).
WORST_SEARCH = "growth the of district area province share year"
REGISTRY_FILES = ("base.yaml", "units.yaml", "topics.yaml", "metrics.yaml", "sources.yaml", "relations.yaml")
JQ_FILTER = '[.[] | select(.topic == "{topic}")]'
# Python yq (a jq wrapper): metric ids of the topic from metrics.yaml, then the facts from every article.
PY_YQ_FILTER = (
    "(input | [.metrics[] | select(.topic == $t) | {key: .id, value: true}] | from_entries) as $m"
    " | [inputs | ((.observations // [])[] | select($m[.metric])),"
    " (((.designations // []) + (.milestones // []))[] | select(.topic == $t))]"
)
LIBYAML_ALL = "import sys, yaml; [yaml.load(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader) for f in sys.argv[1:]]"
GNU_TIME = "/usr/bin/time"
LIBYAML_ONE_MS = (
    "import sys, time, yaml\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "start = time.perf_counter()\n"
    "yaml.load(text, Loader=yaml.CSafeLoader)\n"
    "print((time.perf_counter() - start) * 1000)"
)


# --- running one process ------------------------------------------------------------------


@dataclass
class Outcome:
    """One finished process: wall time, peak resident set, exit code, and what it said last."""

    seconds: float
    peak_kib: int
    cpu: float  # user + system seconds of the process and the children it waited for
    code: int
    stderr_tail: str
    stdout: str
    timed_out: bool

    @property
    def ok(self) -> bool:
        return self.code == 0 and not self.timed_out


def gnu_time_works() -> bool:
    """Whether /usr/bin/time is GNU time, which can write the peak resident set (%M) to a file."""
    if not os.access(GNU_TIME, os.X_OK):
        return False
    with tempfile.NamedTemporaryFile(suffix=".mem") as memory:
        done = subprocess.run([GNU_TIME, "-f", "%M", "-o", memory.name, "true"], capture_output=True)
        return done.returncode == 0 and Path(memory.name).read_text().strip().isdigit()


USE_GNU_TIME = gnu_time_works()


def run_once(
    argv: list[str],
    env: dict[str, str],
    stdout_to: Path | None = None,
    capture: bool = False,
    timeout: float | None = None,
    wrap: bool = True,
) -> Outcome:
    """Start `argv` (under GNU time, for its peak memory), wait for it, return its wall time and peak.

    The clock starts just before the fork and stops when the process is reaped,
    so the time is what a shell user waits for. Output goes to a file or to
    /dev/null, never a pipe, so that no reader thread competes with the child.
    """
    with contextlib.ExitStack() as stack:
        err = stack.enter_context(tempfile.TemporaryFile())
        out = stack.enter_context(tempfile.TemporaryFile())
        memory = stack.enter_context(tempfile.NamedTemporaryFile(suffix=".mem"))
        target = stack.enter_context(open(stdout_to, "wb")) if stdout_to else (out if capture else subprocess.DEVNULL)
        wrapped = wrap and USE_GNU_TIME
        command = [GNU_TIME, "-f", "%M", "-o", memory.name, *argv] if wrapped else argv
        started: list[subprocess.Popen[bytes]] = []
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            for process in started:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # its own session: the command and its children

        # The timer thread starts before the clock, so that starting it is not part of the time.
        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        start = time.perf_counter()
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=target, stderr=err, env=env, cwd=REPO, start_new_session=True
            )
        except OSError as error:
            if timer:
                timer.cancel()
            return Outcome(0.0, 0, 0.0, 127, f"cannot start {argv[0]}: {error}", "", False)
        started.append(process)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        err.seek(0)
        lines = [line for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace") if capture else ""
        peak = usage.ru_maxrss
        if wrapped:
            reported = Path(memory.name).read_text(errors="replace").split()
            peak = int(reported[-1]) if reported and reported[-1].isdigit() else 0
            if process.returncode == 127 and not lines:
                lines = [f"cannot start {argv[0]}"]
    cpu = usage.ru_utime + usage.ru_stime
    return Outcome(seconds, peak, cpu, process.returncode, lines[-1] if lines else "", stdout, killed.is_set())


def wrapper_cost(runs: int = 15) -> str:
    """How much GNU time adds to every measured time: `python -c pass` with and without it, interleaved."""
    if not USE_GNU_TIME:
        return (
            "peak memory: /usr/bin/time (GNU) is not available, so peaks come from os.wait4 and are upper "
            "bounds: they include run.py's own peak, carried into each child by vfork"
        )
    env = environment(None)
    bare: list[float] = []
    wrapped: list[float] = []
    for _ in range(runs):
        bare.append(run_once([PYTHON, "-c", "pass"], env, wrap=False).seconds)
        wrapped.append(run_once([PYTHON, "-c", "pass"], env).seconds)
    extra = (statistics.median(wrapped) - statistics.median(bare)) * 1000
    return (
        "peak memory: from one more run of each command under `/usr/bin/time -f %M`, after the timed runs; "
        f"the timed runs are not wrapped, since GNU time adds {extra:.1f} ms to a run "
        f"(F {statistics.median(bare) * 1000:.1f} ms alone, {statistics.median(wrapped) * 1000:.1f} ms under it)"
    )


# --- what is timed ----------------------------------------------------------------------------


@dataclass
class Command:
    """One row of a table: a process to start, in a cache state, with an optional step before each run."""

    key: str
    label: str
    argv: list[str]
    cache: str = "none"  # none | warm | cold
    before: Callable[[int], None] | None = None
    limit: float | None = None  # a warm-up slower than this is not repeated (yq on a large base)
    inner_ms: bool = False  # the process prints its own time in ms (an in-process parse)


@dataclass
class Result:
    command: Command
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    inner: list[float] = field(default_factory=list)
    failure: str | None = None
    note: str | None = None

    @property
    def median_ms(self) -> float | None:
        if self.failure or self.note or not self.seconds:
            return None
        return statistics.median(self.inner if self.command.inner_ms else self.seconds) * (
            1 if self.command.inner_ms else 1000
        )

    @property
    def cpu_ms(self) -> float | None:
        if self.failure or self.note or not self.cpu or self.command.inner_ms:
            return None
        return statistics.median(self.cpu) * 1000

    @property
    def peak_mib(self) -> float | None:
        return max(self.peaks_kib) / 1024 if self.peaks_kib and not self.failure else None


def environment(cache_dir: Path | None) -> dict[str, str]:
    """The caller's environment, without a base chosen by variable, with the cache folder given."""
    # PYTHONDONTWRITEBYTECODE is dropped: an installed package runs from bytecode compiled at install
    # time, and timing xining while it recompiles its own modules on every call would measure that instead.
    dropped = ("XINING_BASE", "XINING_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    if cache_dir is not None:
        env["XINING_CACHE_DIR"] = str(cache_dir)
    return env


def execute(command: Command, timeout: float, wrap: bool) -> Outcome:
    """Run a command once in its cache state; a cold run gets a new empty cache folder, removed afterwards."""
    if command.cache == "cold":
        SCRATCH.mkdir(parents=True, exist_ok=True)
        cold = Path(tempfile.mkdtemp(prefix="cold-", dir=SCRATCH))
        try:
            return run_once(command.argv, environment(cold), timeout=timeout, wrap=wrap)
        finally:
            shutil.rmtree(cold, ignore_errors=True)
    cache = WARM_CACHE if command.cache == "warm" else None
    return run_once(command.argv, environment(cache), capture=command.inner_ms, timeout=timeout, wrap=wrap)


def measure(commands: list[Command], runs: int, timeout: float, progress: Callable[[str], None]) -> list[Result]:
    """One warm-up each, `runs` interleaved rounds, then one run each under GNU time for peak memory.

    The rounds rotate the order so that noise falls on all commands alike. The
    timed runs are not wrapped in /usr/bin/time (it adds a few milliseconds
    to every time); the memory run comes last, in the same cache state.
    """
    results = [Result(c) for c in commands]

    def record(result: Result, run: int, phase: str) -> bool:
        if result.command.before:
            result.command.before(run)
        limit = result.command.limit
        outcome = execute(result.command, min(timeout, limit) if limit else timeout, wrap=phase == "memory")
        if outcome.timed_out and limit and limit < timeout:
            result.note = f"skipped: a single run took over {limit:g} s"
            return False
        if not outcome.ok:
            why = "timed out" if outcome.timed_out else f"exit {outcome.code}"
            result.failure = f"{why}: {outcome.stderr_tail or '(no stderr)'}"
            return False
        if phase == "memory":
            result.peaks_kib.append(outcome.peak_kib)
        elif phase == "timed":
            result.seconds.append(outcome.seconds)
            result.cpu.append(outcome.cpu)
            if result.command.inner_ms:
                try:
                    result.inner.append(float(outcome.stdout.strip().splitlines()[-1]))
                except (ValueError, IndexError):
                    result.failure = f"printed no time: {outcome.stdout.strip()[:80]!r}"
                    return False
        return True

    for result in results:
        progress(f"  warm-up: {result.command.label}")
        started = time.perf_counter()
        record(result, -1, "warm-up")
        progress(f"    {time.perf_counter() - started:.2f} s" + (f" ({result.failure})" if result.failure else ""))
    live = [r for r in results if not r.failure and not r.note]
    for run in range(runs):
        progress(f"  round {run + 1}/{runs}")
        shift = run % len(live) if live else 0
        for result in live[shift:] + live[:shift]:
            if not result.failure:
                record(result, run, "timed")
    progress("  peak memory")
    for result in live:
        if not result.failure:
            record(result, runs, "memory")
    return results


# --- bases -----------------------------------------------------------------------------------


@dataclass
class Base:
    name: str
    path: Path
    size: int | None  # observations asked of make_base.py; None for the shipped base
    export: Path
    facts: int = 0
    files: list[Path] = field(default_factory=list)
    sample_id: str = ""
    trend_metric: str = ""  # the metric with the most observations
    topic_metrics: list[str] = field(default_factory=list)
    cache_file: Path | None = None  # its warm cache
    yaml_bytes: int = 0
    export_failure: str | None = None
    notes: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    restore: Callable[[], None] | None = None  # undoes the edit-one-file case

    def result(self, key: str) -> Result | None:
        return next((r for r in self.results if r.command.key == key), None)


def yaml_files(path: Path) -> list[Path]:
    """The base's YAML files in the loader's order: registries, then articles by name."""
    files = [path / name for name in REGISTRY_FILES if (path / name).is_file()]
    return files + sorted((path / "articles").glob("*.yaml"))


def generator_stamp(size: int) -> str:
    """The first line make_base.py would write into base.yaml now (see make_base.stamp)."""
    sys.path.insert(0, str(BENCH))
    try:
        import make_base
    finally:
        sys.path.remove(str(BENCH))
    return make_base.stamp(size, make_base.SEED)


def build_base(size: int, progress: Callable[[str], None]) -> Path:
    """The synthetic base of `size` observations, written by make_base.py unless it is already there."""
    path = BASES / str(size)
    header = path / "base.yaml"
    first = header.read_text(encoding="utf-8").split("\n", 1)[0] if header.is_file() else ""
    if first != generator_stamp(size):
        progress(f"writing the synthetic base of {size:,} observations into {path}")
        subprocess.run(
            [PYTHON, str(BENCH / "make_base.py"), "--observations", str(size), "--out", str(path)], check=True
        )
    return path


def export(base: Base, xining: str, topic: str, progress: Callable[[str], None]) -> None:
    """`xining facts --json` into a file for jq; also fills the warm cache and picks an id for `show`."""
    stale = not base.export.is_file() or base.export.stat().st_mtime < (base.path / "base.yaml").stat().st_mtime
    if base.size is None or stale:
        progress(f"exporting {base.name} as JSON (this also builds its warm cache)")
        base.export.parent.mkdir(parents=True, exist_ok=True)
        partial = base.export.with_suffix(".partial")
        outcome = run_once(
            [xining, "--base", str(base.path), "facts", "--json"], environment(WARM_CACHE), stdout_to=partial
        )
        if not outcome.ok:
            base.export_failure = f"exit {outcome.code}: {outcome.stderr_tail}"
            partial.unlink(missing_ok=True)
            return
        partial.replace(base.export)
    run_once([xining, "--base", str(base.path), "info"], environment(WARM_CACHE))  # the warm cache exists
    records = json.loads(base.export.read_text(encoding="utf-8"))
    base.facts = len(records)
    observations = sorted(r["id"] for r in records if r.get("kind") == "observation")
    base.sample_id = observations[len(observations) // 2] if observations else (records[0]["id"] if records else "")
    base.topic_metrics = sorted({r["metric"] for r in records if r.get("topic") == topic and r.get("metric")})
    counts: dict[str, int] = {}
    for record in records:
        if record.get("metric"):
            counts[record["metric"]] = counts.get(record["metric"], 0) + 1
    base.trend_metric = min(counts, key=lambda m: (-counts[m], m)) if counts else ""
    base.cache_file = warm_cache_of(base.path)


def warm_cache_of(path: Path) -> Path | None:
    """The warm cache file of a base: the one whose meta table names the base's folder."""
    import sqlite3

    for candidate in sorted(WARM_CACHE.glob("*.sqlite")):
        try:
            with contextlib.closing(sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'base'").fetchone()
        except sqlite3.Error:
            continue
        if row and row[0] == str(path.resolve()):
            return candidate
    return None


# --- tools ------------------------------------------------------------------------------------


def tool_version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else ""


def detect_yq() -> tuple[str | None, str]:
    """Which yq is installed: 'python' (kislyuk's jq wrapper), 'go' (mikefarah's v4), or None, and why."""
    path = shutil.which("yq")
    if path is None:
        return None, "yq is not installed: the yq rows are skipped"
    version = tool_version([path, "--version"])
    if "mikefarah" in version:
        if " v3" in version or "version 3" in version:
            return None, f"{version}: Go yq v3 has another syntax; the yq rows are skipped"
        return "go", f"Go yq ({version})"
    try:
        help_text = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        help_text = ""
    if "jq" in help_text:
        return "python", f"Python yq, a jq wrapper ({version or 'version unknown'}; {path})"
    return None, f"{path} is an unknown yq ({version}): the yq rows are skipped"


def yq_command(flavor: str, base: Base, topic: str) -> list[str]:
    """The topic filter over the YAML files, in the syntax of the yq that is installed."""
    articles = [str(p) for p in sorted((base.path / "articles").glob("*.yaml"))]
    if flavor == "python":
        return ["yq", "-c", "-n", "--arg", "t", topic, PY_YQ_FILTER, str(base.path / "metrics.yaml"), *articles]
    # Go yq: eval-all over the articles; the topic's metric ids (from the export) are spelled out.
    metrics = " or ".join(f'.metric == "{m}"' for m in base.topic_metrics) or "false"
    expression = (
        f"[((.observations // [])[] | select({metrics})),"
        f' (((.designations // []) + (.milestones // []))[] | select(.topic == "{topic}"))]'
    )
    return ["yq", "eval-all", "-o=json", expression, *articles]


# --- the benchmark of one base ------------------------------------------------------------------


def read_commands(base: Base, args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    """Every read command a user runs, with its arguments for this base (piped: plain lines)."""
    commands = [
        ("show", [base.sample_id] if base.sample_id else []),
        ("search", [args.search]),
        ("check", ["--file", str(CHECK_DRAFT), "--date", "2025-12-20", "--fail-on", "never"]),
        ("designations", []),
        ("timeline", []),
        ("compare", ["2024", "2025"]),
        ("trend", [base.trend_metric] if base.trend_metric else []),
        ("topics", []),
        ("sources", []),
        ("metrics", []),
        ("info", []),
    ]
    return [(name, words) for name, words in commands if words or name not in ("show", "trend")]


def commands_for(base: Base, xining: str, args: argparse.Namespace, tools: dict[str, object]) -> list[Command]:
    """Every row timed for one base, in the order they are shown."""
    b = ["--base", str(base.path)]
    topic = args.topic
    facts = [xining, *b, "facts", "--topic", topic, "--json"]
    rows = [
        Command("floor", "F: `python -c pass`", [PYTHON, "-c", "pass"]),
        Command("bare", "B: bare Typer app, one-line command", [PYTHON, str(BARE_APP), "hello"]),
        Command("facts-warm", f"`xining facts --topic {topic} --json` (warm)", facts, "warm"),
    ]
    for name, words in read_commands(base, args):
        shown = " ".join([name, *words]).replace(f"{BENCH}/", "benchmarks/")  # no machine path in the report
        rows.append(Command(name, f"`xining {shown}` (warm)", [xining, *b, name, *words], "warm"))
    if base.size is not None:
        worst = [xining, *b, "search", WORST_SEARCH]
        rows.append(
            Command("search-worst", f"`xining search '{WORST_SEARCH}'` (warm: 8 words, no match)", worst, "warm")
        )
    if base.size is None:  # start-up and help do not depend on the base
        rows.append(Command("bare-help", "bare Typer app `--help`", [PYTHON, str(BARE_APP), "--help"]))
        rows.append(Command("help", "`xining --help`", [xining, "--help"]))
        for name in HELP_COMMANDS:
            rows.append(Command(f"help-{name}", f"`xining {name} --help`", [xining, name, "--help"]))
    rows.append(Command("facts-cold", f"`xining facts --topic {topic} --json` (cold: empty cache)", facts, "cold"))
    if tools["no_cache"]:
        rows.append(
            Command(
                "facts-nocache",
                f"`xining --no-cache facts --topic {topic} --json`",
                [xining, *b, "--no-cache", "facts", "--topic", topic, "--json"],
            )
        )
    if tools["jq"] and base.export.is_file() and not base.export_failure:
        rows.append(
            Command(
                "jq", f"jq: topic {topic} from the JSON export", ["jq", JQ_FILTER.format(topic=topic), str(base.export)]
            )
        )
    if tools["sqlite3"] and base.cache_file is not None:
        query = f"SELECT record FROM facts WHERE topic = '{topic}' ORDER BY id"
        rows.append(
            Command("sqlite3", "sqlite3 CLI: the same query on the cache", ["sqlite3", str(base.cache_file), query])
        )
    if tools["yq"]:
        rows.append(
            Command(
                "yq",
                f"yq ({tools['yq']}): topic {topic} from the YAML",
                yq_command(str(tools["yq"]), base, topic),
                limit=args.yq_limit,
            )
        )
    files = [str(p) for p in base.files]
    rows.append(
        Command("libyaml", "libyaml alone: parse every YAML file (CSafeLoader)", [PYTHON, "-c", LIBYAML_ALL, *files])
    )
    if base.size is not None and (base.path / "articles").is_dir():
        rows += edit_commands(base, facts)
    return rows


def edit_commands(base: Base, facts: list[str]) -> list[Command]:
    """Touching one article (same content, new time) and editing it, each followed by the warm call."""
    articles = sorted((base.path / "articles").glob("*.yaml"))
    if not articles:
        return []
    article = articles[len(articles) // 2]
    original = article.read_bytes()
    base.notes.append(f"edited file: `{article.relative_to(base.path).as_posix()}` ({len(original) / 1024:.0f} KiB)")

    def touch(run: int) -> None:
        article.touch()  # a new modification time, the same content: the cache must not re-parse it

    def edit(run: int) -> None:
        # New content every run (not just a new mtime): the cache re-parses a file only when its SHA-256 changes.
        article.write_bytes(original + f"# benchmark edit {time.time_ns()} {run}\n".encode())

    def restore() -> None:
        article.write_bytes(original)

    base.restore = restore
    return [
        Command("touch", "touch one article, then `xining facts ...` (warm otherwise)", facts, "warm", before=touch),
        Command("edit", "edit one article, then `xining facts ...` (warm otherwise)", facts, "warm", before=edit),
        Command(
            "libyaml-one",
            "libyaml alone: parse that one article (in-process, no start-up)",
            [PYTHON, "-c", LIBYAML_ONE_MS, str(article)],
            inner_ms=True,
        ),
    ]


# --- reporting --------------------------------------------------------------------------------


def fmt_ms(value: float | None) -> str:
    return "—" if value is None else (f"{value:,.0f}" if value >= 100 else f"{value:.1f}")


def table(base: Base) -> list[str]:
    floor = base.result("floor")
    f_ms = floor.median_ms if floor else None
    lines = ["| command | median ms | in F | CPU ms | peak MiB |", "| --- | ---: | ---: | ---: | ---: |"]
    for result in base.results:
        ms = result.median_ms
        in_f = f"{ms / f_ms:.2f}" if ms is not None and f_ms and not result.command.inner_ms else "—"
        peak = f"{result.peak_mib:.1f}" if result.peak_mib is not None else "—"
        if result.failure:
            shown = "failed"
        elif result.note:
            shown = "skipped"
        else:
            shown = fmt_ms(ms)
        lines.append(f"| {result.command.label} | {shown} | {in_f} | {fmt_ms(result.cpu_ms)} | {peak} |")
    problems = [r for r in base.results if r.failure or r.note]
    if problems or base.notes:
        lines.append("")
    lines += [f"- {note}" for note in base.notes]
    for r in problems:
        what = r.failure if r.failure else r.note
        lines.append(f"- {r.command.label}: {'FAILED, ' if r.failure else ''}{what}")
    return lines


def ratio_line(label: str, value: float | None, limit: float, budget: float | None, unit: str, explain: str) -> str:
    """'measured / budget = ratio (limit ...): PASS|MISS', or why it could not be judged."""
    if value is None or budget is None or budget <= 0:
        return f"- {label}: not measured ({explain})"
    ratio = value / budget
    verdict = "PASS" if ratio <= limit else "MISS"
    measured = f"{value:,.1f} {unit} against {budget:,.1f} {unit}"
    return f"- {label}: {measured} → **{ratio:.2f}** (limit {limit:g}): **{verdict}**"


WARM_READS = ("facts-warm", "show", "search", "designations", "timeline", "compare", "trend", "topics", "sources",
              "metrics", "info")  # fmt: skip


def targets(bases: list[Base], topic: str) -> list[str]:
    """Every target of the benchmark, each as measured / budget = ratio against its limit."""
    shipped = next((b for b in bases if b.size is None), None)

    def ms(base: Base | None, key: str, cpu: bool = False) -> float | None:
        result = base.result(key) if base else None
        return (result.cpu_ms if cpu else result.median_ms) if result else None

    def label(base: Base | None, key: str) -> str:
        result = base.result(key) if base else None
        return result.command.label.replace(" (warm)", "") if result else key

    lines = ["## Targets", "", "(a) shipped base, warm, against B (the bare Typer app's one-line command):"]
    for key in WARM_READS:
        lines.append(ratio_line(f"{label(shipped, key)} ≤ 1.25 × B", ms(shipped, key), 1.25, ms(shipped, "bare"), "ms",
                                "not run or failed"))  # fmt: skip
    lines += ["", "(a) help, against the bare Typer app's `--help`:"]
    for key in ("help", *(f"help-{name}" for name in HELP_COMMANDS)):
        lines.append(ratio_line(f"{label(shipped, key)} ≤ 1.1 × bare `--help`", ms(shipped, key), 1.1,
                                ms(shipped, "bare-help"), "ms", "not run or failed"))  # fmt: skip
    big = next((b for b in bases if b.size == TARGET_SIZE), None)
    stand_in = big or max((b for b in bases if b.size is not None), key=lambda b: b.size or 0, default=None)
    if stand_in is None:
        return lines
    where = f"N={stand_in.size:,}"
    if big is None:
        lines += ["", f"N={TARGET_SIZE:,} was not run (see --sizes): the largest base run, {where}, stands in."]
    lines += ["", f"(b) {where}, warm, against the same command on the shipped base:"]
    for key, limit in (("search", 1.5), ("compare", 2.0), ("show", 1.3)):
        lines.append(ratio_line(f"{label(stand_in, key)} ≤ {limit:g} × on the shipped base", ms(stand_in, key),
                                limit, ms(shipped, key), "ms", "not run or failed"))  # fmt: skip
    lines.append(ratio_line(f"{label(stand_in, 'search-worst')} ≤ 1 s", ms(stand_in, "search-worst"), 1.0, 1000.0,
                            "ms", "not run or failed"))  # fmt: skip
    lines += [
        "",
        "(g) `xining check` of a 3,000-character draft with 68 claims, against a warm search of the same base:",
    ]
    for base, limit in ((shipped, 1.5), (stand_in, 2.0)):
        name = "the shipped base" if base is shipped else where
        lines.append(ratio_line(f"check ≤ {limit:g} × search, {name}", ms(base, "check"), limit, ms(base, "search"),
                                "ms", "not run or failed"))  # fmt: skip
    facts = f"`xining facts --topic {topic} --json`"
    lines += ["", f"(c) {where}, {facts}, warm:"]
    lines.append(ratio_line(f"{facts} ≤ 0.1 × jq on the JSON export", ms(stand_in, "facts-warm"), 0.1,
                            ms(stand_in, "jq"), "ms", "jq missing or a command failed"))  # fmt: skip
    lines.append(ratio_line(f"{facts} ≤ 10 × the sqlite3 CLI running the same query on the cache",
                            ms(stand_in, "facts-warm"), 10, ms(stand_in, "sqlite3"), "ms",
                            "sqlite3 missing or a command failed"))  # fmt: skip
    lines += ["", f"(d) {where}, after a change to one article:"]
    lines.append(ratio_line("touching it (same content), then the warm call ≤ 1.1 × the warm call",
                            ms(stand_in, "touch"), 1.1, ms(stand_in, "facts-warm"), "ms", "not run"))  # fmt: skip
    one, warm = ms(stand_in, "libyaml-one"), ms(stand_in, "facts-warm")
    lines.append(ratio_line("editing it, then the call ≤ 2 × (the warm call + libyaml parsing that file)",
                            ms(stand_in, "edit"), 2.0, (one + warm) if one is not None and warm is not None else None,
                            "ms", "not run"))  # fmt: skip
    lines.append("  (the one-file parse is timed inside Python, without start-up: the warm call already pays for one)")
    lines += ["", f"(e) {where}, the cache and the cold build:"]
    cache_mib = stand_in.cache_file.stat().st_size / 1048576 if stand_in.cache_file else None
    lines.append(ratio_line("cache file ≤ 3 × the YAML on disk", cache_mib, 3.0, stand_in.yaml_bytes / 1048576,
                            "MiB", "no warm cache found"))  # fmt: skip
    lines.append(ratio_line(f"{facts} with an empty cache ≤ 1.1 × libyaml parsing every file (wall)",
                            ms(stand_in, "facts-cold"), 1.1, ms(stand_in, "libyaml"), "ms", "not run"))  # fmt: skip
    lines.append(ratio_line("the same, CPU time (user + system, worker processes included)",
                            ms(stand_in, "facts-cold", cpu=True), 1.1, ms(stand_in, "libyaml", cpu=True), "ms",
                            "not run"))  # fmt: skip
    lines += ["", f"(f) {where}, peak memory of every warm command ≤ 50 MiB:"]
    for key in (*WARM_READS, "check", "touch", "edit"):
        result = stand_in.result(key)
        peak = result.peak_mib if result else None
        lines.append(ratio_line(label(stand_in, key), peak, 1.0, 50.0, "MiB", "not run or failed"))
    return lines


def machine(tools: dict[str, object], xining: str) -> list[str]:
    """What the numbers were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    typer_version = tool_version([PYTHON, "-c", "import importlib.metadata as m; print(m.version('typer'))"])
    return [
        f"- machine: nproc {nproc}{f' ({cpu})' if cpu else ''}, {platform.system()} {platform.release()}, "
        f"load average {load} at the start",
        f"- Python {platform.python_version()} ({shown_path(PYTHON)}), Typer {typer_version or '?'}, "
        f"{tool_version([xining, '--version']) or 'xining ?'}",
        f"- jq: {tools['jq_version'] or 'not installed'}; yq: {tools['yq_note']}",
    ]


def write_report(
    path: Path, bases: list[Base], args: argparse.Namespace, header: list[str], notes: list[str], elapsed: float
) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# xining benchmarks",
        "",
        f"Written by `python benchmarks/run.py` on {when} in {elapsed:.0f} s "
        f"(runs {args.runs}, sizes {','.join(str(s) for s in args.sizes)}).",
        "",
        *header,
        "",
        f"Each time is the median of {args.runs} runs of the whole process after one warm-up, the commands "
        'interleaved round by round, each round starting one command later; "in F" divides it by the median '
        "of `python -c pass`. Peak MiB is the peak resident set of the process (see above). Warm: the cache in "
        "benchmarks/bases/cache is already built; cold: each run gets a new, empty XINING_CACHE_DIR. The "
        "edit case appends a comment line to one article before each run (new content, so its SHA-256 "
        f"changes) and restores the file at the end. yq is skipped where one run takes over {args.yq_limit:g} s.",
    ]
    lines += ["", *(f"- {note}" for note in notes)] if notes else []
    for base in bases:
        title = "shipped base (facts/)" if base.size is None else f"synthetic base, N={base.size:,} observations"
        lines += ["", f"## {title}", ""]
        if base.export_failure:
            lines.append(f"- export with `xining facts --json` FAILED ({base.export_failure}); jq is skipped")
        lines.append(
            f"{base.facts:,} facts in {len(base.files):,} YAML files "
            f"({sum(p.stat().st_size for p in base.files) / 1048576:.1f} MiB); `{base.path.relative_to(REPO)}`"
        )
        lines += ["", *table(base)]
    lines += ["", *targets(bases, args.topic), ""]
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text


# --- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command, after one warm-up (7)")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="synthetic base sizes in observations, comma-separated (1000,10000,100000)",
    )
    parser.add_argument(
        "--out", type=Path, default=BENCH / "RESULTS.md", help="Markdown report (benchmarks/RESULTS.md)"
    )
    parser.add_argument("--topic", default="ecology", help="topic for facts, jq and yq (ecology)")
    parser.add_argument("--search", default="碳达峰", help="text for `xining search` (碳达峰)")
    parser.add_argument("--yq-limit", type=float, default=YQ_LIMIT, help="skip yq when one run exceeds this (120 s)")
    parser.add_argument(
        "--clear-cache",
        action="store_true",
        help="empty benchmarks/bases/cache first (a cache from another xining may not be rebuilt by itself)",
    )
    parser.add_argument("--timeout", type=float, default=900, help="a run slower than this counts as failed (900 s)")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes {args.sizes}: give whole numbers separated by commas, such as 1000,10000")
    if args.runs < 1 or any(s < 1 for s in args.sizes):
        parser.error("--runs and every size must be at least 1")
    return args


def shown_path(path: str) -> str:
    """A path as the report shows it: relative to the repository when inside it, so no machine's layout leaks in."""
    try:
        return Path(path).relative_to(REPO).as_posix()
    except ValueError:
        return Path(path).name


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()

    def progress(message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    beside = Path(PYTHON).parent / "xining"
    xining = str(beside) if beside.is_file() else shutil.which("xining")
    if xining is None:
        sys.stderr.write("run.py: no `xining` beside this Python or on PATH; run it with the project's venv Python\n")
        return 2
    # Compile xining's modules as `pip install` does, whatever the environment says about bytecode.
    package = Path(__file__).resolve().parents[1] / "xining"
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=False, env=environment(None))
    yq_flavor, yq_note = detect_yq()
    jq = shutil.which("jq")
    help_out = subprocess.run([xining, "--help"], capture_output=True, text=True, env=environment(WARM_CACHE))
    tools: dict[str, object] = {
        "jq": jq,
        "jq_version": tool_version([jq, "--version"]) if jq else "",
        "yq": yq_flavor,
        "yq_note": yq_note,
        "no_cache": "--no-cache" in help_out.stdout,
        "sqlite3": shutil.which("sqlite3"),
    }
    notes = []
    if not jq:
        notes.append("jq is not installed: the jq rows and target (b)'s jq ratio are skipped")
    if not tools["sqlite3"]:
        notes.append("the sqlite3 command-line shell is not installed: its row and ratio are skipped")
    if yq_flavor == "go":
        notes.append("the Go yq expression was written without a Go yq to try it on; check its row")
    commit = tool_version(["git", "-C", str(REPO), "log", "-1", "--format=%h %s"])
    dirty = tool_version(["git", "-C", str(REPO), "status", "--porcelain", "--", "xining"])
    header = [
        f"- code: commit {commit[:72] or '?'}{' (with uncommitted changes to xining/)' if dirty else ''}",
        *machine(tools, xining),
        f"- {wrapper_cost()}",
        "- bytecode: xining's modules are compiled (`python -m compileall`) before anything is timed, and the "
        "timed processes run without PYTHONDONTWRITEBYTECODE; with it set, an editable install recompiles "
        "xining's source on every call, which alone adds a fifth to a warm call",
    ]

    if args.clear_cache and WARM_CACHE.is_dir():
        shutil.rmtree(WARM_CACHE)
    WARM_CACHE.mkdir(parents=True, exist_ok=True)
    bases = [Base("shipped", SHIPPED, None, BASES / "json" / "shipped.json")]
    for size in args.sizes:
        path = build_base(size, progress)
        bases.append(Base(f"N={size}", path, size, BASES / "json" / f"{size}.json"))
    for base in bases:
        progress(f"== {base.name}: {base.path}")
        base.files = yaml_files(base.path)
        base.yaml_bytes = sum(p.stat().st_size for p in base.files)
        export(base, xining, args.topic, progress)
        commands = commands_for(base, xining, args, tools)
        try:
            base.results = measure(commands, args.runs, args.timeout, progress)
        finally:
            if base.restore:
                base.restore()
                run_once([xining, "--base", str(base.path), "info"], environment(WARM_CACHE))  # re-warm the cache
    text = write_report(args.out, bases, args, header, notes, time.perf_counter() - started)
    print(text)
    progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
