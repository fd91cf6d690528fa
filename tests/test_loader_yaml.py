"""The loader's quick tree building gives what PyYAML's own constructors give, for every document."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
import yaml.resolver
from hypothesis import given
from hypothesis import strategies as st

from xining.base import yamltext


class Reference(yamltext._LineLoader):  # type: ignore[misc, name-defined]
    """The same loader with PyYAML's own resolver: built by PyYAML's constructors throughout."""

    resolve = yaml.resolver.BaseResolver.resolve


def reference(text: str) -> Any:
    return yaml.load(text, Loader=Reference)


def same(a: Any, b: Any, seen: frozenset[tuple[int, int]] = frozenset()) -> bool:
    if (id(a), id(b)) in seen:  # a node that contains itself, met again on both sides
        return True
    if type(a) is not type(b):
        return False
    inner = seen | {(id(a), id(b))}
    if isinstance(a, dict):
        lines = (a.line, a.key_lines, a.duplicates) == (b.line, b.key_lines, b.duplicates)
        return lines and list(a) == list(b) and all(same(a[k], b[k], inner) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y, inner) for x, y in zip(a, b, strict=True))
    return bool(a == b or (a != a and b != b))  # NaN


def outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "tree", parse(text)
    except Exception as error:  # the same failure, said the same way
        return type(error).__name__, str(error)


DOCUMENTS = [
    "",
    "# only a comment\n",
    "source: a\nobservations:\n  - id: x\n    value: 5\n    figure: '5'\n    ok: true\n    n: ~\n",
    "a: 1\na: 2\n",  # a duplicate key: kept, with its line
    "base: &b {unit: 亿元, value: 1.5}\nother: *b\nlist: [*b, *b]\n",  # an alias: one node, built once
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",  # a merge key: PyYAML's flatten_mapping
    "x: !!int 12\ny: !!str 12\nz: !!float 1\n",
    "x: !!binary aGVsbG8=\n",  # a tag the quick path leaves to PyYAML
    "x: !custom 1\n",  # no constructor: PyYAML's error
    "? [a, b]\n: c\n",  # a key that is not a scalar
    "1: one\n2.5: two\ntrue: three\n",
    "x: 2_6.3\ny: 0x1A\nz: 1:30\nw: no\nv: 2024-02-30\n",  # YAML 1.1 forms stay text
    "x: .inf\ny: -.5e3\nz: +7\n",
    "&a [*a]\n",  # a node that contains itself
    "x: !!str {a: 1}\n",  # a scalar tag on a mapping, and the reverse: PyYAML's errors
    "x: !!null [1]\n",
    "x: !!map abc\n",
    "x: !!seq {a: 1}\n",
    "? !!str [a]\n: b\n",
    "x: " + "9" * 200 + "\n",  # too long for int(): text
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_quick_building_gives_what_pyyaml_gives(text: str) -> None:
    quick, slow = outcome(yamltext.parse_yaml, text), outcome(reference, text)
    assert quick[0] == slow[0]
    assert same(quick[1], slow[1]) if quick[0] == "tree" else quick == slow


scalars = st.one_of(st.text(max_size=8), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12,
)


@given(trees, st.sampled_from([None, False, True]))
def test_any_dumped_tree_is_read_as_pyyaml_reads_it(tree: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    quick, slow = outcome(yamltext.parse_yaml, text), outcome(reference, text)
    assert quick[0] == slow[0]
    assert same(quick[1], slow[1]) if quick[0] == "tree" else quick == slow
