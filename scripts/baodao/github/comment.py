"""The pull request's comment: one per pull request, in Chinese, updated in place.

The comment job runs with write permission in the base repository, so it never runs the pull
request's code and treats the report it is given (an artefact the pull request's job made) as
untrusted data: every value is checked for type, cut to length and escaped before it goes into
Markdown (no HTML, no links, no @mentions from the report). Which pull request, which commit and
which approvals come from GitHub, not from the report (workflowrun.py).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from .client import call, repository
from .safepath import shown
from .workflowrun import Refused, Run, target_pull

MARKER = "<!-- baodao-pr-check -->"
MAX_ROWS = 60
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
_SHA = re.compile(r"[0-9a-f]{40}")


def md(value: Any, limit: int = 300) -> str:
    """Untrusted text as inert Markdown: one line, escaped, no HTML, no mentions, no autolinks."""
    text = str(value if value is not None else "")
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = html.escape(text, quote=False)
    return text.replace("@", "&#64;").replace(":", "&#58;").replace(".", "&#46;")


def code(value: Any, limit: int = 200) -> str:
    """A file name or id shown as code: backticks cannot be closed from inside."""
    # A table cell ends at "|" even inside a code span unless it is escaped; a newline in a
    # file name is shown as \x0a, not folded away.
    text = shown(str(value or ""))[:limit].replace("`", "'").replace("|", "\\|")
    return f"`{text}`" if text else ""


def _str(d: dict, key: str, default: str = "") -> str:
    value = d.get(key, default)
    return value if isinstance(value, str) else default


def _rows(value: Any) -> list[dict]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def render(report: Any, preview_url: str = "") -> str:
    """The comment's Markdown for a ``baodao pr check`` report (any JSON: checked here)."""
    if not isinstance(report, dict) or report.get("version") != 1:
        return f"{MARKER}\n## 数据检查\n\n检查结果无法读取（格式不对），请查看检查工作流的日志。\n"
    problems = _rows(report.get("trust")) + _rows(report.get("problems"))
    errors = [p for p in problems if p.get("severity") == "error"]
    warnings = [p for p in problems if p.get("severity") != "error"]
    ok = report.get("ok") is True and not errors
    head = _str(report, "head")
    head = head[:7] if _SHA.fullmatch(head) else "?"
    base = _str(report, "base")
    base = base[:7] if _SHA.fullmatch(base) else "?"
    out = [MARKER]
    if ok:
        out.append(f"## ✅ 数据检查通过（提交 {head}）")
    else:
        out.append(f"## ❌ 数据检查：有 {len(errors)} 处需要修改（提交 {head}）")
    out.append("")
    author, judged = md(_str(report, "author"), 40), md(_str(report, "judged_as"), 40)
    who = f"提交人 {author}" + (f"，按表单提交人 {judged} 的权限" if judged != author else "")
    out.append(
        f"按目标分支（{base}）的代码、schema、规则和 data/editors.yaml 检查；{who}"
        f"（{md(_str(report, 'scope'), 200)}）。只检查公开数据。"
    )
    approvals = [md(a, 40) for a in report.get("approvals") or [] if isinstance(a, str)]
    if approvals:
        out.append(f"已批准：{'、'.join(approvals)}。")
    out.append("")
    if problems:
        out.append("### 需要修改的地方" if errors else "### 提醒")
        out.append("")
        out.append("| 文件 | 行 | 字段 | 规则 | 问题 | 怎么改 |")
        out.append("|---|---|---|---|---|---|")
        for p in (errors + warnings)[:MAX_ROWS]:
            line = p.get("line") if isinstance(p.get("line"), int) and p.get("line") > 0 else ""
            level = "错误" if p.get("severity") == "error" else "警告"
            out.append(
                f"| {code(_str(p, 'file'))} | {line} | {code(_str(p, 'field'), 80)} | "
                f"{level} {code(_str(p, 'code'), 12)} | {md(_str(p, 'message'))} | {md(_str(p, 'hint'))} |"
            )
        if len(problems) > MAX_ROWS:
            out.append(
                f"\n还有 {len(problems) - MAX_ROWS} 处未列出：见检查工作流的构建产物 report.json。"
            )
        out.append("")
        out.append(
            "规则代码的解释见网站的《编辑指南 · 校验问题说明》。修改后推送到同一分支，检查会重新运行，本评论随之更新。"
        )
        out.append("")
    earlier = report.get("earlier_errors")
    if isinstance(earlier, int) and earlier > 0:
        out.append(f"（目标分支原有 {earlier} 个错误，与本拉取请求无关，未列出。）\n")
    out.append("### 对公开网站的影响")
    out.append("")
    records = _rows(report.get("records"))
    labels = {"added": "新增", "modified": "修改", "deleted": "删除"}
    if not records:
        out.append("- 没有改动网站上的记录。")
    for status, label in labels.items():
        picked = [r for r in records if r.get("status") == status]
        if picked:
            shown = "、".join(
                f"{md(_str(r, 'title'), 20)} {code(_str(r, 'id'), 64)}" for r in picked[:20]
            )
            more = f" 等 {len(picked)} 条" if len(picked) > 20 else ""
            out.append(f"- {label} {len(picked)} 条：{shown}{more}")
    scores = _rows(report.get("scores"))
    if report.get("assessed") is not True and records:
        out.append("- 考核得分：有错误，改正后再计算得分变化。")
    elif not scores and records:
        out.append("- 考核得分和等级：没有变化。")
    if scores:
        out.append("")
        out.append(
            "考核得分、等级和结果的变化（单位考核、支部星级、社区综合考核、物业红黑榜、12345 工单等）："
        )
        out.append("")
        out.append("| 考核 | 对象 | 得分 | 等级、结果 |")
        out.append("|---|---|---|---|")
        for s in scores[:MAX_ROWS]:
            out.append(
                f"| {md(_str(s, 'what'), 40)} | {md(_str(s, 'name'), 60)} | {md(s.get('before') or '—', 12)} → {md(s.get('after') or '—', 12)} | "
                f"{md(s.get('grade_before') or '—', 30)} → {md(s.get('grade_after') or '—', 30)} |"
            )
    out.append("")
    if preview_url:
        out.append(f"### 预览\n\n合并后的网站预览：{preview_url}\n")
    else:
        out.append(
            "### 预览\n\n预览网站在检查工作流的构建产物 preview 中（下载后解压，用浏览器打开 index.html，或运行 baodao serve --dir preview）。\n"
        )
    return "\n".join(out) + "\n"


_BOUND = re.compile(r"<!-- baodao-run pr=(\d+) run=(\d+) head=([0-9a-f]{40}) -->")


def upsert(gh, full_name: str, number: int, body: str, bot_login: str) -> str:
    """Create the pull request's comment, or edit the one the bot made before; its URL.

    A comment bound to a later run than ``body``'s is kept: runs can finish out of order."""
    repo = repository(gh, full_name)
    issue = call(f"读取拉取请求 #{number}", lambda: repo.issue(number))
    comments = call(f"读取 #{number} 的评论", lambda: list(issue.comments()))
    mine = [
        c
        for c in comments
        if MARKER in (c.body or "") and c.user.login.lower() == bot_login.lower()
    ]
    if mine:
        comment = mine[0]
        old, new = _BOUND.search(comment.body or ""), _BOUND.search(body)
        if old and new and int(old.group(2)) > int(new.group(2)):
            return comment.html_url
        call(f"更新 #{number} 的检查评论", lambda: comment.edit(body))
        return comment.html_url
    made = call(f"在 #{number} 发表检查评论", lambda: issue.create_comment(body))
    return made.html_url


def post_report(
    gh, full_name: str, report_text: str, run: Run, bot_login: str, preview_url: str = ""
) -> str:
    """The comment job: post the artefact's report to the pull request of the run that made it.

    The pull request, its head commit and its approvals come from GitHub (the event and the
    API), never from the artefact (see workflowrun.py); an artefact that says otherwise is not
    posted at all, and the comment names the pull request, commit and run it belongs to."""
    try:
        report = json.loads(report_text)
    except ValueError:
        report = None
    pr = target_pull(gh, full_name, run)
    number = pr.number
    if isinstance(report, dict):
        claimed = report.get("pr")
        if claimed is not None and claimed != number:
            raise Refused(
                f"拒绝发表评论：构建产物写的是拉取请求 #{md(claimed, 12)}，"
                f"而触发运行 {run.id} 检查的是 #{number}"
            )
        if report.get("head") != run.head_sha:
            raise Refused(
                f"拒绝发表评论：构建产物与触发运行的提交不一致（运行 {run.id} 检查的是 "
                f"{run.head_sha[:7]}）"
            )
        actual = approvers(gh, full_name, number, run.head_sha)
        said = report.get("approvals") if isinstance(report.get("approvals"), list) else []
        extra = sorted({a.lower() for a in said if isinstance(a, str)} - set(actual))
        if extra:
            raise Refused(
                f"拒绝发表评论：构建产物中的批准（{md('、'.join(extra), 200)}）不在 GitHub 上"
                f"对提交 {run.head_sha[:7]} 的审核里"
            )
        report["approvals"] = actual
    body = render(report, preview_url)
    seal = (
        f"<!-- baodao-run pr={number} run={run.id} head={run.head_sha} -->\n"
        f"（本评论属于拉取请求 #{number}：检查运行 {run.id}，提交 {run.head_sha[:7]}；"
        "批准情况按 GitHub 上的审核重新核对。）\n"
    )
    body = body.replace(MARKER + "\n", MARKER + "\n" + seal, 1)
    return upsert(gh, full_name, number, body, bot_login)


def pr_files(gh, full_name: str, number: int) -> list[str]:
    """Every file a pull request changes (GitHub pages them 100 at a time, up to 3,000)."""
    repo = repository(gh, full_name)
    pr = call(f"读取拉取请求 #{number}", lambda: repo.pull_request(number))
    files = call(f"读取 #{number} 改动的文件", lambda: list(pr.files()))
    return sorted(f.filename for f in files)


def approvers(gh, full_name: str, number: int, head_sha: str) -> list[str]:
    """Logins whose latest review of the pull request approves its current head commit."""
    repo = repository(gh, full_name)
    pr = call(f"读取拉取请求 #{number}", lambda: repo.pull_request(number))
    reviews = call(f"读取 #{number} 的审核", lambda: list(pr.reviews()))
    latest: dict[str, Any] = {}
    for r in reviews:
        if r.user is not None and r.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[r.user.login.lower()] = r
    return sorted(
        login for login, r in latest.items() if r.state == "APPROVED" and r.commit_id == head_sha
    )
