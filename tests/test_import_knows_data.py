"""Imports that know the data (issue 15): every reference and code of a sheet is checked against
the current dataset before anything is written; names and aliases become ids; problems are shown
at the sheet's cell (表名!C7); the templates offer names from the data in drop-downs."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_SCHEMAS

HINT = "\n    修改建议："
REF_HINT = f"{HINT}填写编号或名称（全称、别名均可），或从模板的下拉列表中选择"
PHONE_HINT = (
    f"{HINT}把这一列设为“文本”格式后重新输入（或在数字前加英文单引号 '）："
    "数字格式会丢掉开头的 0，长数字会变成科学计数法"
)
NOTHING = "有错误，未写入任何文件 / errors: nothing written\n"
MEMBERS = "private/qinghe/cuihu/members/2026.csv"


def _run(tiny, *args):
    return CliRunner().invoke(
        main, ["--root", str(tiny.root), "--schemas", str(CODE_SCHEMAS), *args]
    )


def _xlsx(path, title, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _tree(tiny) -> dict[str, bytes]:
    """Every file of the repository (both roots): an import refused must leave it as it was."""
    return {
        p.relative_to(tiny.root).as_posix(): p.read_bytes()
        for p in tiny.root.rglob("*")
        if p.is_file()
    }


def test_an_unknown_community_and_home_organisation_are_refused_at_their_cells(tiny, tmp_path):
    before = _tree(tiny)
    people = _xlsx(
        tmp_path / "人员.xlsx",
        "人员名册",
        [
            ["人员编号", "姓名", "居住社区", "同意公开姓名", "同意公开电话"],
            ["p-0100", "张三", "xinqiao", "否", "否"],
        ],
    )
    result = _run(tiny, "import", str(people), "--table", "people", "--street", "qinghe")
    assert result.exit_code == 1
    assert result.stdout == (
        "人员.xlsx:人员名册!C2: 居住社区: 错误 REF001 未知居住社区 'xinqiao'"
        f" / unknown community 'xinqiao'{REF_HINT}\n"
        "按代码 / by code：REF001 1\n"
        "共 1 个错误，0 个警告 / 1 errors, 0 warnings\n"
    )
    assert result.stderr == NOTHING
    members = _xlsx(
        tmp_path / "报到.xlsx",
        "在职党员报到",
        [
            ["人员编号", "报到日期", "所在党组织", "居住小区"],
            ["p-0001", "2026-03-05", "shi-jiaoyuju", "lvjing"],
            ["p-0002", "2026-03-06", "shi-caizhengju", "lvjing"],
            ["p-9999", "2026-03-07", "qh-shuiwu", "changle"],
        ],
    )
    result = _run(
        tiny, "import", str(members), "--table", "member_registrations", "--community", "cuihu"
    )
    assert result.exit_code == 1
    assert result.stdout == (
        # Nothing close enough to offer (difflib ratio < 0.6).
        "报到.xlsx:在职党员报到!C3: 所在党组织: 错误 REF001 未知所在党组织 'shi-caizhengju'"
        f" / unknown home_org/unit 'shi-caizhengju'{REF_HINT}\n"
        "报到.xlsx:在职党员报到!A4: 人员编号: 错误 REF001 未知人员编号 'p-9999'"
        f" / unknown person 'p-9999'{HINT}人员编号须是人员名册（私有库 people/）中已有的编号；"
        "新成员先导入人员名册\n"
        "按代码 / by code：REF001 2\n"
        "共 2 个错误，0 个警告 / 2 errors, 0 warnings\n"
    )
    assert _tree(tiny) == before


def test_a_chinese_name_in_an_id_column_becomes_its_id_when_exact(tiny, tmp_path):
    members = _xlsx(
        tmp_path / "报到.xlsx",
        "在职党员报到",
        [
            ["人员编号", "报到日期", "所在党组织", "居住小区", "迁出社区"],
            ["p-0001", "2026-03-05", "市教育局机关党委", "绿景花园", "翠湖社区"],
            ["p-0002", "2026-03-06", "青禾区水务局", "绿景", ""],  # an alias
        ],
    )
    result = _run(
        tiny, "import", str(members), "--table", "member_registrations", "--community", "cuihu"
    )
    assert result.exit_code == 0, result.output
    rows = tiny.path(MEMBERS).read_text("utf-8").splitlines()
    assert "p-0001,2026-03-05,shi-jiaoyuju,lvjing,,,,,,cuihu," in rows
    assert "p-0002,2026-03-06,qh-shuiwu,lvjing,,,,,,," in rows


def test_a_close_name_in_an_id_column_is_refused_with_the_id_it_should_be(tiny, tmp_path):
    before = _tree(tiny)
    members = _xlsx(
        tmp_path / "报到.xlsx",
        "在职党员报到",
        [
            ["人员编号", "报到日期", "所在党组织", "居住小区", "迁出社区"],
            ["p-0001", "2026-03-05", "shi-jiaoyuju", "绿景花园小区", "翠湖"],
        ],
    )
    result = _run(
        tiny, "import", str(members), "--table", "member_registrations", "--community", "cuihu"
    )
    assert result.exit_code == 1
    assert result.stdout == (
        "报到.xlsx:在职党员报到!D2: 居住小区: 错误 REF001 未知居住小区 '绿景花园小区'"
        "（是否应为 lvjing（绿景花园）？） / unknown compound '绿景花园小区'"
        f" (did you mean lvjing（绿景花园）?){REF_HINT}\n"
        "报到.xlsx:在职党员报到!E2: 迁出社区: 错误 REF001 未知迁出社区 '翠湖'"
        "（是否应为 cuihu（翠湖社区）？） / unknown community '翠湖'"
        f" (did you mean cuihu（翠湖社区）?){REF_HINT}\n"
        "按代码 / by code：REF001 2\n"
        "共 2 个错误，0 个警告 / 2 errors, 0 warnings\n"
    )
    assert _tree(tiny) == before


@pytest.mark.parametrize("typed", [13912345678, 13912345678.0])
def test_a_phone_typed_as_a_number_is_refused_at_its_cell(tiny, tmp_path, typed):
    before = _tree(tiny)
    people = _xlsx(
        tmp_path / "人员.xlsx",
        "人员名册",
        [
            ["人员编号", "姓名", "居住社区", "同意公开姓名", "同意公开电话", "本人同意公开的电话"],
            ["p-0100", "张三", "翠湖社区", "是", "是", typed],
        ],
    )
    result = _run(tiny, "import", str(people), "--table", "people", "--street", "qinghe")
    assert result.exit_code == 1
    assert result.stdout == (
        "人员.xlsx:人员名册!F2: 本人同意公开的电话: 错误 IMP001 单元格是数字 13912345678，"
        "本列须是文字（编号、代码、电话） / numeric cell 13912345678 where text is meant"
        f"{PHONE_HINT}\n"
        "按代码 / by code：IMP001 1\n"
        "共 1 个错误，0 个警告 / 1 errors, 0 warnings\n"
    )
    assert _tree(tiny) == before


def test_a_request_template_offers_names_from_the_data_and_the_import_stores_ids(tiny, tmp_path):
    out = tmp_path / "吹哨.xlsx"
    result = _run(tiny, "template", "requests", "--community", "cuihu", "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    ws = wb["吹哨报到事项"]
    assert [(str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation] == [
        ("B2:B501", "'下拉选项'!$A$2:$A$2"),
        ("C2:C501", "'下拉选项'!$B$2:$B$3"),
        ("D2:D501", "'下拉选项'!$C$2:$C$8"),
        ("G2:G501", "'下拉选项'!$D$2:$D$11"),  # ten departments
        ("J2:J501", "'下拉选项'!$E$2:$E$4"),
    ]
    lists = list(wb["下拉选项"].iter_rows(values_only=True))
    assert lists[0] == ("网格", "小区", "类别", "报到部门", "居民评价")
    assert lists[1][:3] == ("翠湖社区第一网格", "长乐里", "环境卫生")
    assert [r[4] for r in lists[1:4]] == ["满意", "基本满意", "不满意"]
    assert wb["下拉选项"].sheet_state == "hidden"
    assert ws["A2"].number_format == "@"  # ids and codes are text

    row = ["cuihu-2026-0002", "翠湖社区第一网格", "绿景花园", "公共设施", "井盖松动"]
    row += ["2026-10-09", "城市管理执法局", "2026-10-10", "2026-10-12", "基本满意"]
    for c, value in enumerate(row, start=1):
        ws.cell(row=2, column=c, value=value)
    wb.save(out)
    result = _run(
        tiny, "--no-private", "import", str(out), "--table", "requests", "--community", "cuihu"
    )
    assert result.exit_code == 0, result.output
    assert tiny.path("data/qinghe/cuihu/requests/2026.csv").read_text("utf-8").splitlines()[2] == (
        "cuihu-2026-0002,cuihu-g01,lvjing,facilities,井盖松动,2026-10-09,chengguan,"
        "2026-10-10,2026-10-12,basic"
    )


def test_no_private_import_is_allowed_for_every_public_table_only(tiny, tmp_path):
    totals = _xlsx(
        tmp_path / "汇总.xlsx",
        "吹哨报到汇总",
        [
            ["月份", "报到部门", "类别", "吹哨件数", "办结件数", "按时办结件数", "逾期未办结件数"]
            + ["评价件数", "满意件数"],
            ["2026-10", "城市管理执法局", "环境卫生", "2", "2", "2", "0", "1", "1"],
        ],
    )
    # Bulk request counts can be 1–4: a private-root table like the 12345 counts (docs/privacy.md).
    args = ["--no-private", "import", str(totals), "--table", "request_totals"]
    result = _run(tiny, *args, "--community", "cuihu")
    assert result.exit_code == 1
    assert (
        "吹哨报到汇总（request_totals）在私有库里，不能与 --no-private 一起使用；"
        "不用私有库时可导入的表格：requests，以及各项评分"
    ) in result.output
    hotline = _xlsx(tmp_path / "12345.xlsx", "12345 热线工单汇总", [["月份"], ["2026-10"]])
    result = _run(tiny, "--no-private", "import", str(hotline), "--table", "hotline_tickets")
    assert result.exit_code == 1
    assert (
        "12345 热线工单汇总（hotline_tickets）在私有库里，不能与 --no-private 一起使用；"
        "不用私有库时可导入的表格：requests，以及各项评分"
    ) in result.output


# The four evaluations: template → filled with names from its drop-downs → import → validate.
EVALUATIONS = {
    "community_scores": (
        ["--period", "2026H1", "--evaluator", "minzhengju", "--evaluator-name", "区民政局"]
        + ["--component", "departments"],
        {"A2": "翠湖社区", "C2": 88.5, "D2": "台账齐全"},
        "data/evaluations/community/minzhengju/2026h1.yaml",
        {
            "period": "2026H1",
            "evaluator": "minzhengju",
            "evaluator_name": "区民政局",
            "component": "departments",
            "date": "2026-11-23",
            "scores": [{"community": "cuihu", "score": 88.5, "comment": "台账齐全"}],
        },
    ),
    "branch_reviews": (
        ["--period", "2026H2", "--community", "cuihu"],
        {"A2": "绿景花园联合党支部", "C2": 92, "D2": "是"},
        "data/qinghe/cuihu/branch-reviews/2026h2.yaml",
        {
            "period": "2026H2",
            "date": "2026-11-23",
            "reviews": [{"branch": "lvjing-zb", "score": 92, "operating": True}],
        },
    ),
    "property_evaluations": (
        ["--period", "2026Q3", "--community", "cuihu"],
        {"D2": 95, "E2": 90},  # the compound and its company are listed by the template
        "data/qinghe/cuihu/property-evaluations/2026q3.yaml",
        {
            "period": "2026Q3",
            "date": "2026-11-23",
            "evaluations": [
                {
                    "compound": "lvjing",
                    "company": "anju-wuye",
                    "community_score": 95,
                    "branch_score": 90,
                }
            ],
        },
    ),
    "unit_evaluations": (
        ["--period", "2026", "--community", "cuihu"],
        {"C2": 86, "D2": "积极参与社区治理"},  # the unit that reported to cuihu is listed
        "data/qinghe/cuihu/evaluations/2026-qh-shuiwu.yaml",
        {
            "id": "2026-qh-shuiwu",
            "year": 2026,
            "unit": "qh-shuiwu",
            "community": "cuihu",
            "date": "2026-11-23",
            "score": 86,
            "comment": "积极参与社区治理",
        },
    ),
}


@pytest.mark.parametrize("table", sorted(EVALUATIONS))
def test_every_evaluation_round_trips_template_import_validate(tiny, tmp_path, table):
    args, cells, target, record = EVALUATIONS[table]
    out = tmp_path / f"{table}.xlsx"
    community = [] if table == "community_scores" else ["--community", "cuihu"]
    result = _run(tiny, "template", table, *community, "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.data_validations.dataValidation  # the object column at least
    for cell, value in cells.items():
        ws[cell] = value
    wb.save(out)
    result = _run(tiny, "import", str(out), "--table", table, *args, "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert tiny.read(target) == record
    check = _run(tiny, "validate", "--as-of", "2026-11-23", "--format", "json")
    assert [p for p in json.loads(check.stdout) if p["severity"] == "error"] == []
    assert [p for p in json.loads(check.stdout) if p["file"] == target] == []


def test_an_evaluation_sheet_naming_another_communitys_branch_is_refused_at_its_cell(
    tiny, tmp_path
):
    src = _xlsx(
        tmp_path / "评议.xlsx",
        "支部评议",
        [["支部", "得分", "实体化运行"], ["绿景花园党支部", 90, "是"], ["lvjing-zb", "", "也许"]],
    )
    before = _tree(tiny)
    args = ["--table", "branch_reviews", "--period", "2026H2", "--community", "cuihu"]
    result = _run(tiny, "import", str(src), *args)
    assert result.exit_code == 1
    assert result.stdout == (
        "评议.xlsx:支部评议!A2: 支部: 错误 REF001 未知支部 '绿景花园党支部'"
        "（是否应为 lvjing-zb（绿景花园联合党支部）？） / unknown branch '绿景花园党支部'"
        f" (did you mean lvjing-zb（绿景花园联合党支部）?){REF_HINT}\n"
        "评议.xlsx:支部评议!B3: 得分: 错误 SCH001 “得分”不能为空 / 'score' is empty"
        f"{HINT}填写得分\n"
        "评议.xlsx:支部评议!C3: 实体化运行: 错误 SCH003 实体化运行须填“是”或“否”（现为 '也许'）"
        f" / must be yes or no{HINT}填写 是 或 否\n"
        "按代码 / by code：REF001 1，SCH001 1，SCH003 1\n"
        "共 3 个错误，0 个警告 / 3 errors, 0 warnings\n"
    )
    assert _tree(tiny) == before


def test_a_compound_of_another_community_is_refused_as_validate_would(tiny, tmp_path):
    # A second community with its own compound; a member reports to the community they live in.
    tiny.write(
        "data/qinghe/nanyuan/community.yaml",
        {**tiny.read("data/qinghe/cuihu/community.yaml"), "id": "nanyuan", "name": "南苑社区"},
    )
    tiny.write(
        "data/qinghe/nanyuan/compounds/nanyuan-xq.yaml",
        {"id": "nanyuan-xq", "name": "南苑小区", "community": "nanyuan", "type": "old"},
    )
    before = _tree(tiny)
    members = _xlsx(
        tmp_path / "报到.xlsx",
        "在职党员报到",
        [
            ["人员编号", "报到日期", "所在党组织", "居住小区"],
            ["p-0001", "2026-03-05", "shi-jiaoyuju", "南苑小区"],
        ],
    )
    result = _run(
        tiny, "import", str(members), "--table", "member_registrations", "--community", "cuihu"
    )
    assert result.exit_code == 1
    assert result.stdout == (
        "报到.xlsx:在职党员报到!D2: 居住小区: 错误 REG006 居住小区 '南苑小区' 不在本表的社区 cuihu："
        "nanyuan-xq（南苑小区）属于社区 nanyuan / '南苑小区' is outside the sheet's community"
        f"{HINT}党员向居住地所在社区报到：换到该小区所在社区的表格中\n"
        "按代码 / by code：REG006 1\n"
        "共 1 个错误，0 个警告 / 1 errors, 0 warnings\n"
    )
    assert _tree(tiny) == before


def test_a_template_for_an_unknown_community_is_refused(tiny, tmp_path):
    for table in ("requests", "branch_reviews"):
        result = _run(
            tiny, "template", table, "--community", "cuihuu", "--out", str(tmp_path / "t.xlsx")
        )
        assert result.exit_code == 1
        assert "未知社区 'cuihuu'（是否应为 'cuihu'？）：--community 写社区编号" in result.output
        assert not (tmp_path / "t.xlsx").exists()


def test_evaluation_templates_offer_names_and_keep_ids_as_text(tiny, tmp_path):
    out = tmp_path / "物业.xlsx"
    args = ["template", "property_evaluations", "--community", "cuihu", "--out", str(out)]
    assert _run(tiny, *args).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["物业服务评议"]
    last = 2 + 300  # one listed compound (changle has no company), then 300 rows to add
    assert [(str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation] == [
        (f"A2:A{last}", "'下拉选项'!$A$2:$A$3"),
        (f"C2:C{last}", "'下拉选项'!$B$2:$B$2"),
    ]
    assert list(wb["下拉选项"].iter_rows(values_only=True)) == [
        ("小区", "物业公司"),
        ("长乐里", "安居物业服务有限公司"),
        ("绿景花园", None),
    ]
    assert [c.value for c in ws[2]] == ["lvjing", "绿景花园", "安居物业服务有限公司"] + [None] * 3
    assert (ws["A2"].number_format, ws["D2"].number_format) == ("@", "General")

    out = tmp_path / "支部.xlsx"
    args = ["template", "branch_reviews", "--community", "cuihu", "--out", str(out)]
    assert _run(tiny, *args).exit_code == 0
    ws = openpyxl.load_workbook(out)["支部评议"]
    assert [(str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation] == [
        (f"A2:A{last}", "'下拉选项'!$A$2:$A$2"),
        (f"D2:D{last}", '"是,否"'),
    ]
