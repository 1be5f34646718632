"""Posts and their holders: dated terms that never overlap, vacancies stated with a date."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.assignments import holder_on
from ..model.dates import parse_date
from ..model.paths import POST_PLACES, iter_posts, problem
from ..problems import ERROR, WARNING, Problem
from .base import Context


def check(ctx: Context) -> Iterator[Problem]:
    # Only the types that hold posts, in ds.all()'s order (a city's other 300,000 records
    # cost 0.09 s to walk for nothing).
    for rec in (r for t in sorted(POST_PLACES) for r in ctx.ds.of(t).values()):
        seen_ids: dict[str, tuple] = {}
        for path, post in iter_posts(rec):
            pid = post.get("id")
            if isinstance(pid, str):
                # Post ids are local to their parent list; a record repeats them across groups.
                key = (path[:-1], pid)
                if key in seen_ids:
                    yield problem(
                        rec,
                        (*path, "id"),
                        "DUP002",
                        ERROR,
                        f"岗位编号 '{pid}' 在同一列表中重复",
                        "duplicate post id",
                    )
                seen_ids[key] = path
            if post.get("role") == "concurrent-member" and not post.get("unit"):
                yield problem(
                    rec,
                    path,
                    "POST005",
                    ERROR,
                    f"兼职委员岗位 '{pid}' 须写明来自哪个驻区单位（unit）",
                    "a concurrent member post needs its unit",
                    "填写 unit: <单位编号>；兼职委员来自驻区单位（大党委、大工委）",
                )
            holders = [h for h in post.get("holders") or [] if isinstance(h, dict)]
            terms = []
            for i, h in enumerate(holders):
                start, end = parse_date(h.get("from")), parse_date(h.get("to"))
                if start and end and end < start:
                    yield problem(
                        rec,
                        (*path, "holders", i, "to"),
                        "POST003",
                        ERROR,
                        f"任职结束日期 {end} 早于开始日期 {start}",
                        "term ends before it starts",
                    )
                if start:
                    terms.append((start, end, i))
            terms.sort(key=lambda t: t[0])
            for (_s1, e1, i1), (s2, _e2, i2) in zip(terms, terms[1:], strict=False):
                if e1 is None or e1 >= s2:
                    yield problem(
                        rec,
                        (*path, "holders", i2, "from"),
                        "POST001",
                        ERROR,
                        f"任期重叠：第 {i2 + 1} 任自 {s2} 起，但第 {i1 + 1} 任"
                        + ("没有结束日期" if e1 is None else f"到 {e1} 才结束"),
                        "overlapping terms of one post",
                        f"给前一任写上 to（早于 {s2}）",
                    )
            current = holder_on(post, ctx.as_of)
            if current is None and not post.get("vacant_since"):
                yield problem(
                    rec,
                    path,
                    "POST002",
                    WARNING,
                    f"岗位 '{pid}' 在 {ctx.as_of} 无人任职，但没有写 vacant_since（空缺起始日期）",
                    "vacant post without vacant_since",
                    "写上 vacant_since: YYYY-MM-DD",
                )
            elif current is not None and post.get("vacant_since"):
                since = parse_date(post.get("vacant_since"))
                if since and since <= ctx.as_of:
                    yield problem(
                        rec,
                        (*path, "vacant_since"),
                        "POST004",
                        WARNING,
                        f"岗位 '{pid}' 已有人任职，但仍写着空缺（vacant_since）",
                        "post has a holder but is marked vacant",
                        "删除 vacant_since",
                    )
