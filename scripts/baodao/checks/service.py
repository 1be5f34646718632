"""Who serves each building, by date: assignments in order, and one in force on the as-of date."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.assignments import assignment_on
from ..model.dates import parse_date
from ..model.paths import iter_path, problem
from ..problems import ERROR, Problem
from .base import Context


def check(ctx: Context) -> Iterator[Problem]:
    for comp in ctx.ds.of("compound").values():
        for path, b in iter_path(comp.data, ("buildings", "*")):
            if not isinstance(b, dict):
                continue
            serve = b.get("serve") if isinstance(b.get("serve"), list) else []
            starts = [parse_date(a.get("from")) if isinstance(a, dict) else None for a in serve]
            for i in range(1, len(starts)):
                if starts[i] and starts[i - 1] and starts[i] <= starts[i - 1]:
                    yield problem(
                        comp,
                        (*path, "serve", i, "from"),
                        "SERV002",
                        ERROR,
                        f"服务关系须按生效日期从早到晚排列，且日期不能重复（{starts[i]} 不晚于上一条 {starts[i - 1]}）",
                        "assignments must be in increasing date order",
                    )
            # A start date that is missing or not a date is the schema check's error (SCH001,
            # SCH005); "no service on the as-of date" would only follow from it.
            if serve and None not in starts and assignment_on(serve, ctx.as_of) is None:
                number = b.get("number", b.get("id"))
                yield problem(
                    comp,
                    (*path, "serve"),
                    "SERV001",
                    ERROR,
                    f"{number}在 {ctx.as_of} 没有党支部和网格服务（最早的服务关系晚于该日）",
                    f"building has no branch or grid on {ctx.as_of}",
                    "补上更早的服务关系，或核对生效日期",
                )
