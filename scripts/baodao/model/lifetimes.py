"""Organisations have lifetimes: a community founded in 2025 takes no part in 2024's ranking.

Streets, communities, grids, branches, compounds and units may carry ``established`` (the first
day they exist) and ``dissolved`` (the first day they no longer exist); both are optional, and a
record without them has always existed. ``succeeds: [ids]`` names the records a merger or split
replaced, so "bottom 10 % two years running" (seed 003) follows a community into its successor.
A branch's older ``founded`` field counts as its ``established``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ..records.dataset import Dataset, Record


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None  # the schema check reports it


def established(rec: Record) -> dt.date | None:
    return _date(rec.get("established") or rec.get("founded"))


def dissolved(rec: Record) -> dt.date | None:
    return _date(rec.get("dissolved"))


def exists_on(rec: Record, day: dt.date) -> bool:
    start, end = established(rec), dissolved(rec)
    return (start is None or start <= day) and (end is None or day < end)


def existing(records: Iterable[Record], day: dt.date) -> Iterator[Record]:
    return (r for r in records if exists_on(r, day))


def predecessors(ds: Dataset, type_name: str, rid: str) -> set[str]:
    """Every record ``rid`` succeeds, directly or through a chain of mergers and splits."""
    seen: set[str] = set()
    todo = [rid]
    while todo:
        rec = ds.get(type_name, todo.pop())
        for prev in (rec.get("succeeds") or []) if rec is not None else []:
            if isinstance(prev, str) and prev not in seen and prev != rid:
                seen.add(prev)
                todo.append(prev)
    return seen


def lineage(ds: Dataset, type_name: str, rid: str) -> set[str]:
    """The record and all it succeeds: one organisation across mergers and splits."""
    return {rid} | predecessors(ds, type_name, rid)
