"""小区党支部评星定级 (seed 003): every half year, each compound branch gets 1–5 stars.

Indicators come from the records of the period: the 六有 checklist of the station that serves
the branch, events the branch organised, needs met in its compounds, central-household coverage
of its buildings, the 12345 trend of its compounds, and its community's review. Which station,
buildings and compounds are the branch's is read on the period's last day (a branch whose
station changed mid-period is judged with the station it has at the end), as the rules state.
The rules map stars to actions (示范 / 提升 / 整治) and to the subsidy of 4★+ branches.

Evidence counts for a period by its own date: the station's 六有 check is the latest one dated on
or before the period's last day (``six_haves`` and its ``history``), so a check entered after a
half year ended does not rewrite that half's stars. Only branches existing on the period's first
day are rated (model/lifetimes.py), unless the rules say ``participants: last_day``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..model.assignments import assignment_on
from ..model.lifetimes import exists_on
from ..records.dataset import Dataset, Record
from . import hotline, missing
from .engine import (
    Assessment,
    Measured,
    Rules,
    RulesMissing,
    SubjectResult,
    exact,
    period_end,
    period_start,
    rank,
    ref,
    rules_for,
    score,
)

TITLE = "小区党支部评星定级"
# The words of an outcome that carries the subsidy: pages and dashboards count branches by them.
SUBSIDY = "可获小区党建专项经费"


@dataclass
class _Reach:
    """What a branch serves on the period's last day."""

    buildings: set[tuple[str, str]] = field(default_factory=set)  # (compound, building id)
    stations: dict[str, int] = field(default_factory=dict)  # station → buildings it serves
    evidence: list[str] = field(default_factory=list)

    @property
    def compounds(self) -> set[str]:
        return {c for c, _b in self.buildings}

    @property
    def station(self) -> str | None:
        """The station of most of the branch's buildings; a tie goes to the smaller id."""
        if not self.stations:
            return None
        return min(self.stations, key=lambda s: (-self.stations[s], s))


def _reach(ds: Dataset, day: dt.date) -> dict[str, _Reach]:
    out: dict[str, _Reach] = {}
    for comp in ds.of("compound").values():
        for b in comp.get("buildings") or []:
            a = assignment_on(b.get("serve") if isinstance(b, dict) else None, day)
            if not a or not isinstance(a.get("branch"), str):
                continue
            r = out.setdefault(a["branch"], _Reach())
            if (comp.id, str(b.get("id"))) not in r.buildings:
                r.buildings.add((comp.id, str(b.get("id"))))
            if isinstance(a.get("station"), str):
                r.stations[a["station"]] = r.stations.get(a["station"], 0) + 1
            if not r.evidence or r.evidence[-1] != ref(comp):
                r.evidence.append(ref(comp))
    return out


def _status_by(need: Record, day: dt.date) -> str | None:
    status = None
    for h in need.get("history") or []:
        if isinstance(h, dict) and str(h.get("date", "")) <= day.isoformat():
            status = h.get("status")
    return status


def _needs(ds: Dataset, start: dt.date, end: dt.date) -> dict[str, list[tuple[Record, bool]]]:
    """Compound → (need, met in the period) for needs open at some time in the period."""
    out: dict[str, list[tuple[Record, bool]]] = {}
    before = start - dt.timedelta(days=1)
    for need in ds.of("need").values():
        cid = need.get("compound")
        if not isinstance(cid, str) or str(need.get("raised", "")) > end.isoformat():
            continue
        if _status_by(need, before) in ("met", "closed"):
            continue  # finished before the period began
        out.setdefault(cid, []).append((need, _status_by(need, end) == "met"))
    return out


def _events(ds: Dataset, start: dt.date, end: dt.date) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for ev in ds.of("event").values():
        org = ev.get("organiser") or {}
        if (
            org.get("type") == "branch"
            and start.isoformat() <= str(ev.get("date", "")) <= end.isoformat()
        ):
            out.setdefault(org.get("id"), []).append(ev)
    return out


def _households(branch: Record, reach: _Reach, end: dt.date) -> Measured:
    covered = {
        (h.get("compound"), str(h.get("building")))
        for h in branch.get("central_households") or []
        if isinstance(h, dict) and str(h.get("since", "")) <= end.isoformat()
    }
    if not reach.buildings:
        return Measured(0.0, (ref(branch),))
    share = Decimal(len(covered & reach.buildings)) / len(reach.buildings)
    return Measured(share, (ref(branch), *reach.evidence))


def _trend(reach: _Reach, now: dict, before: dict | None) -> Measured:
    this = sum(now[c].total for c in reach.compounds if c in now)
    rows = tuple(r for c in sorted(reach.compounds) if c in now for r in now[c].rows)
    if before is None:
        return Measured(0.0, rows)
    last = sum(before[c].total for c in reach.compounds if c in before)
    rows += tuple(r for c in sorted(reach.compounds) if c in before for r in before[c].rows)
    if last == 0:
        return Measured(1.0 if this == 0 else 0.0, rows)
    return Measured(Decimal(last - this) / last, rows)


def six_haves_on(station: Record, day: dt.date) -> dict | None:
    """The station's latest 六有 check dated on or before ``day`` (None if there is none)."""
    six = station.get("six_haves") or {}
    checks = [
        c for c in [six, *(six.get("history") or [])] if isinstance(c, dict) and c.get("checked_at")
    ]
    dated = [c for c in checks if str(c.get("checked_at")) <= day.isoformat()]
    return max(dated, key=lambda c: str(c.get("checked_at"))) if dated else None


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules = rules_for(ds, "rules_branch_stars", period, "小区党支部评星定级规则")
    start, end = period_start(period), period_end(period)
    reach = _reach(ds, end)
    needs = _needs(ds, start, end)
    events = _events(ds, start, end)
    now = hotline.tickets(ds, period)
    before = hotline.same_months_last_year(ds, period)
    reviews = reviews_of(ds, period)
    results, unranked = [], []
    branches = participants(ds, rules, period)
    policy, how = missing.policy(rules), missing.how(rules, "rules_branch_stars")
    present = [exact(reviews[b.id].row["score"]) for b in branches if b.id in reviews]
    for branch in branches:
        r = reach.get(branch.id, _Reach())
        notes: list[str] = []
        station = ds.get("station", r.station) if r.station else None
        if station is None:
            notes.append(rules.stated.get("no_station", "期末没有服务站"))
        branch_needs = [n for c in sorted(r.compounds) for n in needs.get(c, [])]
        met = [n for n, ok in branch_needs if ok]
        review = reviews.get(branch.id)
        check = six_haves_on(station, end) if station else None
        if station is not None and check is None:
            notes.append(f"服务站在 {end.isoformat()} 以前没有“六有”核查记录，该项得 0 分")
        latest = six_haves_on(station, dt.date.max) if station else None
        if check is not None and latest is not check:
            notes.append(
                f"“六有”按 {check.get('checked_at')} 的核查计（{latest.get('checked_at')} 的核查在本期以后）"
            )
        measures = {
            "station_standard": Measured(
                len(set(check.get("met") or [])) if check else 0,
                (ref(station),) if station else (),
            ),
            "events": Measured(
                float(len(events.get(branch.id, []))),
                tuple(ref(e) for e in events.get(branch.id, [])),
            ),
            "needs_met": Measured(
                Decimal(len(met)) / len(branch_needs) if branch_needs else 1,
                tuple(ref(n) for n, _ok in branch_needs),
            ),
            "central_households": _households(branch, r, end),
            "hotline_trend": _trend(r, now, before),
        }
        if review is not None:
            measures["review"] = Measured(float(review.row["score"]), (review.ref,))
        else:
            # The community's review is missing: the rules' ``missing`` decides (missing.py).
            rec = ds.get("community", str(branch.get("community")))
            notes.append(f"缺少{rec.get('name') if rec else branch.get('community')}的评议，{how}")
            if policy == "mean" and present:
                measures["review"] = Measured(missing.mean(present), ())
        result = score(
            rules, branch.id, branch.get("name"), branch.get("community"), measures, notes
        )
        if review is None and policy == "exclude":
            unranked.append(
                replace(
                    result, grade="", outcome=missing.NOT_RANKED, outcomes=(missing.NOT_RANKED,)
                )
            )
        else:
            results.append(result)
    ranked = rank(rules, results)
    actions = rules.raw.get("actions") or {}
    out = tuple(_with_outcome(rules, x, actions, reviews.get(x.subject), period) for x in ranked)
    rest = tuple(sorted(unranked, key=lambda x: x.subject))
    return Assessment("stars", TITLE, period, as_of.isoformat(), rules, out + rest)


def participants(ds: Dataset, rules: Rules, period: str) -> list[Record]:
    """The branches rated in ``period``: of the rules' kinds, existing on the rules' day."""
    kinds = set(rules.raw.get("kinds") or ())
    day = (
        period_end(period) if rules.raw.get("participants") == "last_day" else period_start(period)
    )
    return [b for b in ds.of("branch").values() if b.get("kind") in kinds and exists_on(b, day)]


@dataclass(frozen=True)
class Review:
    row: dict
    ref: str  # file:line of the row


def reviews_of(ds: Dataset, period: str) -> dict[str, Review]:
    """Branch → its community's review row for ``period``."""
    out = {}
    for rec in ds.of("branch_review").values():
        if rec.get("period") != period:
            continue
        for i, row in enumerate(rec.get("reviews") or []):
            if isinstance(row, dict) and isinstance(row.get("branch"), str):
                out.setdefault(
                    row["branch"], Review(row, f"{rec.file}:{rec.line_of(('reviews', i))}")
                )
    return out


def _with_outcome(
    rules: Rules, r: SubjectResult, actions: dict, review: Review | None, period: str
) -> SubjectResult:
    outcome = str(actions.get(r.grade, ""))
    # The subsidy follows the second half's rating (the rules' stated ``subsidy``): a first
    # half's 4★ does not say "can get 3,000 yuan".
    if period.upper().endswith("H2") and subsidy_entitled(rules, r.grade, review):
        outcome += f"；{SUBSIDY} {int(rules.raw['subsidy']['yuan'])} 元"
    return replace(r, outcome=outcome)


def has_inputs(ds: Dataset, period: str) -> bool:
    return any(r.get("period") == period for r in ds.of("branch_review").values())


def subsidy_entitled(rules: Rules, grade: str, review: Review | None) -> bool:
    subsidy = rules.raw.get("subsidy") or {}
    if grade not in (subsidy.get("grades") or ()):
        return False
    return not subsidy.get("requires_operating") or bool(review and review.row.get("operating"))


def subsidies_due(ds: Dataset, as_of: dt.date) -> dict[str, dict[str, int]]:
    """{year: {branch: yuan}} for every year whose second-half rating has its reviews entered."""
    out = {}
    for year in sorted({int(str(r.get("period"))[:4]) for r in ds.of("branch_review").values()}):
        if year <= as_of.year and has_inputs(ds, f"{year}H2"):
            try:
                out[str(year)] = subsidy_due(ds, year, as_of)
            except RulesMissing:
                continue
    return out


def subsidy_due(ds: Dataset, year: int, as_of: dt.date) -> dict[str, int]:
    """Branch → yuan of the year's star subsidy, from the second half's rating (as stated)."""
    period = f"{year}H2"
    a = assess(ds, period, as_of)
    reviews = reviews_of(ds, period)
    yuan = int((a.rules.raw.get("subsidy") or {}).get("yuan", 0))
    return {
        r.subject: yuan
        for r in a.results
        if subsidy_entitled(a.rules, r.grade, reviews.get(r.subject))
    }
