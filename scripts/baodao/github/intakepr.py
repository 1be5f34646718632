"""Form → pull request: an issue made from an intake form becomes a validated record in a PR.

The issue's body is hostile input and goes only through :func:`baodao.github.intake.intake`. When
the record validates, the bot makes a branch ``intake/issue-<n>``, commits the one file and opens
a pull request that closes the issue; ``baodao pr check`` judges it by the scope of the issue's
author as GitHub reports it (:func:`submitter_of`: the branch names the issue), never by the
pull request's body, which anyone who may edit the pull request could change.
When it does not validate, the issue gets one comment (edited in place on every new try)
listing each field to fix. If a step fails after the branch was made, the branch is deleted:
no half-made pull request is left behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..repo import Repo
from .client import GitHubFailed, call, repository
from .forms import FORMS
from .intake import intake

ISSUE_MARKER = "<!-- baodao-intake -->"
LABEL_PREFIX = "intake:"
BRANCH = re.compile(r"intake/issue-([1-9][0-9]{0,8})")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str  # Chinese, for the log
    pr_url: str = ""
    comment_url: str = ""


def form_of(labels: list[str]) -> str | None:
    forms = [x[len(LABEL_PREFIX) :] for x in labels if x.startswith(LABEL_PREFIX)]
    known = [f for f in forms if f in FORMS]
    return known[0] if len(known) == 1 else None


def _comment(gh, full_name: str, issue, body: str, bot_login: str) -> str:
    comments = call(f"读取 #{issue.number} 的评论", lambda: list(issue.comments()))
    mine = [
        c
        for c in comments
        if ISSUE_MARKER in (c.body or "") and c.user.login.lower() == bot_login.lower()
    ]
    if mine:
        call(f"更新 #{issue.number} 的评论", lambda: mine[0].edit(body))
        return mine[0].html_url
    return call(f"在 #{issue.number} 发表评论", lambda: issue.create_comment(body)).html_url


def open_pr(
    gh,
    full_name: str,
    number: int,
    repo: Repo,
    submitted: dt.date,
    bot_login: str = "github-actions[bot]",
) -> Outcome:
    remote = repository(gh, full_name)
    issue = call(f"读取 issue #{number}", lambda: remote.issue(number))
    if issue is None:
        raise GitHubFailed(f"读取 issue #{number}", 404, "")
    labels = [lb.name for lb in call(f"读取 #{number} 的标签", lambda: list(issue.labels()))]
    form = form_of(labels)
    if form is None:
        return Outcome(False, f"issue #{number} 没有（唯一的）表单标签 intake:…，不处理")
    submitter = issue.user.login
    result = intake(issue.body or "", form, repo, submitted, submitter)
    if not result.ok:
        lines = [
            ISSUE_MARKER,
            "### 表单需要修改",
            "",
            "以下各项需要修改（点 issue 右上角的 ··· → Edit 编辑后保存，会自动重新检查）：",
            "",
        ]
        lines += [f"- {m}" for m in result.messages]
        url = _comment(gh, full_name, issue, "\n".join(lines) + "\n", bot_login)
        return Outcome(
            False, f"表单有 {len(result.messages)} 处需要修改，已在 #{number} 评论", comment_url=url
        )
    branch = f"intake/issue-{number}"
    default = remote.default_branch
    owner = full_name.split("/")[0]
    existing = call(
        "查找已有的拉取请求",
        lambda: list(remote.pull_requests(state="open", head=f"{owner}:{branch}")),
    )
    if existing:
        return Outcome(
            True, f"issue #{number} 已有拉取请求 #{existing[0].number}", existing[0].html_url
        )
    head = call(f"读取分支 {default}", lambda: remote.ref(f"heads/{default}"))
    ref = call(
        f"创建分支 {branch}", lambda: remote.create_ref(f"refs/heads/{branch}", head.object.sha)
    )
    title = f"{FORMS[form].prefix}{issue.title.removeprefix(FORMS[form].prefix)[:80]}（#{number}）"
    body = (
        f"由 issue #{number} 的表单生成，提交人 @{submitter}。\n\n"
        f"新增记录：`{result.path}`\n\nCloses #{number}\n"
    )
    try:
        call(
            f"提交 {result.path}",
            lambda: remote.create_file(
                result.path,
                f"表单 #{number}：新增 {result.path}",
                (result.text or "").encode("utf-8"),
                branch=branch,
            ),
        )
        pr = call("创建拉取请求", lambda: remote.create_pull(title, default, branch, body))
    except GitHubFailed:
        call(f"删除未完成的分支 {branch}", ref.delete)
        raise
    note = (
        f"{ISSUE_MARKER}\n已生成记录 `{result.path}`，拉取请求 #{pr.number} 等待社区审核；"
        "合并后本 issue 自动关闭。\n"
    )
    url = _comment(gh, full_name, issue, note, bot_login)
    return Outcome(True, f"已为 issue #{number} 创建拉取请求 #{pr.number}", pr.html_url, url)


def submitter_of(gh, full_name: str, number: int) -> str | None:
    """The login of the form's author for a pull request on a branch ``intake/issue-<n>`` of
    this repository (only the bot makes those): the author of issue ``n`` as GitHub says."""
    remote = repository(gh, full_name)
    pr = call(f"读取拉取请求 #{number}", lambda: remote.pull_request(number))
    m = BRANCH.fullmatch(pr.head.ref or "") if pr is not None else None
    head_repo = getattr(pr.head, "repository", None) if pr is not None else None
    if m is None or head_repo is None or head_repo.full_name.lower() != full_name.lower():
        return None
    issue = call(f"读取 issue #{m.group(1)}", lambda: remote.issue(int(m.group(1))))
    if issue is None or issue.pull_request_urls:
        return None
    return issue.user.login
