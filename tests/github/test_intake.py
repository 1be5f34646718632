"""Intake: an issue-form body becomes a record that validates like a hand-written one — or is refused."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from click.testing import CliRunner

from baodao.cli import main
from baodao.github.forms import NO_RESPONSE, issue_body, load_form
from baodao.github.intake import intake, message
from baodao.repo import CODE_SCHEMAS

DAY = dt.date(2026, 3, 5)  # before the registration deadline (03-31)
LATER = dt.date(2027, 3, 5)  # a year the fixture's unit has not reported in
UNIT = {
    "unit": "qh-shuiwu",
    "party_member_count": "45",
    "facts": "区水务局机关，可提供水电维修志愿服务",
    "contact.title": "机关党委专职副书记",
    "contact.work_phone": "0999-6102001",
}
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
RESOURCE = {
    "name": "水电维修志愿服务",
    "community": "cuihu",
    "category": "people",
    "provider.type": "unit",
    "provider.id": "qh-shuiwu",
    "capacity": "12",
    "unit_of_measure": "次",
    "available.from": "2026-03-10",
    "available.to": "2026-12-31",
    "serves": ["facilities", "elderly-care"],
}


def _cli(tiny, *args):
    return CliRunner().invoke(
        main, ["--root", str(tiny.root), "--schemas", str(CODE_SCHEMAS), *args]
    )


def _body(tiny, form: str, answers: dict) -> str:
    return issue_body(load_form(form, tiny.repo(private=False)), answers)


def _intake(tiny, form: str, answers: dict | str, day: dt.date = DAY, **kw):
    body = answers if isinstance(answers, str) else _body(tiny, form, answers)
    return intake(body, form, tiny.repo(private=False), day, **kw)


def _no_registration_this_year(tiny) -> None:
    for path in tiny.path("data").rglob(f"registrations/{DAY.year}-qh-shuiwu.yaml"):
        path.unlink()


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return type(value) in (str, int, float)


def _write(tiny, result) -> None:
    """The record as the pull request adds it, after the community editor verified it (a need or
    a resource: intake never writes verified_at, the editor adds it on verifying)."""
    assert result.ok, result.messages
    verified = "" if "year" in result.record else f"verified_at: {DAY.isoformat()}\n"
    tiny.write(result.path, result.text + verified)


def _validates(tiny) -> None:
    result = _cli(tiny, "validate", "--as-of", DAY.isoformat())
    assert result.exit_code == 0, result.output
    assert [p.format() for p in tiny.problems(as_of=DAY) if p.severity == "error"] == []


# ---- round trips ----------------------------------------------------------------------------


def test_resource_then_registration_round_trip_validates(tiny):
    _no_registration_this_year(tiny)
    res = _intake(tiny, "resource", RESOURCE)
    assert res.ok, res.messages
    assert res.path.startswith("data/qinghe/cuihu/lists/resources/cuihu-r-20260305-")
    assert res.record["provider"] == {"type": "unit", "id": "qh-shuiwu"}
    assert res.record["serves"] == ["facilities", "elderly-care"]
    assert res.record["available"] == {"from": "2026-03-10", "to": "2026-12-31"}
    assert res.record["capacity"] == 12
    assert "verified_at" not in res.record  # verifying is the community editor's act
    assert (
        res.text.splitlines()[1]
        == "# 社区核实后，在下面加一行 verified_at: 核实当天的日期（YYYY-MM-DD）"
    )
    _write(tiny, res)

    reg = _intake(tiny, "unit_registration", UNIT | {"resources": res.record["id"]})
    assert reg.ok, reg.messages
    assert reg.messages == []
    assert reg.path == "data/qinghe/cuihu/registrations/2026-qh-shuiwu.yaml"
    assert reg.record == {
        "id": "2026-qh-shuiwu",
        "year": 2026,
        "unit": "qh-shuiwu",
        "community": "cuihu",  # the unit's own community: not asked
        "date": "2026-03-05",
        "party_member_count": 45,
        "facts": "区水务局机关，可提供水电维修志愿服务",
        "contact": {"title": "机关党委专职副书记", "work_phone": "0999-6102001"},
        "resources": [res.record["id"]],
    }
    assert yaml.safe_load(reg.text) == reg.record
    _write(tiny, reg)
    _validates(tiny)


def test_need_through_the_command_line_with_windows_line_ends(tiny, tmp_path):
    body = tmp_path / "body.md"
    body.write_bytes(_body(tiny, "need", NEED).replace("\n", "\r\n").encode("utf-8"))
    args = ["intake", str(body), "--form", "need", "--date", "2026-03-05"]
    result = _cli(tiny, *args, "--write")
    assert result.exit_code == 0, result.output
    (written,) = tiny.path("data/qinghe/cuihu/lists/needs").glob("cuihu-n-20260305-*.yaml")
    data = yaml.safe_load(written.read_text("utf-8"))
    assert data["id"] == written.stem
    assert data["raised"] == "2026-03-05"
    assert data["history"] == [{"date": "2026-03-05", "status": "open"}]
    assert data["urgency"] == "medium" and data["quantity"] == 4
    assert data["raised_by"] == {"type": "compound", "id": "lvjing"}
    assert "verified_at" not in data
    with written.open("a", encoding="utf-8") as fh:  # the community editor verifies it
        fh.write("verified_at: 2026-03-05\n")
    _validates(tiny)
    # The same body again: the same id, which now exists.
    again = _cli(tiny, *args)
    assert again.exit_code == 1
    assert (
        f"相同内容的需求已经提交过（data/qinghe/cuihu/lists/needs/{written.name}）" in again.output
    )


def test_same_body_gives_the_same_record(tiny):
    a, b = _intake(tiny, "need", NEED), _intake(tiny, "need", NEED)
    assert a.ok and (a.path, a.text) == (b.path, b.text)
    c = _intake(tiny, "need", NEED | {"quantity": "5"})
    assert c.path != a.path


def test_registration_elsewhere_needs_a_reason(tiny):
    _no_registration_this_year(tiny)
    cm = tiny.read("data/qinghe/cuihu/community.yaml")
    tiny.write(
        "data/qinghe/other/community.yaml",
        cm | {"id": "other", "name": "另一社区", "division_code": "990102001002", "posts": []},
    )
    res = _intake(tiny, "unit_registration", UNIT | {"community": "other"})
    assert res.messages == [
        "「报到社区」单位所在社区是 'cuihu'，在 'other' 报到须说明原因；"
        "修改建议：填写“异地报到原因”，或不填报到社区（即在单位所在社区报到）"
    ]
    assert [(p.code, p.message_en) for p in res.problems] == [
        ("FORM007", "registering outside the unit's community needs a reason")
    ]
    res = _intake(
        tiny,
        "unit_registration",
        UNIT | {"community": "other", "elsewhere_reason": "主要办公点在此"},
    )
    assert res.ok, res.messages
    assert res.path == "data/qinghe/other/registrations/2026-qh-shuiwu.yaml"
    _write(tiny, res)
    _validates(tiny)


def test_a_unit_reports_in_once_a_year(tiny):
    _no_registration_this_year(tiny)
    _write(tiny, _intake(tiny, "unit_registration", UNIT))
    res = _intake(tiny, "unit_registration", UNIT)
    assert not res.ok
    assert res.messages[0].startswith("「单位」单位 'qh-shuiwu' 2026 年已经报到过")
    (p,) = res.problems
    assert (p.code, p.field, p.message_en, p.hint) == (
        "FORM006",
        "单位",
        "this unit has registered this year",
        "一年只报到一次；如需更正，请联系社区修改原报到记录",
    )
    assert p.message == (
        "单位 'qh-shuiwu' 2026 年已经报到过（data/qinghe/cuihu/registrations/2026-qh-shuiwu.yaml）"
    )


# ---- incomplete and invalid forms -----------------------------------------------------------


def test_incomplete_registration_names_every_missing_field(tiny):
    res = _intake(tiny, "unit_registration", {})
    assert not res.ok and res.path is None and res.text is None
    assert res.messages[:3] == [
        "「单位」必填，未填写；修改建议：驻区单位编号；"
        "编号即网站上对应页面地址末尾的一段（小写字母、数字和连字符）；不清楚请问社区",
        "「联系岗位」必填，未填写；修改建议：如 机关党委专职副书记",
        "「联系岗位：工作电话」必填，未填写；修改建议：联系岗位的工作电话；"
        "固定电话如 0999-6101000，或工作手机；不要填写个人手机",
    ]
    assert {p.field for p in res.problems if p.severity == "error"} == {
        "单位",
        "联系岗位",
        "联系岗位：工作电话",
    }


def test_incomplete_need_names_every_required_field(tiny):
    body = _body(tiny, "need", {"description": "只写了说明"})
    assert body.count(NO_RESPONSE) == 8
    res = _intake(tiny, "need", body)
    assert not res.ok
    missing = [p.field for p in res.problems if p.code == "FORM001"]
    assert missing == ["名称", "所属社区", "需求分类", "提出方：组织类型", "提出方：编号"]
    assert all(p.file == "<提出需求表单>" for p in res.problems)  # no community: no path yet


def test_every_problem_at_once_with_the_form_labels(tiny):
    res = _intake(
        tiny,
        "unit_registration",
        UNIT | {"unit": "qh-shuiwv", "party_member_count": "四十五", "contact.work_phone": "1234"},
    )
    assert not res.ok
    assert [message(p) for p in res.problems if p.severity == "error"] == [
        "「单位」未知驻区单位 'qh-shuiwv'（是否应为 'qh-shuiwu'？）；修改建议："
        "照网站上对应页面地址末尾的编号填写，注意“是否应为”的提示；不清楚请问社区",
        "「党员人数」'四十五' 不是整数；修改建议：只填写数字，例如 45",
        "「联系岗位：工作电话」'1234' 不是有效的电话号码；修改建议：联系岗位的工作电话；"
        "固定电话如 0999-6101000，或工作手机；不要填写个人手机",
    ]
    assert [p.code for p in res.problems if p.severity == "error"] == [
        "REF001",
        "FORM002",
        "SCH005",
    ]
    # An unknown unit has no community: the record has no place yet.
    assert {p.file for p in res.problems} == {"<驻区单位报到表单>"}


def test_full_width_digits_and_chinese_dates_are_normalised(tiny):
    res = _intake(
        tiny,
        "resource",
        RESOURCE
        | {"capacity": "１２", "available.from": "2026年3月10日", "provider.id": "ｑｈ-shuiwu"},
    )
    assert res.ok, res.messages
    assert res.record["capacity"] == 12
    assert res.record["available"]["from"] == "2026-03-10"
    assert res.record["provider"]["id"] == "qh-shuiwu"
    phone = _intake(
        tiny,
        "unit_registration",
        UNIT | {"contact.work_phone": "０９９９－６１０２００１"},
        day=LATER,
    )
    assert phone.record["contact"]["work_phone"] == "0999-6102001"


def test_a_dropdown_answer_must_be_one_of_its_options(tiny):
    body = _body(tiny, "need", NEED).replace("设施维修（facilities）", "facilities-x")
    res = _intake(tiny, "need", body)
    assert not res.ok
    assert res.messages[0].startswith(
        "「需求分类」'facilities-x' 不是下拉列表中的选项；修改建议：从下拉列表中选择：养老服务（elderly-care）、"
    )


def test_personal_data_in_free_text_is_refused(tiny):
    id_number = "11010519491231002X"  # GB 11643 worked example: check digit X by hand
    res = _intake(
        tiny, "need", NEED | {"description": f"联系王阿姨 13912345678，身份证 {id_number}"}
    )
    assert not res.ok
    assert [p.code for p in res.problems] == ["PRIV002", "PRIV003"]
    assert all(p.field == "说明" for p in res.problems)
    assert "13912345678" not in "".join(res.messages) and id_number not in "".join(res.messages)


# ---- hostile bodies -------------------------------------------------------------------------


def test_a_megabyte_body_is_refused(tiny):
    body = _body(tiny, "need", NEED | {"description": "长" * 400_000})
    assert len(body.encode("utf-8")) > 1_000_000
    res = _intake(tiny, "need", body)
    assert not res.ok and res.text is None
    size = len(body.encode("utf-8")) // 1024
    assert res.messages == [
        f"提交的内容过大（{size} KB，上限 64 KB）；修改建议：精简说明文字后重新提交"
    ]
    assert [(p.code, p.message_en) for p in res.problems] == [("FORM005", "issue body too large")]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("facts", "!!python/object/apply:os.system ['x']"),
        ("facts", "&a [*a, *a]"),
        ("contact.title", "{{7*7}}"),
        ("contact.title", "</title><script>alert(1)</script>"),
        ("facts", "{a: 1, b: *x}\n--- !!binary\n... |\n  - key: value"),
    ],
)
def test_yaml_and_markup_in_text_stay_plain_strings(tiny, field, value):
    res = _intake(tiny, "unit_registration", UNIT | {field: value}, day=LATER)
    assert res.ok, res.messages
    loaded = yaml.safe_load(res.text)
    assert _plain(loaded)
    head, _, leaf = field.rpartition(".")
    assert (loaded[head] if head else loaded)[leaf] == value
    assert loaded == res.record


def test_yaml_in_a_text_value_is_quoted_in_the_output(tiny):
    value = "!!python/object/apply:os.system ['x']"
    res = _intake(tiny, "unit_registration", UNIT | {"facts": value}, day=LATER)
    assert "facts: '!!python/object/apply:os.system [''x'']'" in res.text
    res = _intake(tiny, "need", NEED | {"name": "{{7*7}}", "description": "&a [*a, *a]"})
    assert "name: '{{7*7}}'" in res.text and "description: '&a [*a, *a]'" in res.text


@pytest.mark.parametrize(
    "value", ["!!python/object/apply:os.system ['x']", "&a [*a, *a]", "{{7*7}}", "*a"]
)
def test_yaml_in_an_id_fails_its_pattern(tiny, value):
    res = _intake(tiny, "need", NEED | {"raised_by.id": value})
    assert not res.ok
    (problem,) = res.problems
    assert (problem.field, problem.code) == ("提出方：编号", "SCH005")
    assert "格式不对" in problem.message


def test_right_to_left_override_in_an_id_is_refused(tiny):
    res = _intake(tiny, "unit_registration", UNIT | {"unit": "qh-\u202euwiuhs"})
    assert not res.ok
    assert res.messages == [
        "「单位」编号中含有不可见的格式字符（零宽字符或文字方向控制符）；"
        "修改建议：重新输入编号：只用小写字母、数字和连字符，不要复制粘贴"
    ]
    assert [(p.code, p.message_en) for p in res.problems] == [
        ("FORM004", "invisible format characters in an id")
    ]


def test_invisible_characters_are_removed_from_text(tiny):
    res = _intake(tiny, "need", NEED | {"name": "楼道\u200b照明\u202e维修"})
    assert res.ok and res.record["name"] == "楼道照明维修"


def test_nul_and_control_characters_are_refused(tiny):
    _no_registration_this_year(tiny)
    res = _intake(
        tiny, "unit_registration", UNIT | {"facts": "水务\x00局", "contact.title": "书记\x1b[31m"}
    )
    assert not res.ok
    assert [message(p) for p in res.problems if p.severity == "error"] == [
        "「基本情况」含有不可见的控制字符（如 NUL）；修改建议：删除这些字符后重新提交（复制来的文字可先粘贴到记事本再复制）",
        "「联系岗位」含有不可见的控制字符（如 NUL）；修改建议：删除这些字符后重新提交（复制来的文字可先粘贴到记事本再复制）",
    ]
    assert [(p.code, p.message_en) for p in res.problems if p.severity == "error"] == [
        ("FORM003", "control characters"),
        ("FORM003", "control characters"),
    ]


def test_a_forged_heading_inside_an_answer_is_refused(tiny):
    res = _intake(tiny, "unit_registration", UNIT | {"facts": "介绍\n\n### 单位\n\nqh-other"})
    assert not res.ok
    assert res.messages == [
        "表单标题 「单位」 出现了不止一次，无法确定填写的内容；修改建议：填写内容中不要以“### ”开头另起标题；修改后重新提交"
    ]


def test_headings_that_are_not_questions_set_nothing(tiny):
    body = _body(tiny, "need", NEED | {"description": "正文\n\n### 编号\n\nevil\n\n### 备注\n\nx"})
    res = _intake(tiny, "need", body)
    assert res.ok, res.messages
    assert res.record["id"].startswith("cuihu-n-") and "note" not in res.record
    assert res.record["description"] == "正文\n\n### 编号\n\nevil\n\n### 备注\n\nx"


def test_a_body_that_is_not_the_form_is_refused(tiny):
    res = _intake(tiny, "need", "id: evil\nnote: !!python/object/apply:os.system ['x']\n")
    assert res.messages == [
        "这不是「提出需求」表单提交的内容：找不到表单的任何一项；修改建议：请用仓库的 issue 表单提交，不要改动各项标题"
    ]


def test_the_author_stays_out_of_the_record(tiny):
    res = _intake(tiny, "need", NEED, author="octo-cat")
    assert res.ok and res.author == "octo-cat" and "octo-cat" not in res.text
    assert _intake(tiny, "need", NEED, author="x\n<script>").author is None


def test_an_id_never_becomes_a_path_outside_its_folder(tiny):
    res = _intake(
        tiny, "unit_registration", UNIT | {"unit": "../../../x", "community": "cuihu"}, day=LATER
    )
    assert not res.ok and res.path is None and res.text is None
    assert {p.file for p in res.problems} == {"<驻区单位报到表单>"}
    assert res.problems[0].field == "单位" and res.problems[0].code == "SCH005"


# ---- hints in the form's own words (issue 15) ------------------------------------------------


def test_hints_name_only_the_forms_own_questions_in_residents_words(tiny):
    """The need form has no 计量单位 and no work phone: its hints name neither; an unknown id
    is explained by where a resident sees ids (the site's addresses), not by record files."""
    res = _intake(
        tiny,
        "need",
        NEED
        | {
            "raised_by.id": "lvjng",
            "description": "3号楼楼道灯损坏，联系 13912345678",
            "quantity": "四个",
        },
    )
    assert [message(p) for p in res.problems] == [
        "「提出方：编号」未知小区 'lvjng'（是否应为 'lvjing'？）；修改建议："
        "照网站上对应页面地址末尾的编号填写，注意“是否应为”的提示；不清楚请问社区",
        "「说明」手机号 139******78 出现在非电话字段中；修改建议：个人手机号不得录入",
        "「数量」'四个' 不是数字；修改建议：只填写数字，例如 12 或 2.5",
    ]


def test_a_number_hint_names_the_unit_question_of_the_form_that_has_one(tiny):
    res = _intake(tiny, "resource", RESOURCE | {"capacity": "十二"})
    assert [message(p) for p in res.problems] == [
        "「数量」'十二' 不是数字；修改建议：只填写数字，例如 12 或 2.5；单位写在“计量单位”里"
    ]


def test_the_forms_descriptions_carry_no_repository_words(tiny):
    from baodao.github.forms import FORMS

    for name in FORMS:
        for f in load_form(name, tiny.repo(private=False)).fields:
            for word in ("data/", "lists/", ".yaml", "记录文件", "work_phone", "id 完全一致"):
                assert word not in f.help, (name, f.label, f.help)
    unit = load_form("unit_registration", tiny.repo(private=False)).field("unit")
    assert unit.help == (
        "驻区单位编号；编号即网站上对应页面地址末尾的一段（小写字母、数字和连字符）；不清楚请问社区"
    )


def test_intake_never_marks_a_submission_verified(tiny):
    """Verifying is the community editor's act: the record carries no verified_at (the pull
    request's check asks the editor for it), whatever the submission day."""
    for form, answers in (("need", NEED), ("resource", RESOURCE)):
        res = _intake(tiny, form, answers)
        assert res.ok, res.messages
        assert "verified_at" not in res.record
        assert "verified_at" not in yaml.safe_load(res.text)
