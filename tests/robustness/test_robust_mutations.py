"""Random mutations of a valid YAML file never give a traceback: an answer, or one line naming the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeRun, TinyBase

FACTS = "articles/briefing.yaml"
TOKENS = ["[", "]", "{", "}", ":", ",", "-", "&a", "*a", "!!int", "!!python/object", "'", '"', "\t", "\x00",
          "1e5000", "0x1A", "2_6.3", "0000", "~", "? ", "<<: *a", "\n  ", "#", "|", ">", "..", "---", "%YAML 1.1"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "replace"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == "insert":
            line = lines[at] if lines else ""
            cut = draw(st.integers(0, len(line)))
            token = draw(st.sampled_from(TOKENS) | st.text(max_size=8))
            lines[at : at + 1] = [line[:cut] + token + line[cut:]]
        elif kind == "delete" and lines:
            del lines[at]
        elif kind == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif kind == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "replace" and lines:
            lines[at] = draw(st.text(max_size=40)) + "\n"
    return "".join(lines)


def check(run: MakeRun, root: Path, text: str, file: str) -> None:
    (root / file).write_text(text, encoding="utf-8", errors="surrogatepass")
    for options in ([], ["--no-cache"]):
        result = run("--base", str(root), *options, "facts", "--json")
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err
        if result.code == 1:
            assert result.err.count("\n") == 1 and result.err.startswith("error: ")
    validate = run("--base", str(root), "validate")
    assert validate.code in (0, 1) and "Traceback" not in validate.err


@pytest.mark.slow  # fuzzes or starts many processes: CI runs it, a quick run leaves it out
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_article_never_gives_a_traceback(tiny: TinyBase, run: MakeRun, data: st.DataObject) -> None:
    original = (tiny.root / FACTS).read_text(encoding="utf-8")
    check(run, tiny.root, data.draw(mutated(original)), FACTS)
    (tiny.root / FACTS).write_text(original, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("file", ["metrics.yaml", "sources.yaml", "units.yaml", "base.yaml", FACTS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_mutated_file_never_gives_a_traceback(tiny: TinyBase, run: MakeRun, file: str, data: st.DataObject) -> None:
    original = (tiny.root / file).read_text(encoding="utf-8")
    scratch = tiny.root.parent / "mutated"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(tiny.root, scratch)
    check(run, scratch, data.draw(mutated(original)), file)
