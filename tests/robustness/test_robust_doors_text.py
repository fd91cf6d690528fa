"""Hostile text through cite, export and diff: what reaches a terminal is shown literally, and the
exchange formats (BibTeX, RIS) carry exactly one record per source whatever the text holds."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, Run, TinyBase

# An OSC title change, a colour, a C1 CSI, a right-to-left override, a bidi isolate and a bell.
HOSTILE = "T\x1b]0;pwned\x07 a\x1b[31m \x9b2J \u202egnp.exe\u2066x\u2069"
OBEYED = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2069")
# Text that ends a BibTeX entry or a RIS record early when it is not escaped.
BREAKING = "a } b { c\n@misc{evil, title={x}}\nER  - \nTY  - JOUR\n% $ # _ & ~ ^ \\ end"


def yaml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted string


def replace_article(tiny: TinyBase, text: str) -> None:
    """The source article becomes `text`; sources.yaml records its new digest."""
    old = hashlib.sha256((tiny.sources / "article.txt").read_bytes()).hexdigest()
    (tiny.sources / "article.txt").write_text(text, encoding="utf-8")
    tiny.edit("sources.yaml", old, hashlib.sha256(text.encode("utf-8")).hexdigest())


def add_observation(tiny: TinyBase, text: str, value: str = "5", figure_line: str = "") -> None:
    """A fact whose quote, time expression, subject and note all hold `text`."""
    quote = f"{text}接待游客{value}万人次"
    replace_article(tiny, ARTICLE + quote + "。")
    tiny.edit(
        "articles/briefing.yaml",
        "designations:\n",
        f"""  - id: hostile-fact
    metric: tourist-arrivals
    value: {value}
    unit: 万人次
    qualifier: exact
    period: "2023"
    time_expression: {yaml_string(text)}
    subject: {yaml_string(text)}
    note: {yaml_string(text)}
{figure_line}    quote: {yaml_string(quote)}
designations:
""",
    )


def make_hostile(tiny: TinyBase, text: str = HOSTILE) -> None:
    """Hostile text in every free-text field of the base's header, a source, a metric, a topic and a fact."""
    tiny.edit("base.yaml", "name: test base", f"name: {yaml_string('base ' + text)}")
    tiny.edit("metrics.yaml", "en: Tourist arrivals,", f"en: {yaml_string(text)},")
    tiny.edit("metrics.yaml", "zh: 接待游客,", f"zh: {yaml_string('接待' + text)},")
    tiny.edit("topics.yaml", "en: Culture and tourism", f"en: {yaml_string(text)}")
    tiny.edit("sources.yaml", "title: 测试文章", f"title: {yaml_string('测试' + text)}")
    tiny.edit("sources.yaml", "publisher: 西宁晚报", f"publisher: {yaml_string('晚报' + text)}")
    tiny.edit("sources.yaml", "authors: [张三]", f"authors: [{yaml_string('张' + text)}]")
    tiny.edit("sources.yaml", "basis: A test article.", f"basis: {yaml_string('basis ' + text)}")
    add_observation(tiny, text)


@pytest.fixture
def hostile(tiny: TinyBase, run: Callable[..., Run]) -> Callable[..., Run]:
    """xining on the hostile base, its stdout and stderr a terminal."""
    make_hostile(tiny)
    return lambda *args: run("--base", str(tiny.root), *args, terminal=True)


def assert_literal(text: str) -> None:
    for character in OBEYED:
        assert character not in text, f"{character!r} reached the terminal"


STYLES = ("gbt7714", "apa", "chicago", "bibtex", "ris", "csl-json")
TERMINAL = [
    *[("cite", "briefing", "--style", style) for style in STYLES],
    *[("cite", "hostile-fact", "--style", style) for style in STYLES],
    *[("cite", "hostile-fact", "--style", style, "--lang", lang) for style in ("apa", "gbt7714") for lang in ("zh", "en")],
    *[("cite", "--all", "--style", style) for style in STYLES],
    *[("cite", "--dataset", "--style", style) for style in STYLES],
    ("cite", "hostile-fact", "--format", "markdown"),
    ("cite", "hostile-fact", "--json"),
    ("show", "hostile-fact"),
    ("show", "hostile-fact", "--format", "markdown"),
    ("facts",),
    ("facts", "--format", "markdown"),
    ("search", "接待"),
    ("sources",),
    ("metrics",),
    ("topics",),
    ("info",),
    ("trend", "tourist-arrivals"),
    ("compare", "2023", "2025"),
    ("timeline",),
    ("validate",),
]  # fmt: skip


@pytest.mark.parametrize("args", TERMINAL, ids=" ".join)
def test_hostile_text_reaches_a_terminal_literally(hostile: Callable[..., Run], args: tuple[str, ...]) -> None:
    result = hostile(*args)
    assert result.code == 0, result.err
    assert_literal(result.out)
    assert_literal(result.err)


PEOPLE_STYLES = ("gbt7714", "apa", "chicago")
PIPED = [
    *[("cite", target, "--style", style) for target in ("briefing", "hostile-fact", "--all", "--dataset")
      for style in PEOPLE_STYLES],
    *[("cite", "hostile-fact", "--style", style, "--lang", lang) for style in PEOPLE_STYLES for lang in ("zh", "en")],
]  # fmt: skip


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_citations_for_people_are_literal_when_piped(
    tiny: TinyBase, run: Callable[..., Run], args: tuple[str, ...]
) -> None:
    """A styled citation or a quote line is text for people wherever it is written (the clipboard, a file)."""
    make_hostile(tiny)
    result = run("--base", str(tiny.root), *args)
    assert result.code == 0, result.err
    assert_literal(result.out)
    assert_literal(result.err)


@pytest.mark.parametrize("format", ["csv", "jsonl", "xlsx", "sqlite", "datapackage"])
def test_export_of_a_hostile_base_says_what_it_wrote_literally(
    tiny: TinyBase, run: Callable[..., Run], tmp_path: Path, format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Piped: in a terminal the progress bar writes escape sequences of its own.)"""
    make_hostile(tiny)
    monkeypatch.chdir(tmp_path)
    result = run("--base", str(tiny.root), "export", "--format", format, f"out\x1b]0;pwned\x07\u202e{format}")
    assert result.code == 0, result.err
    assert_literal(result.err)
    assert "out\\x1b]0;pwned\\x07\\u202e" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "csv", "no\x1b[2Jsuch/out.csv"),
        ("export", "--format", "csv", "\u202eout.csv", "--topic", "eco\x1b]0;x\x07"),
        ("export", "--format", "n\x9b2Jo"),
        ("cite", "no\x1b]0;pwned\x07such"),
        ("cite", "briefing", "--style", "a\u202epa"),
        ("diff", "no\x1b[2Jsuch", "facts"),
        ("diff", "git:\x1b]0;x\x07", "git:HEAD"),
    ],
    ids=repr,
)
def test_an_error_echoing_an_argument_or_a_path_is_literal(
    tiny: TinyBase, run: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--base", str(tiny.root), *args)
    assert result.code in (1, 2) and result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert_literal(result.err)


@pytest.mark.parametrize(
    "release",
    ["2026.1.0\x1b]0;pwned\x07", "../../escaped", "a/b", ".hidden", "x" * 300, "2026\u202e.1"],
    ids=repr,
)
def test_the_default_export_name_never_comes_unchecked_from_the_release(
    tiny: TinyBase, run: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, release: str
) -> None:
    tiny.edit("base.yaml", "release: 2026.1.0", f"release: {yaml_string(release)}")
    work = tmp_path / "work" / "here"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    result = run("--base", str(tiny.root), "export", "--format", "csv")
    assert_literal(result.err)
    written = sorted(path.name for path in work.iterdir())
    assert not list((tmp_path / "work").glob("*.csv")) and not list(tmp_path.glob("*.csv")), "written outside"
    if result.code == 0:  # a safe name chosen from the release, in the current folder
        assert len(written) == 1 and written[0].startswith("xining-") and written[0].endswith(".csv")
        assert all(ch.isprintable() and ch not in "/\u202e" for ch in written[0]) and len(written[0]) <= 255
    else:  # or a usage error that asks for OUT
        assert result.code in (1, 2) and written == [] and result.err.count("\n") == 1


# --- exchange formats ------------------------------------------------------------------------


@pytest.fixture
def breaking(tiny: TinyBase, run: Callable[..., Run]) -> Callable[..., Run]:
    """A source whose title, publisher, author and basis would end a BibTeX entry or a RIS record."""
    tiny.edit("sources.yaml", "title: 测试文章", f"title: {yaml_string(BREAKING)}")
    tiny.edit("sources.yaml", "publisher: 西宁晚报", f"publisher: {yaml_string('P ' + BREAKING)}")
    tiny.edit("sources.yaml", "authors: [张三]", f"authors: [{yaml_string('A ' + BREAKING)}, 李四]")
    return lambda *args: run("--base", str(tiny.root), *args)


def latex_text(value: str) -> str:
    """A BibTeX value as the text LaTeX prints, with the text-mode commands for braces and the caret
    that pylatexenc's default table lacks (it drops them)."""
    from pylatexenc import latex2text

    context = latex2text.get_default_latex_context_db()
    context.add_context_category(
        "text-symbols", prepend=True,
        macros=[latex2text.MacroTextSpec(name, text)
                for name, text in (("textbraceleft", "{"), ("textbraceright", "}"), ("textasciicircum", "^"))],
    )  # fmt: skip
    return str(latex2text.LatexNodes2Text(latex_context=context).latex_to_text(value))


def bibtex_entries(text: str) -> list[dict[str, str]]:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return [{field.key: latex_text(field.value) for field in entry.fields} | {"ID": entry.key}
            for entry in library.entries]  # fmt: skip


def one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def test_bibtex_of_a_breaking_source_is_one_entry_with_the_exact_text(breaking: Callable[..., Run]) -> None:
    result = breaking("cite", "briefing", "--style", "bibtex")
    assert result.code == 0, result.err
    entries = bibtex_entries(result.out)
    assert len(entries) == 1, result.out
    entry = entries[0]
    assert entry["title"] == one_line(BREAKING)
    assert entry.get("journal", entry.get("howpublished")) == one_line("P " + BREAKING)
    assert entry["author"] == f"{one_line('A ' + BREAKING)} and 李四"
    assert result.out.count("{") == result.out.count("}")  # as BibTeX counts them: backslashes do not escape


@pytest.mark.parametrize("source_id", ["a}b", "a,b", "a b", 'a"b', "a%b", "a#b", "id\u202e", "编号"])
def test_bibtex_keys_are_safe_characters_and_one_per_source(
    tiny: TinyBase, run: Callable[..., Run], source_id: str
) -> None:
    tiny.edit("sources.yaml", "id: briefing", f"id: {yaml_string(source_id)}")
    tiny.edit("articles/briefing.yaml", "source: briefing", f"source: {yaml_string(source_id)}")
    result = run("--base", str(tiny.root), "cite", "--all", "--style", "bibtex")
    assert result.code == 0, result.err
    entries = bibtex_entries(result.out)
    assert len(entries) == 1, result.out
    key = entries[0]["ID"]
    assert key and all(ch.isascii() and (ch.isalnum() or ch in "-_:.") for ch in key), key


def test_ris_of_a_breaking_source_is_one_record_with_values_on_one_line(breaking: Callable[..., Run]) -> None:
    import rispy

    result = breaking("cite", "briefing", "--style", "ris")
    assert result.code == 0, result.err
    records = rispy.loads(result.out)
    assert len(records) == 1, result.out
    record = records[0]
    assert one_line(record["title"]) == one_line(BREAKING)
    assert record["authors"] == [one_line("A " + BREAKING), "李四"]
    assert record["secondary_title"] == one_line("P " + BREAKING)
    lines = result.out.splitlines()
    assert [line[:6] for line in lines].count("TY  - ") == 1 and lines.count("ER  -") == 1


def test_ris_id_of_a_source_id_with_a_line_break_is_one_record(tiny: TinyBase, run: Callable[..., Run]) -> None:
    import rispy

    source_id = "brief\nER  - \nTY  - JOUR\nTI  - injected"
    tiny.edit("sources.yaml", "id: briefing", f"id: {yaml_string(source_id)}")
    tiny.edit("articles/briefing.yaml", "source: briefing", f"source: {yaml_string(source_id)}")
    result = run("--base", str(tiny.root), "cite", "--all", "--style", "ris")
    assert result.code == 0, result.err
    records = rispy.loads(result.out)
    assert len(records) == 1 and records[0]["id"] == one_line(source_id), result.out


@pytest.mark.slow
@pytest.mark.parametrize("tool", ["bibtex", "biber"])
def test_bibtex_tools_read_one_entry(breaking: Callable[..., Run], tmp_path: Path, tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    result = breaking("cite", "--all", "--style", "bibtex")
    (tmp_path / "refs.bib").write_text(result.out, encoding="utf-8")
    if tool == "bibtex":
        (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n", encoding="utf-8")
        done = subprocess.run([tool, "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert "error message" not in done.stdout, done.stdout
        assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count("\\bibitem") == 1
    else:  # as test_cite_tools reads biber: its tool mode writes back every entry it read
        done = subprocess.run([tool, "--tool", "--validate-datamodel", "refs.bib"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        log = done.stdout + done.stderr
        assert done.returncode == 0, log
        assert [line for line in log.splitlines() if line.startswith("ERROR")] == []
        written = (tmp_path / "refs_bibertool.bib").read_text(encoding="utf-8")
        assert sum(line.startswith("@") for line in written.splitlines()) == 1, written


@pytest.mark.parametrize("format", [(), ("--format", "markdown"), ("--json",)], ids=repr)
def test_a_diff_of_a_hostile_base_is_literal(
    tiny: TinyBase, run: Callable[..., Run], tmp_path: Path, format: tuple[str, ...]
) -> None:
    before = tmp_path / "before"
    shutil.copytree(tiny.root, before)
    make_hostile(tiny)
    tiny.edit("articles/briefing.yaml", "metric: air-good-days-share-change", f"metric: {yaml_string('x' + HOSTILE)}")
    result = run("--base", str(tiny.root), "diff", str(before), *format, terminal=True)
    assert result.code == 0, result.err
    assert "warning: " in result.err  # the unknown metric, quoted from the base
    assert_literal(result.out)
    assert_literal(result.err)
