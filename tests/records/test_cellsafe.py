"""Cells safe for spreadsheets (OWASP CSV injection): a hand-made table and a property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baodao.records.cellsafe import neutralise, safe_cell


@pytest.mark.parametrize(
    ("value", "numeric", "expected"),
    [
        ('=HYPERLINK("http://x","点我")', False, '\'=HYPERLINK("http://x","点我")'),
        ("+86-999-6101000", False, "'+86-999-6101000"),
        ("-无-", False, "'-无-"),
        ("@SUM(A1)", False, "'@SUM(A1)"),
        ("\t=1", False, "'\t=1"),
        ("\r=1", False, "'\r=1"),
        ("翠湖=1", False, "翠湖=1"),
        ("'=1", False, "'=1"),  # already neutral: unchanged (idempotent)
        ("", False, ""),
        ("-3.50", True, "-3.50"),  # a score in a numeric column stays a number
        ("-3.50", False, "'-3.50"),
        ("-1e5", True, "'-1e5"),  # not one of our number formats
        ("-", True, "'-"),
        (-3, False, -3),
        (-2.5, True, -2.5),
        (None, False, None),
        (True, False, True),
    ],
)
def test_hand_made_cases(value, numeric, expected):
    assert safe_cell(value, numeric) == expected


@given(st.text())
def test_no_cell_starts_a_formula_and_nothing_is_lost(text):
    out = neutralise(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out in (text, "'" + text)
    assert neutralise(out) == out
