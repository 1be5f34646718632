"""Published results at the edges: every expectation below is worked out by hand from the rules
file (weights 20/30/50, cut 10 % rounded up, red ≥ 90, black < 60 …) and written as a literal
table; none is produced by calling the engine."""

from __future__ import annotations

import copy
from decimal import Decimal

from click.testing import CliRunner
from test_ratings import _communities, _property, _star_inputs

from baodao.assess import communities, property_service, stars, units
from baodao.cli import main
from conftest import AS_OF

HINT = "\n    修改建议："
RULES_2024 = "data/rules/community-assessment/2024-01-01.yaml"


def _ds(tiny):
    ds, _schemas, _problems = tiny.repo().load_and_check(AS_OF)
    return ds


def _run(tiny, *args):
    return CliRunner().invoke(main, ["--root", str(tiny.root), *args], catch_exceptions=False)


def _scores(
    tiny,
    period: str,
    table: dict[str, tuple[float, float, float]],
    departments: tuple[str, ...] = ("minzhengju",),
    skip: dict[str, str] | None = None,
) -> None:
    """Each community's (party building, departments, street) score for ``period``; every
    department in ``departments`` gives the same departments score, except that ``skip``
    (community → department) leaves one out."""
    skip = skip or {}
    files = [
        ("party_building", "zuzhibu", 0),
        *(("departments", d, 1) for d in departments),
        ("street", "qinghe", 2),
    ]
    for component, evaluator, k in files:
        rows = [
            {"community": c, "score": v[k]} for c, v in table.items() if skip.get(c) != evaluator
        ]
        tiny.write(
            f"data/evaluations/community/{evaluator}/{period.lower()}.yaml",
            {
                "period": period,
                "evaluator": evaluator,
                "evaluator_name": evaluator,
                "component": component,
                "date": "2025-07-10" if period.endswith("H1") else "2026-01-10",
                "scores": rows,
            },
        )


def _same(values: dict[str, float]) -> dict[str, tuple[float, float, float]]:
    """Each community scores ``v`` on all three components, so its total is ``v``."""
    return {c: (v, v, v) for c, v in values.items()}


def _table(a) -> dict[str, tuple[str, int, tuple[str, ...]]]:
    return {r.subject: (f"{r.total / 100:.2f}", r.rank_district, r.outcomes) for r in a.results}


TEN = {
    "cuihu": 95,
    "c02": 90,
    "c03": 88,
    "c04": 86,
    "c05": 84,
    "c06": 82,
    "c07": 80,
    "c08": 78,
    "c09": 76,
    "c10": 70,
}
W, A, C = communities.WARNING, communities.ADJUST, communities.COMMENDED


# --- a community founded mid-series -------------------------------------------------------------


def test_a_community_founded_mid_series_takes_part_only_from_its_first_day(tiny):
    """c11 is founded on 2025-07-01. Before, it was ranked in 2024 and 2025H1 with 0 points:
    warned in a year before it existed (pushing c10's 2 out of a 2-place cut) and "adjusted two
    years running" in its first year."""
    _communities(tiny, 11)
    tiny.edit("data/qinghe/c11/community.yaml", lambda d: d.update(established="2025-07-01"))
    for period in ("2024H1", "2024H2", "2025H1"):
        _scores(tiny, period, _same(TEN))
    _scores(tiny, "2025H2", _same({**TEN, "c11": 72}))
    ds = _ds(tiny)
    # 10 communities in 2025H1: the cut is ⌈10 × 10 %⌉ = 1 at each end.
    assert _table(communities.assess(ds, "2025H1", AS_OF)) == {
        "cuihu": ("95.00", 1, (C,)),
        "c02": ("90.00", 2, ()),
        "c03": ("88.00", 3, ()),
        "c04": ("86.00", 4, ()),
        "c05": ("84.00", 5, ()),
        "c06": ("82.00", 6, ()),
        "c07": ("80.00", 7, ()),
        "c08": ("78.00", 8, ()),
        "c09": ("76.00", 9, ()),
        "c10": ("70.00", 10, (W,)),
    }
    # 11 in 2025H2: ⌈1.1⌉ = 2. c10 was last in 2024 and 2025 (year means 70 and 70): warned and
    # adjusted; c11 is in the bottom two of 2025 (72, its one half) but did not exist in 2024.
    h2 = _table(communities.assess(ds, "2025H2", AS_OF))
    assert h2["c10"] == ("70.00", 11, (W, A))
    assert h2["c11"] == ("72.00", 10, (W,))
    assert h2["cuihu"] == ("95.00", 1, (C,)) and h2["c02"] == ("90.00", 2, (C,))
    standing = communities.year_standing(ds, 2025, AS_OF)
    assert [(r.subject, r.total, r.rank, r.bottom) for r in standing.rows][-3:] == [
        ("c09", Decimal(76), 9, False),
        ("c11", Decimal(72), 10, True),
        ("c10", Decimal(70), 11, True),
    ]


def test_two_years_running_follows_the_community_a_merger_made(tiny):
    """c10 was last in 2024; on 2025-01-01 it merged into c12, which is last in 2025."""
    _communities(tiny, 10)
    tiny.write(
        "data/qinghe/c12/community.yaml",
        {
            **tiny.read("data/qinghe/c10/community.yaml"),
            "id": "c12",
            "name": "新合社区",
            "established": "2025-01-01",
            "succeeds": ["c10"],
        },
    )
    tiny.edit("data/qinghe/c10/community.yaml", lambda d: d.update(dissolved="2025-01-01"))
    for period in ("2024H1", "2024H2"):
        _scores(tiny, period, _same(TEN))
    after = {("c12" if c == "c10" else c): v for c, v in TEN.items()}
    for period in ("2025H1", "2025H2"):
        _scores(tiny, period, _same(after))
    assert _table(communities.assess(_ds(tiny), "2025H2", AS_OF))["c12"] == ("70.00", 10, (W, A))


# --- x.xx5 at the cut ---------------------------------------------------------------------------

# b: 20 % × 80 + 30 % × 68.35 + 50 % × 70 = 16 + 20.505 + 35 = 71.505
# a: 20 % × 80 + 30 % × 65 + 50 % × 72 = 16 + 19.5 + 36 = 71.50, ahead on the street tie-break
EDGE = {
    "cuihu": (90, 90, 90),
    "c02": (88, 88, 88),
    "c03": (86, 86, 86),
    "c04": (84, 84, 84),
    "c05": (82, 82, 82),
    "c06": (80, 80, 80),
    "c07": (78, 78, 78),
    "c08": (76, 76, 76),
    "c09": (80, 68.35, 70),
    "c10": (80, 65, 72),
}


def test_a_total_of_x_xx5_stays_above_the_one_it_beat(tiny):
    _communities(tiny, 10)
    _scores(tiny, "2025H1", EDGE)
    t = _table(communities.assess(_ds(tiny), "2025H1", AS_OF))
    # Half up (the rules): 71.505 shows as 71.51; c10's exact 71.50 is last and warned.
    assert (t["c09"], t["c10"]) == (("71.51", 9, ()), ("71.50", 10, (W,)))


def test_half_even_shows_a_tie_but_ranks_by_the_exact_total(tiny):
    _communities(tiny, 10)
    _scores(tiny, "2025H1", EDGE)
    tiny.replace(RULES_2024, "mode: half_up", "mode: half_even")
    t = _table(communities.assess(_ds(tiny), "2025H1", AS_OF))
    # Both show 71.50; the street tie-break (c10 72 > c09 70) must not decide: c09 is ahead.
    assert (t["c09"], t["c10"]) == (("71.50", 9, ()), ("71.50", 10, (W,)))


# --- a missing department -----------------------------------------------------------------------

ALL_77 = {c: (80, 70, 80) for c in TEN}  # 16 + 21 + 40 = 77 each


def _missing(tiny, policy: str | None):
    _communities(tiny, 10)
    if policy is None:
        tiny.replace(RULES_2024, "missing: zero\n", "")
    else:
        tiny.replace(RULES_2024, "missing: zero", f"missing: {policy}")
    _scores(tiny, "2025H1", ALL_77, ("minzhengju", "zhujianju"), skip={"c05": "zhujianju"})
    return {r.subject: r for r in communities.assess(_ds(tiny), "2025H1", AS_OF).results}


def test_a_missing_department_counts_zero_when_the_rules_say_zero(tiny):
    r = _missing(tiny, "zero")["c05"]
    # departments: mean(70, 0) = 35 → 10.50; 16 + 10.5 + 40 = 66.50, the only one below 77.
    assert (r.total, r.rank_district, r.outcomes) == (6650, 10, (W,))
    assert r.notes[0] == "缺少zhujianju的“部门（各部门评分的平均分）”评分，按 0 分计"


def test_a_missing_department_takes_the_mean_of_the_others(tiny):
    r = _missing(tiny, "mean")["c05"]
    assert (r.total, r.notes[0]) == (
        7700,
        "缺少zhujianju的“部门（各部门评分的平均分）”评分，按已有评分的平均分计",
    )


def test_a_missing_department_excludes_the_community(tiny):
    results = _missing(tiny, "exclude")
    assert (results["c05"].rank_district, results["c05"].outcomes) == (0, ("不排名",))
    assert sorted(r.rank_district for r in results.values()) == list(range(10))


def test_missing_inputs_are_named_and_block_freezing_when_the_rules_are_silent(tiny, tmp_path):
    _missing(tiny, None)
    out = _run(tiny, "validate", "--as-of", "2026-11-23")
    assert (
        "data/evaluations/community/zhujianju/2025h1.yaml: scores.c05: 警告 INPUT001 社区综合考核 2025H1："
        "缺少zhujianju对第5社区的“部门”评分（截止 2025-07-15）；规则未说明如何处理，不能冻结"
        " / 2025H1: no departments score from zhujianju for community c05 after the deadline"
        f"{HINT}在该文件的 scores 中补一行 community: c05"
    ) in out.output
    refused = _run(
        tiny,
        "assess",
        "communities",
        "--period",
        "2025H1",
        "--as-of",
        "2026-11-23",
        "--out",
        str(tmp_path / "a"),
        "--freeze",
    )
    assert refused.exit_code == 1
    assert "还缺评分，且规则没有写明如何处理（missing: zero / mean / exclude）" in refused.output
    assert not tiny.path("data/results/community-assessment/2025H1.json").exists()


# --- outcomes and progress ----------------------------------------------------------------------


def test_progress_by_share_of_the_communities(tiny):
    """progress.share 0.3 of 10 communities = 3 places: c06 rises 6 → 3 (commended), c09 9 → 7
    (2 places: not)."""
    _communities(tiny, 10)
    tiny.replace(
        RULES_2024, "progress:\n  min_rank_rise: 10", "progress:\n  by: share\n  share: 0.3"
    )
    _scores(tiny, "2025H1", _same(TEN))
    _scores(tiny, "2025H2", _same({**TEN, "c06": 89, "c09": 81}))
    a = communities.assess(_ds(tiny), "2025H2", AS_OF)
    assert {r.subject: r.outcomes for r in a.results if r.outcomes} == {
        "cuihu": (C,),
        "c06": (C,),
        "c10": (W,),
    }
    c06 = next(r for r in a.results if r.subject == "c06")
    assert c06.rank_district == 3 and "名次上升 3 位（进步明显）" in c06.notes


# --- evidence by its own date -------------------------------------------------------------------


def test_a_late_six_haves_check_does_not_rewrite_a_closed_half_year(tiny):
    _star_inputs(tiny)  # 六有 checked 2026-06-01: 4 of 6
    six = ["area", "signage", "atmosphere", "deliberation", "activities", "archives"]
    tiny.edit(
        "data/qinghe/cuihu/stations/cuihu-zhan.yaml",
        lambda s: s.update(
            six_haves={
                "checked_at": "2026-08-15",
                "met": six,
                "history": [{"checked_at": "2026-06-01", "met": six[:4]}],
            }
        ),
    )
    (r,) = stars.assess(_ds(tiny), "2026H1", AS_OF).results
    # As in test_branch_stars_hand_computed: 40/3 + 40/3 + 0 + 10/3 + 15 + 16 = 61.00.
    assert ({i.id: i.points for i in r.indicators}["station"], r.total) == (1333, 6100)
    assert "“六有”按 2026-06-01 的核查计（2026-08-15 的核查在本期以后）" in r.notes


# --- a unit's projects --------------------------------------------------------------------------


def test_a_unit_earns_nothing_for_projects_it_is_not_a_party_to(tiny):
    project = tiny.read("data/qinghe/cuihu/lists/projects/cuihu-p01.yaml")
    foreign = copy.deepcopy(project)
    foreign.update(
        id="cuihu-p02", name="他单位的共建项目", parties=[{"type": "community", "id": "cuihu"}]
    )
    tiny.write("data/qinghe/cuihu/lists/projects/cuihu-p02.yaml", foreign)
    tiny.write(
        "data/qinghe/cuihu/unit-reports/2026-qh-shuiwu.yaml",
        {
            "id": "2026-qh-shuiwu",
            "year": 2026,
            "unit": "qh-shuiwu",
            "community": "cuihu",
            "submitted": "2026-11-10",
            "summary": "参与楼道照明共建",
            "projects": ["cuihu-p01", "cuihu-p02"],
            "person_times": 25,
        },
    )
    (r,) = units.assess(_ds(tiny), "2026", AS_OF).results
    # 1 own project of full_at 2 → 10 of 20 (both would have been 20).
    assert {i.id: i.points for i in r.indicators}["projects"] == 1000
    assert "履责报告所列项目 cuihu-p02 的参与方中没有本单位，不计入" in r.notes
    assert tiny.messages("RATE007") == [
        "data/qinghe/cuihu/unit-reports/2026-qh-shuiwu.yaml:9: projects[1]: 警告 RATE007 项目 'cuihu-p02' 的参与方中没有单位"
        " 'qh-shuiwu'，不计入该单位的履责项目 / unit 'qh-shuiwu' is not a party to project 'cuihu-p02'; it earns no credit"
        f" for it{HINT}删去该项目，或在 data/qinghe/cuihu/lists/projects/cuihu-p02.yaml 的 parties 中加上本单位（须确有参与）"
    ]


# --- a property company changed mid-year --------------------------------------------------------


def _new_company(tiny) -> None:
    """lvjing: anju-wuye until 2026-06-30, xinyi-wuye from 2026-07-01."""
    tiny.write(
        "data/property-companies/xinyi-wuye.yaml",
        {
            **tiny.read("data/property-companies/anju-wuye.yaml"),
            "id": "xinyi-wuye",
            "name": "新逸物业",
        },
    )
    tiny.edit(
        "data/qinghe/cuihu/compounds/lvjing.yaml",
        lambda d: d.update(
            property={
                "company": "xinyi-wuye",
                "since": "2026-07-01",
                "history": [{"company": "anju-wuye", "since": "2019-05-01"}],
            }
        ),
    )


def test_a_company_changed_mid_year_keeps_its_own_quarters(tiny):
    _new_company(tiny)
    _property(tiny, "2026Q2", 55, 50)  # anju-wuye: 52.50 → black
    _property(tiny, "2026Q3", 95, 91)
    tiny.replace(
        "data/qinghe/cuihu/property-evaluations/2026q3.yaml",
        "company: anju-wuye",
        "company: xinyi-wuye",
    )
    assert tiny.messages("RATE005") == []
    ds = _ds(tiny)
    lists = {}
    for period in ("2026Q2", "2026Q3"):
        a = property_service.assess(ds, period, AS_OF)
        lists[period] = [(c.company, c.mean, c.outcome) for c in property_service.companies(ds, a)]
    assert lists == {
        "2026Q2": [("anju-wuye", 5250, "黑榜")],
        "2026Q3": [("xinyi-wuye", 9300, "红榜")],
    }


def test_an_evaluation_naming_the_company_of_another_quarter(tiny):
    _new_company(tiny)
    _property(tiny, "2026Q3", 95, 91)  # names anju-wuye, gone since 2026-07-01
    assert tiny.messages("RATE005") == [
        "data/qinghe/cuihu/property-evaluations/2026q3.yaml:5: evaluations[0].company: 错误 RATE005 物业公司 'anju-wuye'"
        " 不是 2026Q3 为该小区服务的物业公司（小区记录：'xinyi-wuye'） / company did not serve the compound in 2026Q3"
        f"{HINT}评议的是该季度在服务的物业公司；物业更换的，在小区记录的 property.history 中记下原来的公司及其起始日期，"
        "property.company 和 since 写现在的公司"
    ]


# --- scores exactly at both thresholds ----------------------------------------------------------


def test_scores_exactly_at_both_thresholds(tiny):
    """red ≥ 90, black < 60, on exact totals: 89.995 shows as 90.00 but is not red; 59.995 shows
    as 60.00 but is black."""
    cases = {"2026Q1": (90, 90), "2026Q2": (89.99, 90), "2026Q3": (60, 60), "2026Q4": (59.99, 60)}
    for period, (community, branch) in cases.items():
        _property(tiny, period, community, branch)
    ds = _ds(tiny)
    got = {}
    for period in cases:
        (r,) = property_service.assess(ds, period, AS_OF).results
        got[period] = (r.total, r.outcome)
    assert got == {
        "2026Q1": (9000, "红榜"),
        "2026Q2": (9000, ""),
        "2026Q3": (6000, ""),
        "2026Q4": (6000, "黑榜"),
    }


def test_a_compound_without_an_evaluation_has_no_points(tiny):
    _property(tiny, "2026Q2", 95, 91)
    (r,) = property_service.assess(_ds(tiny), "2026Q3", AS_OF).results
    assert (r.outcome, r.indicators, r.exact) == ("未评议", (), None)


def test_company_lists_are_written_frozen_and_verified(tiny, tmp_path):
    _property(tiny, "2026Q2", 95, 91)  # lvjing, anju-wuye: 93.00 → red
    args = [
        "assess",
        "property",
        "--period",
        "2026Q2",
        "--as-of",
        "2026-11-23",
        "--out",
        str(tmp_path / "a"),
    ]
    assert _run(tiny, *args, "--freeze").exit_code == 0
    csv_text = (tmp_path / "a" / "property-2026Q2-companies.csv").read_text("utf-8").splitlines()
    assert csv_text[1:] == [
        "subject,name,community,total,grade,outcome,rank_community,rank_district,notes",
        "anju-wuye,安居物业服务有限公司,,93.00,,红榜,0,1,1 个小区：lvjing",
    ]
    header = (tmp_path / "a" / "property-2026Q2.csv").read_text("utf-8").splitlines()[1].split(",")
    assert len(header) == len(set(header))  # the indicator "community" is points_community
    tiny.replace(
        "data/qinghe/cuihu/property-evaluations/2026q2.yaml",
        "community_score: 95",
        "community_score: 55",
    )
    result = _run(tiny, *args)
    assert result.exit_code == 1
    # 55 × 50 % + 91 × 50 % = 73.00: off the red list, and so is its company.
    assert (
        "lvjing：总分 93.00 → 73.00，等级  → ，结果 红榜 → 无（community 47.50 → 27.50）；"
        "物业公司 anju-wuye：总分 93.00 → 73.00，等级  → ，结果 红榜 → 无"
    ) in result.output


def test_every_output_csv_has_unique_column_names(tiny, tmp_path):
    """All of a year's outputs (members, units, stars, communities and their year standing,
    property and its companies, 12345, requests, the force index): no two columns share a
    name (the property CSV once had two called ``community``)."""
    import csv

    _star_inputs(tiny)
    _property(tiny, "2026Q2", 95, 91)
    _communities(tiny, 10)
    for period in ("2026H1", "2026H2"):
        _scores(tiny, period, _same(TEN))
    done = _run(tiny, "assess", "--as-of", "2026-12-31", "--out", str(tmp_path / "a"))
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert {"property-2026Q2-companies.csv", "communities-2026-standing.csv"} <= set(names)
    for name in names:
        lines = (tmp_path / "a" / name).read_text("utf-8").splitlines()
        assert lines[0].startswith("# "), name  # the stamp line
        header = next(csv.reader([lines[1]]))
        assert len(header) == len(set(header)), (name, header)


def test_a_unit_established_after_the_year_began_is_not_assessed_that_year(tiny):
    """qh-zhujian (established 2026-02-01) reported in on 2026-03-10, after qh-shuiwu's
    registration of the same date in file order: the year's first day decides for both (the
    loop once checked the second unit on the first one's registration date)."""
    unit = tiny.read("data/units/qh-shuiwu.yaml")
    unit.pop("uscc", None)
    unit.update(id="qh-zhujian", name="青禾区住建局", established="2026-02-01")
    unit["work_phone"] = "0999-6102200"
    tiny.write("data/units/qh-zhujian.yaml", unit)
    reg = tiny.read("data/qinghe/cuihu/registrations/2026-qh-shuiwu.yaml")
    reg.update(id="2026-qh-zhujian", unit="qh-zhujian")
    tiny.write("data/qinghe/cuihu/registrations/2026-qh-zhujian.yaml", reg)
    a = units.assess(_ds(tiny), "2026", AS_OF)
    assert [(r.subject, r.total) for r in a.results] == [("qh-shuiwu", 1500)]


def test_a_company_mean_just_below_the_red_line_is_not_red(tiny):
    """anju-wuye serves lvjing (90, 90 → 90.00, red) and changle (89.99, 90 → 89.995, shown
    90.00, not red): its mean (90 + 89.995) / 2 = 89.9975 shows as 90.00 but is not red."""
    tiny.edit(
        "data/qinghe/cuihu/compounds/changle.yaml",
        lambda d: d.update(property={"company": "anju-wuye"}),
    )
    row = {"company": "anju-wuye", "community_score": 90, "branch_score": 90}
    tiny.write(
        "data/qinghe/cuihu/property-evaluations/2026q2.yaml",
        {
            "period": "2026Q2",
            "date": "2026-07-08",
            "evaluations": [
                {"compound": "lvjing", **row},
                {"compound": "changle", **row, "community_score": 89.99},
            ],
        },
    )
    ds = _ds(tiny)
    a = property_service.assess(ds, "2026Q2", AS_OF)
    assert [(r.subject, r.total, r.outcome) for r in a.results] == [
        ("lvjing", 9000, "红榜"),
        ("changle", 9000, ""),
    ]
    assert [(c.company, c.shown, c.outcome) for c in property_service.companies(ds, a)] == [
        ("anju-wuye", "90.00", "")
    ]
