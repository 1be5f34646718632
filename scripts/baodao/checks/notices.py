"""Notices (公示): a period that ends after it starts, long enough for its kind, on a known calendar."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.dates import parse_date
from ..model.paths import problem
from ..model.workdays import MissingCalendar, WorkCalendar
from ..problems import ERROR, Problem
from .base import Context


def check(ctx: Context) -> Iterator[Problem]:
    cal = WorkCalendar.from_dataset(ctx.ds)
    min_days = ctx.rules.value("appointment_notice_min_working_days")
    for rec in ctx.ds.of("notice").values():
        start = parse_date(rec.get("start"))
        if start is None:
            continue
        if rec.folder.get("date") and rec.folder["date"] != rec.get("start"):
            yield problem(rec, ("start",), "FILE002", ERROR,
                          f"开始日期 {rec.get('start')} 与文件名中的日期 {rec.folder['date']} 不一致",
                          "start disagrees with the file name's date")  # fmt: skip
        try:
            end = parse_date(rec.get("end"))
            if end is None and isinstance(rec.get("working_days"), int):
                end = cal.end_after(start, rec.get("working_days"))
            if end is None:
                continue
            if end < start:
                yield problem(rec, ("end",), "NOTICE002", ERROR, f"结束日期 {end} 早于开始日期 {start}",
                              "notice ends before it starts")  # fmt: skip
                continue
            days = cal.count(start, end)
        except MissingCalendar as exc:
            yield problem(rec, ("start",), "CAL001", ERROR, f"缺少 {exc.year} 年的工作日历，无法计算公示期",
                          f"no working-day calendar for {exc.year}",
                          f"添加 data/calendar/{exc.year}.yaml（节假日和调休上班日）")  # fmt: skip
            continue
        if rec.get("kind") == "appointment" and isinstance(min_days, int) and days < min_days:
            yield problem(rec, ("working_days" if "working_days" in rec.data else "end",), "NOTICE001", ERROR,
                          f"任职公示只有 {days} 个工作日，规则要求不少于 {min_days} 个",
                          f"appointment notice of {days} working days, at least {min_days} required",
                          "《党政领导干部选拔任用工作条例》第四十一条：公示期不少于五个工作日")  # fmt: skip
