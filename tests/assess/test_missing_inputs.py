"""Missing evaluator inputs beyond the community assessment: a unit's evaluation by its report-in
community, a branch's review by its community, a compound's property evaluation. The rules name
the deadline (``inputs_due_days``) and the treatment (``missing``); after the deadline
``validate`` names each missing input (INPUT001); without ``missing`` freezing refuses.

Figures worked out by hand from the template rules:

- unit qh-shuiwu 2026 with its report (1 own project of full_at 2, 25 of 50 person-times):
  registered 15 + report 15 + projects 10 + person-times 5 = 45 without the evaluation's 40 %;
  the evaluation at 70 adds 70/100 × 40 = 28 → 73.00 (良好).
- unit qh-jiaoyu, registered, no report, evaluated 70: 15 + 28 = 43.00 (不合格).
- branch lvjing-zb 2026H1 (test_ratings.test_branch_stars_hand_computed): 61.00 with a review of
  80 (16 points); without it 61 − 16 = 45.00 (一星: below 60); with the mean of the reviews
  present (c02-zb's 50: 10 points) 55.00.
"""

from __future__ import annotations

import copy

from click.testing import CliRunner
from test_ratings import _communities, _property, _star_inputs

from baodao.assess import property_service, stars, units
from baodao.cli import main
from conftest import AS_OF

HINT = "\n    修改建议："
UNIT_RULES = "data/rules/unit-assessment/2024-01-01.yaml"
STAR_RULES = "data/rules/branch-stars/2025-01-01.yaml"
PROPERTY_RULES = "data/rules/property-evaluation/2025-01-01.yaml"


def _run(tiny, *args):
    return CliRunner().invoke(main, ["--root", str(tiny.root), *args], catch_exceptions=False)


def _ds(tiny):
    ds, _schemas, _problems = tiny.repo().load_and_check(AS_OF)
    return ds


def _policy(tiny, rules: str, policy: str | None, default: str) -> None:
    if policy is None:
        tiny.replace(rules, f"missing: {default}\n", "")
    else:
        tiny.replace(rules, f"missing: {default}", f"missing: {policy}")


def _two_units(tiny, policy: str | None) -> dict:
    """qh-shuiwu (report, no evaluation) and qh-jiaoyu (no report, evaluated 70), both in cuihu."""
    _policy(tiny, UNIT_RULES, policy, "zero")
    unit = tiny.read("data/units/qh-shuiwu.yaml")
    other = copy.deepcopy(unit)
    other.pop("uscc", None)
    other.update(id="qh-jiaoyu", name="青禾区教育局", work_phone="0999-6102100")
    other["party_org"]["name"] = "中共青禾区教育局机关支部委员会"
    tiny.write("data/units/qh-jiaoyu.yaml", other)
    reg = tiny.read("data/qinghe/cuihu/registrations/2026-qh-shuiwu.yaml")
    reg.update(id="2026-qh-jiaoyu", unit="qh-jiaoyu")
    tiny.write("data/qinghe/cuihu/registrations/2026-qh-jiaoyu.yaml", reg)
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
        "data/qinghe/cuihu/evaluations/2026-qh-jiaoyu.yaml",
        {
            "id": "2026-qh-jiaoyu",
            "year": 2026,
            "unit": "qh-jiaoyu",
            "community": "cuihu",
            "date": "2026-11-20",
            "score": 70,
            "comment": "积极",
        },
    )
    a = units.assess(_ds(tiny), "2026", AS_OF)
    return {r.subject: r for r in a.results}


def test_a_unit_without_its_evaluation_counts_zero_when_the_rules_say_zero(tiny):
    r = _two_units(tiny, "zero")["qh-shuiwu"]
    assert (r.total, r.grade, r.rank_district) == (4500, "不合格", 1)
    assert "缺少翠湖社区的评价，按 0 分计" in r.notes


def test_a_unit_without_its_evaluation_takes_the_mean_of_those_present(tiny):
    results = _two_units(tiny, "mean")
    r = results["qh-shuiwu"]
    assert (r.total, r.grade, r.rank_district) == (7300, "良好", 1)
    assert {i.id: i.points for i in r.indicators}["evaluation"] == 2800
    assert "缺少翠湖社区的评价，按当年已有评价的平均分计" in r.notes
    assert (results["qh-jiaoyu"].total, results["qh-jiaoyu"].rank_district) == (4300, 2)


def test_a_unit_without_its_evaluation_is_not_ranked_when_the_rules_exclude_it(tiny):
    results = _two_units(tiny, "exclude")
    r = results["qh-shuiwu"]
    assert (r.rank_district, r.grade, r.outcomes) == (0, "", ("不排名",))
    assert "缺少翠湖社区的评价，该单位不参加排名" in r.notes
    assert results["qh-jiaoyu"].rank_district == 1


def test_a_missing_unit_evaluation_is_named_after_the_deadline_and_blocks_freezing(tiny, tmp_path):
    _two_units(tiny, None)
    message = (
        "data/qinghe/cuihu/evaluations/2026-qh-shuiwu.yaml: 警告 INPUT001 单位党组织履行社会责任考核 2026："
        "缺少翠湖社区对青禾区水务局的评价（截止 2027-01-15）；规则未说明如何处理，不能冻结"
        " / 2026: no evaluation of unit qh-shuiwu by community cuihu after the deadline"
        f"{HINT}社区在 data/qinghe/cuihu/evaluations/2026-qh-shuiwu.yaml 录入对该单位的评价（unit: qh-shuiwu，score）"
    )
    before = _run(tiny, "validate", "--as-of", "2027-01-15")
    assert "INPUT001" not in before.output  # the deadline day itself is still in time
    after = _run(tiny, "validate", "--as-of", "2027-01-16")
    assert message in after.output
    refused = _run(
        tiny,
        "assess",
        "units",
        "--period",
        "2026",
        "--as-of",
        "2027-01-16",
        "--out",
        str(tmp_path / "a"),
        "--freeze",
    )
    assert refused.exit_code == 1
    assert "还缺评分，且规则没有写明如何处理（missing: zero / mean / exclude）" in refused.output
    assert not tiny.path("data/results/unit-assessment/2026.json").exists()


# --- branch reviews -----------------------------------------------------------------------------


def _unreviewed(tiny, policy: str | None):
    """lvjing-zb's 2026H1 inputs (61.00 with its review of 80) without the review; a branch of a
    second community, c02-zb (no buildings, no posts), reviewed 50, so that the period has
    reviews entered."""
    _star_inputs(tiny)
    _policy(tiny, STAR_RULES, policy, "zero")
    _communities(tiny, 2)
    tiny.write(
        "data/qinghe/c02/branches/c02-zb.yaml",
        {
            "id": "c02-zb",
            "name": "第2社区联合党支部",
            "community": "c02",
            "kind": "joint",
            "compounds": ["changle"],
            "member_count": 10,
            "verified_at": "2026-09-01",
        },
    )
    tiny.path("data/qinghe/cuihu/branch-reviews/2026h1.yaml").unlink()
    tiny.write(
        "data/qinghe/c02/branch-reviews/2026h1.yaml",
        {
            "period": "2026H1",
            "date": "2026-07-10",
            "reviews": [{"branch": "c02-zb", "score": 50, "operating": True}],
        },
    )
    return tiny


def _lvjing(tiny):
    return next(
        r for r in stars.assess(_ds(tiny), "2026H1", AS_OF).results if r.subject == "lvjing-zb"
    )


def test_a_branch_without_its_review_counts_zero_when_the_rules_say_zero(tiny):
    _unreviewed(tiny, "zero")
    r = _lvjing(tiny)
    # 61.00 − the review's 80 % of 20 = 45.00 (一星: below 60)
    assert (r.total, r.grade, {i.id: i.points for i in r.indicators}["review"]) == (4500, "一星", 0)
    assert "缺少翠湖社区的评议，按 0 分计" in r.notes


def test_a_branch_without_its_review_takes_the_mean_of_the_reviews_present(tiny):
    _unreviewed(tiny, "mean")
    r = _lvjing(tiny)
    # c02-zb's 50 is the only review present: 50 % of 20 = 10 → 45 + 10 = 55.00
    assert (r.total, {i.id: i.points for i in r.indicators}["review"]) == (5500, 1000)
    assert "缺少翠湖社区的评议，按本期已有评议的平均分计" in r.notes


def test_a_branch_without_its_review_is_not_rated_when_the_rules_exclude_it(tiny):
    _unreviewed(tiny, "exclude")
    r = _lvjing(tiny)
    assert (r.rank_district, r.grade, r.outcome) == (0, "", "不排名")
    assert "缺少翠湖社区的评议，该支部不参加排名、不定星级" in r.notes


def test_a_missing_branch_review_is_named_after_the_deadline_and_blocks_freezing(tiny, tmp_path):
    _unreviewed(tiny, None)
    out = _run(tiny, "validate", "--as-of", "2026-11-23")
    assert (
        "data/qinghe/cuihu/branch-reviews/2026h1.yaml: reviews.lvjing-zb: 警告 INPUT001 小区党支部评星定级 2026H1："
        "缺少翠湖社区对绿景花园联合党支部的评议（截止 2026-07-15）；规则未说明如何处理，不能冻结"
        " / 2026H1: no review of branch lvjing-zb after the deadline"
        f"{HINT}在该文件的 reviews 中补一行 branch: lvjing-zb"
    ) in out.output
    refused = _run(
        tiny,
        "assess",
        "stars",
        "--period",
        "2026H1",
        "--as-of",
        "2026-11-23",
        "--out",
        str(tmp_path / "a"),
        "--freeze",
    )
    assert refused.exit_code == 1
    assert "还缺评分，且规则没有写明如何处理" in refused.output


# --- property evaluations -----------------------------------------------------------------------


def _changle_served(tiny) -> None:
    """changle (a work unit's compound, no company in the fixture) served by anju-wuye too."""
    tiny.edit(
        "data/qinghe/cuihu/compounds/changle.yaml",
        lambda d: d.update(property={"company": "anju-wuye"}),
    )


def test_a_missing_property_evaluation_is_named_with_the_rules_treatment(tiny):
    _changle_served(tiny)
    _property(tiny, "2026Q2", 95, 91)  # lvjing evaluated, changle not
    out = _run(tiny, "validate", "--as-of", "2026-11-23").output
    assert [
        line for line in out.splitlines() if "INPUT001 物业" in line or "evaluations 中补" in line
    ] == [
        "data/qinghe/cuihu/property-evaluations/2026q2.yaml: evaluations.changle: 警告 INPUT001 物业服务评议 2026Q2："
        "缺少翠湖社区对长乐里的物业服务评议（截止 2026-07-15）；按规则（missing: exclude）列为未评议，不列入红黑榜，不参加排名"
        " / 2026Q2: no property evaluation of compound changle after the deadline",
        "    修改建议：在该文件的 evaluations 中补一行 compound: changle",
    ]


def test_a_missing_property_evaluation_blocks_freezing_when_the_rules_are_silent(tiny, tmp_path):
    _changle_served(tiny)
    _property(tiny, "2026Q2", 95, 91)
    _policy(tiny, PROPERTY_RULES, None, "exclude")
    a = property_service.assess(_ds(tiny), "2026Q2", AS_OF)
    changle = next(r for r in a.results if r.subject == "changle")
    assert (changle.outcome, changle.notes) == (
        "未评议",
        ("未评议（规则未说明缺评分如何处理，不能冻结）",),
    )
    refused = _run(
        tiny,
        "assess",
        "property",
        "--period",
        "2026Q2",
        "--as-of",
        "2026-11-23",
        "--out",
        str(tmp_path / "a"),
        "--freeze",
    )
    assert refused.exit_code == 1
    assert not tiny.path("data/results/property-evaluation/2026Q2.json").exists()
