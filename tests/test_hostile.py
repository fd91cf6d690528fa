"""Text from the base and from the command line is shown literally in every format meant for people,
kept exact in JSON (escaped so that a terminal does not obey it) and raw in CSV and TSV."""

from __future__ import annotations

import json

import pytest

from tests.conftest import MakeRun, TinyBase
from xining.present.wording import json_safe, literal

# An OSC title change, a colour, a C1 CSI, a right-to-left override, a bidi isolate and a bell.
HOSTILE = "Tourist\x1b]0;pwned\x07 arrivals\x1b[31m \x9b2J \u202egnp.exe\u2066x\u2069"
SHOWN = "Tourist\\x1b]0;pwned\\x07 arrivals\\x1b[31m \\x9b2J \\u202egnp.exe\\u2066x\\u2069"
OBEYED = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2069")


def yaml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted string


@pytest.fixture
def hostile(tiny: TinyBase, run: MakeRun) -> MakeRun:
    tiny.edit("metrics.yaml", "en: Tourist arrivals,", f"en: {yaml_string(HOSTILE)},")
    tiny.edit("metrics.yaml", "en: Share of days with good air quality,", f"en: {yaml_string(HOSTILE)},")
    tiny.edit(
        "articles/briefing.yaml",
        "name: {zh: 国家碳达峰试点城市, en: National carbon peaking pilot city}",
        f"name: {{zh: 国家碳达峰试点城市, en: {yaml_string(HOSTILE)}}}",
    )
    tiny.edit("topics.yaml", "en: Culture and tourism", f"en: {yaml_string(HOSTILE)}")
    tiny.edit("sources.yaml", "title: 测试文章", f"title: {yaml_string('测试' + HOSTILE)}")
    return lambda *args: run("--base", str(tiny.root), *args)


def assert_literal(text: str) -> None:
    for character in OBEYED:
        assert character not in text, f"{character!r} reached the terminal"


PEOPLE = [
    ("facts",),
    ("facts", "--format", "table"),
    ("facts", "--format", "markdown"),
    ("facts", "--format", "table", "--lang", "en"),
    ("search", "Tourist"),
    ("search", "Tourist", "--format", "table"),
    ("designations",),
    ("designations", "--format", "table"),
    ("timeline", "--format", "table"),
    ("metrics", "--format", "table"),
    ("show", "tourists-2025"),
    ("show", "tourists-2025", "--format", "table"),
    ("show", "carbon-pilot", "--format", "table", "--lang", "en"),
    ("compare", "2024", "2025", "--format", "table"),
    ("compare", "2024", "2025"),
    ("compare", "2024H1", "2025H1", "--format", "markdown"),
    ("trend", "tourist-arrivals", "--format", "table"),
    ("trend", "air-good-days-share"),
    ("topics",),
    ("topics", "--format", "table"),
    ("sources",),
    ("sources", "--format", "table"),
    ("info",),
    ("info", "--format", "table"),
    ("cite", "tourists-2025", "--format", "table"),  # piped, a citation is the exact bytes (README: Citing)
    ("cite", "briefing", "--style", "apa", "--format", "table"),
    ("facts", "--format", "table", "--lang", "zh", "--fields", "id,topic,source"),
]


@pytest.mark.parametrize("args", PEOPLE, ids=" ".join)
def test_formats_for_people_show_control_characters(hostile: MakeRun, args: tuple[str, ...]) -> None:
    result = hostile(*args)
    assert result.code == 0, result.err
    assert_literal(result.out)
    assert_literal(result.err)
    assert SHOWN.split(" ")[0] in result.out or "Tourist" not in result.out


@pytest.mark.parametrize(
    "args",
    [("facts", "--json"), ("facts", "--format", "jsonl"), ("show", "tourists-2025", "--json"),
     ("compare", "2024", "2025", "--json"), ("trend", "tourist-arrivals", "--json"), ("designations", "--json"),
     ("facts", "--json", "--fields", "id,label")],
    ids=" ".join,
)  # fmt: skip
def test_json_escapes_what_a_terminal_obeys_and_keeps_the_text(hostile: MakeRun, args: tuple[str, ...]) -> None:
    out = hostile(*args).out
    assert_literal(out)
    assert HOSTILE in out.encode().decode("unicode_escape", errors="ignore") or HOSTILE in json.dumps(
        [json.loads(line) for line in out.splitlines()] if "jsonl" in args else json.loads(out), ensure_ascii=False
    )


def test_csv_and_tsv_stay_faithful(hostile: MakeRun) -> None:
    csv = hostile("facts", "--metric", "tourist-arrivals", "--format", "csv", "--fields", "id,label").out
    assert csv == f"id,label\ntourists-2025,接待游客 {HOSTILE}\n"
    tsv = hostile("facts", "--metric", "tourist-arrivals", "--format", "tsv", "--fields", "id,label", "--lang", "en")
    assert tsv.out == f"id\tlabel\ntourists-2025\t{HOSTILE}\n"


@pytest.mark.parametrize(
    ("args", "echoed"),
    [
        (("facts", "--topic", "eco\x1b]0;pwned\x07\nlogy"), "eco\\x1b]0;pwned\\x07\\x0alogy"),
        (("show", "air\u202e-2024\nsecond line"), "air\\u202e-2024\\x0asecond line"),
        (("compare", "2024\x9b2J", "2025"), "2024\\x9b2J"),
        (("facts", "--fields", "id,\x1b[31mvalue"), "\\x1b[31mvalue"),
        (("facts", "--no-such-\x1b[2J-option"), "--no-such-\\x1b[2J-option"),
    ],
)
def test_an_error_echoing_an_argument_is_one_literal_line(
    tiny: TinyBase, run: MakeRun, args: tuple[str, ...], echoed: str
) -> None:
    result = run("--base", str(tiny.root), *args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1
    assert echoed in result.err
    assert_literal(result.err)


def test_validate_shows_hostile_text_from_the_base_literally(tiny: TinyBase, run: MakeRun) -> None:
    tiny.edit("articles/briefing.yaml", "metric: tourist-arrivals\n", f"metric: {yaml_string('tour' + HOSTILE)}\n")
    for args in ((), ("--format", "table"), ("--format", "markdown"), ("--json",)):
        result = run("--base", str(tiny.root), "validate", *args)
        assert result.code == 1
        assert_literal(result.out + result.err)
        assert "tourTourist" in result.out


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain 中文 text", "plain 中文 text"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x9b\x7f\x00", "\\x9b\\x7f\\x00"),
        ("\u200e\u200f\u061c\u2028\u2029", "\\u200e\\u200f\\u061c\\u2028\\u2029"),
        ("\u202a\u202b\u202c\u202d\u202e", "\\u202a\\u202b\\u202c\\u202d\\u202e"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
    ],
)
def test_literal(text: str, shown: str) -> None:
    assert literal(text) == shown
    assert "\n" not in literal(text, one_line=True) and "\t" not in literal(text, one_line=True)


def test_json_safe_decodes_to_the_same_text() -> None:
    text = json.dumps({"label": "a\x9bb\u202ec\x7f"}, ensure_ascii=False)
    safe = json_safe(text)
    assert_literal(safe) and "\x7f" not in safe
    assert json.loads(safe) == json.loads(text)
