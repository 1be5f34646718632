"""``baodao github settings --check`` against the offline GitHub: what the review model needs."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from fakegithub import FakeGitHub, Running

from baodao.cli import main
from baodao.github.settings import ENVIRONMENTS, REQUIRED_CHECK
from baodao.repo import CODE_ROOT

PROTECTED = {
    "deployment_branch_policy": {"protected_branches": True, "custom_branch_policies": False}
}
WHERE = "Settings → Branches（分支保护，main）或 Settings → Rules → Rulesets（目标：默认分支）"


@pytest.fixture
def fake():
    fake = FakeGitHub()
    with Running(fake):
        yield fake
    assert fake.violations == [], "\n".join(fake.violations)


def _settings(fake):
    env = {"GITHUB_TOKEN": "test-token", "BAODAO_GITHUB_API": fake.base_url}
    return CliRunner(env=env).invoke(main, ["github", "settings", "--check", "--repo", fake.full])


def _all_set(fake):
    fake.protection = {
        "url": fake.api("branches", "main", "protection"),
        "required_status_checks": {
            "strict": True,
            "contexts": [REQUIRED_CHECK],
            "checks": [{"context": REQUIRED_CHECK, "app_id": None}],
        },
        "required_pull_request_reviews": {
            "url": "https://example.invalid/x",
            "require_code_owner_reviews": True,
            "dismiss_stale_reviews": True,
            "required_approving_review_count": 1,
        },
        "allow_force_pushes": {"enabled": False},
    }
    fake.environments = {name: PROTECTED for name in ENVIRONMENTS}
    fake.workflow_permissions = {
        "default_workflow_permissions": "read",
        "can_approve_pull_request_reviews": False,
    }


def test_everything_on_passes(fake):
    _all_set(fake)
    out = _settings(fake)
    assert out.exit_code == 0, out.output
    assert out.output.endswith("全部符合\n") and "❌" not in out.output


def test_code_owner_review_off_fails_with_the_fix(fake):
    _all_set(fake)
    fake.protection["required_pull_request_reviews"]["require_code_owner_reviews"] = False
    out = _settings(fake)
    assert out.exit_code == 1
    assert out.output == (
        "GitHub 仓库设置核对（qinghe/baodao-data，默认分支 main）：\n"
        "✅ 默认分支 main 受保护（分支保护或规则集）\n"
        "❌ 合并前须经代码所有者（CODEOWNERS）审核：代码、流程和受保护的数据由组织部审核\n"
        f"    怎么改：在 {WHERE} 打开 “Require review from Code Owners”\n"
        "✅ 合并前须通过检查 pr-check（pr.yml）\n"
        "✅ 不允许强制推送到 main\n"
        "✅ 环境 private-root 存在，且只允许受保护的分支（默认分支）使用其中的密钥\n"
        "✅ 环境 intake-bot 存在，且只允许受保护的分支（默认分支）使用其中的密钥\n"
        "✅ 工作流程的 GITHUB_TOKEN 默认只读（各工作流程按需声明写权限）\n"
        "共 1 项需要修改\n"
    )


def test_the_required_check_off_fails(fake):
    _all_set(fake)
    fake.protection["required_status_checks"] = {
        "strict": True,
        "contexts": ["lint"],
        "checks": [{"context": "lint", "app_id": None}],
    }
    out = _settings(fake)
    assert out.exit_code == 1
    assert (
        "❌ 合并前须通过检查 pr-check（pr.yml）\n"
        f"    怎么改：在 {WHERE} 打开 “Require status checks to pass”，并加入 pr-check\n"
    ) in out.output


def test_a_ruleset_counts_as_much_as_branch_protection(fake):
    _all_set(fake)
    fake.protection = None
    fake.rules = [
        {
            "type": "pull_request",
            "parameters": {
                "dismiss_stale_reviews_on_push": True,
                "require_code_owner_review": True,
                "require_last_push_approval": False,
                "required_approving_review_count": 1,
                "required_review_thread_resolution": False,
            },
        },
        {
            "type": "required_status_checks",
            "parameters": {
                "required_status_checks": [{"context": REQUIRED_CHECK}],
                "strict_required_status_checks_policy": True,
            },
        },
        {"type": "non_fast_forward"},
    ]
    out = _settings(fake)
    assert out.exit_code == 0, out.output


def test_nothing_set_lists_every_setting(fake):
    out = _settings(fake)
    assert out.exit_code == 1
    assert out.output.count("❌") == 7 and out.output.endswith("共 7 项需要修改\n")
    assert "在 Settings → Environments 新建 private-root" in out.output


def test_the_required_check_is_the_pr_workflows_job():
    pr = yaml.safe_load((CODE_ROOT / ".github/workflows/pr.yml").read_text("utf-8"))
    assert [job["name"] for job in pr["jobs"].values()] == [REQUIRED_CHECK]
    for wf, job in (("main.yml", "build"), ("intake.yml", "intake")):
        data = yaml.safe_load((CODE_ROOT / ".github/workflows" / wf).read_text("utf-8"))
        assert data["jobs"][job]["environment"]["name"] in ENVIRONMENTS
