"""Complementary suppression of the 吹哨报到 page's counts, where bulk counts are in them.

A row of the page (the district, a department, a street, a community, a category) adds up single
requests, which are public records anyone can count, and the monthly bulk counts of the private
root (``requests/<year>-totals.csv``, e.g. a 12345 platform's export, whose cells can be under 5:
docs/privacy.md). Anyone can subtract the singles, so what a row shows gives its bulk part away:
a row whose bulk part of any count is 1–4 is withheld, and, since every count of a row adds up
(raised = on time + late + overdue + pending) and every row adds up over its departments, streets,
communities or categories to the district (and a street over its communities), enough other
counts are withheld that no sum leaves exactly one (web/suppression.py). A row with a withheld
count shows no rates (不公开 too): a rate and one count give the other back.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from typing import Any

from ..assess import requests as requests_mod
from ..model.dates import parse_date
from ..records.dataset import Dataset
from .suppression import WITHHELD, Line, protect

COUNTS = ("raised", "on_time", "late", "overdue", "pending")


def _bulk(row: Any) -> dict[str, int]:
    raised, closed = int(row.get("raised") or 0), int(row.get("closed") or 0)
    on_time, overdue = int(row.get("on_time") or 0), int(row.get("overdue_open") or 0)
    return {
        "raised": raised,
        "on_time": on_time,
        "late": closed - on_time,
        "overdue": overdue,
        "pending": raised - closed - overdue,
    }


def protect_requests(ds: Dataset, view: Any) -> Any:
    """``view`` (govview.RequestsView) with its counts protected; unchanged without bulk counts."""
    street_of = {c.id: c.get("street", "") for c in ds.of("community").values()}
    bulk: dict[Hashable, int] = {}
    for row in ds.of("request_total").values():
        month = str(row.get("month") or "")
        day = parse_date(f"{month}-01") if len(month) == 7 else None
        if not requests_mod.in_period(day, view.period):
            continue
        community = row.folder.get("community", "")
        groups = (
            ("district", "district"),
            ("departments", row.get("department") or ""),
            ("communities", community),
            ("streets", street_of.get(community, "")),
            ("categories", row.get("category") or ""),
        )
        for measure, n in _bulk(row).items():
            for group in groups:
                key = (*group, measure)
                bulk[key] = bulk.get(key, 0) + n
    if not bulk:
        return view
    parts = {  # the view's field names, as the level of each row's keys
        "departments": view.departments,
        "streets": view.streets,
        "communities": view.communities,
        "categories": view.categories,
    }
    rows = {("district", "district"): view.district}
    rows.update({(level, r.id): r for level, rs in parts.items() for r in rs})
    values: dict[Hashable, int] = {}
    lines: list[Line] = []
    for (level, rid), r in rows.items():
        values.update({(level, rid, m): getattr(r, m) for m in COUNTS})
        lines.append(Line((level, rid, "raised"), tuple((level, rid, m) for m in COUNTS[1:])))
    for m in COUNTS:
        for level, rs in parts.items():
            lines.append(Line(("district", "district", m), tuple((level, r.id, m) for r in rs)))
        for sid in sorted({r.id for r in view.streets}):  # sorted: the same cells every build
            cells = tuple(("communities", c, m) for c, s in street_of.items() if s == sid)
            lines.append(Line(("streets", sid, m), tuple(k for k in cells if k in values)))
    # A row's bulk part of 1–4 is the small count; the singles beside it are public anyway, so a
    # small total of singles alone is not withheld (below=1: no primary cells but these).
    forced = [k for k, n in bulk.items() if 0 < n < 5 and k in values]
    withheld = protect(values, lines, below=1, forced=forced)
    if not withheld:
        return view

    def shown(level: str, r: Any) -> Any:
        hidden = [m for m in COUNTS if (level, r.id, m) in withheld]
        if not hidden:
            return r
        counts: dict[str, Any] = {m: WITHHELD for m in hidden}
        if {"on_time", "late"} & set(hidden):
            counts["closed"] = WITHHELD
        rates = dict.fromkeys(("on_time_rate", "satisfaction_rate", "response_rate"), WITHHELD)
        return replace(r, **counts, **rates)

    return replace(
        view,
        district=shown("district", view.district),
        **{level: tuple(shown(level, r) for r in rs) for level, rs in parts.items()},
    )
