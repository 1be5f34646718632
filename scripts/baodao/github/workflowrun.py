"""The run that made an artefact, as GitHub tells it: which pull request a comment may go to.

The comment job (``pr-comment.yml``, ``workflow_run``) writes to the repository, but the artefact
it reads was made by a ``pull_request`` run, whose workflow file the pull request itself can
change: anything in the artefact — its pull request number, head commit, approvals, "ok" — may
be hand-made. So the pull request comes from the event GitHub wrote (``$GITHUB_EVENT_PATH``:
``workflow_run.pull_requests``, ``head_sha``, ``id``), never from the artefact; a pull request
from a fork, which GitHub leaves out of ``pull_requests``, is found by its head repository,
branch and commit, and only when exactly one open pull request has all three.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .client import GitHubFailed, call, repository

_SHA = re.compile(r"[0-9a-f]{40}")


class Refused(GitHubFailed):
    """The comment job declines to post: its message is the whole reason, in Chinese."""

    def __init__(self, message: str):
        RuntimeError.__init__(self, message)
        self.what, self.status, self.detail = "发表检查评论", None, message


@dataclass(frozen=True)
class Run:
    id: int
    head_sha: str
    pulls: tuple[int, ...]  # workflow_run.pull_requests[].number (empty for a fork's)
    head_repo: str = ""
    head_branch: str = ""

    @property
    def binding(self) -> str:
        return f"run={self.id} head={self.head_sha}"


def _int(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**12
    return value if ok else None


def run_from_event(event: Any) -> Run:
    """The ``workflow_run`` of a ``workflow_run`` event's JSON (as in ``$GITHUB_EVENT_PATH``)."""
    wr = event.get("workflow_run") if isinstance(event, dict) else None
    if not isinstance(wr, dict) or _int(wr.get("id")) is None:
        raise Refused("拒绝发表评论：事件中没有触发运行（workflow_run.id）")
    sha = wr.get("head_sha")
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise Refused("拒绝发表评论：事件中没有触发运行的提交编号（workflow_run.head_sha）")
    pulls = [_int(p.get("number")) for p in wr.get("pull_requests") or [] if isinstance(p, dict)]
    repo = wr.get("head_repository")
    return Run(
        wr["id"],
        sha,
        tuple(sorted({n for n in pulls if n is not None})),
        repo.get("full_name", "") if isinstance(repo, dict) else "",
        wr.get("head_branch") if isinstance(wr.get("head_branch"), str) else "",
    )


def load_event(path: Path) -> Run:
    try:
        return run_from_event(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError) as exc:
        raise Refused(
            f"拒绝发表评论：读不出事件文件 {path.name}（{exc.__class__.__name__}）"
        ) from exc


def target_pull(gh, full_name: str, run: Run):
    """The one open pull request the run checked, whose head is still the run's commit."""
    repo = repository(gh, full_name)
    if len(run.pulls) > 1:
        listed = "、".join(f"#{n}" for n in run.pulls)
        raise Refused(
            f"拒绝发表评论：触发运行 {run.id} 属于多个拉取请求（{listed}），无法确定发表到哪一个"
        )
    if run.pulls:
        number = run.pulls[0]
        pr = call(f"读取拉取请求 #{number}", lambda: repo.pull_request(number))
    else:
        owner = run.head_repo.partition("/")[0]
        if not owner or not run.head_branch:
            raise Refused(f"拒绝发表评论：触发运行 {run.id} 不属于任何拉取请求")
        found = call(
            "查找触发运行的拉取请求",
            lambda: [
                p
                for p in repo.pull_requests(state="open", head=f"{owner}:{run.head_branch}")
                if p.head.sha == run.head_sha
            ],
        )
        if len(found) != 1:
            raise Refused(
                f"拒绝发表评论：找不到触发运行 {run.id} 唯一对应的拉取请求（找到 {len(found)} 个）"
            )
        pr = call(f"读取拉取请求 #{found[0].number}", lambda: repo.pull_request(found[0].number))
    if pr is None or pr.head.sha != run.head_sha:
        raise Refused(
            f"拒绝发表评论：拉取请求 #{pr.number if pr else '?'} 的最新提交已不是触发运行检查的"
            f" {run.head_sha[:7]}（已有新的推送，新的检查会再发表）"
        )
    return pr
