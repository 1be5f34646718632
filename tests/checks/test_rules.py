"""Each validation rule: a bad input and the exact message the editor sees."""

from __future__ import annotations

import datetime as dt

import pytest

C = "data/qinghe/cuihu/compounds/lvjing.yaml"
CL = "data/qinghe/cuihu/compounds/changle.yaml"
G = "data/qinghe/cuihu/grids/cuihu-g01.yaml"
B = "data/qinghe/cuihu/branches/lvjing-zb.yaml"
HINT = "\n    修改建议："


def test_reference_typo_suggests_the_close_id(tiny):
    tiny.replace(
        C,
        "grid: cuihu-g01\n        branch: lvjing-zb\n        group: lvjing-zb-2",
        "grid: cuihu-g0l\n        branch: lvjing-zb\n        group: lvjing-zb-2",
    )
    assert tiny.messages() == [
        f"{C}:29: buildings[1].serve[0].grid: 错误 REF001 未知网格 'cuihu-g0l'（是否应为 'cuihu-g01'？）"
        f" / unknown grid 'cuihu-g0l' (did you mean 'cuihu-g01'?){HINT}编号须与对应记录文件中的 id 完全一致"
    ]


def test_unknown_field_lists_the_allowed_ones(tiny):
    tiny.replace(G, "kind: grid", "kind: grid\ngrdi: 1")
    assert tiny.messages() == [
        f"{G}:5: grdi: 错误 SCH002 未知字段 'grdi' / unknown field 'grdi'{HINT}"
        "可用字段：community、dissolved、established、id、kind、name、note、number、parent、posts、succeeds、verified_at"
    ]


def test_unquoted_phone_is_one_problem_with_a_quoting_hint(tiny):
    tiny.replace(G, 'work_phone: "13800001111"', "work_phone: 13800001111")
    assert tiny.messages() == [
        f"{G}:9: posts[0].work_phone: 错误 SCH003 工作电话应为文字，实际是整数 13800001111 / expected string"
        f'{HINT}数字开头的编号、电话和代码请加英文引号，例如 "0999-6101000"、"3"'
    ]


def test_unified_social_credit_code_check_digit(tiny):
    tiny.edit(
        "data/units/qh-shuiwu.yaml",
        lambda d: d.__setitem__("uscc", d["uscc"][:-1] + ("1" if d["uscc"][-1] == "0" else "0")),
    )
    (msg,) = tiny.messages()
    assert msg.startswith("data/units/qh-shuiwu.yaml:4: uscc: 错误 SCH005 '11990102MB000000")
    assert msg.endswith(
        "不是有效的统一社会信用代码（长度、字符或校验位不对） / "
        f"{msg.split(' / ')[1].split(chr(10))[0]}{HINT}对照营业执照或登记证书重新填写 18 位代码"
    )


def test_branch_must_cover_the_buildings_compound(tiny):
    tiny.edit(B, lambda d: d.__setitem__("compounds", ["lvjing"]))
    assert tiny.messages() == [
        f"{CL}:12: buildings[0].serve[0].branch: 错误 HIER003 党支部 'lvjing-zb' 的覆盖小区（compounds）中没有 'changle'"
        f" / branch does not cover this compound{HINT}在 {B} 的 compounds 中加入 changle，或改选支部"
    ]


def test_building_group_must_belong_to_the_assigned_branch(tiny):
    other = tiny.read(B) | {
        "id": "changle-zb",
        "name": "长乐里党支部",
        "compounds": ["changle"],
        "groups": [{"id": "changle-zb-1", "name": "一号楼党小组"}],
        "central_households": [],
    }
    tiny.write("data/qinghe/cuihu/branches/changle-zb.yaml", other)
    tiny.replace(
        CL,
        "branch: lvjing-zb\n        group: lvjing-zb-2",
        "branch: changle-zb\n        group: lvjing-zb-2",
    )
    assert tiny.messages() == [
        f"{CL}:13: buildings[0].serve[0].group: 错误 HIER002 楼栋党小组 'lvjing-zb-2' 属于党支部 'lvjing-zb'，"
        "不属于 'changle-zb' / building group belongs to another branch"
    ]


def test_grid_must_be_in_the_compounds_community(tiny):
    grid = tiny.read(G) | {"id": "other-g01", "community": "other"}
    tiny.write("data/qinghe/other/grids/other-g01.yaml", grid)
    tiny.write(
        "data/qinghe/other/community.yaml",
        tiny.read("data/qinghe/cuihu/community.yaml")
        | {"id": "other", "name": "另一社区", "division_code": "990102001002"},
    )
    tiny.replace(CL, "grid: cuihu-g01", "grid: other-g01")
    assert tiny.messages() == [
        f"{CL}:11: buildings[0].serve[0].grid: 错误 HIER004 网格 'other-g01' 属于另一社区（other），不是本小区所在社区"
        f" / grid is in another community{HINT}选择本社区的网格"
    ]


def test_record_folder_must_agree_with_its_fields(tiny):
    tiny.replace(
        "data/qinghe/cuihu/stations/cuihu-zhan.yaml", "community: cuihu", "community: cuihu2"
    )
    msgs = tiny.messages("FILE003")
    assert msgs == [
        "data/qinghe/cuihu/stations/cuihu-zhan.yaml:5: community: 错误 FILE003 community 写的是 'cuihu2'，"
        f"但文件在 'cuihu' 文件夹下 / community 'cuihu2' disagrees with folder 'cuihu'{HINT}把文件移到正确的文件夹，或改正该字段"
    ]


def test_community_division_code_starts_with_its_streets(tiny):
    tiny.replace("data/qinghe/cuihu/community.yaml", '"990102001001"', '"990102002001"')
    assert tiny.messages() == [
        "data/qinghe/cuihu/community.yaml:4: division_code: 错误 HIER001 社区区划代码 990102002001 应以所属街道代码前 9 位"
        " 990102001 开头 / community code must start with its street's 9 digits"
    ]


def test_micro_grid_needs_a_parent(tiny):
    tiny.replace(G, "kind: grid", "kind: micro")
    assert tiny.messages() == [
        f"{G}:4: kind: 错误 HIER005 微网格须写明所属网格（parent） / micro-grid needs a parent"
    ]


def test_central_household_building_must_exist(tiny):
    tiny.replace(B, 'building: "3"', 'building: "9"')
    assert tiny.messages() == [
        f"{B}:26: central_households[0].building: 错误 HIER006 小区 'lvjing' 没有楼栋 '9' / no such building in that compound"
        f"{HINT}可用楼栋编号：1、3"
    ]


def test_building_without_service_on_the_as_of_date(tiny):
    tiny.replace(CL, "from: 2024-01-01", "from: 2027-01-01")
    assert tiny.messages() == [
        f"{CL}:9: buildings[0].serve: 错误 SERV001 一号楼在 2026-11-23 没有党支部和网格服务（最早的服务关系晚于该日）"
        f" / building has no branch or grid on 2026-11-23{HINT}补上更早的服务关系，或核对生效日期"
    ]
    # The same data is fine for a later as-of date.
    assert tiny.messages(as_of=dt.date(2027, 1, 2)) == []


def test_assignments_in_date_order(tiny):
    tiny.replace(
        CL,
        "    serve:\n",
        "    serve:\n      - from: 2025-01-01\n        grid: cuihu-g01\n"
        "        branch: lvjing-zb\n        station: cuihu-zhan\n",
    )
    assert tiny.messages() == [
        f"{CL}:14: buildings[0].serve[1].from: 错误 SERV002 服务关系须按生效日期从早到晚排列，且日期不能重复"
        "（2024-01-01 不晚于上一条 2025-01-01） / assignments must be in increasing date order"
    ]


def test_overlapping_terms_of_one_post(tiny):
    tiny.replace(
        G,
        "      - person: p-0002\n        from: 2023-03-01",
        "      - person: p-0002\n        from: 2023-03-01\n      - person: p-0001\n        from: 2025-03-01",
    )
    assert tiny.messages() == [
        f"{G}:14: posts[0].holders[1].from: 错误 POST001 任期重叠：第 2 任自 2025-03-01 起，但第 1 任没有结束日期"
        f" / overlapping terms of one post{HINT}给前一任写上 to（早于 2025-03-01）"
    ]


def test_vacant_post_needs_a_date_warning_only(tiny):
    tiny.replace(G, "    vacant_since: 2026-06-01\n", "")
    (p,) = tiny.problems()
    assert p.severity == "warning"
    assert p.format() == (
        f"{G}:13: posts[1]: 警告 POST002 岗位 'worker-2' 在 2026-11-23 无人任职，但没有写 vacant_since（空缺起始日期）"
        f" / vacant post without vacant_since{HINT}写上 vacant_since: YYYY-MM-DD"
    )


def test_unknown_role_code(tiny):
    tiny.replace(G, "role: grid-worker-full", "role: grid-worker")
    assert tiny.messages() == [
        f"{G}:8: posts[0].role: 错误 REF001 未知岗位类别 'grid-worker'（是否应为 'grid-worker-part'？）"
        f" / unknown role 'grid-worker' (did you mean 'grid-worker-part'?){HINT}编号须与对应记录文件中的 id 完全一致"
    ]


def test_unknown_person_gets_no_guess(tiny):
    tiny.replace(G, "person: p-0002", "person: p-0009")
    assert tiny.messages() == [
        f"{G}:11: posts[0].holders[0].person: 错误 REF001 未知人员编号 'p-0009' / unknown person 'p-0009'"
        f"{HINT}编号须与对应记录文件中的 id 完全一致"
    ]


def test_public_only_run_warns_that_people_were_not_checked(tiny):
    assert tiny.messages(private=False) == [
        "private/: 警告 PRIV010 未加载私有库：未检查人员编号，网站不显示任何姓名 / private root not loaded: person ids "
        f"unchecked, no names shown{HINT}发布前在能读取私有库的环境运行，或用 --private 指定私有库"
    ]


@pytest.mark.parametrize("root", ["data", "private"])
def test_resident_id_number_anywhere_is_an_error(tiny, root):
    # 37130219850312401 → check digit 4 (MOD 11-2 over the 17 digits, computed by hand)
    if root == "data":
        tiny.replace(
            C, "old_names: [化肥厂宿舍]", "old_names: [化肥厂宿舍]\nnote: 联系人 371302198503124014"
        )
        where = f"{C}:6: note"
    else:
        tiny.replace(
            "private/people/qinghe.csv",
            "p-0005,孙秀英,cuihu,false,false,,,",
            "p-0005,孙秀英,cuihu,false,false,,,身份证371302198503124014",
        )
        where = "private/people/qinghe.csv:6: note"
    assert tiny.messages("PRIV002") == [
        f"{where}: 错误 PRIV002 疑似居民身份证号 371*************14：数据库不得保存身份证号 / resident ID number: never stored here"
        f"{HINT}删除该号码；人员只用人员编号（p-…）标识，并从 git 历史中清除"
    ]


def test_a_random_18_digit_number_is_not_an_id_number(tiny):
    tiny.replace(
        C, "old_names: [化肥厂宿舍]", "old_names: [化肥厂宿舍]\nnote: 合同 371302198503124011"
    )
    assert tiny.messages() == []


def test_mobile_outside_a_phone_field(tiny):
    tiny.replace(C, "old_names: [化肥厂宿舍]", "old_names: [化肥厂宿舍]\nnote: 业主 13912345678")
    assert tiny.messages() == [
        f"{C}:6: note: 错误 PRIV003 手机号 139******78 出现在非电话字段中 / mobile number outside a phone field"
        f"{HINT}个人手机号不得录入；工作电话写在 work_phone 中"
    ]


def test_personal_phone_without_consent(tiny):
    tiny.replace(
        "private/people/qinghe.csv",
        "p-0005,孙秀英,cuihu,false,false,,,",
        "p-0005,孙秀英,cuihu,false,false,13712345678,,",
    )
    assert tiny.messages() == [
        "private/people/qinghe.csv:6: phone: 错误 PRIV004 本人未同意公开电话（consent_phone 不是 true），不得录入个人电话"
        f" / personal phone without consent{HINT}删除该电话；或取得书面同意后把 consent_phone 改为 true 并填写 consent_date"
    ]


def test_stale_record_is_a_warning(tiny):
    tiny.replace(G, "verified_at: 2026-09-01", "verified_at: 2024-09-01")
    assert tiny.messages() == [
        f"{G}:16: verified_at: 警告 FRESH001 超过 365 天未核实（上次 2024-09-01） / not verified since 2024-09-01"
        f"{HINT}核实后把 verified_at 改为核实当天的日期"
    ]


def test_appointment_notice_shorter_than_five_working_days(tiny):
    tiny.replace("data/notices/2026-09-01-cuihu-secretary.md", "working_days: 5", "end: 2026-09-03")
    # Editing the published fixture notice is also NOTICE003 (tests/checks/test_published.py).
    assert tiny.messages("NOTICE001") == [
        "data/notices/2026-09-01-cuihu-secretary.md:7: end: 错误 NOTICE001 任职公示只有 3 个工作日，规则要求不少于 5 个"
        f" / appointment notice of 3 working days, at least 5 required{HINT}《党政领导干部选拔任用工作条例》第四十一条：公示期不少于五个工作日"
    ]


def test_notice_needs_the_calendar_of_its_year(tiny):
    tiny.path("data/calendar/2026.yaml").unlink()
    assert tiny.messages() == [
        "data/notices/2026-09-01-cuihu-secretary.md:6: start: 错误 CAL001 缺少 2026 年的工作日历，无法计算公示期"
        f" / no working-day calendar for 2026{HINT}添加 data/calendar/2026.yaml（节假日和调休上班日）",
        # …and a request's deadline (吹哨报到) needs it too.
        "data/qinghe/cuihu/requests/2026.csv:2: raised: 错误 CAL001 缺少 2026 年的工作日历，无法计算办理时限"
        f" / no working-day calendar for 2026{HINT}添加 data/calendar/2026.yaml（节假日和调休上班日）",
    ]


def test_rules_must_be_in_force(tiny):
    tiny.path("data/rules/validation/2024-01-01.yaml").unlink()
    assert tiny.messages() == [
        "data/rules/: 错误 RULE001 2026-11-23 没有生效的校验规则 / no rules_validation rules in force on 2026-11-23"
        f"{HINT}在 data/rules/ 下添加一份覆盖该日期的规则文件"
    ]


def test_every_problem_in_one_run(tiny):
    tiny.replace(G, "kind: grid", "kind: grid\ngrdi: 1")
    tiny.replace(CL, "from: 2024-01-01", "from: 2027-01-01")
    tiny.replace(C, "old_names: [化肥厂宿舍]", "old_names: [化肥厂宿舍]\nnote: 业主 13912345678")
    assert [p.code for p in tiny.problems()] == ["SERV001", "PRIV003", "SCH002"]


def test_duplicate_building_id_in_a_compound(tiny):
    tiny.replace(C, '  - id: "3"\n    number: 3栋', '  - id: "1"\n    number: 3栋')
    assert tiny.messages("DUP003") == [
        f"{C}:25: buildings[1].id: 错误 DUP003 楼栋编号 '1' 在本小区重复（第 1 栋已使用） / duplicate building id '1'"
        f"{HINT}每栋楼用不同的 id，如 3、3a"
    ]


def test_building_number_in_an_unknown_form_is_a_warning(tiny):
    tiny.replace(C, "number: 3栋", "number: 三栋楼")
    assert tiny.messages() == [
        f"{C}:26: buildings[1].number: 警告 BLD001 楼号 '三栋楼' 不是常见写法，居民可能搜不到"
        " / building number '三栋楼' matches no known form"
        f"{HINT}按现场标识写成 3号楼、3栋、3幢、三号楼、3号、A座 之一；确有其他写法请加到 data/codes/building-number-forms.yaml"
    ]


NOTICE = "data/notices/2026-09-01-cuihu-secretary.md"
MEMBER_RULES = "data/rules/member-assessment/2024-01-01.yaml"


def test_notice_with_both_end_and_working_days(tiny):
    tiny.replace(NOTICE, "working_days: 5", "working_days: 5\nend: 2026-09-10")
    assert tiny.messages("SCH006") == [
        f"{NOTICE}:2: 错误 SCH006 end（结束日期）和 working_days（工作日数）须填写一个，且只能填一个"
        f" / give exactly one of end and working_days{HINT}任职公示用 working_days: 5"
    ]


def test_a_schema_rule_without_its_own_wording(tiny):
    # exclusiveMinimum has no Chinese wording of its own: the rule's name and its field's title.
    tiny.replace(MEMBER_RULES, "weight: 20", "weight: 0")
    assert tiny.messages("SCH009") == [
        f"{MEMBER_RULES}:11: indicators[0].weight: 错误 SCH009 不符合规则 exclusiveMinimum（权重）"
        f" / 0 is less than or equal to the minimum of 0{HINT}满分（各指标权重之和须为 100）"
    ]


def test_duplicate_post_id_in_one_list(tiny):
    tiny.replace(G, "id: worker-2", "id: worker-1")
    assert tiny.messages("DUP002") == [
        f"{G}:13: posts[1].id: 错误 DUP002 岗位编号 'worker-1' 在同一列表中重复 / duplicate post id"
    ]


def test_term_that_ends_before_it_starts(tiny):
    tiny.replace(G, "from: 2023-03-01", "from: 2023-03-01\n        to: 2023-01-01")
    assert tiny.messages("POST003") == [
        f"{G}:13: posts[0].holders[0].to: 错误 POST003 任职结束日期 2023-01-01 早于开始日期 2023-03-01"
        " / term ends before it starts"
    ]


def test_post_with_a_holder_still_marked_vacant(tiny):
    tiny.replace(
        G,
        "    vacant_since: 2026-06-01",
        "    vacant_since: 2026-06-01\n    holders:\n      - person: p-0006\n        from: 2026-07-01",
    )
    assert tiny.messages("POST004") == [
        f"{G}:15: posts[1].vacant_since: 警告 POST004 岗位 'worker-2' 已有人任职，但仍写着空缺（vacant_since）"
        f" / post has a holder but is marked vacant{HINT}删除 vacant_since"
    ]


def test_branch_covering_a_compound_of_another_community(tiny):
    tiny.replace(CL, "community: cuihu", "community: other")
    assert tiny.messages("HIER007") == [
        f"{B}:5: compounds[1]: 警告 HIER007 小区 'changle' 属于另一个社区（other）"
        f" / branch covers a compound of another community{HINT}跨社区的联合党支部请在 note 中说明"
    ]


def test_community_station_without_its_community(tiny):
    station = "data/qinghe/cuihu/stations/cuihu-zhan.yaml"
    tiny.replace(station, "community: cuihu\n", "")
    assert tiny.messages("HIER008") == [
        f"{station}:3: level: 错误 HIER008 community 层级的服务站须填写 community"
        " / community-level station needs community"
    ]


def test_consent_without_a_consent_date(tiny):
    tiny.replace(
        "private/people/qinghe.csv",
        "p-0006,周明,cuihu,false,false,,,",
        "p-0006,周明,cuihu,true,false,,,",
    )
    assert tiny.messages("PRIV005") == [
        "private/people/qinghe.csv:7: consent_date: 错误 PRIV005 记录了同意公开，但没有同意日期（consent_date）"
        f" / consent without a consent date{HINT}填写签署同意书的日期 YYYY-MM-DD"
    ]


def test_verified_in_the_future_is_a_warning(tiny):
    tiny.replace(G, "verified_at: 2026-09-01", "verified_at: 2026-12-01")
    assert tiny.messages("FRESH002") == [
        f"{G}:16: verified_at: 警告 FRESH002 核实日期 2026-12-01 晚于检查日期 2026-11-23"
        f" / verified_at is in the future{HINT}填写实际核实的日期"
    ]


def test_notice_that_ends_before_it_starts(tiny):
    tiny.replace(NOTICE, "working_days: 5", "end: 2026-08-31")
    assert tiny.messages("NOTICE002") == [
        f"{NOTICE}:7: end: 错误 NOTICE002 结束日期 2026-08-31 早于开始日期 2026-09-01"
        " / notice ends before it starts"
    ]


def test_rules_in_force_that_overlap(tiny):
    old = "data/rules/validation/2024-01-01.yaml"
    new = "data/rules/validation/2025-01-01.yaml"
    text = tiny.path(old).read_text("utf-8")
    tiny.write(new, text.replace("from: 2024-01-01", "from: 2025-01-01"))
    assert tiny.messages("RULE002") == [
        f"{new}:2: in_force.from: 错误 RULE002 校验规则的生效期与 {old} 重叠 / rules overlap with {old}"
        f"{HINT}给 {old} 写上 in_force.to（早于 2025-01-01）"
    ]


def test_duplicate_indicator_id(tiny):
    tiny.replace(MEMBER_RULES, "id: hours", "id: registered")
    assert tiny.messages("RULE005") == [
        f"{MEMBER_RULES}:15: indicators[1].id: 错误 RULE005 指标编号 'registered' 重复 / duplicate indicator id"
    ]
