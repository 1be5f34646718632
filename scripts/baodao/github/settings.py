"""``baodao github settings --check``: the repository settings the review model relies on.

The checks in ``.github/workflows/`` protect nothing on their own: a pull request's workflow
file comes from the pull request itself, so what stops a pull request that rewrites pr.yml is
GitHub's branch protection — code-owner review (CODEOWNERS gives ``/.github/`` to the
organisation department) and the check required before merging. Secrets are safe only in
environments limited to the default branch. None of that lives in the repository, so this
command reads it back from GitHub and says, in Chinese, what is off and where to turn it on.
Branch protection or a ruleset, either counts. Reading branch protection needs an
administrator's token; the rulesets that apply to a branch are readable with any read token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .client import call, repository

# The job name in pr.yml: GitHub names the status check after it (a test keeps them equal).
REQUIRED_CHECK = "pr-check"
# Environments holding secrets (main.yml's build, intake.yml): only the default branch deploys.
ENVIRONMENTS = ("private-root", "intake-bot")


@dataclass(frozen=True)
class Setting:
    ok: bool
    what: str  # Chinese: the setting
    fix: str = ""  # Chinese: where to turn it on

    def line(self) -> str:
        return f"{'✅' if self.ok else '❌'} {self.what}" + (
            "" if self.ok else f"\n    怎么改：{self.fix}"
        )


def _get(gh, what: str, *parts: Any) -> Any | None:
    """GET of a REST path; None on 404 (not set, or the token may not read it)."""

    def fetch() -> Any | None:
        response = gh.session.get(gh._build_url(*map(str, parts)))
        return None if response.status_code == 404 else gh._json(response, 200)

    return call(what, fetch)


def _truthy(d: Any, *keys: str) -> Any:
    for k in keys:
        d = d.get(k) if isinstance(d, dict) else None
    return d


def read_settings(gh, full_name: str) -> tuple[str, list[Setting]]:
    repo = repository(gh, full_name)
    owner, name = repo.owner.login, repo.name
    branch = repo.default_branch
    base = ("repos", owner, name)
    protection = _get(gh, f"读取 {branch} 的分支保护", *base, "branches", branch, "protection")
    rules = _get(gh, f"读取适用于 {branch} 的规则集", *base, "rules", "branches", branch) or []
    rules = [r for r in rules if isinstance(r, dict)]

    def rule_params(kind: str) -> list[dict]:
        return [r.get("parameters") or {} for r in rules if r.get("type") == kind]

    code_owners = _truthy(
        protection, "required_pull_request_reviews", "require_code_owner_reviews"
    ) is True or any(
        p.get("require_code_owner_review") is True for p in rule_params("pull_request")
    )
    contexts = set(_truthy(protection, "required_status_checks", "contexts") or [])
    contexts |= {
        c.get("context")
        for c in _truthy(protection, "required_status_checks", "checks") or []
        if isinstance(c, dict)
    }
    for p in rule_params("required_status_checks"):
        contexts |= {
            c.get("context") for c in p.get("required_status_checks") or [] if isinstance(c, dict)
        }
    force = (
        protection is not None and _truthy(protection, "allow_force_pushes", "enabled") is not True
    )
    force = force or bool(rule_params("non_fast_forward"))
    where = (
        f"Settings → Branches（分支保护，{branch}）或 Settings → Rules → Rulesets（目标：默认分支）"
    )
    found = [
        Setting(
            protection is not None or bool(rules),
            f"默认分支 {branch} 受保护（分支保护或规则集）",
            f"在 {where} 为 {branch} 加保护",
        ),
        Setting(
            code_owners,
            "合并前须经代码所有者（CODEOWNERS）审核：代码、流程和受保护的数据由组织部审核",
            f"在 {where} 打开 “Require review from Code Owners”",
        ),
        Setting(
            REQUIRED_CHECK in contexts,
            f"合并前须通过检查 {REQUIRED_CHECK}（pr.yml）",
            f"在 {where} 打开 “Require status checks to pass”，并加入 {REQUIRED_CHECK}",
        ),
        Setting(force, f"不允许强制推送到 {branch}", f"在 {where} 关闭 “Allow force pushes”"),
    ]
    for env in ENVIRONMENTS:
        data = _get(gh, f"读取环境 {env}", *base, "environments", env)
        policy = _truthy(data, "deployment_branch_policy")
        limited = isinstance(policy, dict) and (
            policy.get("protected_branches") is True or policy.get("custom_branch_policies") is True
        )
        found.append(
            Setting(
                data is not None and limited,
                f"环境 {env} 存在，且只允许受保护的分支（默认分支）使用其中的密钥",
                f"在 Settings → Environments 新建 {env}，“Deployment branches” 选 "
                "“Protected branches only”（或只列出默认分支），密钥放在环境里而不是仓库密钥",
            )
        )
    perms = _get(gh, "读取 Actions 的默认权限", *base, "actions", "permissions", "workflow")
    found.append(
        Setting(
            _truthy(perms, "default_workflow_permissions") == "read",
            "工作流程的 GITHUB_TOKEN 默认只读（各工作流程按需声明写权限）",
            "在 Settings → Actions → General → Workflow permissions 选 “Read repository "
            "contents and packages permissions”",
        )
    )
    return branch, found


def report(full_name: str, branch: str, found: list[Setting]) -> str:
    bad = sum(not s.ok for s in found)
    lines = [f"GitHub 仓库设置核对（{full_name}，默认分支 {branch}）：", *(s.line() for s in found)]
    lines.append(f"共 {bad} 项需要修改" if bad else "全部符合")
    return "\n".join(lines)
