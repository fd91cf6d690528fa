"""Time the same commands of two checkouts of xining, paired in one run, and print new / old.

    python benchmarks/versus.py OLD_CHECKOUT NEW_CHECKOUT [--runs 15]

A change that should not change speed (a reorganisation of the code, say) is
checked here: each command of the old checkout and of the new one runs in the
same rounds, interleaved as `run.py` interleaves its commands, so that machine
noise falls on both alike; the ratio of their medians is the answer. Both run
with this virtualenv's Python and dependencies, each from its own folder (put
first on sys.path by a one-line launcher), on its own shipped base, with warm
caches; both checkouts are compiled to bytecode first.

With `--instructions`, each command instead runs once under valgrind's
callgrind, which counts the instructions executed: the same count for the same
code, inputs and environment whatever else the machine is doing, so the ratio
holds on a busy machine where wall times do not (a run takes a few seconds).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

LAUNCHER = "import sys; sys.path.insert(0, {folder!r}); sys.argv[0] = 'xining'; from xining.cli import main; main()\n"


def commands(name: str, launcher: Path, base: Path) -> list[run.Command]:
    """The shipped-base commands of run.py's table (a), for one checkout."""
    xining = [run.PYTHON, str(launcher)]
    b = ["--base", str(base)]
    rows = [
        ("facts", [*b, "facts", "--topic", "ecology", "--json"]),
        ("show", [*b, "show", "air-good-days-2024-h1"]),
        ("search", [*b, "search", "碳达峰"]),
        ("designations", [*b, "designations"]),
        ("timeline", [*b, "timeline"]),
        ("compare", [*b, "compare", "2024", "2025"]),
        ("trend", [*b, "trend", "air-good-days-share"]),
        ("topics", [*b, "topics"]),
        ("sources", [*b, "sources"]),
        ("metrics", [*b, "metrics"]),
        ("info", [*b, "info"]),
        ("cite", [*b, "cite", "--all"]),
        ("help", ["--help"]),
        ("facts --help", ["facts", "--help"]),
    ]
    return [run.Command(f"{name}:{key}", f"{key} ({name})", [*xining, *words], "warm") for key, words in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--runs", type=int, default=15, help="timed rounds after one warm-up (15)")
    parser.add_argument("--instructions", action="store_true", help="count instructions with callgrind instead")
    args = parser.parse_args(argv)
    launchers = Path(tempfile.mkdtemp(prefix="versus-"))
    paired: list[run.Command] = []
    sides: dict[str, list[run.Command]] = {}
    for name, folder in (("old", args.old.resolve()), ("new", args.new.resolve())):
        compileall.compile_dir(folder / "xining", quiet=1)
        launcher = launchers / f"{name}.py"
        launcher.write_text(LAUNCHER.format(folder=str(folder)), encoding="utf-8")
        sides[name] = commands(name, launcher, folder / "facts")
    for old, new in zip(sides["old"], sides["new"], strict=True):
        paired += [old, new]  # neighbours in every round
    if args.instructions:
        return count_instructions(sides)
    results = {r.command.key: r for r in run.measure(paired, args.runs, 300, lambda line: print(line, file=sys.stderr))}
    print(f"{'command':<14} {'old ms':>8} {'new ms':>8} {'new/old':>8} {'cpu new/old':>12}")
    ratios = []
    for command in sides["old"]:
        key = command.key.split(":", 1)[1]
        old, new = results[f"old:{key}"], results[f"new:{key}"]
        if old.median_ms is None or new.median_ms is None:
            print(f"{key:<14} failed: {old.failure or new.failure}")
            continue
        ratio = new.median_ms / old.median_ms
        cpu = (new.cpu_ms or 0) / (old.cpu_ms or 1)
        ratios.append(ratio)
        print(f"{key:<14} {old.median_ms:8.1f} {new.median_ms:8.1f} {ratio:8.3f} {cpu:12.3f}")
    if ratios:
        print(f"{'geometric mean':<14} {'':>8} {'':>8} {statistics.geometric_mean(ratios):8.3f}")
    return 0


def instructions(command: run.Command) -> int:
    """The instructions one warm run of a command executes (the cache is warmed by a plain run first)."""
    env = run.environment(run.WARM_CACHE)
    subprocess.run(command.argv, env=env, capture_output=True, check=True)
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + os.devnull, *command.argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if not found:
        raise SystemExit(f"callgrind printed no count for {command.label}")
    return int(found[1])


def count_instructions(sides: dict[str, list[run.Command]]) -> int:
    print(f"{'command':<14} {'old Minstr':>11} {'new Minstr':>11} {'new/old':>8}")
    ratios = []
    for old, new in zip(sides["old"], sides["new"], strict=True):
        key = old.key.split(":", 1)[1]
        before, after = instructions(old), instructions(new)
        ratios.append(after / before)
        print(f"{key:<14} {before / 1e6:11.1f} {after / 1e6:11.1f} {after / before:8.3f}", flush=True)
    print(f"{'geometric mean':<14} {'':>11} {'':>11} {statistics.geometric_mean(ratios):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
