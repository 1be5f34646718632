"""党组织覆盖: grids, compounds and buildings with a party organisation on the as-of date.

A building is covered when its service assignment on the date names a branch that exists and was
founded by then. A compound is covered when at least one of its buildings is; a compound split
across grids is one compound (counted once in its community) and covers every grid one of its
covered buildings lies in. A grid is covered when a covered building lies in it or in one of its
micro-grids. Branches are counted by kind as in seed 000's table: independent (compound and grid
branches), joint branches and party groups. Owners' committees and property projects follow
seed 001: a compound with an owners' committee whose committee has a party organisation; a
compound served by a property company (one project) whose company has one. Targets and how each
share is defined are in the coverage rules of the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model.assignments import assignment_on
from ..model.rules import rules_in_force
from ..records.dataset import Dataset

MEASURES = ("grids", "compounds", "buildings", "owners_committees", "property_projects")
INDEPENDENT = frozenset({"compound", "grid"})


@dataclass
class Share:
    total: int = 0
    covered: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.covered / self.total, 1) if self.total else None


@dataclass
class Coverage:
    """One community (or a sum of communities)."""

    shares: dict[str, Share] = field(default_factory=lambda: {m: Share() for m in MEASURES})
    independent: int = 0
    joint: int = 0
    party_groups: int = 0
    building_groups: int = 0

    def merge(self, other: Coverage) -> None:
        for m in MEASURES:
            self.shares[m].total += other.shares[m].total
            self.shares[m].covered += other.shares[m].covered
        self.independent += other.independent
        self.joint += other.joint
        self.party_groups += other.party_groups
        self.building_groups += other.building_groups


@dataclass(frozen=True)
class Target:
    measure: str
    name: str
    target: float
    how: str
    source: str


@dataclass(frozen=True)
class CoverageSummary:
    as_of: str
    rules_file: str
    targets: tuple[Target, ...]
    by_community: Mapping[str, Coverage]
    by_street: Mapping[str, Coverage]
    district: Coverage


def _founded_by(rec, day: dt.date) -> bool:
    founded = rec.get("founded")
    return not isinstance(founded, str) or founded <= day.isoformat()


def coverage(ds: Dataset, as_of: dt.date) -> CoverageSummary:
    found = rules_in_force(ds, "rules_coverage", as_of, "组织覆盖规则")
    targets = tuple(
        Target(t["measure"], t["name"], float(t["target"]), t.get("how", ""), t.get("source", ""))
        for t in (found.record.get("targets") if found.record else None) or []
    )
    out: dict[str, Coverage] = {cid: Coverage() for cid in ds.of("community")}
    branches = {b.id: b for b in ds.of("branch").values() if _founded_by(b, as_of)}
    for b in branches.values():
        c = out.setdefault(b.get("community", ""), Coverage())
        kind = b.get("kind")
        if kind in INDEPENDENT:
            c.independent += 1
        elif kind == "joint":
            c.joint += 1
        elif kind == "party_group":
            c.party_groups += 1
        c.building_groups += len(b.get("groups") or [])
    parent = {g.id: g.get("parent") or g.id for g in ds.of("grid").values()}
    grid_covered: dict[str, bool] = {}
    for g in ds.of("grid").values():
        if g.get("kind") != "micro":
            grid_covered[g.id] = False
    for x in ds.of("compound").values():
        c = out.setdefault(x.get("community", ""), Coverage())
        compound_covered = False
        for bd in x.get("buildings") or []:
            a = assignment_on(bd.get("serve"), as_of) if isinstance(bd, dict) else None
            c.shares["buildings"].total += 1
            covered = a is not None and a.get("branch") in branches
            if covered:
                c.shares["buildings"].covered += 1
                compound_covered = True
                top = parent.get(a.get("grid"), a.get("grid"))
                if top in grid_covered:
                    grid_covered[top] = True
        c.shares["compounds"].total += 1
        c.shares["compounds"].covered += compound_covered
        oc = x.get("owners_committee") or {}
        if oc.get("exists"):
            c.shares["owners_committees"].total += 1
            c.shares["owners_committees"].covered += bool(oc.get("has_party_org"))
        company = ds.get("property_company", (x.get("property") or {}).get("company"))
        if company is not None:
            c.shares["property_projects"].total += 1
            c.shares["property_projects"].covered += bool(company.get("has_party_org"))
    for gid, covered in grid_covered.items():
        g = ds.get("grid", gid)
        c = out.setdefault(g.get("community", "") if g else "", Coverage())
        c.shares["grids"].total += 1
        c.shares["grids"].covered += covered
    streets: dict[str, Coverage] = {}
    district = Coverage()
    for cid, c in out.items():
        rec = ds.get("community", cid)
        streets.setdefault(rec.get("street", "") if rec else "", Coverage()).merge(c)
        district.merge(c)
    return CoverageSummary(
        as_of.isoformat(),
        found.record.file if found.record else "",
        targets,
        dict(sorted(out.items())),
        dict(sorted(streets.items())),
        district,
    )
