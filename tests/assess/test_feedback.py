"""双考核 feedback to home organisations: one document each, names and results, escaped, refused in public."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from baodao.assess.feedback import FeedbackRefused, write_feedback
from baodao.cli import main
from baodao.repo import CODE_SCHEMAS

AS_OF = dt.date(2026, 12, 31)
PEOPLE = "private/people/qinghe.csv"
M = "private/qinghe/cuihu/members/2026.csv"


def _write(tiny, out, org=None):
    repo = tiny.repo()
    ds = repo.load_and_check(AS_OF)[0]
    return write_feedback(repo, ds, "2026", AS_OF, out, org)


def _text(out, org):
    return (out / f"{org}.html").read_text("utf-8")


def _run(tiny, *args, private=True):
    base = ["--root", str(tiny.root), "--schemas", str(CODE_SCHEMAS)]
    if not private:
        base.append("--no-private")
    return CliRunner().invoke(main, [*base, *args])


def test_every_home_organisation_and_the_unit_get_a_document(tiny, tmp_path):
    paths = _write(tiny, tmp_path / "fb")
    assert [p.name for p in paths] == ["qh-shuiwu.html", "shi-jiaoyuju.html"]
    only = _write(tiny, tmp_path / "one", org="shi-jiaoyuju")
    assert [p.name for p in only] == ["shi-jiaoyuju.html"]
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["shi-jiaoyuju.html"]


def test_unknown_org_is_refused(tiny, tmp_path):
    with pytest.raises(FeedbackRefused, match="no-such-org"):
        _write(tiny, tmp_path / "fb", org="no-such-org")


def test_home_org_document_names_the_member_with_hours_and_grade(tiny, tmp_path):
    _write(tiny, tmp_path)
    text = _text(tmp_path, "shi-jiaoyuju")
    row = text.split("<td>周明</td>", 1)[1].split("</tr>", 1)[0]
    assert "翠湖社区" in row and "2026-03-02" in row and "逾期" not in row
    # Per indicator as in test_member_score_is_hand_computed_from_the_rules: 20 + 22.5 + 15 + 10.
    assert (
        '<td class="n">13.5</td><td class="n">3</td><td class="n">20.00</td><td class="n">22.50</td>'
        '<td class="n">15.00</td><td class="n">10.00</td><td class="n">67.50</td><td>合格</td>'
    ) in row
    # The page explains the score: indicators with their weights and how each is measured, bands.
    assert "计分办法（data/rules/member-assessment/2024-01-01.yaml）：按时报到 20 分" in text
    assert "服务时长 40 分，达到 24 得满分，不足的按比例计" in text
    assert (
        "等级：优秀 85 分及以上；合格 60 分及以上；基本合格 40 分及以上；不合格 不到 40 分" in text
    )
    # Every printed page names the organisation and its number.
    assert (
        '@bottom-center { content: "市教育局机关党委 · 2026 双考核情况反馈 · 第 " counter(page)'
        in text
    )
    assert "市教育局机关党委" in text and "市直机关" in text  # name and location
    assert "内部资料，请勿公开" in text
    assert "中共青禾区委组织部" in text and "0999-6100001" in text
    assert "2026-12-31" in text
    assert "情况不明" in text  # members who did not report in are unknown
    assert "吴刚" not in text  # another organisation's member
    assert "@page { size: A4; margin: 18mm }" in text
    assert "<script" not in text and "http" not in text  # self-contained


def test_unit_document_has_its_member_and_its_own_result(tiny, tmp_path):
    _write(tiny, tmp_path)
    text = _text(tmp_path, "qh-shuiwu")
    row = text.split("<td>吴刚</td>", 1)[1].split("</tr>", 1)[0]
    assert (
        '<td class="n">0</td><td class="n">0</td><td class="n">20.00</td><td class="n">0.00</td>'
        '<td class="n">0.00</td><td class="n">0.00</td><td class="n">20.00</td><td>不合格</td><td class="small">注1</td>'
    ) in row
    # The note once, below the table, not squeezed into every row.
    assert text.count("报到但全年没有活动记录的") == 1 and "注1：报到但全年没有活动记录的" in text
    assert "总分 <strong>15.00</strong>，等级 <strong>不合格</strong>" in text
    assert '<tr><td>按时报到</td><td class="n">1</td><td class="n">15.00 / 15.00</td></tr>' in text
    assert "社区评价" in text and "0.00 / 40.00" in text
    assert "周明" not in text


def test_late_report_in_is_marked(tiny, tmp_path):
    tiny.replace(M, "p-0006,2026-03-02", "p-0006,2026-04-02")
    _write(tiny, tmp_path)
    row = _text(tmp_path, "shi-jiaoyuju").split("<td>周明</td>", 1)[1].split("</tr>", 1)[0]
    assert "2026-04-02" in row and "逾期" in row


def test_markup_in_a_name_is_escaped(tiny, tmp_path):
    tiny.replace(PEOPLE, "p-0006,周明", "p-0006,<script>x</script>")
    _write(tiny, tmp_path)
    text = _text(tmp_path, "shi-jiaoyuju")
    assert "&lt;script&gt;x&lt;/script&gt;" in text
    assert "<script>" not in text


def test_two_runs_give_identical_bytes(tiny, tmp_path):
    a = _write(tiny, tmp_path / "a")
    b = _write(tiny, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_command_writes_documents_and_warns(tiny, tmp_path):
    out = tmp_path / "fb"
    result = _run(tiny, "feedback", "--as-of", "2026-12-31", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "已生成 2 份反馈材料" in result.output
    assert "个人信息" in result.output and "不要发布" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["qh-shuiwu.html", "shi-jiaoyuju.html"]
    result = _run(
        tiny,
        "feedback",
        "--as-of",
        "2026-12-31",
        "--org",
        "qh-shuiwu",
        "--out",
        str(tmp_path / "one"),
    )
    assert result.exit_code == 0, result.output
    assert "已生成 1 份反馈材料" in result.output


def test_command_refuses_without_the_private_root(tiny, tmp_path):
    out = tmp_path / "fb"
    result = _run(tiny, "feedback", "--as-of", "2026-12-31", "--out", str(out), private=False)
    assert result.exit_code != 0
    assert "--no-private" in result.output
    assert not out.exists()


@pytest.mark.parametrize("folder", ["public", "site", "data"])
def test_command_refuses_an_out_in_published_folders(tiny, folder):
    out = tiny.root / folder / "feedback"
    result = _run(tiny, "feedback", "--as-of", "2026-12-31", "--out", str(out))
    assert result.exit_code != 0
    assert "个人信息" in result.output and f"{folder}/" in result.output
    assert not out.exists()


def test_command_refuses_when_validation_has_errors(tiny, tmp_path):
    tiny.replace(M, "p-0006,2026-03-02,shi-jiaoyuju", "p-0006,2026-03-02,no-such-org")
    out = tmp_path / "fb"
    result = _run(tiny, "feedback", "--as-of", "2026-12-31", "--out", str(out))
    assert result.exit_code != 0
    assert "先修正" in result.output
    assert not out.exists()


def test_a_move_within_the_year_is_not_told_to_the_employer(tiny, tmp_path):
    """The member moved from c02 within the year: the score counts both communities' rows
    (members.assess notes it), but the home organisation needs the score, not the move."""
    tiny.replace(
        M,
        "p-0006,2026-03-02,shi-jiaoyuju,lvjing,3,法律咨询,书法,expertise;volunteer,,,",
        "p-0006,2026-03-02,shi-jiaoyuju,lvjing,3,法律咨询,书法,expertise;volunteer,,c02,",
    )
    _write(tiny, tmp_path)
    text = _text(tmp_path, "shi-jiaoyuju")
    row = text.split("<td>周明</td>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="n">67.50</td><td>合格</td><td class="small"></td>' in row
    assert "搬家" not in text and "c02" not in text
