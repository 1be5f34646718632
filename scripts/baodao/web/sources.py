"""The records behind a score, in plain words and as links to their public pages.

A breakdown keeps the file:line of every public record that made a value (principle 4: every
number can be traced). Readers need "报到登记（2026 年）" linking to the unit's page, not 25 raw
repository paths; the paths stay on the page, folded, for whoever checks the arithmetic. The
mapping follows the repository layout (docs/record-model.md "Layout"); a record with no page of its own is
named without a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ratingsview import period_zh

LISTS = {
    "needs": "需求清单",
    "resources": "资源清单",
    "projects": "项目清单",
    "wishes": "微心愿",
    "teams": "志愿服务队",
    "events": "活动记录",
}
BY_UNIT = {"registrations": "报到登记", "unit-reports": "履责报告", "evaluations": "社区评价"}
IN_COMMUNITY = {
    "branches": "党支部记录",
    "branch-reviews": "支部评议",
    "property-evaluations": "物业服务评议",
    "grids": "网格记录",
    "requests": "吹哨报到记录",
}
WHO = {"zuzhibu": "区委组织部"}

_LOCAL = re.compile(r"data/(?P<street>[^/]+)/(?P<community>[^/]+)/(?P<rest>.+?)(?::\d+)?$")
_YEAR_UNIT = re.compile(r"(?P<year>\d{4})-(?P<unit>.+)\.yaml$")
_PERIOD = re.compile(r"(?P<p>\d{4}(?:[hHqQ]\d)?)(?:-totals)?\.(?:yaml|csv)$")


@dataclass(frozen=True)
class Source:
    label: str
    page: str | None  # docs path, e.g. "u/shui-wu-ju.md"
    anchor: str = ""
    count: int = 1


def _period(name: str) -> str:
    """The period a file holds, as a prefix: 2025h2.yaml → "2025 年下半年"."""
    m = _PERIOD.search(name)
    return period_zh(m.group("p")).replace(" ", "") if m else ""


def source(path: str, streets: dict[str, str] | None = None) -> Source:
    """One evidence path as a label and a page."""
    m = _LOCAL.match(path)
    if m and m.group("street") not in ("evaluations", "hotline", "units", "notices"):
        community, rest = m.group("community"), m.group("rest")
        kind, _, name = rest.partition("/")
        if kind in BY_UNIT and (u := _YEAR_UNIT.match(name)):
            return Source(f"{BY_UNIT[kind]}（{u.group('year')} 年）", f"u/{u.group('unit')}.md")
        if kind == "lists":
            sub = name.split("/", 1)[0]
            return Source(LISTS.get(sub, "清单"), f"c/{community}.md", f"#{sub}")
        if kind == "compounds":
            return Source("小区信息", f"x/{name.removesuffix('.yaml')}.md")
        if kind == "stations":
            return Source("服务站信息", f"s/{name.removesuffix('.yaml')}.md")
        if kind in IN_COMMUNITY:
            return Source(_period(name) + IN_COMMUNITY[kind], f"c/{community}.md")
        if rest == "community.yaml":
            return Source("社区信息", f"c/{community}.md")
    parts = path.split(":", 1)[0].split("/")
    if parts[:3] == ["data", "evaluations", "community"] and len(parts) == 5:
        who = WHO.get(parts[3]) or (streets or {}).get(parts[3]) or "职能部门"
        return Source(f"{_period(parts[4])}社区考核评分（{who}）", None)
    if parts[:2] == ["data", "hotline"]:
        return Source(f"{_period(parts[-1])} 12345 工单记录", None)
    if parts[:2] == ["data", "units"]:
        return Source("单位信息", f"u/{parts[-1].removesuffix('.yaml')}.md")
    return Source("记录", None)


def sources(
    evidence: tuple[str, ...] | list[str], streets: dict[str, str] | None = None
) -> list[Source]:
    """Evidence grouped by what a reader follows: one link per label and page, with a count."""
    grouped: dict[tuple[str, str | None, str], int] = {}
    for e in evidence:
        s = source(e, streets)
        key = (s.label, s.page, s.anchor)
        grouped[key] = grouped.get(key, 0) + 1
    return [Source(label, page, anchor, n) for (label, page, anchor), n in grouped.items()]
