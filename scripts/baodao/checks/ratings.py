"""The inputs of the ratings (评星定级, 社区综合考核, 物业评议, 12345): each in its place.

An evaluator edits only its own folder, so a score that names something outside that folder's
reach is an error here, not a silent zero in a ranking: a street scores only its own
communities, a community reviews only its own branches and compounds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..model.paths import iter_path, problem
from ..model.propertyco import companies_between
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from .base import Context

COMPONENT_ZH = {"party_building": "党建", "departments": "部门", "street": "街道"}


def check(ctx: Context) -> Iterator[Problem]:
    yield from _community_scores(ctx)
    yield from _branch_reviews(ctx)
    yield from _property_evaluations(ctx)
    yield from _hotline(ctx)
    yield from _report_projects(ctx)


def period_file(period: str) -> str:
    """The file-name form of a period: 2026H1 → 2026h1 (ids are lower case)."""
    return period.lower()


def _community_scores(ctx: Context) -> Iterator[Problem]:
    seen: dict[tuple[str, ...], Record] = {}  # (period, component, community, dept) → first file
    for rec in sorted(ctx.ds.of("community_score").values(), key=lambda r: r.file):
        period, evaluator = rec.get("period"), rec.get("evaluator")
        yield from _period_file(rec)
        if isinstance(evaluator, str) and evaluator != rec.folder.get("evaluator"):
            yield problem(
                rec,
                ("evaluator",),
                "RATE001",
                ERROR,
                f"评分单位 '{evaluator}' 与文件夹 '{rec.folder.get('evaluator')}' 不一致",
                "evaluator does not match its folder",
                "每个评分单位只在自己的文件夹 data/evaluations/community/<评分单位>/ 中评分",
            )
        component = rec.get("component")
        street = ctx.ds.get("street", evaluator) if component == "street" else None
        if component == "street" and street is None:
            yield problem(
                rec,
                ("evaluator",),
                "RATE002",
                ERROR,
                f"“街道”评分项只能由街道评分，'{evaluator}' 不是街道编号",
                "the street component is scored by a street",
                "街道评分放在 data/evaluations/community/<街道编号>/ 中",
            )
        for path, row in iter_path(rec.data, ("scores", "*")):
            cid = row.get("community") if isinstance(row, dict) else None
            community = ctx.ds.get("community", cid) if isinstance(cid, str) else None
            if community is None:
                continue  # the references check names it
            if street is not None and community.get("street") != street.id:
                yield problem(
                    rec,
                    (*path, "community"),
                    "RATE002",
                    ERROR,
                    f"{street.get('name')}只能给本街道的社区评分，{community.get('name')}（{cid}）属于 {community.get('street')}",
                    "a street scores only its own communities",
                    "删去这一行；该社区由它所在街道评分",
                )
            # Each department scores every community (their mean is the component); the
            # organisation department and the street score once. A second score by the same
            # hand would otherwise be averaged in silently.
            by = str(evaluator) if component == "departments" else ""
            key = (str(period), str(component), cid, by)
            first = seen.get(key)
            if first is not None:
                yield problem(
                    rec,
                    (*path, "community"),
                    "RATE003",
                    ERROR,
                    f"{period} 已有对 {community.get('name')} 的{COMPONENT_ZH.get(str(component), component)}评分：{first.file}",
                    "this community already has this component's score for the period",
                    "一个社区每期每项只评一次；更正请直接修改原记录",
                )
                continue
            seen[key] = rec


def _period_file(rec: Record) -> Iterator[Problem]:
    period = rec.get("period")
    if isinstance(period, str) and period_file(period) != rec.folder.get("id"):
        yield problem(
            rec,
            ("period",),
            "RATE001",
            ERROR,
            f"考核期 '{period}' 与文件名 '{rec.folder.get('id')}.yaml' 不一致",
            "period does not match the file name",
            f"把文件改名为 {period_file(period)}.yaml，或改正 period",
        )


def _own(
    rec: Record, path: tuple, kind: str, target: Record, what: str, folder: str
) -> Iterator[Problem]:
    """A community reviews only its own branches and evaluates only its own compounds."""
    here = rec.folder.get("community")
    if target.get("community") != here:
        yield problem(
            rec,
            path,
            "RATE004",
            ERROR,
            f"{kind} {target.get('name')}（{target.id}）属于社区 {target.get('community')}，不能由 {here} {what}",
            f"a community rates only its own {'branches' if folder == 'branch-reviews' else 'compounds'}",
            f"删去这一行；由{kind}所在社区在它的 {folder}/ 中{what}",
        )


def _twice(rec: Record, items: str, key: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for path, row in iter_path(rec.data, (items, "*")):
        value = row.get(key) if isinstance(row, dict) else None
        if isinstance(value, str) and value in seen:
            yield problem(
                rec,
                (*path, key),
                "RATE003",
                ERROR,
                f"'{value}' 在本文件中出现了两次",
                "listed twice in this file",
                "每个对象每期只评一次：删去重复的一行",
            )
        seen.add(value)


def _branch_reviews(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.ds.of("branch_review").values():
        yield from _period_file(rec)
        yield from _twice(rec, "reviews", "branch")
        for path, row in iter_path(rec.data, ("reviews", "*")):
            branch = ctx.ds.get("branch", row.get("branch")) if isinstance(row, dict) else None
            if branch is not None:
                yield from _own(rec, (*path, "branch"), "支部", branch, "评议", "branch-reviews")


def _property_evaluations(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.ds.of("property_evaluation").values():
        yield from _period_file(rec)
        yield from _twice(rec, "evaluations", "compound")
        for path, row in iter_path(rec.data, ("evaluations", "*")):
            compound = (
                ctx.ds.get("compound", row.get("compound")) if isinstance(row, dict) else None
            )
            if compound is None:
                continue
            yield from _own(
                rec, (*path, "compound"), "小区", compound, "评议", "property-evaluations"
            )
            period = rec.get("period")
            if not isinstance(period, str) or not re.fullmatch(r"\d{4}Q[1-4]", period):
                continue  # the schema check reports it
            year, q = int(period[:4]), int(period[5])
            start = dt.date(year, 3 * q - 2, 1)
            end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
            # The quarter's company, not today's: a change of company mid-year must not make
            # the earlier quarters wrong (model/propertyco.py).
            served = companies_between(compound, start, end)
            if row.get("company") not in served:
                shown = "、".join(f"'{c}'" for c in served) or "无物业"
                yield problem(
                    rec,
                    (*path, "company"),
                    "RATE005",
                    ERROR,
                    f"物业公司 '{row.get('company')}' 不是 {period} 为该小区服务的物业公司（小区记录：{shown}）",
                    f"company did not serve the compound in {period}",
                    "评议的是该季度在服务的物业公司；物业更换的，在小区记录的 property.history 中"
                    "记下原来的公司及其起始日期，property.company 和 since 写现在的公司",
                )


def _hotline(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.ds.of("hotline_ticket").values():
        month = rec.get("month")
        if isinstance(month, str) and not month.startswith(f"{rec.folder.get('year')}-"):
            yield problem(
                rec,
                ("month",),
                "RATE006",
                ERROR,
                f"月份 {month} 不在文件的年份 {rec.folder.get('year')} 内",
                "month outside the file's year",
                f"把这一行移到 hotline/{month[:4]}.csv",
            )
        elif isinstance(month, str) and dt.date.fromisoformat(month + "-01") > ctx.as_of:
            yield problem(
                rec,
                ("month",),
                "RATE006",
                ERROR,
                f"月份 {month} 还没有到",
                "month in the future",
                "检查月份",
            )


def _report_projects(ctx: Context) -> Iterator[Problem]:
    """A unit earns project credit only from projects it is a party to (assess/units.py)."""
    for rec in ctx.ds.of("unit_report").values():
        unit = rec.get("unit")
        for n, pid in enumerate(rec.get("projects") or []):
            project = ctx.ds.get("project", pid) if isinstance(pid, str) else None
            if project is None:
                continue  # REF001
            parties = [p for p in project.get("parties") or [] if isinstance(p, dict)]
            if not any(p.get("type") == "unit" and p.get("id") == unit for p in parties):
                yield problem(
                    rec,
                    ("projects", n),
                    "RATE007",
                    WARNING,
                    f"项目 '{pid}' 的参与方中没有单位 '{unit}'，不计入该单位的履责项目",
                    f"unit '{unit}' is not a party to project '{pid}'; it earns no credit for it",
                    f"删去该项目，或在 {project.file} 的 parties 中加上本单位（须确有参与）",
                )
