"""The public view of the ratings: branch stars, the community assessment, the property red/black
list and 12345 ticket pressure, with their rules in words and every result's breakdown.

All four rate organisations and places, not people, so results are published in full. The one
exception is small counts of 12345 tickets: a compound with 2 noise complaints in a month points
at a household, so a count under the rules' ``show_below`` reads "少于 N", and complementary
suppression (web/suppression.py) withholds ("不公开") enough other counts — in the row, and in
the community, street and district totals the dashboards show — that none comes back by
subtraction.
Periods shown: those that have ended by the as-of date, or have begun and have their inputs.
A frozen period shows its frozen figures (data/results/, assess/frozen.py ``published``); one not
frozen yet is marked 暂定 (provisional).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from ..assess import communities, hotline, property_service, stars
from ..assess import missing as missing_inputs
from ..assess.engine import Assessment, RulesMissing, SubjectResult, fmt_points, period_end
from ..assess.frozen import differences, frozen_record, published
from ..assess.periods import in_year
from ..records.dataset import Dataset
from .assessview import Explained, RulesView, Score, _num, rules_view
from .charts import Bar
from .labels import Labels, unnamed
from .suppression import Line, protect
from .viewmemo import Part, direct

WITHHELD = "不公开"  # a count withheld so that a small one cannot be worked out by subtraction

KINDS = {
    "stars": (stars, "rules_branch_stars", "half"),
    "communities": (communities, "rules_community_assessment", "half"),
    "property": (property_service, "rules_property_evaluation", "quarter"),
    "hotline": (hotline, "rules_hotline", "year"),
}
PERCENT = {"needs_met", "central_households"}


def period_zh(period: str) -> str:
    """2026 → 2026 年；2026H1 → 2026 年上半年；2026Q3 → 2026 年第三季度."""
    year, part = period[:4], period[4:].upper()
    if not part:
        return f"{year} 年"
    if part[0] == "H":
        return f"{year} 年{'上' if part == 'H1' else '下'}半年"
    return f"{year} 年第{'一二三四'[int(part[1]) - 1]}季度"


@dataclass(frozen=True)
class Row(Explained):
    id: str
    name: str
    community_id: str
    community: str
    street_id: str
    total: str
    grade: str
    outcome: str
    rank: int
    notes: tuple[str, ...]
    breakdown: tuple[Score, ...]


@dataclass(frozen=True)
class RatingHead:
    """What a street's page of a rating shows of the whole: its page key (web/pagememo.py)
    hashes this and that street's rows, so a row edited in one street leaves the other streets'
    pages as they were."""

    kind: str
    title: str
    period: str
    name: str  # 2026 年上半年

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.period.lower()}"


@dataclass(frozen=True)
class RatingPeriod:
    kind: str
    title: str
    period: str
    name: str  # 2026 年上半年
    provisional: bool
    rules: RulesView | None
    explain: tuple[str, ...]  # the rules' stated sentences, one per line on the page
    rows: tuple[Row, ...]  # by rank
    lists: tuple[tuple[str, tuple[Row, ...]], ...]  # (heading, rows): 表彰, 预警, 红榜 …
    bars: tuple[Bar, ...] = ()  # stars: branches per grade
    companies: tuple[property_service.CompanyResult, ...] = ()
    # Frozen is published: the date it was frozen (figures from data/results/), and how many
    # figures a recompute from today's records would change (shown, never used).
    frozen_on: str = ""
    frozen_file: str = ""
    differs: int = 0
    running: bool = False  # the period has not ended yet
    missing: str = ""  # how missing scores were treated (community assessment)
    standing: tuple[StandingRow, ...] = ()  # the year standing, on a second half's page
    # Counts: the shown total of each scope, by (level, id) — ("district", ""), ("street", id),
    # ("community", id): ids of the two levels may coincide — protected with the rows
    # (web/suppression.py).
    sums: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @property
    def head(self) -> RatingHead:
        return RatingHead(self.kind, self.title, self.period, self.name)

    @property
    def slug(self) -> str:
        return self.head.slug

    def street_rows(self, street: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.street_id == street)


@dataclass(frozen=True)
class RatingsView:
    periods: tuple[RatingPeriod, ...]  # newest first within each kind, kinds in KINDS order

    def of(self, kind: str) -> tuple[RatingPeriod, ...]:
        return tuple(p for p in self.periods if p.kind == kind)


def _value(measure: str, value: float, has_evidence: bool) -> str:
    if not has_evidence and measure in ("review", "party_building", "departments", "street"):
        return "未评分"
    if measure in PERCENT:
        return f"{_num(100 * value)}%"
    if measure == "hotline_trend":
        return (
            "无去年同期数据"
            if not has_evidence
            else f"下降 {_num(100 * value)}%"
            if value > 0
            else f"上升或持平（{_num(-100 * value)}%）"
        )
    if measure == "station_standard":
        return f"{_num(value)} 项"
    if measure == "events":
        return f"{_num(value)} 次"
    return f"{_num(value)} 分"


@dataclass(frozen=True)
class StandingRow:
    """One line of a year's standing behind "two years running" (communities.year_standing)."""

    id: str
    name: str
    first: str
    second: str
    total: str
    rank: int
    bottom: bool


def _standing(a: Assessment, ds: Dataset, as_of: dt.date) -> tuple[StandingRow, ...]:
    if not a.period.upper().endswith("H2"):
        return ()
    standing = communities.year_standing(ds, int(a.period[:4]), as_of)
    if standing is None:
        return ()
    shown = standing.rules.rounding.hundredths

    def fmt(x: Decimal | None) -> str:
        return fmt_points(shown(x), standing.rules.rounding.places) if x is not None else "—"

    return tuple(
        StandingRow(r.subject, r.name, fmt(r.first), fmt(r.second), fmt(r.total), r.rank, r.bottom)
        for r in standing.rows
    )


def _count_text(n: int, key: Hashable, withheld: frozenset[Hashable], below: int) -> str:
    if key not in withheld:
        return _num(n)
    return f"少于 {below}" if 0 < n < below else WITHHELD


def _protected_counts(
    ds: Dataset, a: Assessment, below: int
) -> tuple[dict[Hashable, int], frozenset[Hashable]]:
    """Every count a counts page and the dashboards show — each compound's categories and
    total, last year's total, and the totals of its community, street and district — with the
    ones to withhold so none comes back by subtraction (12345 停车交通 = 207 − 204 = 3)."""
    values: dict[Hashable, int] = {}
    lines: list[Line] = []
    by_community: dict[str, list[Hashable]] = {}
    for r in a.results:
        cells = []
        for i in r.indicators:
            key = ("cell", r.subject, i.id)
            values[key] = int(i.value)
            if i.id != hotline.LAST_YEAR:
                cells.append(key)
        total = ("total", r.subject)
        values[total] = round(r.total / 100)
        lines.append(Line(total, tuple(cells)))
        by_community.setdefault(r.community, []).append(total)
    by_street: dict[str, list[Hashable]] = {}
    for cid, totals in sorted(by_community.items()):
        community = ds.get("community", cid)
        key = ("community", cid)
        values[key] = sum(values[t] for t in totals)
        lines.append(Line(key, tuple(totals)))
        by_street.setdefault(community.get("street", "") if community else "", []).append(key)
    for sid, totals in sorted(by_street.items()):
        values[("street", sid)] = sum(values[t] for t in totals)
        lines.append(Line(("street", sid), tuple(totals)))
    district = ("district", "")
    values[district] = sum(values[("street", sid)] for sid in by_street)
    lines.append(Line(district, tuple(("street", sid) for sid in sorted(by_street))))
    return values, protect(values, lines, below) if below else frozenset()


def _rows(
    ds: Dataset, a: Assessment, show_below: int = 0, withheld: frozenset[Hashable] = frozenset()
) -> tuple[Row, ...]:
    measure = {i.id: i.measure for i in a.rules.indicators}
    out = []
    for r in a.results:
        breakdown = []
        notes = r.notes
        total = a.fmt(r.total)
        if a.counts:
            for i in r.indicators:
                value = _count_text(int(i.value), ("cell", r.subject, i.id), withheld, show_below)
                breakdown.append(Score(i.name, value, "", "", ()))
            if ("total", r.subject) in withheld:
                total = _count_text(
                    round(r.total / 100), ("total", r.subject), withheld, show_below
                )
            if withheld & {("total", r.subject), ("cell", r.subject, hotline.LAST_YEAR)}:
                notes = ()  # a change in % with one of its two counts gives the other away
            out.append(_row(ds, r, total, notes, breakdown))
            continue
        for i in r.indicators:
            value = _value(measure.get(i.id, ""), i.value, bool(i.evidence))
            evidence = tuple(e for e in i.evidence if e.startswith("data/"))
            breakdown.append(Score(i.name, value, a.fmt(i.points), a.fmt(i.max), evidence))
        # A compound without an evaluation has no score at all, not "0.00 分".
        total = "—" if r.outcome == property_service.NOT_EVALUATED else a.fmt(r.total)
        out.append(_row(ds, r, total, r.notes, breakdown))
    return tuple(out)


def _pick(rows: tuple[Row, ...], *outcomes: str) -> tuple[Row, ...]:
    # An outcome may be several (预警、调整): a row is listed under each.
    return tuple(r for r in rows if any(o in r.outcome for o in outcomes))


def _periods(ds: Dataset, kind: str, as_of: dt.date) -> list[str]:
    module, _rules_type, cadence = KINDS[kind]
    years = range(2020, as_of.year + 1)
    # A period with its inputs entered: a half year still running shows as provisional.
    return [p for y in years for p in in_year(cadence, y, as_of) if module.has_inputs(ds, p)]


def _one(ds: Dataset, kind: str, period: str, as_of: dt.date) -> RatingPeriod | None:
    module, rules_type, _cadence = KINDS[kind]
    try:
        computed = module.assess(ds, period, as_of)
    except RulesMissing:
        return None
    frozen = frozen_record(ds, kind, period)
    a = published(ds, computed)
    show_below = int(a.rules.raw.get("show_below", 0) or 0)
    sums: dict[str, str] = {}
    withheld: frozenset[Hashable] = frozenset()
    if a.counts:
        values, withheld = _protected_counts(ds, a, show_below)
        sums = {
            k: _count_text(n, k, withheld, show_below)
            for k, n in values.items()
            if k[0] in ("district", "street", "community")
        }
    rows = _rows(ds, a, show_below, withheld)
    rv = None if a.counts else rules_view(ds, rules_type, module.TITLE, a.rules)
    explain = tuple(str(s) for s in a.rules.stated.values())
    lists: list[tuple[str, tuple[Row, ...]]] = []
    bars: tuple[Bar, ...] = ()
    companies: tuple[property_service.CompanyResult, ...] = ()
    if kind == "stars":
        counts = {g: 0 for g, _low in a.rules.bands}
        for r in rows:
            counts[r.grade] = counts.get(r.grade, 0) + 1
        bars = tuple(Bar(g, n, str(n)) for g, n in counts.items())
        lists.append(("可获经费奖补的支部", tuple(r for r in rows if stars.SUBSIDY in r.outcome)))
    elif kind == "communities":
        lists += [
            ("调整书记（连续两年后10%）", _pick(rows, communities.ADJUST)),
            ("预警（后10%）", _pick(rows, communities.WARNING)),
            ("表彰（前10%或进步明显）", _pick(rows, communities.COMMENDED)),
        ]
    elif kind == "property":
        lists += [
            ("红榜", _pick(rows, property_service.RED)),
            ("黑榜", _pick(rows, property_service.BLACK)),
            ("未评议", _pick(rows, property_service.NOT_EVALUATED)),
        ]
        companies = property_service.companies(ds, a)
    else:
        lists.append(
            (f"专班攻坚（工单量前 {a.rules.raw.get('top_n')} 个小区）", _pick(rows, "专班"))
        )
    missing = ""
    if kind == "communities":
        policy = a.rules.raw.get("missing")
        missing = communities.MISSING_ZH.get(str(policy), "按 0 分计（规则未写明）")
    elif kind in MISSING_RULES:
        rules_type, unsettled = MISSING_RULES[kind]
        missing = missing_inputs.how(a.rules, rules_type, unsettled)
    return RatingPeriod(
        kind,
        module.TITLE,
        period,
        period_zh(period),
        frozen is None,
        rv,
        explain,
        rows,
        tuple(lists),
        bars,
        companies,
        str(frozen.get("frozen_on")) if frozen else "",
        frozen.file if frozen else "",
        len(differences(computed, dict(frozen.data))) if frozen else 0,
        as_of < period_end(period),
        missing,
        _standing(a, ds, as_of) if kind == "communities" else (),
        sums,
    )


# Ratings with an evaluator's input per subject: the page says what the rules make of a missing one.
MISSING_RULES = {
    "stars": ("rules_branch_stars", "按 0 分计"),
    "property": ("rules_property_evaluation", property_service.NOT_EVALUATED),
}


def build_ratings(
    ds: Dataset,
    as_of: dt.date,
    part: Part = direct,
    unnamed_ds: tuple[Dataset, Labels] | None = None,
) -> RatingsView:
    """``part`` runs each period's rating (the memo reuses those whose records did not change:
    web/viewmemo.py), over the records with stand-ins for the names of places (``unnamed_ds``,
    made here if not given); the names are put in after (web/labels.py: a rename leaves the
    ratings as they were)."""
    blind, labels = unnamed_ds if unnamed_ds is not None else unnamed(ds)
    # Which periods have inputs is a part too: a kind's periods go through all its records
    # (12345 tickets: 0.2 s of a city build), which an edit elsewhere leaves as they were.
    periods = (
        part(blind, f"rating {kind} {p} {as_of}", partial(_one, kind=kind, period=p, as_of=as_of))
        for kind in KINDS
        for p in reversed(
            part(blind, f"periods {kind} {as_of}", partial(_periods, kind=kind, as_of=as_of))
        )
    )
    return RatingsView(tuple(_labelled(p, labels) for p in periods if p is not None))


def _labelled(p: RatingPeriod, labels: Labels) -> RatingPeriod:
    """``p`` with the names of places in its rows, lists, companies and standing."""
    done: dict[int, Row] = {}  # a row listed under a heading is the table's row: labelled once

    def row(r: Row) -> Row:
        found = done.get(id(r))
        if found is None:
            found = done[id(r)] = replace(
                r,
                name=labels.text(r.name),
                community=labels.text(r.community),
                notes=labels.texts(r.notes),
            )
        return found

    return replace(
        p,
        rows=tuple(map(row, p.rows)),
        lists=tuple((heading, tuple(map(row, rs))) for heading, rs in p.lists),
        companies=tuple(replace(c, name=labels.text(c.name)) for c in p.companies),
        standing=tuple(replace(s, name=labels.text(s.name)) for s in p.standing),
    )


def _row(ds: Dataset, r: SubjectResult, total: str, notes: tuple, breakdown: list[Score]) -> Row:
    """One line of a rating's table, with its community's name and street."""
    community = ds.get("community", r.community)
    return Row(
        r.subject,
        r.name or r.subject,
        r.community,
        community.get("name") if community else r.community,
        community.get("street") if community else "",
        total,
        r.grade,
        r.outcome,
        r.rank_district,
        notes,
        tuple(breakdown),
    )
