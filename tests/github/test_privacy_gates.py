"""Intake and ``pr check`` refuse the planted personal data that ``validate`` refuses
(tests/checks/test_privacy.py), one test per class; every message masks what it found."""

from __future__ import annotations

import datetime as dt

import pytest
from prrepo import make_repo

from baodao.github.forms import issue_body, load_form
from baodao.github.intake import intake
from baodao.github.prcheck import check_pr

DAY = dt.date(2026, 11, 23)
ID = "11010519491231002X"  # GB 11643's worked example; check digit by hand
NEED_FORM = {
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
NEED = "data/qinghe/cuihu/lists/needs/cuihu-n01.yaml"
MOBILES = [
    "13912345678",
    "139-1234-5678",
    "139 1234 5678",
    "+86 139 1234 5678",
    "0086 13912345678",
    "１３９１２３４５６７８",
]


def _intake(tiny, description: str, private: bool = False):
    repo = tiny.repo(private=private)
    body = issue_body(load_form("need", repo), NEED_FORM | {"description": description})
    return intake(body, "need", repo, dt.date(2026, 3, 5))


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("privacy") / "repo")


@pytest.fixture
def repo(base_repo):
    base_repo.git("checkout", "-q", "-f", "main")
    base_repo.git("clean", "-qfdx")
    base_repo.branch("topic")
    return base_repo


def _pr(repo, **kw):
    report = check_pr(repo.root, "main", "topic", "cuihu-sq", as_of=DAY, **kw)
    return report, [p.format() for p in [*report.trust, *report.problems]]


def test_an_id_number_is_refused(tiny, repo):
    res = _intake(tiny, f"联系人身份证 {ID[:6]} {ID[6:14]} {ID[14:]}")
    assert not res.ok and [p.code for p in res.problems] == ["PRIV002"]
    assert "疑似居民身份证号 110*************2X" in res.messages[0]
    repo.replace(NEED, "name: 长乐里楼道照明维修", f"name: 长乐里楼道照明维修{ID}")
    repo.commit("plant")
    report, msgs = _pr(repo)
    assert not report.ok
    assert (
        f"{NEED}:2: name: 错误 PRIV002 疑似居民身份证号 110*************2X：数据库不得保存身份证号"
        in "\n".join(msgs)
    )


def test_a_mobile_in_each_writing_is_refused(tiny, repo):
    for mobile in MOBILES:
        res = _intake(tiny, f"有事打 {mobile} 找王阿姨")
        assert not res.ok and [p.code for p in res.problems] == ["PRIV003"], mobile
        assert "手机号 139******78" in res.messages[0]
    repo.replace(
        NEED,
        "name: 长乐里楼道照明维修",
        "name: 长乐里楼道照明维修\ndescription: " + "；".join(MOBILES),
    )
    repo.commit("plant")
    report, msgs = _pr(repo)
    assert not report.ok
    assert [m for m in msgs if "PRIV003" in m] == [
        f"{NEED}:3: description: 错误 PRIV003 手机号 139******78 出现在非电话字段中 / mobile "
        "number outside a phone field\n    修改建议：个人手机号不得录入；工作电话写在 work_phone 中"
    ]  # one problem per field and value: the six writings are one number


def test_an_unconsented_name_in_a_sentence_is_refused(tiny, repo):
    res = _intake(tiny, "负责人孙秀英同志反映楼道灯不亮", private=True)
    assert not res.ok and [p.code for p in res.problems] == ["PRIV007"]
    assert "孙秀英" not in "".join(res.messages) and "孙**" in res.messages[0]
    repo.replace(NEED, "name: 长乐里楼道照明维修", "name: 负责人孙秀英同志反映楼道灯不亮")
    repo.commit("plant")
    report, msgs = _pr(repo, private=tiny.root / "private")
    assert not report.ok
    assert f"{NEED}:2: name: 错误 PRIV007 出现了未同意公开的姓名 孙**" in "\n".join(msgs)


def test_a_registry_copy_in_a_dot_folder_is_refused(tiny, repo):
    repo.write(
        "data/qinghe/cuihu/.backup/renyuan.csv",
        (tiny.path("private/people/qinghe.csv")).read_text("utf-8"),
    )
    repo.write("docs/renyuan-copy.csv", (tiny.path("private/people/qinghe.csv")).read_text("utf-8"))
    repo.commit("plant")
    report, msgs = _pr(repo)
    assert not report.ok
    text = "\n".join(msgs)
    assert "data/qinghe/cuihu/.backup/renyuan.csv:1: 错误 PRIV001" in text
    assert (
        "docs/renyuan-copy.csv:1: 错误 PRIV008 表头与私有库的表格“人员名册”相同：公开仓库里不能有私有表格"
        " / a file in the public repository has the header of a private table (人员名册)"
        "\n    修改建议：把文件移到私有库，用 git rm --cached 取消跟踪，并从 git 历史中清除"
    ) in text


def test_a_stray_text_file_is_refused(repo):
    repo.write("data/qinghe/cuihu/beizhu.txt", f"走访记录\n王阿姨 139-1234-5678，身份证 {ID}\n")
    repo.commit("plant")
    report, msgs = _pr(repo)
    assert not report.ok
    text = "\n".join(msgs)
    assert "data/qinghe/cuihu/beizhu.txt: 错误 FILE001" in text
    assert "data/qinghe/cuihu/beizhu.txt:2: 错误 PRIV002" in text
    assert "data/qinghe/cuihu/beizhu.txt:2: 错误 PRIV003" in text
