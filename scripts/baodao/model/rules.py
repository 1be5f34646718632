"""Rules are data: each rules file is in force for a date range, and a date has one rules file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..problems import ERROR, Problem
from ..records.dataset import Dataset, Record


@dataclass(frozen=True)
class RulesInForce:
    record: Record | None
    problems: tuple[Problem, ...]

    def value(self, key: str):
        return self.record.data[key] if self.record is not None else None


def _range(rec: Record) -> tuple[str, str]:
    span = rec.data.get("in_force") or {}
    return str(span.get("from", "")), str(span.get("to") or "9999-12-31")


def rules_in_force(ds: Dataset, type_name: str, as_of: dt.date, title: str) -> RulesInForce:
    """The one rules file of ``type_name`` in force on ``as_of``; problems if none or several."""
    day = as_of.isoformat()
    recs = sorted(ds.of(type_name).values(), key=lambda r: _range(r)[0])
    problems: list[Problem] = []
    for a, b in zip(recs, recs[1:], strict=False):
        if _range(b)[0] <= _range(a)[1]:
            problems.append(Problem(b.file, b.line_of(("in_force", "from")), "in_force.from", "RULE002", ERROR,
                                    f"{title}的生效期与 {a.file} 重叠", f"rules overlap with {a.file}",
                                    f"给 {a.file} 写上 in_force.to（早于 {_range(b)[0]}）"))  # fmt: skip
    current = [r for r in recs if _range(r)[0] <= day <= _range(r)[1]]
    if not current:
        problems.append(Problem("data/rules/", 0, "", "RULE001", ERROR,
                                f"{day} 没有生效的{title}", f"no {type_name} rules in force on {day}",
                                "在 data/rules/ 下添加一份覆盖该日期的规则文件"))  # fmt: skip
        return RulesInForce(None, tuple(problems))
    return RulesInForce(current[-1], tuple(problems))
