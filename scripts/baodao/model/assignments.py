"""Who serves, on a date: a building's assignment in force and a post's holder in office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .dates import parse_date


def assignment_on(serve: Any, day: dt.date) -> dict | None:
    """The assignment in force on ``day``: the last one whose ``from`` is not after it."""
    current = None
    for a in serve if isinstance(serve, list) else []:
        start = parse_date(a.get("from")) if isinstance(a, dict) else None
        if start is not None and start <= day:
            current = a
    return current


def holder_on(post: dict, day) -> dict | None:
    for h in post.get("holders") or []:
        if not isinstance(h, dict):
            continue
        start, end = parse_date(h.get("from")), parse_date(h.get("to"))
        if start is not None and start <= day and (end is None or day <= end):
            return h
    return None
