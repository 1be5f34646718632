"""A published notice changes only through a recorded amendment (NOTICE003–006, notices publish)."""

from __future__ import annotations

from click.testing import CliRunner

from baodao.cli import main
from baodao.model.noticelock import LOCK_FILE, publish
from baodao.records.load import load
from baodao.records.schemas import SchemaSet
from baodao.repo import CODE_SCHEMAS

N = "data/notices/2026-09-01-cuihu-secretary.md"
AMEND = 'objection:\n  contact: 中共青禾区委组织部\n  phone: "0999-6100001"\n'


def _publish(tiny):
    ds, _ = load(tiny.root, None, SchemaSet.load(CODE_SCHEMAS))
    return publish(tiny.root, ds)


def _amend(tiny, reason="拟任人选姓名有误"):
    tiny.replace(N, AMEND, AMEND + f"amendments:\n  - date: 2026-09-02\n    reason: {reason}\n")


def test_the_fixture_and_the_demo_data_agree_with_their_locks(tiny):
    assert [m for m in tiny.messages() if " NOTICE00" in m and "NOTICE001" not in m] == []


def test_an_edit_without_an_amendment_is_an_error(tiny):
    tiny.replace(N, "现予公示。", "现予公示，公示期五个工作日。")
    assert tiny.messages("NOTICE003") == [
        f"{N}:2: id: 错误 NOTICE003 已发布的公示被修改，但 amendments 中没有新增更正记录 / published notice "
        "changed without a recorded amendment\n    修改建议：在 amendments 末尾加一条（date 日期、reason 原因、"
        "summary 改了什么），再运行 baodao notices publish；如果不是有意修改，恢复原文"
    ]


def test_a_front_matter_edit_is_an_edit_too(tiny):
    tiny.replace(N, "working_days: 5", "working_days: 6")
    assert len(tiny.messages("NOTICE003")) == 1


def test_reformatting_the_yaml_is_not_an_edit(tiny):
    tiny.replace(N, "start: 2026-09-01", "start: '2026-09-01'")
    tiny.replace(N, "  - type: community\n    id: cuihu", "- {type: community, id: cuihu}")
    tiny.replace(N, "现予公示。", "现予公示。   \n\n")
    assert tiny.messages("NOTICE003") == [] and tiny.messages("NOTICE005") == []


def test_an_amended_notice_needs_the_lock_updated_then_passes(tiny):
    tiny.replace(N, "现予公示。", "现予公示（更正）。")
    _amend(tiny)
    assert tiny.messages("NOTICE003") == []
    assert tiny.messages("NOTICE005") == [
        f"{N}:18: amendments: 错误 NOTICE005 公示已记录更正，但 {LOCK_FILE} 中的内容哈希还是更正前的 / notice "
        "amended but the published lock is not updated\n    修改建议：运行 baodao notices publish，把更新后的 "
        "published.yaml 与更正一起提交"
    ]
    result = _publish(tiny)
    assert result.problems == () and result.updated == ("cuihu-secretary",)
    assert [m for m in tiny.messages() if "NOTICE00" in m] == []
    # A second, unrecorded edit after the amendment is caught again.
    tiny.replace(N, "（更正）", "（再次更正）")
    assert len(tiny.messages("NOTICE003")) == 1


def test_amendments_are_append_only(tiny):
    _amend(tiny)
    assert _publish(tiny).problems == ()
    tiny.replace(N, "reason: 拟任人选姓名有误", "reason: 笔误")
    assert tiny.messages("NOTICE004") == [
        f"{N}:18: amendments: 错误 NOTICE004 已发布公示的更正记录被删除或改动（发布时已有 1 条） / an amendment "
        "of a published notice was removed or changed\n    修改建议：更正记录只能追加：恢复原有的 1 条，把新的更正加在后面"
    ]
    tiny.replace(N, "amendments:\n  - date: 2026-09-02\n    reason: 笔误\n", "")
    assert len(tiny.messages("NOTICE004")) == 1


def test_a_published_notice_cannot_be_deleted(tiny):
    tiny.path(N).unlink()
    assert tiny.messages("NOTICE006") == [
        f"{LOCK_FILE}:4: notices[0].id: 错误 NOTICE006 已发布的公示 'cuihu-secretary' 的文件不见了：已发布的公示不能删除 "
        "/ published notice 'cuihu-secretary' was removed\n    修改建议：恢复 data/notices/<开始日期>-cuihu-secretary.md；"
        "要撤回公示，在其 amendments 中记录撤回的原因"
    ]


def test_a_started_notice_must_be_in_the_lock_a_draft_need_not(tiny):
    text = tiny.path(N).read_text("utf-8").replace("cuihu-secretary", "cuihu-deputy")
    tiny.write("data/notices/2026-12-01-cuihu-deputy.md", text.replace("2026-09-01", "2026-12-01"))
    assert tiny.messages("NOTICE005") == []
    tiny.write("data/notices/2026-11-20-cuihu-deputy.md", text.replace("2026-09-01", "2026-11-20"))
    tiny.path("data/notices/2026-12-01-cuihu-deputy.md").unlink()
    assert tiny.messages("NOTICE005") == [
        "data/notices/2026-11-20-cuihu-deputy.md:2: id: 错误 NOTICE005 公示已于 2026-11-20 开始，但 "
        f"{LOCK_FILE} 中没有它的内容哈希 / notice has started but is not recorded in the published lock\n"
        "    修改建议：运行 baodao notices publish，把更新后的 published.yaml 与公示一起提交"
    ]
    assert _publish(tiny).added == ("cuihu-deputy",)
    assert tiny.messages("NOTICE005") == []


def test_publish_refuses_an_unrecorded_edit_and_writes_nothing(tiny):
    before = tiny.path(LOCK_FILE).read_bytes()
    tiny.replace(N, "现予公示。", "现予公示，有改动。")
    result = CliRunner().invoke(main, ["--root", str(tiny.root), "notices", "publish"])
    assert result.exit_code == 1
    assert "NOTICE003" in result.output and "没有写入 data/notices/published.yaml" in result.output
    assert tiny.path(LOCK_FILE).read_bytes() == before


def test_publish_twice_gives_the_same_bytes(tiny):
    before = tiny.path(LOCK_FILE).read_bytes()
    result = CliRunner().invoke(main, ["--root", str(tiny.root), "notices", "publish"])
    assert result.exit_code == 0, result.output
    assert "新发布 0 份，更正后更新 0 份" in result.output
    assert tiny.path(LOCK_FILE).read_bytes() == before
