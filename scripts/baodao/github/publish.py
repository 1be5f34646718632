"""What the scheduled and main-branch workflows say on GitHub: notices and stale records.

- Each notice (公示) whose period has not ended gets a GitHub release tagged ``notice-<id>``
  when it reaches the main branch: its title, period, basis and the channel for objections.
  When its period has ended, the scheduled run marks the release closed (公示期已结束).
- Records whose ``verified_at`` is older than the validation rules allow (FRESH001) get one
  re-verification issue per community, labelled ``复核``, edited in place on later runs and
  closed when nothing is stale any more.

Both are idempotent: a re-run finds what the last run made by tag or hidden marker.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from ..model.workdays import MissingCalendar, WorkCalendar
from ..repo import Repo
from .client import call, repository

ENDED = "（公示期已结束）"
REVERIFY_LABEL = "复核"
_REVERIFY_MARK = re.compile(r"<!-- baodao-reverify scope=([a-z0-9/-]+) -->")


@dataclass(frozen=True)
class Done:
    created: list[str]
    updated: list[str]
    closed: list[str]


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def notice_period(rec, cal: WorkCalendar) -> tuple[dt.date | None, dt.date | None]:
    """(start, end): ``end`` as written, or ``working_days`` counted on the calendar."""
    start, end = _date(rec.data.get("start")), _date(rec.data.get("end"))
    days = rec.data.get("working_days")
    if end is None and start is not None and isinstance(days, int):
        try:
            end = cal.end_after(start, days)
        except MissingCalendar:
            end = None
    return start, end


def notice_body(rec, start, end) -> str:
    d = rec.data
    obj = d.get("objection") if isinstance(d.get("objection"), dict) else {}
    parts = [f"公示期：{start} 至 {end or '（未定）'}", f"依据：{d.get('basis', '')}"]
    if obj:
        parts.append(
            "对公示内容有异议的，请在公示期内联系："
            + "，".join(str(obj[k]) for k in ("contact", "phone", "address") if obj.get(k))
        )
    return "\n\n".join([*parts, (rec.body or "").strip()]) + "\n"


def announce_notices(gh, full_name: str, repo: Repo, as_of: dt.date) -> Done:
    ds, _s, _p = repo.load_and_check(as_of, ())
    cal = WorkCalendar.from_dataset(ds)
    remote = repository(gh, full_name)
    made, edited = [], []
    for rec in sorted(ds.of("notice").values(), key=lambda r: r.id):
        tag = f"notice-{rec.id}"
        start, end = notice_period(rec, cal)
        title = f"公示：{rec.data.get('title', rec.id)}（{start} 至 {end or '未定'}）"
        release = call(f"读取发布 {tag}", lambda tag=tag: _release(remote, tag))
        ended = end is not None and end < as_of
        if release is None:
            if ended:
                continue  # never announce a notice after its period
            call(
                f"发布 {tag}",
                lambda tag=tag, title=title, rec=rec, start=start, end=end: remote.create_release(
                    tag,
                    target_commitish=remote.default_branch,
                    name=title,
                    body=notice_body(rec, start, end),
                ),
            )
            made.append(tag)
        elif ended and not (release.name or "").endswith(ENDED):
            call(
                f"更新发布 {tag}",
                lambda release=release, title=title, rec=rec, start=start, end=end: release.edit(
                    name=title + ENDED, body=notice_body(rec, start, end) + f"\n{ENDED}\n"
                ),
            )
            edited.append(tag)
    return Done(made, edited, [])


def _release(remote, tag: str):
    from github3 import exceptions as gh_exc

    try:
        return remote.release_from_tag(tag)
    except gh_exc.NotFoundError:
        return None


def _scope(file: str) -> str:
    parts = file.split("/")
    if len(parts) >= 4 and parts[0] == "data" and parts[1] not in ("units", "notices"):
        return f"{parts[1]}/{parts[2]}"
    return "district"


def reverify(gh, full_name: str, repo: Repo, as_of: dt.date) -> Done:
    _ds, _s, problems = repo.load_and_check(as_of)
    stale: dict[str, list] = defaultdict(list)
    for p in problems:
        if p.code == "FRESH001":
            stale[_scope(p.file)].append(p)
    remote = repository(gh, full_name)
    issues = call(
        "读取复核 issue", lambda: list(remote.issues(state="open", labels=REVERIFY_LABEL))
    )
    open_by_scope = {}
    for issue in issues:
        m = _REVERIFY_MARK.search(issue.body or "")
        if m:
            open_by_scope.setdefault(m.group(1), issue)
    made, edited, closed = [], [], []
    for scope in sorted(stale):
        rows = stale[scope]
        body = "\n".join(
            [
                f"<!-- baodao-reverify scope={scope} -->",
                f"截至 {as_of}，以下 {len(rows)} 条记录超过规定天数未核实。请逐条核实（电话、实地），"
                "改正有变化的内容，并把 verified_at 改为核实当天的日期，然后提交拉取请求。",
                "",
                *(f"- `{p.file}`：{p.message}" for p in rows),
                "",
            ]
        )
        title = f"[复核] {scope} 有 {len(rows)} 条记录需要核实"
        issue = open_by_scope.pop(scope, None)
        if issue is None:
            call(
                f"创建复核 issue {scope}",
                lambda title=title, body=body: remote.create_issue(
                    title, body, labels=[REVERIFY_LABEL]
                ),
            )
            made.append(scope)
        elif (issue.body or "") != body:
            call(
                f"更新复核 issue {scope}",
                lambda issue=issue, title=title, body=body: issue.edit(title=title, body=body),
            )
            edited.append(scope)
    for scope, issue in sorted(open_by_scope.items()):
        call(f"关闭复核 issue {scope}", issue.close)
        closed.append(scope)
    return Done(made, edited, closed)
