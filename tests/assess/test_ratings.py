"""Ratings (docs/assessments.md): hand-computed cases for branch stars, the community assessment, the
property red/black list and 12345 ticket pressure, on the tiny repository."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from baodao.assess import communities, hotline, property_service, stars
from baodao.assess.communities import bottom, cut_size, top
from baodao.cli import main
from conftest import AS_OF

CUT = {"share": 0.1, "rounding": "ceil", "min": 1}


# --- the 10 % cut ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "ceil", "floor", "half_up"), [(7, 1, 0, 1), (10, 1, 1, 1), (11, 2, 1, 1), (15, 2, 1, 2)]
)
def test_cut_size_rounds_as_the_rules_say(n, ceil, floor, half_up):
    assert cut_size(n, CUT) == ceil
    assert cut_size(n, {**CUT, "rounding": "floor", "min": 0}) == floor
    assert cut_size(n, {**CUT, "rounding": "round", "min": 0}) == half_up


def test_cut_size_has_a_floor_from_the_rules():
    assert cut_size(7, {**CUT, "rounding": "floor", "min": 1}) == 1


def _totals(*values: int) -> list[tuple[str, int]]:
    """Subjects c1, c2 … with the given totals, best first."""
    return [(f"c{i + 1}", v) for i, v in enumerate(values)]


def test_ties_at_the_cut_included_or_excluded():
    # 11 communities → 2 at the bottom; c9, c10, c11 tie for the last two places.
    t = _totals(95, 90, 88, 86, 84, 82, 80, 78, 60, 60, 60)
    assert bottom(t, cut_size(11, CUT), "include") == {"c9", "c10", "c11"}
    assert bottom(t, cut_size(11, CUT), "exclude") == set()
    # Ties that fit inside the cut are no tie at the cut.
    t2 = _totals(95, 90, 88, 86, 84, 82, 80, 78, 77, 60, 60)
    assert bottom(t2, 2, "exclude") == {"c10", "c11"}
    # At the top: c1 and c2 tie with k = 1.
    assert top(_totals(99, 99, 80, 70, 60, 50, 40), 1, "include") == {"c1", "c2"}
    assert top(_totals(99, 99, 80, 70, 60, 50, 40), 1, "exclude") == set()


# --- community comprehensive assessment --------------------------------------------------------


def _communities(tiny, n: int) -> list[str]:
    """n communities in the tiny street: cuihu plus clones c02 … (enough for the cut)."""
    base = tiny.read("data/qinghe/cuihu/community.yaml")
    ids = ["cuihu"]
    for i in range(2, n + 1):
        cid = f"c{i:02d}"
        rec = copy.deepcopy(base)
        rec.update(id=cid, name=f"第{i}社区")
        tiny.write(f"data/qinghe/{cid}/community.yaml", rec)
        ids.append(cid)
    return ids


def _scores(tiny, period: str, component: str, evaluator: str, scores: dict[str, float]) -> None:
    tiny.write(
        f"data/evaluations/community/{evaluator}/{period.lower()}.yaml",
        {
            "period": period,
            "evaluator": evaluator,
            "evaluator_name": evaluator,
            "component": component,
            "date": "2026-07-10",
            "scores": [{"community": c, "score": s} for c, s in scores.items()],
        },
    )


def _half(
    tiny,
    period: str,
    ids: list[str],
    x: tuple[float, float, float],
    rest: tuple[float, float, float],
):
    """Scores of one half year: community ids[0] gets x, the others rest (party, dept, street)."""
    for k, (component, evaluator) in enumerate(
        (("party_building", "zuzhibu"), ("departments", "minzhengju"), ("street", "qinghe"))
    ):
        _scores(
            tiny, period, component, evaluator, {c: (x if c == ids[0] else rest)[k] for c in ids}
        )


def _ds(tiny):
    ds, _schemas, _problems = tiny.repo().load_and_check(AS_OF)
    return ds


def test_community_weights_and_component_means(tiny):
    ids = _communities(tiny, 10)
    _half(tiny, "2026H1", ids, (80, 70, 90), (60, 60, 60))
    _scores(tiny, "2026H1", "departments", "zhujianju", dict.fromkeys(ids, 50))
    a = communities.assess(_ds(tiny), "2026H1", AS_OF)
    first = next(r for r in a.results if r.subject == "cuihu")
    # party 80×20 % + departments mean(70, 50)=60 ×30 % + street 90×50 % = 16 + 18 + 45
    assert first.total == 7900
    assert [i.points for i in first.indicators] == [1600, 1800, 4500]
    assert first.rank_district == 1 and first.outcome == communities.COMMENDED


def test_missing_component_scores_zero_and_is_noted(tiny):
    ids = _communities(tiny, 10)
    _scores(tiny, "2026H1", "street", "qinghe", dict.fromkeys(ids, 80))
    a = communities.assess(_ds(tiny), "2026H1", AS_OF)
    r = next(r for r in a.results if r.subject == "c02")
    assert r.total == 4000
    assert "缺少“党建（组织部评分）”评分，按 0 分计" in r.notes


def test_two_years_running_uses_each_years_own_rules(tiny):
    """cuihu is last in 2025 only by the 2025 weights (20/30/50), and last in 2026 by the 2026
    weights (60/30/10 here): 调整 in 2026H2 only if each year is judged by its own rules."""
    tiny.replace("data/rules/community-assessment/2026-01-01.yaml", "weight: 20\n", "weight: 60\n")
    tiny.replace("data/rules/community-assessment/2026-01-01.yaml", "weight: 50\n", "weight: 10\n")
    ids = _communities(tiny, 10)
    for period in ("2025H1", "2025H2"):  # 2025 rules: cuihu 20+30+20=70 < others 12+18+45=75
        _half(tiny, period, ids, (100, 100, 40), (60, 60, 90))
    for period in ("2026H1", "2026H2"):  # 2026 rules: cuihu 0+0+10=10 < others 36+18+9=63
        _half(tiny, period, ids, (0, 0, 100), (60, 60, 90))
    ds = _ds(tiny)
    assert communities.year_bottom(ds, 2025, AS_OF) == {"cuihu"}
    assert communities.year_bottom(ds, 2026, AS_OF) == {"cuihu"}
    a = communities.assess(ds, "2026H2", AS_OF)
    r = next(r for r in a.results if r.subject == "cuihu")
    assert r.outcomes == (communities.WARNING, communities.ADJUST)
    assert a.rules.file.endswith("2026-01-01.yaml")
    # Under the 2026 weights cuihu would have topped 2025 (60+30+4=94): the rules of each year matter.
    tiny.replace("data/rules/community-assessment/2024-01-01.yaml", "weight: 20\n", "weight: 60\n")
    tiny.replace("data/rules/community-assessment/2024-01-01.yaml", "weight: 50\n", "weight: 10\n")
    assert "cuihu" not in communities.year_bottom(_ds(tiny), 2025, AS_OF)


def test_progress_commends_a_rise_of_ten_places(tiny):
    ids = _communities(tiny, 14)  # the top 10 % is 2 communities
    h1 = {**{c: 90 - i for i, c in enumerate(ids)}, "c14": 40}  # c14 last (14th)
    h2 = {**{c: 90 - i for i, c in enumerate(ids)}, "c14": 87.5}  # c14 4th: up 10 places
    for period, s in (("2026H1", h1), ("2026H2", h2)):
        for component, evaluator in (
            ("party_building", "zuzhibu"),
            ("departments", "minzhengju"),
            ("street", "qinghe"),
        ):
            _scores(tiny, period, component, evaluator, s)
    a = communities.assess(_ds(tiny), "2026H2", AS_OF)
    r = next(r for r in a.results if r.subject == "c14")
    assert r.rank_district == 4 and r.outcome == communities.COMMENDED
    assert "名次上升 10 位（进步明显）" in r.notes


# --- branch stars ------------------------------------------------------------------------------


def _star_inputs(tiny, *, operating: bool = True) -> None:
    tiny.edit(
        "data/qinghe/cuihu/stations/cuihu-zhan.yaml",
        lambda s: s.update(
            six_haves={
                "checked_at": "2026-06-01",
                "met": ["area", "signage", "atmosphere", "deliberation"],
            }
        ),
    )
    for n, day in enumerate(("2026-02-10", "2026-05-20")):
        tiny.write(
            f"data/qinghe/cuihu/lists/events/lvjing-e{n}.yaml",
            {
                "id": f"lvjing-e{n}",
                "name": "主题党日",
                "community": "cuihu",
                "date": day,
                "organiser": {"type": "branch", "id": "lvjing-zb"},
                "open_to": "all",
                "verified_at": "2026-09-01",
            },
        )
    tiny.write(
        "private/hotline/2025.csv", "month,compound,category,tickets\n2025-01,lvjing,property,20\n"
    )
    tiny.write(
        "private/hotline/2026.csv", "month,compound,category,tickets\n2026-01,lvjing,property,15\n"
    )
    tiny.write(
        "data/qinghe/cuihu/branch-reviews/2026h1.yaml",
        {
            "period": "2026H1",
            "date": "2026-07-10",
            "reviews": [{"branch": "lvjing-zb", "score": 80, "operating": operating}],
        },
    )


def _all_six(tiny) -> None:
    """The station serving lvjing-zb meets all six items of the 六有 standard."""
    six = ["area", "signage", "atmosphere", "deliberation", "activities", "archives"]
    tiny.edit(
        "data/qinghe/cuihu/stations/cuihu-zhan.yaml",
        lambda s: s.update(six_haves={"checked_at": "2026-06-01", "met": six}),
    )


def _need_met(tiny) -> None:
    """The one need in the branch's compounds is met on 2026-06-01."""
    tiny.replace(
        "data/qinghe/cuihu/lists/needs/cuihu-n01.yaml",
        "  - {date: 2026-04-20, status: matched}\n",
        "  - {date: 2026-04-20, status: matched}\n  - {date: 2026-06-01, status: met}\n",
    )


def test_branch_stars_hand_computed(tiny):
    _star_inputs(tiny)
    a = stars.assess(_ds(tiny), "2026H1", AS_OF)
    (r,) = a.results
    points = {i.id: i.points for i in r.indicators}
    # station 4/6 of 20; events 2/3 of 20; needs 0/1 met; households 1 of 3 buildings (1/3 of
    # 10); tickets 20 → 15 (−25 % ≥ 10 %) full 15; review 80 of 20. Exactly: 40/3 + 40/3 + 10/3
    # + 15 + 16 = 61, though the shown points add up to 60.99.
    assert points == {
        "station": 1333,
        "events": 1333,
        "needs": 0,
        "households": 333,
        "hotline": 1500,
        "review": 1600,
    }
    assert r.total == 6100 and r.grade == "二星" and r.outcome == "抓整治"


def test_four_stars_get_the_subsidy_only_when_operating(tiny):
    _star_inputs(tiny)
    _need_met(tiny)
    _all_six(tiny)
    ds = _ds(tiny)
    a = stars.assess(ds, "2026H1", AS_OF)
    (r,) = a.results
    # 20 + 40/3 + 15 + 10/3 + 15 + 16 = 82.666… → 82.67 (half up)
    assert r.total == 8267 and r.grade == "四星"
    # A first half's 4★ does not carry the subsidy words: the rules give it by the second half.
    assert r.outcome == "抓示范"
    assert stars.subsidy_entitled(a.rules, r.grade, stars.reviews_of(ds, "2026H1")["lvjing-zb"])
    _star_inputs(tiny, operating=False)
    _all_six(tiny)
    ds = _ds(tiny)
    a = stars.assess(ds, "2026H1", AS_OF)
    (r,) = a.results
    assert r.grade == "四星" and r.outcome == "抓示范"
    assert not stars.subsidy_entitled(a.rules, r.grade, stars.reviews_of(ds, "2026H1")["lvjing-zb"])


def test_a_branch_whose_station_changed_mid_period_is_judged_by_the_last_one(tiny):
    _star_inputs(tiny)
    station = tiny.read("data/qinghe/cuihu/stations/cuihu-zhan.yaml")
    station.update(
        id="lvjing-zhan",
        name="绿景花园党群服务站",
        level="compound",
        six_haves={
            "checked_at": "2026-06-01",
            "met": ["area", "signage", "atmosphere", "deliberation", "activities", "archives"],
        },
    )
    tiny.write("data/qinghe/cuihu/stations/lvjing-zhan.yaml", station)

    def move(c: dict) -> None:
        for b in c["buildings"]:
            first = b["serve"][0]
            b["serve"].append({**first, "from": "2026-03-01", "station": "lvjing-zhan"})

    tiny.edit("data/qinghe/cuihu/compounds/lvjing.yaml", move)
    tiny.edit("data/qinghe/cuihu/compounds/changle.yaml", move)
    # cuihu-zhan's latest check (2026-10-10) is after 2025H2; an earlier one stands for it.
    tiny.edit(
        "data/qinghe/cuihu/stations/cuihu-zhan.yaml",
        lambda d: d["six_haves"].update(
            history=[{"checked_at": "2025-11-01", "met": d["six_haves"]["met"]}]
        ),
    )
    ds = _ds(tiny)
    (r,) = stars.assess(ds, "2026H1", AS_OF).results
    station_row = next(i for i in r.indicators if i.id == "station")
    assert station_row.points == 2000  # lvjing-zhan, 6 of 6
    assert station_row.evidence == ("data/qinghe/cuihu/stations/lvjing-zhan.yaml:1",)
    (before,) = stars.assess(ds, "2025H2", AS_OF).results
    assert next(i for i in before.indicators if i.id == "station").points == 1333  # cuihu-zhan


# --- property red/black list -------------------------------------------------------------------


def _property(tiny, period: str, community: float, branch: float) -> None:
    tiny.write(
        f"data/qinghe/cuihu/property-evaluations/{period.lower()}.yaml",
        {
            "period": period,
            "date": "2026-10-08",
            "evaluations": [
                {
                    "compound": "lvjing",
                    "company": "anju-wuye",
                    "community_score": community,
                    "branch_score": branch,
                    "director_report": {"date": "2026-10-08", "summary": "通报维修资金"},
                }
            ],
        },
    )


def test_property_red_and_black_lists(tiny):
    _property(tiny, "2026Q2", 95, 91)
    _property(tiny, "2026Q3", 60, 55)
    ds = _ds(tiny)
    (q2,) = property_service.assess(ds, "2026Q2", AS_OF).results
    assert (q2.total, q2.outcome) == (9300, "红榜")
    a = property_service.assess(ds, "2026Q3", AS_OF)
    (q3,) = a.results
    assert (q3.total, q3.outcome) == (5750, "黑榜")
    assert q3.notes == ("物业公司：anju-wuye", "业委会主任 2026-10-08 述职：通报维修资金")
    (company,) = property_service.companies(ds, a)
    assert (company.company, company.mean, company.outcome) == ("anju-wuye", 5750, "黑榜")


def test_a_quarter_with_no_evaluation_lists_the_compound_as_not_evaluated(tiny):
    _property(tiny, "2026Q2", 95, 91)
    a = property_service.assess(_ds(tiny), "2026Q3", AS_OF)
    (r,) = a.results
    assert (r.subject, r.outcome, r.rank_district) == ("lvjing", "未评议", 0)
    assert property_service.companies(_ds(tiny), a) == ()


# --- 12345 tickets -----------------------------------------------------------------------------


def test_hotline_top_n_and_change_on_the_same_months(tiny):
    tiny.replace("data/rules/hotline/2025-01-01.yaml", "top_n: 65", "top_n: 1")
    tiny.write(
        "private/hotline/2025.csv",
        "month,compound,category,tickets\n"
        "2025-01,lvjing,property,10\n2025-01,changle,parking,4\n2025-12,lvjing,property,50\n",
    )
    tiny.write(
        "private/hotline/2026.csv",
        "month,compound,category,tickets\n2026-01,lvjing,property,6\n2026-01,changle,parking,8\n",
    )
    a = hotline.assess(_ds(tiny), "2026", AS_OF)
    assert [(r.subject, r.total, r.outcome) for r in a.results] == [
        ("changle", 800, "专班"),
        ("lvjing", 600, ""),
    ]
    # 2026 has January only: compared with January 2025, not all of 2025.
    lv = a.results[1]
    assert "同比下降 40.0%（截至 2026-01，去年同期 10 件）" in lv.notes
    assert "同比上升 100.0%（截至 2026-01，去年同期 4 件）" in a.results[0].notes


# --- checks -----------------------------------------------------------------------------------


def test_a_street_scores_only_its_own_communities(tiny):
    tiny.write(
        "data/dong/street.yaml",
        {**tiny.read("data/qinghe/street.yaml"), "id": "dong", "name": "东渠街道"},
    )
    _scores(tiny, "2026H1", "street", "dong", {"cuihu": 80})
    assert tiny.messages("RATE002") == [
        "data/evaluations/community/dong/2026h1.yaml:7: scores[0].community: 错误 RATE002 "
        "东渠街道只能给本街道的社区评分，翠湖社区（cuihu）属于 qinghe / a street scores only its own communities"
        "\n    修改建议：删去这一行；该社区由它所在街道评分"
    ]


def test_a_score_file_named_for_another_period(tiny):
    _scores(tiny, "2026H1", "party_building", "zuzhibu", {"cuihu": 80})
    tiny.path("data/evaluations/community/zuzhibu/2026h1.yaml").rename(
        tiny.path("data/evaluations/community/zuzhibu/2026h2.yaml")
    )
    assert tiny.messages("RATE001") == [
        "data/evaluations/community/zuzhibu/2026h2.yaml:1: period: 错误 RATE001 考核期 '2026H1' 与文件名 '2026h2.yaml' 不一致"
        " / period does not match the file name\n    修改建议：把文件改名为 2026h1.yaml，或改正 period"
    ]


def test_property_evaluation_of_another_company(tiny):
    _property(tiny, "2026Q3", 90, 90)
    tiny.replace(
        "data/qinghe/cuihu/property-evaluations/2026q3.yaml",
        "company: anju-wuye",
        "company: other-wuye",
    )
    msgs = [m for m in tiny.messages() if "RATE005" in m]
    assert msgs == [
        "data/qinghe/cuihu/property-evaluations/2026q3.yaml:5: evaluations[0].company: 错误 RATE005 "
        "物业公司 'other-wuye' 不是 2026Q3 为该小区服务的物业公司（小区记录：'anju-wuye'） / company did not serve the"
        " compound in 2026Q3\n    修改建议：评议的是该季度在服务的物业公司；物业更换的，在小区记录的 property.history 中"
        "记下原来的公司及其起始日期，property.company 和 since 写现在的公司"
    ]


# --- command line: every rating reruns byte-identically and freezes -------------------------------


def _run(tiny, *args):
    return CliRunner().invoke(main, ["--root", str(tiny.root), *args], catch_exceptions=False)


def test_assess_all_reruns_byte_identically_and_freezes(tiny, tmp_path):
    _star_inputs(tiny)
    _property(tiny, "2026Q3", 95, 91)
    ids = _communities(tiny, 10)
    _half(tiny, "2026H1", ids, (80, 70, 90), (60, 60, 60))
    outs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        result = _run(tiny, "assess", "--as-of", "2026-11-23", "--out", str(out))
        assert result.exit_code == 0, result.output
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert {
        "stars-2026H1.json",
        "communities-2026H1.json",
        "property-2026Q3.json",
        "hotline-2026.json",
    } <= set(outs[0])
    result = _run(
        tiny,
        "assess",
        "stars",
        "--period",
        "2026H1",
        "--as-of",
        "2026-11-23",
        "--out",
        str(tmp_path / "f"),
        "--freeze",
    )
    assert result.exit_code == 0, result.output
    frozen = json.loads(tiny.path("data/results/branch-stars/2026H1.json").read_text("utf-8"))
    assert frozen["results"][0]["outcome"] == "抓整治"
    # A later edit to a review changes the recomputed stars: FROZEN001 names the change.
    tiny.replace("data/qinghe/cuihu/branch-reviews/2026h1.yaml", "score: 80", "score: 100")
    result = _run(
        tiny,
        "assess",
        "stars",
        "--period",
        "2026H1",
        "--as-of",
        "2026-11-23",
        "--out",
        str(tmp_path / "g"),
    )
    assert result.exit_code == 1
    assert "FROZEN001" in result.output and "lvjing-zb：总分 61.00 → 65.00" in result.output


def test_a_period_of_the_wrong_cadence_is_refused(tiny):
    result = _run(tiny, "assess", "stars", "--period", "2026Q1", "--as-of", "2026-11-23")
    assert result.exit_code == 1
    assert "小区党支部评星定级每半年一期：--period 应写成如 2026H1，不是 2026Q1" in result.output


# --- the star rating feeds the funds page (docs/assessments.md) -----------------------------------


def test_the_second_half_rating_sets_the_subsidy_due_beside_what_was_paid(tiny):
    from baodao.web.govview import build_governance

    _star_inputs(tiny)
    _need_met(tiny)
    _all_six(tiny)
    for n in range(3):  # the second half: three events, tickets down on July 2025
        tiny.write(
            f"data/qinghe/cuihu/lists/events/lvjing-h2-{n}.yaml",
            {
                "id": f"lvjing-h2-{n}",
                "name": "主题党日",
                "community": "cuihu",
                "date": f"2026-0{7 + n}-10",
                "organiser": {"type": "branch", "id": "lvjing-zb"},
                "open_to": "all",
                "verified_at": "2026-09-01",
            },
        )
    tiny.write(
        "private/hotline/2025.csv", "month,compound,category,tickets\n2025-07,lvjing,property,20\n"
    )
    tiny.write(
        "private/hotline/2026.csv", "month,compound,category,tickets\n2026-07,lvjing,property,10\n"
    )
    tiny.write(
        "data/qinghe/cuihu/branch-reviews/2026h2.yaml",
        {
            "period": "2026H2",
            "date": "2027-01-10",
            "reviews": [{"branch": "lvjing-zb", "score": 95, "operating": True}],
        },
    )
    tiny.write(
        "data/qinghe/cuihu/funds/2026-cuihu.yaml",
        {
            "id": "2026-cuihu",
            "community": "cuihu",
            "period": "2026",
            "funds": [
                {
                    "kind": "branch_subsidy",
                    "budget": 3000,
                    "spent": 1000,
                    "uses": [
                        {
                            "date": "2026-08-15",
                            "purpose": "支部补贴",
                            "amount": 1000,
                            "branch": "lvjing-zb",
                        }
                    ],
                }
            ],
        },
    )
    ds = _ds(tiny)
    due = stars.subsidies_due(ds, AS_OF)
    assert due == {"2026": {"lvjing-zb": 3000}}
    (h2,) = stars.assess(ds, "2026H2", AS_OF).results
    assert h2.outcome.endswith("；可获小区党建专项经费 3000 元")
    (f,) = build_governance(ds, AS_OF, due).funds
    assert f.subsidies == (("lvjing-zb", "绿景花园联合党支部", "3,000.00", "1,000.00", "2,000.00"),)


def test_a_community_scored_twice_for_one_component(tiny):
    _scores(tiny, "2026H1", "party_building", "zuzhibu", {"cuihu": 80})
    _scores(tiny, "2026H1", "party_building", "zuzhibu-2", {"cuihu": 60})
    assert tiny.messages("RATE003") == [
        "data/evaluations/community/zuzhibu/2026h1.yaml:7: scores[0].community: 错误 RATE003 "
        "2026H1 已有对 翠湖社区 的党建评分：data/evaluations/community/zuzhibu-2/2026h1.yaml "
        "/ this community already has this component's score for the period"
        "\n    修改建议：一个社区每期每项只评一次；更正请直接修改原记录"
    ]


def test_a_review_of_another_communitys_branch(tiny):
    tiny.write(
        "data/qinghe/c02/community.yaml",
        {**tiny.read("data/qinghe/cuihu/community.yaml"), "id": "c02", "name": "第2社区"},
    )
    tiny.write(
        "data/qinghe/c02/branch-reviews/2026h1.yaml",
        {
            "period": "2026H1",
            "date": "2026-07-10",
            "reviews": [{"branch": "lvjing-zb", "score": 80, "operating": True}],
        },
    )
    assert tiny.messages("RATE004") == [
        "data/qinghe/c02/branch-reviews/2026h1.yaml:4: reviews[0].branch: 错误 RATE004 "
        "支部 绿景花园联合党支部（lvjing-zb）属于社区 cuihu，不能由 c02 评议 / a community rates only its own branches"
        "\n    修改建议：删去这一行；由支部所在社区在它的 branch-reviews/ 中评议"
    ]


def test_a_hotline_month_outside_its_files_year(tiny):
    tiny.write(
        "private/hotline/2026.csv", "month,compound,category,tickets\n2025-12,lvjing,property,3\n"
    )
    assert tiny.messages("RATE006") == [
        "private/hotline/2026.csv:2: month: 错误 RATE006 月份 2025-12 不在文件的年份 2026 内"
        " / month outside the file's year\n    修改建议：把这一行移到 hotline/2025.csv"
    ]
