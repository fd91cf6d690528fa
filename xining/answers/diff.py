"""What changed between two fact bases: facts added, removed and changed field by field, and the
metrics, sources, topics, units and relations around them.

A side is a folder (`facts/`, `../old/facts`) or a git revision of the repository that holds the
base (`git:2026.11.0`, `git:HEAD~3`), read from git into a temporary folder and loaded by the one
loader.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xining.base.files import resolve_base
from xining.errors import EXIT_PROBLEMS, EXIT_USAGE, XiningError, closest

if TYPE_CHECKING:
    from xining.base.model import FactBase

GIT_PREFIX = "git:"
RELEASE_PREFIX = "release:"


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # a dotted path into the record: value, label.en, period.start, derived.inputs
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Described:
    """What an entry is, for the line that names it: its label, and for a fact its figure and period."""

    label: str
    record: dict[str, Any] | None = None  # a fact's JSON record, whose figure the line words
    period: str | None = None
    unreadable_in: str | None = None  # OLD or NEW: the side whose record this xining cannot read


@dataclass(frozen=True, slots=True)
class Change:
    what: str  # fact | metric | source | topic | unit | relation
    id: str
    change: str  # added | removed | changed | unreadable (one side has it, but this xining cannot read it there)
    described: Described
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Side:
    ref: str  # as given: a folder or git:REV
    release: str
    schema_version: int
    facts: int
    problems: tuple[str, ...]  # records this xining could not read (left out of the comparison)


@dataclass(frozen=True, slots=True)
class BaseDiff:
    old: Side
    new: Side
    changes: tuple[Change, ...]

    @property
    def differ(self) -> bool:
        return bool(self.changes)

    def count(self, what: str, change: str) -> int:
        return sum(1 for c in self.changes if c.what == what and c.change == change)


WHATS = ("fact", "metric", "source", "topic", "unit", "relation")
CHANGES = ("added", "removed", "changed", "unreadable")


def diff(old: str, new: str, base: str | Path | None = None) -> BaseDiff:
    """Compare two bases; `base` (the --base option) names the repository a git revision is read from."""
    old_side, old_base = load(old, base)
    new_side, new_base = load(new, base)
    changes = compare(old_base, new_base, _unreadable(old_side), _unreadable(new_side))
    return BaseDiff(old_side, new_side, tuple(changes))


_NAMED = re.compile(r"^[^:]+:\d+: (?:observation|designation|milestone) '([^']+)'")


def _unreadable(side: Side) -> frozenset[str]:
    """The ids of the facts a side has but this xining could not read (its problems name them)."""
    return frozenset(match[1] for problem in side.problems if (match := _NAMED.match(problem)))


def load(ref: str, base: str | Path | None = None) -> tuple[Side, FactBase]:
    from xining.base.loader import read_base

    with _folder(ref, base) as folder:
        try:
            fact_base, problems = read_base(folder)
        except XiningError as error:  # a base of a newer schema: say which side
            raise XiningError(f"{ref}: {error.message}", error.exit_code) from None
    header = [problem for problem in problems if problem.file == "base.yaml"]
    if header:  # a newer schema, or no header to speak of: nothing in it can be compared
        raise XiningError(f"{ref}: {header[0]}", EXIT_PROBLEMS)
    side = Side(ref, fact_base.release, fact_base.schema_version, len(fact_base.facts), tuple(map(str, problems)))
    return side, fact_base


def release_revision(name: str, base_dir: Path) -> str | None:
    """The git revision of a release the base's changelog names: the commit it records for it.

    None for the newest release when it records no commit yet (it is the base as it is: validate checks
    that the facts still match its digest). Tags are not needed: a fresh clone has the changelog.
    """
    from xining.base.releases import read_changelog

    releases = read_changelog(base_dir) or ()
    found = next((r for r in releases if r.release == name), None)
    if found is None:
        names = [r.release for r in releases]
        hint = closest(name, names)
        known = f"did you mean '{hint}'?" if hint else f"releases: {', '.join(names)}" if names else "no releases"
        raise XiningError(f"release:{name}: not in the changelog of {base_dir}; {known}", EXIT_USAGE)
    if found.commit is not None:
        return found.commit
    if found is releases[0]:
        return None
    raise XiningError(
        f"release:{name}: the changelog records no commit for it; add 'Commit: HASH' to its entry, "
        "or give git:REVISION",
        EXIT_PROBLEMS,
    )


@contextmanager
def _folder(ref: str, base: str | Path | None) -> Iterator[Path]:
    if ref.startswith(RELEASE_PREFIX):
        base_dir = resolve_base(base)
        revision = release_revision(ref[len(RELEASE_PREFIX) :], base_dir)
        if revision is None:
            yield base_dir
            return
        ref = GIT_PREFIX + revision
    if not ref.startswith(GIT_PREFIX):
        path = Path(ref)
        if not path.is_dir():
            raise XiningError(f"{ref}: not a folder; give a fact base folder or git:REVISION (git:HEAD~1)")
        if not (path / "base.yaml").is_file():
            raise XiningError(f"{ref}: not a fact base (no base.yaml in it)")
        yield path
        return
    import shutil
    import tempfile

    from xining import writing

    # The revision is written under the system's temporary folder, named with this process's pid: removed
    # on every exit (SIGTERM and SIGHUP unwind like Ctrl-C), and by a later diff if this one is killed.
    folder = Path(tempfile.gettempdir())
    writing.remove_stale(folder)
    (temporary,) = writing.temporary_names(folder, 1)
    with writing.ending_cleanly():
        try:
            temporary.mkdir(mode=0o700)
            yield _checkout(ref[len(GIT_PREFIX) :], resolve_base(base), temporary)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)


# What git reads from the environment to choose a repository, an index or objects other than the ones
# it finds from a folder (`git rev-parse --local-env-vars`). A diff reads the repository that holds the
# base, whatever a hook or a shell left set: these are cleared, deliberately, for every git it runs.
GIT_LOCAL_ENVIRONMENT = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)  # fmt: skip


def _git(repository: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    import os

    environment = {name: value for name, value in os.environ.items() if name not in GIT_LOCAL_ENVIRONMENT}
    try:
        return subprocess.run(["git", "-C", repository, *args], capture_output=True, check=False, env=environment)
    except FileNotFoundError:
        raise XiningError("git:…: git is not installed", EXIT_PROBLEMS) from None


def _git_says(done: subprocess.CompletedProcess[bytes]) -> str:
    """git's own reason, in its words: the first line of what it wrote on stderr."""
    import os

    lines = [line.strip() for line in os.fsdecode(done.stderr).splitlines() if line.strip()]
    return lines[0] if lines else f"git exited with {done.returncode}"


def _checkout(revision: str, base_dir: Path, into: Path) -> Path:
    """The base as it was at a revision of the repository that holds base_dir, written under `into`."""
    import io
    import os
    import tarfile

    if not revision or revision.startswith("-"):
        raise XiningError(f"git:{revision}: give a revision, such as git:HEAD~1 or git:2026.11.0")
    top = _git(base_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        said = _git_says(top)
        if "not a git repository" in said:  # a base outside git: a usage error, as before
            raise XiningError(f"git:{revision}: the fact base {base_dir}: {said}; give --base DIR", EXIT_USAGE)
        raise XiningError(f"git:{revision}: the fact base {base_dir}: {said}", EXIT_PROBLEMS)
    root = Path(os.fsdecode(top.stdout.rstrip(b"\r\n")))
    inside = base_dir.resolve().relative_to(root.resolve()).as_posix()
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit.returncode != 0:
        tags = [os.fsdecode(tag) for tag in _git(root, "tag", "--list").stdout.splitlines()]
        hint = closest(revision, tags)
        known = f"did you mean '{hint}'?" if hint else f"tags: {', '.join(tags[-5:])}" if tags else "no tags"
        raise XiningError(f"git:{revision}: no such revision in {root}; {known}", EXIT_USAGE)
    sha = commit.stdout.decode("ascii").strip()
    path = "." if inside == "." else inside
    archive = _git(root, "archive", "--format=tar", sha, "--", path)
    if archive.returncode != 0:
        raise XiningError(f"git:{revision}: has no fact base at {inside}/", EXIT_PROBLEMS)
    prefix = "" if inside == "." else inside + "/"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(prefix):
                continue
            relative = Path(member.name[len(prefix) :])
            if relative.is_absolute() or ".." in relative.parts:
                continue
            target = into / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            extracted = tar.extractfile(member)
            if extracted is not None:
                target.write_bytes(extracted.read())
    if not (into / "base.yaml").is_file():
        raise XiningError(f"git:{revision}: has no fact base at {inside}/ (no base.yaml)", EXIT_PROBLEMS)
    return into


# --- comparing ------------------------------------------------------------------------------


def compare(
    old: FactBase,
    new: FactBase,
    old_unreadable: frozenset[str] = frozenset(),
    new_unreadable: frozenset[str] = frozenset(),
) -> Iterator[Change]:
    for change in _entries("fact", _facts(old), _facts(new)):
        if (change.change == "added" and change.id in old_unreadable) or (
            change.change == "removed" and change.id in new_unreadable
        ):
            side = "OLD" if change.change == "added" else "NEW"
            described = replace(change.described, unreadable_in=side)
            yield Change(change.what, change.id, "unreadable", described, change.fields)
        else:
            yield change
    yield from _entries("metric", _registry(old.metrics), _registry(new.metrics))
    yield from _entries("source", _registry(old.sources), _registry(new.sources))
    yield from _entries("topic", _registry(old.topics), _registry(new.topics))
    yield from _entries("unit", _registry(old.units), _registry(new.units))
    yield from _entries("relation", _relations(old), _relations(new))


Entries = dict[str, tuple[dict[str, Any], Described]]  # id -> (flat record, what it is)


def _entries(what: str, old: Entries, new: Entries) -> Iterator[Change]:
    for key in sorted(old.keys() | new.keys()):
        if key not in old:
            yield Change(what, key, "added", new[key][1])
        elif key not in new:
            yield Change(what, key, "removed", old[key][1])
        else:
            before, after = old[key][0], new[key][0]
            fields = tuple(
                FieldChange(name, before.get(name), after.get(name))
                for name in sorted(before.keys() | after.keys(), key=_field_order)
                if before.get(name) != after.get(name)
            )
            if fields:
                yield Change(what, key, "changed", new[key][1], fields)


# The fields a reader checks first, in this order; the rest alphabetically after them.
FIRST = ("kind", "value", "unit", "qualifier", "figure", "period", "status", "quote", "label", "name", "source")


def _field_order(name: str) -> tuple[int, str]:
    head = name.split(".")[0]
    return (FIRST.index(head) if head in FIRST else len(FIRST), name)


def _facts(base: FactBase) -> Entries:
    from xining.base.numbers import number_text
    from xining.cache.records import fact_record

    entries: Entries = {}
    for fact in base.facts:
        record = fact_record(base, fact)
        record["source"] = fact.source  # the source's own changes are listed as source changes
        record.pop("citation", None)  # likewise: it is the source's
        record.pop("normalized", None)  # follows from value, unit and the units registry
        record["period"] = {**record["period"], "spec": fact.period.spec}
        figure = getattr(fact, "figure", None)
        if figure is not None and figure != number_text(record["value"]):
            record["figure"] = figure  # written in words (六, 第一): a change of its own
        entries[fact.id] = (flatten(record), Described(base.label_of(fact).en, record, fact.period.label))
    return entries


def _registry(entries: dict[str, Any]) -> Entries:
    from xining.base.releases import canonical

    found: Entries = {}
    for key, entry in entries.items():
        flat = flatten(canonical(entry))
        label = getattr(entry, "label", None)
        summary = label.en if label is not None else getattr(entry, "title", None) or getattr(entry, "en", "") or ""
        found[key] = (flat, Described(str(summary)))
    return found


def _relations(base: FactBase) -> Entries:
    return {
        f"{link.relation.value}: {', '.join(link.facts)}": ({"reason": link.reason}, Described(link.reason))
        for link in base.links
    }


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested record as dotted keys: {"label": {"en": x}} → {"label.en": x}; lists stay values."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat
