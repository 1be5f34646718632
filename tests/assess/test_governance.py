"""Governance transparency (docs/assessments.md): hand-computed requests, force index, coverage and funds."""

from __future__ import annotations

import datetime as dt

from baodao.assess import coverage, force, requests
from baodao.assess.engine import fmt_points
from baodao.model import funds
from baodao.model.workdays import WorkCalendar

AS_OF = dt.date(2026, 11, 23)
REQ = "data/qinghe/cuihu/requests/2026.csv"
TOTALS = "private/qinghe/cuihu/requests/2026-totals.csv"
HEADER = "id,grid,compound,category,summary,raised,department,responded,closed,evaluation\n"
# r1: raised the day before the National Day holiday (10-01..10-07, 10-10 a 调休 working day),
#     5 working days from 10-01: 10-08, 10-09, 10-10, 10-12, 10-13 → closed 10-13 is on time.
# r2: the same, responded 10-09 (respond_by 10-08: late) and closed 10-14: late.
# r3: safety (2 working days) raised Fri 11-20: due Tue 11-24, open on 11-23: pending.
# r4: order raised 06-01, never answered: overdue, response late.
ROWS = (
    "cuihu-2026-0001,cuihu-g01,lvjing,facilities,路灯不亮,2026-09-30,shizheng,2026-10-08,2026-10-13,satisfied\n"
    "cuihu-2026-0002,cuihu-g01,,facilities,井盖松动,2026-09-30,shizheng,2026-10-09,2026-10-14,unsatisfied\n"
    "cuihu-2026-0003,cuihu-g01,changle,safety,楼道飞线充电,2026-11-20,paichusuo,,,\n"
    "cuihu-2026-0004,cuihu-g01,,order,占道经营,2026-06-01,chengguan,,,\n"
)
TOTALS_ROWS = (
    "month,department,category,raised,closed,on_time,overdue_open,evaluated,satisfied\n"
    "2026-03,chengguan,order,10,8,6,1,5,4\n"
)


def _ds(tiny):
    return tiny.repo().load_and_check(AS_OF)[0]


def _with_requests(tiny, totals: bool = True):
    tiny.write(REQ, HEADER + ROWS)
    if totals:
        tiny.write(TOTALS, TOTALS_ROWS)
    else:
        tiny.path(TOTALS).unlink()


def test_deadline_across_the_national_day_holiday(tiny):
    _with_requests(tiny, totals=False)
    ds = _ds(tiny)
    s = requests.summarise(ds, "2026", AS_OF)
    by_id = {o.id: o for o in s.outcomes}
    r1, r2 = by_id["cuihu-2026-0001"], by_id["cuihu-2026-0002"]
    assert r1.close_by == dt.date(2026, 10, 13) and r1.respond_by == dt.date(2026, 10, 8)
    assert (r1.status, r1.responded) == ("on_time", "on_time")
    assert (r2.status, r2.responded) == ("late", "late")
    assert by_id["cuihu-2026-0003"].close_by == dt.date(2026, 11, 24)
    assert (by_id["cuihu-2026-0003"].status, by_id["cuihu-2026-0003"].responded) == (
        "pending",
        "pending",
    )
    assert (by_id["cuihu-2026-0004"].status, by_id["cuihu-2026-0004"].responded) == (
        "overdue",
        "late",
    )
    # Ten calendar days, five working days.
    cal = WorkCalendar.from_dataset(ds)
    assert cal.count(dt.date(2026, 10, 1), dt.date(2026, 10, 13)) == 5


def test_rates_per_department_and_community_with_bulk_counts(tiny):
    _with_requests(tiny)
    s = requests.summarise(_ds(tiny), "2026", AS_OF)
    shizheng = s.by_department["shizheng"]
    assert (shizheng.raised, shizheng.on_time, shizheng.late) == (2, 1, 1)
    assert (shizheng.on_time_rate, shizheng.satisfaction_rate, shizheng.response_rate) == (
        50.0,
        50.0,
        50.0,
    )
    # chengguan: r4 (overdue, answered late) + the bulk row: 6 on time, 2 late, 1 overdue.
    chengguan = s.by_department["chengguan"]
    assert (chengguan.raised, chengguan.on_time, chengguan.late, chengguan.overdue) == (11, 6, 2, 2)
    assert (chengguan.on_time_rate, chengguan.satisfaction_rate, chengguan.response_rate) == (
        60.0,
        80.0,
        0.0,
    )
    cuihu = s.by_community["cuihu"]
    # pending: r3, and 10 − 8 closed − 1 overdue of the bulk row
    assert (cuihu.raised, cuihu.closed, cuihu.pending) == (14, 10, 2)
    # on time 1 + 6 of judged 1+1+1 (records) + 6+2+1 (bulk) = 7/12
    assert cuihu.on_time_rate == round(100 * 7 / 12, 2)
    assert s.district.raised == 14


def test_departments_scored_by_the_engine(tiny):
    _with_requests(tiny)
    a = requests.assess(_ds(tiny), "2026", AS_OF)
    by = {r.subject: r for r in a.results}
    # 50 × 50% + 30 × 50% + 20 × 50% = 50.00 → 差 (below 60)
    assert fmt_points(by["shizheng"].total) == "50.00" and by["shizheng"].grade == "差"
    # 50 × 60% + 30 × 80% + 20 × 0% = 54.00
    assert fmt_points(by["chengguan"].total) == "54.00"
    # paichusuo has only a pending request: nothing judged, noted.
    assert by["paichusuo"].total == 0 and "本期没有到期的事项" in by["paichusuo"].notes


def test_force_index_hand_computed(tiny):
    _with_requests(tiny)
    tiny.edit("data/qinghe/cuihu/community.yaml", lambda d: d.update(households=96))
    fi = force.index(_ds(tiny), "2026", AS_OF)
    f = fi.force["cuihu"]
    # 2 members + 1 concurrent member (from 09-15) + 8 volunteers + 1 grid worker; 1 post vacant
    assert (f.members, f.concurrent, f.volunteers, f.grid_staff, f.vacant_posts) == (2, 1, 8, 1, 1)
    assert (f.total, f.active, f.inactive, f.left) == (12, 1, 1, 0)
    # asked: need + wish + 14 requests = 16; done: 0 + 0 + 10 closed
    assert (f.asked, f.done) == (16, 10)
    r = fi.assessment.results[0]
    pts = {i.id: i.points for i in r.indicators}
    # 足值 12/96×100 = 12.5 per 100 households = full 40; 动值 50% of 80 → 30 × 0.625 = 18.75;
    # 赢值 62.5% of 90 → 30 × 0.6944 = 20.83; 失值 (1 inactive + 1 vacant)/12 = 16.67% of 50 → −6.67
    assert pts == {"enough": 4000, "mobilised": 1875, "results": 2083, "lost": -667}
    # Exactly 40 + 18.75 + 125/6 − 20/3 = 72.9166… → 72.92, though the shown points add to 72.91.
    assert fmt_points(r.total) == "72.92" and r.grade == "较强"
    assert fi.district[1].total == r.total


def test_force_counts_last_years_members_who_did_not_return_as_lost(tiny):
    tiny.write(
        "private/qinghe/cuihu/members/2025.csv",
        "person,date,home_org,compound,building,specialties,hobbies,service_types,needs,moved_from,note\n"
        "p-0006,2025-03-02,shi-jiaoyuju,lvjing,3,,,volunteer,,,\n"
        "p-0009,2025-03-02,shi-jiaoyuju,lvjing,3,,,volunteer,,,\n",
    )
    tiny.write(
        "private/people/qinghe.csv",
        tiny.path("private/people/qinghe.csv").read_text("utf-8")
        + "p-0009,王某某,cuihu,false,false,,,\n",
    )
    f = force.count_force(_ds(tiny), "2026", AS_OF)["cuihu"]
    assert f.left == 1  # p-0009 reported in for 2025, not 2026; p-0006 did both


def test_coverage_of_a_compound_split_across_grids(tiny):
    tiny.write(
        "data/qinghe/cuihu/grids/cuihu-g02.yaml",
        {
            "id": "cuihu-g02",
            "name": "翠湖社区第二网格",
            "community": "cuihu",
            "kind": "grid",
            "number": 2,
            "posts": [],
            "verified_at": "2026-09-01",
        },
    )
    tiny.write(
        "data/qinghe/cuihu/grids/cuihu-g03.yaml",
        {
            "id": "cuihu-g03",
            "name": "翠湖社区第三网格",
            "community": "cuihu",
            "kind": "grid",
            "number": 3,
            "posts": [],
            "verified_at": "2026-09-01",
        },
    )

    def split(d):
        d["buildings"][1]["serve"][0]["grid"] = "cuihu-g02"

    tiny.edit("data/qinghe/cuihu/compounds/lvjing.yaml", split)
    assert tiny.messages("SERV001") == []
    c = coverage.coverage(_ds(tiny), AS_OF).by_community["cuihu"]
    share = {m: (s.covered, s.total) for m, s in c.shares.items()}
    # lvjing spans g01 and g02: one compound, both grids covered; g03 has no building.
    assert share["compounds"] == (2, 2)
    assert share["grids"] == (2, 3)
    assert share["buildings"] == (3, 3)
    assert share["owners_committees"] == (1, 1)
    assert share["property_projects"] == (1, 1)
    assert (c.independent, c.joint, c.party_groups, c.building_groups) == (0, 1, 0, 2)
    assert c.shares["grids"].rate == 66.7


def test_coverage_counts_a_branch_only_from_its_founding(tiny):
    tiny.edit("data/qinghe/cuihu/branches/lvjing-zb.yaml", lambda d: d.update(founded="2026-12-01"))
    cs = coverage.coverage(_ds(tiny), AS_OF)
    c = cs.by_community["cuihu"]
    assert (c.shares["buildings"].covered, c.shares["compounds"].covered, c.joint) == (0, 0, 0)
    assert [t.target for t in cs.targets] == [100.0, 100.0, 100.0, 93.5, 90.2]
    later = coverage.coverage(_ds(tiny), dt.date(2026, 12, 1)).by_community["cuihu"]
    assert later.shares["grids"].covered == 1


FUNDS = "data/qinghe/cuihu/funds/2026-cuihu.yaml"


def _funds(spent: float = 1000, subsidy_branch: str = "lvjing-zb") -> dict:
    return {
        "id": "2026-cuihu",
        "community": "cuihu",
        "period": "2026",
        "funds": [
            {
                "kind": "community_work",
                "budget": 5000,
                "spent": spent,
                "uses": [
                    {"date": "2026-03-01", "purpose": "议事协商会", "amount": 600},
                    {"date": "2026-04-01", "purpose": "网格员培训", "amount": 400},
                ],
            },
            {
                "kind": "branch_subsidy",
                "budget": 3000,
                "spent": 3000,
                "uses": [
                    {
                        "date": "2026-08-15",
                        "purpose": "四星支部补贴",
                        "amount": 3000,
                        "branch": subsidy_branch,
                    }
                ],
            },
        ],
    }


def test_funds_that_add_up_and_subsidy_due_beside_paid(tiny):
    tiny.write(FUNDS, _funds())
    assert tiny.messages("FUND001") == [] and tiny.messages("FUND003") == []
    s = funds.summarise(_ds(tiny), "2026", {"lvjing-zb": 3000, "other-zb": 3000})
    assert (
        s.district["community_work"].spent == 100000 and s.district["community_work"].rate == 20.0
    )
    assert [(x.branch, x.due, x.paid, x.gap) for x in s.subsidies] == [
        ("lvjing-zb", 300000, 300000, 0),
        ("other-zb", 300000, 0, 300000),
    ]
    # Without the star rating: what was paid, nothing due.
    assert [(x.due, x.paid) for x in funds.summarise(_ds(tiny), "2026").subsidies] == [(0, 300000)]


def test_funds_that_do_not_add_up_are_an_error(tiny):
    tiny.write(FUNDS, _funds(spent=1100, subsidy_branch="no-such-zb"))
    assert tiny.messages("FUND001") == [
        f"{FUNDS}:7: funds[0].spent: 错误 FUND001 社区工作经费已支出 1,100.00 元，与支出明细合计 1,000.00 元不符"
        " / spent 1,100.00 does not equal the sum of its items 1,000.00\n"
        "    修改建议：核对支出明细；明细无误的，把 spent 改为 1000.00"
    ]
    assert [m.split(" / ")[0] for m in tiny.messages("FUND003")] == [
        f"{FUNDS}:19: funds[1].uses[0]: 错误 FUND003 支部补贴须写明领取的党支部：'no-such-zb' 不是已登记的党支部"
    ]


def test_request_records_out_of_order_or_out_of_place(tiny):
    tiny.write(
        REQ,
        HEADER
        + "cuihu-2026-0001,other-g01,,facilities,路灯不亮,2026-09-30,nobody,2026-09-29,2026-10-13,\n",
    )
    tiny.write(TOTALS, TOTALS_ROWS.replace("10,8,6,1,5,4", "10,8,9,3,5,6"))
    msgs = [m.split(" / ")[0] for m in tiny.messages() if " REQ00" in m]
    assert msgs == [
        f"{REQ}:2: department: 错误 REQ003 'nobody' 不在代码表 data/codes/departments.yaml 中",
        f"{REQ}:2: grid: 错误 REQ002 网格 'other-g01' 不是本社区（cuihu）的网格",
        f"{REQ}:2: responded: 错误 REQ001 响应日期 2026-09-29 早于吹哨日期 2026-09-30",
        f"{TOTALS}:2: on_time: 错误 REQ004 按时办结件数大于办结件数（9 > 8）",
        f"{TOTALS}:2: raised: 错误 REQ004 办结 8 件 + 逾期未办结 3 件，多于吹哨 10 件",
        f"{TOTALS}:2: satisfied: 错误 REQ004 满意件数大于评价件数（6 > 5）",
    ]  # the bulk counts are the private root's: its files come after data/


def test_bulk_counts_import_into_the_private_root_by_chinese_titles(tiny, tmp_path):
    from baodao.spreadsheet import import_table

    tiny.path(TOTALS).unlink()
    src = tmp_path / "汇总.csv"
    src.write_text(
        "月份,报到部门,类别,吹哨件数,办结件数,按时办结件数,逾期未办结件数,评价件数,满意件数\n"
        "2026-01,城市管理执法局,秩序管理,12,11,10,0,9,8\n",
        encoding="utf-8",
    )
    report = import_table(tiny.repo(), src, "request_totals", community="cuihu")
    assert [p.format() for p in report.problems] == []
    assert tiny.path(TOTALS).read_text("utf-8").splitlines() == [
        "month,department,category,raised,closed,on_time,overdue_open,evaluated,satisfied",
        "2026-01,chengguan,order,12,11,10,0,9,8",
    ]
    # The same month, department and category again replaces its row.
    src.write_text(
        src.read_text("utf-8").replace(",12,11,10,0,9,8", ",13,12,10,0,9,8"), encoding="utf-8"
    )
    import_table(tiny.repo(), src, "request_totals", community="cuihu")
    assert tiny.path(TOTALS).read_text("utf-8").splitlines()[1:] == [
        "2026-01,chengguan,order,13,12,10,0,9,8"
    ]
    s = requests.summarise(_ds(tiny), "2026", AS_OF)
    # the imported row and the fixture's one request (closed on time)
    assert (s.district.raised, s.district.on_time, s.district.late) == (14, 11, 2)
    wrong_year = import_table(tiny.repo(), src, "request_totals", community="cuihu", year=2025)
    assert [p.format().split(" / ")[0] for p in wrong_year.problems] == [
        "汇总.csv:汇总!A2: 月份: 错误 REG007 月份 2026-01 不在 2025 年度内"
    ]


def test_funds_in_fractions_of_a_fen_or_over_budget(tiny):
    data = _funds(spent=5400.005)
    data["funds"][0]["uses"].append(
        {"date": "2026-05-01", "purpose": "办公设备维护", "amount": 4400.005}
    )
    tiny.write(FUNDS, data)
    assert [m.split(" / ")[0] for m in tiny.messages("FUND001")] == [
        f"{FUNDS}:17: funds[0].uses[2].amount: 错误 FUND001 金额 4400.005 元超过两位小数"
    ]
    assert [m.split(" / ")[0] for m in tiny.messages("FUND002")] == [
        f"{FUNDS}:7: funds[0].spent: 警告 FUND002 社区工作经费已支出 5,400.00 元，超过预算 5,000.00 元且没有说明"
    ]


def test_demo_plants_a_request_closed_on_its_deadline_across_the_holiday():
    from baodao.repo import CODE_ROOT

    rows = (CODE_ROOT / "data/qing-he/cui-hu/requests/2026.csv").read_text("utf-8").splitlines()
    planted = [r for r in rows if ",2026-09-30," in r]
    assert planted == [
        "cui-hu-2026-0011,cui-hu-g01,,facilities,路灯不亮,2026-09-30,shizheng,2026-10-08,2026-10-13,satisfied"
    ]


def test_funds_id_must_be_period_and_community(tiny):
    data = _funds()
    data["period"] = "2025"
    tiny.write(FUNDS, data)
    assert tiny.messages("FUND004") == [
        f"{FUNDS}:1: id: 错误 FUND004 编号应为 2025-cuihu（期间-社区），社区应为本文件夹的社区"
        " / id must be <period>-<community> of this folder\n    修改建议：把 id 改为 2025-cuihu"
    ]
