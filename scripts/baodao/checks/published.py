"""Published notices change only through a recorded amendment (NOTICE003–006).

Compares each notice with its entry in ``data/notices/published.yaml`` (see noticelock.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..noticelock import LOCK_FILE, Entry, amendments_hash, amendments_of, lock_record, locked
from ..problems import ERROR, Problem
from ..records.dataset import Dataset
from .base import Context, parse_date, problem

# Problems that `baodao notices publish` refuses on: re-locking would hide them.
REFUSING = frozenset({"NOTICE003", "NOTICE004", "NOTICE006"})


def check(ctx: Context) -> Iterator[Problem]:
    yield from lock_problems(ctx.ds, ctx.as_of)


def lock_problems(ds: Dataset, as_of: dt.date | None) -> Iterator[Problem]:
    """Every disagreement between the notices and the lock; ``as_of`` None: skip unlocked ones."""
    lock = locked(ds)
    for rec in ds.of("notice").values():
        if rec.id not in lock:
            start = parse_date(rec.get("start"))
            if as_of is not None and start is not None and start <= as_of:
                yield problem(rec, ("id",), "NOTICE005", ERROR,
                              f"公示已于 {start} 开始，但 {LOCK_FILE} 中没有它的内容哈希",
                              "notice has started but is not recorded in the published lock",
                              "运行 baodao notices publish，把更新后的 published.yaml 与公示一起提交")  # fmt: skip
            continue
        entry = lock[rec.id][0]
        a = amendments_of(rec)
        where = ("amendments",) if "amendments" in rec.data else ("id",)
        if (
            len(a) < entry.amendments
            or amendments_hash(a[: entry.amendments]) != entry.amendments_sha256
        ):
            yield problem(rec, where, "NOTICE004", ERROR,
                          f"已发布公示的更正记录被删除或改动（发布时已有 {entry.amendments} 条）",
                          "an amendment of a published notice was removed or changed",
                          f"更正记录只能追加：恢复原有的 {entry.amendments} 条，把新的更正加在后面")  # fmt: skip
            continue
        current = Entry.of(rec)
        if current.sha256 != entry.sha256 and len(a) == entry.amendments:
            yield problem(rec, where, "NOTICE003", ERROR,
                          "已发布的公示被修改，但 amendments 中没有新增更正记录",
                          "published notice changed without a recorded amendment",
                          "在 amendments 末尾加一条（date 日期、reason 原因、summary 改了什么），再运行 "
                          "baodao notices publish；如果不是有意修改，恢复原文")  # fmt: skip
        elif current != entry:
            yield problem(rec, where, "NOTICE005", ERROR,
                          f"公示已记录更正，但 {LOCK_FILE} 中的内容哈希还是更正前的",
                          "notice amended but the published lock is not updated",
                          "运行 baodao notices publish，把更新后的 published.yaml 与更正一起提交")  # fmt: skip
    lock_rec = lock_record(ds)
    if lock_rec is None:
        return
    for nid, (_entry, i) in lock.items():
        if ds.get("notice", nid) is None and ("notice", nid) not in ds.broken:
            yield Problem(lock_rec.file, lock_rec.line_of(("notices", i, "id")), f"notices[{i}].id", "NOTICE006",
                          ERROR, f"已发布的公示 '{nid}' 的文件不见了：已发布的公示不能删除",
                          f"published notice '{nid}' was removed",
                          f"恢复 data/notices/<开始日期>-{nid}.md；要撤回公示，在其 amendments 中记录撤回的原因")  # fmt: skip
