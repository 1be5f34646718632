"""双报到 report-in and the three lists: each rule with a bad input and the editor's message."""

from __future__ import annotations

R = "data/qinghe/cuihu/registrations/2026-qh-shuiwu.yaml"
M = "private/qinghe/cuihu/members/2026.csv"
N = "data/qinghe/cuihu/lists/needs/cuihu-n01.yaml"
P = "data/qinghe/cuihu/lists/projects/cuihu-p01.yaml"
CM = "data/qinghe/cuihu/community.yaml"
HINT = "\n    修改建议："


def _second_community(tiny):
    tiny.write(
        "data/qinghe/other/community.yaml",
        tiny.read(CM)
        | {"id": "other", "name": "另一社区", "division_code": "990102001002", "posts": []},
    )
    text = tiny.path("data/qinghe/cuihu/compounds/changle.yaml").read_text("utf-8")
    tiny.write(
        "data/qinghe/other/compounds/other-li.yaml",
        text.replace("id: changle", "id: other-li").replace("community: cuihu", "community: other"),
    )
    tiny.edit(
        "data/qinghe/cuihu/branches/lvjing-zb.yaml", lambda d: d["compounds"].append("other-li")
    )


def test_fixture_with_report_ins_and_lists_is_valid(tiny):
    assert tiny.messages() == []


def test_late_unit_registration_is_a_warning(tiny):
    tiny.replace(R, "date: 2026-03-10", "date: 2026-04-02")
    assert tiny.messages() == [
        f"{R}:5: date: 警告 REG004 2026-04-02 报到，晚于 2026 年截止日 2026-03-31（计为逾期） / late registration"
        f"{HINT}逾期报到照常登记，考核时计为逾期"
    ]


def test_registration_dated_outside_its_year(tiny):
    tiny.replace(R, "date: 2026-03-10", "date: 2025-12-30")
    assert tiny.messages() == [
        f"{R}:5: date: 错误 REG007 报到日期 2025-12-30 不在 2026 年度内 / registration dated outside its year"
        f"{HINT}改正日期或年度（文件名）"
    ]


def test_unit_registering_elsewhere_needs_a_reason(tiny):
    _second_community(tiny)
    text = tiny.path(R).read_text("utf-8").replace("community: cuihu", "community: other")
    tiny.path(R).unlink()
    tiny.write("data/qinghe/other/registrations/2026-qh-shuiwu.yaml", text)
    assert tiny.messages("REG003") == [
        "data/qinghe/other/registrations/2026-qh-shuiwu.yaml:4: community: 警告 REG003 单位所在社区是 'cuihu'，"
        "却在 'other' 报到，未说明原因 / registered outside the unit's community without a reason"
        f"{HINT}写明 elsewhere_reason，或到单位所在社区报到"
    ]
    tiny.replace(
        "data/qinghe/other/registrations/2026-qh-shuiwu.yaml",
        "community: other",
        "community: other\nelsewhere_reason: 单位主要办公点在另一社区",
    )
    assert tiny.messages("REG003") == []


def test_unit_registers_once_a_year(tiny):
    other = "data/qinghe/cuihu/registrations/2026-qh-shuiwu-b.yaml"
    tiny.write(
        other, tiny.path(R).read_text("utf-8").replace("id: 2026-qh-shuiwu", "id: 2026-qh-shuiwu-b")
    )
    # Files are read in name order, so the one that sorts later is the repeat.
    assert tiny.messages("REG002") == [
        f"{R}:3: unit: 错误 REG002 单位 'qh-shuiwu' 2026 年已在 {other} 报到，一年只能报到一次 / a unit registers once a year"
        f"{HINT}删除重复的报到，或改正年度"
    ]


def test_incomplete_unit_registration_by_the_rules(tiny):
    tiny.replace(R, "party_member_count: 45\n", "")
    assert tiny.messages() == [
        f"{R}:1: 警告 REG005 报到信息不完整，缺少：party_member_count / incomplete registration: party_member_count"
        f"{HINT}按报到规则补齐"
    ]


def test_a_person_registers_once_a_year_in_the_whole_district(tiny):
    _second_community(tiny)
    tiny.write(
        "private/qinghe/other/members/2026.csv",
        "person,date,home_org,compound\np-0006,2026-03-05,shi-jiaoyuju,other-li\n",
    )
    assert tiny.messages("REG001") == [
        "private/qinghe/other/members/2026.csv:2: person: 错误 REG001 人员 'p-0006' 2026 年已在 "
        f"{M}:2 报到，每人每年在全区只能报到一次 / a person registers once a year in the whole district"
        f"{HINT}搬家的党员只在新居住地社区报到，并在 moved_from 填原社区"
    ]


def test_member_registers_where_they_live(tiny):
    _second_community(tiny)
    tiny.replace(M, "p-0007,2026-03-20,qh-shuiwu,changle", "p-0007,2026-03-20,qh-shuiwu,other-li")
    assert tiny.messages("REG006") == [
        f"{M}:3: compound: 错误 REG006 小区 'other-li' 属于社区 'other'，不在报到社区 'cuihu' / compound is not in the "
        f"community registered in{HINT}党员向居住地所在社区报到：换到该小区所在社区的表格中"
    ]


def test_member_registration_references(tiny):
    tiny.replace(M, "p-0007,2026-03-20,qh-shuiwu,changle", "p-0007,2026-03-20,qh-shuiwo,changle")
    tiny.replace(M, "expertise;volunteer", "expertise;helping")
    assert tiny.messages() == [
        f"{M}:2: service_types: 错误 REF001 未知在职党员服务方式代码 'helping' / unknown code:service-types 'helping'"
        f"{HINT}可用代码：volunteer（志愿式）、expertise（专长式）、list（清单式）、pairing（结对式）",
        f"{M}:3: home_org: 错误 REF001 未知党员所在党组织 'qh-shuiwo'（是否应为 'qh-shuiwu'？） / unknown home_org 'qh-shuiwo'"
        f" (did you mean 'qh-shuiwu'?){HINT}编号须与对应记录文件中的 id 完全一致",
    ]


def test_member_registration_in_an_unknown_community_folder(tiny):
    tiny.write(
        "private/qinghe/nowhere/members/2026.csv",
        "person,date,home_org,compound\np-0008,2026-03-05,shi-jiaoyuju,lvjing\n",
    )
    assert tiny.messages() == [
        "private/qinghe/nowhere/members/2026.csv: 错误 FILE003 文件夹 'nowhere' 不是已登记的社区 / folder 'nowhere' is not a"
        f" known community{HINT}党员报到表放在私有库 <街道>/<社区>/members/<年>.csv，社区编号与公开库一致"
    ]


def test_member_registration_is_refused_under_the_public_root(tiny):
    tiny.write("data/qinghe/cuihu/members/2026.csv", tiny.path(M).read_text("utf-8"))
    assert [p.code for p in tiny.problems()] == ["PRIV001"]


def test_status_history_in_date_order(tiny):
    tiny.replace(N, "{date: 2026-04-20, status: matched}", "{date: 2026-03-20, status: matched}")
    assert tiny.messages() == [
        f"{N}:12: history[1].date: 错误 LIST001 状态记录须按日期排列：2026-03-20 早于上一条 2026-04-01 / history out of date order"
    ]


def test_project_history_starts_planned_or_active(tiny):
    tiny.replace(P, "{date: 2026-04-25, status: planned}", "{date: 2026-04-25, status: done}")
    assert tiny.messages() == [
        f"{P}:14: history[0].status: 错误 LIST001 状态记录须从 planned（计划中）、active（实施中） 开始 / history must start"
        " with its first status"
    ]


def test_project_ends_after_it_starts(tiny):
    tiny.replace(P, "end: 2026-06-30", "end: 2026-04-30")
    assert tiny.messages() == [
        f"{P}:11: end: 错误 LIST002 结束日期 2026-04-30 早于开始日期 2026-05-01 / project ends before it starts"
    ]


def test_a_projects_needs_and_resources_exist(tiny):
    tiny.replace(P, "needs: [cuihu-n01]", "needs: [cuihu-n02]")
    assert tiny.messages() == [
        f"{P}:8: needs[0]: 错误 REF001 未知需求 'cuihu-n02'（是否应为 'cuihu-n01'？） / unknown need 'cuihu-n02' (did you"
        f" mean 'cuihu-n01'?){HINT}编号须与对应记录文件中的 id 完全一致"
    ]


def test_organisation_references_and_categories(tiny):
    tiny.replace(
        N, "raised_by: {type: compound, id: changle}", "raised_by: {type: unit, id: changle}"
    )
    tiny.replace(N, "category: facilities", "category: facility")
    msgs = tiny.messages()
    assert msgs[0].startswith(
        f"{N}:4: category: 错误 REF001 未知需求分类代码 'facility'（是否应为 'facilities'？）"
    )
    assert (
        msgs[1]
        == f"{N}:5: raised_by.id: 错误 REF001 未知驻区单位 'changle' / unknown unit 'changle'{HINT}编号须与对应记录文件中的 id 完全一致"
    )


def test_concurrent_member_needs_a_unit_and_known_duties(tiny):
    tiny.replace(CM, "    unit: qh-shuiwu\n", "")
    tiny.replace(CM, "duties: [projects, resources]", "duties: [projects, resource]")
    assert tiny.messages() == [
        f"{CM}:16: posts[1]: 错误 POST005 兼职委员岗位 'concurrent-1' 须写明来自哪个驻区单位（unit） / a concurrent member"
        f" post needs its unit{HINT}填写 unit: <单位编号>；兼职委员来自驻区单位（大党委、大工委）",
        f"{CM}:18: posts[1].duties[1]: 错误 REF001 未知兼职委员职责（五大员）代码 'resource'（是否应为 'resources'？） / "
        "unknown code:concurrent-duties 'resource' (did you mean 'resources'?)"
        f"{HINT}可用代码：deliberation（辖区工作参议员）、policy（政策宣讲员）、projects（共建项目跟办员）、"
        "resources（资源共享促进员）、opinion（社情民意收集员）",
    ]


def test_member_building_in_any_common_form_or_a_warning(tiny):
    tiny.replace(
        M,
        "p-0006,2026-03-02,shi-jiaoyuju,lvjing,3,",
        "p-0006,2026-03-02,shi-jiaoyuju,lvjing,三号楼,",
    )
    assert tiny.messages() == []
    tiny.replace(M, "lvjing,三号楼,", "lvjing,9栋,")
    assert tiny.messages() == [
        f"{M}:2: building: 警告 REG008 小区 '绿景花园' 没有楼栋 '9栋'（或有多栋对得上） / no such building in the compound"
        f"{HINT}填写楼栋编号或现场楼号：1号楼、3栋"
    ]


def test_activity_of_someone_not_reported_in_is_not_assessed(tiny):
    A = "private/qinghe/cuihu/activities/2026.csv"
    tiny.replace(A, "p-0006,2026-09-20,法律咨询", "p-0005,2026-09-20,法律咨询")
    assert tiny.messages() == [
        f"{A}:4: person: 警告 ACT001 人员 'p-0005' 2026 年没有报到记录，这条活动不计入考核 / activity of someone who"
        f" did not report in that year{HINT}先在居住地社区的报到表中登记该党员"
    ]
