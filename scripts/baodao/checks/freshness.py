"""Freshness: records residents rely on say when they were last verified."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..model.dates import parse_date
from ..model.paths import problem
from ..problems import WARNING, Problem
from .base import Context


def stale_before(ctx: Context) -> dt.date | None:
    days = ctx.rules.value("stale_after_days")
    return ctx.as_of - dt.timedelta(days=days) if isinstance(days, int) else None


def check(ctx: Context) -> Iterator[Problem]:
    limit = stale_before(ctx)
    # Only types that carry verified_at: member-level tables have hundreds of thousands of rows.
    types = [t for t, s in ctx.schemas.schemas.items() if "verified_at" in s.get("properties", {})]
    for rec in (r for t in types for r in ctx.ds.of(t).values()):
        day = parse_date(rec.data.get("verified_at"))
        if day is None:
            continue
        if limit is not None and day < limit:
            yield problem(
                rec,
                ("verified_at",),
                "FRESH001",
                WARNING,
                f"超过 {ctx.rules.value('stale_after_days')} 天未核实（上次 {day}）",
                f"not verified since {day}",
                "核实后把 verified_at 改为核实当天的日期",
            )
        elif day > ctx.as_of:
            yield problem(
                rec,
                ("verified_at",),
                "FRESH002",
                WARNING,
                f"核实日期 {day} 晚于检查日期 {ctx.as_of}",
                "verified_at is in the future",
                "填写实际核实的日期",
            )
