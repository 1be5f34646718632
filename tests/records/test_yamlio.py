"""records/yamlio.py's one-pass construction (``Loader._plain``) against PyYAML's own.

The oracle is PyYAML's constructor, run through the same loader with ``Loader.fast`` off (its
generators, level by level): every document, valid or refused, must read the same — the same
value with the same types, or the same refusal at the same line.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baodao.records import yamlio

_SCALAR_TEXTS = [
    "yes",
    "No",
    "on",
    "~",
    "null",
    "0x1F",
    "0o17",
    "1_000",
    "1:30",
    "-.inf",
    ".nan",
    "1e3",
    "2026-05-04",
    "9" * 40,
    "'quoted'",
    '"双引号"',
    "!!str 1",
    "!!int '7'",
    "!!float 1",
    "!!binary aGVsbG8=",
    "!!timestamp 2026-05-04",
    "!foo x",
    "x" * (yamlio.MAX_TEXT + 1),
    "名",
    "",
]
_KEYS = ["id", "name", "a", "b", "1", "yes", "~", "[1]", "x" * (yamlio.MAX_TEXT + 1), "<<"]


@st.composite
def _documents(draw: st.DrawFn, depth: int = 0) -> str:
    """A block mapping or list written as editors write YAML, with the keys and scalars that
    take PyYAML's other paths: repeated keys, keys that are no text, tags, merge keys, long
    values, flow collections."""
    indent = "  " * depth
    lines = []
    as_list = draw(st.booleans()) if depth else False
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        head = f"{indent}- " if as_list else f"{indent}{draw(st.sampled_from(_KEYS))}: "
        choice = draw(st.integers(min_value=0, max_value=5))
        if choice == 0 and depth < 3:
            lines.append(head.rstrip() + "\n" + draw(_documents(depth + 1)))
        elif choice == 1:
            items = draw(st.lists(st.sampled_from(_SCALAR_TEXTS[:17]), max_size=3))
            opener = draw(st.sampled_from(["[", "!!set {", "{"]))
            closer = "]" if opener == "[" else "}"
            if opener == "{":
                items = [f"{k}: {v}" for k, v in zip(_KEYS, items, strict=False)]
            lines.append(head + opener + ", ".join(items) + closer + "\n")
        else:
            lines.append(head + draw(st.sampled_from(_SCALAR_TEXTS)) + "\n")
    return "".join(lines)


def _read(text: str, fast: bool) -> tuple:
    before = yamlio.Loader.fast
    yamlio.Loader.fast = fast
    try:
        value = yamlio.parse(text)
    except yamlio.Refused as exc:
        return ("refused", exc.as_tuple())
    finally:
        yamlio.Loader.fast = before
    return ("read", value, _shape(value))


def _shape(value: object) -> object:
    """The value's types all the way down (``1 == True`` hides a bool read as an int)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_a_document_reads_as_pyyamls_constructors_read_it(text):
    assert _read(text, fast=True) == _read(text, fast=False)


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=30,
    )
)
def test_what_pyyaml_writes_reads_back_the_same_both_ways(value):
    text = yaml.safe_dump(value, allow_unicode=True)
    assert _read(text, fast=True) == _read(text, fast=False)


def test_of_two_problems_the_one_pyyaml_meets_first_is_said():
    """PyYAML builds the top level before what is nested in it: a value too long at line 5 is
    met before the key repeated at line 4, deeper down (one pass depth first meets it later)."""
    text = "a:\n  b:\n    c: 1\n    c: 2\nd: " + "长" * (yamlio.MAX_TEXT + 1) + "\n"
    with pytest.raises(yamlio.Refused) as refused:
        yamlio.parse(text)
    assert (refused.value.line, refused.value.code) == (5, "LIMIT003")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: !!str 1\n", {"a": "1"}),
        ("a: !!set {x, y}\n", {"a": {"x", "y"}}),
        ("a: !!binary aGVsbG8=\n", {"a": b"hello"}),
        ("a: !!timestamp 2026-05-04\n", {"a": dt.date(2026, 5, 4)}),
        (
            "a: 2026-05-04\nb: yes\nc: 0x1F\nd: 1:30\ne: ~\n",
            {
                "a": "2026-05-04",  # no timestamp resolver: a date stays text
                "b": True,
                "c": 31,
                "d": 90,
                "e": None,
            },
        ),
    ],
)
def test_tags_and_yaml_1_1_scalars_read_as_pyyaml_reads_them(text, value):
    assert yamlio.parse(text) == value
