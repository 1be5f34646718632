"""Governance records: requests (吹哨报到) in order and in place, bulk counts that add up, funds that add up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from ..model.dates import parse_date
from ..model.funds import KIND_ZH, fen, funds_of, yuan
from ..model.paths import problem
from ..model.workdays import MissingCalendar, WorkCalendar
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from .base import Context


def _at(
    rec: Record, column: str, code: str, severity: str, zh: str, en: str, hint: str = ""
) -> Problem:
    return Problem(rec.file, rec.line, column, code, severity, zh, en, hint)


def _blamed(p: Problem, ds, type_name: str, record_id: object) -> Problem:
    """``p`` folded under the file whose own error explains the missing record, if any."""
    blame = ds.blame(type_name, record_id) if isinstance(record_id, str) else None
    return replace(p, cause=blame) if blame else p


def check(ctx: Context) -> Iterator[Problem]:
    yield from _requests(ctx)
    yield from _totals(ctx)
    yield from _funds(ctx)


def _requests(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    cal = WorkCalendar.from_dataset(ds)
    departments, categories = ctx.codes("departments"), ctx.codes("request-categories")
    missing_years: set[int] = set()
    for rec in ds.of("request").values():
        community = rec.folder.get("community", "")
        raised = parse_date(rec.get("raised"))
        for column in ("responded", "closed"):
            day = parse_date(rec.get(column))
            if raised and day and day < raised:
                name = "响应" if column == "responded" else "办结"
                yield _at(
                    rec,
                    column,
                    "REQ001",
                    ERROR,
                    f"{name}日期 {day} 早于吹哨日期 {raised}",
                    f"{column} date before the raised date",
                    "核对日期，写成 YYYY-MM-DD",
                )
        responded, closed = parse_date(rec.get("responded")), parse_date(rec.get("closed"))
        if responded and closed and closed < responded:
            yield _at(
                rec,
                "closed",
                "REQ001",
                ERROR,
                f"办结日期 {closed} 早于响应日期 {responded}",
                "closed before responded",
                "核对日期；当天响应当天办结的，两个日期相同",
            )
        if rec.get("evaluation") and closed is None:
            yield _at(
                rec,
                "evaluation",
                "REQ001",
                ERROR,
                "事项未办结，不能有居民评价",
                "an evaluation of a request that is not closed",
                "先填写办结日期，或删除评价",
            )
        grid = ds.get("grid", rec.get("grid"))
        if grid is None or grid.get("community") != community:
            p = _at(
                rec,
                "grid",
                "REQ002",
                ERROR,
                f"网格 '{rec.get('grid')}' 不是本社区（{community}）的网格",
                "grid is not one of this community's grids",
                f"填写 data/…/{community}/grids/ 中的网格编号",
            )
            yield _blamed(p, ds, "grid", rec.get("grid")) if grid is None else p
        compound = rec.get("compound")
        if compound:
            x = ds.get("compound", compound)
            if x is None or x.get("community") != community:
                p = _at(
                    rec,
                    "compound",
                    "REQ002",
                    ERROR,
                    f"小区 '{compound}' 不是本社区（{community}）的小区",
                    "compound is not in this community",
                    "填写本社区 compounds/ 中的小区编号，或留空",
                )
                yield _blamed(p, ds, "compound", compound) if x is None else p
        yield from _codes(rec, departments, categories)
        if raised is not None and raised.year not in cal.years:
            if raised.year not in missing_years:
                missing_years.add(raised.year)
                yield _at(
                    rec,
                    "raised",
                    "CAL001",
                    ERROR,
                    f"缺少 {raised.year} 年的工作日历，无法计算办理时限",
                    f"no working-day calendar for {raised.year}",
                    f"添加 data/calendar/{raised.year}.yaml（节假日和调休上班日）",
                )
        elif raised is not None:
            try:
                cal.end_after(raised + dt.timedelta(days=1), 30)
            except MissingCalendar as exc:
                if exc.year not in missing_years:
                    missing_years.add(exc.year)
                    yield _at(
                        rec,
                        "raised",
                        "CAL001",
                        ERROR,
                        f"缺少 {exc.year} 年的工作日历，无法计算办理时限",
                        f"no working-day calendar for {exc.year}",
                        f"添加 data/calendar/{exc.year}.yaml（节假日和调休上班日）",
                    )


def _codes(rec: Record, departments: dict, categories: dict) -> Iterator[Problem]:
    for column, codes, file in (
        ("department", departments, "departments"),
        ("category", categories, "request-categories"),
    ):
        value = rec.get(column)
        if codes and value and value not in codes:
            yield _at(
                rec,
                column,
                "REQ003",
                ERROR,
                f"'{value}' 不在代码表 data/codes/{file}.yaml 中",
                f"'{value}' is not a code of {file}",
                "可用：" + "、".join(f"{k}（{v}）" for k, v in codes.items()),
            )


def _totals(ctx: Context) -> Iterator[Problem]:
    departments, categories = ctx.codes("departments"), ctx.codes("request-categories")
    for rec in ctx.ds.of("request_total").values():
        n = {
            k: int(rec.get(k) or 0)
            for k in ("raised", "closed", "on_time", "overdue_open", "evaluated", "satisfied")
        }
        for small, big, zh in (
            ("on_time", "closed", "按时办结件数大于办结件数"),
            ("satisfied", "evaluated", "满意件数大于评价件数"),
            ("evaluated", "closed", "评价件数大于办结件数"),
        ):
            if n[small] > n[big]:
                yield _at(
                    rec,
                    small,
                    "REQ004",
                    ERROR,
                    f"{zh}（{n[small]} > {n[big]}）",
                    f"{small} exceeds {big}",
                    "核对汇总表中这一行的件数",
                )
        if n["closed"] + n["overdue_open"] > n["raised"]:
            yield _at(
                rec,
                "raised",
                "REQ004",
                ERROR,
                f"办结 {n['closed']} 件 + 逾期未办结 {n['overdue_open']} 件，多于吹哨 {n['raised']} 件",
                "closed + overdue exceed raised",
                "核对汇总表中这一行的件数",
            )
        year = rec.folder.get("year", "")
        if not str(rec.get("month") or "").startswith(f"{year}-"):
            yield _at(
                rec,
                "month",
                "REQ004",
                ERROR,
                f"月份 {rec.get('month')} 不在文件的年份 {year} 内",
                "month outside the file's year",
                f"写成 {year}-MM，或移到对应年份的文件",
            )
        yield from _codes(rec, departments, categories)


def _funds(ctx: Context) -> Iterator[Problem]:
    ds = ctx.ds
    for rec in ds.of("funds").values():
        expected = f"{rec.get('period')}-{rec.folder.get('community')}"
        if rec.get("community") != rec.folder.get("community") or rec.id != expected:
            yield problem(
                rec,
                ("id",),
                "FUND004",
                ERROR,
                f"编号应为 {expected}（期间-社区），社区应为本文件夹的社区",
                "id must be <period>-<community> of this folder",
                f"把 id 改为 {expected}",
            )
        for f in funds_of(rec):
            i = f.index
            kind = KIND_ZH.get(f.kind, f.kind)
            if f.spent != f.items_sum:
                yield problem(
                    rec,
                    ("funds", i, "spent"),
                    "FUND001",
                    ERROR,
                    f"{kind}已支出 {yuan(f.spent)} 元，与支出明细合计 {yuan(f.items_sum)} 元不符",
                    f"spent {yuan(f.spent)} does not equal the sum of its items {yuan(f.items_sum)}",
                    f"核对支出明细；明细无误的，把 spent 改为 {f.items_sum / 100:.2f}",
                )
            if f.spent > f.budget and not f.note:
                yield problem(
                    rec,
                    ("funds", i, "spent"),
                    "FUND002",
                    WARNING,
                    f"{kind}已支出 {yuan(f.spent)} 元，超过预算 {yuan(f.budget)} 元且没有说明",
                    "spent exceeds the budget without a note",
                    "在 note 中说明超支原因和批准情况",
                )
            raw = (rec.get("funds") or [])[i].get("uses") or []
            for j, u in enumerate(raw):
                if not isinstance(u, dict):
                    continue
                if f.kind == "branch_subsidy" and ds.get("branch", u.get("branch")) is None:
                    yield problem(
                        rec,
                        ("funds", i, "uses", j),
                        "FUND003",
                        ERROR,
                        f"支部补贴须写明领取的党支部：'{u.get('branch') or ''}' 不是已登记的党支部",
                        "a branch subsidy must name a known branch",
                        "填写 branches/ 中的党支部编号",
                    )
                amount = u.get("amount")
                if isinstance(amount, int | float) and fen(amount) != round(float(amount) * 100, 6):
                    yield problem(
                        rec,
                        ("funds", i, "uses", j, "amount"),
                        "FUND001",
                        ERROR,
                        f"金额 {u.get('amount')} 元超过两位小数",
                        "amount has more than two decimals",
                        "金额精确到分（两位小数）",
                    )
