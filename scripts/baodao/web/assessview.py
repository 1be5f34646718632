"""The public view of the assessments (双考核): unit results in full, members only in aggregate.

Part of the public view (see publicview.py). Units are organisations: each unit's total, grade,
ranks, notes and breakdown are published, so anyone can see why it scored what it did. Members
are private people: this module reads their individual results and activity rows only to
count them, and keeps nothing per person. What it keeps are counts of people through
``suppress`` (under 5 → "少于 5"), a rate only when both of its counts are 5 or more, and hours
only when at least 5 distinct people stand behind the sum ("—" otherwise). A grade distribution
in which every member of the group has the same grade is withheld ("—" in every cell): its one
count would tell each member's grade.

The rules of each period (indicators, weights, how each is measured, its source passage, bands,
stated rules) are public data and are described in words for the rules pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from ..assess import members as member_assessment
from ..assess import missing
from ..assess import units as unit_assessment
from ..assess.engine import Assessment, Rules, RulesMissing, fmt_points, period_end, rules_for
from ..assess.frozen import frozen_record, published
from ..records.dataset import Dataset
from .charts import Bar
from .suppression import SUPPRESS_BELOW, Line, protect, suppress

WITHHELD = "不公开"  # withheld so that a small count cannot be worked out by subtraction

NOT_SHOWN = "—"

# How each measure is scored, in one sentence; {full}/{late} are the rules' numbers.
MEASURE_ZH = {
    "registered": ("按时报到得满分，逾期按逾期系数 {late} 计分", "报到即得满分"),
    "hours": ("服务时长达到 {full} 小时得满分，不足的按比例给分", "有服务时长记录即得满分"),
    "activities": ("参加活动达到 {full} 次得满分，不足的按比例给分", "参加过活动即得满分"),
    "service_types": (
        "服务方式（如志愿式、专长式）达到 {full} 种得满分，不足的按比例给分",
        "有一种服务方式即得满分",
    ),
    "report_submitted": ("提交履责报告得满分，未提交得 0 分", "提交履责报告得满分，未提交得 0 分"),
    "evaluation": (
        "报到社区的评价分达到 {full} 分得满分，按比例给分",
        "社区评价为正分即得满分",
    ),
    "projects": ("参与共建项目达到 {full} 个得满分，不足的按比例给分", "参与共建项目即得满分"),
    "person_times": ("投入人次达到 {full} 人次得满分，不足的按比例给分", "有投入人次即得满分"),
    "resources": ("提供资源达到 {full} 项得满分，不足的按比例给分", "提供资源即得满分"),
    "station_standard": (
        "服务站达到“六有”标准 {full} 项得满分，按达标项数给分",
        "有达标项即得满分",
    ),
    "events": ("期内支部组织活动达到 {full} 次得满分，不足的按比例给分", "组织过活动即得满分"),
    "needs_met": ("需求办结率达到 {full_pct} 得满分，按比例给分", "有需求办结即得满分"),
    "central_households": (
        "党员中心户覆盖楼栋比例达到 {full_pct} 得满分，按比例给分",
        "有党员中心户即得满分",
    ),
    "hotline_trend": (
        "12345 工单比去年同期下降 {full_pct} 得满分，按比例给分；上升的得 0 分",
        "工单下降即得满分",
    ),
    "review": ("社区评议分达到 {full} 分得满分，按比例给分", "有评议分即得满分"),
    "party_building": ("组织部评分（百分制）按比例计入", "有评分即得满分"),
    "departments": ("各部门评分的平均分（百分制）按比例计入", "有评分即得满分"),
    "street": ("所在街道的评分（百分制）按比例计入", "有评分即得满分"),
    "community_score": ("社区评分（百分制）按比例计入", "有评分即得满分"),
    "branch_score": ("小区党支部评分（百分制）按比例计入", "有评分即得满分"),
}
VALUE_ZH = {
    "hours": "{v} 小时",
    "activities": "{v} 次",
    "service_types": "{v} 种",
    "evaluation": "{v} 分",
    "projects": "{v} 个",
    "person_times": "{v} 人次",
    "resources": "{v} 项",
}
NO_RECORD_ZH = {"report_submitted": "未提交", "evaluation": "未评价", "registered": "未报到"}


def _num(x: float | int | None) -> str:
    """A number without noise: 24 → "24", 13.5 → "13.5" (one decimal at most)."""
    r = round(float(x or 0), 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


@dataclass(frozen=True)
class Score:
    """One row of a unit's breakdown."""

    name: str
    value: str
    points: str
    max: str
    evidence: tuple[str, ...]  # public records that made the value (file:line)


class Explained:
    """A result row with a per-indicator breakdown (units, ratings)."""

    breakdown: tuple[Score, ...]

    @property
    def evidence(self) -> tuple[str, ...]:
        """The public records behind the breakdown, each once, in indicator order."""
        return tuple(dict.fromkeys(e for s in self.breakdown for e in s.evidence))


@dataclass(frozen=True)
class UnitResult(Explained):
    unit_id: str
    name: str
    community_id: str
    community: str
    total: str
    grade: str
    rank_community: int
    n_community: int
    rank_district: int
    n_district: int
    notes: tuple[str, ...]
    breakdown: tuple[Score, ...]


@dataclass(frozen=True)
class Participation:
    """Members of one group (a community, a unit, the district) in counts only."""

    reported: str
    active: str
    rate: str
    grades: tuple[Bar, ...]  # one bar per grade, highest first; suppressed counts have no value
    hours: str

    def grades_text(self) -> str:
        return " · ".join(f"{b.label} {b.text}" for b in self.grades)


@dataclass(frozen=True)
class CommunityParticipation:
    members: Participation
    months: tuple[Bar, ...]  # hours per month; "—" for months with fewer than 5 people


@dataclass(frozen=True)
class IndicatorRule:
    name: str
    weight: str
    how: str
    source: str


@dataclass(frozen=True)
class RulesView:
    title: str
    file: str
    basis: str
    full: str  # the sum of the weights
    indicators: tuple[IndicatorRule, ...]
    bands: tuple[tuple[str, str], ...]  # (grade, range in words), highest first
    tie_break: str
    stated: tuple[str, ...]
    # How shown figures are rounded; grades, ranks and cuts use the exact totals.
    rounding: str = ""


@dataclass(frozen=True)
class PeriodView:
    period: str
    provisional: bool  # the as-of date is before the period's end
    unit_title: str
    member_title: str
    units: tuple[UnitResult, ...]  # by district rank
    unit_rules: RulesView | None
    member_rules: RulesView | None
    members: Participation | None  # the district; None without the private root or report-ins
    communities: Mapping[str, CommunityParticipation] = field(default_factory=dict)
    by_unit: Mapping[str, Participation] = field(default_factory=dict)
    mean_total: str = NOT_SHOWN
    # Keys of the members' counts withheld (("community", id), "reported") …: the registration
    # pages show the same figures and withhold them too (listsview.build_lists). Sorted, not a
    # set: a set's order follows the process's hash seed, and the pages that read the view
    # would hash differently in every build (web/pagememo.py: 1,000 unit pages rendered again).
    withheld: tuple[Hashable, ...] = ()


@dataclass(frozen=True)
class AssessView:
    as_of: str
    periods: tuple[PeriodView, ...]  # newest first
    unit_results: Mapping[str, tuple[tuple[str, UnitResult], ...]]  # unit id → (period, result)
    has_members: bool


def periods_of(ds: Dataset, as_of: dt.date) -> list[str]:
    """Years with a unit or member report-in, up to the as-of year."""
    years = {str(r.get("year")) for r in ds.of("unit_registration").values()}
    years |= {str(r.folder.get("year")) for r in ds.of("member_registration").values()}
    return sorted(y for y in years if y.isdigit() and int(y) <= as_of.year)


def _basis(ds: Dataset, type_name: str, file: str) -> str:
    for rec in ds.of(type_name).values():
        if rec.file == file:
            return str(rec.get("basis") or "")
    return ""


def _how(measure: str, full_at: float | None, late_factor: float | None) -> str:
    with_full, without = MEASURE_ZH.get(
        measure, (f"{measure} 达到 {{full}} 得满分，不足的按比例给分", f"{measure} 大于 0 即得满分")
    )
    if measure == "registered":
        return with_full.format(late=_num(late_factor)) if late_factor is not None else without
    text = (
        with_full.format(full=_num(full_at), full_pct=f"{_num(100 * full_at)}%")
        if full_at
        else without
    )
    if late_factor is not None:
        text += f"；逾期报到的按逾期系数 {_num(late_factor)} 计分"
    return text


# An evaluator's input that may be missing, and whose rules say what then (assess/missing.py).
MISSING_OF = {
    ("rules_unit_assessment", "evaluation"): "社区未评价的",
    ("rules_branch_stars", "review"): "社区未评议的",
}


def rules_view(ds: Dataset, type_name: str, title: str, rules: Rules) -> RulesView:
    def how(i) -> str:
        text = _how(i.measure, i.full_at, i.late_factor)
        who = MISSING_OF.get((type_name, i.measure))
        return f"{text}；{who}{missing.how(rules, type_name)}" if who else text

    indicators = tuple(
        IndicatorRule(i.name, _num(i.weight), how(i), i.source) for i in rules.indicators
    )
    bands = []
    higher: float | None = None
    for grade, low in rules.bands:
        if higher is None:
            text = f"{_num(low)} 分及以上"
        elif low <= 0:
            text = f"不到 {_num(higher)} 分"
        else:
            text = f"{_num(low)} 分及以上、不到 {_num(higher)} 分"
        bands.append((grade, text))
        higher = low
    names = {i.measure: i.name for i in rules.indicators}
    ties = [names.get(t, t) for t in rules.tie_break if t != "id"]
    tie = (
        f"总分相同的，依次比较{'、'.join(ties)}；" if ties else "总分相同的，"
    ) + "仍相同的按编号排序。等级、排名和分界按未取舍的精确总分。"
    full = _num(sum(i.weight for i in rules.indicators))
    return RulesView(
        title,
        rules.file,
        _basis(ds, type_name, rules.file),
        full,
        indicators,
        tuple(bands),
        tie,
        tuple(str(s) for s in rules.stated.values()),
        f"显示的分数{rules.rounding.describe()}",
    )


def _unit_results(ds: Dataset, a: Assessment) -> tuple[UnitResult, ...]:
    measure = {i.id: i.measure for i in a.rules.indicators}
    per_community: dict[str, int] = {}
    for r in a.results:
        per_community[r.community] = per_community.get(r.community, 0) + 1
    out = []
    for r in a.results:
        rows = []
        for i in r.indicators:
            m = measure.get(i.id, "")
            if not i.evidence:
                value = NO_RECORD_ZH.get(m, "无记录")
            elif m == "registered":
                value = "逾期报到" if i.points < i.max else "已报到"
            elif m == "report_submitted":
                value = "已提交"
            else:
                value = VALUE_ZH.get(m, "{v}").format(v=_num(i.value))
            # Unit evidence is public records; anything else is left out on purpose.
            evidence = tuple(e for e in i.evidence if e.startswith("data/"))
            rows.append(Score(i.name, value, fmt_points(i.points), fmt_points(i.max), evidence))
        community = ds.get("community", r.community)
        out.append(
            UnitResult(
                r.subject,
                r.name,
                r.community,
                community.get("name") if community else r.community,
                fmt_points(r.total),
                r.grade,
                r.rank_community,
                per_community[r.community],
                r.rank_district,
                len(a.results),
                r.notes,
                tuple(rows),
            )
        )
    return tuple(out)


def _count(n: int) -> str:
    return suppress(n) or ""


@dataclass
class _Group:
    """One group's counts (a community, a unit, the district) before they are published."""

    reported: int = 0
    active: int = 0
    hours: float = 0.0
    per_grade: dict[str, int] = field(default_factory=dict)

    @property
    def all_in_one(self) -> bool:
        """Everyone in one grade: its count would tell each member's grade to anyone who knows
        they reported in, so the whole distribution is withheld."""
        return self.reported >= SUPPRESS_BELOW and self.reported in self.per_grade.values()


def _group(
    grades: tuple[str, ...], people: Iterable[tuple[str, str]], hours: Mapping[str, float]
) -> _Group:
    """people: (person, grade) of one group. Only counts leave this function."""
    g = _Group(per_grade=dict.fromkeys(grades, 0))
    for person, grade in people:
        g.reported += 1
        if person in hours:
            g.active += 1
            g.hours += hours[person]
        g.per_grade[grade] = g.per_grade.get(grade, 0) + 1
    return g


def _participation(key: Hashable, g: _Group, withheld: frozenset[Hashable]) -> Participation:
    def text(what: Hashable, n: int) -> str:
        if (key, what) not in withheld:
            return _count(n)
        return _count(n) if n < SUPPRESS_BELOW else WITHHELD  # a zero reads "少于 5" too

    shown_reported = (key, "reported") not in withheld and g.reported >= SUPPRESS_BELOW
    shown_active = (key, "active") not in withheld and g.active >= SUPPRESS_BELOW
    rate = (
        f"{round(100 * g.active / g.reported)}%" if shown_reported and shown_active else NOT_SHOWN
    )
    bars = tuple(
        Bar(grade, None, NOT_SHOWN)
        if g.all_in_one
        else Bar(grade, None if (key, grade) in withheld else n, text(grade, n))
        for grade, n in g.per_grade.items()
    )
    hours = _num(g.hours) if shown_active else NOT_SHOWN
    return Participation(text("reported", g.reported), text("active", g.active), rate, bars, hours)


def _protect_groups(
    grades: tuple[str, ...], district: _Group, partitions: Iterable[Mapping[Hashable, _Group]]
) -> frozenset[Hashable]:
    """Counts of every group to withhold: each group's grades add up to its reported members,
    and each figure of the district to the same figure of the groups of a partition (its
    communities, its members' units) — on the member pages and their downloads alike."""
    measures = (*grades, "reported", "active")
    groups: dict[Hashable, _Group] = {"district": district}
    forced = []
    lines: list[Line] = []
    for part in partitions:
        groups.update(part)
        complete = sum(g.reported for g in part.values()) == district.reported
        for m in measures if complete else ():
            lines.append(Line(("district", m), tuple((k, m) for k in part)))
    values: dict[Hashable, int] = {}
    for key, g in groups.items():
        values.update({(key, m): g.per_grade.get(m, 0) for m in grades})
        values[(key, "reported")], values[(key, "active")] = g.reported, g.active
        lines.append(Line((key, "reported"), tuple((key, m) for m in grades)))
        if g.all_in_one:
            forced.extend((key, m) for m in grades)
    # A zero reads "少于 5" like a small count, so it is as unknown to a reader as one.
    forced.extend(k for k, v in values.items() if v == 0)
    return protect(values, lines, forced=forced)


@dataclass
class _Activity:
    """One year of activity rows, summed once: hours per person; hours and people per month."""

    hours: dict[str, float] = field(default_factory=dict)
    month_hours: dict[tuple[str, int], float] = field(default_factory=dict)
    month_people: dict[tuple[str, int], set[str]] = field(default_factory=dict)


def _activity(ds: Dataset) -> dict[str, _Activity]:
    years: dict[str, _Activity] = {}
    for row in ds.of("activity").values():
        y = years.setdefault(row.folder.get("year", ""), _Activity())
        person, h = row.get("person"), float(row.get("hours") or 0)
        y.hours[person] = y.hours.get(person, 0.0) + h
        date = row.get("date")
        if isinstance(date, str) and len(date) >= 7 and date[5:7].isdigit():
            key = (row.folder.get("community", ""), int(date[5:7]))
            y.month_hours[key] = y.month_hours.get(key, 0.0) + h
            y.month_people.setdefault(key, set()).add(person)
    return years


def _months(act: _Activity, last: int) -> dict[str, tuple[Bar, ...]]:
    """Hours per month of each community's activity rows; a month shows only with ≥ 5 people."""
    out = {}
    for cid in sorted({c for c, _m in act.month_people}):
        bars = []
        for month in range(1, last + 1):
            n = len(act.month_people.get((cid, month), ()))
            h = act.month_hours.get((cid, month), 0.0)
            shown = n >= SUPPRESS_BELOW
            bars.append(
                Bar(f"{month}月", round(h, 1) if shown else None, _num(h) if shown else NOT_SHOWN)
            )
        out[cid] = tuple(bars)
    return out


def _members(
    ds: Dataset, a: Assessment, act: _Activity, as_of: dt.date
) -> tuple[Participation, dict, dict, frozenset[Hashable]]:
    year = a.period[:4]
    grades = tuple(g for g, _low in a.rules.bands)
    home = {
        reg.get("person"): reg.get("home_org")
        for reg in ds.of("member_registration").values()
        if reg.folder.get("year") == year
    }
    by_community: dict[str, list[tuple[str, str]]] = {}
    by_unit: dict[str, list[tuple[str, str]]] = {}
    everyone = []
    for r in a.results:
        pair = (r.subject, r.grade)
        everyone.append(pair)
        by_community.setdefault(r.community, []).append(pair)
        by_unit.setdefault(home.get(r.subject, ""), []).append(pair)
    months = _months(act, as_of.month if as_of.year == int(year) else 12)
    district = _group(grades, everyone, act.hours)
    c_groups = {
        ("community", c): _group(grades, by_community.get(c, []), act.hours)
        for c in ds.of("community")
    }
    u_groups = {("unit", u): _group(grades, by_unit.get(u, []), act.hours) for u in ds.of("unit")}
    withheld = _protect_groups(grades, district, (c_groups, u_groups))
    communities = {
        cid: CommunityParticipation(
            _participation(("community", cid), c_groups[("community", cid)], withheld),
            months.get(cid, ()),
        )
        for cid in ds.of("community")
    }
    units = {u: _participation(("unit", u), u_groups[("unit", u)], withheld) for u in ds.of("unit")}
    return _participation("district", district, withheld), communities, units, withheld


def build_assessments(ds: Dataset, as_of: dt.date) -> AssessView:
    periods = []
    unit_results: dict[str, list[tuple[str, UnitResult]]] = {}
    activity = _activity(ds) if ds.has_private else {}
    member_years = {r.folder.get("year") for r in ds.of("member_registration").values()}
    for period in periods_of(ds, as_of):
        try:
            # Frozen is published: a frozen year shows its frozen figures (assess/frozen.py).
            ua = published(ds, unit_assessment.assess(ds, period, as_of))
        except RulesMissing:
            ua = None
        try:
            # A year without any member report-in (e.g. before members were recorded) has no
            # members part; its rules are still published.
            ma = (
                member_assessment.assess(ds, period, as_of)
                if ds.has_private and period in member_years
                else None
            )
            rules = (
                ma.rules
                if ma
                else rules_for(ds, "rules_member_assessment", period, "在职党员考核规则")
            )
        except RulesMissing:
            ma, rules = None, None
        units = _unit_results(ds, ua) if ua else ()
        for u in units:
            unit_results.setdefault(u.unit_id, []).append((period, u))
        district, communities, by_unit, withheld = (
            _members(ds, ma, activity.get(period, _Activity()), as_of)
            if ma
            else (None, {}, {}, frozenset())
        )
        mean = (
            fmt_points(round(sum(r.total for r in ua.results) / len(ua.results)))
            if ua and ua.results
            else NOT_SHOWN
        )
        periods.append(
            PeriodView(
                period,
                as_of < period_end(period) or frozen_record(ds, "units", period) is None,
                unit_assessment.TITLE,
                member_assessment.TITLE,
                units,
                rules_view(ds, "rules_unit_assessment", unit_assessment.TITLE, ua.rules)
                if ua
                else None,
                rules_view(ds, "rules_member_assessment", member_assessment.TITLE, rules)
                if rules
                else None,
                district,
                communities,
                by_unit,
                mean,
                tuple(sorted(withheld, key=repr)),
            )
        )
    periods.reverse()
    return AssessView(
        as_of.isoformat(),
        tuple(periods),
        {
            uid: tuple(sorted(rs, key=lambda x: x[0], reverse=True))
            for uid, rs in unit_results.items()
        },
        ds.has_private,
    )
