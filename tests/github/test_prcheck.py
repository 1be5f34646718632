"""``baodao pr check``: scopes, trust and validation judged by the base branch, never the PR's own."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from prrepo import make_repo

from baodao.github.prcheck import check_pr
from baodao.model.editors import Editors, codeowners

DAY = dt.date(2026, 11, 23)
GRID = "data/qinghe/cuihu/grids/cuihu-g01.yaml"
UNIT = "data/units/qh-shuiwu.yaml"
RULES = "data/rules/unit-assessment/2024-01-01.yaml"
NOTICE = "data/notices/2026-09-01-cuihu-secretary.md"


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("pr") / "repo")


@pytest.fixture
def repo(base_repo):
    base_repo.git("checkout", "-q", "-f", "main")
    base_repo.git("clean", "-qfdx")
    base_repo.branch("topic")
    return base_repo


def _check(repo, author, **kw):
    return check_pr(repo.root, "main", "topic", author, as_of=DAY, **kw)


def _trust(report):
    return [(p.file, p.code) for p in report.trust]


def test_an_edit_in_the_editors_own_folder_passes(repo):
    repo.replace(
        GRID, "verified_at:", "note: 网格员电话已核实\nverified_at:"
    ) if "note" not in repo.read(GRID) else None
    repo.commit("edit")
    report = _check(repo, "cuihu-sq")
    assert report.trust == []
    assert report.ok, [p.format() for p in report.problems]
    assert report.records == [{"path": GRID, "status": "modified", "type": "grid",
                               "title": "网格", "id": "cuihu-g01"}]  # fmt: skip


def test_a_file_outside_the_scope_is_named(repo):
    repo.replace(UNIT, "name:", "note: 改名\nname:")
    repo.commit("edit a unit")
    report = _check(repo, "cuihu-sq")
    assert not report.ok
    assert [p.format() for p in report.trust] == [
        f"{UNIT}: 错误 PR001 不在 cuihu-sq 的修改范围内（社区：data/qinghe/cuihu/**（不含 "
        "data/qinghe/cuihu/evaluations/**）） / outside the author's scope\n"
        "    修改建议：只修改自己负责的文件夹；其他文件请联系负责的编辑或组织部"
        "（权限按目标分支的 data/editors.yaml 判断，同一拉取请求里修改它不生效）"
    ]


def test_widening_ones_own_scope_in_editors_yaml_gains_nothing(repo):
    data = yaml.safe_load(repo.read("data/editors.yaml"))
    for e in data["editors"]:
        if e["login"] == "qh-shuiwu-dw":
            e["paths"].append("data/qinghe/**")
    repo.write("data/editors.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    repo.replace(GRID, "name:", "note: 单位改的\nname:")
    repo.commit("widen my scope and use it")
    report = _check(repo, "qh-shuiwu-dw")
    assert sorted(_trust(report)) == [("data/editors.yaml", "PR004"), (GRID, "PR001")]


def test_a_rules_change_needs_the_organisation_departments_approval(repo):
    text = repo.read(RULES)
    repo.write(RULES, text + "# 调整\n")
    repo.commit("rules")
    assert _trust(_check(repo, "cuihu-sq")) == [(RULES, "PR004")]
    # The author cannot approve their own change, even from the department.
    assert _trust(_check(repo, "zuzhibu-admin", approvals=["zuzhibu-admin"])) == [(RULES, "PR004")]
    approved = _check(repo, "zuzhibu-admin", approvals=["zuzhibu-kaohe"])
    assert approved.trust == [] and approved.ok
    # A community editor's approval is no department's.
    assert _trust(_check(repo, "cuihu-sq", approvals=["cuihu-sq", "qh-shuiwu-dw"])) == [
        (RULES, "PR004")
    ]


def test_the_base_code_checks_even_when_the_pr_disables_a_check(repo):
    schema_check = "scripts/baodao/checks/schema.py"
    repo.write(schema_check, repo.read(schema_check) + "\n\ndef check(ctx):\n    return iter(())\n")
    repo.replace(GRID, "name:", "bogus_field: 1\nname:")
    repo.commit("silence the schema check")
    report = _check(repo, "cuihu-sq")
    assert (schema_check, "PR004") in _trust(report)
    assert [(p.file, p.field, p.code) for p in report.problems if p.severity == "error"] == [
        (GRID, "bogus_field", "SCH002")
    ]


def test_an_unreviewed_rules_change_is_not_used_to_validate(repo):
    # Weights that no longer sum to 100 would be RULE003 — but the base's rules still apply.
    repo.write(RULES, repo.read(RULES).replace("weight: ", "weight: 9", 1))
    repo.commit("weights")
    unreviewed = _check(repo, "cuihu-sq")
    assert not [p for p in unreviewed.problems if p.code.startswith("RULE")]
    reviewed = _check(repo, "zuzhibu-admin", approvals=["zuzhibu-kaohe"])
    assert [p.code for p in reviewed.problems if p.code.startswith("RULE")]


def test_a_frozen_result_cannot_change(repo):
    repo.git("checkout", "-q", "main")
    repo.write("data/results/unit-assessment/2025.json", '{"period": "2025", "results": []}\n')
    main_sha = repo.commit("freeze 2025")
    repo.branch("topic")
    repo.write("data/results/unit-assessment/2025.json", '{"period": "2025", "results": [1]}\n')
    repo.commit("raise my result")
    report = _check(repo, "zuzhibu-admin", approvals=["zuzhibu-kaohe"])
    assert [(p.file, p.code, p.message) for p in report.trust] == [
        ("data/results/unit-assessment/2025.json", "PR002", "已冻结的考核结果不能修改")
    ]
    repo.git("checkout", "-q", "main")
    repo.git("reset", "-q", "--hard", f"{main_sha}~1")


def test_a_published_notice_needs_a_new_amendment(repo):
    repo.replace(NOTICE, "\n---\n", "\n---\n补充说明。\n")
    repo.commit("change the notice")
    report = _check(repo, "zuzhibu-admin")
    assert [(p.file, p.code) for p in report.trust] == [(NOTICE, "PR003")]
    assert "amendments" in report.trust[0].hint
    repo.replace(NOTICE, "---\n", "---\namendments:\n- date: '2026-09-03'\n  reason: 补充说明\n")
    repo.commit("with an amendment")
    assert _trust(_check(repo, "zuzhibu-admin")) == []


def test_deleting_a_published_notice_is_refused(repo):
    repo.git("rm", "-q", NOTICE)
    repo.commit("delete")
    assert _trust(_check(repo, "zuzhibu-admin")) == [(NOTICE, "PR003")]


def test_a_symlink_is_refused(repo):
    (repo.root / "data/qinghe/cuihu/lists/needs/link.yaml").symlink_to("/etc/passwd")
    repo.commit("link")
    assert ("data/qinghe/cuihu/lists/needs/link.yaml", "PR005") in _trust(_check(repo, "cuihu-sq"))


def test_a_bot_pr_is_judged_by_the_forms_submitter(repo):
    need = "data/qinghe/cuihu/lists/needs/cuihu-n-20261120-abcdef.yaml"
    repo.write(need, repo.read("data/qinghe/cuihu/lists/needs/cuihu-n01.yaml").replace(
        "id: cuihu-n01", "id: cuihu-n-20261120-abcdef"))  # fmt: skip
    repo.commit("form")
    body = "<!-- baodao-intake issue=7 submitter=Someone-Else -->"
    report = _check(repo, "github-actions[bot]", body=body)
    assert report.judged_as == "someone-else" and report.trust == []
    # The marker means nothing in a pull request a person opened.
    assert _trust(_check(repo, "qh-shuiwu-dw", body=body)) == [(need, "PR001")]
    # And a submitter who is no editor may only add a form's file, not change others.
    repo.replace(GRID, "name:", "note: x\nname:")
    repo.commit("more")
    assert _trust(_check(repo, "github-actions[bot]", body=body)) == [(GRID, "PR001")]


def test_codeowners_is_generated_from_editors_yaml():
    from baodao.repo import CODE_ROOT

    text = codeowners(Editors.load(CODE_ROOT))
    assert (CODE_ROOT / ".github" / "CODEOWNERS").read_text("utf-8") == text, (
        "运行 baodao editors codeowners 重新生成"
    )
    assert "/data/rules/** @zuzhibu-admin @zuzhibu-kaohe" in text.splitlines()
    assert "/data/qing-he/cui-hu/** @cui-hu-sq" in text.splitlines()


def test_editors_yaml_problems(tiny):
    tiny.write("data/editors.yaml", {"protected": ["data/rules/**"], "editors": [
        {"login": "a-sq", "name": "甲", "role": "community", "paths": ["data/rules/**"]},
        {"login": "A-sq", "name": "乙", "role": "community", "paths": ["data/qinghe/nowhere/**"]},
    ]})  # fmt: skip
    assert sorted(tiny.messages("EDIT001") + tiny.messages("EDIT002") + tiny.messages("EDIT003")) == sorted([
        "data/editors.yaml:9: editors[1].login: 错误 EDIT001 账号 'A-sq' 登记了不止一次（另见第 1 项） / login listed twice\n    修改建议：每个账号只登记一次，把它的路径合并到一项里",
        "data/editors.yaml:3: editors: 错误 EDIT002 没有组织部（organisation_department）账号：受保护文件的修改无人可审核 / no organisation department login\n    修改建议：至少登记一个 role: organisation_department 的账号",
        "data/editors.yaml:8: editors[0].paths[0]: 错误 EDIT003 'data/rules/**' 是受保护的路径，只能由组织部修改 / a protected path in an editor's scope\n    修改建议：删去这条路径；规则、代码表、日历和编辑权限的修改由组织部审核",
    ])  # fmt: skip


def test_the_comment_names_the_stars_a_review_change_moves(repo):
    """The change's effect on the public site covers the ratings, not only the unit results."""
    from baodao.github.comment import render

    review = "data/qinghe/cuihu/branch-reviews/2026h1.yaml"
    repo.write(review, "period: 2026H1\ndate: 2026-07-10\nreviews:\n"
               "  - {branch: lvjing-zb, score: 60, operating: true}\n")  # fmt: skip
    repo.commit("the review of 2026H1")
    repo.git("branch", "-f", "main", "HEAD")
    repo.branch("topic")
    repo.replace(review, "score: 60", "score: 100")
    repo.commit("the review corrected")
    report = _check(repo, "cuihu-sq")
    assert report.trust == [] and report.assessed
    (move,) = [s for s in report.scores if s["what"] == "小区党支部评星定级（2026H1）"]
    # The station's 六有 check (2026-10-10) is after the half year: 0 (it cannot rewrite 2026H1);
    # central households 1 of 3 buildings (10/3) + the review: 60 → 100 of 20 (12 → 20).
    assert (move["name"], move["before"], move["after"]) == ("绿景花园联合党支部", "15.33", "23.33")
    assert move["grade_before"] == move["grade_after"] == "一星，抓整治"
    text = render(report.to_json(), "")
    assert "| 小区党支部评星定级（2026H1） | 绿景花园联合党支部 |" in text
