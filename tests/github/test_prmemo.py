"""``baodao pr check``'s memo of the base tree's report (github/prtrees.py): a hit gives what a
cold run gives, anything the base report depends on misses, a memo written elsewhere is ignored,
and the merged tree's hard links never carry the pull request's files into the base tree."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets

import pytest
from prrepo import commit_raw_entry, make_repo

from baodao.github import prcheck, prtrees
from baodao.github.prcheck import Change, GitError, _overlay, check_pr
from baodao.model.editors import Editors

DAY = dt.date(2026, 11, 23)
REVIEW = "data/qinghe/cuihu/branch-reviews/2026h1.yaml"
STARS = "小区党支部评星定级（2026H1）"


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("memo") / "repo")
    repo.write(
        REVIEW,
        "period: 2026H1\ndate: 2026-07-10\nreviews:\n"
        "  - {branch: lvjing-zb, score: 60, operating: true}\n",
    )
    repo.commit("the review of 2026H1")
    return repo


@pytest.fixture
def repo(base_repo, tmp_path, monkeypatch):
    """A pull request that corrects the review (60 → 100), no cache, this test's own key."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the machine key (cache.py)
    monkeypatch.delenv("BAODAO_CACHE", raising=False)
    base_repo.git("checkout", "-q", "-f", "main")
    base_repo.git("clean", "-qfdx")
    base_repo.branch("topic")
    base_repo.replace(REVIEW, "score: 60", "score: 100")
    base_repo.commit("the review corrected")
    return base_repo


@pytest.fixture
def trees(monkeypatch):
    """The trees each check ran the base code on, in order ("base", "head")."""
    ran: list[str] = []

    class Counted(prtrees.TreeRun):
        def __init__(self, code, tree, *args, **kwargs):
            ran.append(tree.name)
            super().__init__(code, tree, *args, **kwargs)

    monkeypatch.setattr(prcheck, "TreeRun", Counted)
    return ran


def _check(repo, day=DAY):
    return check_pr(repo.root, "main", "topic", "cuihu-sq", as_of=day)


def _move(report):
    (move,) = [s for s in report.scores if s["what"] == STARS]
    return move["name"], move["before"], move["after"]


def _memos(repo):
    return sorted((repo.root / ".cache" / prtrees.MEMO_FOLDER).glob("*.json"))


@pytest.mark.parametrize("from_cpus", [10**6, 1], ids=["one-after-the-other", "at-once"])
def test_a_memo_hit_gives_what_a_cold_run_gives_running_the_head_only(
    repo, trees, monkeypatch, from_cpus
):
    # Without a memo both trees run: at once from PARALLEL_FROM_CPUS cores, else in turn.
    monkeypatch.setattr(prtrees, "PARALLEL_FROM_CPUS", from_cpus)
    cold = _check(repo)
    assert trees == ["base", "head"]
    # As test_prcheck's review test: the branch's stars move from 15.33 to 23.33.
    assert _move(cold) == ("绿景花园联合党支部", "15.33", "23.33")
    assert len(_memos(repo)) == 1
    trees.clear()
    warm = _check(repo)
    assert trees == ["head"]  # the base's problems and results came from the memo
    assert _move(warm) == ("绿景花园联合党支部", "15.33", "23.33")
    assert warm.to_json() == cold.to_json()


def test_another_code_version_day_or_base_commit_misses(repo, trees, monkeypatch):
    _check(repo)
    trees.clear()
    version = prtrees.code_version
    monkeypatch.setattr(prtrees, "code_version", lambda: "another-version")
    assert _move(_check(repo)) == ("绿景花园联合党支部", "15.33", "23.33")
    assert trees == ["base", "head"]
    monkeypatch.setattr(prtrees, "code_version", version)
    trees.clear()
    _check(repo, dt.date(2026, 11, 24))
    assert trees == ["base", "head"]
    # main moves on: another base tree, whose report nobody has yet.
    repo.git("checkout", "-q", "main")
    repo.replace(REVIEW, "date: 2026-07-10", "date: 2026-07-11")
    repo.commit("the review's date corrected")
    repo.git("checkout", "-q", "topic")
    trees.clear()
    _check(repo)
    assert trees == ["base", "head"]
    assert len(_memos(repo)) == 4  # one per key: first, other code, other day, other base


def test_a_memo_not_sealed_on_this_machine_is_not_trusted(repo, trees):
    cold = _check(repo)
    (memo,) = _memos(repo)
    key = memo.stem
    # What a forger wants the check to believe: the base already had errors (so that the head's
    # are not its doing) and other scores. It can compute the key, not the seal.
    lie = {
        "key": key,
        "report": {
            "problems": [
                {
                    "file": "data/units/qh-shuiwu.yaml",
                    "line": 1,
                    "field": "name",
                    "code": "SCH002",
                    "severity": "error",
                    "message": "伪造",
                    "message_en": "forged",
                    "hint": "",
                }
            ],
            "results": {},
        },
    }
    body = json.dumps(lie, ensure_ascii=False).encode()
    for forged in (
        body,  # no seal at all
        secrets.token_hex(64).encode() + b"\n" + body,  # sealed with some other key
    ):
        memo.write_bytes(forged)
        trees.clear()
        report = _check(repo)
        assert trees == ["base", "head"]
        assert report.earlier == 0
        assert _move(report) == ("绿景花园联合党支部", "15.33", "23.33")
        assert report.to_json() == cold.to_json()


def test_a_sealed_memo_of_another_key_is_not_used(repo, trees):
    _check(repo)
    _check(repo, dt.date(2026, 11, 24))
    memos = {m.stat().st_mtime_ns: m for m in _memos(repo)}
    first, second = (memos[t] for t in sorted(memos))
    # Each memo names its key inside: sealed here, but put under another key's name, it misses.
    second.write_bytes(first.read_bytes())
    trees.clear()
    _check(repo, dt.date(2026, 11, 24))
    assert trees == ["base", "head"]


def test_the_head_tree_never_writes_through_a_link_into_the_base(tmp_path, base_repo):
    base = tmp_path / "base"
    (base / "data" / "units").mkdir(parents=True)
    (base / "data" / "units" / "a.yaml").write_text("name: 甲\n", encoding="utf-8")
    (base / "data" / "units" / "b.yaml").write_text("name: 乙\n", encoding="utf-8")
    head = tmp_path / "head"
    prtrees.link_tree(base, head)
    assert (head / "data/units/a.yaml").stat().st_ino == (base / "data/units/a.yaml").stat().st_ino
    base_repo.git("checkout", "-q", "-f", "main")
    sha = base_repo.git("rev-parse", "HEAD")
    # The overlay writes the pull request's version of a file the base has (from git), and
    # removes one the pull request deletes: the base tree keeps both as they were.
    unit = "data/units/qh-shuiwu.yaml"
    (head / unit).parent.mkdir(parents=True, exist_ok=True)
    (base / unit).write_text("name: 原样\n", encoding="utf-8")
    (head / unit).unlink(missing_ok=True)
    os.link(base / unit, head / unit)
    changes = [Change(unit, "modified", "100644"), Change("data/units/b.yaml", "deleted")]
    _overlay(base_repo.root, sha, head, changes, Editors.parse({}), False)
    assert (base / unit).read_text("utf-8") == "name: 原样\n"
    assert (head / unit).read_text("utf-8") == base_repo.read(unit)
    assert (base / "data/units/b.yaml").read_text("utf-8") == "name: 乙\n"
    assert not (head / "data/units/b.yaml").exists()


def test_a_link_in_the_base_leading_out_of_the_tree_stops_the_check(repo):
    """The base is checked out by git (prcheck._extract); a symbolic link leading out of it is
    refused as unpacking git archive with tarfile's "data" filter refused it."""
    before = repo.git("rev-parse", "main")
    repo.git("checkout", "-q", "main")
    commit_raw_entry(repo, ["data", "escape"], b"/etc", "a link out", mode="120000")
    repo.git("checkout", "-q", "topic")
    try:
        with pytest.raises(GitError) as err:
            _check(repo)
    finally:
        repo.git("update-ref", "refs/heads/main", before)  # the next test's base as it was
    assert str(err.value) == "目标分支含有指向树外的符号链接：data/escape"
