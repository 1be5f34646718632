"""Evaluators' score sheets: a department's Excel sheet of community scores becomes its YAML file;
a bad row is refused with the sheet's row and column."""

from __future__ import annotations

import copy

import yaml
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from baodao.cli import main
from conftest import AS_OF

HINT = "\n    修改建议："
TARGET = "data/evaluations/community/minzhengju/2026h1.yaml"


def _sheet(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "社区综合考核评分"
    ws.append(["社区", "得分", "说明"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def _import(tiny, path):
    return CliRunner().invoke(
        main,
        [
            "--root",
            str(tiny.root),
            "import",
            str(path),
            "--table",
            "community_scores",
            "--period",
            "2026H1",
            "--evaluator",
            "minzhengju",
            "--evaluator-name",
            "区民政局",
            "--component",
            "departments",
            "--as-of",
            AS_OF.isoformat(),
        ],
    )


def _second_community(tiny):
    rec = copy.deepcopy(tiny.read("data/qinghe/cuihu/community.yaml"))
    rec.update(id="c02", name="第2社区")
    tiny.write("data/qinghe/c02/community.yaml", rec)


def test_a_score_sheet_becomes_the_evaluators_file(tiny, tmp_path):
    _second_community(tiny)
    path = _sheet(tmp_path / "民政局.xlsx", [("cuihu", 88.5, "台账齐全"), ("第2社区", 90, None)])
    result = _import(tiny, path)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(tiny.path(TARGET).read_text("utf-8")) == {
        "period": "2026H1",
        "evaluator": "minzhengju",
        "evaluator_name": "区民政局",
        "component": "departments",
        "date": "2026-11-23",
        "scores": [
            {"community": "cuihu", "score": 88.5, "comment": "台账齐全"},
            {"community": "c02", "score": 90},
        ],
    }
    assert [m for m in tiny.messages() if " RATE" in m or " SCH" in m] == []


def test_bad_rows_are_refused_with_row_and_column(tiny, tmp_path):
    path = _sheet(
        tmp_path / "民政局.xlsx",
        [("cuihu", 88, None), ("cuihuu", 70, None), ("cuihu", "九十", None)],
    )
    result = _import(tiny, path)
    assert result.exit_code == 1
    assert (
        "民政局.xlsx:社区综合考核评分!A3: 社区: 错误 REF001 未知社区 'cuihuu'（是否应为 cuihu（翠湖社区）？）"
        " / unknown community 'cuihuu' (did you mean cuihu（翠湖社区）?)"
        f"{HINT}填写编号或名称（全称、别名均可），或从模板的下拉列表中选择"
    ) in result.output
    assert (
        "民政局.xlsx:社区综合考核评分!A4: 社区: 错误 RATE003 'cuihu' 在本表中出现了两次（另见第 2 行）"
        f" / this community is scored twice in the sheet{HINT}每个社区只评一次"
    ) in result.output
    assert (
        "民政局.xlsx:社区综合考核评分!B4: 得分: 错误 SCH005 得分须是 0–100 的数（现为 '九十'）"
        f" / score must be a number from 0 to 100{HINT}填写 0–100 的分数"
    ) in result.output
    assert not tiny.path(TARGET).exists()


def test_the_template_lists_every_community(tiny, tmp_path):
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(
        main, ["--root", str(tiny.root), "template", "community_scores", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["社区综合考核评分"]
    assert [row for row in ws.iter_rows(values_only=True) if any(row)] == [
        ("社区", "名称（参考）", "得分", "说明"),
        ("cuihu", "翠湖社区", None, None),
    ]


def _quarter_sheet(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "物业服务评议"
    ws.append(["小区", "物业公司", "社区评分", "支部评分", "说明"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def _import_quarter(tiny, path):
    return CliRunner().invoke(
        main,
        [
            "--root",
            str(tiny.root),
            "import",
            str(path),
            "--table",
            "property_evaluations",
            "--period",
            "2026Q3",
            "--community",
            "cuihu",
            "--as-of",
            AS_OF.isoformat(),
        ],
    )


def test_a_property_sheet_by_names_becomes_the_quarters_file(tiny, tmp_path):
    path = _quarter_sheet(
        tmp_path / "物业.xlsx", [("绿景花园", "安居物业服务有限公司", 95, 91.5, "维修及时")]
    )
    result = _import_quarter(tiny, path)
    assert result.exit_code == 0, result.output
    assert tiny.read("data/qinghe/cuihu/property-evaluations/2026q3.yaml") == {
        "period": "2026Q3",
        "date": "2026-11-23",
        "evaluations": [
            {
                "compound": "lvjing",
                "company": "anju-wuye",
                "community_score": 95,
                "branch_score": 91.5,
                "comment": "维修及时",
            }
        ],
    }


def test_a_property_sheet_naming_a_company_that_did_not_serve_is_refused_and_not_written(
    tiny, tmp_path
):
    tiny.write(
        "data/property-companies/other-wuye.yaml",
        {
            **tiny.read("data/property-companies/anju-wuye.yaml"),
            "id": "other-wuye",
            "name": "别家物业",
        },
    )
    path = _quarter_sheet(tmp_path / "物业.xlsx", [("lvjing", "other-wuye", 95, 91, None)])
    result = _import_quarter(tiny, path)
    assert result.exit_code == 1
    assert (
        "data/qinghe/cuihu/property-evaluations/2026q3.yaml:5: evaluations[0].company: 错误 RATE005 物业公司 'other-wuye'"
        " 不是 2026Q3 为该小区服务的物业公司（小区记录：'anju-wuye'）"
    ) in result.output
    assert not tiny.path("data/qinghe/cuihu/property-evaluations/2026q3.yaml").exists()
