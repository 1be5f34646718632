"""The persons and posts a notice names (subjects): a 任职公示 names its appointees, other
notices name a person only with a recorded consent, a named post exists. Exact messages."""

from __future__ import annotations

NOTICE = "data/notices/2026-09-01-cuihu-secretary.md"
HINT = "\n    修改建议："


def _subjects(tiny, text: str) -> None:
    """Replace the fixture notice's subjects block (three lines) with ``text``."""
    tiny.replace(
        NOTICE,
        "subjects:\n  - name: 王建国\n    person: p-0001\n"
        "    post: {type: community, id: cuihu, post: secretary}\n",
        text,
    )


def test_the_fixture_notice_names_its_appointee(tiny):
    assert (
        tiny.messages("NOTICE007") + tiny.messages("NOTICE008") + tiny.messages("NOTICE009") == []
    )


def test_an_appointment_notice_that_names_nobody(tiny):
    _subjects(tiny, "")
    assert tiny.messages("NOTICE007") == [
        f"{NOTICE}:4: subjects: 错误 NOTICE007 任职公示没有写明拟任人选：正文说“拟任命下列同志”，却没有列出任何人"
        f" / appointment notice names nobody{HINT}在头部加 subjects，逐人写明姓名和拟任职务，如 subjects:"
        " [{name: 张三, post: {type: community, id: 社区编号, post: secretary}}]"
    ]


def test_an_appointment_notice_listing_only_a_post_names_nobody(tiny):
    _subjects(tiny, "subjects:\n  - post: {type: community, id: cuihu, post: secretary}\n")
    assert [m.split(" / ")[0] for m in tiny.messages("NOTICE007")] == [
        f"{NOTICE}:11: subjects: 错误 NOTICE007 任职公示没有写明拟任人选：正文说“拟任命下列同志”，却没有列出任何人"
    ]


def test_another_kind_of_notice_may_not_name_a_person_without_consent(tiny):
    tiny.replace(NOTICE, "kind: appointment", "kind: other")
    _subjects(tiny, "subjects:\n  - name: 孙秀英\n    person: p-0005\n    role: 楼长\n")
    assert tiny.messages("NOTICE008") == [
        f"{NOTICE}:12: subjects[0].name: 错误 NOTICE008 这份公示不是任职公示，不能公布姓名“孙秀英”：本人没有同意公开姓名的记录"
        f" / only an appointment notice publishes a name without the person's recorded consent{HINT}"
        "删去 name，只写职务（post 或 role）；或写上 person（人员编号），且人员名册中记有本人同意公开姓名"
    ]


def test_another_kind_of_notice_names_a_consented_person(tiny):
    tiny.replace(NOTICE, "kind: appointment", "kind: other")
    _subjects(tiny, "subjects:\n  - name: 李娜\n    person: p-0002\n    role: 专职网格员\n")
    assert tiny.messages("NOTICE008") == []


def test_a_named_post_must_exist(tiny):
    _subjects(
        tiny, "subjects:\n  - name: 王建国\n    post: {type: community, id: cuihu, post: chief}\n"
    )
    assert tiny.messages("NOTICE009") == [
        f"{NOTICE}:13: subjects[0].post.post: 错误 NOTICE009 翠湖社区没有编号为 chief 的职务"
        f" / community cuihu has no post 'chief'{HINT}职务编号取该组织记录 posts 中的 id；可选：concurrent-1、secretary"
    ]
