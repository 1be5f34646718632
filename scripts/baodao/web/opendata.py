"""Open data: every public table as CSV and JSON, a Frictionless data package and a data.json catalogue.

Made from the public view only, the same objects the pages render: a value the site does not show
is not in a table (no person ids, no names without consent, no internal notes), and a count of
people under 5 stays "少于 5" (those columns are text). Every file is stamped with the source
commit and the build date (SOURCE_DATE_EPOCH), rows are in the view's (sorted, file) order, and
nothing reads the clock, so two builds of one commit give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .publicview import PublicView
from .viewtypes import Post

FOLDER = "d"  # docs folder of the download page and the files: public/d/
SUPPRESSED = (
    "人数少于 5 时显示“少于 5”，不公开具体数字；为免用合计相减推算出这些人数，"
    "个别其他人数也显示“不公开”"
)
LEVEL_CODE = {"区级": "district", "街道级": "street", "社区级": "community", "小区级": "compound"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date
    title: str
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: tuple[dict[str, Any], ...]


def F(name: str, title: str, type: str = "string", description: str = "") -> Field:  # noqa: N802
    return Field(name, type, title, description or title)


def _join(values: Iterable[str]) -> str:
    return ";".join(v for v in values if v)


def _post_rows(kind: str, oid: str, posts: Iterable[Post]) -> list[dict[str, Any]]:
    return [{"org_type": kind, "org_id": oid, "role": p.role, "name": p.name, "phone": p.phone,
             "unit": p.unit, "vacant": p.vacant, "vacant_since": p.vacant_since} for p in posts]  # fmt: skip


def tables(view: PublicView) -> list[Table]:
    """The public tables, each from the public view."""
    out: list[Table] = []
    out.append(
        Table(
            "streets",
            "街道",
            "街道和街道党工委",
            (F("id", "编号"), F("name", "名称"), F("party_org", "党组织"), F("phone", "工作电话")),
            tuple(
                {"id": s.id, "name": s.name, "party_org": s.party_org, "phone": s.phone}
                for s in view.streets
            ),
        )
    )
    out.append(
        Table(
            "communities",
            "社区",
            "社区及其党组织",
            (
                F("id", "编号"),
                F("name", "名称"),
                F("street_id", "所属街道"),
                F("party_org", "党组织"),
                F("party_org_kind", "党组织类别"),
                F("member_count", "党员人数", description=SUPPRESSED),
                F("address", "地址"),
                F("population", "常住人口", "integer"),
                F("verified_at", "核实日期", "date"),
            ),
            tuple(
                {
                    "id": c.id,
                    "name": c.name,
                    "street_id": c.street.id,
                    "party_org": c.party_org,
                    "party_org_kind": c.party_org_kind,
                    "member_count": c.member_count,
                    "address": c.address,
                    "population": c.population,
                    "verified_at": c.verified_at or None,
                }
                for c in view.communities
            ),
        )
    )
    out.append(
        Table(
            "compounds",
            "小区",
            "小区（别名、曾用名、地址、物业）",
            (
                F("id", "编号"),
                F("name", "名称"),
                F("aliases", "别名", description="多个用分号分隔"),
                F("old_names", "曾用名", description="多个用分号分隔"),
                F("community_id", "所属社区"),
                F("street_id", "所属街道"),
                F("type", "类型"),
                F("age", "新旧"),
                F("addresses", "地址", description="多个用分号分隔"),
                F("households", "户数", "integer"),
                F("property_company", "物业"),
                F("owners_committee", "业主委员会"),
                F("verified_at", "核实日期", "date"),
                F("stale", "超期未核实", "boolean"),
            ),
            tuple(
                {
                    "id": x.id,
                    "name": x.name,
                    "aliases": _join(x.aliases),
                    "old_names": _join(x.old_names),
                    "community_id": x.community.id,
                    "street_id": x.street.id,
                    "type": x.type,
                    "age": x.age,
                    "addresses": _join(x.addresses),
                    "households": x.households,
                    "property_company": x.property_company,
                    "owners_committee": x.owners_committee,
                    "verified_at": x.verified_at or None,
                    "stale": x.stale,
                }
                for x in view.compounds
            ),
        )
    )
    out.append(
        Table(
            "buildings",
            "楼栋",
            f"每栋楼在 {view.as_of} 由哪个党支部、楼栋党小组、网格和党群服务站服务",
            (
                F("compound_id", "小区"),
                F("building_id", "楼栋编号"),
                F("number", "楼号"),
                F("branch_id", "党支部"),
                F("group_id", "楼栋党小组"),
                F("grid_id", "网格"),
                F("station_id", "党群服务站"),
            ),
            tuple(
                {
                    "compound_id": x.id,
                    "building_id": b.id,
                    "number": b.number,
                    "branch_id": b.service.branch.id if b.service else None,
                    "group_id": b.service.group.id if b.service and b.service.group else None,
                    "grid_id": b.service.grid.id if b.service else None,
                    "station_id": b.service.station.id if b.service and b.service.station else None,
                }
                for x in view.compounds
                for b in x.buildings
            ),
        )
    )
    out.append(
        Table(
            "grids",
            "网格",
            "网格和微网格",
            (F("id", "编号"), F("name", "名称"), F("kind", "类别"), F("community_id", "所属社区")),
            tuple(
                {"id": g.id, "name": g.name, "kind": g.kind, "community_id": c.id}
                for c in view.communities
                for g in c.grids
            ),
        )
    )
    out.append(
        Table(
            "branches",
            "党支部",
            "小区、网格和联合党支部",
            (
                F("id", "编号"),
                F("name", "名称"),
                F("kind", "类别"),
                F("community_id", "所属社区"),
                F("compounds", "覆盖小区", description="小区编号，多个用分号分隔"),
                F("groups", "楼栋党小组数", "integer"),
                F("member_count", "党员人数", description=SUPPRESSED),
                F("central_household_count", "党员中心户数", description=SUPPRESSED),
            ),
            tuple(
                {
                    "id": b.id,
                    "name": b.name,
                    "kind": b.kind,
                    "community_id": c.id,
                    "compounds": _join(r.id for r in b.compounds),
                    "groups": len(b.groups),
                    "member_count": b.member_count,
                    "central_household_count": b.central_household_count,
                }
                for c in view.communities
                for b in c.branches
            ),
        )
    )
    posts = [r for s in view.streets for r in _post_rows("street", s.id, s.posts)]
    posts += [r for c in view.communities for r in _post_rows("community", c.id, c.posts)]
    posts += [
        r for c in view.communities for g in c.grids for r in _post_rows("grid", g.id, g.posts)
    ]
    posts += [
        r
        for c in view.communities
        for b in c.branches
        if b.secretary
        for r in _post_rows("branch", b.id, [b.secretary])
    ]
    out.append(
        Table(
            "posts",
            "岗位",
            "街道、社区、网格和党支部的公开岗位：姓名只在本人同意后公开，电话为工作电话或本人同意公开的电话",
            (
                F("org_type", "所在组织类别"),
                F("org_id", "所在组织"),
                F("role", "岗位"),
                F("name", "姓名", description="本人同意公开时才有"),
                F("phone", "电话"),
                F("unit", "所在单位", description="兼职委员的驻区单位"),
                F("vacant", "空缺", "boolean"),
                F("vacant_since", "空缺起始日期", "date"),
            ),
            tuple(posts),
        )
    )
    st = view.stations.entries if view.stations else ()
    out.append(
        Table(
            "stations",
            "党群服务中心（站）",
            "区、街道、社区和小区的党群服务阵地",
            (
                F("id", "编号"),
                F("name", "名称"),
                F("level", "层级", description="district/street/community/compound"),
                F("street_id", "所属街道"),
                F("community_id", "所属社区"),
                F("address", "地址"),
                F("phone", "电话"),
                F(
                    "hours",
                    "开放时间",
                    description="1=周一…7=周日，如 1-5 08:30-17:30;6 09:00-12:00",
                ),
                F(
                    "public_holidays",
                    "法定节假日",
                    description="closed 闭馆 / open 开放 / 空 未说明",
                ),
                F("area_m2", "面积（平方米）", "number"),
                F("rooms", "功能室", description="多个用分号分隔"),
                F("six_haves_met", "“六有”达标项数", "integer"),
                F("six_haves_checked_at", "“六有”核查日期", "date"),
                F("verified_at", "核实日期", "date"),
            ),
            tuple(
                {
                    "id": e.s.id,
                    "name": e.s.name,
                    "level": e.level,
                    "street_id": e.street.id if e.street else None,
                    "community_id": e.community.id if e.community else None,
                    "address": e.s.address,
                    "phone": e.s.phone,
                    "hours": e.s.hours_data,
                    "public_holidays": e.s.holidays,
                    "area_m2": e.s.area_m2,
                    "rooms": _join(r.name for r in e.rooms),
                    "six_haves_met": e.six_met if e.six else None,
                    "six_haves_checked_at": e.six_checked_at or None,
                    "verified_at": e.s.verified_at or None,
                }
                for e in st
            ),
        )
    )
    out.append(
        Table(
            "units",
            "驻区单位",
            "驻区单位及其党组织",
            (
                F("id", "编号"),
                F("name", "名称"),
                F("kind", "类别"),
                F("party_org", "党组织"),
                F("member_count", "党员人数", description=SUPPRESSED),
                F("phone", "工作电话"),
                F("address", "地址"),
                F("community_id", "所在社区"),
                F("verified_at", "核实日期", "date"),
            ),
            tuple(
                {
                    "id": u.id,
                    "name": u.name,
                    "kind": u.kind,
                    "party_org": u.party_org,
                    "member_count": u.member_count,
                    "phone": u.phone,
                    "address": u.address,
                    "community_id": u.community.id,
                    "verified_at": u.verified_at or None,
                }
                for c in view.communities
                for u in c.units
            ),
        )
    )
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
    out.append(
        Table(
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
    )
    year = view.as_of[:4]
    out.append(
        Table(
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
    )
    A = view.assessments
    out.append(
        Table(
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
    )
    out.append(
        Table(
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
    )
    notices = view.notices.items if view.notices else ()
    out.append(
        Table(
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
    )
    out.append(
        Table(
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
    )
    return out  # fmt: skip


def _csv(table: Table) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f.name for f in table.fields])
    for row in table.rows:
        w.writerow(["" if (v := row.get(f.name)) is None else ("true" if v is True else "false" if v is False
                    else v) for f in table.fields])  # fmt: skip
    return buf.getvalue()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_open_data(
    view: PublicView, docs: Path, commit: str | None, epoch: int | None
) -> list[Table]:
    """Write d/<table>.csv, d/<table>.json, d/datapackage.json and d/data.json under ``docs``."""
    folder = docs / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    built = (
        dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if epoch is not None
        else None
    )
    stamp = {"commit": commit, "built": built, "as_of": view.as_of}
    ts = tables(view)
    resources = []
    for t in ts:
        (folder / f"{t.name}.csv").write_text(_csv(t), encoding="utf-8", newline="\n")
        rows = [{f.name: row.get(f.name) for f in t.fields} for row in t.rows]
        (folder / f"{t.name}.json").write_text(_json({"source": stamp, "table": t.name, "rows": rows}),
                                               encoding="utf-8", newline="\n")  # fmt: skip
        resources.append({
            "name": t.name.replace("_", "-"), "title": t.title, "description": t.description,
            "path": f"{t.name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": f.name, "type": f.type, "title": f.title, "description": f.description}
                                  for f in t.fields]},
        })  # fmt: skip
    version = f"{view.as_of}+{commit[:12]}" if commit else view.as_of
    package = {
        "name": "baodao-public", "title": f"{view.site_title}：开放数据",
        "description": "由公开数据仓库生成，与网站显示的内容相同：没有个人编号、未经同意的姓名和内部备注；"
                       "少于 5 人的数字显示为“少于 5”。",
        "version": version, **({"created": built} if built else {}), "x-source-commit": commit,
        "x-as-of": view.as_of,
        "resources": resources,
    }  # fmt: skip
    (folder / "datapackage.json").write_text(_json(package), encoding="utf-8", newline="\n")
    modified = view.as_of
    catalogue = {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog", "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "x-source-commit": commit,
        "dataset": [{
            "@type": "dcat:Dataset", "identifier": f"{package['name']}/{t.name}", "title": t.title,
            "description": t.description, "modified": modified, "accessLevel": "public", "language": ["zh-CN"],
            "publisher": {"@type": "org:Organization", "name": view.org_department or view.district_name},
            "keyword": [view.district_name, t.title],
            "version": version,
            "distribution": [
                {"@type": "dcat:Distribution", "downloadURL": f"{t.name}.csv", "mediaType": "text/csv",
                 "format": "CSV", "describedBy": "datapackage.json"},
                {"@type": "dcat:Distribution", "downloadURL": f"{t.name}.json", "mediaType": "application/json",
                 "format": "JSON"},
            ],
        } for t in ts],
    }  # fmt: skip
    (folder / "data.json").write_text(_json(catalogue), encoding="utf-8", newline="\n")
    return ts
