"""The workflows: pinned actions, least privilege, no untrusted text in shell, actionlint clean."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from baodao.repo import CODE_ROOT

WORKFLOWS = sorted((CODE_ROOT / ".github" / "workflows").glob("*.yml")) + [
    CODE_ROOT / "scripts/baodao/templates/private-repo/validate.yml"
]
# Values a pull request's or issue's author controls (titles, bodies, branch names, …).
UNTRUSTED = re.compile(
    r"\$\{\{\s*github\.event\.(issue|pull_request|comment|review|head_commit|workflow_run)\."
)


def _load(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_and_permissions_least(path):
    wf = _load(path)
    assert wf["permissions"] == {"contents": "read"} or path.name == "pr.yml", wf["permissions"]
    for name, job in wf["jobs"].items():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), (
                    name,
                    step["uses"],
                )
            assert not UNTRUSTED.search(step.get("run", "")), (name, step.get("run"))


def test_the_pull_request_workflows_never_write_and_never_run_pr_code():
    pr = _load(CODE_ROOT / ".github/workflows/pr.yml")
    assert pr["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert set(pr["on"]) == {"pull_request", "pull_request_review"}  # never pull_request_target
    checkout = pr["jobs"]["check"]["steps"][0]
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    comment = _load(CODE_ROOT / ".github/workflows/pr-comment.yml")
    assert set(comment["on"]) == {"workflow_run"}
    for step in comment["jobs"]["comment"]["steps"]:
        assert "ref" not in step.get("with", {}), step  # the default branch, never the PR's head


def test_actionlint_passes():
    exe = Path(sys.executable).with_name("actionlint")
    done = subprocess.run([str(exe), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
