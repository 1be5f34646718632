"""Dates in records: YAML may hand a date or text; one parser for every layer."""

from __future__ import annotations

import datetime as dt
from typing import Any


def parse_date(value: Any) -> dt.date | None:
    """A record's date (YAML keeps dates as text; CSV readers may hand a date), else None."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
