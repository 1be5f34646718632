"""Which changed paths a pull request may bring, and how a path is shown in a log."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baodao.github.safepath import shown, unsafe_reason

CYRILLIC_ES = "\u0441"  # looks like Latin "c"


@pytest.mark.parametrize(
    ("path", "english"),
    [
        ("data/qinghe/cuihu/../../../scripts/baodao/cli.py", "'..', '.' or an empty part"),
        ("data/qinghe/./cuihu/x.yaml", "'..', '.' or an empty part"),
        ("data//x.yaml", "'..', '.' or an empty part"),
        ("..", "'..', '.' or an empty part"),
        ("/etc/passwd", "absolute path"),
        ("data\\qinghe\\x.yaml", "backslash in the path"),
        ("data/x\n::error::ok.yaml", "control or invisible character U+000A"),
        ("data/x\r.yaml", "control or invisible character U+000D"),
        ("data/x\u202e.yaml", "control or invisible character U+202E"),  # right-to-left override
        ("data/x\u200b.yaml", "control or invisible character U+200B"),  # zero-width space
        ("data/.git/config", "a .git folder"),
        ("data/caf\u0065\u0301/x.yaml", "not in Unicode NFC form"),  # e + combining acute
        (
            f"data/qinghe/{CYRILLIC_ES}uihu/x.yaml",
            "letters of several scripts in one name (a look-alike)",
        ),
        ("data/qinghe/\uff43uihu/x.yaml", "letters of several scripts in one name (a look-alike)"),
        ("", "empty path"),
    ],
)
def test_unsafe_paths_are_named(path, english):
    reason = unsafe_reason(path)
    assert reason is not None and reason[1] == english


@pytest.mark.parametrize(
    "path",
    [
        "data/qinghe/cuihu/lists/needs/cuihu-n01.yaml",
        "data/notices/2026-09-01-cuihu-secretary.md",
        ".github/workflows/pr.yml",
        "site/editors/指南.md",  # one script (CJK) with ASCII punctuation is no look-alike
        "data/caf\u00e9/x.yaml",  # NFC
    ],
)
def test_ordinary_paths_pass(path):
    assert unsafe_reason(path) is None


def test_the_mixed_script_message_names_the_scripts():
    assert unsafe_reason(f"data/{CYRILLIC_ES}uihu/x.yaml") == (
        f"“{CYRILLIC_ES}uihu” 混用了几种文字的字母（CYRILLIC、LATIN），可能是仿冒的文件夹名",
        "letters of several scripts in one name (a look-alike)",
    )


@pytest.mark.parametrize(
    ("path", "log"),
    [
        ("data/x\n::error::ok.yaml", "data/x\\x0a::error::ok.yaml"),
        ("::warning::x", "\\x3a:warning::x"),
        ("  ::error::x", "  \\x3a:error::x"),
        ("a\\b\u2028c", "a\\\\b\\u2028c"),
        ("data/普通.yaml", "data/普通.yaml"),
    ],
)
def test_a_path_in_a_log_is_one_inert_line(path, log):
    assert shown(path) == log
    assert "\n" not in shown(path) and not shown(path).lstrip().startswith("::")


def test_han_beside_cyrillic_is_mixed():
    assert unsafe_reason("data/翠湖\u0441/x.yaml") is not None


# ---- properties, with their own generators -----------------------------------------------------

_PART = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12).filter(
    lambda p: p.lower() != ".git"
)


@given(st.lists(_PART, min_size=1, max_size=6))
def test_plain_ascii_paths_pass(parts):
    assert unsafe_reason("/".join(["data", *parts])) is None


@given(st.lists(_PART, min_size=1, max_size=6), st.sampled_from(["..", ".", ""]), st.integers(0, 6))
def test_a_dot_or_empty_part_anywhere_is_refused(parts, bad, at):
    parts.insert(min(at, len(parts)), bad)
    assert unsafe_reason("/".join(["data", *parts])) is not None


@given(st.text(max_size=80))
def test_any_text_is_one_inert_log_line(text):
    line = shown(text)
    # Python's splitlines knows every line break the runner might honour.
    assert len(line.splitlines()) <= 1 and not line.lstrip().startswith(":")
