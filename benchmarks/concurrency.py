"""Many processes on a cold cache: 32 started together against one alone, on a generated base.

    python benchmarks/concurrency.py [--observations 20000] [--processes 32] [--rounds 3]

Target: 32 concurrent cold runs finish within 2x the time of one cold run (the issue of
robustness: without a build lock, each process built its own cache, 62 s against 1.8 s).
One process builds, holding an flock beside the cache; the others wait for it and then read.

Why paired rounds: the machine's load changes from minute to minute, so each round times one
cold run and then the 32 together, each with a new, empty cache, and the ratio is taken per
round; the report gives every round and the median ratio. The base is generated once by
make_base.py (fixed seed), and left 2 s to age first, since a file changed within 2 s of being
read is compared again by content on the next call (see xining/cache/build.py). Bytecode is compiled
before timing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_base import SEED, write_base  # noqa: E402


def timed(command: list[str], processes: int, cache: Path) -> float:
    """Seconds from starting `processes` copies of `command` together until the last one ends."""
    environment = {**os.environ, "XINING_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    start = time.perf_counter()
    running = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
        for _ in range(processes)
    ]
    results = [(process.wait(), process.communicate()[1]) for process in running]
    elapsed = time.perf_counter() - start
    # A generated base that the checks refuse is compiled all the same (exit 1, one line): still timed.
    failures = [err for code, err in results if code != 0 and not err.endswith(b"for the full list\n")]
    if failures:
        raise SystemExit(f"concurrency: {len(failures)} runs failed; the first said: {failures[0].decode()}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--observations", type=int, default=20000)
    parser.add_argument("--processes", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    compileall.compile_dir(str(HERE.parent / "xining"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="xining-concurrency-") as scratch:
        base = Path(scratch) / "base"
        write_base(base, args.observations, SEED)
        time.sleep(2.1)
        command = [sys.executable, "-m", "xining", "--base", str(base), "facts", "--limit", "5", "--json"]
        rounds = []
        for number in range(args.rounds):
            caches = [Path(scratch) / f"cache-{number}-{kind}" for kind in ("one", "many")]
            one = timed(command, 1, caches[0])
            many = timed(command, args.processes, caches[1])
            leftovers = [p.name for p in caches[1].iterdir() if p.suffix == ".tmp"]
            rounds.append((one, many, leftovers))
            for cache in caches:
                shutil.rmtree(cache, ignore_errors=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# {args.processes} concurrent cold runs against one, {args.observations} observations")
    print(f"nproc {os.cpu_count()}, load average {load} at the end, Python {sys.version.split()[0]}\n")
    print(f"| round | one cold run s | {args.processes} together s | ratio | temporary files left |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for number, (one, many, leftovers) in enumerate(rounds, 1):
        print(f"| {number} | {one:.2f} | {many:.2f} | {many / one:.2f} | {len(leftovers)} |")
    ratio = statistics.median(many / one for one, many, _ in rounds)
    verdict = "met" if ratio <= 2 else "NOT met"
    print(f"\nmedian ratio {ratio:.2f}: target (at most 2.00) {verdict}")
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
