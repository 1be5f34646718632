"""Rules are data: each rules file is in force for a date range, and a date has one rules file.

``coverage_problems`` holds every rules type to that: no two files in force on one day (RULE002),
no day without a file from the first file's start to the as-of date (RULE006), so a period can
neither be judged by whichever file sorts last nor silently drop out of the results.
"""

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
    """The rules file of ``type_name`` in force on ``as_of`` (the latest starting one if files
    overlap: ``coverage_problems`` reports that); RULE001 if there is none."""
    day = as_of.isoformat()
    recs = sorted(ds.of(type_name).values(), key=lambda r: _range(r)[0])
    current = [r for r in recs if _range(r)[0] <= day <= _range(r)[1]]
    if not current:
        return RulesInForce(
            None,
            (
                Problem(
                    "data/rules/",
                    0,
                    "",
                    "RULE001",
                    ERROR,
                    f"{day} 没有生效的{title}",
                    f"no {type_name} rules in force on {day}",
                    "在 data/rules/ 下添加一份覆盖该日期的规则文件",
                ),
            ),
        )
    return RulesInForce(current[-1], ())


def _day_after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def coverage_problems(ds: Dataset, type_name: str, title: str, as_of: dt.date) -> list[Problem]:
    """Overlaps (RULE002) and gaps (RULE006) among the rules files of one type, up to ``as_of``."""
    recs = sorted(
        (r for r in ds.of(type_name).values() if _valid(r)), key=lambda r: (_range(r)[0], r.file)
    )
    found: list[Problem] = []
    # ``a`` is the file reaching furthest so far: a long file can overlap several later ones.
    for n, b in enumerate(recs[1:], 1):
        a = max(recs[:n], key=lambda r: _range(r)[1])
        a_to, b_from = _range(a)[1], _range(b)[0]
        if b_from <= a_to:
            found.append(
                Problem(
                    b.file,
                    b.line_of(("in_force", "from")),
                    "in_force.from",
                    "RULE002",
                    ERROR,
                    f"{title}的生效期与 {a.file} 重叠",
                    f"rules overlap with {a.file}",
                    f"给 {a.file} 写上 in_force.to（早于 {b_from}）",
                )
            )
        elif b_from > _day_after(a_to) and a_to < as_of.isoformat():
            found.append(
                Problem(
                    a.file,
                    a.line_of(("in_force", "to")),
                    "in_force.to",
                    "RULE006",
                    ERROR,
                    f"{title}在 {_day_after(a_to)} 至 {(dt.date.fromisoformat(b_from) - dt.timedelta(days=1)).isoformat()} 没有生效的规则文件（{a.file} 到 {a_to} 为止，{b.file} 从 {b_from} 起）",
                    f"no {type_name} rules in force from {_day_after(a_to)} to the day before {b_from}",
                    f"把 {a.file} 的 in_force.to 改为 {(dt.date.fromisoformat(b_from) - dt.timedelta(days=1)).isoformat()}，或添加一份覆盖这段时间的规则文件",
                )
            )
    if recs:
        last = max(recs, key=lambda r: _range(r)[1])
        last_to = _range(last)[1]
        if last_to < as_of.isoformat():
            found.append(
                Problem(
                    last.file,
                    last.line_of(("in_force", "to")),
                    "in_force.to",
                    "RULE006",
                    ERROR,
                    f"{title}在 {_day_after(last_to)} 以后没有生效的规则文件（{last.file} 到 {last_to} 为止）",
                    f"no {type_name} rules in force after {last_to}",
                    f"添加一份从 {_day_after(last_to)} 起生效的规则文件，或删去 {last.file} 的 in_force.to",
                )
            )
    return found


def _valid(rec: Record) -> bool:
    """A range the schema accepts (dates as text): other values are the schema check's to report."""
    start, end = _range(rec)
    try:
        dt.date.fromisoformat(start)
        dt.date.fromisoformat(end)
    except ValueError:
        return False
    return True
