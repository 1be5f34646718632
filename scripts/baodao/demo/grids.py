"""Phase 2, per community: grids, clusters, compound stations, branches and groups, grid posts,
the community record; then the street records."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from .base import _Base
from .common import (
    _Building,
    _Community,
    _Compound,
    _group_label,
    _iso,
    _party_org_kind,
    _Where,
    hanzi_number,
)
from .scales import HARD_CASES
from .vocab import HOURS_CENTRE, HOURS_STATION


class _Grids(_Base):
    # --- grids ---

    def make_grids(self, c: _Community) -> None:
        r = self.r
        buildings = [(cp, b) for cp in c.compounds for b in cp.buildings]
        count = max(2, round(len(buildings) / self.s.buildings_per_grid))
        grid_ids = [self.ids.claim("grid", f"{c.id}-g{k + 1:02d}") for k in range(count)]
        for k, gid in enumerate(grid_ids):
            c.grids.append(
                {
                    "id": gid,
                    "name": f"{c.name}第{hanzi_number(k + 1)}网格",
                    "community": c.id,
                    "kind": "grid",
                    "number": k + 1,
                }
            )
        # Grids are drawn over the community's buildings in order. A small compound stays in one
        # grid; a large one on a boundary is split across two, which is why each building names
        # its grid.
        for i, (_cp, b) in enumerate(buildings):
            b.grid = grid_ids[i * count // len(buildings)]
        for cp in c.compounds:
            if len(cp.buildings) <= 12:
                middle = cp.buildings[len(cp.buildings) // 2].grid
                for b in cp.buildings:
                    b.grid = middle
        split = next(
            (cp for cp in c.compounds if cp.id == HARD_CASES["split_compound"]["compound"]), None
        )
        if split is not None:
            half = (len(split.buildings) + 1) // 2
            for k, b in enumerate(split.buildings):
                b.grid = grid_ids[0] if k < half else grid_ids[1]
        # A micro-grid: a building or two of one compound, under its grid.
        # liu-an always has one, so even the small demo shows a micro-grid.
        if r.random() < self.s.micro_share or c.id == "liu-an":
            parent = r.choice(c.grids)
            inside_parent = [
                b for cp in c.compounds for b in cp.buildings if b.grid == parent["id"]
            ]
            choices = [
                cp
                for cp in c.compounds
                if cp is not split and any(b.grid == parent["id"] for b in cp.buildings)
            ]
            if len(inside_parent) < 4:
                choices = []  # never empty a grid to make its micro-grid
            if choices:
                cp = r.choice(choices)
                inside = [b for b in cp.buildings if b.grid == parent["id"]][: r.randint(1, 2)]
                number = count + 1
                mid = self.ids.claim("grid", f"{parent['id']}-w1")
                c.grids.append(
                    {
                        "id": mid,
                        "name": f"{parent['name']}{cp.name}微网格",
                        "community": c.id,
                        "kind": "micro",
                        "parent": parent["id"],
                        "number": number,
                    }
                )
                for b in inside:
                    b.grid = mid
        # About 3 % of buildings were moved when grids were re-drawn: they carry history.
        for cp in c.compounds:
            for b in cp.buildings:
                rb = HARD_CASES["reassigned_building"]
                forced = cp.id == rb["compound"] and b.id == rb["building"]
                if forced or r.random() < 0.03:
                    others = [g["id"] for g in c.grids if g["id"] != b.grid and g["kind"] == "grid"]
                    b.old_grid = r.choice(others)
                    b.moved = rb["from"] if forced else _iso(self.date("2024-09-01", "2026-06-30"))
                    b.first_from = min(b.first_from, "2023-01-01")

    # --- branches ---

    def make_clusters(self) -> dict[str, list[tuple[str, list[_Compound]]]]:
        """Compounds grouped into branches, with each branch's kind, for every community."""
        r = self.r
        joint = HARD_CASES["joint_branch"]["compounds"]
        out: dict[str, list[tuple[str, list[_Compound]]]] = {}
        for street in self.streets:
            for c in street.communities:
                clusters: list[list[_Compound]] = []
                for cp in c.compounds:
                    prev = clusters[-1] if clusters else None
                    forced = (
                        prev is not None and [prev[0].id, cp.id] == joint
                    )  # the planted joint branch
                    blocked = prev is not None and prev[0].id == joint[0] and not forced
                    chance = (
                        self.s.join_old
                        if cp.age == "old" and prev and prev[-1].age == "old"
                        else self.s.join_new
                    )
                    if prev is not None and (
                        forced or (not blocked and len(prev) < 3 and r.random() < chance)
                    ):
                        prev.append(cp)
                    else:
                        clusters.append([cp])
                kinds: list[tuple[str, list[_Compound]]] = []
                for cl in clusters:
                    if len(cl) == 1:
                        small = (
                            cl[0].age == "old" and len(cl[0].buildings) <= 6 and not cl[0].planted
                        )
                        kind = "party_group" if small and r.random() < 0.06 else "compound"
                    else:
                        kind = "grid" if r.random() < 0.15 and not cl[0].planted else "joint"
                    kinds.append((kind, cl))
                out[c.id] = kinds
        # Small scales might draw no party group or grid branch at all: convert a few.
        flat = [(cid, i) for cid, kinds in out.items() for i in range(len(kinds))]
        have = sum(out[cid][i][0] == "party_group" for cid, i in flat)
        for cid, i in reversed(flat):
            if have >= self.s.min_party_groups:
                break
            kind, cl = out[cid][i]
            if kind == "compound" and not cl[0].planted and cl[0].age == "old":
                out[cid][i] = ("party_group", cl)
                have += 1
        if not any(out[cid][i][0] == "grid" for cid, i in flat):
            for cid, i in reversed(flat):
                kind, cl = out[cid][i]
                if kind == "joint" and not cl[0].planted:
                    out[cid][i] = ("grid", cl)
                    break
        return out

    def make_compound_stations(self, c: _Community) -> None:
        r = self.r
        street = c.street
        centre = {
            "id": c.station,
            "name": f"{c.name}党群服务中心",
            "level": "community",
            "street": street.id,
            "community": c.id,
            "address": {"road": c.roads[0], "number": f"{r.randint(1, 300)}号"},
            "area_m2": r.randrange(300, 1300, 10),
            "work_phone": c.phone,
            "hours": copy.deepcopy(r.choice(HOURS_CENTRE)),
        }
        if r.random() < 0.7:
            centre["posts"] = [
                self.post(
                    "manager",
                    "station-manager",
                    _Where(street.id, c.id),
                    self.date("2018-01-01", "2025-12-31"),
                    history=0.08,
                )
            ]
        centre["verified_at"] = self.verified()
        c.stations.append(centre)
        for cp in c.compounds:
            if r.random() >= (0.45 if cp.age == "new" else 0.2):
                continue
            sid = self.ids.claim("station", f"{cp.id}-zhan")
            host = r.choice(cp.buildings)
            rec: dict[str, Any] = {
                "id": sid,
                "name": f"{cp.name}党群服务站",
                "level": "compound",
                "street": street.id,
                "community": c.id,
                "address": dict(cp.addresses[0]),
                "location_note": f"{host.number}一层{r.choice('东西南北')}侧",
                "area_m2": r.randrange(60, 310, 10),
                "work_phone": self.landline(),
                "hours": copy.deepcopy(r.choice(HOURS_STATION)),
            }
            if r.random() < 0.3:
                rec["posts"] = [
                    self.post(
                        "manager",
                        "station-manager",
                        _Where(street.id, c.id),
                        self.date("2019-01-01", "2026-03-31"),
                    )
                ]
            rec["verified_at"] = self.verified()
            c.stations.append(rec)
            cp.station = sid
        for cp in c.compounds:
            for b in cp.buildings:
                b.station = cp.station or c.station

    def make_branches(self, c: _Community, clusters: list[tuple[str, list[_Compound]]]) -> None:
        r = self.r
        where = _Where(c.street.id, c.id)
        grid_branch_used: dict[str, None] = {}
        grid_names = {g["id"]: g for g in c.grids}
        for kind, cl in clusters:
            first = cl[0]
            if kind == "grid":
                grid = grid_names[first.buildings[0].grid]
                if grid.get("kind") != "grid" or grid["id"] in grid_branch_used:
                    kind = "joint"
                else:
                    grid_branch_used[grid["id"]] = None
            if kind == "grid":
                bid = self.ids.claim("branch", f"{grid['id']}-zb")
                name = f"{grid['name']}党支部"
            else:
                bid = self.ids.claim("branch", f"{first.id}-zb")
                if kind == "joint":
                    name = "、".join(cp.name for cp in cl) + "联合党支部"
                elif kind == "party_group":
                    name = f"{first.name}党小组"
                else:
                    name = f"{first.name}党支部"
            groups: list[dict[str, Any]] = []
            households: list[dict[str, str]] = []
            leaders: dict[str, str] = {}  # group id -> current leader, reused for some 楼长
            for cp in cl:
                prefix = cp.name if len(cl) > 1 else ""
                pending: list[_Building] = []
                size = self.group_size()
                for b in cp.buildings:
                    b.branch = bid
                    if kind == "party_group" or r.random() < 0.04:
                        continue  # ~5 % of buildings have no building group
                    pending.append(b)
                    if len(pending) == size:
                        groups.append(
                            self.group(
                                bid, len(groups) + 1, prefix, cp.form, pending, where, leaders
                            )
                        )
                        pending, size = [], self.group_size()
                if pending:
                    groups.append(
                        self.group(bid, len(groups) + 1, prefix, cp.form, pending, where, leaders)
                    )
                for b in cp.buildings:
                    if r.random() < 0.2:
                        reuse = leaders.get(b.group) if b.group and r.random() < 0.4 else None
                        start = self.date("2019-01-01", "2026-06-30")
                        b.posts = [
                            self.post(
                                "leader",
                                "building-leader",
                                where,
                                start,
                                holder=reuse or "",
                                history=0.05 if not reuse else 0.0,
                            )
                        ]
                    k = r.choices((0, 1, 2, 3), (25, 50, 20, 5))[0]
                    if kind == "party_group":
                        k = 1 if not households and b is cp.buildings[0] else 0
                    for _ in range(k):
                        since = self.date("2018-01-01", "2026-06-30")
                        pid = self.person(where, public=False, since=since)
                        households.append(
                            {
                                "compound": cp.id,
                                "building": b.id,
                                "person": pid,
                                "since": _iso(since),
                            }
                        )
            buildings = sum(len(cp.buildings) for cp in cl)
            if kind == "party_group":
                member_count = r.randint(3, 4)  # under 5: the site must suppress the number
            else:
                floor = len(households) + len(leaders) + 3
                member_count = max(floor, round(buildings * r.uniform(1.3, 2.6)) + r.randint(0, 6))
            start = self.date("2019-01-01", "2026-03-31")
            if kind == "party_group":
                posts = [self.post("leader", "group-leader", where, start, history=0.05)]
            else:
                posts = [self.post("secretary", "secretary", where, start, history=0.08)]
                if member_count >= 25 and r.random() < 0.2:
                    posts.append(
                        self.post(
                            "deputy",
                            "deputy-secretary",
                            where,
                            self.date("2019-01-01", "2026-03-31"),
                        )
                    )
            rec: dict[str, Any] = {
                "id": bid,
                "name": name,
                "community": c.id,
                "kind": kind,
                "compounds": [cp.id for cp in cl],
                "founded": _iso(self.date("2008-01-01", "2021-12-31")),
                "member_count": member_count,
                "posts": posts,
            }
            if groups:
                rec["groups"] = groups
            if households:
                rec["central_households"] = households
            rec["verified_at"] = self.verified()
            c.branches.append(rec)

    def group_size(self) -> int:
        return self.r.choices((1, 2, 3, 4), (25, 35, 32, 8))[0]

    def group(
        self,
        branch_id: str,
        n: int,
        prefix: str,
        form: str,
        buildings: list[_Building],
        where: _Where,
        leaders: dict[str, str],
    ) -> dict[str, Any]:
        gid = self.ids.claim("group", f"{branch_id}-{n}")
        for b in buildings:
            b.group = gid
        rec: dict[str, Any] = {"id": gid, "name": prefix + _group_label(form, buildings) + "党小组"}
        if self.r.random() < 0.9:
            post = self.post(
                "leader", "group-leader", where, self.date("2019-01-01", "2026-06-30"), history=0.06
            )
            leaders[gid] = post["holders"][-1]["person"]
            rec["posts"] = [post]
        return rec

    def make_grid_posts(self, c: _Community) -> None:
        r = self.r
        where = _Where(c.street.id, c.id)
        stale = {s["id"] for s in HARD_CASES["stale"] if s["type"] == "grid"}
        for g in c.grids:
            posts: list[dict[str, Any]] = []
            if g["kind"] == "micro":
                posts.append(
                    self.post(
                        "worker-1", "grid-worker-part", where, self.date("2021-01-01", "2026-06-30")
                    )
                )
            else:
                start = self.date("2018-01-01", "2026-06-30")
                posts.append(
                    self.post(
                        "worker-1",
                        "grid-worker-full",
                        where,
                        start,
                        work_phone=self.mobile(),
                        history=0.1,
                    )
                )
                for k in range(2, 2 + r.choice((1, 1, 2))):
                    hard = g["id"] == HARD_CASES["vacant_post"]["id"] and k == 2
                    vacant = (
                        dt.date.fromisoformat(HARD_CASES["vacant_post"]["vacant_since"])
                        if hard
                        else None
                    )
                    if vacant is None and r.random() < 0.03:
                        vacant = self.date("2026-01-01", "2026-10-31")
                    phone = self.mobile() if r.random() < 0.5 else ""
                    posts.append(
                        self.post(
                            f"worker-{k}",
                            "grid-worker-part",
                            where,
                            self.date("2019-01-01", "2026-06-30"),
                            work_phone=phone,
                            history=0.06,
                            vacant_since=vacant,
                        )
                    )
                posts.append(
                    self.post(
                        "instructor",
                        "grid-instructor",
                        where,
                        self.date("2019-01-01", "2026-06-30"),
                        work_phone=c.phone,
                        history=0.06,
                    )
                )
            g["posts"] = posts
            g["verified_at"] = "2025-08-20" if g["id"] in stale else self.verified()

    def make_community_record(self, c: _Community) -> None:
        r = self.r
        where = _Where(c.street.id, c.id)
        members = sum(b["member_count"] for b in c.branches) + r.randint(8, 40)
        kind, org_name = _party_org_kind(members)
        households = sum(b.households for cp in c.compounds for b in cp.buildings)
        if c.id == HARD_CASES["appointment"]["community"]:
            # The appointment notice's secretary: predecessor until the day before.
            start = dt.date.fromisoformat(HARD_CASES["appointment"]["from"])
            began = self.date("2016-01-01", "2020-12-31")
            prev = self.person(where, public=True, since=began, note="已离任")
            secretary = {
                "id": "secretary",
                "role": "secretary",
                "work_phone": self.landline(),
                "holders": [
                    {"person": prev, "from": _iso(began), "to": _iso(start - dt.timedelta(days=1))},
                    {"person": self.person(where, public=True, since=start), "from": _iso(start)},
                ],
            }
            self.secretary_changes.append((c, start))
        else:
            changed = r.random() < 0.15
            start = (
                self.date("2025-03-01", "2026-10-31")
                if changed
                else self.date("2017-01-01", "2024-12-31")
            )
            secretary = self.post(
                "secretary",
                "secretary",
                where,
                start,
                work_phone=self.landline(),
                history=1.0 if changed else 0.0,
            )
            if changed:
                self.secretary_changes.append((c, start))
        posts = [
            secretary,
            self.post(
                "deputy",
                "deputy-secretary",
                where,
                self.date("2018-01-01", "2026-03-31"),
                history=0.08,
            ),
        ]
        for k in range(1, r.randint(2, 4)):
            posts.append(
                self.post(
                    f"member-{k}", "committee-member", where, self.date("2018-01-01", "2026-03-31")
                )
            )
        c.record = {
            "id": c.id,
            "name": c.name,
            "street": c.street.id,
            "division_code": c.code,
            "party_org": {"name": f"中共{c.name}{org_name}", "kind": kind, "member_count": members},
            "address": dict(c.stations[0]["address"]),
            "population": round(households * r.uniform(2.4, 2.9)),
            "households": households,
            "posts": posts,
            "verified_at": self.verified(),
        }

    def make_street_records(self) -> None:
        r = self.r
        for st in self.streets:
            where = _Where(st.id)
            st.station = self.ids.claim("station", f"{st.id}-zhongxin")
            station: dict[str, Any] = {
                "id": st.station,
                "name": f"{st.name}党群服务中心",
                "level": "street",
                "street": st.id,
                "address": dict(st.address),
                "area_m2": r.randrange(800, 2600, 50),
                "work_phone": self.landline(),
                "hours": copy.deepcopy(HOURS_CENTRE[1]),
                "posts": [
                    self.post(
                        "manager", "station-manager", where, self.date("2019-01-01", "2025-12-31")
                    )
                ],
                "verified_at": self.verified(),
            }
            self.street_stations[st.id] = station
            st.record = {
                "id": st.id,
                "name": st.name,
                "division_code": st.code,
                "party_org": {"name": f"中共{st.name}工作委员会", "kind": "committee"},
                "address": dict(st.address),
                "work_phone": st.phone,
                "posts": [
                    self.post(
                        "secretary",
                        "secretary",
                        where,
                        self.date("2019-01-01", "2025-06-30"),
                        work_phone=st.phone,
                        history=0.2,
                    ),
                    self.post(
                        "deputy", "deputy-secretary", where, self.date("2019-01-01", "2025-06-30")
                    ),
                ],
                "verified_at": self.verified(),
            }
