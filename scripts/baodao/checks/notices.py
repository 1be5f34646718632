"""Notices (公示): a period that ends after it starts, long enough for its kind, on a known calendar;
the persons and posts a notice names (``subjects``), within what the notice may publish."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.dates import parse_date
from ..model.paths import iter_posts, problem
from ..model.workdays import MissingCalendar, WorkCalendar
from ..problems import ERROR, Problem
from .base import Context


def check(ctx: Context) -> Iterator[Problem]:
    yield from _subjects(ctx)
    cal = WorkCalendar.from_dataset(ctx.ds)
    min_days = ctx.rules.value("appointment_notice_min_working_days")
    for rec in ctx.ds.of("notice").values():
        start = parse_date(rec.get("start"))
        if start is None:
            continue
        if rec.folder.get("date") and rec.folder["date"] != rec.get("start"):
            yield problem(
                rec,
                ("start",),
                "FILE002",
                ERROR,
                f"开始日期 {rec.get('start')} 与文件名中的日期 {rec.folder['date']} 不一致",
                "start disagrees with the file name's date",
            )
        try:
            end = parse_date(rec.get("end"))
            if end is None and isinstance(rec.get("working_days"), int):
                end = cal.end_after(start, rec.get("working_days"))
            if end is None:
                continue
            if end < start:
                yield problem(
                    rec,
                    ("end",),
                    "NOTICE002",
                    ERROR,
                    f"结束日期 {end} 早于开始日期 {start}",
                    "notice ends before it starts",
                )
                continue
            days = cal.count(start, end)
        except MissingCalendar as exc:
            yield problem(
                rec,
                ("start",),
                "CAL001",
                ERROR,
                f"缺少 {exc.year} 年的工作日历，无法计算公示期",
                f"no working-day calendar for {exc.year}",
                f"添加 data/calendar/{exc.year}.yaml（节假日和调休上班日）",
            )
            continue
        if rec.get("kind") == "appointment" and isinstance(min_days, int) and days < min_days:
            yield problem(
                rec,
                ("working_days" if "working_days" in rec.data else "end",),
                "NOTICE001",
                ERROR,
                f"任职公示只有 {days} 个工作日，规则要求不少于 {min_days} 个",
                f"appointment notice of {days} working days, at least {min_days} required",
                "《党政领导干部选拔任用工作条例》第四十一条：公示期不少于五个工作日",
            )


def _subjects(ctx: Context) -> Iterator[Problem]:
    """A 任职公示 names its appointees; other notices name posts, and persons only by consent.

    Seed 004 (大党委兼职委员 "同步公示") and the cadre rules' 任前公示 publish the appointee's name
    and post by their nature; a notice that says "拟任命下列同志" and lists nobody publishes
    nothing to object to. Any other notice is bound by the public view's rule: a member's name only
    with a recorded consent (docs/privacy.md).
    """
    ds = ctx.ds
    for rec in ds.of("notice").values():
        subjects = [s for s in rec.get("subjects") or [] if isinstance(s, dict)]
        if rec.get("kind") == "appointment" and not any(s.get("name") for s in subjects):
            yield problem(
                rec,
                ("subjects",) if "subjects" in rec.data else ("kind",),
                "NOTICE007",
                ERROR,
                "任职公示没有写明拟任人选：正文说“拟任命下列同志”，却没有列出任何人",
                "appointment notice names nobody",
                "在头部加 subjects，逐人写明姓名和拟任职务，如 subjects: [{name: 张三, post: "
                "{type: community, id: 社区编号, post: secretary}}]",
                field=("subjects",),
            )
        for i, s in enumerate(subjects):
            path = ("subjects", i)
            post = s.get("post")
            if isinstance(post, dict) and post.get("type") and post.get("id"):
                org = ds.get(post["type"], post["id"])
                ids = {p.get("id") for _, p in iter_posts(org)} if org is not None else set()
                if org is not None and post.get("post") not in ids:
                    yield problem(
                        rec,
                        (*path, "post", "post"),
                        "NOTICE009",
                        ERROR,
                        f"{org.get('name', org.id)}没有编号为 {post.get('post')} 的职务",
                        f"{post['type']} {post['id']} has no post {post.get('post')!r}",
                        "职务编号取该组织记录 posts 中的 id；可选："
                        + "、".join(sorted(map(str, ids))),
                    )
            name = s.get("name")
            if not name or rec.get("kind") == "appointment":
                continue
            person = ds.get("person", s.get("person")) if s.get("person") else None
            if person is None or not person.get("consent_name") or person.get("name") != name:
                yield problem(
                    rec,
                    (*path, "name"),
                    "NOTICE008",
                    ERROR,
                    f"这份公示不是任职公示，不能公布姓名“{name}”：本人没有同意公开姓名的记录",
                    "only an appointment notice publishes a name without the person's recorded consent",
                    "删去 name，只写职务（post 或 role）；或写上 person（人员编号），"
                    "且人员名册中记有本人同意公开姓名",
                )
