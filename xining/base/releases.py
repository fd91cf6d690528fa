"""Releases of a fact base: the changelog's entries, a digest of what the base says, and the check
that the facts have not changed since the last release without a new one.

Each entry of `CHANGELOG.md` starts with `## RELEASE (YYYY-MM-DD, schema N)` and records the digest of
the base it released on a line `Digest: HEX`, and, once the release is merged, the commit that holds it
on a line `Commit: HEX` (so that a release is found by its name without git tags, which a clone does not
always carry). The digest covers what the base says (facts, metrics,
sources, topics, units, relations), not how its files are laid out: reordering records, comments
and line breaks do not change it, and neither does a new optional field of the model left at its
default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xining.errors import Problem

if TYPE_CHECKING:
    from xining.base.model import FactBase

CHANGELOG = "CHANGELOG.md"
DIGEST_LENGTH = 16  # hex digits: plenty to tell releases apart, short enough to read
_HEADING = re.compile(r"^## +(?P<release>\S+)(?: +\((?P<details>[^)]*)\))? *$")
_DIGEST = re.compile(r"^Digest: *`?(?P<digest>[0-9a-f]+)`? *$")
_COMMIT = re.compile(r"^Commit: *`?(?P<commit>[0-9a-f]{7,40})`? *$")


@dataclass(frozen=True, slots=True)
class Release:
    """One entry of the changelog."""

    release: str
    date: date | None
    schema: int | None
    digest: str | None
    text: str  # what changed, as the entry words it (without its heading and digest line)
    line: int  # of the heading, in CHANGELOG.md
    digest_line: int | None
    commit: str | None = None  # the git commit that holds the release, recorded once it is merged


def read_changelog(base_dir: Path) -> tuple[Release, ...] | None:
    """The releases recorded in the base's CHANGELOG.md, newest first; None when the base keeps none."""
    path = base_dir / CHANGELOG
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    releases: list[Release] = []
    start: int | None = None
    for number, line in enumerate([*lines, "## end"], 1):
        if line.startswith("## "):
            if start is not None:
                releases.append(_entry(lines, start, number - 1))
            start = number if number <= len(lines) else None
    return tuple(releases)


def _entry(lines: list[str], heading: int, last: int) -> Release:
    match = _HEADING.match(lines[heading - 1])
    release = match["release"] if match else lines[heading - 1][3:].strip()
    day: date | None = None
    schema: int | None = None
    for part in (match["details"] or "").split(",") if match else ():
        part = part.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
            try:
                day = date.fromisoformat(part)
            except ValueError:
                day = None
        elif found := re.fullmatch(r"schema (\d+)", part):
            schema = int(found[1])
    digest: str | None = None
    digest_line: int | None = None
    commit: str | None = None
    body: list[str] = []
    for number in range(heading + 1, last + 1):
        line = lines[number - 1]
        if found_digest := _DIGEST.match(line.strip()):
            digest, digest_line = found_digest["digest"], number
        elif found_commit := _COMMIT.match(line.strip()):
            commit = found_commit["commit"]
        else:
            body.append(line)
    return Release(release, day, schema, digest, _unwrapped(body), heading, digest_line, commit)


def _unwrapped(lines: list[str]) -> str:
    """Markdown lines with each paragraph and list item on one line, for a terminal to wrap to its width."""
    joined: list[str] = []
    for line in lines:
        text = line.strip()
        continues = joined and joined[-1] and text and not text.startswith(("- ", "* ", "#"))
        if continues and (line.startswith(" ") or not joined[-1].startswith("- ")):
            joined[-1] += " " + text
        else:
            joined.append(text)
    return "\n".join(joined).strip()


def latest(base_dir: Path) -> Release | None:
    releases = read_changelog(base_dir)
    return releases[0] if releases else None


def entry(base_dir: Path, release: str) -> Release | None:
    """The changelog entry of a release, if the base records one."""
    return next((r for r in read_changelog(base_dir) or () if r.release == release), None)


# --- the digest of what a base says ------------------------------------------------------


def digest(base: FactBase) -> str:
    """A short SHA-256 of the base's content, independent of file layout and record order."""
    import hashlib
    import json

    content = {
        "topics": sorted((canonical(t) for t in base.topics.values()), key=lambda r: r["id"]),
        "units": sorted((canonical(u) for u in base.units.values()), key=lambda r: r["symbol"]),
        "metrics": sorted((canonical(m) for m in base.metrics.values()), key=lambda r: r["id"]),
        "sources": sorted((canonical(s) for s in base.sources.values()), key=lambda r: r["id"]),
        "facts": sorted(({"kind": f.kind.value, **canonical(f)} for f in base.facts), key=lambda r: r["id"]),
        "relations": sorted((canonical(link) for link in base.links), key=lambda r: (r["relation"], r["facts"])),
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def canonical(value: Any) -> Any:
    """A model object as plain data: fields at their default left out, so a new optional field changes nothing.

    Where a record is in its file (its origin) takes no part; a calendar point is its token.
    """
    from xining.base.codec import encode
    from xining.base.periods import Point
    from xining.base.recordtypes import compared_fields, is_record

    if isinstance(value, Point):
        return value.token
    if is_record(value):
        defaults = type(value)._field_defaults  # type: ignore[attr-defined]
        data: dict[str, Any] = {}
        for name in compared_fields(type(value)):
            item = getattr(value, name)
            if name in defaults and item == defaults[name]:
                continue
            data[name] = canonical(item)
        return data
    if isinstance(value, (tuple, list)):
        return [canonical(item) for item in value]
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    return encode(value)  # enums, decimals, dates and plain values as the compiled cache writes them


# --- the release check ------------------------------------------------------------------------


def check_release(base_dir: Path, base: FactBase) -> list[Problem]:
    """The release in base.yaml has its changelog entry, and the facts are what that release recorded."""
    releases = read_changelog(base_dir)
    if releases is None:
        return []  # a base that keeps no changelog has no releases to check
    release_line = _line_of(base_dir / "base.yaml", "release:")
    now = digest(base)
    if not releases:
        return [Problem(CHANGELOG, 1, f"no release entries; add '## {base.release} (YYYY-MM-DD, schema N)'")]
    newest = releases[0]
    problems: list[Problem] = []
    if newest.release != base.release:
        if any(r.release == base.release for r in releases):
            message = (
                f"release {base.release} is older than the newest entry of {CHANGELOG} ({newest.release}); "
                f"give base.yaml the release {newest.release} or later"
            )
        else:
            message = (
                f"release {base.release} has no entry in {CHANGELOG} (its newest is {newest.release}); "
                f"add '## {base.release} ({date.today().isoformat()}, schema {base.schema_version})' at the top, "
                f"with what changed and the line 'Digest: {now}'"
            )
        return [Problem("base.yaml", release_line, message)]
    if newest.date is None:
        problems.append(
            Problem(
                CHANGELOG, newest.line, f"release {newest.release}: give its date: '## {newest.release} (YYYY-MM-DD)'"
            )
        )
    if newest.schema is not None and newest.schema != base.schema_version:
        problems.append(
            Problem(
                CHANGELOG,
                newest.line,
                f"release {newest.release} says schema {newest.schema}, but base.yaml has {base.schema_version}",
            )
        )
    if newest.digest is None:
        problems.append(
            Problem(
                CHANGELOG,
                newest.line,
                f"release {newest.release} records no digest of its facts; add the line 'Digest: {now}' to its entry",
            )
        )
    elif newest.digest != now:
        problems.append(
            Problem(
                CHANGELOG,
                newest.digest_line or newest.line,
                f"the facts differ from release {newest.release} as recorded (digest {newest.digest}, now {now}): "
                f"if {newest.release} is released, bump 'release' in base.yaml and add an entry for the new release "
                f"with 'Digest: {now}'; if it is not yet, record 'Digest: {now}'",
            )
        )
    return problems


def _line_of(path: Path, prefix: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(prefix):
                return number
    except OSError:
        pass
    return 1
