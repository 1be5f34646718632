"""References: every id a record names must exist (did-you-mean for typos)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..model.paths import iter_path, iter_posts, problem
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from .base import Context

# (record type, path to the referring value, type it refers to)
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("community", ("street",), "street"),
    # Successors of mergers and splits (model/lifetimes.py).
    ("street", ("succeeds", "*"), "street"),
    ("community", ("succeeds", "*"), "community"),
    ("grid", ("succeeds", "*"), "grid"),
    ("branch", ("succeeds", "*"), "branch"),
    ("compound", ("succeeds", "*"), "compound"),
    ("unit", ("succeeds", "*"), "unit"),
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
    ("unit_registration", ("unit",), "unit"),
    ("unit_registration", ("community",), "community"),
    ("unit_registration", ("resources", "*"), "resource"),
    ("unit_registration", ("needs", "*"), "need"),
    ("resource", ("community",), "community"),
    ("need", ("community",), "community"),
    ("need", ("compound",), "compound"),
    ("project", ("community",), "community"),
    ("project", ("needs", "*"), "need"),
    ("project", ("resources", "*"), "resource"),
    ("wish", ("community",), "community"),
    ("wish", ("compound",), "compound"),
    ("team", ("community",), "community"),
    ("event", ("community",), "community"),
    ("event", ("station",), "station"),
    ("event", ("team",), "team"),
    ("member_registration", ("person",), "person"),
    ("member_registration", ("compound",), "compound"),
    ("member_registration", ("moved_from",), "community"),
    ("activity", ("person",), "person"),
    ("unit_report", ("unit",), "unit"),
    ("unit_report", ("community",), "community"),
    ("unit_report", ("projects", "*"), "project"),
    ("unit_report", ("resources", "*"), "resource"),
    ("unit_evaluation", ("unit",), "unit"),
    ("unit_evaluation", ("community",), "community"),
    ("branch_review", ("reviews", "*", "branch"), "branch"),
    ("community_score", ("scores", "*", "community"), "community"),
    ("property_evaluation", ("evaluations", "*", "compound"), "compound"),
    ("property_evaluation", ("evaluations", "*", "company"), "property_company"),
    ("hotline_ticket", ("compound",), "compound"),
)

# (record type, path, code list in data/codes/)
CODE_REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("resource", ("category",), "resource-categories"),
    ("resource", ("serves", "*"), "need-categories"),
    ("need", ("category",), "need-categories"),
    ("wish", ("category",), "need-categories"),
    ("team", ("service_types", "*"), "service-types"),
    ("event", ("service_type",), "service-types"),
    ("activity", ("service_type",), "service-types"),
    ("hotline_ticket", ("category",), "hotline-categories"),
    ("station", ("six_haves", "met", "*"), "six-haves"),
)

# Organisations named as {type, id}: never a person.
ORGANISATION_REFERENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("resource", ("provider",)),
    ("need", ("raised_by",)),
    ("project", ("parties", "*")),
    ("team", ("organiser",)),
    ("event", ("organiser",)),
)

TYPE_ZH = {"street": "街道", "community": "社区", "compound": "小区", "grid": "网格", "branch": "党支部",
           "station": "党群服务站", "unit": "单位", "property_company": "物业公司", "person": "人员编号",
           "group": "楼栋党小组", "role": "岗位类别", "resource": "资源", "need": "需求", "team": "志愿服务队",
           "notice": "公示", "home_org": "所在党组织", "project": "项目"}  # fmt: skip


def unknown(
    rec: Record, path: tuple, target: str, value: object, candidates: list[str], label: str = ""
) -> Problem:
    # No guess for people: a near-miss person id is another person, never a typo to accept.
    close = (
        []
        if target == "person"
        else difflib.get_close_matches(str(value), candidates, n=1, cutoff=0.6)
    )
    zh, en = f"未知{label or TYPE_ZH.get(target, target)} '{value}'", f"unknown {target} '{value}'"
    if close:
        zh += f"（是否应为 '{close[0]}'？）"
        en += f" (did you mean '{close[0]}'?)"
    return problem(rec, path, "REF001", ERROR, zh, en, "编号须与对应记录文件中的 id 完全一致")


def _code_problem(ctx: Context, rec: Record, path: tuple, list_id: str, value: str) -> Problem:
    codes = ctx.codes(list_id)
    rec_list = ctx.ds.get("codelist", list_id)
    label = f"{rec_list.get('name')}代码" if rec_list else "代码"
    p = unknown(rec, path, f"code:{list_id}", value, list(codes), label)
    hint = "可用代码：" + "、".join(f"{c}（{n}）" for c, n in codes.items())
    return Problem(p.file, p.line, p.field, p.code, p.severity, p.message, p.message_en, hint)


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
    for type_name, pattern, list_id in CODE_REFERENCES:
        codes = ctx.codes(list_id)
        for rec in ds.of(type_name).values():
            for path, value in iter_path(rec.data, pattern):
                if isinstance(value, str) and codes and value not in codes:
                    yield _code_problem(ctx, rec, path, list_id, value)
    for type_name, pattern in ORGANISATION_REFERENCES:
        for rec in ds.of(type_name).values():
            for path, org in iter_path(rec.data, pattern):
                if (
                    isinstance(org, dict)
                    and org.get("type") in TYPE_ZH
                    and isinstance(org.get("id"), str)
                ):
                    ids = ds.of(org["type"])
                    if org["id"] not in ids:
                        yield unknown(rec, (*path, "id"), org["type"], org["id"], list(ids))
    yield from _member_registrations(ctx)
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
    yield from _posts(ctx, check_people)
    if not check_people:
        yield Problem("private/", 0, "", "PRIV010", WARNING, "未加载私有库：未检查人员编号，网站不显示任何姓名",
                      "private root not loaded: person ids unchecked, no names shown",
                      "发布前在能读取私有库的环境运行，或用 --private 指定私有库")  # fmt: skip


def _posts(ctx: Context, check_people: bool) -> Iterator[Problem]:
    ds = ctx.ds
    roles, duties = ctx.codes("post-roles"), ctx.codes("concurrent-duties")
    for rec in ds.all():
        for path, post in iter_posts(rec):
            role = post.get("role")
            if isinstance(role, str) and roles and role not in roles:
                yield unknown(rec, (*path, "role"), "role", role, list(roles))
            for i, duty in enumerate(post.get("duties") or []):
                if isinstance(duty, str) and duties and duty not in duties:
                    yield _code_problem(ctx, rec, (*path, "duties", i), "concurrent-duties", duty)
            unit = post.get("unit")
            if isinstance(unit, str) and unit not in ds.of("unit"):
                yield unknown(rec, (*path, "unit"), "unit", unit, list(ds.of("unit")))
            notice = post.get("notice")
            if isinstance(notice, str) and notice not in ds.of("notice"):
                yield unknown(rec, (*path, "notice"), "notice", notice, list(ds.of("notice")))
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


def _member_registrations(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    services = ctx.codes("service-types")
    names = {name: code for code, name in services.items()}
    for rec in ds.of("member_registration").values():
        org = rec.get("home_org")
        if isinstance(org, str) and org not in ds.of("home_org") and org not in ds.of("unit"):
            yield unknown(rec, ("home_org",), "home_org", org, [*ds.of("home_org"), *ds.of("unit")])
        for value in str(rec.get("service_types") or "").split(";"):
            value = value.strip()
            if value and services and value not in services and value not in names:
                yield _code_problem(ctx, rec, ("service_types",), "service-types", value)


def _in_broken_branch(ds, group_id: str) -> bool:
    # Group ids conventionally start with their branch's id; a broken branch hides its groups.
    return any(t == "branch" and group_id.startswith(i) for t, i in ds.broken)
