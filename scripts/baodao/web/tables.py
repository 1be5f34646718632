"""Tables that read on a phone: each cell learns its column's heading, short cells never wrap.

On a screen under ~480 px wide ``extra.css`` lays a table with column headings out as one card
per row, each cell preceded by its heading (``data-label``); the table itself stays a table for
screen readers. A cell holding a short text (a score, a grade, a count, a name) is marked
``bd-nw`` so it is never broken inside (98.00 split into "98." / "00", 优秀 stood on end, a
community name one character a line: what ``overflow-wrap: anywhere`` did). Longer texts wrap
as Chinese text does, at any character or punctuation.

The generated pages are our own Jinja output (every record text escaped, no nested tables), so a
small regular-expression pass suffices; it runs once per page in ``render``.
"""

from __future__ import annotations

import html
import re

# A cell whose text has at most this many characters (and no space) is kept on one line.
SHORT = 12

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>")


def _text(cell_html: str) -> str:
    return html.unescape(_TAG.sub("", cell_html)).strip()


def _short(cell_html: str) -> bool:
    """Every line of the cell (split at <br>) is short and has no space."""
    parts = [_text(p) for p in _BREAK.split(cell_html)]
    return all(len(p) <= SHORT and not re.search(r"\s", p) for p in parts)


def _headings(rows: list[str]) -> list[str] | None:
    """The column headings: the first row, when every cell of it is a column header."""
    if not rows:
        return None
    cells = _CELL.findall(rows[0])
    if cells and all(tag == "th" and 'scope="col"' in attrs for tag, attrs, _ in cells):
        return [_text(body) for _, _, body in cells]
    return None


def _label_row(row: str, labels: list[str] | None) -> str:
    i = -1

    def cell(m: re.Match) -> str:
        nonlocal i
        i += 1
        tag, attrs, body = m.groups()
        extra = ""
        if labels is not None and i < len(labels) and labels[i]:
            extra += f' data-label="{html.escape(labels[i], quote=True)}"'
        if _short(body) and "class=" not in attrs:
            extra += ' class="bd-nw"'
        return f"<{tag}{attrs}{extra}>{body}</{tag}>"

    return _CELL.sub(cell, row)


def _table(m: re.Match) -> str:
    inner = m.group(1)
    rows = _ROW.findall(inner)
    labels = _headings(rows)
    first = True

    def row(r: re.Match) -> str:
        nonlocal first
        if first and labels is not None:  # the heading row itself: short headings stay whole
            first = False
            # Marked, so the phone layout hides it without a costly :has() over every row.
            return "<tr data-head>" + _label_row(r.group(1), None) + "</tr>"
        first = False
        return "<tr>" + _label_row(r.group(1), labels) + "</tr>"

    body = _ROW.sub(row, inner)
    # data-stack, not a class: Material styles only `table:not([class])`.
    return ("<table data-stack>" if labels else "<table>") + body + "</table>"


def phone_tables(page_html: str) -> str:
    """The page with its tables labelled for the phone layout (see the module's docstring)."""
    return _TABLE.sub(_table, page_html)
