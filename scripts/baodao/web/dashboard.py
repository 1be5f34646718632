"""Dashboard data (一屏知全域, seeds 002/004): one JSON summary per district, street and community.

Written at build time beside the pages (``dashboard/district/district.json``,
``dashboard/street/<id>.json``, ``dashboard/community/<id>.json``) from the public view only, so
it holds nothing the pages could not show: counts of people arrive already suppressed.

Each headline figure is a *section*: a function ``(view, scope) -> dict | None`` listed in
``SECTIONS`` under its key: a new assessment adds its figures by adding one function here;
``None`` leaves the key out for that scope.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..assess.stars import SUBSIDY
from .incremental import Staging
from .publicview import PublicView


@dataclass(frozen=True)
class Scope:
    level: str  # district / street / community
    id: str
    name: str
    communities: frozenset[str]  # the community ids inside the scope
    street: str = ""  # a community's street


Section = Callable[[PublicView, Scope], "dict[str, Any] | None"]


def scopes(view: PublicView) -> list[Scope]:
    out = [
        Scope("district", "district", view.district_name, frozenset(c.id for c in view.communities))
    ]
    for s in view.streets:
        out.append(Scope("street", s.id, s.name, frozenset(c.id for c in s.communities)))
    for c in view.communities:
        out.append(Scope("community", c.id, c.name, frozenset({c.id}), c.street.id))
    return out


def _registrations(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    reported = not_reported = 0
    for cid in sorted(scope.communities):
        lists = view.community_lists.get(cid)
        if lists is not None:
            reported += len(lists.reported)
            not_reported += len(lists.not_reported)
    out: dict[str, Any] = {
        "year": view.as_of[:4],
        "units_reported": reported,
        "units_not_reported": not_reported,
    }
    if scope.level == "community":
        lists = view.community_lists.get(scope.id)
        out["members_reported"] = lists.members_reported if lists else ""
    return out


def _unit_assessment(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    a = view.assessments
    if a is None or not a.periods:
        return None
    p = a.periods[0]
    units = [u for u in p.units if u.community_id in scope.communities]
    grades: dict[str, int] = {}
    for u in units:
        grades[u.grade] = grades.get(u.grade, 0) + 1
    mean = f"{sum(float(u.total) for u in units) / len(units):.2f}" if units else "—"
    return {
        "period": p.period,
        "provisional": p.provisional,
        "units": len(units),
        "mean_total": mean,
        "grades": grades,
    }


def _member_assessment(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    a = view.assessments
    if a is None or not a.periods:
        return None
    p = a.periods[0]
    part = p.members if scope.level == "district" else None
    if scope.level == "community" and scope.id in p.communities:
        part = p.communities[scope.id].members
    if part is None:
        return None  # per street: not published (the pages show districts and communities only)
    return {
        "period": p.period,
        "reported": part.reported,
        "active": part.active,
        "rate": part.rate,
        "hours": part.hours,
        "grades": {b.label: b.text for b in part.grades},
    }


def _requests(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    g = view.governance
    if g is None or not g.requests:
        return None
    r = g.requests[0]
    rows = {"district": (r.district,), "street": r.streets, "community": r.communities}[scope.level]
    row = next((x for x in rows if x.id == scope.id), None)
    if row is None:
        return {"period": r.period, "raised": 0}
    return {
        "period": r.period,
        "raised": row.raised,
        "closed": row.closed,
        "on_time": row.on_time,
        "overdue": row.overdue,
        "on_time_rate": row.on_time_rate,
        "satisfaction_rate": row.satisfaction_rate,
        "response_rate": row.response_rate,
    }


def _force(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    g = view.governance
    if g is None or not g.force:
        return None
    f = g.force[0]
    rows = {"district": (f.district,), "street": f.streets, "community": f.communities}[scope.level]
    row = next((x for x in rows if x.id == scope.id), None)
    if row is None:
        return None
    return {
        "period": f.period,
        "members": row.members,
        "concurrent": row.concurrent,
        "volunteers": row.volunteers,
        "grid_staff": row.grid_staff,
        "total": row.total,
        "index": row.index,
        "grade": row.grade,
        "parts": {name: points for name, _words, points in row.parts},
    }


def _coverage(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    g = view.governance
    if g is None or g.coverage is None:
        return None
    c = g.coverage
    rows = {"district": (c.district,), "street": c.streets, "community": c.communities}[scope.level]
    row = next((x for x in rows if x.id == scope.id), None)
    if row is None:
        return None
    return {
        "as_of": c.as_of,
        **{m: rate for m, (_n, _t, rate) in row.shares.items()},
        "independent_branches": row.independent,
        "joint_branches": row.joint,
        "party_groups": row.party_groups,
    }


def _funds(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    g = view.governance
    if g is None or not g.funds:
        return None
    f = g.funds[0]
    if scope.level == "district":
        return {
            "period": f.period,
            **{k: {"budget": b, "spent": s, "rate": r} for k, b, s, r in f.district},
        }
    lines = [line for cid, _n, ls in f.communities if cid in scope.communities for line in ls]
    if scope.level == "street" or not lines:
        return None  # per-street sums are on the district page's total only
    return {
        "period": f.period,
        **{x.kind: {"budget": x.budget, "spent": x.spent, "rate": x.rate} for x in lines},
    }


def _latest(view: PublicView, kind: str):
    ps = view.ratings.of(kind) if view.ratings else ()
    return ps[0] if ps else None


def _stars(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    p = _latest(view, "stars")
    if p is None:
        return None
    rows = [r for r in p.rows if r.community_id in scope.communities]
    grades = {b.label: sum(1 for r in rows if r.grade == b.label) for b in p.bars}
    return {
        "period": p.period,
        "provisional": p.provisional,
        "branches": len(rows),
        "grades": grades,
        "subsidy": sum(1 for r in rows if SUBSIDY in r.outcome),
    }


def _community_assessment(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    p = _latest(view, "communities")
    if p is None:
        return None
    rows = [r for r in p.rows if r.community_id in scope.communities]
    if scope.level == "community" and rows:
        r = rows[0]
        return {
            "period": p.period,
            "total": r.total,
            "rank": r.rank,
            "of": len(p.rows),
            "outcome": r.outcome,
        }
    outcomes: dict[str, int] = {}
    for r in rows:
        if r.outcome:
            outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    return {"period": p.period, "communities": len(rows), "outcomes": outcomes}


def _property(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    p = _latest(view, "property")
    if p is None:
        return None
    rows = [r for r in p.rows if r.community_id in scope.communities]

    def n(outcome: str) -> int:
        return sum(1 for r in rows if r.outcome == outcome)

    return {
        "period": p.period,
        "compounds": len(rows),
        "red": n("红榜"),
        "black": n("黑榜"),
        "not_evaluated": n("未评议"),
    }


def _hotline(view: PublicView, scope: Scope) -> dict[str, Any] | None:
    p = _latest(view, "hotline")
    if p is None:
        return None
    rows = [r for r in p.rows if r.community_id in scope.communities]
    # The scope's total as protected with the rows (a sum of shown rows could reveal a
    # withheld one): web/ratingsview.py.
    tickets = p.sums.get((scope.level, "" if scope.level == "district" else scope.id), "0")
    return {
        "period": p.period,
        "provisional": p.provisional,
        "tickets": tickets,
        "task_force": sum(1 for r in rows if r.outcome == "专班"),
    }


SECTIONS: dict[str, Section] = {
    "registrations": _registrations,
    "unit_assessment": _unit_assessment,
    "member_assessment": _member_assessment,
    "requests": _requests,
    "force": _force,
    "coverage": _coverage,
    "funds": _funds,
    "branch_stars": _stars,
    "community_assessment": _community_assessment,
    "property": _property,
    "hotline": _hotline,
}


def summaries(view: PublicView) -> dict[str, dict[str, Any]]:
    """docs path → summary of every scope."""
    out = {}
    for s in scopes(view):
        data: dict[str, Any] = {"level": s.level, "id": s.id, "name": s.name, "as_of": view.as_of}
        if s.street:
            data["street"] = s.street
        for key, section in SECTIONS.items():
            value = section(view, s)
            if value is not None:
                data[key] = value
        out[f"dashboard/{s.level}/{s.id}.json"] = data
    return out


def write_dashboards(view: PublicView, out: Staging) -> int:
    n = 0
    for rel, data in summaries(view).items():
        out.write(rel, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        n += 1
    return n
