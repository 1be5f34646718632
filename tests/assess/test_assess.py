"""Assessments: hand-computed scores from the seeds' rules, grades, ties, determinism, frozen results."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from baodao.assess import members, units
from baodao.assess.engine import Indicator, Measured, Rules, grade, rank, score
from baodao.cli import main
from baodao.repo import CODE_SCHEMAS

AS_OF = dt.date(2026, 12, 31)
A = "private/qinghe/cuihu/activities/2026.csv"
M = "private/qinghe/cuihu/members/2026.csv"
HINT = "\n    修改建议："


def _ds(tiny):
    return tiny.repo().load_and_check(AS_OF)[0]


def _by_subject(assessment):
    return {r.subject: r for r in assessment.results}


def _points(result):
    return {i.id: i.points / 100 for i in result.indicators}


def test_member_score_is_hand_computed_from_the_rules(tiny):
    r = _by_subject(members.assess(_ds(tiny), "2026", AS_OF))["p-0006"]
    # 20 (on time) + 13.5/24×40 + 3/6×30 + 2/2×10
    assert _points(r) == {
        "registered": 20.0,
        "hours": 22.5,
        "activities": 15.0,
        "service-types": 10.0,
    }
    assert (r.total, r.grade) == (6750, "合格")
    hours = [i for i in r.indicators if i.id == "hours"][0]
    assert hours.evidence == (f"{A}:2", f"{A}:3", f"{A}:4")


def test_reported_in_but_did_nothing_cannot_pass(tiny):
    r = _by_subject(members.assess(_ds(tiny), "2026", AS_OF))["p-0007"]
    assert (r.total, r.grade) == (2000, "不合格")
    assert (
        "报到但全年没有活动记录的，时长、次数、服务方式三项得 0 分，最高为 20 分（不合格）"
        in r.notes
    )


def test_late_report_in_scores_the_late_factor(tiny):
    tiny.replace(M, "p-0007,2026-03-20", "p-0007,2026-04-20")
    r = _by_subject(members.assess(_ds(tiny), "2026", AS_OF))["p-0007"]
    assert _points(r)["registered"] == 10.0


def test_unit_score_with_report_and_evaluation(tiny):
    tiny.write(
        "data/qinghe/cuihu/unit-reports/2026-qh-shuiwu.yaml",
        {
            "id": "2026-qh-shuiwu",
            "year": 2026,
            "unit": "qh-shuiwu",
            "community": "cuihu",
            "submitted": "2026-11-10",
            "summary": "参与楼道照明共建",
            "projects": ["cuihu-p01"],
            "person_times": 25,
        },
    )
    tiny.write(
        "data/qinghe/cuihu/evaluations/2026-qh-shuiwu.yaml",
        {
            "id": "2026-qh-shuiwu",
            "year": 2026,
            "unit": "qh-shuiwu",
            "community": "cuihu",
            "date": "2026-11-20",
            "score": 90,
            "comment": "积极",
        },
    )
    (r,) = units.assess(_ds(tiny), "2026", AS_OF).results
    # 15 + 15 + 90/100×40 + 1/2×20 + 25/50×10
    assert _points(r) == {
        "registered": 15.0,
        "report": 15.0,
        "evaluation": 36.0,
        "projects": 10.0,
        "person-times": 5.0,
    }
    assert (r.total, r.grade, r.rank_community, r.rank_district) == (8100, "良好", 1, 1)


def test_unit_without_report_or_evaluation_is_noted(tiny):
    (r,) = units.assess(_ds(tiny), "2026", AS_OF).results
    assert (r.total, r.grade) == (1500, "不合格")
    assert r.notes == (
        "未提交履责报告的，“履责报告”一项得 0 分",
        "缺少翠湖社区的评价，按 0 分计",  # the template rules say missing: zero
    )


RULES = Rules(
    "r.yaml",
    (
        Indicator("a", "甲", 60, "hours", 10, None, ""),
        Indicator("b", "乙", 40, "activities", 4, None, ""),
    ),
    (("优秀", 85), ("合格", 60), ("不合格", 0)),
    ("hours", "id"),
    {},
    "year",
)


def test_grade_boundaries_include_the_minimum():
    assert [grade(RULES, t) for t in (10000, 8500, 8499, 6000, 5999, 0)] == [
        "优秀",
        "优秀",
        "合格",
        "合格",
        "不合格",
        "不合格",
    ]


def test_ties_are_broken_by_the_rules_then_by_id():
    a = score(RULES, "p-b", "", "c1", {"hours": Measured(5), "activities": Measured(4)})  # 30 + 40
    b = score(RULES, "p-a", "", "c1", {"hours": Measured(5), "activities": Measured(4)})
    c = score(
        RULES, "p-c", "", "c2", {"hours": Measured(10), "activities": Measured(0)}
    )  # 60: fewer points
    ranked = rank(RULES, [a, b, c])
    assert [(r.subject, r.rank_district, r.rank_community) for r in ranked] == [
        ("p-a", 1, 1),
        ("p-b", 2, 2),
        ("p-c", 3, 1),
    ]


@given(
    st.lists(
        st.tuples(st.floats(0, 50), st.integers(0, 10), st.sampled_from(["c1", "c2", "c3"])),
        max_size=30,
    )
)
def test_totals_equal_their_breakdown_and_ranking_is_a_stable_total_order(rows):
    results = [
        score(RULES, f"p-{n:04d}", "", c, {"hours": Measured(h), "activities": Measured(k)})
        for n, (h, k, c) in enumerate(rows)
    ]
    for r in results:
        assert r.total == sum(i.points for i in r.indicators)
        assert 0 <= r.total <= 10000
    ranked = rank(RULES, results)
    assert [r.rank_district for r in ranked] == list(range(1, len(results) + 1))
    assert rank(RULES, list(reversed(results))) == ranked  # order of input does not matter
    totals = [r.total for r in ranked]
    assert totals == sorted(totals, reverse=True)


def _run(tiny, *args):
    base = ["--root", str(tiny.root), "--schemas", str(CODE_SCHEMAS)]
    return CliRunner().invoke(main, [*base, *args])


def test_assess_twice_gives_identical_files(tiny, tmp_path):
    for out in ("a", "b"):
        result = _run(tiny, "assess", "--as-of", "2026-12-31", "--out", str(tmp_path / out))
        assert result.exit_code == 0, result.output
    for name in ("members-2026.json", "members-2026.csv", "units-2026.json", "units-2026.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    data = json.loads((tmp_path / "a" / "units-2026.json").read_text("utf-8"))
    assert data["rules"] == "data/rules/unit-assessment/2024-01-01.yaml" and data["commit"]


def test_frozen_results_hold_and_a_silent_change_is_caught(tiny, tmp_path):
    out = str(tmp_path / "out")
    assert _run(tiny, "assess", "--as-of", "2026-12-31", "--out", out, "--freeze").exit_code == 0
    assert tiny.path("private/results/member-assessment/2026.json").is_file()
    assert tiny.path("data/results/unit-assessment/2026.json").is_file()
    assert _run(tiny, "assess", "--as-of", "2026-12-31", "--out", out).exit_code == 0
    tiny.replace(
        A, "cuihu-e01,expertise,6,", "cuihu-e01,expertise,8,"
    )  # a silent edit of an old row
    result = _run(tiny, "assess", "--as-of", "2026-12-31", "--out", out)
    assert result.exit_code == 1
    assert (
        "private/results/member-assessment/2026.json:1: results: 错误 FROZEN001 重新计算的在职党员参与社区活动考核（2026）"
        "与冻结结果不一致：p-0006：总分 67.50 → 70.83，等级 合格 → 合格（hours 22.50 → 25.83）"
    ) in result.output
    refused = _run(tiny, "assess", "members", "--as-of", "2026-12-31", "--out", out, "--freeze")
    assert refused.exit_code == 1 and "须用 --amend 说明更正原因" in refused.output
    amended = _run(
        tiny,
        "assess",
        "members",
        "--as-of",
        "2026-12-31",
        "--out",
        out,
        "--freeze",
        "--amend",
        "补录核实的时长",
    )
    assert amended.exit_code == 0, amended.output
    frozen = json.loads(tiny.path("private/results/member-assessment/2026.json").read_text("utf-8"))
    assert frozen["amendments"] == [
        {"date": "2026-12-31", "reason": "补录核实的时长", "changed": ["p-0006"]}
    ]
    assert _run(tiny, "assess", "--as-of", "2026-12-31", "--out", out).exit_code == 0


def test_a_rules_change_for_a_later_period_leaves_the_frozen_period_unchanged(tiny, tmp_path):
    out = str(tmp_path / "out")
    assert _run(tiny, "assess", "--as-of", "2026-12-31", "--out", out, "--freeze").exit_code == 0
    rules = tiny.read("data/rules/member-assessment/2024-01-01.yaml")
    rules["in_force"] = {"from": "2027-01-01"}
    rules["indicators"][0]["weight"], rules["indicators"][1]["weight"] = 10, 50
    tiny.write("data/rules/member-assessment/2027-01-01.yaml", rules)
    tiny.edit(
        "data/rules/member-assessment/2024-01-01.yaml",
        lambda d: d["in_force"].update(to="2026-12-31"),
    )
    # Run later, the 2026 period is still judged by its own rules and matches what was frozen.
    result = _run(tiny, "assess", "--period", "2026", "--as-of", "2027-03-01", "--out", out)
    assert result.exit_code == 0, result.output


def test_assessment_rules_are_checked_as_data(tiny):
    R = "data/rules/member-assessment/2024-01-01.yaml"
    tiny.edit(R, lambda d: d["indicators"][0].update(weight=25))
    tiny.edit(R, lambda d: d["bands"][-1].update(min=10))
    assert tiny.messages() == [
        f"{R}:8: indicators: 错误 RULE003 各指标权重之和为 105，须为 100 / weights sum to 105, not 100{HINT}调整 weight，使总和为 100",
        f"{R}:41: bands[3].min: 错误 RULE004 最后一档的最低分是 10，低于它的分数没有等级 / bands leave scores below the last"
        f" min without a grade{HINT}把最后一档的 min 改为 0",
    ]


def test_assessment_csv_neutralises_formula_names(tiny, tmp_path):
    tiny.replace("data/units/qh-shuiwu.yaml", "name: 青禾区水务局", "name: =1+2")
    result = _run(tiny, "assess", "--as-of", "2026-12-31", "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO((tmp_path / "a" / "units-2026.csv").read_text("utf-8"))))
    (row,) = [r for r in rows if r[0] == "qh-shuiwu"]
    assert row[1] == "'=1+2"
    assert all(not c.startswith(("=", "+", "@")) for r in rows for c in r)
