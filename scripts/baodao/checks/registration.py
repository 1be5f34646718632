"""双报到 report-in: once a year, where one lives or is located, by the rules' deadline."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from ..model.buildings import resolve
from ..model.dates import parse_date
from ..model.paths import problem
from ..model.registration import deadline, is_late, rules_for_year
from ..model.rules import RulesInForce
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from .base import Context, digest, in_tables
from .buildings import number_forms


def _year_of(rec: Record) -> int | None:
    value = rec.get("year") if rec.type == "unit_registration" else rec.folder.get("year")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check(ctx: Context) -> Iterator[Problem]:
    yield from activities(ctx)
    ds = ctx.ds
    regs = list(ds.of("unit_registration").values()) + list(ds.of("member_registration").values())
    years = sorted({y for r in regs if (y := _year_of(r)) is not None})
    rules = {y: rules_for_year(ds, y) for y in years}
    for y in years:
        if rules[y].record is None:
            yield from rules[y].problems
    first_unit: dict[tuple[int, str], Record] = {}
    for rec in ds.of("unit_registration").values():
        year = _year_of(rec)
        if year is None:
            continue
        yield from _dated(rec, year, rules[year], "date")
        unit_id = rec.get("unit")
        if isinstance(unit_id, str):
            other = first_unit.setdefault((year, unit_id), rec)
            if other is not rec:
                yield problem(
                    rec,
                    ("unit",),
                    "REG002",
                    ERROR,
                    f"单位 '{unit_id}' {year} 年已在 {other.file} 报到，一年只能报到一次",
                    "a unit registers once a year",
                    "删除重复的报到，或改正年度",
                )
            unit = ds.get("unit", unit_id)
            if (
                unit is not None
                and unit.get("community") != rec.get("community")
                and not rec.get("elsewhere_reason")
            ):
                yield problem(
                    rec,
                    ("community",),
                    "REG003",
                    WARNING,
                    f"单位所在社区是 '{unit.get('community')}'，却在 '{rec.get('community')}' 报到，未说明原因",
                    "registered outside the unit's community without a reason",
                    "写明 elsewhere_reason，或到单位所在社区报到",
                )
        if f"{year}-{unit_id}" != rec.id:
            yield problem(
                rec,
                ("id",),
                "FILE002",
                ERROR,
                f"报到编号应为 '{year}-{unit_id}'（年度-单位编号）",
                "registration id must be <year>-<unit>",
            )
        required = rules[year].value("unit_required") or []
        missing = [f for f in required if rec.get(f) in (None, "", [])]
        if missing:
            yield problem(
                rec,
                (),
                "REG005",
                WARNING,
                "报到信息不完整，缺少：" + "、".join(missing),
                "incomplete registration: " + ", ".join(missing),
                "按报到规则补齐",
            )
    first_person: dict[tuple[int, str], Record] = {}
    forms = [rx for _example, rx in number_forms(ctx)]
    for rec in ds.of("member_registration").values():
        year = _year_of(rec)
        if year is None:
            continue
        yield from _dated(rec, year, rules[year], "date")
        person = rec.get("person")
        if isinstance(person, str):
            other = first_person.setdefault((year, person), rec)
            if other is not rec:
                yield Problem(
                    rec.file,
                    rec.line,
                    "person",
                    "REG001",
                    ERROR,
                    f"人员 '{person}' {year} 年已在 {other.file}:{other.line} 报到，每人每年在全区只能报到一次",
                    "a person registers once a year in the whole district",
                    "搬家的党员只在新居住地社区报到，并在 moved_from 填原社区",
                )
        comp = ds.get("compound", rec.get("compound"))
        community = rec.folder.get("community")
        if community not in ds.of("community"):
            yield Problem(
                rec.file,
                0,
                "",
                "FILE003",
                ERROR,
                f"文件夹 '{community}' 不是已登记的社区",
                f"folder '{community}' is not a known community",
                "党员报到表放在私有库 <街道>/<社区>/members/<年>.csv，社区编号与公开库一致",
            )
            continue
        building = rec.get("building")
        if (
            comp is not None
            and building
            and resolve(comp.get("buildings") or [], building, forms) is None
        ):
            numbers = "、".join(
                str(b.get("number")) for b in comp.get("buildings") or [] if isinstance(b, dict)
            )
            yield Problem(
                rec.file,
                rec.line,
                "building",
                "REG008",
                WARNING,
                f"小区 '{comp.get('name')}' 没有楼栋 '{building}'（或有多栋对得上）",
                "no such building in the compound",
                f"填写楼栋编号或现场楼号：{numbers}",
            )
        if comp is not None and comp.get("community") != community:
            yield Problem(
                rec.file,
                rec.line,
                "compound",
                "REG006",
                ERROR,
                f"小区 '{comp.id}' 属于社区 '{comp.get('community')}'，不在报到社区 '{community}'",
                "compound is not in the community registered in",
                "党员向居住地所在社区报到：换到该小区所在社区的表格中",
            )


def activities(ctx: Context) -> Iterator[Problem]:
    """Activity rows of someone who did not report in that year are not assessed: say so."""
    registered = {
        (r.folder.get("year"), r.get("person")) for r in ctx.ds.of("member_registration").values()
    }
    # A city's 200,000 rows are looked at again only when their table or the registrations
    # changed (base.in_tables).
    whole = ctx.ds.whole_tables("activity")
    state = digest(sorted(map(repr, registered)))
    yield from in_tables(ctx, "activities", whole, state, partial(_activities, registered))
    rest = ctx.ds.outside(whole, "activity")
    yield from _activities(registered, rest)


def _activities(registered: set[tuple[Any, Any]], rows: Sequence[Record]) -> Iterator[Problem]:
    for row in rows:
        year = row.folder.get("year")
        if (year, row.get("person")) not in registered:
            yield Problem(
                row.file,
                row.line,
                "person",
                "ACT001",
                WARNING,
                f"人员 '{row.get('person')}' {year} 年没有报到记录，这条活动不计入考核",
                "activity of someone who did not report in that year",
                "先在居住地社区的报到表中登记该党员",
            )
        when = row.get("date")
        if isinstance(when, str) and year is not None and when.startswith(year):
            continue  # of its year, or no date at all (the schema says so): 200,000 rows a city
        day = parse_date(when)
        if day is not None and str(day.year) != year:
            yield Problem(
                row.file,
                row.line,
                "date",
                "REG007",
                ERROR,
                f"活动日期 {day} 不在 {year} 年度内",
                "activity dated outside its year",
                "放到对应年度的活动记录表中",
            )


def _dated(rec: Record, year: int, rules: RulesInForce, field: str) -> Iterator[Problem]:
    day = parse_date(rec.get(field))
    if day is None:
        return
    if day.year != year:
        yield problem(
            rec,
            (field,),
            "REG007",
            ERROR,
            f"报到日期 {day} 不在 {year} 年度内",
            "registration dated outside its year",
            "改正日期或年度（文件名）",
        )
    elif is_late(rules, year, day):
        yield problem(
            rec,
            (field,),
            "REG004",
            WARNING,
            f"{day} 报到，晚于 {year} 年截止日 {deadline(rules, year)}（计为逾期）",
            "late registration",
            "逾期报到照常登记，考核时计为逾期",
        )
