"""力量地图 and the "3+1" index (seed 004): people a community can call on, and how it uses them.

Force (力量) per community on the day the period is judged (its last day, or the as-of date when
earlier): in-service members who reported in that year, concurrent members of the community's
大党委 holding their post, volunteer-team members and grid staff holding a grid post (roles
from the rules). The index, scored by the shared engine with the rules of the period:

- 足值 enough: force per 100 households;
- 动值 mobilised: share of reported-in members with at least one activity row in the year;
- 赢值 results: share of the year's needs and micro-wishes met plus requests closed;
- 失值 lost (a deduction): members who reported in the year before and not this year, members
  who reported in and did nothing, and vacant grid posts, per person of force.

Streets and the district are scored the same way from the sums of their communities, so the
headline figures exist where small counts would hide a community's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..model.assignments import holder_on
from ..model.lifetimes import exists_on
from ..model.rules import rules_in_force
from ..records.dataset import Dataset
from .engine import (
    Assessment,
    Measured,
    RulesMissing,
    SubjectResult,
    period_end,
    period_start,
    rank,
    ref,
    rules_for,
    score,
)
from .requests import RequestSummary, summarise

TITLE = "力量地图与“3+1”指数"
RULES_TITLE = "“3+1”指数规则"
MET = frozenset({"met"})  # need/wish statuses that count as results


@dataclass
class Force:
    """Counts behind the index for one community (or a sum of communities)."""

    households: int = 0
    members: int = 0  # reported in this year
    concurrent: int = 0
    volunteers: int = 0
    grid_staff: int = 0
    active: int = 0  # reported-in members with an activity row this year
    left: int = 0  # reported in last year, not this year
    vacant_posts: int = 0  # grid posts without a holder
    asked: int = 0  # needs + wishes raised this year + requests raised
    done: int = 0  # of which met / closed
    evidence: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.members + self.concurrent + self.volunteers + self.grid_staff

    @property
    def inactive(self) -> int:
        return self.members - self.active

    @property
    def lost(self) -> int:
        return self.left + self.inactive + self.vacant_posts

    def merge(self, other: Force) -> None:
        for name in (
            "households",
            "members",
            "concurrent",
            "volunteers",
            "grid_staff",
            "active",
            "left",
            "vacant_posts",
            "asked",
            "done",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.evidence.items():
            self.evidence.setdefault(k, []).extend(v)


def _pct(num: int, den: int) -> Decimal:
    # Exact: a share rounded here would round again in the points (docs/assessments.md "Rounding").
    return Decimal(100 * num) / Decimal(den) if den else Decimal(0)


def measures(f: Force) -> dict[str, Measured]:
    ev = {k: tuple(v) for k, v in f.evidence.items()}
    return {
        "enough": Measured(_pct(f.total, f.households), ev.get("force", ())),
        "mobilised": Measured(_pct(f.active, f.members), ev.get("members", ())),
        "results": Measured(_pct(f.done, f.asked), ev.get("results", ())),
        "lost": Measured(_pct(f.lost, f.total), ev.get("members", ()) + ev.get("vacant", ())),
    }


def _status(rec) -> str:
    history = [h for h in rec.get("history") or [] if isinstance(h, dict)]
    return history[-1].get("status", "") if history else ""


def count_force(
    ds: Dataset, period: str, as_of: dt.date, requests: RequestSummary | None = None
) -> dict[str, Force]:
    """Force per community id, from the records of the period."""
    found = rules_in_force(ds, "rules_force_index", period_end(period), RULES_TITLE)
    rules = found.record.data if found.record is not None else {}
    grid_roles = frozenset(rules.get("grid_roles") or ())
    concurrent_roles = frozenset(rules.get("concurrent_roles") or ())
    day = min(as_of, period_end(period))
    year = period[:4]
    last_year = str(int(year) - 1)
    out: dict[str, Force] = {cid: Force() for cid in ds.of("community")}
    for c in ds.of("community").values():
        f = out[c.id]
        f.households = int(c.get("households") or 0)
        for post in c.get("posts") or []:
            if post.get("role") in concurrent_roles and holder_on(post, day) is not None:
                f.concurrent += 1
                f.evidence.setdefault("force", []).append(ref(c))
    for g in ds.of("grid").values():
        f = out.setdefault(g.get("community", ""), Force())
        for post in g.get("posts") or []:
            if post.get("role") not in grid_roles:
                continue
            if holder_on(post, day) is not None:
                f.grid_staff += 1
                f.evidence.setdefault("force", []).append(ref(g))
            else:
                f.vacant_posts += 1
                f.evidence.setdefault("vacant", []).append(ref(g))
    for t in ds.of("team").values():
        f = out.setdefault(t.get("community", ""), Force())
        f.volunteers += int(t.get("members") or 0)
        f.evidence.setdefault("force", []).append(ref(t))
    active = {
        row.get("person") for row in ds.of("activity").values() if row.folder.get("year") == year
    }
    this_year: set[str] = set()
    before: dict[str, str] = {}
    for reg in ds.of("member_registration").values():
        y, cid, person = reg.folder.get("year"), reg.folder.get("community", ""), reg.get("person")
        if y == year:
            this_year.add(person)
            f = out.setdefault(cid, Force())
            f.members += 1
            f.active += person in active
            f.evidence.setdefault("members", []).append(ref(reg))
        elif y == last_year:
            before[person] = cid
    for person, cid in before.items():
        if person not in this_year:
            out.setdefault(cid, Force()).left += 1
    for type_name in ("need", "wish"):
        for rec in ds.of(type_name).values():
            raised = rec.get("raised")
            if not (isinstance(raised, str) and raised[:4] == year):
                continue
            f = out.setdefault(rec.get("community", ""), Force())
            f.asked += 1
            f.done += _status(rec) in MET
            f.evidence.setdefault("results", []).append(ref(rec))
    if requests is None:
        try:
            requests = summarise(ds, period, as_of)
        except RulesMissing:  # no request rules or calendar: the index counts the lists only
            requests = None
    if requests is not None:
        for cid, t in requests.by_community.items():
            f = out.setdefault(cid, Force())
            f.asked += t.raised
            f.done += t.closed
            f.evidence.setdefault("results", []).extend(t.evidence)
    return out


@dataclass(frozen=True)
class ForceIndex:
    assessment: Assessment  # communities, ranked
    force: Mapping[str, Force]  # community id → counts
    streets: Mapping[str, tuple[Force, SubjectResult]]
    district: tuple[Force, SubjectResult]


def has_inputs(ds: Dataset, period: str) -> bool:
    """The force map counts the people registered on a day: every year that has begun has one."""
    return True


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    return index(ds, period, as_of).assessment


def index(
    ds: Dataset, period: str, as_of: dt.date, requests: RequestSummary | None = None
) -> ForceIndex:
    rules = rules_for(ds, "rules_force_index", period, RULES_TITLE)
    force = count_force(ds, period, as_of, requests)
    results = []
    streets: dict[str, Force] = {}
    district = Force()
    first_day = period_start(period)
    for cid, f in force.items():
        c = ds.get("community", cid)
        if c is None or not exists_on(c, first_day):
            continue  # ranked only from its first full period (model/lifetimes.py)
        # Ranked within the street (the engine ranks by its "community" field) and in the district.
        results.append(score(rules, cid, c.get("name", cid), c.get("street", ""), measures(f)))
        streets.setdefault(c.get("street", ""), Force()).merge(f)
        district.merge(f)
    street_results = {}
    for sid, f in sorted(streets.items()):
        s = ds.get("street", sid)
        street_results[sid] = (
            f,
            score(rules, sid, s.get("name", sid) if s else sid, sid, measures(f)),
        )
    a = Assessment("force", TITLE, period, as_of.isoformat(), rules, rank(rules, results))
    return ForceIndex(
        a,
        force,
        street_results,
        (district, score(rules, "district", "全区", "", measures(district))),
    )
