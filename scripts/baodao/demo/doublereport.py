"""Phase 5, 双报告: members' activity rows, units' 履责报告 and their communities' evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import registry
from .base import _Base
from .common import _Community, _expect, _iso
from .pools import (
    ACTIVITIES,
    ACTIVITY_FIRST,
    ACTIVITY_HOUR_WEIGHTS,
    ACTIVITY_HOURS,
    ACTIVITY_LAST,
    BEFORE_REGISTRATION_SHARE,
    EVALUATION_COMMENTS,
    EVENT_ROW_SHARE,
    FEW_ACTIVITIES_SHARE,
    MANY_ACTIVITIES,
    MOVED_OLD_ROWS,
    NO_ACTIVITY_SHARE,
    NO_EVALUATION_SHARE,
    NO_REPORT_SHARE,
    OWN_TYPE_SHARE,
    REPORT_SERVICES,
    REPORT_YEAR,
    SHORT_HOUR_WEIGHTS,
    SHORT_HOURS_SHARE,
)


class _DoubleReport(_Base):
    # --- 双报告 ---

    def make_double_report(self) -> None:
        """Activity logs of the members who reported in, unit reports and evaluations (2026)."""
        communities = [c for st in self.streets for c in st.communities]
        services = self.codes["service-types"]
        _expect(set(ACTIVITIES) == set(services), "activity pools cover the service types")
        self.make_activities(communities)
        self.make_unit_reports(communities)

    def make_activities(self, communities: list[_Community]) -> None:
        """Each registered member's activity rows, in the community they report in (and, for a
        member who moved, a few in the old community before the move)."""
        r = self.r
        by_id = {c.id: c for c in communities}
        services = list(self.codes["service-types"])
        members = [(c, row) for c in communities for row in c.members]
        order = [i for i in range(len(members))]
        r.shuffle(order)
        # A moved member always has rows in both communities; everyone else may have none.
        stayed = [i for i in order if not members[i][1][9]]
        n_zero = min(len(stayed), max(1, round(len(members) * NO_ACTIVITY_SHARE)))
        n_few = round(len(members) * FEW_ACTIVITIES_SHARE)
        zero = set(stayed[:n_zero])
        few = set([i for i in order if i not in zero][:n_few])
        rows_of: dict[str, list[list[str]]] = {c.id: [] for c in communities}
        verifiers = {c.id: self.grid_verifiers(c) for c in communities}
        organisers = {c.id: self.organiser_verifier(c) for c in communities}
        cases: dict[str, list[str]] = {"no_activity": [], "moved_with_activities": []}
        for i, (c, row) in enumerate(members):
            pid, day, own, moved_from = row[0], dt.date.fromisoformat(row[1]), row[7], row[9]
            own_types = own.split(";") if own else services
            if i in zero:
                n = 0
                cases["no_activity"].append(pid)
            elif i in few:
                n = r.randint(1, 5)
            else:
                lo, hi = MANY_ACTIVITIES
                n = min(20, int(r.triangular(lo, hi, hi)))
            weights = (
                SHORT_HOUR_WEIGHTS if r.random() < SHORT_HOURS_SHARE else ACTIVITY_HOUR_WEIGHTS
            )
            grid = verifiers[c.id][(row[3], row[4])]
            verifier = grid + ("专职网格员" if r.random() < 0.85 else "网格指导员")
            events = [
                e
                for e in c.lists.get("event", [])
                if max(day, ACTIVITY_FIRST) <= dt.date.fromisoformat(e["date"]) <= ACTIVITY_LAST
            ]
            used: set[str] = set()
            for _ in range(n):
                if r.random() < BEFORE_REGISTRATION_SHARE:
                    start = ACTIVITY_FIRST
                else:
                    start = max(day, ACTIVITY_FIRST)
                rows_of[c.id].append(
                    self.activity(
                        pid,
                        (start, ACTIVITY_LAST),
                        own_types,
                        services,
                        (events, used, organisers[c.id]),
                        verifier,
                        weights,
                    )
                )
            if moved_from:
                # Rows left in the old community, before the move (the day they reported in here).
                old = by_id[moved_from]
                grids = [g for g in old.grids if g["kind"] == "grid"]
                old_verifier = r.choice(grids)["name"] + "专职网格员"
                end = day - dt.timedelta(days=1)
                window = (min(ACTIVITY_FIRST, end - dt.timedelta(days=2)), end)
                for _ in range(r.randint(*MOVED_OLD_ROWS)):
                    rows_of[old.id].append(
                        self.activity(pid, window, own_types, services, None, old_verifier, weights)
                    )
                cases["moved_with_activities"].append(pid)
        for c in communities:
            # Sorted by (date, person); a person's rows of one day keep the order they were drawn.
            c.activities = sorted(rows_of[c.id], key=lambda row: (row[1], row[0]))
        self.assessment_cases.update({k: sorted(v) for k, v in cases.items()})

    def grid_verifiers(self, c: _Community) -> dict[tuple[str, str], str]:
        """(compound, building) → the name of the grid whose workers verify its members' rows
        (a micro-grid's rows are verified by its parent grid's full-time worker)."""
        grids = {g["id"]: g for g in c.grids}
        out: dict[tuple[str, str], str] = {}
        for cp in c.compounds:
            for b in cp.buildings:
                g = grids[b.grid]
                if g["kind"] == "micro":
                    g = grids[g["parent"]]
                out[(cp.id, b.id)] = g["name"]
        return out

    def organiser_verifier(self, c: _Community) -> str:
        """The post that verifies attendance at the community's own events."""
        org = registry.default().labels("defs", "party_org", "kind")
        return f"{c.name}{org[c.record['party_org']['kind']]}组织委员"

    def activity(
        self,
        pid: str,
        window: tuple[dt.date, dt.date],
        own_types: list[str],
        services: list[str],
        events: tuple[list[dict[str, Any]], set[str], str] | None,
        verifier: str,
        hour_weights: tuple[int, ...] = ACTIVITY_HOUR_WEIGHTS,
    ) -> list[str]:
        """One activity row: one of the community's events (each attended once) or a logged
        activity in one of the member's service types, mostly."""
        r = self.r
        fits = [e for e in events[0] if e["id"] not in events[1]] if events else []
        if events and fits and r.random() < EVENT_ROW_SHARE:
            e = r.choice(fits)
            events[1].add(e["id"])
            day, what, stype, verifier = e["date"], e["id"], e["service_type"], events[2]
        else:
            stype = r.choice(own_types) if r.random() < OWN_TYPE_SHARE else r.choice(services)
            what = r.choice(ACTIVITIES[stype])
            day = _iso(self.date(*window))
        hours = r.choices(ACTIVITY_HOURS, hour_weights)[0]
        return [pid, day, what, stype, f"{hours:g}", verifier, ""]

    def make_unit_reports(self, communities: list[_Community]) -> None:
        """履责报告 and the report-in community's evaluation of the units registered for 2026."""
        r = self.r
        regs = [
            (c, reg)
            for c in communities
            for reg in sorted(c.registrations, key=lambda x: x["id"])
            if reg["year"] == REPORT_YEAR
        ]
        n = len(regs)
        order = list(range(n))
        r.shuffle(order)
        # Disjoint, so the unit without a report has an evaluation and the other way round.
        k_report = min(n, max(1, round(n * NO_REPORT_SHARE)))
        k_eval = min(n - k_report, max(1, round(n * NO_EVALUATION_SHARE)))
        no_report = set(order[:k_report])
        no_eval = set(order[k_report : k_report + k_eval])
        for i, (c, reg) in enumerate(regs):
            u = self.unit_by_id[reg["unit"]]
            report = None if i in no_report else self.unit_report(c, u)
            if report is not None:
                c.unit_reports.append(report)
            if i not in no_eval:
                c.evaluations.append(self.evaluation(c, u, report))
        self.assessment_cases["no_report"] = sorted(regs[i][1]["unit"] for i in no_report)
        self.assessment_cases["no_evaluation"] = sorted(regs[i][1]["unit"] for i in no_eval)

    def unit_report(self, c: _Community, u: dict[str, Any]) -> dict[str, Any]:
        r = self.r
        submitted = _iso(self.date(f"{REPORT_YEAR}-10-01", f"{REPORT_YEAR}-11-20"))
        party = {"type": "unit", "id": u["id"]}
        # Projects of the community the unit is a party to and that were under way by then.
        projects = [
            p["id"]
            for p in c.lists.get("project", [])
            if party in p["parties"]
            and any(
                h["status"] in ("active", "done") and h["date"] <= submitted for h in p["history"]
            )
        ]
        # Resources it provides this year in the community.
        resources = [
            x["id"]
            for x in c.lists.get("resource", [])
            if x["provider"] == party
            and x["available"]["from"] <= submitted
            and x["available"].get("to", "9999-12-31") >= f"{REPORT_YEAR}-01-01"
        ]
        person_times = 5 + round(195 * r.random() ** 2)
        venues = r.choices((0, 1, 2, 3), (45, 35, 15, 5))[0]
        funds = 0 if r.random() < 0.35 else 1000 * r.randint(1, 50)
        services = "、".join(r.sample(REPORT_SERVICES, 2))
        parts = [
            f"{REPORT_YEAR}年，{u['name']}党组织发动党员到{c.name}开展{services}等服务{person_times}人次"
        ]
        if projects:
            parts.append(f"参与共建项目{len(projects)}个")
        if venues:
            parts.append(f"向居民开放场地{venues}处")
        if funds:
            parts.append(f"投入共建资金{funds}元")
        rec: dict[str, Any] = {
            "id": self.ids.claim("unit_report", f"{REPORT_YEAR}-{u['id']}"),
            "year": REPORT_YEAR,
            "unit": u["id"],
            "community": c.id,
            "submitted": submitted,
            "summary": "，".join(parts) + "。",
        }
        if projects:
            rec["projects"] = projects
        if resources:
            rec["resources"] = resources
        rec.update({"person_times": person_times, "venues": venues, "funds": funds})
        return rec

    def evaluation(
        self, c: _Community, u: dict[str, Any], report: dict[str, Any] | None
    ) -> dict[str, Any]:
        r = self.r
        first = dt.date(REPORT_YEAR, 11, 1)
        if report is not None:
            first = max(first, dt.date.fromisoformat(report["submitted"]))  # after the report
        day = self.date(first, dt.date(REPORT_YEAR, 11, 20))
        score = 100 - int(46 * r.random() ** 1.8)  # 55–100, most above 80
        if report is None:
            score = max(55, score - r.randint(5, 15))  # no report, a lower score
        comment = r.choice(next(pool for low, pool in EVALUATION_COMMENTS if score >= low))
        return {
            "id": self.ids.claim("unit_evaluation", f"{REPORT_YEAR}-{u['id']}"),
            "year": REPORT_YEAR,
            "unit": u["id"],
            "community": c.id,
            "date": _iso(day),
            "score": score,
            "comment": comment,
        }
