"""``baodao pr check``: scopes, trust and validation judged by the base branch, never the PR's own."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from click.testing import CliRunner
from prrepo import commit_raw_entry, make_repo

from baodao.cli import main
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
    assert report.records == [
        {"path": GRID, "status": "modified", "type": "grid", "title": "网格", "id": "cuihu-g01"}
    ]


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


PR006_HINT = (
    "\n    修改建议：文件夹名和文件名只用小写字母、数字和连字符（-）；删去这个文件后重新推送"
)


def test_a_dotdot_entry_cannot_put_the_prs_code_in_the_check(repo, tmp_path):
    """A tree entry named ".." that a community's ``data/qinghe/cuihu/**`` glob matches: before,
    it was laid over the base tree as scripts/baodao/cli.py, which then ran and said ✅."""
    ran = tmp_path / "pr-code-ran"
    payload = (
        f"from pathlib import Path\ndef main():\n    Path({str(ran)!r}).touch()\n    print('[]')\n"
    )
    parts = ["data", "qinghe", "cuihu", "..", "..", "..", "scripts", "baodao", "cli.py"]
    commit_raw_entry(repo, parts, payload.encode(), "a tree entry named ..")
    report = _check(repo, "cuihu-sq")
    assert [p.format() for p in report.trust] == [
        "data/qinghe/cuihu/../../../scripts/baodao/cli.py: 错误 PR006 文件路径不安全：含有 “..”、“.” "
        "或空的路径段，本次检查没有校验任何数据 / unsafe path: '..', '.' or an empty part"
        + PR006_HINT
    ]
    assert not report.ok and report.problems == [] and not ran.exists()


def test_a_submodule_stops_the_check_before_anything_runs(repo):
    head = repo.git("rev-parse", "HEAD")
    commit_raw_entry(
        repo, ["data", "qinghe", "cuihu", "vendor"], head.encode(), "submodule", mode="160000"
    )
    report = _check(repo, "cuihu-sq")
    assert [(p.file, p.code, p.message) for p in report.trust] == [
        ("data/qinghe/cuihu/vendor", "PR005", "不能提交符号链接或子模块")
    ]
    assert report.problems == [] and not report.assessed


def test_a_newline_in_a_file_name_cannot_write_to_the_log(repo):
    """GitHub Actions reads a log line starting with "::" as a command (::error::, ::warning::)."""
    parts = ["data", "qinghe", "cuihu", "lists", "needs", "x\n::error::数据检查通过.yaml"]
    commit_raw_entry(repo, parts, b"id: x\n", "a newline in a name")
    commit_raw_entry(repo, ["::warning::ok"], b"x\n", "a colon first")
    out = CliRunner().invoke(
        main,
        [
            "--root",
            str(repo.root),
            "pr",
            "check",
            "--scope-only",
            "--base",
            "main",
            "--head",
            "topic",
            "--author",
            "cuihu-sq",
        ],
    )
    assert out.exit_code == 1
    assert out.output == (
        "\\x3a:warning::ok: 错误 PR004 代码、schema、流程、规则、代码表和编辑权限的修改须经组织部审核批准 / "
        "protected path needs the organisation department's approval\n"
        "    修改建议：请组织部（zuzhibu-admin、zuzhibu-kaohe）审查后批准（Approve）本拉取请求；批准后检查会重新运行\n"
        "data/qinghe/cuihu/lists/needs/x\\x0a::error::数据检查通过.yaml: 错误 PR006 文件路径不安全："
        "含有控制字符或不可见字符 U+000A（如换行），本次检查没有校验任何数据 / unsafe path: control or "
        "invisible character U+000A" + PR006_HINT + "\n"
        "按代码 / by code：PR004 1，PR006 1\n"
        "共 2 个错误，0 个警告 / 2 errors, 0 warnings\n"
    )
    assert not [line for line in out.output.splitlines() if line.lstrip().startswith("::")]
    # The comment shows the name escaped, on one line of its table.
    from baodao.github.comment import render

    text = render(_check(repo, "cuihu-sq").to_json())
    assert (
        "| `data/qinghe/cuihu/lists/needs/x\\x0a::error::数据检查通过.yaml` |  |  | 错误 `PR006` |"
        in text
    )


def test_the_overlay_never_writes_outside_data(tmp_path):
    """Belt and braces: were an unsafe path ever let through, laying it over still refuses."""
    from baodao.github.prcheck import Change, GitError, _overlay

    tree = tmp_path / "tree"
    (tree / "data").mkdir(parents=True)
    change = Change("data/../scripts/baodao/cli.py", "added", "100644")
    with pytest.raises(GitError) as err:
        _overlay(tmp_path, "HEAD", tree, [change], Editors.parse({}), False)
    assert str(err.value) == "拒绝写到 data/ 以外：data/../scripts/baodao/cli.py"
    assert not (tree / "scripts").exists()


AMENDMENT = "---\namendments:\n- date: '2026-09-03'\n  reason: 补充说明\n"
PR007_HINT = (
    "\n    修改建议：公示只由发布它的组织（front matter 的 issued_by，不填即为区委组织部）和组织部修改；"
    "新发布的公示写上 issued_by: 本组织；其他组织的公示请联系该组织或组织部"
)


def _notice(repo, name: str, issued_by: str | None) -> str:
    path = f"data/notices/2026-10-01-{name}.md"
    text = repo.read(NOTICE).replace("id: cuihu-secretary", f"id: {name}")
    if issued_by:
        text = text.replace("kind:", f"issued_by: {issued_by}\nkind:")
    repo.write(path, text)
    return path


def test_a_street_cannot_amend_the_districts_notice(repo):
    repo.replace(NOTICE, "---\n", AMENDMENT)
    repo.commit("a street amends the district's notice")
    report = check_pr(repo.root, "main", "topic", "qinghe-jd", validate=False)
    assert [p.format() for p in report.trust] == [
        f"{NOTICE}: 错误 PR007 这份公示由 区委组织部（未填 issued_by） 发布，不归 qinghe-jd（qinghe）修改 / "
        "a notice issued by another organisation" + PR007_HINT
    ]
    assert _trust(check_pr(repo.root, "main", "topic", "zuzhibu-admin", validate=False)) == []


def test_notices_belong_to_the_organisation_that_issued_them(repo):
    repo.git("checkout", "-q", "main")
    mine, theirs, community = (
        _notice(repo, "a", "qinghe"),
        _notice(repo, "b", "dongqu"),
        _notice(repo, "c", "qinghe/cuihu"),
    )
    main_sha = repo.commit("three notices")
    try:
        repo.branch("topic")
        for path in (mine, theirs, community):
            repo.replace(path, "---\n", AMENDMENT)
        repo.commit("amend all three")
        report = check_pr(repo.root, "main", "topic", "qinghe-jd", validate=False)
        # Its own and its community's notices, not another street's.
        assert [(p.file, p.code, p.message) for p in report.trust] == [
            (theirs, "PR007", "这份公示由 dongqu 发布，不归 qinghe-jd（qinghe）修改")
        ]
        assert _trust(check_pr(repo.root, "main", "topic", "dongqu-jd", validate=False)) == [
            (mine, "PR007"),
            (community, "PR007"),
        ]
        # Taking another's notice over by rewriting issued_by is refused too.
        repo.branch("topic")
        repo.replace(theirs, "issued_by: dongqu", "issued_by: qinghe")
        repo.replace(theirs, "---\n", AMENDMENT)
        repo.commit("take it over")
        report = check_pr(repo.root, "main", "topic", "qinghe-jd", validate=False)
        assert [(p.file, p.code, p.message) for p in report.trust] == [
            (theirs, "PR007", "这份公示由 dongqu、qinghe 发布，不归 qinghe-jd（qinghe）修改")
        ]
        # A new notice: only in one's own name.
        repo.branch("topic")
        added = _notice(repo, "d", "dongqu")
        repo.commit("a notice in another street's name")
        assert _trust(check_pr(repo.root, "main", "topic", "qinghe-jd", validate=False)) == [
            (added, "PR007")
        ]
        assert _trust(check_pr(repo.root, "main", "topic", "dongqu-jd", validate=False)) == []
    finally:
        repo.git("checkout", "-q", "-f", "main")
        repo.git("reset", "-q", "--hard", f"{main_sha}~1")


def test_a_bot_pr_is_judged_by_the_forms_submitter(repo):
    need = "data/qinghe/cuihu/lists/needs/cuihu-n-20261120-abcdef.yaml"
    repo.write(
        need,
        repo.read("data/qinghe/cuihu/lists/needs/cuihu-n01.yaml").replace(
            "id: cuihu-n01", "id: cuihu-n-20261120-abcdef"
        ),
    )
    repo.commit("form")
    report = _check(repo, "github-actions[bot]", submitter="Someone-Else")
    assert report.judged_as == "someone-else" and report.trust == []
    # A submitter means nothing in a pull request a person opened.
    assert _trust(_check(repo, "qh-shuiwu-dw", submitter="someone-else")) == [(need, "PR001")]
    # And a submitter who is no editor may only add a form's file, not change others.
    repo.replace(GRID, "name:", "note: x\nname:")
    repo.commit("more")
    assert _trust(_check(repo, "github-actions[bot]", submitter="Someone-Else")) == [
        (GRID, "PR001")
    ]


def test_codeowners_is_generated_from_editors_yaml():
    from baodao.repo import CODE_ROOT

    text = codeowners(Editors.load(CODE_ROOT))
    assert (CODE_ROOT / ".github" / "CODEOWNERS").read_text("utf-8") == text, (
        "运行 baodao editors codeowners 重新生成"
    )
    assert "/data/rules/** @zuzhibu-admin @zuzhibu-kaohe" in text.splitlines()
    assert "/data/qing-he/cui-hu/** @cui-hu-sq" in text.splitlines()


def test_editors_yaml_problems(tiny):
    tiny.write(
        "data/editors.yaml",
        {
            "protected": ["data/rules/**"],
            "editors": [
                {"login": "a-sq", "name": "甲", "role": "community", "paths": ["data/rules/**"]},
                {
                    "login": "A-sq",
                    "name": "乙",
                    "role": "community",
                    "paths": ["data/qinghe/nowhere/**"],
                },
            ],
        },
    )
    assert sorted(
        tiny.messages("EDIT001") + tiny.messages("EDIT002") + tiny.messages("EDIT003")
    ) == sorted(
        [
            "data/editors.yaml:9: editors[1].login: 错误 EDIT001 账号 'A-sq' 登记了不止一次（另见第 1 项） / login listed twice\n    修改建议：每个账号只登记一次，把它的路径合并到一项里",
            "data/editors.yaml:3: editors: 错误 EDIT002 没有组织部（organisation_department）账号：受保护文件的修改无人可审核 / no organisation department login\n    修改建议：至少登记一个 role: organisation_department 的账号",
            "data/editors.yaml:8: editors[0].paths[0]: 错误 EDIT003 'data/rules/**' 是受保护的路径，只能由组织部修改 / a protected path in an editor's scope\n    修改建议：删去这条路径；规则、代码表、日历和编辑权限的修改由组织部审核",
        ]
    )


def test_the_comment_names_the_stars_a_review_change_moves(repo):
    """The change's effect on the public site covers the ratings, not only the unit results."""
    from baodao.github.comment import render

    review = "data/qinghe/cuihu/branch-reviews/2026h1.yaml"
    repo.write(
        review,
        "period: 2026H1\ndate: 2026-07-10\nreviews:\n"
        "  - {branch: lvjing-zb, score: 60, operating: true}\n",
    )
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


def test_editors_path_matching_no_file_is_a_warning(tiny):
    tiny.write(
        "data/editors.yaml",
        {
            "protected": ["data/rules/**"],
            "editors": [
                {
                    "login": "zzb",
                    "name": "甲",
                    "role": "organisation_department",
                    "paths": ["data/**"],
                },
                {
                    "login": "cuihu-sq",
                    "name": "乙",
                    "role": "community",
                    "paths": ["data/qinghe/nowhere/**"],
                },
            ],
        },
    )
    assert tiny.messages("EDIT004") == [
        "data/editors.yaml:13: editors[1].paths[0]: 警告 EDIT004 'data/qinghe/nowhere/**' 不对应任何现有文件"
        " / the path matches no file\n    修改建议：检查街道和社区编号的拼写（如 data/qing-he/cui-hu/**）"
    ]
