"""References: every id a record names must exist (did-you-mean for typos)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..model import registry
from ..model.paths import iter_path, iter_posts, problem
from ..model.suggest import did_you_mean
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from ..records.yamlio import clip
from .base import Context

# Which fields name a record (x-ref) or a code (x-codelist) is read from the schemas, see
# baodao.model.registry. Code-list fields checked by their own check, with their own words:
# the 吹哨报到 tables (checks/governance.py) and a member's service types, several in one cell.
_CODES_CHECKED_ELSEWHERE = frozenset(
    {
        ("request", ("category",)),
        ("request", ("department",)),
        ("request_total", ("category",)),
        ("request_total", ("department",)),
        ("member_registration", ("service_types",)),
    }
)
# Organisations named as {type, id}: never a person.
ORGANISATION_REFERENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("resource", ("provider",)),
    ("need", ("raised_by",)),
    ("project", ("parties", "*")),
    ("team", ("organiser",)),
    ("event", ("organiser",)),
)

# What an unknown id is called when it is not a record type's id (a person is named by an
# opaque id from the private register, never by the register's title).
_NOUNS = {"person": "人员编号", "group": "楼栋党小组", "role": "岗位类别"}


def noun(target: str) -> str:
    """The Chinese word for an id of ``target``: a record type's title, or one of _NOUNS."""
    if target in _NOUNS:
        return _NOUNS[target]
    reg = registry.default()
    return reg.title(target) if target in reg else target


def unknown(
    rec: Record,
    path: tuple,
    target: str,
    value: object,
    candidates: list[str],
    label: str = "",
    blame: str | None = None,
) -> Problem:
    """REF001; ``blame`` names the file whose own error explains it (see Dataset.blame)."""
    # No guess for people: a near-miss person id is another person, never a typo to accept.
    guess_zh, guess_en = ("", "") if target == "person" else did_you_mean(value, candidates)
    shown = clip(value)  # a reference can be any text up to the loader's limit
    zh = f"未知{label or noun(target)} '{shown}'{guess_zh}"
    en = f"unknown {target} '{shown}'{guess_en}"
    p = problem(rec, path, "REF001", ERROR, zh, en, "编号须与对应记录文件中的 id 完全一致")
    return replace(p, cause=blame) if blame else p


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
    reg = registry.of(ctx.schemas.directory)
    for type_name, info in reg.types.items():
        for pattern, target in info.refs:
            if target == "person" and not check_people:
                continue
            ids = ds.of(target)
            for rec in ds.of(type_name).values():
                for path, value in iter_path(rec.data, pattern):
                    if isinstance(value, str) and value not in ids:
                        blame = ds.blame(target, value)
                        yield unknown(rec, path, target, value, list(ids), blame=blame)
        for pattern, list_id in info.codelists:
            if (type_name, pattern) in _CODES_CHECKED_ELSEWHERE:
                continue
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
                    and org.get("type") in reg
                    and isinstance(org.get("id"), str)
                ):
                    ids = ds.of(org["type"])
                    if org["id"] not in ids:
                        yield unknown(
                            rec,
                            (*path, "id"),
                            org["type"],
                            org["id"],
                            list(ids),
                            blame=ds.blame(org["type"], org["id"]),
                        )
    yield from _member_registrations(ctx)
    # Building groups live inside branches.
    for rec in ds.of("compound").values():
        for path, value in iter_path(rec.data, ("buildings", "*", "serve", "*", "group")):
            if isinstance(value, str) and value not in ctx.groups:
                blame = _broken_branch(ds, value)
                yield unknown(rec, path, "group", value, list(ctx.groups), blame=blame)
    # Notices name records of several types.
    for rec in ds.of("notice").values():
        for path, rel in iter_path(rec.data, ("related", "*")):
            if (
                isinstance(rel, dict) and isinstance(rel.get("id"), str) and rel.get("type") in reg
            ) and rel["id"] not in ds.of(rel["type"]):
                yield unknown(
                    rec,
                    (*path, "id"),
                    rel["type"],
                    rel["id"],
                    list(ds.of(rel["type"])),
                    blame=ds.blame(rel["type"], rel["id"]),
                )
    yield from _posts(ctx, check_people)
    if not check_people:
        yield Problem(
            "private/",
            0,
            "",
            "PRIV010",
            WARNING,
            "未加载私有库：未检查人员编号，网站不显示任何姓名",
            "private root not loaded: person ids unchecked, no names shown",
            "发布前在能读取私有库的环境运行，或用 --private 指定私有库",
        )


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
                        blame=ds.blame("person", person),
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


def _broken_branch(ds, group_id: str) -> str | None:
    # Group ids conventionally start with their branch's id; a broken branch hides its groups.
    for (t, i), file in ds.broken.items():
        if t == "branch" and group_id.startswith(i):
            return file
    return None
