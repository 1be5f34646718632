"""data/editors.yaml: each login once, a 组织部 to review protected changes, scopes that exist."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from functools import partial

from ..model.editors import ORG_DEPARTMENT, Editors, glob_match
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Record
from ..records.layout import PUBLIC
from .base import Context, digest, in_file


def check(ctx: Context) -> Iterator[Problem]:
    rec = ctx.ds.get("editors", "editors")
    if rec is None:
        return
    # The files of public records; a table's from the table (its rows are not gone through).
    whole = ctx.ds.whole_tables()
    files = sorted(
        {r.file for r in ctx.ds.outside(whole) if r.root == PUBLIC}
        | {file for file, rows in whole.items() if rows.root == PUBLIC}
    )
    # What the file says depends on it and on which files there are: kept by both (base.in_file),
    # so an edit that adds or removes no file matches no glob again (a city's thousand scopes
    # against its 25,000 files took 0.13 s).
    yield from in_file(ctx, "editors", rec.file, [rec], digest(files), partial(_problems, files))


def _problems(files: list[str], recs: Sequence[Record]) -> Iterator[Problem]:
    rec = recs[0]
    raw = rec.data.get("editors")
    if not isinstance(raw, list):
        return  # the schema check says so
    eds = Editors.parse(rec.data)
    seen: dict[str, int] = {}
    for i, e in enumerate(raw):
        if not isinstance(e, dict) or not isinstance(e.get("login"), str):
            continue
        login = e["login"].lower()
        if login in seen:
            yield Problem(
                rec.file,
                rec.line_of(("editors", i, "login")),
                f"editors[{i}].login",
                "EDIT001",
                ERROR,
                f"账号 '{e['login']}' 登记了不止一次（另见第 {seen[login] + 1} 项）",
                "login listed twice",
                "每个账号只登记一次，把它的路径合并到一项里",
            )
            continue
        seen[login] = i
        if e.get("role") == ORG_DEPARTMENT:
            continue
        for j, glob in enumerate(e.get("paths") or ()):
            if not isinstance(glob, str):
                continue
            # Its line costs composing the file (170 KB in a city): looked up for a problem only.
            path, shown = ("editors", i, "paths", j), f"editors[{i}].paths[{j}]"
            if eds.is_protected(glob.replace("**", "x").replace("*", "x")) or not glob.startswith(
                "data/"
            ):
                yield Problem(
                    rec.file,
                    rec.line_of(path),
                    shown,
                    "EDIT003",
                    ERROR,
                    f"'{glob}' 是受保护的路径，只能由组织部修改",
                    "a protected path in an editor's scope",
                    "删去这条路径；规则、代码表、日历和编辑权限的修改由组织部审核",
                )
            elif not _matches_any(glob, files):
                yield Problem(
                    rec.file,
                    rec.line_of(path),
                    shown,
                    "EDIT004",
                    WARNING,
                    f"'{glob}' 不对应任何现有文件",
                    "the path matches no file",
                    "检查街道和社区编号的拼写（如 data/qing-he/cui-hu/**）",
                )
    if raw and not eds.department:
        yield Problem(
            rec.file,
            rec.line_of(("editors",)),
            "editors",
            "EDIT002",
            ERROR,
            "没有组织部（organisation_department）账号：受保护文件的修改无人可审核",
            "no organisation department login",
            "至少登记一个 role: organisation_department 的账号",
        )


def _matches_any(glob: str, files: list[str]) -> bool:
    """Whether a path glob matches one of the sorted ``files``: only the files that share the
    glob's literal prefix are tried (a city has a thousand editors and 25,000 files)."""
    cut = min((i for i in (glob.find(c) for c in "*?[") if i >= 0), default=len(glob))
    prefix = glob[:cut]
    for f in files[bisect.bisect_left(files, prefix) :]:
        if not f.startswith(prefix):
            return False
        if glob_match(glob, f):
            return True
    return False
