"""The lock of published notices (公示): the content hash of each notice as it was published.

A published notice changes only through an amendment recorded in its front matter
(``amendments: [{date, reason, summary}]``). To see an edit, the validator needs the notice as it
was published: ``data/notices/published.yaml`` keeps, per notice, the sha256 of its content
(front matter without ``amendments``, and the text), how many amendments it had and the sha256
of that amendment list. ``baodao notices publish`` writes it; the validator (checks/noticelock.py)
compares every notice with it.

Why a lock file and not a hash in the notice's own front matter: the notice stays what an editor
reads and writes (no 64-hex field to keep in step by hand), one public file says which notices
are published and since which version, and a pull request that edits a notice shows the lock's
diff beside it. The hash is of the parsed content, so re-quoting a date or re-indenting the
YAML is not an edit, while any change of a value or of the text is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import ERROR, Problem
from ..records.dataset import Dataset, Record
from .dates import parse_date
from .paths import problem

LOCK_FILE = "data/notices/published.yaml"
LOCK_HEADER = (
    "# 已发布公示的内容哈希，由 baodao notices publish 生成，请勿手工修改。\n"
    "# 已发布的公示只能通过在其 amendments 中记录更正来修改（见 docs/user-guide.md“Notices (公示)”）。\n"
)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _body(text: str) -> str:
    # Line endings and trailing blanks are how an editor's tool saved the file, not content.
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def content_hash(front: Mapping[str, Any], body: str) -> str:
    """sha256 of a notice's content: front matter without ``amendments``, and the text."""
    data = {k: v for k, v in front.items() if k != "amendments"}
    return hashlib.sha256(_canonical({"front": data, "body": _body(body)})).hexdigest()


def amendments_hash(amendments: Any) -> str:
    return hashlib.sha256(
        _canonical(amendments if isinstance(amendments, list) else [])
    ).hexdigest()


def amendments_of(rec: Record) -> list:
    a = rec.get("amendments")
    return a if isinstance(a, list) else []


@dataclass(frozen=True)
class Entry:
    id: str
    sha256: str
    amendments: int
    amendments_sha256: str

    @classmethod
    def of(cls, rec: Record) -> Entry:
        a = amendments_of(rec)
        return cls(rec.id, content_hash(rec.data, rec.body), len(a), amendments_hash(a))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sha256": self.sha256,
            "amendments": self.amendments,
            "amendments_sha256": self.amendments_sha256,
        }


def lock_record(ds: Dataset) -> Record | None:
    return ds.get("notice_lock", "published")


def locked(ds: Dataset) -> dict[str, tuple[Entry, int]]:
    """Notice id → (its locked entry, index in the lock's ``notices``)."""
    rec = lock_record(ds)
    out: dict[str, tuple[Entry, int]] = {}
    for i, e in enumerate((rec.get("notices") if rec else None) or []):
        try:
            out.setdefault(
                str(e["id"]),
                (
                    Entry(
                        str(e["id"]),
                        str(e["sha256"]),
                        int(e["amendments"]),
                        str(e["amendments_sha256"]),
                    ),
                    i,
                ),
            )
        except (KeyError, TypeError, ValueError):
            continue  # the schema check reports the malformed entry
    return out


def render_lock(entries: Iterable[Entry]) -> str:
    rows = [e.as_dict() for e in sorted(entries, key=lambda e: e.id)]
    return LOCK_HEADER + yaml.safe_dump({"notices": rows}, allow_unicode=True, sort_keys=False)


@dataclass(frozen=True)
class Published:
    path: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    problems: tuple  # Problems that refused the publication (nothing written)


def publish(repo_root: Path, ds: Dataset) -> Published:
    """Record every notice's current content in the lock, unless one was edited without an amendment.

    A notice not yet in the lock is added; an amended one gets its new hash. An edit with no new
    amendment, a changed or removed amendment, or a removed notice refuses the whole publication.
    """
    refusing = tuple(p for p in lock_problems(ds, None) if p.code in REFUSING)
    if refusing:
        return Published(LOCK_FILE, (), (), refusing)
    old = locked(ds)
    entries = [Entry.of(rec) for rec in ds.of("notice").values()]
    added = tuple(e.id for e in entries if e.id not in old)
    updated = tuple(e.id for e in entries if e.id in old and old[e.id][0] != e)
    path = repo_root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_lock(entries), encoding="utf-8", newline="\n")
    return Published(LOCK_FILE, added, updated, ())


# Problems that `baodao notices publish` refuses on: re-locking would hide them.
REFUSING = frozenset({"NOTICE003", "NOTICE004", "NOTICE006"})


def lock_problems(ds: Dataset, as_of: dt.date | None) -> Iterator[Problem]:
    """Every disagreement between the notices and the lock; ``as_of`` None: skip unlocked ones."""
    lock = locked(ds)
    for rec in ds.of("notice").values():
        if rec.id not in lock:
            start = parse_date(rec.get("start"))
            if as_of is not None and start is not None and start <= as_of:
                yield problem(
                    rec,
                    ("id",),
                    "NOTICE005",
                    ERROR,
                    f"公示已于 {start} 开始，但 {LOCK_FILE} 中没有它的内容哈希",
                    "notice has started but is not recorded in the published lock",
                    "运行 baodao notices publish，把更新后的 published.yaml 与公示一起提交",
                )
            continue
        entry = lock[rec.id][0]
        a = amendments_of(rec)
        where = ("amendments",) if "amendments" in rec.data else ("id",)
        if (
            len(a) < entry.amendments
            or amendments_hash(a[: entry.amendments]) != entry.amendments_sha256
        ):
            yield problem(
                rec,
                where,
                "NOTICE004",
                ERROR,
                f"已发布公示的更正记录被删除或改动（发布时已有 {entry.amendments} 条）",
                "an amendment of a published notice was removed or changed",
                f"更正记录只能追加：恢复原有的 {entry.amendments} 条，把新的更正加在后面",
            )
            continue
        current = Entry.of(rec)
        if current.sha256 != entry.sha256 and len(a) == entry.amendments:
            yield problem(
                rec,
                where,
                "NOTICE003",
                ERROR,
                "已发布的公示被修改，但 amendments 中没有新增更正记录",
                "published notice changed without a recorded amendment",
                "在 amendments 末尾加一条（date 日期、reason 原因、summary 改了什么），再运行 "
                "baodao notices publish；如果不是有意修改，恢复原文",
            )
        elif current != entry:
            yield problem(
                rec,
                where,
                "NOTICE005",
                ERROR,
                f"公示已记录更正，但 {LOCK_FILE} 中的内容哈希还是更正前的",
                "notice amended but the published lock is not updated",
                "运行 baodao notices publish，把更新后的 published.yaml 与更正一起提交",
            )
    lock_rec = lock_record(ds)
    if lock_rec is None:
        return
    for nid, (_entry, i) in lock.items():
        if ds.get("notice", nid) is None and ("notice", nid) not in ds.broken:
            yield Problem(
                lock_rec.file,
                lock_rec.line_of(("notices", i, "id")),
                f"notices[{i}].id",
                "NOTICE006",
                ERROR,
                f"已发布的公示 '{nid}' 的文件不见了：已发布的公示不能删除",
                f"published notice '{nid}' was removed",
                f"恢复 data/notices/<开始日期>-{nid}.md；要撤回公示，在其 amendments 中记录撤回的原因",
            )
