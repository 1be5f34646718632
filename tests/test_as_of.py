"""One as-of rule (docs/user-guide.md “检查日期”): validate, build and pr check judge the same
checkout on the same day, say that day and its source on their first line, and so report the
same problems — also for a record dated after the last commit."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import Repo, as_of

_spec = importlib.util.spec_from_file_location(
    "prrepo_as_of", Path(__file__).parent / "github" / "prrepo.py"
)
prrepo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prrepo)

GRID = "data/qinghe/cuihu/grids/cuihu-g01.yaml"
COMMITTED = "2026-11-23T09:00:00+08:00"  # the committer's own calendar: 2026-11-23
LATER = "2026-11-25"  # after the last commit, before today (the tests run after 2026-12)


@pytest.fixture
def git_repo(tmp_path, monkeypatch):
    for name in ("BAODAO_AS_OF", "SOURCE_DATE_EPOCH", "BAODAO_PRIVATE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_COMMITTER_DATE", COMMITTED)
    monkeypatch.setenv("GIT_AUTHOR_DATE", COMMITTED)
    repo = prrepo.make_repo(tmp_path / "repo")
    repo.write(".gitignore", "build/\n")  # the build's work folder, as in a real checkout
    repo.commit("ignore the build folder")
    return repo


def _run(root: Path, *args: str):
    result = CliRunner().invoke(main, ["--root", str(root), "--no-private", *args])
    return result


def _first_line(result) -> str:
    return result.stderr.splitlines()[0]


def _problem_lines(text: str) -> list[str]:
    """The edited file's problems (the fixture's editors.yaml has a warning of its own)."""
    return [line for line in text.splitlines() if line.startswith(GRID)]


def test_a_clean_checkout_is_judged_on_its_last_commits_date(git_repo):
    when = as_of(Repo.locate(git_repo.root, no_private=True))
    assert (when.day, when.source) == (
        dt.date(2026, 11, 23),
        "最近一次提交的日期，工作区无未提交的修改",
    )


def test_an_uncommitted_edit_is_judged_today(git_repo):
    git_repo.replace(GRID, "verified_at: 2026-09-01", f"verified_at: {LATER}")
    when = as_of(Repo.locate(git_repo.root, no_private=True))
    assert (when.day, when.source) == (dt.date.today(), "今天：data/有未提交的修改")


def test_explicit_then_environment_come_first(git_repo, monkeypatch):
    repo = Repo.locate(git_repo.root, no_private=True)
    monkeypatch.setenv("BAODAO_AS_OF", "2026-06-30")
    assert as_of(repo).line() == "按 2026-06-30 检查（来源：环境变量 BAODAO_AS_OF）"
    assert as_of(repo, "2026-01-05").line("生成网站") == "按 2026-01-05 生成网站（来源：--as-of）"


def test_validate_build_and_pr_check_judge_a_later_dated_record_alike(git_repo, tmp_path):
    """The record is dated 2026-11-25; the last commit 2026-11-23. Uncommitted, validate and
    build both judge it today (no warning); committed, all three judge it on the commit's date
    and all three say the same FRESH002 warning (before, validate used today and build the
    commit's date: validate passed what the build refused)."""
    root = git_repo.root
    git_repo.replace(GRID, "verified_at: 2026-09-01", f"verified_at: {LATER}")
    today = dt.date.today().isoformat()

    validated = _run(root, "validate")
    built = _run(root, "build", "--out", str(tmp_path / "site-1"))
    assert validated.exit_code == 0 and built.exit_code == 0, built.output
    first = f"按 {today} 检查（来源：今天：data/有未提交的修改）"
    assert _first_line(validated) == first
    assert _first_line(built) == first.replace("检查", "生成网站", 1)
    assert _problem_lines(validated.stdout) == _problem_lines(built.stdout) == []

    git_repo.branch("edit")
    head = git_repo.commit("grid verified later than the last commit")
    warning = (
        f"{GRID}:16: verified_at: 警告 FRESH002 核实日期 {LATER} 晚于检查日期 2026-11-23"
        " / verified_at is in the future"
    )
    validated = _run(root, "validate")
    built = _run(root, "build", "--out", str(tmp_path / "site-2"))
    report = tmp_path / "report.json"
    checked = _run(
        root,
        "pr",
        "check",
        "--base",
        "main",
        "--head",
        head,
        "--author",
        "cuihu-sq",
        "--out",
        str(report),
    )
    assert validated.exit_code == 0 and built.exit_code == 0, built.output
    assert checked.exit_code == 0, checked.output
    source = "最近一次提交的日期，工作区无未提交的修改"
    assert _first_line(validated) == f"按 2026-11-23 检查（来源：{source}）"
    assert _first_line(built) == f"按 2026-11-23 生成网站（来源：{source}）"
    assert _first_line(checked) == f"按 2026-11-23 检查拉取请求（来源：提交 {head[:7]} 的日期）"
    assert _problem_lines(validated.stdout) == _problem_lines(built.stdout) == [warning]
    found = json.loads(report.read_text("utf-8"))["problems"]
    assert [(p["file"], p["line"], p["code"], p["message"]) for p in found] == [
        (GRID, 16, "FRESH002", f"核实日期 {LATER} 晚于检查日期 2026-11-23")
    ]
