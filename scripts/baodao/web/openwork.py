"""Open-data tables of the work: the three lists, 双报到 counts, unit results, members'
participation, notices and their amendments (one function per table, from the public view)."""

from __future__ import annotations

from .opendatatypes import SUPPRESSED, F, Table
from .publicview import PublicView


def list_items(view: PublicView) -> Table:
    items = []
    for c in view.communities:
        lists = view.community_lists.get(c.id)
        for list_name in ("needs", "resources", "projects", "wishes", "teams", "events"):
            for i in getattr(lists, list_name) if lists else ():
                items.append(
                    {
                        "community_id": c.id,
                        "list": list_name,
                        "id": i.id,
                        "name": i.name,
                        "kind": i.kind,
                        "by": i.by,
                        "status": i.status,
                        "when": i.when,
                        "detail": i.detail,
                    }
                )
    return Table(
        "list_items",
        "三个清单",
        "各社区的需求、资源、项目清单，微心愿、志愿服务队和活动（只有组织，没有个人）",
        (
            F("community_id", "社区"),
            F("list", "清单", description="needs/resources/projects/wishes/teams/events"),
            F("id", "编号"),
            F("name", "名称"),
            F("kind", "类别"),
            F("by", "提出或提供的组织"),
            F("status", "状态"),
            F("when", "时间"),
            F("detail", "说明"),
        ),
        tuple(items),
    )


def report_in(view: PublicView) -> Table:
    year = view.as_of[:4]
    return Table(
        "report_in",
        "双报到情况",
        f"{year} 年各社区驻区单位和在职党员报到情况",
        (
            F("community_id", "社区"),
            F("year", "年度", "integer"),
            F("units_reported", "已报到单位数", "integer"),
            F("units_not_reported", "未报到单位数", "integer"),
            F("members_reported", "报到在职党员数", description=SUPPRESSED),
        ),
        tuple(
            {
                "community_id": c.id,
                "year": int(year),
                "units_reported": len(L.reported),
                "units_not_reported": len(L.not_reported),
                "members_reported": L.members_reported or None,
            }
            for c in view.communities
            if (L := view.community_lists.get(c.id)) is not None
        ),
    )


def unit_results(view: PublicView) -> Table:
    A = view.assessments
    return Table(
        "unit_results",
        "驻区单位考核结果",
        "各年度驻区单位履行社会责任考核的总分、等级和排名",
        (
            F("period", "年度"),
            F("provisional", "年度未结束", "boolean"),
            F("unit_id", "单位"),
            F("name", "单位名称"),
            F("community_id", "报到社区"),
            F("total", "总分", "number"),
            F("grade", "等级"),
            F("rank_community", "社区内排名", "integer"),
            F("n_community", "社区内单位数", "integer"),
            F("rank_district", "全区排名", "integer"),
            F("n_district", "全区单位数", "integer"),
        ),
        tuple(
            {
                "period": p.period,
                "provisional": p.provisional,
                "unit_id": r.unit_id,
                "name": r.name,
                "community_id": r.community_id,
                "total": float(r.total),
                "grade": r.grade,
                "rank_community": r.rank_community,
                "n_community": r.n_community,
                "rank_district": r.rank_district,
                "n_district": r.n_district,
            }
            for p in (A.periods if A else ())
            for r in p.units
        ),
    )


def member_participation(view: PublicView) -> Table:
    A = view.assessments
    return Table(
        "member_participation",
        "在职党员参与情况",
        "各社区在职党员参与社区活动的汇总（只有人数和比率，没有个人）",
        (
            F("period", "年度"),
            F("community_id", "社区"),
            F("reported", "报到人数", description=SUPPRESSED),
            F("active", "参加活动人数", description=SUPPRESSED),
            F("rate", "参与率", description="两个人数都不少于 5 时才显示，否则为“—”"),
            F("hours", "服务时长（小时）", description="不少于 5 人时才显示，否则为“—”"),
        ),
        tuple(
            {
                "period": p.period,
                "community_id": cid,
                "reported": cp.members.reported,
                "active": cp.members.active,
                "rate": cp.members.rate,
                "hours": cp.members.hours,
            }
            for p in (A.periods if A else ())
            if p.members
            for cid, cp in sorted(p.communities.items())
        ),
    )


def notices(view: PublicView) -> Table:
    notices = view.notices.items if view.notices else ()
    return Table(
        "notices",
        "公示",
        "公示及其公示期（工作日按法定节假日和调休计算）",
        (
            F("id", "编号"),
            F("title", "标题"),
            F("kind", "类别"),
            F("start", "开始日期", "date"),
            F("end", "结束日期", "date"),
            F("working_days", "工作日数", "integer"),
            F("contact", "意见受理单位"),
            F("phone", "受理电话"),
            F("amendments", "更正次数", "integer"),
        ),
        tuple(
            {
                "id": n.id,
                "title": n.title,
                "kind": n.kind,
                "start": n.period.start,
                "end": n.period.end or None,
                "working_days": n.period.working_days,
                "contact": n.contact,
                "phone": n.phone,
                "amendments": len(n.amendments),
            }
            for n in notices
        ),
    )


def notice_amendments(view: PublicView) -> Table:
    notices = view.notices.items if view.notices else ()
    return Table(
        "notice_amendments",
        "公示更正记录",
        "已发布公示的每一次更正",
        (
            F("notice_id", "公示"),
            F("date", "更正日期", "date"),
            F("reason", "原因"),
            F("summary", "更正内容"),
        ),
        tuple(
            {
                "notice_id": n.id,
                "date": a.date,
                "reason": a.reason,
                "summary": a.summary or None,
            }
            for n in notices
            for a in n.amendments
        ),
    )
