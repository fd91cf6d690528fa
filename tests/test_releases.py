"""Releases: the changelog, the digest, the release check in validate, `info`, and `xining diff`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeRun, TinyBase
from xining.base.loader import read_base
from xining.base.releases import canonical, digest, read_changelog

CHANGELOG = """# Changelog

Releases of the test base.

## {release} (2026-01-15, schema 1)

Digest: {digest}

Tourism figures for January to May, and
the air quality of 2024.
- one item
  that wraps

## 2025.12.0 (2025-12-01, schema 1)

First release.
"""


def base_digest(tiny: TinyBase) -> str:
    base, problems = read_base(tiny.root)
    assert problems == []
    return digest(base)


def released(tiny: TinyBase, release: str = "2026.1.0") -> str:
    """The tiny base with a changelog whose newest entry records its facts."""
    now = base_digest(tiny)
    tiny.write("CHANGELOG.md", CHANGELOG.format(release=release, digest=now))
    return now


# --- the changelog and the digest ------------------------------------------------------------


def test_the_changelog_gives_each_release_its_date_schema_digest_and_notes(tiny: TinyBase) -> None:
    now = released(tiny)
    newest, first = read_changelog(tiny.root)  # type: ignore[misc]
    assert (newest.release, str(newest.date), newest.schema, newest.digest) == ("2026.1.0", "2026-01-15", 1, now)
    assert newest.text == "Tourism figures for January to May, and the air quality of 2024.\n- one item that wraps"
    assert (newest.line, newest.digest_line) == (5, 7)
    assert (first.release, first.digest, first.text) == ("2025.12.0", None, "First release.")


def test_a_base_without_a_changelog_has_no_releases(tiny: TinyBase) -> None:
    assert read_changelog(tiny.root) is None


def test_the_digest_follows_what_the_base_says_not_how_its_files_are_laid_out(tiny: TinyBase) -> None:
    before = base_digest(tiny)
    text = (tiny.root / "articles/briefing.yaml").read_text(encoding="utf-8")
    observations = text.split("observations:\n")[1].split("designations:")[0]
    first, rest = observations.split("  - id: tourists-growth-2025\n", 1)
    reordered = text.replace(observations, "  - id: tourists-growth-2025\n" + rest + first)
    tiny.write("articles/briefing.yaml", "# a comment\n" + reordered)
    assert base_digest(tiny) == before  # records in another order, a comment added
    tiny.edit("articles/briefing.yaml", "value: 93.1", "value: 93.2")
    tiny.edit("articles/briefing.yaml", "达 93.1%", "达 93.2%")
    assert base_digest(tiny) != before


def test_fields_at_their_default_take_no_part_in_the_digest(tiny: TinyBase) -> None:
    base, _ = read_base(tiny.root)
    record = canonical(base.fact("air-2024"))
    assert "note" not in record and "derived" not in record and "origin" not in record
    assert record["value"] == "93.1" and record["period"]["spec"] == "2024"


# --- the release check in validate --------------------------------------------------------------


def test_a_released_base_validates(run: MakeRun, tiny: TinyBase) -> None:
    released(tiny)
    result = run("--base", str(tiny.root), "validate")
    assert (result.code, result.out) == (0, "")


def test_facts_changed_after_a_release_are_reported(run: MakeRun, tiny: TinyBase) -> None:
    recorded = released(tiny)
    tiny.edit("articles/briefing.yaml", "value: 93.1", "value: 93.2")
    tiny.edit("articles/briefing.yaml", "达 93.1%", "达 93.2%")
    now = base_digest(tiny)
    result = run("--base", str(tiny.root), "validate")
    assert result.code == 1
    assert result.out == (
        f"CHANGELOG.md:7: the facts differ from release 2026.1.0 as recorded (digest {recorded}, now {now}): "
        f"if 2026.1.0 is released, bump 'release' in base.yaml and add an entry for the new release with "
        f"'Digest: {now}'; if it is not yet, record 'Digest: {now}'\n"
    )


def test_a_bumped_release_without_a_changelog_entry_is_reported(run: MakeRun, tiny: TinyBase) -> None:
    released(tiny)
    tiny.edit("base.yaml", "release: 2026.1.0", "release: 2026.2.0")
    result = run("--base", str(tiny.root), "validate")
    assert result.code == 1
    assert result.out.startswith(
        "base.yaml:2: release 2026.2.0 has no entry in CHANGELOG.md (its newest is 2026.1.0); add '## 2026.2.0 ("
    )
    assert f"with what changed and the line 'Digest: {base_digest(tiny)}'" in result.out


def test_an_entry_without_a_digest_or_date_says_what_to_record(run: MakeRun, tiny: TinyBase) -> None:
    now = released(tiny)
    text = (tiny.root / "CHANGELOG.md").read_text(encoding="utf-8")
    tiny.write("CHANGELOG.md", text.replace(f"Digest: {now}\n", "").replace(" (2026-01-15, schema 1)", ""))
    result = run("--base", str(tiny.root), "validate")
    assert result.code == 1
    assert result.out == (
        "CHANGELOG.md:5: release 2026.1.0 records no digest of its facts; "
        f"add the line 'Digest: {now}' to its entry\n"
        "CHANGELOG.md:5: release 2026.1.0: give its date: '## 2026.1.0 (YYYY-MM-DD)'\n"
    )


def test_a_release_older_than_the_newest_entry_is_reported(run: MakeRun, tiny: TinyBase) -> None:
    released(tiny)
    tiny.edit("base.yaml", "release: 2026.1.0", "release: 2025.12.0")
    result = run("--base", str(tiny.root), "validate")
    assert result.code == 1
    assert "release 2025.12.0 is older than the newest entry of CHANGELOG.md (2026.1.0)" in result.out


def test_the_shipped_base_matches_its_newest_release(run: MakeRun) -> None:
    result = run("validate")
    assert (result.code, result.out) == (0, "")
    info = json.loads(run("info", "--json").out)
    newest = read_changelog(Path(info["base"]))[0]  # type: ignore[index]
    assert newest.release == info["release"] and newest.digest


# --- info -----------------------------------------------------------------------------------------


def test_info_shows_the_release_its_date_and_its_changelog_entry(run: MakeRun, tiny: TinyBase) -> None:
    released(tiny)
    data = json.loads(run("--base", str(tiny.root), "info", "--json").out)
    assert (data["release"], data["release_date"]) == ("2026.1.0", "2026-01-15")
    assert data["release_notes"].startswith("Tourism figures for January to May")
    table = run("--base", str(tiny.root), "info", "--format", "table").out
    assert "release_date    2026-01-15" in table
    assert "changes in 2026.1.0\n  Tourism figures for January to May, and the air quality of 2024." in table


def test_info_without_a_changelog_has_no_release_date(run: MakeRun, tiny: TinyBase) -> None:
    data = json.loads(run("--base", str(tiny.root), "info", "--json").out)
    assert (data["release_date"], data["release_notes"]) == (None, None)


# --- diff between folders ---------------------------------------------------------------------------


@pytest.fixture
def two_bases(tiny: TinyBase, tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old"
    shutil.copytree(tiny.root, old)
    tiny.edit("base.yaml", "release: 2026.1.0", "release: 2026.2.0")
    tiny.edit("articles/briefing.yaml", "value: 93.1", "value: 93.2")
    tiny.edit("articles/briefing.yaml", 'qualifier: exact\n    period: "2024"', 'qualifier: approx\n    period: "2024"')
    tiny.edit(
        "articles/briefing.yaml", "    quote: 同比增长21.37％\n", "    quote: 同比增长21.37％\n    status: planned\n"
    )
    tiny.edit("metrics.yaml", "en: Tourist arrivals,", "en: Tourist arrivals (visits),")
    tiny.edit("sources.yaml", "title: 测试文章", "title: 测试文章（修订）")
    text = (tiny.root / "articles/briefing.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: air-change-2025-h1")
    end = text.index("  - id: air-2024-h1")
    tiny.write("articles/briefing.yaml", text[:start] + text[end:].replace("air-change-2025-h1", "air-2024"))
    return old, tiny.root


def test_diff_lists_facts_added_removed_and_changed_field_by_field(run: MakeRun, two_bases: tuple[Path, Path]) -> None:
    old, new = two_bases
    result = run("diff", str(old), str(new), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["old"]["release"], data["new"]["release"], data["differ"]) == ("2026.1.0", "2026.2.0", True)
    assert data["summary"]["fact"] == {"added": 0, "removed": 1, "changed": 4, "unreadable": 0}
    changes = {(c["what"], c["id"]): c for c in data["changes"]}
    assert changes[("fact", "air-change-2025-h1")]["change"] == "removed"
    air = changes[("fact", "air-2024")]
    assert [(f["field"], f["old"], f["new"]) for f in air["fields"]] == [
        ("value", 93.1, 93.2),
        ("qualifier", "exact", "approx"),
    ]
    growth = changes[("fact", "tourists-growth-2025")]
    assert [(f["field"], f["old"], f["new"]) for f in growth["fields"]] == [("status", "actual", "planned")]
    derived = changes[("fact", "air-2024-h1")]
    assert [f["field"] for f in derived["fields"]] == ["derived.inputs"]
    label = changes[("fact", "tourists-2025")]  # its label is its metric's
    assert [(f["field"], f["new"]) for f in label["fields"]] == [("label.en", "Tourist arrivals (visits)")]
    metric = changes[("metric", "tourist-arrivals")]
    assert [(f["field"], f["new"]) for f in metric["fields"]] == [("label.en", "Tourist arrivals (visits)")]
    source = changes[("source", "briefing")]
    assert [(f["field"], f["old"], f["new"]) for f in source["fields"]] == [("title", "测试文章", "测试文章（修订）")]
    assert data["summary"]["topic"] == {"added": 0, "removed": 0, "changed": 0, "unreadable": 0}


def test_a_record_one_side_has_but_this_xining_cannot_read_is_not_called_added(
    run: MakeRun, tiny: TinyBase, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    shutil.copytree(tiny.root, old)
    text = (old / "articles/briefing.yaml").read_text(encoding="utf-8")
    (old / "articles/briefing.yaml").write_text(
        text.replace('qualifier: exact\n    period: "2024"', 'qualifier: roughly\n    period: "2024"'), encoding="utf-8"
    )
    result = run("diff", str(old), str(tiny.root), "--json")
    assert result.code == 0
    assert result.err.startswith(
        f"warning: {old}: this xining finds 1 problem(s) in it; records it cannot read are compared as 'unreadable'; first: articles/briefing.yaml:"
    )
    changes = json.loads(result.out)["changes"]
    assert [(c["id"], c["change"]) for c in changes] == [("air-2024", "unreadable")]
    assert changes[0]["summary"].endswith("(OLD's record cannot be read by this xining)")


def test_diff_for_people_and_for_spreadsheets(run: MakeRun, two_bases: tuple[Path, Path]) -> None:
    old, new = two_bases
    table = run("diff", str(old), str(new), "--format", "table").out
    assert f"{old} (release 2026.1.0, 7 facts)" in table
    assert "1 removed, 4 changed" in table
    assert "facts changed\n" in table
    assert "93.1 → 93.2" in table and "exact → approx" in table
    rows = run("diff", str(old), str(new), "--format", "csv").out.splitlines()
    assert rows[0] == "change,what,id,field,old,new"
    assert "changed,fact,air-2024,value,93.1,93.2" in rows
    assert "removed,fact,air-change-2025-h1,,," in rows


def test_diff_exit_code(run: MakeRun, two_bases: tuple[Path, Path]) -> None:
    old, new = two_bases
    assert run("diff", str(old), str(new), "--exit-code", "--json").code == 1
    same = run("diff", str(old), str(old), "--exit-code", "--json")
    assert same.code == 0
    assert json.loads(same.out)["differ"] is False and json.loads(same.out)["changes"] == []
    assert "the bases say the same" in run("diff", str(old), str(old), "--format", "table").out


def test_diff_of_a_folder_that_is_not_a_base(run: MakeRun, tiny: TinyBase, tmp_path: Path) -> None:
    result = run("diff", str(tmp_path), str(tiny.root))
    assert (result.code, result.err) == (2, f"error: {tmp_path}: not a fact base (no base.yaml in it)\n")
    missing = run("diff", str(tmp_path / "nowhere"), str(tiny.root))
    assert missing.code == 2 and "not a folder; give a fact base folder or git:REVISION" in missing.err


def test_diff_against_a_base_of_a_newer_schema(run: MakeRun, tiny: TinyBase, tmp_path: Path) -> None:
    newer = tmp_path / "newer"
    shutil.copytree(tiny.root, newer)
    (newer / "base.yaml").write_text("schema_version: 99\nrelease: 2099.1.0\nname: x\n", encoding="utf-8")
    result = run("diff", str(tiny.root), str(newer))
    assert result.code == 1
    assert result.err.startswith(f"error: {newer}: base.yaml:1: this fact base has schema version 99")
    assert "Traceback" not in result.err


# --- diff between git revisions -----------------------------------------------------------------------


def git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-C", str(repository), *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repository(tiny: TinyBase, tmp_path: Path) -> Path:
    """A small repository holding the tiny base under facts/, released as 2026.1.0 and then edited twice."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(tiny.root, repo / "facts")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first release")
    git(repo, "tag", "2026.1.0")
    base = TinyBase(repo / "facts", tiny.sources)
    base.edit("articles/briefing.yaml", "value: 93.1", "value: 93.2")
    git(repo, "commit", "-q", "-am", "air quality corrected")
    base.edit("metrics.yaml", "en: Tourist arrivals,", "en: Tourist arrivals (visits),")
    git(repo, "commit", "-q", "-am", "a metric renamed")
    return repo


def test_diff_between_git_revisions(run: MakeRun, repository: Path) -> None:
    facts = str(repository / "facts")
    data = json.loads(run("--base", facts, "diff", "git:2026.1.0", "git:HEAD", "--json").out)
    assert (data["old"]["ref"], data["new"]["ref"]) == ("git:2026.1.0", "git:HEAD")
    assert [(c["what"], c["id"], c["change"]) for c in data["changes"]] == [
        ("fact", "air-2024", "changed"),
        ("fact", "tourists-2025", "changed"),
        ("metric", "tourist-arrivals", "changed"),
    ]
    one_step = json.loads(run("--base", facts, "diff", "git:HEAD~2", "git:HEAD~1", "--json").out)
    assert [(c["id"], c["fields"]) for c in one_step["changes"]] == [
        ("air-2024", [{"field": "value", "old": 93.1, "new": 93.2}])
    ]
    # NEW defaults to the base in use: the working folder, here the same as HEAD.
    assert run("--base", facts, "diff", "git:HEAD", "--exit-code", "--json").code == 0
    assert run("--base", facts, "diff", "git:HEAD~1", "--exit-code", "--json").code == 1


def test_an_unknown_git_revision_exits_2_with_the_closest_tag(run: MakeRun, repository: Path) -> None:
    result = run("--base", str(repository / "facts"), "diff", "git:2026.1.1", "git:HEAD")
    assert result.code == 2
    assert result.err == f"error: git:2026.1.1: no such revision in {repository}; did you mean '2026.1.0'?\n"


def test_a_revision_without_the_base_exits_1(run: MakeRun, repository: Path) -> None:
    (repository / "README").write_text("x", encoding="utf-8")
    git(repository, "checkout", "-q", "--orphan", "empty")
    git(repository, "rm", "-rq", "--cached", ".")
    git(repository, "add", "README")
    git(repository, "commit", "-q", "-m", "nothing here")
    result = run("--base", str(repository / "facts"), "diff", "git:empty", "git:2026.1.0")
    assert result.code == 1
    assert result.err == "error: git:empty: has no fact base at facts/\n"


def test_git_revisions_of_a_base_outside_git(run: MakeRun, tiny: TinyBase) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    result = run("--base", str(tiny.root), "diff", "git:HEAD", str(tiny.root))
    assert result.code == 2
    assert result.err == (
        f"error: git:HEAD: the fact base {tiny.root}: fatal: not a git repository (or any of the parent "
        "directories): .git; give --base DIR\n"
    )  # git's own words


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ref=st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10),
        st.text(alphabet="HEAD~^:.-0123456789abc", max_size=10).map(lambda text: "git:" + text),
    )
)
def test_no_side_of_a_diff_gives_a_traceback(run: MakeRun, repository: Path, ref: str) -> None:
    result = run("--base", str(repository / "facts"), "diff", ref, "git:HEAD", "--json")
    assert result.code in (0, 1, 2), result
    assert "Traceback" not in result.err
    if result.code:
        assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
