"""References: every id a record names must exist (did-you-mean for typos)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from ..model import registry
from ..model.paths import POST_PLACES, iter_path, iter_posts, problem
from ..model.suggest import did_you_mean
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Dataset, Record, Rows
from ..records.yamlio import clip
from .base import Context, digest, in_tables

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


# One reference a record makes: (kind, target, path, value). Kinds: "ref" (an id of record
# type ``target``, a person's only when the registry is loaded), "org" (an organisation or a
# notice's related record: any type), "post" (a post's unit or notice, said without the file to
# blame), "code" (a code of list ``target``), "group", "role", "duty".
Fact = tuple[str, str, tuple, str]


def record_facts(rec: Record, reg: registry.Registry) -> tuple[Fact, ...]:
    """Every id and code ``rec`` names, where, and of what: what a record names depends on the
    record alone (and the schemas), so it is kept with its file's cache entry."""
    out: list[Fact] = []
    data = rec.data
    info = reg.types.get(rec.type)
    if info is not None:
        for pattern, target in info.refs:
            out.extend(("ref", target, p, v) for p, v in _values(data, pattern) if _text(v))
        for pattern, list_id in info.codelists:
            if (rec.type, pattern) not in _CODES_CHECKED_ELSEWHERE:
                out.extend(("code", list_id, p, v) for p, v in _values(data, pattern) if _text(v))
    for type_name, pattern in ORGANISATION_REFERENCES:
        if type_name == rec.type:
            for path, org in iter_path(data, pattern):
                if isinstance(org, dict) and org.get("type") in reg and _text(org.get("id")):
                    out.append(("org", org["type"], (*path, "id"), org["id"]))
    if rec.type == "compound":  # building groups live inside branches
        for path, value in iter_path(data, ("buildings", "*", "serve", "*", "group")):
            if _text(value):
                out.append(("group", "group", path, value))
    if rec.type == "notice":  # notices name records of several types
        for path, rel in iter_path(data, ("related", "*")):
            if isinstance(rel, dict) and _text(rel.get("id")) and rel.get("type") in reg:
                out.append(("org", rel["type"], (*path, "id"), rel["id"]))
    for path, post in iter_posts(rec):
        if _text(post.get("role")):
            out.append(("role", "role", (*path, "role"), post["role"]))
        for i, duty in enumerate(post.get("duties") or []):
            if _text(duty):
                out.append(("duty", "concurrent-duties", (*path, "duties", i), duty))
        for name in ("unit", "notice"):
            if _text(post.get(name)):
                out.append(("post", name, (*path, name), post[name]))
        for i, holder in enumerate(post.get("holders") or []):
            person = holder.get("person") if isinstance(holder, dict) else None
            if _text(person):
                out.append(("ref", "person", (*path, "holders", i, "person"), person))
    return tuple(out)


def _text(value: object) -> bool:
    return isinstance(value, str)


def _values(data: object, pattern: tuple) -> Iterator[tuple[tuple, object]]:
    """``iter_path``, without its generators for a top-level field (most of a city's
    references: a table row's ``person``, a record's ``community``)."""
    if len(pattern) == 1 and pattern[0] != "*":
        value = data.get(pattern[0]) if isinstance(data, dict) else None
        if value is not None:
            yield pattern, value
        return
    yield from iter_path(data, pattern)


def check(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    check_people = ds.has_private
    reg = registry.of(ctx.schemas.directory)
    states: dict[tuple[str, str], str] = {}  # each target's digest, made once (``_state``)
    whole_tables: dict[str, dict[str, Rows]] = {}  # by type, found once
    for file, rows in ds.whole_tables().items():
        whole_tables.setdefault(rows.type, {})[file] = rows
    roles, duties = ctx.codes("post-roles"), ctx.codes("concurrent-duties")
    for type_name, recs in ds.records.items():
        flat = flat_plan(type_name, reg)
        known = [
            (kind, target, field, ds.of(target) if kind == "ref" else ctx.codes(target))
            for kind, target, field in flat or ()
            if not (kind == "ref" and target == "person" and not check_people)
        ]
        known = [k for k in known if k[0] == "ref" or k[3]]  # no code list: nothing to check
        whole = whole_tables.get(type_name, {}) if flat is not None else {}
        if whole:
            # A table's rows (300,000 in a city): looked at again only when the table, or the
            # ids and codes they name, changed (base.in_tables).
            state = _state(ds, known, states)
            yield from in_tables(ctx, "references_rows", whole, state, partial(_rows, ctx, known))
        rest = ds.outside(whole, type_name) if whole else recs.values()
        yield from _each(ctx, rest, flat is not None, known, reg, roles, duties)
    yield from _member_registrations(ctx)
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


Known = list[tuple[str, str, str, Any]]  # (kind, target, field, its ids or codes)


def _rows(ctx: Context, known: Known, rows: Iterable[Record]) -> Iterator[Problem]:
    """The problems of table rows: their few top-level fields, read directly."""
    for rec in rows:
        data = rec.data
        for kind, target, field, ids in known:
            value = data.get(field)
            if isinstance(value, str) and value not in ids:
                yield from _unknown_of(ctx, rec, kind, target, (field,), value)


def _each(
    ctx: Context,
    records: Iterable[Record],
    flat: bool,
    known: Known,
    reg: registry.Registry,
    roles: dict[str, str],
    duties: dict[str, str],
) -> Iterator[Problem]:
    """The problems of ``records``, one by one."""
    entries = ctx.ds.entries
    for rec in records:
        if rec.source is None and flat:
            yield from _rows(ctx, known, (rec,))
            continue
        entry = entries.get(rec.file)
        if entry is None:  # no cache
            facts = record_facts(rec, reg)
        else:
            memo = entry.checks.setdefault("references", {})
            facts = memo.get((rec.type, rec.id))
            if facts is None:
                facts = memo[(rec.type, rec.id)] = record_facts(rec, reg)
                ctx.ds.cache.touch(entry)
        for kind, target, path, value in facts:
            yield from _unknown_of(ctx, rec, kind, target, path, value, roles, duties)


def _state(ds: Dataset, known: Known, states: dict[tuple[str, str], str]) -> bytes:
    """A digest of what table rows' references are looked up in (``known``): the ids of each
    target in their order (a missing one's message suggests the nearest), the files to blame
    for those that could not be read, and each code list's name, codes and their names."""
    parts = [str(ds.has_private)]
    for kind, target, field, ids in known:
        held = states.get((kind, target))
        if held is None:
            if kind == "ref":
                blamed = sorted(f"{k}\0{v}" for k, v in ds.broken.items() if k[0] == target)
                held = digest([*ids, "\0blame", *map(repr, blamed)]).hex()
            else:  # its label is the code list's name (_code_problem)
                listed = ds.get("codelist", target)
                label = repr(listed.get("name") if listed else None)
                held = digest([label, *(f"{code}\0{name}" for code, name in ids.items())]).hex()
            states[(kind, target)] = held
        parts += [kind, target, field, held]
    return digest(parts)


def flat_plan(type_name: str, reg: registry.Registry) -> list[tuple[str, str, str]] | None:
    """(kind, target, field) of each top-level reference of a type whose records name nothing
    deeper (table types), or None when its facts need ``_facts``."""
    if type_name in POST_PLACES or type_name in ("compound", "notice"):
        return None
    if any(t == type_name for t, _p in ORGANISATION_REFERENCES):
        return None
    info = reg.types.get(type_name)
    if info is None:
        return []
    plan = []
    for pattern, target in info.refs:
        if len(pattern) != 1 or pattern[0] == "*":
            return None
        plan.append(("ref", target, pattern[0]))
    for pattern, list_id in info.codelists:
        if (type_name, pattern) in _CODES_CHECKED_ELSEWHERE:
            continue
        if len(pattern) != 1 or pattern[0] == "*":
            return None
        plan.append(("code", list_id, pattern[0]))
    return plan


def _unknown_of(
    ctx: Context,
    rec: Record,
    kind: str,
    target: str,
    path: tuple,
    value: str,
    roles: dict[str, str] | None = None,
    duties: dict[str, str] | None = None,
) -> Iterator[Problem]:
    """The problem of one fact of ``rec`` (see ``Fact``), if what it names is unknown."""
    ds = ctx.ds
    if kind in ("ref", "org", "post"):
        if kind == "ref" and target == "person" and not ds.has_private:
            return
        ids = ds.of(target)
        if value not in ids:
            blame = ds.blame(target, value) if kind != "post" else None
            yield unknown(rec, path, target, value, list(ids), blame=blame)
    elif kind == "code":
        codes = ctx.codes(target)
        if codes and value not in codes:
            yield _code_problem(ctx, rec, path, target, value)
    elif kind == "group":
        if value not in ctx.groups:
            blame = _broken_branch(ds, value)
            yield unknown(rec, path, "group", value, list(ctx.groups), blame=blame)
    elif kind == "role":
        if roles and value not in roles:
            yield unknown(rec, path, "role", value, list(roles))
    elif kind == "duty" and duties and value not in duties:
        yield _code_problem(ctx, rec, path, "concurrent-duties", value)


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
