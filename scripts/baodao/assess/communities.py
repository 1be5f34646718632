"""社区综合考核 (seed 003): every half year, component scores weighted as the rules say.

Evaluators enter their scores in their own folders (``data/evaluations/community/<evaluator>/``):
the organisation department scores party building, each department scores every community
(the component is their mean), each street scores its own communities. The engine weights
them (20/30/50 in seed 003) and ranks. Then the rules decide the outcome:

- top share (10 %) or a rise of at least ``progress.min_rank_rise`` places on the previous half
  year → 表彰 (commended); a community in the bottom share is not commended for progress;
- bottom share → 预警 (warning);
- bottom share of the year standing in this year and the year before → 调整 (secretary to be
  adjusted), decided in the second half; each year is computed with its own rules.

How many is 10 %: ``cut.share`` × count, rounded as ``cut.rounding`` says, at least
``cut.min``. Ties at the cut: ``include`` lists everyone tied with the last place inside the
cut (the list grows); ``exclude`` leaves out everyone tied there when they would not all fit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import replace

from ..records.dataset import Dataset
from .engine import (
    Assessment,
    Measured,
    Rules,
    RulesMissing,
    SubjectResult,
    rank,
    rules_for,
    score,
    shift_period,
)

TITLE = "社区综合考核"
COMPONENTS = ("party_building", "departments", "street")
COMMENDED, WARNING, ADJUST = "表彰", "预警", "调整"


def cut_size(n: int, cut: dict) -> int:
    """How many communities make the top (or bottom) share of ``n``."""
    raw = n * float(cut.get("share", 0.1))
    rounding = cut.get("rounding", "ceil")
    # A tiny epsilon keeps 10 × 0.1 from rounding up to 2 through floating-point noise.
    k = (math.ceil(raw - 1e-9) if rounding == "ceil" else math.floor(raw + 1e-9)
         if rounding == "floor" else math.floor(raw + 0.5))  # fmt: skip
    return min(n, max(k, int(cut.get("min", 0))))


def top(totals: Sequence[tuple[str, int]], k: int, ties: str) -> set[str]:
    """Subjects in the first ``k`` of ``totals`` (best first), ties at the cut as ``ties`` says."""
    if k <= 0 or not totals:
        return set()
    edge = totals[k - 1][1]
    above = [s for s, t in totals if t > edge]
    tied = [s for s, t in totals if t == edge]
    if len(above) + len(tied) <= k or ties == "include":
        return set(above) | set(tied)
    return set(above)


def bottom(totals: Sequence[tuple[str, int]], k: int, ties: str) -> set[str]:
    """The same cut from the other end: the last ``k`` (lowest totals)."""
    flipped = [(s, -t) for s, t in reversed(totals)]
    return top(flipped, k, ties)


def _totals(results: Sequence[SubjectResult]) -> list[tuple[str, int]]:
    return [(r.subject, r.total) for r in results]  # already in rank order


def base(ds: Dataset, period: str, as_of: dt.date) -> tuple[Rules, tuple[SubjectResult, ...]]:
    """Scores and ranks of one half year, without outcomes (they need other periods)."""
    rules = rules_for(ds, "rules_community_assessment", period, "社区综合考核规则")
    scores: dict[tuple[str, str], list[tuple[float, str, str]]] = {}  # (component, community)
    for rec in ds.of("community_score").values():
        if rec.get("period") != period:
            continue
        for i, row in enumerate(rec.get("scores") or []):
            if isinstance(row, dict):
                key = (rec.get("component"), row.get("community"))
                line = rec.line_of(("scores", i))
                scores.setdefault(key, []).append(
                    (float(row.get("score")), f"{rec.file}:{line}", str(rec.get("evaluator_name")))
                )
    results = []
    for community in ds.of("community").values():
        measures, notes = {}, []
        for component in COMPONENTS:
            given = scores.get((component, community.id), [])
            if given:
                mean = sum(s for s, _e, _n in given) / len(given)
                measures[component] = Measured(round(mean, 2), tuple(e for _s, e, _n in given))
            elif any(i.measure == component for i in rules.indicators):
                name = next(i.name for i in rules.indicators if i.measure == component)
                notes.append(f"缺少“{name}”评分，该项得 0 分")
        results.append(
            score(rules, community.id, community.get("name"), community.id, measures, notes)
        )
    return rules, rank(rules, results)


def has_inputs(ds: Dataset, period: str) -> bool:
    return any(rec.get("period") == period for rec in ds.of("community_score").values())


def _base_or_none(ds: Dataset, period: str, as_of: dt.date):
    try:
        rules, results = base(ds, period, as_of)
    except RulesMissing:
        return None
    if not has_inputs(ds, period):
        return None  # no scores entered for that half year: it was not assessed
    return rules, results


def year_bottom(ds: Dataset, year: int, as_of: dt.date) -> set[str] | None:
    """Communities in the bottom share of ``year``'s standing, by that year's rules; None if the
    year was not (fully) assessed."""
    h1, h2 = _base_or_none(ds, f"{year}H1", as_of), _base_or_none(ds, f"{year}H2", as_of)
    if h2 is None:
        return None
    rules = h2[0]
    cut, ties = rules.raw.get("cut") or {}, rules.raw.get("ties_at_cut", "include")
    how = rules.raw.get("year_standing", "mean")
    k = cut_size(len(h2[1]), cut)
    if how == "second_half":
        return bottom(_totals(h2[1]), k, ties)
    if h1 is None:
        return None
    if how == "both_halves":
        return bottom(_totals(h1[1]), cut_size(len(h1[1]), cut), ties) & bottom(
            _totals(h2[1]), k, ties
        )
    first = {r.subject: r.total for r in h1[1]}
    # The year's total: the mean of its two halves (half up, in hundredths), re-ranked.
    year_totals = {r.subject: (first.get(r.subject, 0) + r.total + 1) // 2 for r in h2[1]}
    ordered = sorted(year_totals.items(), key=lambda x: (-x[1], x[0]))
    return bottom(ordered, k, ties)


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules, results = base(ds, period, as_of)
    cut, ties = rules.raw.get("cut") or {}, rules.raw.get("ties_at_cut", "include")
    k = cut_size(len(results), cut)
    best, worst = top(_totals(results), k, ties), bottom(_totals(results), k, ties)
    previous = _base_or_none(ds, shift_period(period, -1), as_of)
    prev_rank = {r.subject: r.rank_district for r in previous[1]} if previous else {}
    rise = int((rules.raw.get("progress") or {}).get("min_rank_rise", 0))
    adjust: set[str] = set()
    if period.upper().endswith("H2"):
        year = int(period[:4])
        this_year, last_year = year_bottom(ds, year, as_of), year_bottom(ds, year - 1, as_of)
        if this_year is not None and last_year is not None:
            adjust = this_year & last_year
    outcomes = rules.raw.get("outcomes") or {}
    out = []
    for r in results:
        notes = list(r.notes)
        outcome = ""
        risen = prev_rank.get(r.subject, 0) - r.rank_district if r.subject in prev_rank else 0
        if r.subject in adjust:
            outcome = ADJUST
            notes.append(str(outcomes.get("adjust", "连续两年排名后10%")))
        elif r.subject in worst:
            outcome = WARNING
            notes.append(str(outcomes.get("warning", "排名后10%")))
        elif r.subject in best:
            outcome = COMMENDED
            notes.append(str(outcomes.get("commended", "排名前10%")))
        elif rise and risen >= rise:
            outcome = COMMENDED
            notes.append(f"名次上升 {risen} 位（进步明显）")
        out.append(replace(r, outcome=outcome, notes=tuple(notes)))
    return Assessment("communities", TITLE, period, as_of.isoformat(), rules, tuple(out))
