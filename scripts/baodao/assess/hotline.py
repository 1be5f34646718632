"""12345 热线工单压力 (seed 003): tickets per compound per period, by category, and the top N.

Tickets arrive as monthly aggregates per compound and category (no caller data). The compounds
with most tickets in the period — as many as the rules' ``top_n`` — are listed for a task force
(专班); each compound's count is set beside the same period a year earlier. Counts, not points:
the engine keeps them ×100 so ranking, output and freezing are the same code as for scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..model.codelists import code_names
from ..records.dataset import Dataset
from .engine import (
    Assessment,
    IndicatorScore,
    SubjectResult,
    period_end,
    period_start,
    rank,
    ref,
    rules_for,
)

TITLE = "12345 热线工单"
LAST_YEAR = "last_year"  # the indicator that carries the same period a year earlier


@dataclass
class Tickets:
    """One compound's tickets in a period: per category, with the rows behind them."""

    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)


def tickets(ds: Dataset, period: str, until: str = "9999-12") -> dict[str, Tickets]:
    """Compound id → its tickets in ``period`` (its months up to ``until``, YYYY-MM)."""
    first, last = (
        period_start(period).isoformat()[:7],
        min(period_end(period).isoformat()[:7], until),
    )
    out: dict[str, Tickets] = {}
    for row in ds.of("hotline_ticket").values():
        month = row.get("month")
        if not isinstance(month, str) or not first <= month <= last:
            continue
        t = out.setdefault(row.get("compound"), Tickets())
        n = int(row.get("tickets") or 0)
        t.total += n
        cat = row.get("category")
        t.by_category[cat] = t.by_category.get(cat, 0) + n
        t.rows.append(ref(row))
    return out


def last_month(ds: Dataset, period: str) -> str | None:
    """The last month of ``period`` with any tickets imported (a running year compares only the
    months it has with the same months a year earlier)."""
    first, last = period_start(period).isoformat()[:7], period_end(period).isoformat()[:7]
    months = [
        m for r in ds.of("hotline_ticket").values() if first <= (m := str(r.get("month"))) <= last
    ]
    return max(months) if months else None


def same_months_last_year(ds: Dataset, period: str) -> dict[str, Tickets] | None:
    """Tickets of the same months a year earlier; None when that year has none imported."""
    upto = last_month(ds, period)
    before = f"{int(period[:4]) - 1}{period[4:]}"
    if upto is None or last_month(ds, before) is None:
        return None
    return tickets(ds, before, f"{int(upto[:4]) - 1}{upto[4:]}")


def has_inputs(ds: Dataset, period: str) -> bool:
    return last_month(ds, period) is not None


def change(total: int, last_year: int | None) -> float | None:
    """Year-on-year change as a fraction (−0.463 = fell 46.3 %); None without last year's data."""
    if last_year is None or last_year == 0:
        return None
    return (total - last_year) / last_year


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules = rules_for(ds, "rules_hotline", period, "12345 热线工单规则")
    top_n = int(rules.raw.get("top_n", 0))
    now = tickets(ds, period)
    before = same_months_last_year(ds, period)
    upto = last_month(ds, period) or ""
    categories = _categories(ds)
    results = []
    for cid in sorted(now):
        t = now[cid]
        compound = ds.get("compound", cid)
        inds = [
            IndicatorScore(
                code,
                name,
                float(t.by_category.get(code, 0)),
                100 * t.by_category.get(code, 0),
                0,
                tuple(t.rows),
            )
            for code, name in categories.items()
        ]
        last = before.get(cid, Tickets()) if before is not None else None
        notes = []
        if last is not None:
            inds.append(
                IndicatorScore(LAST_YEAR, "去年同期", float(last.total), 0, 0, tuple(last.rows))
            )
            c = change(t.total, last.total)
            if c is not None:
                notes.append(
                    f"同比{'上升' if c > 0 else '下降'} {abs(c) * 100:.1f}%（截至 {upto}，去年同期 {last.total} 件）"
                )
        results.append(
            SubjectResult(
                cid,
                compound.get("name") if compound else cid,
                compound.get("community") if compound else "",
                100 * t.total,
                "",
                tuple(inds),
                tuple(notes),
            )
        )
    ranked = rank(rules, results)
    out = tuple(
        replace(r, outcome="专班") if r.rank_district <= top_n and r.total > 0 else r
        for r in ranked
    )
    return Assessment("hotline", TITLE, period, as_of.isoformat(), rules, out, counts=True)


def _categories(ds: Dataset) -> Mapping[str, str]:
    return code_names(ds, "hotline-categories")
