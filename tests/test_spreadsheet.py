"""Spreadsheet import: an editor's Excel/WPS sheet or CSV into the private CSV tables, as they run it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner

from baodao.cli import main
from baodao.records.schemas import SchemaSet
from baodao.repo import CODE_SCHEMAS
from baodao.spreadsheet import import_table, normalise_date
from baodao.spreadsheet.sheet import read_sheet
from baodao.spreadsheet.template import NOTES_SHEET, write_template

MEMBERS = "private/qinghe/cuihu/members/2026.csv"
PEOPLE = "private/people/qinghe.csv"
MEMBER_HEADER = "person,date,home_org,compound,building,specialties,hobbies,service_types,needs,moved_from,note\n"
HINT = "\n    修改建议："
SERVICE_HINT = "可填：志愿式（volunteer）、专长式（expertise）、清单式（list）、结对式（pairing），多项用分号分隔"

# Two rows per table, by the template's Chinese column titles, and the CSV lines they become.
FILLED = {
    "member_registrations": (
        ["--community", "cuihu"],
        MEMBERS,
        [
            {
                "人员编号": "p-0001",
                "报到日期": "2026/3/5",
                "所在党组织": "shi-jiaoyuju",
                "居住小区": "lvjing",
                "楼栋": "3号楼",  # becomes the building id "3"
                "服务方式": "志愿式；专长式",
            },
            {
                "人员编号": "p-0002",
                "报到日期": "2026年4月1日",
                "所在党组织": "qh-shuiwu",
                "居住小区": "changle",
                "楼栋": "1",
                "服务方式": "pairing",
            },
        ],
        [
            "p-0001,2026-03-05,shi-jiaoyuju,lvjing,3,,,volunteer;expertise,,,\n",
            "p-0002,2026-04-01,qh-shuiwu,changle,1,,,pairing,,,\n",
        ],
    ),
    "activity_log": (
        ["--community", "cuihu"],
        "private/qinghe/cuihu/activities/2026.csv",
        [
            {
                "人员编号": "p-0006",
                "日期": "2026/5/1",
                "活动": "楼道清扫",
                "服务方式": "志愿式",
                "时长": "2",
                "核实人": "翠湖社区第一网格专职网格员",
            },
            {
                "人员编号": "p-0007",
                "日期": "2026年6月13日",
                "活动": "cuihu-e01",
                "服务方式": "专长式",
                "时长": "3.5",
                "核实人": "翠湖社区第一网格专职网格员",
            },
        ],
        [
            "p-0006,2026-05-01,楼道清扫,volunteer,2,翠湖社区第一网格专职网格员,\n",
            "p-0007,2026-06-13,cuihu-e01,expertise,3.5,翠湖社区第一网格专职网格员,\n",
        ],
    ),
    "hotline_tickets": (
        [],
        "private/hotline/2026.csv",
        [
            {"月份": "2026年3月", "小区": "lvjing", "类别": "物业服务", "工单数": "12"},
            {"月份": "2026/3/1", "小区": "changle", "类别": "parking", "工单数": "3"},
        ],
        [
            "2026-03,lvjing,property,12\n",
            "2026-03,changle,parking,3\n",
        ],
    ),
    "requests": (
        ["--community", "cuihu"],
        "data/qinghe/cuihu/requests/2026.csv",
        [
            {
                "编号": "cuihu-2026-0002",
                "网格": "cuihu-g01",
                "类别": "水电气暖",
                "事项": "单元停电",
                "吹哨日期": "2026/10/9",
                "报到部门": "供电公司",
                "响应日期": "2026年10月9日",
                "办结日期": "2026-10-10",
                "居民评价": "satisfied",
            },
            {
                "编号": "cuihu-2026-0003",
                "网格": "cuihu-g01",
                "小区": "changle",
                "类别": "safety",
                "事项": "楼道飞线充电",
                "吹哨日期": "2026-11-02",
                "报到部门": "paichusuo",
                "响应日期": "2026-11-03",
            },
        ],
        [
            "cuihu-2026-0002,cuihu-g01,,utilities,单元停电,2026-10-09,gongdian,2026-10-09,2026-10-10,satisfied\n",
            "cuihu-2026-0003,cuihu-g01,changle,safety,楼道飞线充电,2026-11-02,paichusuo,2026-11-03,,\n",
        ],
    ),
    "request_totals": (
        ["--community", "cuihu"],
        "private/qinghe/cuihu/requests/2026-totals.csv",
        [
            {
                "月份": "2026-03",
                "报到部门": "城市管理执法局",
                "类别": "秩序管理",
                "吹哨件数": "10",
                "办结件数": "8",
                "按时办结件数": "6",
                "逾期未办结件数": "1",
                "评价件数": "5",
                "满意件数": "4",
            },
            {
                "月份": "2026-04",
                "报到部门": "chengguan",
                "类别": "order",
                "吹哨件数": "9",
                "办结件数": "9",
                "按时办结件数": "9",
                "逾期未办结件数": "0",
                "评价件数": "7",
                "满意件数": "7",
            },
        ],
        ["2026-03,chengguan,order,10,8,6,1,5,4\n", "2026-04,chengguan,order,9,9,9,0,7,7\n"],
    ),
    "people": (
        ["--street", "qinghe"],
        PEOPLE,
        [
            {
                "人员编号": "p-0009",
                "姓名": "钱进",
                "居住社区": "cuihu",
                "同意公开姓名": "是",
                "同意公开电话": "否",
                "同意日期": "2026.10.8",
            },
            {"人员编号": "p-0010", "姓名": "冯洁", "同意公开姓名": "否", "同意公开电话": "否"},
        ],
        [
            "p-0009,钱进,cuihu,true,false,,2026-10-08,\n",
            "p-0010,冯洁,,false,false,,,\n",
        ],
    ),
}


def _run(tiny, *args):
    return CliRunner().invoke(
        main, ["--root", str(tiny.root), "--schemas", str(CODE_SCHEMAS), *args]
    )


def _xlsx(path, rows, title="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _validate_errors(tiny) -> list[dict]:
    result = _run(tiny, "validate", "--as-of", "2026-11-23", "--format", "json")
    return [p for p in json.loads(result.stdout) if p["severity"] == "error"]


def _private_files(tiny) -> dict[str, bytes]:
    base = tiny.path("private")
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}


def test_every_table_has_a_round_trip_case():
    tables = {r["name"] for r in SchemaSet.load(CODE_SCHEMAS).package["resources"]}
    assert set(FILLED) == tables


@pytest.mark.parametrize("table", sorted(FILLED))
def test_every_template_round_trips_through_import(tiny, tmp_path, table):
    args, target, rows, lines = FILLED[table]
    before_errors = _validate_errors(tiny)
    old = tiny.path(target).read_text("utf-8").splitlines(keepends=True)
    out = tmp_path / f"{table}.xlsx"
    result = _run(tiny, "template", table, "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    titles = [c.value for c in ws[1]]
    for r, row in enumerate(rows, start=2):
        for title, value in row.items():
            ws.cell(row=r, column=titles.index(title) + 1, value=value)
    wb.save(out)

    result = _run(tiny, "import", str(out), "--table", table, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已导入 2 行到 {target}（新增 2，替换 0）\n"
    # Rows kept, new rows merged in, sorted by the primary key (the first column here).
    assert tiny.path(target).read_text("utf-8") == old[0] + "".join(sorted(old[1:] + lines))
    assert _validate_errors(tiny) == before_errors


def test_template_has_titles_notes_dropdowns_and_text_cells(tiny, tmp_path):
    out = tmp_path / "members.xlsx"
    assert _run(tiny, "template", "在职党员报到", "--out", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["在职党员报到", "说明", "下拉选项"]
    assert wb["下拉选项"].sheet_state == "hidden"
    ws = wb["在职党员报到"]
    assert [c.value for c in ws[1]][:3] == ["人员编号", "报到日期", "所在党组织"]
    assert ws["C2"].number_format == "@"  # a 12-digit code typed here stays text
    # Every code and reference column has a drop-down of names from the current data
    # (people never: the register is not a list to pick from).
    assert [(str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation] == [
        ("C2:C501", "'下拉选项'!$A$2:$A$3"),
        ("D2:D501", "'下拉选项'!$B$2:$B$3"),
        ("H2:H501", "'下拉选项'!$C$2:$C$5"),
        ("J2:J501", "'下拉选项'!$D$2:$D$2"),
    ]
    assert [r for r in wb["下拉选项"].iter_rows(values_only=True)] == [
        ("所在党组织", "居住小区", "服务方式", "迁出社区"),
        ("市教育局机关党委", "长乐里", "志愿式", "翠湖社区"),
        ("青禾区水务局", "绿景花园", "专长式", None),
        (None, None, "清单式", None),
        (None, None, "结对式", None),
    ]
    notes = list(wb["说明"].iter_rows(values_only=True))
    assert notes[0] == ("字段名", "中文标题", "说明", "是否必填", "可填的值")
    assert notes[1][:2] + notes[1][3:4] == ("person", "人员编号", "必填")


def test_unknown_table_for_a_template_is_refused(tiny, tmp_path):
    result = _run(tiny, "template", "members", "--out", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 1
    assert (
        "未知表格 'members'；可用：people（人员名册）、member_registrations（在职党员报到）"
        in result.output
    )


def test_gb18030_gbk_and_utf8_bom_csv_import_identically_to_utf8(tiny, tmp_path):
    text = (
        "人员编号,报到日期,所在党组织,居住小区,楼栋,特长,服务方式\n"
        "p-0003,2025/3/5,shi-jiaoyuju,lvjing,三号楼,法律咨询、书法,志愿式、结对式\n"
    )
    written = {}
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"):
        src = tmp_path / f"{encoding}.csv"
        src.write_bytes(text.encode(encoding))
        assert read_sheet(src)[1:] == read_sheet(tmp_path / "utf-8.csv")[1:]
        report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
        assert report.problems == []
        written[encoding] = report.target.read_bytes()
        report.target.unlink()
    assert set(written.values()) == {
        (
            MEMBER_HEADER
            + "p-0003,2025-03-05,shi-jiaoyuju,lvjing,3,法律咨询、书法,,volunteer;pairing,,,\n"
        ).encode()
    }


def test_number_typed_cells_keep_every_digit_and_dates_become_iso(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "成员.xlsx",
        [
            ["人员编号", "报到日期", "所在党组织", "居住小区", "楼栋"],
            ["p-0001", dt.datetime(2026, 3, 5), 990102001001, 4.2e11, 3],
            ["ｐ－０００３", 46086, "shi-jiaoyuju", "ｌｖｊｉｎｇ", "３号楼"],
        ],
    )
    header, rows, problems = read_sheet(src)
    assert problems == []
    assert [r.cells for r in rows] == [
        ["p-0001", "2026-03-05", "990102001001", "420000000000", "3"],
        ["ｐ－０００３", "46086", "shi-jiaoyuju", "ｌｖｊｉｎｇ", "３号楼"],
    ]
    # A number-typed cell in a column of codes may have lost digits already: refused, by sheet,
    # row and column. A number in a free-text column (the building) is kept as typed.
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
    hint = (
        "\n    修改建议：把这一列设为“文本”格式后重新输入（或在数字前加英文单引号 '）："
        "数字格式会丢掉开头的 0，长数字会变成科学计数法"
    )
    assert [p.format() for p in report.problems] == [
        "成员.xlsx:Sheet1!C2: 所在党组织: 错误 IMP001 单元格是数字 990102001001，本列须是文字（编号、代码、电话）"
        f" / numeric cell 990102001001 where text is meant{hint}",
        "成员.xlsx:Sheet1!D2: 居住小区: 错误 IMP001 单元格是数字 420000000000，本列须是文字（编号、代码、电话）"
        f" / numeric cell 420000000000 where text is meant{hint}",
    ]
    assert not report.written


def test_full_width_codes_and_serial_dates_are_normalised(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "成员.xlsx",
        [
            ["人员编号", "报到日期", "所在党组织", "居住小区", "楼栋"],
            ["ｐ－０００３", 46086, "shi-jiaoyuju", "ｌｖｊｉｎｇ", "３号楼"],
        ],
    )
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
    assert (report.added, report.replaced, report.problems) == (1, 0, [])
    text = tiny.path(MEMBERS).read_text("utf-8")
    # Full-width ids, codes and dates become ASCII; a building is kept as written.
    assert "p-0003,2026-03-05,shi-jiaoyuju,lvjing,3,,,,,,\n" in text


def test_bad_rows_are_reported_by_sheet_row_and_column_and_nothing_is_written(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "成员.xlsx",
        [
            ["人员编号", "报到日期", "所在党组织", "服务方式"],
            ["p-0001", "2026/3/5", "shi-jiaoyuju", "志愿式"],
            ["p-0002", "2026/2/30", "shi-jiaoyuju", "志愿者；结对式"],
            ["p-0001", "2026-03-06", "Shi Jiaoyuju", ""],
        ],
    )
    before = _private_files(tiny)
    result = _run(
        tiny, "import", str(src), "--table", "member_registrations", "--community", "cuihu"
    )
    assert result.exit_code == 1
    assert result.stdout == (
        "成员.xlsx:Sheet1!B3: 报到日期: 错误 SCH003 date（报到日期）：'2026/2/30' 不是有效日期，请写成 YYYY-MM-DD"
        " / bad value for 'date'\n"
        "成员.xlsx:Sheet1!D3: 服务方式: 错误 REF001 未知在职党员服务方式代码 '志愿者'（是否应为 '志愿式'？）"
        f" / unknown code:service-types '志愿者' (did you mean '志愿式'?){HINT}{SERVICE_HINT}\n"
        "成员.xlsx:Sheet1!A4: 人员编号: 错误 DUP001 person（人员编号） 'p-0001' 与第 2 行重复"
        " / duplicate 'p-0001' (line 2)\n"
        # Checked against the data: the id meant is offered, with its name.
        "成员.xlsx:Sheet1!C4: 所在党组织: 错误 REF001 未知所在党组织 'Shi Jiaoyuju'"
        "（是否应为 shi-jiaoyuju（市教育局机关党委）？） / unknown home_org/unit 'Shi Jiaoyuju'"
        " (did you mean shi-jiaoyuju（市教育局机关党委）?)"
        f"{HINT}填写编号或名称（全称、别名均可），或从模板的下拉列表中选择\n"
        "按代码 / by code：DUP001 1，REF001 2，SCH003 1\n"
        "共 4 个错误，0 个警告 / 4 errors, 0 warnings\n"
    )
    assert result.stderr == "有错误，未写入任何文件 / errors: nothing written\n"
    assert _private_files(tiny) == before


def test_dates_outside_the_given_year_are_refused(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "m.xlsx", [["person", "date", "home_org"], ["p-0001", "2026-03-05", "qh-shuiwu"]]
    )
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu", year=2025)
    assert [p.format() for p in report.problems] == [
        "m.xlsx:Sheet1!B2: date: 错误 REG007 报到日期 2026-03-05 不在 2025 年度内 / registration dated"
        f" outside its year{HINT}改正日期，或用 --year 指定正确的年度"
    ]
    assert report.target is None
    assert not tiny.path("private/qinghe/cuihu/members/2025.csv").exists()


def test_chinese_titles_and_field_names_are_both_accepted_as_headers(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "成员.xlsx",
        [
            [" 人员编号 ", "date", "所在党组织", "compound", "服务方式", "电话"],
            ["p-0001", "2026-03-05", "qh-shuiwu", "lvjing", "volunteer", "0999-1"],
        ],
    )
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
    (unknown,) = report.problems
    assert unknown.format().startswith(
        "成员.xlsx:Sheet1!F1: 电话: 错误 CSV001 未知的列 '电话' / unknown column '电话'"
        f"{HINT}列名须为中文标题或字段名：人员编号（person）、报到日期（date）"
    )
    src = _xlsx(
        tmp_path / "成员.xlsx",
        [
            [" 人员编号 ", "date", "所在党组织", "compound", "服务方式"],
            ["p-0001", "2026-03-05", "qh-shuiwu", "lvjing", "volunteer"],
        ],
    )
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
    assert (report.problems, report.added) == ([], 1)
    assert "p-0001,2026-03-05,qh-shuiwu,lvjing,,,,volunteer,,,\n" in tiny.path(MEMBERS).read_text(
        "utf-8"
    )


def test_a_missing_required_column_is_named_by_its_title(tiny, tmp_path):
    src = _xlsx(tmp_path / "m.xlsx", [["人员编号", "报到日期"], ["p-0001", "2026-03-05"]])
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
    assert [p.format() for p in report.problems] == [
        "m.xlsx:Sheet1!第 1 行: 所在党组织: 错误 CSV001 缺少必填列 'home_org'（所在党组织） / missing required column 'home_org'"
    ]


def test_rows_with_the_same_person_replace_those_in_the_file_others_are_kept(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "m.xlsx",
        [
            ["person", "date", "home_org", "compound", "service_types"],
            ["p-0006", "2026-03-02", "shi-jiaoyuju", "lvjing", "清单式"],
        ],
        title="在职党员报到",
    )
    result = _run(
        tiny, "import", str(src), "--table", "member_registrations", "--community", "cuihu"
    )
    assert result.stdout == f"已导入 1 行到 {MEMBERS}（新增 0，替换 1）\n"
    assert tiny.path(MEMBERS).read_text("utf-8") == (
        MEMBER_HEADER + "p-0006,2026-03-02,shi-jiaoyuju,lvjing,,,,list,,,\n"
        "p-0007,2026-03-20,qh-shuiwu,changle,1,水电维修,,volunteer,,,\n"
    )


def test_the_sheet_named_like_the_table_is_read_not_the_first(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active.append(["翠湖社区 2026 年在职党员报到"])
    wb.create_sheet("在职党员报到").append(["人员编号"])
    wb.save(tmp_path / "m.xlsx")
    assert read_sheet(tmp_path / "m.xlsx", "在职党员报到")[0] == ["人员编号"]
    assert read_sheet(tmp_path / "m.xlsx")[0] == ["翠湖社区 2026 年在职党员报到"]


def test_import_needs_a_known_community_for_member_registrations(tiny, tmp_path):
    src = _xlsx(tmp_path / "m.xlsx", [["person"], ["p-0001"]])
    result = _run(tiny, "import", str(src), "--table", "member_registrations")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: 导入在职党员报到须用 --community 指定社区\n",
    )
    result = _run(
        tiny, "import", str(src), "--table", "member_registrations", "--community", "cuihv"
    )
    assert result.stderr == (
        "Error: 未知社区 'cuihv'（是否应为 'cuihu'？）：找不到 data/<街道>/cuihv/community.yaml\n"
    )


@pytest.mark.parametrize(
    "written",
    [
        "2026-03-05",
        "2026/3/5",
        "2026.3.5",
        "2026年3月5日",
        "2026-3-5 00:00:00",
        "20260305",
        "46086",
    ],
)
def test_common_date_forms_become_iso(written):
    assert normalise_date(written) == "2026-03-05"


def test_a_date_that_does_not_exist_is_kept_as_written_for_the_message():
    assert normalise_date("2026/2/30") == "2026/2/30"


def test_building_numbers_in_any_common_form_become_the_building_id(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "成员.xlsx",
        [
            ["人员编号", "报到日期", "所在党组织", "居住小区", "楼栋", "服务方式"],
            ["p-0001", "2026-03-05", "qh-shuiwu", "lvjing", "三号楼", "志愿式"],
            ["p-0003", "2026-03-06", "qh-shuiwu", "changle", "1幢", "志愿式"],
            ["p-0004", "2026-03-07", "qh-shuiwu", "lvjing", "9栋", "志愿式"],
        ],
    )
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
    assert [p.format() for p in report.problems] == [
        "成员.xlsx:Sheet1!E4: 楼栋: 警告 REG008 小区 '绿景花园' 没有楼栋 '9栋'（或有多栋对得上），按原样导入"
        f" / no such building in the compound; imported as written{HINT}填写楼栋编号或现场楼号：1号楼、3栋"
    ]
    text = tiny.path(MEMBERS).read_text("utf-8")
    assert "p-0001,2026-03-05,qh-shuiwu,lvjing,3," in text
    assert "p-0003,2026-03-06,qh-shuiwu,changle,1," in text
    assert "p-0004,2026-03-07,qh-shuiwu,lvjing,9栋," in text  # kept as typed, never lost


def test_numbers_where_text_is_meant_are_refused_by_sheet_row_and_column(tiny, tmp_path):
    # An Excel CSV shows a long code as 4.2E+11; a workbook stores a phone as a number (a
    # landline's leading 0 is gone before we see it).
    src = tmp_path / "人员.csv"
    src.write_text(
        "人员编号,姓名,居住社区,同意公开姓名,同意公开电话\np-0100,张三,cuihu,否,否\n"
        "p-0101,李四,4.2E+11,否,否\n",
        encoding="utf-8",
    )
    report = import_table(tiny.repo(), src, "people", street="qinghe")
    imp = [p.format() for p in report.problems if p.code == "IMP001"]
    hint = (
        "\n    修改建议：把这一列设为“文本”格式后重新输入（或在数字前加英文单引号 '）："
        "数字格式会丢掉开头的 0，长数字会变成科学计数法"
    )
    assert imp == [
        "人员.csv:人员!C3: 居住社区: 错误 IMP001 '4.2E+11' 是科学计数法，原来的数字已经丢失"
        f" / '4.2E+11' is in scientific notation: digits are lost{hint}"
    ]
    header = ["人员编号", "姓名", "居住社区", "同意公开姓名", "同意公开电话", "phone", "同意日期"]
    row = ["p-0100", "张三", "cuihu", "否", "是", 9996101000, "2026-01-05"]
    report = import_table(
        tiny.repo(), _xlsx(tmp_path / "人员.xlsx", [header, row]), "people", street="qinghe"
    )
    assert [p.format() for p in report.problems if p.code == "IMP001"] == [
        "人员.xlsx:Sheet1!F2: phone: 错误 IMP001 单元格是数字 9996101000，本列须是文字（编号、代码、电话）"
        f" / numeric cell 9996101000 where text is meant{hint}"
    ]
    assert not report.written


def test_formula_text_is_neutralised_as_it_is_imported(tiny, tmp_path):
    # A CSV brings the text as typed (a workbook formula would arrive as its cached value).
    src = tmp_path / "成员.csv"
    src.write_text(
        "人员编号,报到日期,所在党组织,居住小区,楼栋,特长,备注\n"
        'p-0003,2026-03-05,shi-jiaoyuju,lvjing,3,"=HYPERLINK(""http://x"")",-已迁出-\n',
        encoding="utf-8",
    )
    report = import_table(tiny.repo(), src, "member_registrations", community="cuihu")
    assert report.problems == [] and report.written
    text = tiny.path(MEMBERS).read_text("utf-8")
    assert (
        'p-0003,2026-03-05,shi-jiaoyuju,lvjing,3,"\'=HYPERLINK(""http://x"")",,,,,\'-已迁出-\n'
        in text
    )


def test_template_cells_never_start_a_formula(tiny, tmp_path, monkeypatch):
    import baodao.spreadsheet as sp

    real = sp.SchemaSet.load

    def load(path):
        schemas = real(path)
        res = sp.resource(schemas, "member_registrations")
        res["schema"]["fields"][-1]["description"] = "=cmd|' /C calc'!A0"
        return schemas

    monkeypatch.setattr(sp.SchemaSet, "load", staticmethod(load))
    out = write_template("member_registrations", tmp_path / "t.xlsx", tiny.repo())
    wb = openpyxl.load_workbook(out)
    notes = wb[NOTES_SHEET]
    cells = [c.value for row in notes.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_nan_hours_refused_when_imported_from_a_sheet(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "活动.xlsx",
        [
            ["人员编号", "日期", "活动", "服务方式", "时长", "核实人"],
            ["p-0006", "2026-05-01", "入户走访", "志愿式", "NaN", "网格员"],
            ["p-0006", "2026-05-02", "入户走访", "志愿式", "-inf", "网格员"],
        ],
    )
    report = import_table(tiny.repo(), src, "activity_log", community="cuihu")
    assert [p.format() for p in report.problems] == [
        "活动.xlsx:Sheet1!E2: 时长: 错误 NUM001 hours（时长）：NaN 不是有限的数字（NaN 或无穷大） / NaN is not a finite number"
        "\n    修改建议：填写具体数字；不知道时留空或删去该字段",
        "活动.xlsx:Sheet1!E3: 时长: 错误 NUM001 hours（时长）：-inf 不是有限的数字（NaN 或无穷大） / -inf is not a finite number"
        "\n    修改建议：填写具体数字；不知道时留空或删去该字段",
    ]
    assert not report.written


def test_a_private_table_is_never_written_into_the_public_repository(tiny, tmp_path):
    src = _xlsx(
        tmp_path / "people.xlsx",
        [["人员编号", "姓名", "同意公开姓名", "同意公开电话"], ["p-0011", "陈晨", "否", "否"]],
    )
    subprocess.run(["git", "init", "-q", str(tiny.root)], check=True)
    before = _private_files(tiny)
    result = _run(tiny, "import", str(src), "--table", "people", "--street", "qinghe")
    assert result.exit_code == 1
    assert (
        "私有库 private 在公开仓库里，且没有被 .gitignore 排除：导入的个人信息会随提交公开。"
        "把私有库放在公开仓库之外（--private 或 BAODAO_PRIVATE），或在 .gitignore 中加入 /private/"
        " / the private root is inside the public repository and not git-ignored"
    ) in result.output
    assert _private_files(tiny) == before
    # Ignored by git, the same folder is outside what the repository publishes.
    tiny.write(".gitignore", "/private/\n")
    assert _run(tiny, "import", str(src), "--table", "people", "--street", "qinghe").exit_code == 0
    # No private root at all: nothing is written anywhere.
    result = _run(
        tiny, "--no-private", "import", str(src), "--table", "people", "--street", "qinghe"
    )
    assert result.exit_code == 1
