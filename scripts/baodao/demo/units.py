"""Phase 3: resident units, home organisations and notices (with appointment notices)."""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any

from .base import _Base
from .common import _Community, _iso, _party_org_kind, _Where, hanzi_number, slug
from .scales import HARD_CASES
from .vocab import BUREAUS, COMPANY_WORDS, DISTRICT_NAME, INDUSTRIES, NEW_PREFIXES, PROVINCE_ORGANS


class _Units(_Base):
    # --- units, home organisations ---

    def make_units(self) -> None:
        r = self.r
        n = self.s.units
        quotas = {"organ": round(n * 0.08), "institution": round(n * 0.22), "soe": round(n * 0.12)}
        quotas["new_org"] = n - sum(quotas.values())
        communities = [c for st in self.streets for c in st.communities]
        names = _unit_names(r, communities, quotas)
        for kind, name, prefix in names:
            c = r.choice(communities)
            members = {
                "organ": r.randint(12, 150),
                "institution": r.randint(8, 300),
                "soe": r.randint(10, 400),
                "new_org": r.randint(3, 40),
            }[kind]
            org_kind, org_suffix = _party_org_kind(members)
            org_name = f"中共{name}{'机关' if kind == 'organ' and org_kind == 'branch' else ''}{org_suffix}"
            uid = self.ids.claim(
                "unit", slug(name.removesuffix("有限公司").removesuffix("有限责任"), 48)
            )
            # Unit secretaries live anywhere; most live in the unit's street, some outside the district.
            home = r.choice(c.street.communities).id if r.random() < 0.6 else ""
            where = _Where(c.street.id, home)
            rec = {
                "id": uid,
                "name": name,
                "kind": kind,
                "uscc": self.uscc(prefix),
                "community": c.id,
                "address": {"road": r.choice(c.roads), "number": f"{r.randint(1, 400)}号"},
                "party_org": {"name": org_name, "kind": org_kind, "member_count": members},
                "work_phone": self.landline(),
                "posts": [
                    self.post(
                        "secretary",
                        "secretary",
                        where,
                        self.date("2017-01-01", "2026-06-30"),
                        work_phone=self.landline(),
                        history=0.07,
                    )
                ],
                "verified_at": self.verified(),
            }
            self.units.append(rec)

    def make_home_orgs(self) -> None:
        r = self.r
        n = self.s.home_orgs
        linked = [
            u for u in self.units if u["party_org"]["member_count"] >= 8 and u["kind"] != "new_org"
        ]
        take = r.sample(linked, min(len(linked), round(n * 0.6)))
        take.sort(key=lambda u: self.units.index(u))
        for u in take:
            self.home_orgs.append(
                {
                    "id": self.ids.claim("home_org", u["id"]),
                    "name": u["party_org"]["name"],
                    "location": DISTRICT_NAME,
                    "unit": u["id"],
                    "work_phone": u["work_phone"],
                    "verified_at": self.verified(),
                }
            )
        outside: list[tuple[str, str]] = [(f"省{o}机关党委", "省直机关") for o in PROVINCE_ORGANS]
        outside += [(f"市{b}机关党委", "市直机关") for b in BUREAUS if not b.startswith("人民")]
        outside += [(f"{w}职业技术学院党委", "市内高校") for w in COMPANY_WORDS[:20]]
        outside += [(f"市{w}集团有限公司党委", "市属国有企业") for w in COMPANY_WORDS[20:40]]
        unit_names = {u["party_org"]["name"] for u in self.units}
        outside = [(name, loc) for name, loc in outside if name not in unit_names]
        r.shuffle(outside)
        for name, loc in outside[: n - len(self.home_orgs)]:
            base = slug(
                name.removesuffix("机关党委").removesuffix("党委").removesuffix("有限公司"), 48
            )
            self.home_orgs.append(
                {
                    "id": self.ids.claim("home_org", base),
                    "name": name,
                    "location": loc,
                    "work_phone": self.landline(),
                    "verified_at": self.verified(),
                }
            )

    # --- notices ---

    def make_notices(self) -> None:
        r = self.r
        dept = self.district["organisation_department"]
        objection = {
            "contact": dept["name"],
            "phone": dept["work_phone"],
            "address": dept["address"],
        }
        branches = [b for st in self.streets for c in st.communities for b in c.branches]
        communities = [c for st in self.streets for c in st.communities]
        # Every scale has the three notices the demo needs: an appointment counted in working
        # days, a rating with an explicit end date, and an "other" notice corrected once.
        hard = HARD_CASES["appointment"]
        c = next(c for c, _day in self.secretary_changes if c.id == hard["community"])
        self.appointment(c, dt.date(2026, 9, 1), hard["notice"], objection)
        rated = r.sample(branches, min(6, len(branches)))
        self.notice(
            dt.date(2026, 7, 15),
            "2026h1-star-rating",
            "2026年上半年小区党支部评星定级结果公示",
            "rating",
            "《青禾区小区党支部评星定级管理办法》",
            {"end": "2026-07-21"},
            [{"type": "branch", "id": b["id"]} for b in rated],
            objection,
            "根据各社区党委推荐、街道党工委审核，现将2026年上半年小区党支部评星定级结果予以公示。"
            "四星级以上支部按规定给予工作经费补助；二星级以下支部限期整改。\n\n评定结果详见各支部页面。",
        )
        self.notice(
            dt.date(2026, 11, 2),
            "2027-baodao-plan",
            "2027年度“双报到”工作安排公示",
            "other",
            "中共青禾区委组织部关于深化“双报到双报告双考核”工作的通知",
            {"end": "2026-11-13"},
            [{"type": "street", "id": st.id} for st in self.streets[:2]],
            objection,
            "2027年度驻区单位和在职党员“双报到”工作自2027年1月1日开始，报到截止日期为2027年3月31日。"
            "各社区党委应及时更新资源清单、需求清单和项目清单。",
            [
                {
                    "date": "2026-11-05",
                    "reason": "报到截止日期写错",
                    "summary": "报到截止日期由2027年3月30日更正为2027年3月31日",
                }
            ],
        )
        if self.s.notices <= 3:
            return
        extra = [
            (
                dt.date(2026, 1, 20),
                "2025h2-star-rating",
                "2025年下半年小区党支部评星定级结果公示",
                "rating",
                {"end": "2026-01-26"},
                [
                    {"type": "branch", "id": b["id"]}
                    for b in r.sample(branches, min(5, len(branches)))
                ],
            ),
            (
                dt.date(2026, 2, 2),
                "2025-community-assessment",
                "2025年度社区综合考核结果公示",
                "result",
                {"end": "2026-02-06"},
                [{"type": "community", "id": c.id} for c in communities[:4]],
            ),
            (
                dt.date(2026, 8, 10),
                "2026h1-community-assessment",
                "2026年上半年社区综合考核结果公示",
                "result",
                {"end": "2026-08-14"},
                [{"type": "community", "id": c.id} for c in communities[-4:]],
            ),
            (
                dt.date(2026, 7, 6),
                "2026q2-property-list",
                "2026年第二季度物业服务红黑榜",
                "list",
                {"end": "2026-07-10"},
                [],
            ),
            (
                dt.date(2026, 10, 12),
                "2026q3-property-list",
                "2026年第三季度物业服务红黑榜",
                "list",
                {"end": "2026-10-16"},
                [],
            ),
            (
                dt.date(2026, 3, 2),
                "2026-admission-list",
                "2026年社区工作事项准入清单公示",
                "other",
                {"end": "2026-03-13"},
                [{"type": "street", "id": st.id} for st in self.streets],
            ),
            (
                dt.date(2026, 5, 11),
                "2026-micro-wishes",
                "2026年“微心愿”认领情况公示",
                "other",
                {"end": "2026-05-15"},
                [{"type": "community", "id": communities[1].id}],
            ),
        ]
        for st in self.streets:
            extra.append(
                (
                    dt.date(2026, 7, 15),
                    f"{st.id}-2026h1-star-rating",
                    f"{st.name}2026年上半年小区党支部星级名单",
                    "rating",
                    {"end": "2026-07-21"},
                    [
                        {"type": "branch", "id": b["id"]}
                        for c in st.communities[:2]
                        for b in c.branches[:2]
                    ],
                )
            )
        extra = extra[: self.s.notices - 3]
        # The rest are appointments: community secretaries who took office since 2025.
        changes = [
            (c, day)
            for c, day in self.secretary_changes
            if day.year >= 2025 and c.id != hard["community"]
        ]
        for c, day in changes[: self.s.notices - 3 - len(extra)]:
            self.appointment(
                c,
                self.next_workday(day - dt.timedelta(days=25)),
                f"{c.id}-secretary-{day.year}",
                objection,
            )
        for day, nid, title, kind, period, related in extra:
            amendments = None
            if nid == "2026-admission-list":
                amendments = [
                    {
                        "date": "2026-03-04",
                        "reason": "漏列一项协助事项",
                        "summary": "补列“退役军人信息采集”为协助事项",
                    }
                ]
            body = f"现将{title.removesuffix('公示')}予以公示。公示期间如有异议，请向下列单位反映。"
            self.notice(
                day,
                nid,
                title,
                kind,
                "中共青禾区委组织部有关工作安排",
                period,
                related,
                objection,
                body,
                amendments,
            )

    def appointment(
        self, c: _Community, start: dt.date, nid: str, objection: dict[str, str]
    ) -> None:
        """An appointment notice: five working days, ending before the new secretary takes office."""
        org = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}[
            c.record["party_org"]["kind"]
        ]
        title = f"{c.name}{org}书记"
        # The appointee: the secretary's holder who took office last, after this notice.
        post = next(p for p in c.record["posts"] if p["id"] == "secretary")
        pid = max(post["holders"], key=lambda h: h["from"])["person"]
        subject = {
            "name": self.person_names[pid],
            "person": pid,
            "post": {"type": "community", "id": c.id, "post": "secretary"},
        }
        self.notice(
            start,
            nid,
            f"{title}任职公示",
            "appointment",
            "《党政领导干部选拔任用工作条例》第四十一条",
            {"working_days": 5},
            [{"type": "community", "id": c.id}],
            objection,
            f"经研究，拟任命下列同志为{title}，现予公示。\n\n"
            "公示期间，如对拟任人选有意见，请通过下方电话或来信来访反映。反映问题应实事求是，"
            "以单位名义反映的应加盖公章，以个人名义反映的应署真实姓名。",
            subjects=[subject],
        )

    def notice(
        self,
        start: dt.date,
        nid: str,
        title: str,
        kind: str,
        basis: str,
        period: dict[str, Any],
        related: list[dict[str, str]],
        objection: dict[str, str],
        body: str,
        amendments: list[dict[str, str]] | None = None,
        subjects: list[dict[str, Any]] | None = None,
    ) -> None:
        front: dict[str, Any] = {
            "id": self.ids.claim("notice", nid),
            "title": title,
            "kind": kind,
            "basis": basis,
            "start": _iso(start),
            **period,
        }
        if related:
            front["related"] = related
        if subjects:
            front["subjects"] = subjects
        front["objection"] = dict(objection)
        if amendments:
            front["amendments"] = amendments
        self.notices.append((front, body))


def _unit_names(
    r: Random, communities: list[_Community], quotas: dict[str, int]
) -> list[tuple[str, str, str]]:
    """(kind, name, USCC prefix) of every resident unit, in a fixed order."""
    roots = [c.name.removesuffix("社区") for c in communities]
    organs = [f"{DISTRICT_NAME}{b}" for b in BUREAUS] + [f"市{b}" for b in BUREAUS]
    institutions = [f"{DISTRICT_NAME}第{hanzi_number(k)}实验小学" for k in range(1, 31)]
    institutions += [f"{DISTRICT_NAME}第{hanzi_number(k)}中学" for k in range(1, 21)]
    institutions += [f"{c}社区卫生服务中心" for c in roots]
    institutions += [f"{DISTRICT_NAME}{w}幼儿园" for w in NEW_PREFIXES[:40]]
    institutions += [
        f"{DISTRICT_NAME}{n}"
        for n in (
            "人民医院",
            "中医医院",
            "妇幼保健院",
            "疾病预防控制中心",
            "图书馆",
            "文化馆",
            "青少年宫",
            "特殊教育学校",
            "职业中等专业学校",
        )
    ]
    institutions += [f"市第{hanzi_number(k)}人民医院" for k in range(2, 8)] + [
        f"市第{hanzi_number(k)}中学" for k in range(1, 21)
    ]
    soes = [f"青禾农村商业银行{c}支行" for c in roots]
    soes += [f"市公共交通集团第{hanzi_number(k)}分公司" for k in range(1, 7)]
    soes += [
        f"市{x}"
        for x in (
            "供电公司青禾供电中心",
            "自来水有限公司青禾分公司",
            "燃气集团青禾分公司",
            "热力有限公司青禾分公司",
            "邮政分公司青禾营业部",
            "粮食储备库",
            "城市建设投资集团有限公司",
            "文化旅游发展集团有限公司",
        )
    ]
    soes += [
        f"{DISTRICT_NAME}{x}"
        for x in (
            "国有资产运营有限公司",
            "城市发展集团有限公司",
            "水务有限公司",
            "农业发展有限公司",
        )
    ]
    soes += [
        f"{w}建设集团第{hanzi_number(k)}工程公司" for w in COMPANY_WORDS[:10] for k in range(1, 6)
    ]
    companies = [f"{w}{i}有限公司" for w in COMPANY_WORDS for i in INDUSTRIES]
    socials = [
        f"{DISTRICT_NAME}{w}{t}"
        for w in COMPANY_WORDS
        for t in ("社会工作服务中心", "养老服务中心", "志愿服务中心")
    ]
    out: list[tuple[str, str, str]] = []
    for kind, pool, prefix in (
        ("organ", organs, "11"),
        ("institution", institutions, "12"),
        ("soe", soes, "91"),
    ):
        pool = list(pool)
        r.shuffle(pool)
        out += [(kind, name, prefix) for name in pool[: quotas[kind]]]
    r.shuffle(companies)
    r.shuffle(socials)
    n_social = quotas["new_org"] // 10
    out += [("new_org", name, "52") for name in socials[:n_social]]
    out += [("new_org", name, "91") for name in companies[: quotas["new_org"] - n_social]]
    return out
