"""End to end against a local GitHub that checks GitHub's OpenAPI contract on every call.

A pull request's life: scope and trust checks against the base branch, the Chinese comment
with fixes (one comment, updated in place), the preview, merge, build and the notice's release.
A form's life: issue → validated record → pull request that closes the issue, or a comment.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from fakegithub import FakeGitHub, Running
from prrepo import make_repo

from baodao.cli import main
from baodao.github import client
from baodao.github.client import GitHubFailed, connect
from baodao.github.comment import MARKER, post_report, pr_files, render, upsert
from baodao.github.forms import issue_body, load_form
from baodao.github.intakepr import open_pr, submitter_of
from baodao.github.prcheck import check_pr
from baodao.github.publish import ENDED, announce_notices, reverify
from baodao.github.workflowrun import Run, run_from_event
from baodao.repo import CODE_SCHEMAS, Repo

DAY = dt.date(2026, 11, 23)
GRID = "data/qinghe/cuihu/grids/cuihu-g01.yaml"
COMPOUND = "data/qinghe/cuihu/compounds/lvjing.yaml"
BOT = "github-actions[bot]"
NEED = {
    "name": "楼道照明维修",
    "community": "cuihu",
    "category": "facilities",
    "raised_by.type": "compound",
    "raised_by.id": "lvjing",
    "compound": "lvjing",
    "description": "3号楼楼道灯损坏",
    "urgency": "medium",
    "quantity": "4",
}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(client.time, "sleep", waits.append)
    return waits


@pytest.fixture
def fake():
    fake = FakeGitHub()
    with Running(fake):
        yield fake
    assert fake.violations == [], "\n".join(fake.violations)


def _gh(fake):
    return connect("test-token", fake.base_url)


def test_a_pull_requests_life(tmp_path, fake):
    repo = make_repo(tmp_path / "repo")
    base = repo.git("rev-parse", "main")
    repo.branch("topic")
    # A community editor mistypes a building's grid and also touches a unit's file.
    repo.replace(COMPOUND, "grid: cuihu-g01", "grid: cuihu-g0l")
    repo.replace("data/units/qh-shuiwu.yaml", "name:", "note: 顺手改的\nname:")
    head = repo.commit("edit grid and unit")
    n = fake.add_pull("cuihu-sq", head, base, [COMPOUND, "data/units/qh-shuiwu.yaml"])
    gh = _gh(fake)
    assert pr_files(gh, fake.full, n) == sorted([COMPOUND, "data/units/qh-shuiwu.yaml"])

    report = check_pr(repo.root, "main", "topic", "cuihu-sq", as_of=DAY).to_json()
    report["pr"] = n
    assert report["ok"] is False
    url = post_report(gh, fake.full, json.dumps(report), Run(901, head, (n,)), BOT)
    (comment,) = fake.comments.values()
    assert url.endswith(f"#issuecomment-{next(iter(fake.comments))}")
    body = comment["body"]
    assert body.startswith(MARKER) and "❌ 数据检查：有 2 处需要修改" in body
    assert "| `data/units/qh-shuiwu.yaml` |  |  | 错误 `PR001` | 不在 cuihu-sq 的修改范围内" in body
    ref = next(p for p in report["problems"] if p["code"] == "REF001")
    assert f"| `{COMPOUND}` | {ref['line']} | `{ref['field']}` | 错误 `REF001` |" in body
    assert "未知网格 'cuihu-g0l'（是否应为 'cuihu-g01'？）" in body

    # The editor fixes both; the same comment is updated, and the preview is built.
    repo.replace(COMPOUND, "grid: cuihu-g0l", "grid: cuihu-g01")
    repo.git("checkout", "main", "--", "data/units/qh-shuiwu.yaml")
    repo.replace(GRID, "name:", "note: 网格员电话已核实\nname:")
    head = repo.commit("fix")
    fake.pulls[n]["head"] = head
    preview = tmp_path / "preview"
    report = check_pr(
        repo.root,
        "main",
        "topic",
        "cuihu-sq",
        as_of=DAY,
        preview=preview,
        preview_url="https://preview.example.invalid/pr-1/",
    ).to_json()
    report["pr"] = n
    assert report["ok"] is True, report
    post_report(gh, fake.full, json.dumps(report), Run(902, head, (n,)), BOT, report["preview"])
    assert len(fake.comments) == 1
    body = next(iter(fake.comments.values()))["body"]
    assert "✅ 数据检查通过" in body and "修改 1 条：网格 `cuihu-g01`" in body
    assert "https://preview.example.invalid/pr-1/" in body
    assert (preview / "index.html").is_file()
    assert fake.served("patch", r"/issues/comments/\d+$")

    # A stale artefact (for an older commit) is not posted.
    with pytest.raises(GitHubFailed) as err:
        post_report(gh, fake.full, json.dumps({**report, "head": base}), Run(903, head, (n,)), BOT)
    assert (
        str(err.value)
        == f"拒绝发表评论：构建产物与触发运行的提交不一致（运行 903 检查的是 {head[:7]}）"
    )

    # Merge and deploy: the main branch builds, and the open notice gets its release.
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "topic")
    main = Repo.locate(repo.root, no_private=True, schemas=CODE_SCHEMAS)
    from baodao.web.build import build

    built = build(main, tmp_path / "public", DAY.isoformat())
    assert built.pages > 10 and (tmp_path / "public" / "index.html").is_file()
    done = announce_notices(gh, fake.full, main, dt.date(2026, 9, 2))
    assert done.created == ["notice-cuihu-secretary"]
    (release,) = fake.releases.values()
    assert release["body"].startswith("公示期：2026-09-01 至 2026-09-07")
    # After its period the scheduled run marks it ended, once.
    assert announce_notices(gh, fake.full, main, DAY).updated == ["notice-cuihu-secretary"]
    assert release["name"].endswith(ENDED)
    assert announce_notices(gh, fake.full, main, DAY).updated == []


def test_a_forms_life(tiny, fake):
    repo = tiny.repo(private=False)
    body = issue_body(load_form("need", repo), NEED)
    n = fake.add_issue("[需求] 楼道照明维修", body, "Resident-1", ["intake:need"])
    outcome = open_pr(_gh(fake), fake.full, n, repo, dt.date(2026, 3, 5))
    assert outcome.ok, outcome.message
    (pr,) = [p for p in fake.pulls.values()]
    assert pr["branch"] == f"intake/issue-{n}" and f"Closes #{n}" in pr["body"]
    # Whose scope judges it comes from GitHub's issue, not from the body anyone may edit.
    number = next(k for k, p in fake.pulls.items() if p is pr)
    pr["body"] += "<!-- baodao-intake issue=1 submitter=zuzhibu-admin -->"
    assert submitter_of(_gh(fake), fake.full, number) == "Resident-1"
    ((branch, path), content) = next(iter(fake.files.items()))
    assert branch == f"intake/issue-{n}" and path.startswith("data/qinghe/cuihu/lists/needs/")
    assert "楼道照明维修" in content.decode("utf-8")
    assert "等待社区审核" in fake.comments[max(fake.comments)]["body"]
    # Labelled again: no second pull request.
    again = open_pr(_gh(fake), fake.full, n, repo, dt.date(2026, 3, 5))
    assert again.ok and len(fake.pulls) == 1


def test_a_form_that_does_not_validate_gets_one_comment_listing_the_fields(tiny, fake):
    repo = tiny.repo(private=False)
    body = issue_body(load_form("need", repo), {**NEED, "quantity": "四个", "compound": ""})
    n = fake.add_issue("[需求] 楼道照明维修", body, "Resident-1", ["intake:need"])
    outcome = open_pr(_gh(fake), fake.full, n, repo, dt.date(2026, 3, 5))
    assert not outcome.ok and fake.pulls == {}
    (comment,) = fake.comments.values()
    assert "### 表单需要修改" in comment["body"]
    assert "'四个' 不是数字；修改建议：只填写数字" in comment["body"]
    open_pr(_gh(fake), fake.full, n, repo, dt.date(2026, 3, 5))
    assert len(fake.comments) == 1  # edited in place


def test_server_errors_are_retried_with_backoff(tiny, fake, no_waiting):
    n = fake.add_pull("cuihu-sq", "1" * 40, "2" * 40, [f"data/f{i:03}.yaml" for i in range(250)])
    fake.fail("get", r"/pulls/\d+/files$", 502, times=2)
    assert len(pr_files(_gh(fake), fake.full, n)) == 250
    assert no_waiting == [1.0, 2.0]
    assert len(fake.served("get", r"/files$")) == 2 + 3  # two failures, then three pages


def test_a_server_that_keeps_failing_gives_a_clear_message(fake):
    n = fake.add_pull("cuihu-sq", "1" * 40, "2" * 40, [])
    fake.fail("post", r"/comments$", 503, times=10)
    with pytest.raises(GitHubFailed) as err:
        upsert(_gh(fake), fake.full, n, MARKER + "\nx", BOT)
    assert str(err.value) == (
        f"GitHub 操作失败：在 #{n} 发表检查评论：GitHub 暂时不可用（服务器错误），"
        "已多次重试仍失败，请稍后重新运行（GitHub 说明：injected 503）"
    )
    assert fake.comments == {}


def test_forbidden_is_not_retried_and_nothing_is_left_half_done(tiny, fake):
    repo = tiny.repo(private=False)
    body = issue_body(load_form("need", repo), NEED)
    n = fake.add_issue("[需求] 楼道照明维修", body, "Resident-1", ["intake:need"])
    fake.fail("post", r"/pulls$", 403)
    with pytest.raises(GitHubFailed) as err:
        open_pr(_gh(fake), fake.full, n, repo, dt.date(2026, 3, 5))
    assert str(err.value) == (
        "GitHub 操作失败：创建拉取请求：权限不足（检查工作流的 permissions: 设置，"
        "或仓库是否允许 Actions 创建拉取请求）（GitHub 说明：injected 403）"
    )
    assert f"heads/intake/issue-{n}" not in fake.refs  # the branch was deleted again
    assert fake.pulls == {} and len(fake.served("post", r"/pulls$")) == 1


def test_a_rate_limited_403_waits_and_retries(fake, no_waiting):
    n = fake.add_pull("cuihu-sq", "1" * 40, "2" * 40, [])
    fake.fail("get", r"/issues/\d+/comments$", 403, headers={"Retry-After": "7"})
    upsert(_gh(fake), fake.full, n, MARKER + "\nx", BOT)
    assert no_waiting == [7.0] and len(fake.comments) == 1


def test_unprocessable_is_said_in_chinese(fake):
    n = fake.add_pull("cuihu-sq", "1" * 40, "2" * 40, [])
    upsert(_gh(fake), fake.full, n, MARKER + "\nx", BOT)
    fake.fail("patch", r"/issues/comments/\d+$", 422)
    with pytest.raises(GitHubFailed, match="GitHub 拒绝了请求内容"):
        upsert(_gh(fake), fake.full, n, MARKER + "\ny", BOT)
    assert next(iter(fake.comments.values()))["body"] == MARKER + "\nx"


def test_someone_elses_comment_with_the_marker_is_not_edited(fake):
    n = fake.add_pull("cuihu-sq", "1" * 40, "2" * 40, [])
    fake.comments[1] = {"issue": n, "body": MARKER + " 伪造", "user": "mallory"}
    upsert(_gh(fake), fake.full, n, MARKER + "\nreal", BOT)
    assert fake.comments[1]["body"] == MARKER + " 伪造" and len(fake.comments) == 2


def _forged(pr_number: int | None, head: str, approvals: list[str]) -> str:
    report = {
        "version": 1,
        "ok": True,
        "head": head,
        "base": "2" * 40,
        "author": "cuihu-sq",
        "judged_as": "cuihu-sq",
        "scope": "社区",
        "approvals": approvals,
        "files": [],
        "trust": [],
        "problems": [],
        "records": [],
        "scores": [],
    }
    if pr_number is not None:
        report["pr"] = pr_number
    return json.dumps(report)


def test_an_artefact_cannot_comment_on_another_pull_request(fake):
    """A hand-made artefact naming a different pull request with the same head commit once
    made the job post "✅ 数据检查通过 … 已批准" there."""
    head = "1" * 40
    mine = fake.add_pull("mallory", head, "2" * 40, [GRID], branch="evil")
    theirs = fake.add_pull("cuihu-sq", head, "2" * 40, [GRID], branch="topic")
    run = Run(4242, head, (mine,))  # as GitHub's event says: the run checked mallory's PR
    gh = _gh(fake)
    with pytest.raises(GitHubFailed) as err:
        post_report(gh, fake.full, _forged(theirs, head, ["zuzhibu-kaohe"]), run, BOT)
    assert (
        str(err.value)
        == f"拒绝发表评论：构建产物写的是拉取请求 #{theirs}，而触发运行 4242 检查的是 #{mine}"
    )
    # Approvals are GitHub's: one of an older commit does not count, a claimed one is refused.
    fake.review(mine, "zuzhibu-kaohe", "APPROVED", "3" * 40)
    with pytest.raises(GitHubFailed) as err:
        post_report(gh, fake.full, _forged(None, head, ["zuzhibu-kaohe"]), run, BOT)
    assert (
        str(err.value)
        == "拒绝发表评论：构建产物中的批准（zuzhibu-kaohe）不在 GitHub 上对提交 1111111 的审核里"
    )
    assert fake.comments == {}
    # Without a number the report goes to the run's own pull request only, bound to the run.
    post_report(gh, fake.full, _forged(None, head, []), run, BOT)
    ((c),) = fake.comments.values()
    assert c["issue"] == mine and "已批准" not in c["body"]
    assert c["body"].startswith(
        f"{MARKER}\n<!-- baodao-run pr={mine} run=4242 head={head} -->\n"
        f"（本评论属于拉取请求 #{mine}：检查运行 4242，提交 1111111；"
        "批准情况按 GitHub 上的审核重新核对。）\n"
    )
    # An earlier run finishing late does not overwrite the later run's comment.
    post_report(
        gh,
        fake.full,
        _forged(None, head, []).replace('"ok": true', '"ok": false'),
        Run(4241, head, (mine,)),
        BOT,
    )
    assert "run=4242" in c["body"]
    # A newer approval of this commit is shown, because GitHub says so.
    fake.review(mine, "zuzhibu-kaohe", "APPROVED", head)
    post_report(gh, fake.full, _forged(None, head, []), Run(4243, head, (mine,)), BOT)
    assert "已批准：zuzhibu-kaohe。" in c["body"] and len(fake.comments) == 1


def test_the_run_comes_from_the_event_github_wrote(fake):
    head = "4" * 40
    a = fake.add_pull("cuihu-sq", head, "2" * 40, [GRID], branch="topic")
    b = fake.add_pull("cuihu-sq", head, "2" * 40, [GRID], branch="other")
    event = {
        "workflow_run": {
            "id": 77,
            "head_sha": head,
            "head_branch": "topic",
            "head_repository": {"full_name": fake.full},
            "pull_requests": [{"number": a}, {"number": b}],
        }
    }
    gh = _gh(fake)
    with pytest.raises(GitHubFailed) as err:
        post_report(gh, fake.full, _forged(None, head, []), run_from_event(event), BOT)
    assert (
        str(err.value)
        == f"拒绝发表评论：触发运行 77 属于多个拉取请求（#{a}、#{b}），无法确定发表到哪一个"
    )
    # A fork's pull request is not listed by GitHub: found by head repository, branch and commit.
    event["workflow_run"]["pull_requests"] = []
    post_report(gh, fake.full, _forged(None, head, []), run_from_event(event), BOT)
    assert [c["issue"] for c in fake.comments.values()] == [a]
    fake.pulls[a]["head"] = "5" * 40  # pushed again since: this run's report is stale
    event["workflow_run"]["pull_requests"] = [{"number": a}]
    with pytest.raises(GitHubFailed) as err:
        post_report(gh, fake.full, _forged(None, head, []), run_from_event(event), BOT)
    assert str(err.value) == (
        f"拒绝发表评论：拉取请求 #{a} 的最新提交已不是触发运行检查的 4444444"
        "（已有新的推送，新的检查会再发表）"
    )
    with pytest.raises(GitHubFailed) as err:
        run_from_event({"workflow_run": {"id": 1, "head_sha": "x"}})
    assert str(err.value) == "拒绝发表评论：事件中没有触发运行的提交编号（workflow_run.head_sha）"


def test_only_a_bots_intake_branch_has_a_submitter(fake):
    issue = fake.add_issue("[需求] x", "", "Resident-2", ["intake:need"])
    other = fake.add_pull("cuihu-sq", "6" * 40, "2" * 40, [], branch="topic")
    named = fake.add_pull(BOT, "6" * 40, "2" * 40, [], branch=f"intake/issue-{issue}")
    on_a_pr = fake.add_pull(BOT, "6" * 40, "2" * 40, [], branch=f"intake/issue-{other}")
    gh = _gh(fake)
    assert submitter_of(gh, fake.full, named) == "Resident-2"
    assert submitter_of(gh, fake.full, other) is None
    assert submitter_of(gh, fake.full, on_a_pr) is None  # the number of a pull request, no form


def test_the_report_is_untrusted_data():
    evil = {
        "version": 1,
        "ok": True,
        "head": "x",
        "author": "@everyone",
        "judged_as": "@everyone",
        "scope": "<img src=x onerror=alert(1)>",
        "files": [],
        "problems": [
            {
                "file": "a`|b",
                "line": "1",
                "field": "[x](https://evil.example)",
                "code": "X",
                "severity": "error",
                "message": "<script>",
                "hint": "**b**",
            }
        ],
        "records": [],
        "scores": [],
    }
    text = render(evil)
    assert "<img" not in text and "<script>" not in text and "@everyone" not in text
    # Links stay inert inside code spans; a "|" cannot end the table cell.
    assert "`[x](https://evil.example)`" in text and "`a'\\|b`" in text
    assert "❌" in text  # an error row makes it fail whatever "ok" says
    assert "格式不对" in render([1, 2]) and "格式不对" in render({"version": 2})


def test_stale_records_get_one_reverification_issue_per_community(tiny, fake):
    repo = tiny.repo(private=False)
    done = reverify(_gh(fake), fake.full, repo, dt.date(2030, 1, 1))
    assert done.created == ["qinghe/cuihu"] or "qinghe/cuihu" in done.created
    issue = next(i for i in fake.issues.values() if i["title"].startswith("[复核] qinghe/cuihu"))
    assert issue["labels"] == ["复核"] and "verified_at" in issue["body"]
    again = reverify(_gh(fake), fake.full, repo, dt.date(2030, 1, 1))
    assert again.created == [] and again.updated == []
    # Once verified, the issue closes.
    closed = reverify(_gh(fake), fake.full, repo, dt.date(2026, 11, 23))
    assert "qinghe/cuihu" in closed.closed and issue["state"] == "closed"


def test_the_contract_checker_catches_a_bad_request(fake):
    import requests

    requests.post(
        f"{fake.base_url}/repos/{fake.full}/issues/1/comments", json={"nobody": 1}, timeout=5
    )
    bad = [v for v in fake.violations if v.startswith("request POST")]
    assert bad
    fake.violations.clear()


def test_the_comment_command_reads_the_event_github_wrote(tmp_path, fake):
    """As pr-comment.yml runs it: the pull request comes from $GITHUB_EVENT_PATH only."""
    head = "7" * 40
    mine = fake.add_pull("cuihu-sq", head, "2" * 40, [GRID], branch="topic")
    theirs = fake.add_pull("cuihu-sq", head, "2" * 40, [GRID], branch="other")
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {
                "workflow_run": {
                    "id": 99,
                    "head_sha": head,
                    "head_branch": "topic",
                    "head_repository": {"full_name": fake.full},
                    "pull_requests": [{"number": mine}],
                }
            }
        )
    )
    report = tmp_path / "report.json"
    env = {
        "GITHUB_TOKEN": "test-token",
        "BAODAO_GITHUB_API": fake.base_url,
        "GITHUB_REPOSITORY": fake.full,
        "GITHUB_EVENT_PATH": str(event),
    }
    runner = CliRunner(env=env)
    report.write_text(_forged(theirs, head, []))
    out = runner.invoke(main, ["pr", "comment", "--report", str(report)])
    assert out.exit_code == 1
    assert (
        out.output
        == f"Error: 拒绝发表评论：构建产物写的是拉取请求 #{theirs}，而触发运行 99 检查的是 #{mine}\n"
    )
    report.write_text(_forged(None, head, []))
    out = runner.invoke(main, ["pr", "comment", "--report", str(report)])
    assert out.exit_code == 0, out.output
    ((cid, c),) = fake.comments.items()
    assert c["issue"] == mine and out.output == (
        f"检查评论：https://github.com/{fake.full}/issues/{mine}#issuecomment-{cid}\n"
    )
