"""Cells safe to open in a spreadsheet: OWASP's CSV-injection rule for every file we write.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel
and WPS as a formula (``=HYPERLINK(…)``, DDE). OWASP's rule ("CSV Injection", owasp.org) is to
prefix such a cell with a single quote, which spreadsheets show as text. Numbers stay numbers:
a negative score in a numeric column is written as it is.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number, as our own writers format them (no exponent: "1e5" is text to us).
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise(text: str) -> str:
    """``text`` with a leading quote if a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_cell(value: Any, numeric: bool = False) -> Any:
    """A value for a CSV or XLSX cell: numbers as they are, text neutralised.

    ``numeric`` says the column holds numbers: a string that is a plain number ("-3.50", as
    formatted for a score) is kept too.
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value
    text = str(value)
    if numeric and _NUMBER.fullmatch(text):
        return text
    return neutralise(text)
