"""``baodao pr check``: judge a pull request by the base branch's code, rules and editors.yaml.

A pull request could otherwise pass its own checks by changing them: loosening a check, a
schema, a rule's weights or its author's scope in editors.yaml. So nothing the pull request
brings is trusted except its data files:

1. the changed files come from ``git diff base...head`` (renames as delete + add);
2. each file is judged against the **base** ``data/editors.yaml``: outside its author's scope
   (PR001), a frozen result changed or removed (PR002: unless the organisation department
   approved it and it carries a new amendment with its reason), a published notice changed without a new
   entry in its ``amendments`` (PR003), a protected path (code, schemas, workflows, rules,
   editors.yaml) without an approving review by the organisation department (PR004), a symbolic
   link or submodule (PR005), a notice issued by another organisation (PR007: its
   ``issued_by``, none meaning the district), a path with ``..``, ``.``, a leading ``/``, a backslash, a control
   character or a look-alike name (PR006; see safepath.py) — with PR005 or PR006 nothing of the
   pull request is extracted or run;
3. the base tree is checked out (``git checkout-index`` through an index of its own) into a
   temporary folder, the merged tree is its hard-linked copy with the pull request's data files
   written over it as new files (protected data files only once the organisation department
   approved), and the **base** tree's code validates that tree (public data only, as CI sees it);
4. the units' assessment runs on the base tree and on that tree, so the comment can say which
   scores and grades move; a preview site is built from it on request. One process per tree
   does both from one load (the two trees at once with 4 cores or more); the base tree's
   report is memoized, keyed by its git tree id and the code version, so that only the base
   code writes it, for the base tree alone (prtrees.py: why a pull request can neither plant
   nor reach one).

The report is JSON (for the comment job, which treats it as untrusted data) and Markdown.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model.editors import EDITORS_FILE, Editors, scope_summary
from ..problems import ERROR, Problem
from ..records.cache import cache_dir
from ..records.layout import PUBLIC, classify
from ..records.load import private_table_headers, private_table_of, split_front_matter
from ..records.schemas import SchemaSet
from ..repo import CODE_SCHEMAS, private_table_problem
from .prtrees import (
    TreeFailed,
    TreeReport,
    TreeRun,
    link_tree,
    memo_key,
    read_memo,
    run_baodao,
    together,
    write_memo,
)
from .safepath import shown, unsafe_reason

RESULTS_PREFIX = "data/results/"
NOTICES_PREFIX = "data/notices/"
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_STATUS = {"A": "added", "M": "modified", "D": "deleted", "T": "modified"}
_STATUS_ZH = {"added": "新增", "modified": "修改", "deleted": "删除"}


class GitError(RuntimeError):
    pass


def git(root: Path, *args: str, binary: bool = False) -> Any:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)}：{done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout if binary else done.stdout.decode("utf-8")


def show(root: Path, ref: str, path: str) -> bytes | None:
    done = subprocess.run(
        ["git", "-C", str(root), "show", f"{ref}:{path}"], capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 else None


@dataclass(frozen=True)
class Change:
    path: str
    status: str  # added / modified / deleted
    mode: str = ""  # git file mode in head ("120000" symlink, "160000" submodule)


def changed_files(root: Path, base: str, head: str) -> list[Change]:
    # --raw gives each path with its modes in one pass: git reports a name as the tree holds
    # it (a "..", a newline), so nothing here looks a path up again (see safepath.py).
    out = git(root, "diff", "--raw", "-z", "--no-renames", "--no-abbrev", f"{base}...{head}")
    parts = out.split("\0")
    changes = []
    for meta, path in zip(parts[0:-1:2], parts[1::2], strict=True):
        _old, new_mode, _a, _b, status = meta.lstrip(":").split(" ")
        mode = "" if status.startswith("D") else new_mode
        changes.append(Change(path, _STATUS.get(status[0], "modified"), mode))
    return sorted(changes, key=lambda c: c.path)


@dataclass
class Report:
    base: str
    head: str
    author: str
    judged_as: str  # the login whose scope applies (the form's submitter for an intake PR)
    scope: str
    approvals: list[str]
    files: list[dict[str, str]]
    trust: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # validation of the merged tree
    earlier: int = 0  # errors the base branch already had (not this PR's doing)
    records: list[dict[str, str]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    preview: str = ""
    assessed: bool = False  # both assessments ran (a tree with errors is not assessed)

    @property
    def ok(self) -> bool:
        return not self.trust and not any(p.severity == ERROR for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "ok": self.ok,
            "base": self.base,
            "head": self.head,
            "author": self.author,
            "judged_as": self.judged_as,
            "scope": self.scope,
            "approvals": self.approvals,
            "files": self.files,
            "trust": [p.to_json() for p in self.trust],
            "problems": [p.to_json() for p in self.problems],
            "earlier_errors": self.earlier,
            "records": self.records,
            "scores": self.scores,
            "assessed": self.assessed,
            "preview": self.preview,
        }


def _problem(path: str, code: str, zh: str, en: str, hint: str) -> Problem:
    return Problem(path, 0, "", code, ERROR, zh, en, hint)


def judged_login(editors: Editors, author: str, submitter: str | None) -> tuple[str, bool]:
    """(login whose scope applies, whether it is a form's submitter via the bot).

    ``submitter`` is the author of the form's issue as GitHub reports it
    (:func:`baodao.github.intakepr.submitter_of`), never text of the pull request, which
    anyone who may edit it could change; it counts only for a pull request a bot opened."""
    if author.lower() in editors.bots and submitter and _LOGIN.fullmatch(submitter):
        return submitter.lower(), True
    return author.lower(), False


def _front(text: bytes | None) -> dict[str, Any] | None:
    """A notice's front matter; None when there is no file or it cannot be read."""
    if text is None:
        return None
    parts = split_front_matter(text.decode("utf-8", "replace").replace("\r\n", "\n"))
    if parts is None:
        return None
    try:
        meta = yaml.safe_load(parts[0])
    except yaml.YAMLError:
        return None
    return meta if isinstance(meta, dict) else None


def _amendments(text: bytes | None) -> list[Any] | None:
    meta = _front(text)
    if meta is None:
        return None
    value = meta.get("amendments")
    return value if isinstance(value, list) else []


def _issuer(text: bytes | None) -> str | None:
    value = (_front(text) or {}).get("issued_by")
    return value if isinstance(value, str) else None


def _amended(before: bytes | None, after: bytes | None) -> bool:
    """A frozen result corrected the documented way (``baodao assess --freeze --amend REASON``):
    the old amendments kept as they were and at least one new one, with its reason."""

    def amendments(text: bytes | None) -> list | None:
        try:
            data = json.loads(text.decode("utf-8")) if text else None
        except ValueError:
            return None
        value = data.get("amendments") if isinstance(data, dict) else None
        return value if isinstance(value, list) else None

    old, new = amendments(before) or [], amendments(after)
    return (
        new is not None
        and len(new) > len(old)
        and new[: len(old)] == old
        and all(isinstance(a, dict) and a.get("reason") for a in new[len(old) :])
    )


# Where a form's record goes: a bot pull request for a submitter who is no editor may add one.
_FORM_FILE = re.compile(r"data/[^/]+/[^/]+/(registrations|lists/needs|lists/resources)/[^/]+\.yaml")


def trust_problems(
    root: Path,
    base: str,
    head: str,
    changes: list[Change],
    editors: Editors,
    login: str,
    via_form: bool,
    approvals: list[str],
) -> list[Problem]:
    found: list[Problem] = []
    dept = set(editors.department)
    reviewed = any(a.lower() in dept and a.lower() != login for a in approvals)
    editor = editors.get(login)
    for c in changes:
        p = c.path
        unsafe = unsafe_reason(p)
        if unsafe is not None:
            # Judged no further: such a path is not where its scope glob says it is.
            found.append(
                _problem(
                    p,
                    "PR006",
                    f"文件路径不安全：{unsafe[0]}，本次检查没有校验任何数据",
                    f"unsafe path: {unsafe[1]}",
                    "文件夹名和文件名只用小写字母、数字和连字符（-）；删去这个文件后重新推送",
                )
            )
            continue
        if c.mode in ("120000", "160000"):
            found.append(
                _problem(
                    p, "PR005", "不能提交符号链接或子模块", "symlink or submodule", "提交普通文件"
                )
            )
        if editors.is_protected(p):
            if not reviewed:
                who = "、".join(editors.department) or "组织部"
                found.append(
                    _problem(
                        p,
                        "PR004",
                        "代码、schema、流程、规则、代码表和编辑权限的修改须经组织部审核批准",
                        "protected path needs the organisation department's approval",
                        f"请组织部（{who}）审查后批准（Approve）本拉取请求；批准后检查会重新运行",
                    )
                )
        elif not editors.may_change(login, p) and not (
            via_form and c.status == "added" and _FORM_FILE.fullmatch(p)
        ):
            found.append(
                _problem(
                    p,
                    "PR001",
                    f"不在 {login} 的修改范围内（{scope_summary(editor)}）",
                    "outside the author's scope",
                    "只修改自己负责的文件夹；其他文件请联系负责的编辑或组织部"
                    "（权限按目标分支的 data/editors.yaml 判断，同一拉取请求里修改它不生效）",
                )
            )
        if (
            p.startswith(RESULTS_PREFIX)
            and c.status != "added"
            and not (
                reviewed
                and c.status == "modified"
                and _amended(show(root, base, p), show(root, head, p))
            )
        ):
            found.append(
                _problem(
                    p,
                    "PR002",
                    f"已冻结的考核结果不能{_STATUS_ZH[c.status]}",
                    "a frozen result cannot change",
                    "更正须由组织部运行 baodao assess --freeze --amend 原因，写明更正记录",
                )
            )
        if p.startswith(NOTICES_PREFIX) and p.endswith(".md") and editors.may_change(login, p):
            # Both sides: no one takes over another's notice, nor adds one in its name.
            sides = [
                show(root, ref, p)
                for ref, gone in ((base, "added"), (head, "deleted"))
                if c.status != gone
            ]
            issuers = sorted({_issuer(s) or "" for s in sides})
            if not all(editors.may_amend_notice(login, i or None) for i in issuers):
                org = editor.organisation if editor else ""
                owner = "、".join(i or "区委组织部（未填 issued_by）" for i in issuers)
                found.append(
                    _problem(
                        p,
                        "PR007",
                        f"这份公示由 {owner} 发布，不归 {login}（{org or '未登记 organisation'}）修改",
                        "a notice issued by another organisation",
                        "公示只由发布它的组织（front matter 的 issued_by，不填即为区委组织部）和组织部修改；"
                        "新发布的公示写上 issued_by: 本组织；其他组织的公示请联系该组织或组织部",
                    )
                )
        if p.startswith(NOTICES_PREFIX) and p.endswith(".md") and c.status != "added":
            before = _amendments(show(root, base, p))
            after = _amendments(show(root, head, p)) if c.status != "deleted" else None
            if c.status == "deleted":
                found.append(
                    _problem(
                        p,
                        "PR003",
                        "已发布的公示不能删除",
                        "a published notice cannot be deleted",
                        "公示有误时在 amendments 中记录更正，不要删除文件",
                    )
                )
            elif (
                after is None
                or len(after) <= len(before or [])
                or after[: len(before or [])] != (before or [])
            ):
                found.append(
                    _problem(
                        p,
                        "PR003",
                        "已发布的公示被修改，但 amendments（更正记录）没有新增一条",
                        "published notice changed without a new amendment",
                        "在文件开头的 amendments: 列表末尾加一条（日期、原因、修改了什么），原有的更正记录不要改动",
                    )
                )
    return found


def private_tables(root: Path, head: str, changes: list[Change]) -> list[Problem]:
    """Files the pull request adds or changes anywhere (not only under data/) whose header is a
    private table's: the public repository never holds one (PRIV008)."""
    headers = private_table_headers(SchemaSet.load(CODE_SCHEMAS))
    found = []
    for c in changes:
        if c.status == "deleted" or c.mode in ("120000", "160000"):
            continue
        content = show(root, head, c.path)
        if content is None:
            continue
        first = content[:4096].decode("utf-8-sig", "replace").split("\n", 1)[0]
        title = private_table_of(first, headers)
        if title is not None:
            found.append(private_table_problem(c.path, title))
    return found


def _extract(root: Path, ref: str, into: Path) -> None:
    """The base commit's files into ``into``: git's own checkout into a folder of its own
    (through an index of its own: the repository's is untouched), 2–3× faster than unpacking
    ``git archive`` in Python at city size (19,000 files). The base is trusted, yet a symbolic
    link in it that leads out of the tree stops the check, as tarfile's "data" filter did."""
    index = into.parent / f".{into.name}-index"
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    for args in (("read-tree", ref), ("checkout-index", "-a", f"--prefix={into}/")):
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, env=env, check=False
        )
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()
            raise GitError(f"git {args[0]}：{err}")
    index.unlink(missing_ok=True)
    into.mkdir(parents=True, exist_ok=True)  # an empty tree checks out no folder
    top = into.resolve()
    for folder, dirs, files in os.walk(into):
        for name in (*dirs, *files):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(top):
                raise GitError(
                    f"目标分支含有指向树外的符号链接：{shown(str(path.relative_to(into)))}"
                )


def _overlay(
    root: Path, head: str, tree: Path, changes: list[Change], editors: Editors, reviewed: bool
) -> None:
    """Lay the pull request's data files over the base tree (untrusted ones stay as in base)."""
    data = (tree / "data").resolve()
    for c in changes:
        if not c.path.startswith("data/") or c.mode in ("120000", "160000"):
            continue
        if editors.is_protected(c.path) and not reviewed:
            continue
        target = tree / c.path
        # Unsafe paths were refused before this runs; this keeps it so if that ever changes.
        if unsafe_reason(c.path) is not None or not target.resolve().is_relative_to(data):
            raise GitError(f"拒绝写到 data/ 以外：{shown(c.path)}")
        if c.status == "deleted":
            target.unlink(missing_ok=True)
            continue
        content = show(root, head, c.path)
        if content is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # A new file: the head tree's files are hard links to the base tree's (prtrees.py).
        target.unlink(missing_ok=True)
        target.write_bytes(content)


def _grade(r: dict) -> Any:
    """What a reader sees besides the total: the grade, and the outcome (表彰, 红榜, 专班 …)."""
    parts = [str(x) for x in (r.get("grade"), r.get("outcome")) if x]
    return "，".join(parts) or None


def score_moves(before: dict[str, dict], after: dict[str, dict]) -> list[dict[str, Any]]:
    moves = []
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key, {}), after.get(key, {})
        if (b.get("total"), _grade(b)) == (a.get("total"), _grade(a)):
            continue
        moves.append(
            {
                "subject": key.rsplit("/", 1)[1],
                "what": a.get("what") or b.get("what"),
                "name": a.get("name") or b.get("name") or key.rsplit("/", 1)[1],
                "before": b.get("total"),
                "after": a.get("total"),
                "grade_before": _grade(b),
                "grade_after": _grade(a),
            }
        )
    return moves


def record_changes(changes: list[Change]) -> list[dict[str, str]]:
    out = []
    for c in changes:
        if not c.path.startswith("data/"):
            continue
        m = classify(PUBLIC, c.path[len("data/") :])
        if m is None:
            continue
        out.append(
            {
                "path": c.path,
                "status": c.status,
                "type": m.type.name,
                "title": m.type.title,
                "id": m.groups.get("id", m.type.name),
            }
        )
    return out


def check_pr(
    root: Path,
    base: str,
    head: str,
    author: str,
    approvals: list[str] | None = None,
    submitter: str | None = None,
    as_of: dt.date | None = None,
    preview: Path | None = None,
    preview_url: str = "",
    validate: bool = True,
    private: Path | None = None,
) -> Report:
    root = root.resolve()
    base_sha = git(root, "rev-parse", "--verify", f"{base}^{{commit}}").strip()
    head_sha = git(root, "rev-parse", "--verify", f"{head}^{{commit}}").strip()
    approvals = sorted({a.lower() for a in approvals or []})
    text = show(root, base_sha, EDITORS_FILE)
    editors = Editors.from_text(text.decode("utf-8") if text else None)
    login, via_form = judged_login(editors, author, submitter)
    changes = changed_files(root, base_sha, head_sha)
    trust = trust_problems(root, base_sha, head_sha, changes, editors, login, via_form, approvals)
    trust.extend(private_tables(root, head_sha, changes))
    dept = set(editors.department)
    reviewed = any(a in dept and a != login for a in approvals)
    day = as_of or dt.date.today()
    report = Report(
        base_sha,
        head_sha,
        author.lower(),
        login,
        scope_summary(editors.get(login)) + ("（表单提交）" if via_form else ""),
        approvals,
        [{"path": c.path, "status": c.status} for c in changes],
        trust,
        records=record_changes(changes),
        preview=preview_url,
    )
    if not validate:  # scopes and trust only: the quick first step in CI
        return report
    if any(p.code in ("PR005", "PR006") for p in trust):
        # A link, a submodule or a path that escapes its folder: nothing of the pull request
        # is extracted, laid over or run.
        return report
    with tempfile.TemporaryDirectory(prefix="baodao-pr-") as tmp:
        base_tree, head_tree = Path(tmp) / "base", Path(tmp) / "head"
        _extract(root, base_sha, base_tree)
        link_tree(base_tree, head_tree)
        _overlay(root, head_sha, head_tree, changes, editors, reviewed)
        # The checking repository's cache: the base is usually warm from the last check.
        cache = cache_dir(root)
        tree_id = git(root, "rev-parse", f"{base_sha}^{{tree}}").strip()
        key = memo_key(tree_id, base_tree, day, private)
        base_report = read_memo(cache, key)
        runs: dict[str, TreeRun] = {}

        def start(name: str, tree: Path) -> TreeRun:
            runs[name] = TreeRun(base_tree, tree, day, Path(tmp) / f"a-{name}", private, cache)
            return runs[name]

        try:
            if base_report is None:
                base_run = start("base", base_tree)
                if not together():
                    # One after the other: the base's parse cache then serves the head.
                    base_report = base_run.result()
            head_report = start("head", head_tree).result()
            if base_report is None:
                base_report = runs["base"].result()
            if "base" in runs:
                write_memo(cache, key, base_report)
        except TreeFailed as exc:
            raise GitError(f"目标分支的代码未能运行校验：{exc}") from exc
        finally:
            for run in runs.values():
                run.stop()
        _judge(report, changes, base_report, head_report)
        if preview is not None:
            done = run_baodao(
                base_tree,
                head_tree,
                "build",
                "--out",
                str(preview.resolve()),
                "--as-of",
                day.isoformat(),
            )
            if done.returncode != 0:
                report.preview = ""
    return report


def _judge(report: Report, changes: list[Change], before: TreeReport, after: TreeReport) -> None:
    """The merged tree's problems in the changed files, then new errors elsewhere that the
    change caused (the base's own are counted, not listed); the scores and grades it moves."""
    had = {(p.file, p.code, p.field, p.message) for p in before.problems if p.severity == ERROR}
    touched = {c.path for c in changes}
    report.problems = [
        p
        for p in after.problems
        if p.file in touched
        or (p.severity == ERROR and (p.file, p.code, p.field, p.message) not in had)
    ]
    report.earlier = len(had)
    if any(c.path.startswith("data/") for c in changes):
        report.assessed = before.results is not None and after.results is not None
        if report.assessed:
            report.scores = score_moves(before.results or {}, after.results or {})
