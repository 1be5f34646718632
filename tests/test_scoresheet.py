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
    return CliRunner().invoke(main, ["--root", str(tiny.root), "import", str(path), "--table", "community_scores",
                                     "--period", "2026H1", "--evaluator", "minzhengju", "--evaluator-name", "区民政局",
                                     "--component", "departments", "--as-of", AS_OF.isoformat()])  # fmt: skip


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
        "period": "2026H1", "evaluator": "minzhengju", "evaluator_name": "区民政局", "component": "departments",
        "date": "2026-11-23",
        "scores": [{"community": "cuihu", "score": 88.5, "comment": "台账齐全"}, {"community": "c02", "score": 90}],
    }  # fmt: skip
    assert [m for m in tiny.messages() if " RATE" in m or " SCH" in m] == []


def test_bad_rows_are_refused_with_row_and_column(tiny, tmp_path):
    path = _sheet(
        tmp_path / "民政局.xlsx",
        [("cuihu", 88, None), ("cuihuu", 70, None), ("cuihu", "九十", None)],
    )
    result = _import(tiny, path)
    assert result.exit_code == 1
    assert (
        f"民政局.xlsx[社区综合考核评分]:3: 社区: 错误 REF001 未知社区 'cuihuu' / unknown community 'cuihuu'"
        f"{HINT}写社区编号（如 cuihu）或社区的全称（如 翠湖社区）"
    ) in result.output
    assert (
        "民政局.xlsx[社区综合考核评分]:4: 社区: 错误 RATE003 'cuihu' 在本表中出现了两次（另见第 2 行）"
        f" / this community is scored twice in the sheet{HINT}每个社区只评一次分"
    ) in result.output
    assert (
        "民政局.xlsx[社区综合考核评分]:4: 得分: 错误 SCH005 得分须是 0–100 的数（现为 '九十'）"
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
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["社区", "社区名称（参考）", "得分", "说明"],
        ["cuihu", "翠湖社区", None, None],
    ]
