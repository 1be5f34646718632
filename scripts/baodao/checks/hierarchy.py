"""Hierarchy: each record sits where the tree says it does.

Folder ↔ fields, division codes ↔ parents, and for each building: its grid is in its
community, its branch covers its compound, its building group belongs to that branch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from ..model.paths import iter_path, problem
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from .base import Context, in_tables


def check(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    yield from _folders(ctx)
    yield from _division_codes(ctx)
    yield from _cycles(ctx)
    communities = ds.of("community")
    grids = ds.of("grid")
    branches = ds.of("branch")
    for grid in grids.values():
        parent_id = grid.get("parent")
        if grid.get("kind") == "micro" and not parent_id:
            yield problem(
                grid,
                ("kind",),
                "HIER005",
                ERROR,
                "微网格须写明所属网格（parent）",
                "micro-grid needs a parent",
            )
        parent = grids.get(parent_id) if isinstance(parent_id, str) else None
        if parent is not None and parent.get("community") != grid.get("community"):
            yield problem(
                grid,
                ("parent",),
                "HIER005",
                ERROR,
                f"上级网格 '{parent.id}' 属于另一个社区（{parent.get('community')}）",
                "parent grid is in another community",
            )
    for br in branches.values():
        for path, cid in iter_path(br.data, ("compounds", "*")):
            comp = ds.get("compound", cid)
            if comp is not None and comp.get("community") != br.get("community"):
                yield problem(
                    br,
                    path,
                    "HIER007",
                    WARNING,
                    f"小区 '{cid}' 属于另一个社区（{comp.get('community')}）",
                    "branch covers a compound of another community",
                    "跨社区的联合党支部请在 note 中说明",
                )
        covered = set(br.get("compounds") or [])
        for path, ch in iter_path(br.data, ("central_households", "*")):
            if not isinstance(ch, dict):
                continue
            comp = ds.get("compound", ch.get("compound"))
            if comp is None:
                continue
            if comp.id not in covered:
                yield problem(
                    br,
                    (*path, "compound"),
                    "HIER006",
                    ERROR,
                    f"党员中心户所在小区 '{comp.id}' 不在本支部覆盖的小区中",
                    "central household outside the branch's compounds",
                    "把小区加入 compounds，或把中心户移到覆盖该小区的支部",
                )
            buildings = {
                str(b.get("id")) for b in comp.get("buildings") or [] if isinstance(b, dict)
            }
            if str(ch.get("building")) not in buildings:
                yield problem(
                    br,
                    (*path, "building"),
                    "HIER006",
                    ERROR,
                    f"小区 '{comp.id}' 没有楼栋 '{ch.get('building')}'",
                    "no such building in that compound",
                    "可用楼栋编号：" + "、".join(sorted(buildings)),
                )
    for comp in ds.of("compound").values():
        community = comp.get("community")
        for path, a in iter_path(comp.data, ("buildings", "*", "serve", "*")):
            if not isinstance(a, dict):
                continue
            grid = grids.get(a.get("grid")) if isinstance(a.get("grid"), str) else None
            if grid is not None and grid.get("community") != community:
                yield problem(
                    comp,
                    (*path, "grid"),
                    "HIER004",
                    ERROR,
                    f"网格 '{grid.id}' 属于{_name(communities, grid.get('community'))}，不是本小区所在社区",
                    "grid is in another community",
                    "选择本社区的网格",
                )
            br = branches.get(a.get("branch")) if isinstance(a.get("branch"), str) else None
            covers = br.get("compounds") or [] if br is not None else []
            if br is not None and comp.id not in covers:
                p = problem(
                    comp,
                    (*path, "branch"),
                    "HIER003",
                    ERROR,
                    f"党支部 '{br.id}' 的覆盖小区（compounds）中没有 '{comp.id}'",
                    "branch does not cover this compound",
                    f"在 {br.file} 的 compounds 中加入 {comp.id}，或改选支部",
                )
                # The branch names the compound by its file name: only the id was changed, and
                # FILE002 says so (the hint above would point the wrong way).
                renamed = comp.folder.get("id") in covers and comp.folder.get("id") != comp.id
                yield replace(p, cause=comp.file) if renamed else p
            gid = a.get("group")
            owner = ctx.groups.get(gid) if isinstance(gid, str) else None
            if owner is not None and br is not None and owner[0].id != br.id:
                yield problem(
                    comp,
                    (*path, "group"),
                    "HIER002",
                    ERROR,
                    f"楼栋党小组 '{gid}' 属于党支部 '{owner[0].id}'，不属于 '{br.id}'",
                    "building group belongs to another branch",
                )


# Records that name a parent of their own type: the chain must end (docs/problems.md, HIER009).
# Organisations' parents are their folders, which cannot form a cycle; a parent field added to
# another type belongs here.
PARENT_FIELDS: tuple[tuple[str, str], ...] = (("grid", "parent"),)


def _cycles(ctx: Context) -> Iterator[Problem]:
    for type_name, key in PARENT_FIELDS:
        recs = ctx.ds.of(type_name)
        done: set[str] = set()
        for start in sorted(recs):
            chain: list[str] = []
            on_chain: set[str] = set()
            rid: str | None = start
            while isinstance(rid, str) and rid in recs and rid not in done and rid not in on_chain:
                chain.append(rid)
                on_chain.add(rid)
                rid = recs[rid].get(key)
            done.update(chain)
            if not (isinstance(rid, str) and rid in on_chain):
                continue
            # One problem per cycle, at its first id in sorted order: any one link breaks it.
            loop = chain[chain.index(rid) :]
            first = min(loop)
            shown = loop[loop.index(first) :] + loop[: loop.index(first)] + [first]
            text = " → ".join(shown)
            zh = f"上级（{key}）是它自己" if len(loop) == 1 else f"上级（{key}）形成循环：{text}"
            en = (
                f"{key} is the record itself"
                if len(loop) == 1
                else f"{key} chain is a cycle: {text}"
            )
            yield problem(
                recs[first],
                (key,),
                "HIER009",
                ERROR,
                zh,
                en,
                "上级须是更大的一级：改正其中一条记录的上级，或删去该字段",
            )


def _name(communities, cid) -> str:
    rec = communities.get(cid) if isinstance(cid, str) else None
    return f"{rec.get('name')}（{cid}）" if rec else f"'{cid}'"


def _folders(ctx: Context) -> Iterator[Problem]:
    # What a record says of its folder depends on it alone: a table's rows (300,000 in a city)
    # are looked at again only when their file changed (base.in_tables).
    whole = ctx.ds.whole_tables()
    yield from in_tables(ctx, "hierarchy_folders", whole, b"", _folder_problems)
    yield from _folder_problems(ctx.ds.outside(whole))


def _folder_problems(records: Sequence[Record]) -> Iterator[Problem]:
    for rec in records:
        data = rec.data
        # Most records name neither (a city's 300,000 table rows): one look each, not four.
        # Stations and calendars have checks of their own below.
        if (
            "street" not in data
            and "community" not in data
            and rec.type != "station"
            and rec.type != "calendar"
        ):
            continue
        for key in ("street", "community"):
            folder = rec.folder.get(key)
            value = data.get(key)
            if folder is not None and value is not None and value != folder:
                yield problem(
                    rec,
                    (key,),
                    "FILE003",
                    ERROR,
                    f"{key} 写的是 '{value}'，但文件在 '{folder}' 文件夹下",
                    f"{key} '{value}' disagrees with folder '{folder}'",
                    "把文件移到正确的文件夹，或改正该字段",
                )
        if rec.type == "station":
            level = rec.get("level")
            need = {
                "street": ("street",),
                "community": ("street", "community"),
                "compound": ("street", "community"),
            }.get(level, ())
            for key in need:
                if not rec.get(key):
                    yield problem(
                        rec,
                        ("level",),
                        "HIER008",
                        ERROR,
                        f"{level} 层级的服务站须填写 {key}",
                        f"{level}-level station needs {key}",
                    )
        if rec.type == "calendar" and str(rec.get("year")) != rec.id:
            yield problem(
                rec,
                ("year",),
                "FILE002",
                ERROR,
                f"year {rec.get('year')} 与文件名 {rec.id}.yaml 不一致",
                "year disagrees with the file name",
            )


def _division_codes(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    district = ds.get("district", "district")
    dcode = str(district.get("division_code", "")) if district else ""
    for st in ds.of("street").values():
        code = str(st.get("division_code", ""))
        if dcode and len(code) == 12 and (code[:6] != dcode[:6] or code[9:] != "000"):
            yield problem(
                st,
                ("division_code",),
                "HIER001",
                ERROR,
                f"街道区划代码 {code} 应以区代码前 6 位 {dcode[:6]} 开头、以 000 结尾",
                "street code must start with the district's 6 digits and end in 000",
            )
    for cm in ds.of("community").values():
        st = ds.get("street", cm.get("street"))
        code, scode = (
            str(cm.get("division_code", "")),
            str(st.get("division_code", "")) if st else "",
        )
        if len(scode) == 12 and len(code) == 12 and code[:9] != scode[:9]:
            yield problem(
                cm,
                ("division_code",),
                "HIER001",
                ERROR,
                f"社区区划代码 {code} 应以所属街道代码前 9 位 {scode[:9]} 开头",
                "community code must start with its street's 9 digits",
            )
