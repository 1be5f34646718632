"""Phase 1: the district, property companies, streets and communities, compounds and buildings."""

from __future__ import annotations

import copy
import re
from typing import Any

from .base import _Base
from .common import (
    _FORM_WEIGHTS,
    _TYPE_WEIGHTS,
    _Building,
    _Community,
    _Compound,
    _iso,
    _number_label,
    _roads,
    _skewed,
    _spread,
    _Street,
    slug,
)
from .scales import DISTRICT_CODE, HARD_CASES
from .vocab import (
    COMMUNITY_ROOTS,
    COMPANY_WORDS,
    DISTRICT_NAME,
    HOURS_CENTRE,
    NAME_VARIANTS,
    NEW_PREFIXES,
    NEW_SUFFIXES,
    OLD_ROOTS,
    OLD_SUFFIXES,
    PLANTED,
    PROPERTY_SUFFIXES,
    RESETTLE_SUFFIXES,
    STREET_ROOTS,
    STREETS,
    VILLAGES,
    WORK_SUFFIXES,
    WORK_UNITS,
)


class _Places(_Base):
    def make_district(self) -> None:
        did = self.ids.claim("district", slug(DISTRICT_NAME))
        self.district = {
            "id": did,
            "name": DISTRICT_NAME,
            "division_code": DISTRICT_CODE + "000000",
            "party_org": {"name": f"中共{DISTRICT_NAME}委员会", "kind": "committee"},
            "organisation_department": {
                "name": f"中共{DISTRICT_NAME}委组织部",
                "work_phone": "0999-6100001",
                "address": f"{DISTRICT_NAME}人民路1号",
            },
            "site": {
                "title": f"{DISTRICT_NAME}“双报到”公开平台",
                "description": "虚构的演示区：机构、地名、人员和电话均为生成的示例数据，与任何真实地方无关。",
                # A reserved example domain (RFC 2606): the boards' QR codes point at no real site.
                "url": "https://qinghe.example.org/",
            },
        }
        self.phones["0999-6100001"] = None
        sid = self.ids.claim("station", f"{did}-zhongxin")
        self.district_station = {
            "id": sid,
            "name": f"{DISTRICT_NAME}党群服务中心",
            "level": "district",
            "address": {"road": "人民路", "number": "3号"},
            "area_m2": 3200,
            "work_phone": self.landline(),
            "hours": copy.deepcopy(HOURS_CENTRE[1]),
            "verified_at": self.verified(),
        }

    def make_property_companies(self) -> None:
        words = list(dict.fromkeys([*COMPANY_WORDS, *NEW_PREFIXES]))
        self.r.shuffle(words)
        for word in words[: self.s.property_companies]:
            name = word + self.r.choice(PROPERTY_SUFFIXES)
            rec: dict[str, Any] = {
                "id": self.ids.claim("property_company", f"{slug(word)}-wu-ye"),
                "name": name,
            }
            if self.r.random() < 0.85:
                rec["uscc"] = self.uscc("91")
            rec["work_phone"] = self.landline()
            rec["has_party_org"] = self.r.random() < 0.65
            rec["verified_at"] = self.verified()
            self.property_companies.append(rec)

    def make_streets(self) -> None:
        fixed = [name for _, names in STREETS[: len(self.s.communities)] for name in names]
        pool = [f"{root}社区" for root in COMMUNITY_ROOTS if root not in STREET_ROOTS]
        pool = [n for n in pool if n not in fixed]
        self.r.shuffle(pool)
        roads = _roads()
        # Planted communities first, so their ids (and everything named after them) are fixed.
        planted = {
            name: self.ids.claim("community", slug(name.removesuffix("社区"))) for name in fixed
        }
        for i, (sname, first) in enumerate(STREETS[: len(self.s.communities)]):
            code = f"{DISTRICT_CODE}{i + 1:03d}000"
            street = _Street(
                self.ids.claim("street", slug(sname.removesuffix("街道"))),
                sname,
                code,
                self.landline(),
                {"road": self.r.choice(roads), "number": f"{self.r.randint(1, 300)}号"},
            )
            names = list(first) + [pool.pop() for _ in range(self.s.communities[i] - len(first))]
            for j, cname in enumerate(names):
                cid = planted.get(cname) or self.ids.claim(
                    "community", slug(cname.removesuffix("社区"))
                )
                c = _Community(
                    id=cid,
                    name=cname,
                    street=street,
                    code=code[:9] + f"{j + 1:03d}",
                    roads=self.r.sample(roads, self.r.randint(3, 5)),
                    phone=self.landline(),
                    # Claimed now so a compound station never takes the community centre's id.
                    station=self.ids.claim("station", f"{cid}-zhan"),
                )
                street.communities.append(c)
            self.streets.append(street)

    # --- compounds ---

    def make_compounds(self) -> None:
        communities = [c for st in self.streets for c in st.communities]
        by_name = {c.name: c for c in communities}
        planted = [p for p in PLANTED if p.community in by_name]
        # Planted ids first: random homophones (昌乐花园 …) then get a suffix, never the planted id.
        planted_ids = [
            self.ids.claim("compound", slug(p.name.removesuffix("小区"))) for p in planted
        ]
        for p in planted:
            self.compound_names[p.name] = None
        counts = _spread(self.r, self.s.compounds, len(communities))
        new_left = self.s.new_compounds - sum(p.age == "new" for p in planted)
        random_total = self.s.compounds - len(planted)
        ages = ["new"] * new_left + ["old"] * (random_total - new_left)
        self.r.shuffle(ages)
        for c, n in zip(communities, counts, strict=True):
            mine = [
                (p, pid)
                for p, pid in zip(planted, planted_ids, strict=True)
                if p.community == c.name
            ]
            for p, pid in mine:
                c.compounds.append(
                    self.compound(
                        c,
                        p.age,
                        p.type,
                        p.name,
                        pid,
                        p.form,
                        list(p.aliases),
                        list(p.old_names),
                        planted=True,
                    )
                )
            for _ in range(max(0, n - len(mine))):
                age = ages.pop()
                ctype = self.r.choices(*_TYPE_WEIGHTS[age])[0]
                name, aliases, old_names = self.compound_name(c, age, ctype)
                cid = self.ids.claim("compound", slug(name.removesuffix("小区")))
                form = self.r.choices(*_FORM_WEIGHTS)[0]
                c.compounds.append(
                    self.compound(c, age, ctype, name, cid, form, aliases, old_names)
                )

    def compound_name(
        self, c: _Community, age: str, ctype: str
    ) -> tuple[str, list[str], list[str]]:
        r = self.r
        aliases: list[str] = []
        old_names: list[str] = []
        name = ""
        for _ in range(12):
            aliases, old_names = [], []
            if ctype == "work_unit":
                unit = r.choice(WORK_UNITS)
                suffix = r.choice(WORK_SUFFIXES)
                name = unit + suffix
                if suffix != "宿舍" and r.random() < 0.35:
                    old_names = [f"{unit}宿舍"]
                elif r.random() < 0.2:
                    aliases = [f"{unit}大院"]
            elif ctype == "resettlement":
                village = r.choice(VILLAGES)
                name = village + r.choice(RESETTLE_SUFFIXES)
                if r.random() < 0.3:
                    old_names = [village]
            elif ctype == "mixed":
                if r.random() < 0.5:
                    name = r.choice(OLD_ROOTS) + r.choice(OLD_SUFFIXES)
                else:
                    name = f"{r.choice(c.roads)}{r.randint(1, 199)}号院"
            elif age == "old" and r.random() < 0.4:
                name = r.choice(OLD_ROOTS) + r.choice(("小区", "花园", "新村"))
            else:
                prefix, suffix = r.choice(NEW_PREFIXES), r.choice(NEW_SUFFIXES)
                name = prefix + suffix
                if suffix != "小区" and r.random() < 0.15:
                    aliases = [prefix]
            if name not in self.compound_names:
                break
        else:
            # Twelve draws all taken: a second phase or a part of an existing compound.
            base = name
            name = next(
                f"{base}{v}"
                for v in [*NAME_VARIANTS, *map(str, range(6, 99))]
                if f"{base}{v}" not in self.compound_names
            )
            aliases, old_names = [], []
        self.compound_names[name] = None
        return name, aliases, old_names

    def compound(
        self,
        c: _Community,
        age: str,
        ctype: str,
        name: str,
        cid: str,
        form: str,
        aliases: list[str],
        old_names: list[str],
        planted: bool = False,
    ) -> _Compound:
        r = self.r
        lo, hi = self.s.buildings_new if age == "new" else self.s.buildings_old
        if form == "lettered":
            hi = min(hi, 8)  # A座 … H座: lettered compounds are small
        n = r.randint(max(lo, 3) if planted else lo, hi)
        # Some compounds skip 4 (四 sounds like 死): building numbers are labels, not counts.
        numbers = [
            k for k in range(1, n + 3) if not (k == 4 and not planted and r.random() < 0.15)
        ][:n]
        built = r.randint(2005, 2023) if age == "new" else r.randint(1978, 2002)
        first_from = r.choice(
            ("2024-01-01",) * 6 + ("2023-03-01", "2023-06-01", "2024-03-15", "2024-06-30")
        )
        buildings: list[_Building] = []
        for k, num in enumerate(numbers):
            if form == "lettered":
                letter = "ABCDEFGH"[k]
                bid, label = letter.lower(), f"{letter}座"
            else:
                bid, label = str(num), _number_label(form, num)
            entrances = r.randint(1, 4) if age == "new" else r.randint(2, 5)
            floors = r.randint(11, 33) if age == "new" else r.randint(5, 7)
            buildings.append(_Building(bid, label, entrances, entrances * floors * 2, first_from))
        addresses = [{"road": r.choice(c.roads), "number": f"{r.randint(1, 300)}号"}]
        if m := re.fullmatch(r"(.+?(?:路|街|大道))(\d+)号院", name):
            addresses = [{"road": m[1], "number": f"{m[2]}号"}]  # 民主路179号院 is at 民主路179号
        if r.random() < 0.25:
            other = r.choice(c.roads)
            if other != addresses[0]["road"]:
                addresses.append({"road": other, "number": f"{r.randint(1, 300)}号"})
        if age == "new" or r.random() < 0.55:
            company = self.property_companies[_skewed(r, len(self.property_companies))]["id"]
            since = self.date(f"{max(built, 2008)}-01-01", "2025-12-31")
            prop: dict[str, Any] = {"company": company, "since": _iso(since)}
        else:
            prop = {"none": True}  # old compounds often have no property company at all
        oc: dict[str, Any] = {"exists": r.random() < (0.75 if age == "new" else 0.35)}
        if oc["exists"]:
            oc["established"] = _iso(self.date(f"{max(built, 2010)}-01-01", "2025-12-31"))
            oc["has_party_org"] = r.random() < 0.6
        stale = {s["id"] for s in HARD_CASES["stale"] if s["type"] == "compound"}
        verified = "2025-06-15" if cid in stale else self.verified()
        return _Compound(
            cid,
            name,
            c,
            age,
            ctype,
            form,
            aliases,
            old_names,
            built,
            addresses,
            prop,
            oc,
            buildings,
            planted,
            verified,
        )
