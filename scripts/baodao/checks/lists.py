"""The three lists: status histories in date order from their first status, periods that end after they start."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import registry
from ..model.dates import parse_date
from ..model.paths import iter_path, problem
from ..problems import ERROR, Problem
from .base import Context

# What a history must start with, by record type.
FIRST_STATUS = {"need": ("open",), "wish": ("open",), "project": ("planned", "active")}


def check(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    for type_name, first in FIRST_STATUS.items():
        for rec in ds.of(type_name).values():
            history = [h for h in rec.get("history") or [] if isinstance(h, dict)]
            if history and history[0].get("status") not in first:
                words = registry.of(ctx.schemas.directory).labels(
                    type_name, "history", "*", "status"
                )
                allowed = "、".join(f"{s}（{words[s]}）" for s in first)
                yield problem(
                    rec,
                    ("history", 0, "status"),
                    "LIST001",
                    ERROR,
                    f"状态记录须从 {allowed} 开始",
                    "history must start with its first status",
                )
            for i in range(1, len(history)):
                a, b = parse_date(history[i - 1].get("date")), parse_date(history[i].get("date"))
                if a and b and b < a:
                    yield problem(
                        rec,
                        ("history", i, "date"),
                        "LIST001",
                        ERROR,
                        f"状态记录须按日期排列：{b} 早于上一条 {a}",
                        "history out of date order",
                    )
    for rec in ds.of("project").values():
        start, end = parse_date(rec.get("start")), parse_date(rec.get("end"))
        if start and end and end < start:
            yield problem(
                rec,
                ("end",),
                "LIST002",
                ERROR,
                f"结束日期 {end} 早于开始日期 {start}",
                "project ends before it starts",
            )
    for rec in ds.of("resource").values():
        for path, span in iter_path(rec.data, ("available",)):
            if not isinstance(span, dict):
                continue
            start, end = parse_date(span.get("from")), parse_date(span.get("to"))
            if start and end and end < start:
                yield problem(
                    rec,
                    (*path, "to"),
                    "LIST002",
                    ERROR,
                    f"提供期间结束 {end} 早于开始 {start}",
                    "availability ends before it starts",
                )
