"""Demo governance records (docs/assessments.md): 吹哨报到 requests and bulk counts, and funds, per community.

Drawn from their own random stream, so adding them left every earlier record unchanged. Deadlines
come from the template request rules and the template calendars, so most requests close in time,
some late, some are open; one request is planted before the National Day holiday and closed on
the last day of its period (on time across the holiday).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from random import Random
from typing import Any

import yaml

from ..model.workdays import WorkCalendar

YEAR = 2026
FIRST, LAST = dt.date(YEAR, 1, 5), dt.date(YEAR, 11, 20)
REQUEST_COLUMNS = (
    "id",
    "grid",
    "compound",
    "category",
    "summary",
    "raised",
    "department",
    "responded",
    "closed",
    "evaluation",
)
TOTAL_COLUMNS = (
    "month",
    "department",
    "category",
    "raised",
    "closed",
    "on_time",
    "overdue_open",
    "evaluated",
    "satisfied",
)
# Category → (departments that answer it, summaries): what a grid worker writes, never who called.
CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "environment": (
        ("chengguan", "shengtai"),
        ("楼道堆放杂物", "垃圾清运不及时", "餐馆油烟扰民", "绿化带卫生死角"),
    ),
    "facilities": (("shizheng",), ("路灯不亮", "井盖松动", "人行道破损", "健身器材损坏")),
    "property": (("zhujian",), ("电梯故障频繁", "屋顶漏水", "公共照明维修", "物业服务不到位")),
    "safety": (
        ("paichusuo", "zhujian"),
        ("楼道飞线充电", "消防通道被占", "外墙瓷砖脱落", "电动车进楼"),
    ),
    "order": (("chengguan", "paichusuo"), ("占道经营", "违章搭建", "夜间施工噪声", "乱停车堵路")),
    "utilities": (("gongshui", "gongdian"), ("小区停水", "水压不足", "单元停电", "充电桩故障")),
    "livelihood": (
        ("minzheng", "jiedao"),
        ("独居老人需要助餐", "困难家庭临时救助", "高龄津贴咨询", "残疾人出行帮扶"),
    ),
}
EVALUATIONS = (("satisfied", 70), ("basic", 15), ("unsatisfied", 7), ("", 8))
PURPOSES = {
    "community_work": (
        "党群服务站水电和日常运行",
        "社区议事协商会",
        "网格员培训",
        "办公设备维护",
        "居务公开栏更新",
    ),
    "service": (
        "老年助餐补贴",
        "儿童暑期托管",
        "困难群众走访慰问",
        "楼道环境整治",
        "邻里节活动",
        "微心愿物资",
    ),
}
REQUESTS_PER_COMMUNITY = {
    "demo": (8, 14),
    "city": (40, 80),
}  # city: ≈ 6,000 a year in 102 communities
SUBSIDY = 3000  # yuan; seed 003: 4★ and above branches get a 3,000 yuan subsidy


def _rules(templates: Path) -> dict[str, Any]:
    return yaml.safe_load((templates / "rules" / "requests" / "2024-01-01.yaml").read_text("utf-8"))


def _pick(r: Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return r.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _requests(
    r: Random, c: Any, cal: WorkCalendar, rules: dict, as_of: dt.date, n: int, planted: bool
) -> list[list[str]]:
    grids = [g["id"] for g in c.grids]
    compounds_in: dict[str, list[str]] = {}
    for cp in c.compounds:
        for b in cp.buildings:
            compounds_in.setdefault(b.grid, [])
            if cp.id not in compounds_in[b.grid]:
                compounds_in[b.grid].append(cp.id)
    days = (LAST - FIRST).days
    raised_days = sorted(FIRST + dt.timedelta(days=r.randrange(days)) for _ in range(n))
    rows = []
    for k, raised in enumerate(raised_days, 1):
        category = r.choice(sorted(CATEGORIES))
        departments, summaries = CATEGORIES[category]
        grid = r.choice(grids)
        compound = (
            r.choice(compounds_in[grid]) if compounds_in.get(grid) and r.random() < 0.8 else ""
        )
        limit = (rules.get("close_days_by_category") or {}).get(category, rules["close_days"])
        start = raised + dt.timedelta(days=1)
        responded = cal.end_after(start, 1 if r.random() < 0.9 else 2)
        roll = r.random()
        if roll < 0.8:
            closed = cal.end_after(start, r.randint(1, limit))
        elif roll < 0.93:
            closed = cal.end_after(start, limit + r.randint(1, 4))
        else:
            closed = None
        if closed is not None and closed > as_of:
            closed = None
        if closed is not None and closed < responded:
            responded = closed
        evaluation = _pick(r, EVALUATIONS) if closed else ""
        rows.append(
            [
                f"{c.id}-{YEAR}-{k:04d}",
                grid,
                compound,
                category,
                r.choice(summaries),
                raised.isoformat(),
                r.choice(departments),
                responded.isoformat() if responded <= as_of else "",
                closed.isoformat() if closed else "",
                evaluation,
            ]
        )
    if planted:
        # Raised on the eve of the National Day holiday, closed on the last working day of its
        # period: on time, although ten calendar days have passed.
        raised = dt.date(YEAR, 9, 30)
        closed = cal.end_after(raised + dt.timedelta(days=1), rules["close_days"])
        responded = cal.end_after(raised + dt.timedelta(days=1), rules["respond_days"])
        rows.append(
            [
                f"{c.id}-{YEAR}-{len(rows) + 1:04d}",
                grids[0],
                "",
                "facilities",
                "路灯不亮",
                raised.isoformat(),
                "shizheng",
                responded.isoformat(),
                closed.isoformat(),
                "satisfied",
            ]
        )
        rows.sort(key=lambda row: (row[5], row[0]))
        for k, row in enumerate(rows, 1):
            row[0] = f"{c.id}-{YEAR}-{k:04d}"
    return rows


def _totals(r: Random, as_of: dt.date) -> list[list[str]]:
    """Monthly counts from a hotline platform's export: two departments, one category each."""
    rows = []
    for month in range(1, as_of.month):
        for department, category in (("chengguan", "order"), ("zhujian", "property")):
            raised = r.randint(3, 14)
            closed = raised - r.randint(0, 2)
            on_time = closed - r.randint(0, min(2, closed))
            overdue = r.randint(0, raised - closed)
            evaluated = closed - r.randint(0, min(3, closed))
            satisfied = evaluated - r.randint(0, min(2, evaluated))
            rows.append(
                [
                    f"{YEAR}-{month:02d}",
                    department,
                    category,
                    raised,
                    closed,
                    on_time,
                    overdue,
                    evaluated,
                    satisfied,
                ]
            )
    return [[str(v) for v in row] for row in rows]


def _money(r: Random, low: int, high: int, step: int = 100) -> int:
    return r.randrange(low // step, high // step + 1) * step


def _funds(r: Random, c: Any) -> dict[str, Any]:
    funds = []
    for kind, (low, high) in (
        ("community_work", (150_000, 260_000)),
        ("service", (80_000, 200_000)),
    ):
        budget = _money(r, low, high, 1000)
        uses = []
        left = int(budget * r.uniform(0.55, 0.95))
        for purpose in r.sample(PURPOSES[kind], k=min(len(PURPOSES[kind]), r.randint(3, 5))):
            amount = min(left, _money(r, 2_000, max(2_100, budget // 3)))
            if amount <= 0:
                break
            left -= amount
            day = dt.date(YEAR, r.randint(1, 10), r.randint(1, 28))
            uses.append({"date": day.isoformat(), "purpose": purpose, "amount": amount})
        uses.sort(key=lambda u: (u["date"], u["purpose"]))
        funds.append(
            {"kind": kind, "budget": budget, "spent": sum(u["amount"] for u in uses), "uses": uses}
        )
    branches = [b["id"] for b in c.branches]
    paid = sorted(r.sample(branches, k=max(1, round(len(branches) * 0.4)))) if branches else []
    funds.append(
        {
            "kind": "branch_subsidy",
            "budget": SUBSIDY * max(1, len(paid)),
            "spent": SUBSIDY * len(paid),
            "uses": [
                {
                    "date": f"{YEAR}-08-15",
                    "purpose": "2026 年上半年评星定级四星以上支部补贴",
                    "amount": SUBSIDY,
                    "branch": b,
                }
                for b in paid
            ],
        }
    )
    return {
        "id": f"{YEAR}-{c.id}",
        "community": c.id,
        "period": str(YEAR),
        "funds": funds,
        "verified_at": "2026-11-01",
    }


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write(
    data: Path,
    streets: list[Any],
    templates: Path,
    cal: WorkCalendar,
    as_of: dt.date,
    seed: int,
    scale: str,
    dump: Any,
) -> dict[str, int]:
    """Write requests, bulk counts and funds under ``data``; return counts per record type."""
    r = Random(seed * 7 + 6)
    rules = _rules(templates)
    per_community = REQUESTS_PER_COMMUNITY[scale]
    counts = {"request": 0, "request_total": 0, "funds": 0}
    n_community = 0
    for street in streets:
        for c in street.communities:
            base = data / street.id / c.id
            rows = _requests(
                r, c, cal, rules, as_of, r.randint(*per_community), planted=n_community == 0
            )
            _write_csv(base / "requests" / f"{YEAR}.csv", REQUEST_COLUMNS, rows)
            counts["request"] += len(rows)
            if n_community % 3 == 1:
                totals = _totals(r, as_of)
                # Cells can be under 5: a private-root table (docs/privacy.md).
                private = data.parent / "private" / street.id / c.id
                _write_csv(private / "requests" / f"{YEAR}-totals.csv", TOTAL_COLUMNS, totals)
                counts["request_total"] += len(totals)
            rec = _funds(r, c)
            path = base / "funds" / f"{rec['id']}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(rec), encoding="utf-8", newline="\n")
            counts["funds"] += 1
            n_community += 1
    return counts
