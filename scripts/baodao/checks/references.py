"""References: every id a record names must exist (did-you-mean for typos)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from .base import Context, iter_path, iter_posts, problem

# (record type, path to the referring value, type it refers to)
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("community", ("street",), "street"),
    ("compound", ("community",), "community"),
    ("compound", ("property", "company"), "property_company"),
    ("compound", ("buildings", "*", "serve", "*", "grid"), "grid"),
    ("compound", ("buildings", "*", "serve", "*", "branch"), "branch"),
    ("compound", ("buildings", "*", "serve", "*", "station"), "station"),
    ("grid", ("community",), "community"),
    ("grid", ("parent",), "grid"),
    ("branch", ("community",), "community"),
    ("branch", ("compounds", "*"), "compound"),
    ("branch", ("central_households", "*", "compound"), "compound"),
    ("branch", ("central_households", "*", "person"), "person"),
    ("station", ("street",), "street"),
    ("station", ("community",), "community"),
    ("unit", ("community",), "community"),
    ("home_org", ("unit",), "unit"),
)

TYPE_ZH = {"street": "街道", "community": "社区", "compound": "小区", "grid": "网格", "branch": "党支部",
           "station": "党群服务站", "unit": "单位", "property_company": "物业公司", "person": "人员编号",
           "group": "楼栋党小组", "role": "岗位类别"}  # fmt: skip


def unknown(rec: Record, path: tuple, target: str, value: object, candidates: list[str]) -> Problem:
    # No guess for people: a near-miss person id is another person, never a typo to accept.
    close = (
        []
        if target == "person"
        else difflib.get_close_matches(str(value), candidates, n=1, cutoff=0.6)
    )
    zh, en = f"未知{TYPE_ZH.get(target, target)} '{value}'", f"unknown {target} '{value}'"
    if close:
        zh += f"（是否应为 '{close[0]}'？）"
        en += f" (did you mean '{close[0]}'?)"
    return problem(rec, path, "REF001", ERROR, zh, en, "编号须与对应记录文件中的 id 完全一致")


def check(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    check_people = ds.has_private
    for type_name, pattern, target in REFERENCES:
        if target == "person" and not check_people:
            continue
        ids = ds.of(target)
        for rec in ds.of(type_name).values():
            for path, value in iter_path(rec.data, pattern):
                if isinstance(value, str) and value not in ids and (target, value) not in ds.broken:
                    yield unknown(rec, path, target, value, list(ids))
    # Building groups live inside branches.
    for rec in ds.of("compound").values():
        for path, value in iter_path(rec.data, ("buildings", "*", "serve", "*", "group")):
            if (
                isinstance(value, str)
                and value not in ctx.groups
                and not _in_broken_branch(ds, value)
            ):
                yield unknown(rec, path, "group", value, list(ctx.groups))
    # Notices name records of several types.
    for rec in ds.of("notice").values():
        for path, rel in iter_path(rec.data, ("related", "*")):
            if (
                isinstance(rel, dict)
                and isinstance(rel.get("id"), str)
                and rel.get("type") in TYPE_ZH
            ) and rel["id"] not in ds.of(rel["type"]):
                yield unknown(rec, (*path, "id"), rel["type"], rel["id"], list(ds.of(rel["type"])))
    roles = ctx.role_codes
    for rec in ds.all():
        for path, post in iter_posts(rec):
            role = post.get("role")
            if isinstance(role, str) and roles and role not in roles:
                yield unknown(rec, (*path, "role"), "role", role, list(roles))
            if not check_people:
                continue
            for i, holder in enumerate(post.get("holders") or []):
                person = holder.get("person") if isinstance(holder, dict) else None
                if isinstance(person, str) and person not in ds.of("person"):
                    yield unknown(
                        rec,
                        (*path, "holders", i, "person"),
                        "person",
                        person,
                        list(ds.of("person")),
                    )
    if not check_people:
        yield Problem("private/", 0, "", "PRIV010", WARNING, "未加载私有库：未检查人员编号，网站不显示任何姓名",
                      "private root not loaded: person ids unchecked, no names shown",
                      "发布前在能读取私有库的环境运行，或用 --private 指定私有库")  # fmt: skip


def _in_broken_branch(ds, group_id: str) -> bool:
    # Group ids conventionally start with their branch's id; a broken branch hides its groups.
    return any(t == "branch" and group_id.startswith(i) for t, i in ds.broken)
