"""Assessment rules are data, so they are checked like data: weights, bands, indicators."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.paths import problem
from ..problems import ERROR, Problem
from .base import Context

RULE_TYPES = (
    "rules_member_assessment",
    "rules_unit_assessment",
    "rules_branch_stars",
    "rules_community_assessment",
    "rules_property_evaluation",
    "rules_requests",
    "rules_force_index",
)


def check(ctx: Context) -> Iterator[Problem]:
    for type_name in RULE_TYPES:
        for rec in ctx.ds.of(type_name).values():
            inds = [i for i in rec.get("indicators") or [] if isinstance(i, dict)]
            # A deduction (失值 of the 3+1 index) is outside the 100 points it is taken from.
            total = sum(float(i.get("weight") or 0) for i in inds if not i.get("deduct"))
            if inds and abs(total - 100) > 1e-9:
                yield problem(
                    rec,
                    ("indicators",),
                    "RULE003",
                    ERROR,
                    f"各指标权重之和为 {total:g}，须为 100",
                    f"weights sum to {total:g}, not 100",
                    "调整 weight，使总和为 100",
                )
            ids = [i.get("id") for i in inds]
            for n, iid in enumerate(ids):
                if iid in ids[:n]:
                    yield problem(
                        rec,
                        ("indicators", n, "id"),
                        "RULE005",
                        ERROR,
                        f"指标编号 '{iid}' 重复",
                        "duplicate indicator id",
                    )
            bands = [b for b in rec.get("bands") or [] if isinstance(b, dict)]
            mins = [b.get("min") for b in bands]
            if any(not isinstance(m, int | float) for m in mins):
                continue  # the schema check reports it
            if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
                yield problem(
                    rec,
                    ("bands",),
                    "RULE004",
                    ERROR,
                    "等级须按最低分从高到低排列，且最低分不能重复",
                    "bands must be in strictly decreasing order of min",
                )
            elif mins and mins[-1] != 0:
                yield problem(
                    rec,
                    ("bands", len(mins) - 1, "min"),
                    "RULE004",
                    ERROR,
                    f"最后一档的最低分是 {mins[-1]:g}，低于它的分数没有等级",
                    "bands leave scores below the last min without a grade",
                    "把最后一档的 min 改为 0",
                )
