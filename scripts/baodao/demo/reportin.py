"""Phase 4, 双报到: unit registrations, each community's lists (resources, needs, projects,
wishes, teams, events), 大党委 concurrent members and members' registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import _Base
from .common import _apportion, _as_date, _code_list, _Community, _Compound, _expect, _iso, _Where
from .pools import (
    COMMUNITY_NEEDS,
    COMPOUND_NEEDS,
    CONTACT_TITLES,
    EARLIER_SHARE,
    ELSEWHERE_REASONS,
    ELSEWHERE_SHARE,
    EVENTS,
    HOBBIES,
    LATE_SHARE,
    MEMBER_LATE_SHARE,
    MEMBER_MOVED_SHARE,
    MEMBER_NEEDS,
    NOT_REGISTERED_SHARE,
    OWN_RESOURCES,
    PROJECT_THEMES,
    REPORT_EARLIER,
    REPORT_YEAR,
    RESOURCES,
    SPECIALTIES,
    TEAMS,
    UNIT_FACTS,
    UNIT_KIND_ZH,
    UNIT_NEEDS,
    WISHES,
    _ResourceT,
)
from .scales import AS_OF
from .vocab import DISTRICT_NAME


class _ReportIn(_Base):
    # --- 双报到: unit registrations, the three lists, concurrent members, member registrations ---

    def make_report_in(self) -> None:
        communities = [c for st in self.streets for c in st.communities]
        self.codes = {
            name: _code_list(name)
            for name in (
                "need-categories",
                "resource-categories",
                "service-types",
                "concurrent-duties",
            )
        }
        self.check_codes()
        self.unit_by_id = {u["id"]: u for u in self.units}
        self.make_unit_registrations(communities)
        for c in communities:
            self.make_lists(c)
        self.make_concurrent_members()
        self.make_member_registrations(communities)

    def check_codes(self) -> None:
        """Every category and service type the pools name is in the district's code lists."""
        needs, resources = self.codes["need-categories"], self.codes["resource-categories"]
        services = self.codes["service-types"]
        for _n, category, serves, *_rest in (*RESOURCES, *OWN_RESOURCES):
            _expect(category in resources and set(serves) <= set(needs), f"resource codes of {_n}")
        for _n, category, *_rest in (*COMPOUND_NEEDS, *COMMUNITY_NEEDS, *UNIT_NEEDS, *WISHES):
            _expect(category in needs, f"need category of {_n}")
        for _n, cats, _d in PROJECT_THEMES:
            _expect(set(cats) <= set(needs), f"need categories of {_n}")
        for _n, types in TEAMS:
            _expect(set(types) <= set(services), f"service types of {_n}")
        for _n, stype, _m, _o in EVENTS:
            _expect(stype in services, f"service type of {_n}")

    def make_unit_registrations(self, communities: list[_Community]) -> None:
        """Every unit reports in for 2026 except a few; some also for 2025; a few late or elsewhere."""
        r = self.r
        by_id = {c.id: c for c in communities}
        n = len(self.units)
        order = list(range(n))
        r.shuffle(order)
        k_skip, k_else, k_late = (
            max(1, round(n * share))
            for share in (NOT_REGISTERED_SHARE, ELSEWHERE_SHARE, LATE_SHARE)
        )
        skip = set(order[:k_skip])
        elsewhere = set(order[k_skip : k_skip + k_else])
        late = set(order[k_skip + k_else : k_skip + k_else + k_late])
        earlier = set(r.sample(range(n), round(n * EARLIER_SHARE)))
        cases: dict[str, list[str]] = {"not_registered": [], "elsewhere": [], "late": []}
        for i, u in enumerate(self.units):
            home = by_id[u["community"]]
            members = u["party_org"]["member_count"]
            contact = {
                "title": r.choice(CONTACT_TITLES[u["kind"]]),
                "work_phone": u["work_phone"] if r.random() < 0.5 else self.landline(),
            }
            facts = (
                f"{u['name']}，{UNIT_KIND_ZH[u['kind']]}，党员{members}名。{r.choice(UNIT_FACTS)}"
            )
            if i in earlier:
                day = self.date(f"{REPORT_EARLIER}-01-05", f"{REPORT_EARLIER}-03-31")
                self.registration(u, home, REPORT_EARLIER, day, contact, facts)
            if i in skip:
                cases["not_registered"].append(u["id"])
                continue
            where, reason = home, ""
            others = [c for c in home.street.communities if c is not home]
            if i in elsewhere and others:
                where, reason = r.choice(others), r.choice(ELSEWHERE_REASONS)
                cases["elsewhere"].append(f"{REPORT_YEAR}-{u['id']}")
            if i in late:
                day = self.date(f"{REPORT_YEAR}-04-01", f"{REPORT_YEAR}-04-30")
                cases["late"].append(f"{REPORT_YEAR}-{u['id']}")
            else:
                day = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-03-31")
            self.registration(u, where, REPORT_YEAR, day, contact, facts, reason)
        self.report_in_cases.update(cases)

    def registration(
        self,
        u: dict[str, Any],
        c: _Community,
        year: int,
        day: dt.date,
        contact: dict[str, str],
        facts: str,
        reason: str = "",
    ) -> None:
        r = self.r
        rec: dict[str, Any] = {
            "id": self.ids.claim("unit_registration", f"{year}-{u['id']}"),
            "year": year,
            "unit": u["id"],
            "community": c.id,
            "date": _iso(day),
        }
        if reason:
            rec["elsewhere_reason"] = reason
        rec["party_member_count"] = u["party_org"]["member_count"]
        rec["facts"] = facts
        rec["contact"] = dict(contact)
        current = year == REPORT_YEAR
        k_res = r.choices((0, 1, 2), (30, 55, 15) if current else (60, 40, 0))[0]
        k_need = r.choices((0, 1), (70, 30) if current else (85, 15))[0]
        provider = {"type": "unit", "id": u["id"]}
        resources = [
            self.resource(c, provider, t, day, year)["id"] for t in self.unit_resources(u, k_res)
        ]
        needs = [self.need(c, provider, r.choice(UNIT_NEEDS), day)["id"] for _ in range(k_need)]
        if resources:
            rec["resources"] = resources
        if needs:
            rec["needs"] = needs
        c.registrations.append(rec)

    def unit_resources(self, u: dict[str, Any], k: int) -> list[_ResourceT]:
        """``k`` different resources, most often ones a unit of that name would have."""
        fit = [t for t in RESOURCES if any(w in u["name"] for w in t[6])]
        out: list[_ResourceT] = []
        while len(out) < k:
            t = self.r.choice(fit if fit and self.r.random() < 0.7 else RESOURCES)
            if t not in out:
                out.append(t)
        return out

    def history(
        self, start: dt.date, statuses: list[str], gap: tuple[int, int] = (7, 90)
    ) -> list[dict[str, str]]:
        """Status changes in date order from ``start``; the chain stops at "today"."""
        out = [{"date": _iso(start), "status": statuses[0]}]
        day = start
        for status in statuses[1:]:
            day += dt.timedelta(days=self.r.randint(*gap))
            if day > AS_OF:
                break
            out.append({"date": _iso(day), "status": status})
        return out

    def verified_after(self, day: str) -> str:
        """Verified on or after the record's last change (unless drawn stale)."""
        return max(self.verified(), day)

    def resource(
        self,
        c: _Community,
        provider: dict[str, str],
        t: _ResourceT,
        start: dt.date,
        year: int,
    ) -> dict[str, Any]:
        r = self.r
        name, category, serves, measure, (lo, hi), description, _words_ = t
        items = c.lists.setdefault("resource", [])
        capacity = r.randint(lo, hi)
        if measure == "元":
            capacity = max(1000, round(capacity, -3))
        available = {"from": _iso(start)}
        if year < REPORT_YEAR or r.random() < 0.7:
            available["to"] = f"{year}-12-31"
        rec: dict[str, Any] = {
            "id": self.ids.claim("resource", f"{c.id}-r{len(items) + 1:02d}"),
            "name": name,
            "community": c.id,
            "category": category,
            "provider": dict(provider),
            "description": description,
            "capacity": capacity,
            "unit_of_measure": measure,
            "available": available,
            "serves": list(serves),
            "verified_at": self.verified_after(available["from"]),
        }
        items.append(rec)
        return rec

    def need(
        self,
        c: _Community,
        raised_by: dict[str, str],
        t: tuple[str, str, str],
        raised: dt.date,
        compound: _Compound | None = None,
    ) -> dict[str, Any]:
        r = self.r
        name, category, description = t
        items = c.lists.setdefault("need", [])
        rec: dict[str, Any] = {
            "id": self.ids.claim("need", f"{c.id}-n{len(items) + 1:02d}"),
            "name": compound.name + name if compound else name,
            "community": c.id,
            "category": category,
            "raised_by": dict(raised_by),
        }
        if compound:
            rec["compound"] = compound.id
        rec["description"] = description
        rec["urgency"] = r.choices(("low", "medium", "high"), (45, 40, 15))[0]
        rec["raised"] = _iso(raised)
        roll = r.random()
        if roll < 0.3:
            statuses = ["open"]
        elif roll < 0.5:
            statuses = ["open", "matched"]
        elif roll < 0.55:
            statuses = ["open", "closed"]
        else:
            statuses = ["open", "matched", "met"]
        rec["history"] = self.history(raised, statuses)
        rec["verified_at"] = self.verified_after(rec["history"][-1]["date"])
        items.append(rec)
        return rec

    def make_lists(self, c: _Community) -> None:
        """The community's resources, needs, projects, wishes, teams and events."""
        r, s = self.r, self.s
        community = {"type": "community", "id": c.id}
        branch_of = {cp.id: cp.buildings[0].branch for cp in c.compounds}

        def branch() -> dict[str, str]:
            return {"type": "branch", "id": r.choice(c.branches)["id"]}

        for _ in range(r.randint(*s.resources)):
            t = r.choice(OWN_RESOURCES)
            roll = r.random()
            if roll < 0.5:
                provider = community
            elif roll < 0.8:
                provider = branch()
            else:
                provider = {"type": "compound", "id": r.choice(c.compounds).id}
            start = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-06-30")
            self.resource(c, provider, t, start, REPORT_YEAR)
        for _ in range(r.randint(*s.needs)):
            raised = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-10-31")
            if r.random() < 0.55:
                cp = r.choice(c.compounds)
                roll = r.random()
                if roll < 0.5:
                    by = {"type": "compound", "id": cp.id}
                elif roll < 0.8:
                    by = {"type": "branch", "id": branch_of[cp.id]}
                else:
                    by = community
                self.need(c, by, r.choice(COMPOUND_NEEDS), raised, cp)
            else:
                by = community if r.random() < 0.75 else branch()
                self.need(c, by, r.choice(COMMUNITY_NEEDS), raised)
        # Units that reported in here; a community without any partners with a unit of its street.
        partners = [self.unit_by_id[reg["unit"]] for reg in c.registrations]
        partners = list({u["id"]: u for u in partners}.values())
        if not partners:
            partners = [
                u for u in self.units if u["community"] in {x.id for x in c.street.communities}
            ]
        partners = partners or self.units
        self.make_projects(c, community, partners)
        self.make_wishes(c)
        self.make_teams(c, community, partners)
        self.make_events(c, community, partners)

    def make_projects(
        self, c: _Community, community: dict[str, str], partners: list[dict[str, Any]]
    ) -> None:
        r = self.r
        items = c.lists.setdefault("project", [])
        needs, resources = c.lists.get("need", []), c.lists.get("resource", [])
        for _ in range(r.randint(*self.s.projects)):
            u = r.choice(partners)
            theme, cats, deliverables = r.choice(PROJECT_THEMES)
            contract = r.random() < 0.4
            fitting = [n for n in needs if n["category"] in cats] or needs
            chosen_needs = r.sample(fitting, min(len(fitting), r.randint(1, 2)))
            own = [x for x in resources if x["provider"] == {"type": "unit", "id": u["id"]}]
            fitting_res = own or [x for x in resources if set(x["serves"]) & set(cats)]
            chosen_res = r.sample(fitting_res, min(len(fitting_res), r.randint(0, 2)))
            # Agreed after the needs it meets were raised.
            earliest = max([dt.date(2025, 3, 1), *(_as_date(n["raised"]) for n in chosen_needs)])
            sign = self.date(earliest, max(earliest, dt.date(REPORT_YEAR, 9, 30)))
            planned_first = contract or r.random() < 0.3
            start = sign + dt.timedelta(days=r.randint(7, 45)) if planned_first else sign
            end = start + dt.timedelta(days=r.randint(60, 365))
            history = [{"date": _iso(sign), "status": "planned" if planned_first else "active"}]
            if planned_first and start <= AS_OF:
                history.append({"date": _iso(start), "status": "active"})
            if end <= AS_OF:
                if r.random() < 0.9:
                    history.append({"date": _iso(end), "status": "done"})
                else:
                    stop = start + dt.timedelta(days=r.randint(1, (end - start).days))
                    history.append({"date": _iso(stop), "status": "dropped"})
            kind = "契约化共建" if contract else "共建"
            rec: dict[str, Any] = {
                "id": self.ids.claim("project", f"{c.id}-p{len(items) + 1:02d}"),
                "name": f"{c.name}与{u['name']}“{theme}”{kind}项目",
                "community": c.id,
                "contract": contract,
                "parties": [dict(community), {"type": "unit", "id": u["id"]}],
            }
            if chosen_needs:
                rec["needs"] = [n["id"] for n in chosen_needs]
            if chosen_res:
                rec["resources"] = [x["id"] for x in chosen_res]
            rec.update(
                {
                    "start": _iso(start),
                    "end": _iso(end),
                    "deliverables": list(deliverables),
                    "history": history,
                    "verified_at": self.verified_after(history[-1]["date"]),
                }
            )
            items.append(rec)

    def make_wishes(self, c: _Community) -> None:
        r = self.r
        items = c.lists.setdefault("wish", [])
        for _ in range(r.randint(*self.s.wishes)):
            name, category, households = r.choice(WISHES)
            cp = r.choice(c.compounds)
            raised = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-10-31")
            roll = r.random()
            if roll < 0.25:
                statuses = ["open"]
            elif roll < 0.45:
                statuses = ["open", "matched"]
            else:
                statuses = ["open", "matched", "met"]
            history = self.history(raised, statuses, (2, 30))
            items.append(
                {
                    "id": self.ids.claim("wish", f"{c.id}-w{len(items) + 1:02d}"),
                    "name": name,
                    "community": c.id,
                    "category": category,
                    "compound": cp.id,
                    "household": r.choice(households),
                    "raised": _iso(raised),
                    "history": history,
                    "verified_at": self.verified_after(history[-1]["date"]),
                }
            )

    def make_teams(
        self, c: _Community, community: dict[str, str], partners: list[dict[str, Any]]
    ) -> None:
        r = self.r
        items = c.lists.setdefault("team", [])
        root = c.name.removesuffix("社区")
        for name, types in r.sample(TEAMS, min(len(TEAMS), r.randint(*self.s.teams))):
            roll = r.random()
            if roll < 0.15:
                u = r.choice(partners)
                organiser, title = {"type": "unit", "id": u["id"]}, u["name"] + name
            elif roll < 0.35:
                organiser, title = {"type": "branch", "id": r.choice(c.branches)["id"]}, root + name
            else:
                organiser, title = dict(community), root + name
            items.append(
                {
                    "id": self.ids.claim("team", f"{c.id}-t{len(items) + 1:02d}"),
                    "name": title,
                    "community": c.id,
                    "organiser": organiser,
                    "service_types": list(types),
                    "members": r.randint(3, 60),
                    "verified_at": self.verified(),
                }
            )

    def make_events(
        self, c: _Community, community: dict[str, str], partners: list[dict[str, Any]]
    ) -> None:
        r = self.r
        teams = c.lists.get("team", [])
        drafts: list[tuple[dt.date, dict[str, Any]]] = []
        for _ in range(r.randint(*self.s.events)):
            name, stype, (first, last), open_to = r.choice(EVENTS)
            end = dt.date(REPORT_YEAR, 12, 31)
            if last < 12:
                end = dt.date(REPORT_YEAR, last + 1, 1) - dt.timedelta(days=1)
            day = self.date(dt.date(REPORT_YEAR, first, 1), end)
            rec: dict[str, Any] = {"name": name, "community": c.id, "date": _iso(day)}
            if r.random() < 0.6:
                station = c.stations[0] if r.random() < 0.6 else r.choice(c.stations)
                rec["place"], rec["station"] = station["name"], station["id"]
            else:
                cp = r.choice(c.compounds)
                rec["place"] = cp.name + r.choice(("中心广场", "活动广场", "健身广场", "门口"))
            roll = r.random()
            if roll < 0.65:
                rec["organiser"] = dict(community)
            elif roll < 0.8:
                rec["organiser"] = {"type": "branch", "id": r.choice(c.branches)["id"]}
            else:
                rec["organiser"] = {"type": "unit", "id": r.choice(partners)["id"]}
            rec["service_type"] = stype
            rec["open_to"] = open_to
            if teams and r.random() < 0.5:
                rec["team"] = r.choice(teams)["id"]
            rec["verified_at"] = self.verified_after(f"{REPORT_YEAR}-01-05")  # this year's plan
            drafts.append((day, rec))
        # Numbered in date order, as a community lists its year's events.
        items = c.lists.setdefault("event", [])
        for _day, rec in sorted(drafts, key=lambda d: d[0]):
            items.append({"id": self.ids.claim("event", f"{c.id}-e{len(items) + 1:02d}"), **rec})

    def make_concurrent_members(self) -> None:
        """大党委兼职委员: 1–3 unit leaders on each community with units, one notice per street."""
        r = self.r
        dept = self.district["organisation_department"]
        objection = {
            "contact": dept["name"],
            "phone": dept["work_phone"],
            "address": dept["address"],
        }
        duties = self.codes["concurrent-duties"]
        codes = list(duties)
        # Members come from the units of the community, those that reported in for 2026 first.
        registered = {
            reg["unit"]
            for c in (c for st in self.streets for c in st.communities)
            for reg in c.registrations
            if reg["year"] == REPORT_YEAR
        }
        units_of: dict[str, list[dict[str, Any]]] = {}
        for u in self.units:
            units_of.setdefault(u["community"], []).append(u)
        for st in self.streets:
            start = self.next_workday(self.date(f"{REPORT_YEAR}-04-07", f"{REPORT_YEAR}-05-29"))
            end = self.calendar.end_after(start, 5)
            nid = f"{st.id}-concurrent-members-{REPORT_YEAR}"
            lines: list[str] = []
            related: list[dict[str, str]] = []
            subjects: list[dict[str, Any]] = []
            for c in st.communities:
                units = units_of.get(c.id, [])
                if not units:
                    continue
                units = [u for u in units if u["id"] in registered] or units
                org = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}[
                    c.record["party_org"]["kind"]
                ]
                k = min(len(units), r.choices((1, 2, 3), (25, 45, 30))[0])
                chosen = sorted(r.sample(range(len(units)), k))
                related.append({"type": "community", "id": c.id})
                for n, j in enumerate(chosen, 1):
                    u = units[j]
                    picked = [
                        codes[i] for i in sorted(r.sample(range(len(codes)), r.randint(2, 3)))
                    ]
                    since = end + dt.timedelta(days=r.randint(1, 10))
                    home = r.choice(st.communities).id if r.random() < 0.6 else ""
                    pid = self.person(_Where(st.id, home), public=True, since=since)
                    c.record["posts"].append(
                        {
                            "id": f"concurrent-{n}",
                            "role": "concurrent-member",
                            "unit": u["id"],
                            "duties": picked,
                            "notice": nid,
                            "work_phone": self.landline(),
                            "holders": [{"person": pid, "from": _iso(since)}],
                        }
                    )
                    related.append({"type": "unit", "id": u["id"]})
                    subjects.append(
                        {
                            "name": self.person_names[pid],
                            "person": pid,
                            "post": {"type": "community", "id": c.id, "post": f"concurrent-{n}"},
                        }
                    )
                    names = "、".join(duties[code] for code in picked)
                    lines.append(f"- {c.name}{org}兼职委员：{u['name']}党组织负责同志（{names}）")
            if not lines:
                continue
            title = f"{st.name}社区“大党委”兼职委员任职公示"
            self.notice(
                start,
                nid,
                title,
                "appointment",
                "中共青禾区委组织部关于推行社区“大党委”制的实施意见",
                {"working_days": 5},
                related,
                objection,
                "经驻区单位党组织推荐、社区党委提名、街道党工委审核，拟聘任下列同志为社区“大党委”"
                "兼职委员，现予公示。\n\n" + "\n".join(lines) + "\n\n"
                "公示期间，如有意见，请通过下方电话或来信来访反映。",
                subjects=subjects,
            )
            _expect(self.notices[-1][0]["id"] == nid, f"notice id {nid}")

    def make_member_registrations(self, communities: list[_Community]) -> None:
        """在职党员报到 for 2026: new registry persons, at most once each across the district."""
        r = self.r
        weights = [
            sum(b.households for cp in c.compounds for b in cp.buildings) for c in communities
        ]
        quotas = _apportion(self.s.members, weights)
        total = sum(quotas)
        order = list(range(total))
        r.shuffle(order)
        n_moved = max(1, int(total * MEMBER_MOVED_SHARE))
        n_late = max(1, round(total * MEMBER_LATE_SHARE))
        moved, late = set(order[:n_moved]), set(order[n_moved : n_moved + n_late])
        outside = [h["id"] for h in self.home_orgs if h["location"] != DISTRICT_NAME]
        unit_ids = [u["id"] for u in self.units]
        services = list(self.codes["service-types"])
        cases: list[str] = []
        k = 0
        for c, n in zip(communities, quotas, strict=True):
            cum: list[int] = []
            for cp in c.compounds:
                cum.append((cum[-1] if cum else 0) + sum(b.households for b in cp.buildings))
            rows: list[list[str]] = []
            for _ in range(n):
                cp = r.choices(c.compounds, cum_weights=cum)[0]
                building = r.choice(cp.buildings).id
                if k in late:
                    day = self.date(f"{REPORT_YEAR}-04-01", f"{REPORT_YEAR}-05-29")
                else:
                    day = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-03-31")
                moved_from = note = ""
                if k in moved:
                    # Moved house during the year: reports in with the new community only.
                    same_street = [x for x in c.street.communities if x is not c]
                    old = r.choice(same_street or [x for x in communities if x is not c])
                    moved_from, note = old.id, f"年内由{old.name}迁入"
                pid = self.person(
                    _Where(c.street.id, c.id), public=False, since=day, name_share=0.05
                )
                if moved_from:
                    cases.append(pid)
                home_org = (
                    r.choice(outside) if outside and r.random() < 0.35 else r.choice(unit_ids)
                )
                specialties = (
                    "、".join(r.sample(SPECIALTIES, r.randint(1, 2))) if r.random() < 0.8 else ""
                )
                hobbies = "、".join(r.sample(HOBBIES, r.randint(1, 3))) if r.random() < 0.7 else ""
                types = sorted(r.sample(range(len(services)), r.randint(1, 2)))
                needs = r.choice(MEMBER_NEEDS) if r.random() < 0.06 else ""
                rows.append(
                    [
                        pid,
                        _iso(day),
                        home_org,
                        cp.id,
                        building,
                        specialties,
                        hobbies,
                        ";".join(services[i] for i in types),
                        needs,
                        moved_from,
                        note,
                    ]
                )
                k += 1
            rows.sort(key=lambda row: row[0])
            c.members = rows
        self.report_in_cases["moved_member"] = cases
