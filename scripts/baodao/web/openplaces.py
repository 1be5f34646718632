"""Open-data tables of places and organisations: streets, communities, compounds, buildings,
grids, branches, public posts, stations and units (one function per table, from the public view)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .opendatatypes import SUPPRESSED, F, Table, join
from .publicview import PublicView
from .viewtypes import Post


def _post_rows(kind: str, oid: str, posts: Iterable[Post]) -> list[dict[str, Any]]:
    return [
        {
            "org_type": kind,
            "org_id": oid,
            "role": p.role,
            "name": p.name,
            "phone": p.phone,
            "unit": p.unit,
            "vacant": p.vacant,
            "vacant_since": p.vacant_since,
        }
        for p in posts
    ]


def streets(view: PublicView) -> Table:
    return Table(
        "streets",
        "街道",
        "街道和街道党工委",
        (F("id", "编号"), F("name", "名称"), F("party_org", "党组织"), F("phone", "工作电话")),
        tuple(
            {"id": s.id, "name": s.name, "party_org": s.party_org, "phone": s.phone}
            for s in view.streets
        ),
    )


def communities(view: PublicView) -> Table:
    return Table(
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


def compounds(view: PublicView) -> Table:
    return Table(
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
                "aliases": join(x.aliases),
                "old_names": join(x.old_names),
                "community_id": x.community.id,
                "street_id": x.street.id,
                "type": x.type,
                "age": x.age,
                "addresses": join(x.addresses),
                "households": x.households,
                "property_company": x.property_company,
                "owners_committee": x.owners_committee,
                "verified_at": x.verified_at or None,
                "stale": x.stale,
            }
            for x in view.compounds
        ),
    )


def buildings(view: PublicView) -> Table:
    return Table(
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


def grids(view: PublicView) -> Table:
    return Table(
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


def branches(view: PublicView) -> Table:
    return Table(
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
                "compounds": join(r.id for r in b.compounds),
                "groups": len(b.groups),
                "member_count": b.member_count,
                "central_household_count": b.central_household_count,
            }
            for c in view.communities
            for b in c.branches
        ),
    )


def posts(view: PublicView) -> Table:
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
    return Table(
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


def stations(view: PublicView) -> Table:
    st = view.stations.entries if view.stations else ()
    return Table(
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
                "rooms": join(r.name for r in e.rooms),
                "six_haves_met": e.six_met if e.six else None,
                "six_haves_checked_at": e.six_checked_at or None,
                "verified_at": e.s.verified_at or None,
            }
            for e in st
        ),
    )


def units(view: PublicView) -> Table:
    return Table(
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
