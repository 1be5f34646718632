"""The one door to GitHub's API (github3.py): retries with backoff, failures said in Chinese.

Every call goes through :func:`call`. A 5xx answer or a dropped connection is retried with
exponential backoff (GitHub has short outages); a 403 that is a rate limit (``Retry-After`` or
``x-ratelimit-remaining: 0``) waits and retries; any other 4xx fails at once with
:class:`GitHubFailed`, whose message says in Chinese what went wrong and what to do. Callers that
make several writes undo the earlier ones when a later one fails, so nothing is left half done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TypeVar

import github3
from github3 import exceptions as gh_exc

T = TypeVar("T")
RETRIES = 4
BACKOFF = 1.0  # seconds; doubled after each failed try
MAX_WAIT = 60.0


class GitHubFailed(RuntimeError):
    """A GitHub call that failed for good; ``str()`` is the Chinese message for the log."""

    def __init__(self, what: str, status: int | None, detail: str):
        self.what, self.status, self.detail = what, status, detail
        super().__init__(_wording(what, status, detail))


def _wording(what: str, status: int | None, detail: str) -> str:
    reason = {
        401: "令牌无效或已过期（检查工作流的 GITHUB_TOKEN）",
        403: "权限不足（检查工作流的 permissions: 设置，或仓库是否允许 Actions 创建拉取请求）",
        404: "找不到对象（仓库、拉取请求或 issue 编号有误，或令牌无权读取）",
        409: "与仓库现状冲突（分支已变化），稍后重试",
        422: "GitHub 拒绝了请求内容（如分支或拉取请求已存在、字段无效）",
    }.get(status or 0)
    if reason is None:
        reason = (
            "GitHub 暂时不可用（服务器错误），已多次重试仍失败，请稍后重新运行"
            if (status or 0) >= 500 or status is None
            else f"HTTP {status}"
        )
    return f"GitHub 操作失败：{what}：{reason}" + (f"（GitHub 说明：{detail}）" if detail else "")


def connect(token: str | None = None, base_url: str | None = None) -> github3.GitHub:
    """A client for ``token`` (default ``$GITHUB_TOKEN``); ``base_url`` for tests or GHES."""
    gh = github3.GitHub(token=token or os.environ.get("GITHUB_TOKEN", ""))
    url = base_url or os.environ.get("BAODAO_GITHUB_API")
    if url:
        gh.session.base_url = url.rstrip("/")
    return gh


def _retry_after(exc: gh_exc.ResponseError) -> float | None:
    headers = getattr(exc.response, "headers", {}) or {}
    if headers.get("Retry-After"):
        try:
            return float(headers["Retry-After"])
        except ValueError:
            return None
    if headers.get("X-RateLimit-Remaining") == "0":
        return None if not headers.get("X-RateLimit-Reset") else 0.0
    return None


def call(
    what: str,
    fn: Callable[[], T],
    *,
    retries: int = RETRIES,
    sleep: Callable[[float], None] | None = None,
) -> T:
    """``fn()``, retried on 5xx, connection errors and rate limits; else :class:`GitHubFailed`."""
    sleep = sleep or time.sleep
    wait = BACKOFF
    for attempt in range(retries + 1):
        try:
            return fn()
        except gh_exc.ServerError as exc:
            last = exc
            status = exc.code
        except gh_exc.ConnectionError as exc:
            last, status = exc, None
        except gh_exc.ResponseError as exc:
            after = _retry_after(exc) if exc.code in (403, 429) else None
            if after is None:
                raise GitHubFailed(what, exc.code, str(exc.msg or "")[:300]) from exc
            last, status = exc, exc.code
            wait = max(wait, min(after, MAX_WAIT))
        if attempt == retries:
            detail = getattr(last, "msg", "") or ""
            raise GitHubFailed(what, status, str(detail)[:300]) from last
        sleep(min(wait, MAX_WAIT))
        wait *= 2
    raise AssertionError("unreachable")


def repository(gh: github3.GitHub, full_name: str):
    owner, _, name = full_name.partition("/")
    repo = call(f"读取仓库 {full_name}", lambda: gh.repository(owner, name))
    if repo is None:
        raise GitHubFailed(f"读取仓库 {full_name}", 404, "")
    return repo
