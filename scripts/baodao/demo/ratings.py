"""Demo records of the ratings (docs/assessments.md): branch events and reviews, community
scores by evaluator, quarterly property evaluations and 12345 ticket aggregates.

Drawn from their own seeded stream, after the rest of the district is built, so the records of
the other issues stay byte-for-byte what they were. Planted cases, checked by tests:

- the first community is in the bottom 10 % in 2024 and 2025 (→ 调整 in 2025H2);
- in each quarter one compound with a property company has no evaluation (→ 未评议);
- the first compound with a company scores ≥ 90 (红榜), the second < 60 (黑榜);
- the first planted compound gets many tickets (→ 专班) that fall by half a year later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

HALVES = ("2024H1", "2024H2", "2025H1", "2025H2", "2026H1")
QUARTERS = ("2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3")
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]
CATEGORIES = ("property", "environment", "parking", "facilities", "neighbours", "other")
DEPARTMENTS = (("minzhengju", "区民政局"), ("zhujianju", "区住建局"), ("chengguanju", "区城管局"))
HALF_END = {"H1": "07-10", "H2": "01-12"}  # scores are entered early in the following half


@dataclass
class Ratings:
    records: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    hotline: dict[str, list[list[Any]]] = field(default_factory=dict)  # year → CSV rows


def _after(period: str) -> str:
    """A date just after a half year or quarter ends, when its evaluation is entered."""
    year, part = int(period[:4]), period[4:]
    if part == "H1":
        return f"{year}-07-10"
    if part == "H2":
        return f"{year + 1}-01-12"
    q = int(part[1])
    return f"{year + 1}-01-08" if q == 4 else f"{year}-{3 * q + 1:02d}-08"


def generate(g: Any, seed: int) -> Ratings:
    r = Random(seed * 7 + 5)
    out = Ratings()
    communities = [(st, c) for st in g.streets for c in st.communities]
    for st, c in communities:
        base = f"{st.id}/{c.id}"
        rated = [b for b in c.branches if b.get("kind") in ("compound", "joint")]
        station_of = {bld.branch: bld.station for cp in c.compounds for bld in cp.buildings}
        # Branch events in the halves that have ended or are running (2025H2, 2026H1, 2026H2).
        for period, (first, last) in (
            ("2025h2", ("2025-07-01", "2025-12-31")),
            ("2026h1", ("2026-01-01", "2026-06-30")),
            ("2026h2", ("2026-07-01", "2026-11-20")),
        ):
            for b in rated:
                for n in range(r.choice((0, 1, 2, 3, 3, 4))):
                    ev = {
                        "id": f"{b['id']}-{period}-{n + 1}",
                        "name": r.choice(("主题党日", "民情恳谈会", "帮办服务日", "邻里文化活动")),
                        "community": c.id,
                        "date": _day(r, first, last),
                        "place": "小区党群服务站",
                        "organiser": {"type": "branch", "id": b["id"]},
                        "service_type": "volunteer",
                        "open_to": "all",
                        "verified_at": last if last < "2026-11-20" else "2026-11-20",
                    }
                    if station_of.get(b["id"]):
                        ev["station"] = station_of[b["id"]]
                    out.records.append(("event", f"{base}/lists/events/{ev['id']}.yaml", ev))
        for period in ("2025H2", "2026H1"):
            reviews = [
                {"branch": b["id"], "score": r.randint(62, 99), "operating": r.random() < 0.75}
                for b in rated
            ]
            if reviews:
                rec = {"period": period, "date": _after(period), "reviews": reviews}
                out.records.append(
                    ("branch_review", f"{base}/branch-reviews/{period.lower()}.yaml", rec)
                )
        with_company = [cp for cp in c.compounds if (cp.property or {}).get("company")]
        for qi, period in enumerate(QUARTERS):
            rows = []
            for n, cp in enumerate(with_company):
                if n == (qi % max(len(with_company), 1)) and len(with_company) > 2:
                    continue  # planted: one compound not evaluated this quarter
                lo, hi = (90, 99) if n == 0 else (40, 58) if n == 1 else (60, 97)
                row = {
                    "compound": cp.id,
                    "company": cp.property["company"],
                    "community_score": r.randint(lo, hi),
                    "branch_score": r.randint(lo, hi),
                }
                if cp.owners_committee.get("exists"):
                    row["director_report"] = {
                        "date": _after(period),
                        "summary": "通报本季度维修资金使用和议事情况",
                    }
                rows.append(row)
            if rows:
                rec = {"period": period, "date": _after(period), "evaluations": rows}
                out.records.append(
                    (
                        "property_evaluation",
                        f"{base}/property-evaluations/{period.lower()}.yaml",
                        rec,
                    )
                )
        # 12345 tickets: a few categories a month per compound; the first planted compound has
        # many in 2025 and half as many in 2026.
        for n, cp in enumerate(c.compounds):
            heavy = cp.planted and n == 0
            for month in MONTHS:
                for cat in r.sample(CATEGORIES, r.randint(0, 3)):
                    count = r.randint(1, 9) * (6 if heavy and month < "2026" else 3 if heavy else 1)
                    out.hotline.setdefault(month[:4], []).append([month, cp.id, cat, count])
    _scores(g, r, out, communities)
    for rows in out.hotline.values():
        rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return out


def _scores(g: Any, r: Random, out: Ratings, communities: list) -> None:
    """Community comprehensive assessment: 组织部, three departments, each street."""
    weakest = communities[0][1].id  # planted: bottom in 2024 and 2025

    def draw(cid: str, period: str) -> int:
        if cid == weakest and period < "2026":
            return r.randint(45, 55)
        return r.randint(70, 98)

    evaluators = [("zuzhibu", "区委组织部", "party_building")]
    evaluators += [(d, name, "departments") for d, name in DEPARTMENTS]
    for period in HALVES:
        for eid, name, component in evaluators:
            scores = [{"community": c.id, "score": draw(c.id, period)} for _st, c in communities]
            rec = {
                "period": period,
                "evaluator": eid,
                "evaluator_name": name,
                "component": component,
                "date": _after(period),
                "scores": scores,
            }
            out.records.append(
                ("community_score", f"evaluations/community/{eid}/{period.lower()}.yaml", rec)
            )
        for st in g.streets:
            scores = [{"community": c.id, "score": draw(c.id, period)} for c in st.communities]
            rec = {
                "period": period,
                "evaluator": st.id,
                "evaluator_name": st.name,
                "component": "street",
                "date": _after(period),
                "scores": scores,
            }
            out.records.append(
                ("community_score", f"evaluations/community/{st.id}/{period.lower()}.yaml", rec)
            )


def _day(r: Random, first: str, last: str) -> str:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return (a + dt.timedelta(days=r.randint(0, (b - a).days))).isoformat()


SEED_COMPOUNDS, SEED_TOP_N = 1105, 65  # seed 003: 65 task forces among Lanshan's 1,105 compounds


def scale_rules(data: Path, compounds: int) -> None:
    """A smaller district lists proportionally fewer compounds for 12345 task forces: the same
    share as seed 003 (65 of 1,105), so the demo's list is not every compound it has."""
    n = max(1, round(SEED_TOP_N * compounds / SEED_COMPOUNDS))
    if n == SEED_TOP_N:
        return
    path = data / "rules" / "hotline" / "2025-01-01.yaml"
    text = path.read_text("utf-8")
    for old, new in (
        (f"top_n: {SEED_TOP_N}\n", f"top_n: {n}\n"),
        (f"最多的 {SEED_TOP_N} 个小区", f"最多的 {n} 个小区（按本区小区数折算种子003的 65/1105）"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8", newline="\n")
