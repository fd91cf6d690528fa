"""Every class of broken base, each made from a copy of the shipped base by one mutation.

Every command refuses it with exit 1 and one line `error: file:line: message` naming the first
problem (or `file: message` for a file or folder as a whole), with or without the cache, and
`validate` lists it. None gives a traceback; none lists facts with exit 0.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeRun, Run

SHIPPED = Path(__file__).resolve().parents[2] / "facts"
HAPPINESS = "articles/000-happiness-2025.yaml"


def replace(relative: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def mutate(base: Path) -> None:
        path = base / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return mutate


def write(relative: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(base: Path) -> None:
        path = base / relative
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return mutate


def remove(relative: str) -> Callable[[Path], None]:
    return lambda base: (base / relative).unlink()


def replace_with_folder(relative: str) -> Callable[[Path], None]:
    def mutate(base: Path) -> None:
        target = base / relative
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
        target.mkdir() if relative.endswith(".yaml") else target.write_text("not a folder", encoding="utf-8")

    return mutate


def symlink(relative: str, to: str) -> Callable[[Path], None]:
    def mutate(base: Path) -> None:
        (base / relative).unlink(missing_ok=True)
        (base / relative).symlink_to(to)

    return mutate


def fifo(relative: str) -> Callable[[Path], None]:
    def mutate(base: Path) -> None:
        (base / relative).unlink()
        os.mkfifo(base / relative)

    return mutate


def second_copy_of_article(base: Path) -> None:
    shutil.copy(base / HAPPINESS, base / "articles/999-copy.yaml")


def huge(base: Path) -> None:
    with open(base / "articles/999-huge.yaml", "wb") as handle:
        handle.write(b"# padding\n" * (17 * 1024 * 1024 // 10))


def nested(depth: int) -> Callable[[Path], None]:
    return replace(HAPPINESS, "    value: 19\n", f"    value: {'[' * depth}{']' * depth}\n")


FIRST_OBSERVATION = "  - id: happiest-city-wins-since-2020\n    metric: happiest-city-titles\n    value: 5\n"

# (name, mutation, the file named, a phrase of the message)
CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("unknown-source", replace(HAPPINESS, "source: happiness-2025", "source: happiness-2O25"), HAPPINESS,
     "unknown source 'happiness-2O25'; did you mean 'happiness-2025'?"),
    ("missing-sources", remove("sources.yaml"), "sources.yaml", "missing"),
    ("duplicate-source", replace("sources.yaml", "  - id: green-and-new", "  - id: happiness-2025"), "sources.yaml",
     "duplicate source id 'happiness-2025'"),
    ("bad-published-date", replace("sources.yaml", "date: 2025-12-09", "date: 2025-13-45"), "sources.yaml",
     "2025-13-45"),
    ("duplicate-fact-in-one-file", replace(HAPPINESS, "id: happiest-city-survey-editions",
                                           "id: happiest-city-wins-since-2020"), HAPPINESS,
     "duplicate fact id 'happiest-city-wins-since-2020'"),
    ("duplicate-fact-across-files", second_copy_of_article, HAPPINESS, "duplicate fact id"),
    ("dangling-metric", replace(HAPPINESS, "metric: happiest-city-titles", "metric: no-such-metric"), HAPPINESS,
     "unknown metric 'no-such-metric'"),
    ("empty-article", write(HAPPINESS, ""), HAPPINESS, "an article file is empty"),
    ("comment-only-article", write(HAPPINESS, "# nothing here yet\n"), HAPPINESS, "an article file is empty"),
    ("articles-not-a-folder", replace_with_folder("articles"), "articles/", "cannot list this folder"),
    ("article-is-a-folder", replace_with_folder(HAPPINESS), HAPPINESS, "not a regular file"),
    ("article-to-dev-zero", symlink(HAPPINESS, "/dev/zero"), HAPPINESS, "not a regular file"),
    ("article-is-a-fifo", fifo(HAPPINESS), HAPPINESS, "not a regular file"),
    ("article-too-large", huge, "articles/999-huge.yaml", "larger than 16 MiB"),
    ("not-utf-8", write(HAPPINESS, b"source: happiness-2025\n# \xff\xfe\n"), HAPPINESS, "not UTF-8 text"),
    ("unknown-key", replace(HAPPINESS, "    value: 19\n", "    valeu: 19\n"), HAPPINESS,
     "unknown field 'valeu'; did you mean 'value'?"),
    ("comma-in-flow-label", replace("articles/002-national-pilots.yaml",
                                    'en: "Huangshui integrated ecological protection and restoration project '
                                    '(mountains, rivers, forests, farmland, lakes, grassland and sand)"',
                                    "en: Huangshui project (mountains, rivers)"), "articles/002-national-pilots.yaml",
     "label: unknown field 'rivers)'"),
    ("exponent-overflow", replace(HAPPINESS, "    value: 19\n", "    value: 1e5000\n"), HAPPINESS,
     "'value' is out of range"),
    ("exponent-huge", replace(HAPPINESS, "    value: 19\n", '    value: "1e999999999"\n'), HAPPINESS,
     "'value' is out of range"),
    ("too-many-digits", replace(HAPPINESS, "    value: 19\n", f"    value: {'9' * 5000}\n"), HAPPINESS,
     "'value' is out of range"),
    ("thirty-digits", replace(HAPPINESS, "    value: 19\n", f"    value: {'1234567890' * 3}\n"), HAPPINESS,
     "'value' is out of range: at most 28 digits"),
    ("year-zero", replace(HAPPINESS, 'period: "2025"', 'period: "0000"'), HAPPINESS, "there is no year 0"),
    ("nested-300", nested(300), HAPPINESS, "nested more than"),
    ("nested-30000", nested(30000), HAPPINESS, "nested more than"),
    ("schema-version-zero", replace("base.yaml", "schema_version: 1", "schema_version: 0"), "base.yaml",
     "'schema_version' must be a whole number"),
    ("schema-version-text", replace("base.yaml", "schema_version: 1", 'schema_version: "1"'), "base.yaml",
     "'schema_version' must be a whole number"),
    ("schema-version-fraction", replace("base.yaml", "schema_version: 1", "schema_version: 1.5"), "base.yaml",
     "'schema_version' must be a whole number"),
    ("yaml-1.1-underscore", replace(HAPPINESS, "    value: 26.3\n", "    value: 2_6.3\n"), HAPPINESS,
     "must be a number written in digits"),
    ("yaml-1.1-hex", replace(HAPPINESS, "    value: 19\n", "    value: 0x13\n"), HAPPINESS,
     "must be a number written in digits"),
    ("not-yaml", replace(HAPPINESS, "observations:\n", "observations: [\n"), HAPPINESS, "not valid YAML"),
    ("map-tag-on-text", replace(HAPPINESS, "    value: 19\n", "    value: 19\n    note: !!map abc\n"), HAPPINESS,
     "expected a mapping node, but found scalar"),
    ("text-tag-on-map", replace(HAPPINESS, "    value: 19\n", "    value: 19\n    note: !!str {a: 1}\n"), HAPPINESS,
     "expected a scalar node, but found mapping"),
    ("seq-tag-on-text", replace(HAPPINESS, "    value: 19\n", "    value: 19\n    note: !!seq abc\n"), HAPPINESS,
     "expected a sequence node, but found scalar"),
]  # fmt: skip

LINE = re.compile(r"^error: (?P<file>[^:\n]+?)(?::(?P<line>\d+))?: (?P<message>.+)\n\Z")


# Run by default; the rest of the table is marked slow (each case compiles a base of its own).
QUICK = {
    "map-tag-on-text",
    "unknown-source",
    "comma-in-flow-label",
    "nested-30000",
    "exponent-huge",
    "article-is-a-fifo",
    "empty-article",
}
PARAMS = [pytest.param(case, id=case[0], marks=() if case[0] in QUICK else (pytest.mark.slow,)) for case in CASES]


@pytest.fixture
def broken(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, str, str]:
    _, mutate, file, phrase = request.param
    base = tmp_path / "base"
    shutil.copytree(SHIPPED, base, symlinks=True)
    mutate(base)
    return base, file, phrase


def assert_one_line(result: Run, phrase: str) -> None:
    assert result.code == 1, result.err
    assert result.out == ""
    assert LINE.match(result.err), result.err
    assert phrase in result.err, result.err
    assert result.err.endswith("; run 'xining validate' for the full list\n")


@pytest.mark.parametrize("broken", PARAMS, indirect=True)
def test_every_command_refuses_a_broken_base_in_one_line(broken: tuple[Path, str, str], run: MakeRun) -> None:
    base, file, phrase = broken
    first = run("--base", str(base), "facts")
    assert_one_line(first, phrase)
    assert first.err.startswith(f"error: {file}")
    # A warm call, whose verdict comes from the cache, refuses it the same way.
    assert run("--base", str(base), "show", "happiest-city-survey-editions").err == first.err
    validate = run("--base", str(base), "validate")
    assert validate.code == 1
    assert [line for line in validate.out.splitlines() if line.startswith(file) and phrase in line], validate.out


@pytest.mark.slow
@pytest.mark.parametrize("broken", PARAMS, indirect=True)
def test_without_the_cache_too(broken: tuple[Path, str, str], run: MakeRun) -> None:
    base, _, phrase = broken
    for command in (["facts", "--json"], ["topics"], ["search", "幸福"]):
        result = run("--base", str(base), "--no-cache", *command)
        assert_one_line(result, phrase)


def test_the_shipped_base_has_no_label_cut_at_a_comma(run: MakeRun) -> None:
    """The English name once split by an unquoted flow mapping is whole."""
    import json

    record = json.loads(run("show", "huangshui-restoration-project", "--json").out)
    assert record["label"]["en"].endswith("(mountains, rivers, forests, farmland, lakes, grassland and sand)")
