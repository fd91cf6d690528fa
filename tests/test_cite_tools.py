"""Citations read by the tools people use: biber's data model, rispy as Zotero's importer reads RIS,
style names as people type them, and reference lists ordered as each style orders them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import rispy

from tests.conftest import MakeRun


@pytest.mark.parametrize(
    ("typed", "style"),
    [("APA", "apa"), ("Apa", "apa"), ("GB", "gbt7714"), ("gbt", "gbt7714"), ("gb7714", "gbt7714"),
     ("GBT7714", "gbt7714"), ("bib", "bibtex"), ("BibTeX", "bibtex"), ("CSL", "csl-json"), ("RIS", "ris"),
     ("Chicago", "chicago")],
)  # fmt: skip
def test_style_names_in_any_case_and_their_aliases(run: MakeRun, typed: str, style: str) -> None:
    result = run("cite", "national-pilots", "--style", typed, "--json")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out)["style"] == style


def test_apa_and_chicago_lists_are_alphabetical_and_unnumbered(run: MakeRun) -> None:
    apa = run("cite", "--all", "--style", "apa").out.splitlines()
    assert [line.split(".")[0][:4] for line in apa] == ["[Unt", "向「绿」", "啸宇", "张国静,", "施翔"]
    chicago = run("cite", "--all", "--style", "chicago", "--json")
    assert [entry["id"] for entry in json.loads(chicago.out)["entries"]] == [
        "national-pilots", "green-and-new", "national-strategies", "press-conference-2025-07", "happiness-2025",
    ]  # fmt: skip
    assert run("cite", "--all").out.startswith("[1] 施翔.")  # GB/T 7714 numeric: numbered, by archived file


# The RIS tags we write, and the field rispy reads each into; Zotero's RIS translator reads the same tags as
# itemType (NEWS newspaperArticle, GEN document, DATA dataset), creators, title, publicationTitle (T2 of a
# newspaper article), date (DA, with PY as its fallback), pages, edition/version, language and notes (N1).
# TT, the RIS tag for a translated title, has no Zotero field: Zotero keeps it as a note.
RIS_FIELDS = {
    "TY": "type_of_reference", "ID": "id", "AU": "authors", "TI": "title", "TT": "translated_title",
    "T2": "secondary_title", "PY": "year", "DA": "date", "ET": "edition", "SP": "start_page", "LA": "language",
    "N1": "notes",
}  # fmt: skip


def test_ris_reads_back_with_rispy_field_by_field(run: MakeRun) -> None:
    text = run("cite", "--all", "--style", "ris").out + "\n" + run("cite", "--dataset", "--style", "ris").out
    entries = {entry["id"]: entry for entry in rispy.loads(text)}
    written = {line[:2] for line in text.splitlines() if line[2:6] == "  - " and line[:2] != "ER"}
    assert written == set(RIS_FIELDS) - {"SP"}  # no shipped article prints its page (版次); test_cite has one
    assert {name: entry["type_of_reference"] for name, entry in entries.items()} == {
        "happiness-2025": "NEWS", "green-and-new": "GEN", "national-pilots": "NEWS",
        "press-conference-2025-07": "NEWS", "national-strategies": "NEWS", "xining-dataset": "DATA",
    }  # fmt: skip
    press = entries["press-conference-2025-07"]
    assert press["authors"] == ["张国静", "张弘靓"] and press["secondary_title"] == "西宁晚报"
    assert (press["year"], press["date"], press["language"]) == ("2025", "2025/07//", "zh")
    assert press["notes"][0].startswith("Publisher inferred, not printed: 西宁晚报.")
    assert (
        entries["xining-dataset"]["edition"] == json.loads(run("cite", "--dataset", "--style", "csl").out)[0]["version"]
    )
    assert set(RIS_FIELDS.values()) >= {key for entry in entries.values() for key in entry}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed (apt-get install biber)")
def test_biber_validates_every_entry_against_its_data_model(run: MakeRun, tmp_path: Path) -> None:
    bib = tmp_path / "xining.bib"
    bib.write_text(
        run("cite", "--all", "--style", "bibtex").out + "\n" + run("cite", "--dataset", "--style", "bibtex").out,
        encoding="utf-8",
    )
    checked = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", bib.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    log = checked.stdout + checked.stderr
    assert checked.returncode == 0, log
    assert "Datamodel validation complete" in log
    assert [line for line in log.splitlines() if line.startswith(("WARN", "ERROR"))] == []
    tool = (tmp_path / "xining_bibertool.bib").read_text(encoding="utf-8")
    assert tool.count("@ARTICLE{") == 1 and tool.count("@MISC{") == 4 and tool.count("@DATASET{") == 1
