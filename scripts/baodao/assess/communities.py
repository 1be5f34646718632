"""社区综合考核 (seed 003): every half year, component scores weighted as the rules say.

Evaluators enter their scores in their own folders (``data/evaluations/community/<evaluator>/``):
the organisation department scores party building, each department scores every community
(the component is their mean), each street scores its own communities. The engine weights
them (20/30/50 in seed 003) and ranks. Only communities existing on the period's first day take
part (model/lifetimes.py; ``participants: last_day`` in the rules takes those of its last day).
Then the rules decide the outcomes (a community may have several):

- top share (10 %) or clear progress on the previous half year → 表彰 (commended); progress is
  a rise of ``progress.places`` places, or of ``progress.share`` × the count of communities
  (rounded as the cut is); a community in the bottom share is not commended for progress;
- bottom share → 预警 (warning);
- bottom share of the year standing in this year and the year before → 调整 (secretary to be
  adjusted) as well as 预警, decided in the second half; each year is computed with its own
  rules, and last year's standing counts for a community through the ones it ``succeeds``.

How many is 10 %: ``cut.share`` × count, rounded as ``cut.rounding`` says, at least
``cut.min``. Ties at the cut: ``include`` lists everyone tied with the last place inside the
cut (the list grows); ``exclude`` leaves out everyone tied there when they would not all fit.
Cuts compare exact totals (engine.py): 71.505 is above 71.50 even where both show as 71.51/71.50.

Missing inputs: a department that scored some communities of the period but not this one, a
party-building or street score not entered. The rules' ``missing`` says what happens: ``zero``
(it counts 0), ``mean`` (the mean of the scores present: the other departments, or the other
communities' scores of that component), ``exclude`` (the community is not ranked). Without it a
missing score counts 0, the result names what is missing, and freezing refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from ..model import registry
from ..model.lifetimes import existing, lineage
from ..records.dataset import Dataset, Record
from .engine import (
    UNSETTLED,
    Assessment,
    Measured,
    Rules,
    RulesMissing,
    SubjectResult,
    exact,
    period_end,
    period_start,
    rank,
    rules_for,
    score,
    shift_period,
)

TITLE = "社区综合考核"
COMPONENTS = ("party_building", "departments", "street")
COMMENDED, WARNING, ADJUST = "表彰", "预警", "调整"
NOT_RANKED = "不排名"
MISSING_ZH = registry.default().labels("rules_community_assessment", "missing")


def cut_size(n: int, cut: dict) -> int:
    """How many communities make the top (or bottom) share of ``n``: exact decimals, so
    10 × 0.1 is 1, not 1.0000000000000002 rounded up to 2."""
    raw = n * exact(cut.get("share", "0.1"))
    mode = {"ceil": ROUND_CEILING, "floor": ROUND_FLOOR}.get(
        cut.get("rounding", "ceil"), ROUND_HALF_UP
    )
    k = int(raw.to_integral_value(rounding=mode))
    return min(n, max(k, int(cut.get("min", 0))))


def top(totals: Sequence[tuple[str, Decimal]], k: int, ties: str) -> set[str]:
    """Subjects in the first ``k`` of ``totals`` (best first), ties at the cut as ``ties`` says."""
    if k <= 0 or not totals:
        return set()
    edge = totals[k - 1][1]
    above = [s for s, t in totals if t > edge]
    tied = [s for s, t in totals if t == edge]
    if len(above) + len(tied) <= k or ties == "include":
        return set(above) | set(tied)
    return set(above)


def bottom(totals: Sequence[tuple[str, Decimal]], k: int, ties: str) -> set[str]:
    """The same cut from the other end: the last ``k`` (lowest totals)."""
    flipped = [(s, -t) for s, t in reversed(totals)]
    return top(flipped, k, ties)


def _totals(results: Sequence[SubjectResult]) -> list[tuple[str, Decimal]]:
    """(subject, exact total) of the ranked results, best first; unranked ones left out."""
    return [(r.subject, r.exact_total) for r in results if r.rank_district]


def participants(ds: Dataset, rules: Rules, period: str) -> list[Record]:
    """The communities the rules say take part: by default those existing on the first day."""
    day = (
        period_end(period) if rules.raw.get("participants") == "last_day" else period_start(period)
    )
    return list(existing(ds.of("community").values(), day))


@dataclass(frozen=True)
class Given:
    score: Decimal
    ref: str
    evaluator: str
    evaluator_name: str


def _scores(ds: Dataset, period: str) -> dict[tuple[str, str], list[Given]]:
    """(component, community) → the scores given for ``period``."""
    out: dict[tuple[str, str], list[Given]] = {}
    for rec in sorted(ds.of("community_score").values(), key=lambda r: r.file):
        if rec.get("period") != period:
            continue
        for i, row in enumerate(rec.get("scores") or []):
            if isinstance(row, dict):
                line = rec.line_of(("scores", i))
                out.setdefault((str(rec.get("component")), str(row.get("community"))), []).append(
                    Given(
                        exact(row.get("score")),
                        f"{rec.file}:{line}",
                        str(rec.get("evaluator")),
                        str(rec.get("evaluator_name") or rec.get("evaluator")),
                    )
                )
    return out


def evaluators(ds: Dataset, rules: Rules, period: str) -> dict[str, dict[str, str]]:
    """Component → {evaluator: name} expected to score every community: the rules'
    ``evaluators`` list, else everyone who scored that component in the period."""
    stated = rules.raw.get("evaluators") or {}
    out: dict[str, dict[str, str]] = {c: {} for c in COMPONENTS}
    for rec in ds.of("community_score").values():
        if rec.get("period") == period and rec.get("component") in out:
            out[rec.get("component")][str(rec.get("evaluator"))] = str(
                rec.get("evaluator_name") or rec.get("evaluator")
            )
    for component, ids in stated.items():
        if component in out and isinstance(ids, list):
            out[component] = {str(e): out[component].get(str(e), str(e)) for e in ids}
    return out


def missing_inputs(ds: Dataset, period: str) -> dict[str, list[tuple[str, str, str]]]:
    """Community → (evaluator id, its name, component) of every score missing for it."""
    rules = rules_for(ds, "rules_community_assessment", period, "社区综合考核规则")
    scores, expected = _scores(ds, period), evaluators(ds, rules, period)
    out: dict[str, list[str]] = {}
    weighted = {i.measure for i in rules.indicators}
    for community in participants(ds, rules, period):
        for component in COMPONENTS:
            if component not in weighted:
                continue
            given = {g.evaluator for g in scores.get((component, community.id), [])}
            want = dict(expected[component])
            if component == "street":
                street = str(community.get("street"))
                street_rec = ds.get("street", street)
                want = {street: str(street_rec.get("name")) if street_rec else street}
            if not want and not given:  # nobody entered this component for the period
                out.setdefault(community.id, []).append(("", "评分单位", component))
            for ev, name in sorted(want.items()):
                if ev not in given:
                    out.setdefault(community.id, []).append((ev, name, component))
    return out


def base(ds: Dataset, period: str, as_of: dt.date) -> tuple[Rules, tuple[SubjectResult, ...]]:
    """Scores and ranks of one half year, without outcomes (they need other periods)."""
    rules = rules_for(ds, "rules_community_assessment", period, "社区综合考核规则")
    scores, expected = _scores(ds, period), evaluators(ds, rules, period)
    policy = rules.raw.get("missing")
    how = MISSING_ZH.get(str(policy), "按 0 分计" + UNSETTLED)
    weighted = {i.measure: i.name for i in rules.indicators}
    communities = participants(ds, rules, period)
    # The "mean" policy for a component nobody scored for a community: the other communities'.
    component_mean = {}
    for component in COMPONENTS:
        values = [g.score for c in communities for g in scores.get((component, c.id), [])]
        component_mean[component] = sum(values, Decimal(0)) / len(values) if values else Decimal(0)
    ranked, unranked = [], []
    for community in communities:
        measures, notes, excluded = {}, [], False
        for component in COMPONENTS:
            if component not in weighted:
                continue
            given = scores.get((component, community.id), [])
            by = {g.evaluator for g in given}
            want = (
                set(expected[component])
                if component != "street"
                else {str(community.get("street"))}
            )
            absent = sorted(want - by)
            values = [g.score for g in given]
            if absent:
                street = ds.get("street", str(community.get("street")))
                known = {
                    **expected[component],
                    **({street.id: str(street.get("name"))} if street else {}),
                }
                names = "、".join(known.get(a, a) for a in absent)
                notes.append(f"缺少{names}的“{weighted[component]}”评分，{how}")
                if policy == "exclude":
                    excluded = True
                elif policy == "mean":
                    fill = (
                        sum(values, Decimal(0)) / len(values)
                        if values
                        else component_mean[component]
                    )
                    values += [fill] * len(absent)
                else:
                    values += [Decimal(0)] * len(absent)
            elif not given:  # no evaluator known for the component at all
                notes.append(f"缺少“{weighted[component]}”评分，{how}")
                if policy == "exclude":
                    excluded = True
                elif policy == "mean" and component_mean[component]:
                    values = [component_mean[component]]
            if values:
                measures[component] = Measured(
                    sum(values, Decimal(0)) / len(values), tuple(g.ref for g in given)
                )
        result = score(rules, community.id, community.get("name"), community.id, measures, notes)
        (unranked if excluded else ranked).append(result)
    out = rank(rules, ranked)
    rest = tuple(
        replace(r, outcome=NOT_RANKED, outcomes=(NOT_RANKED,))
        for r in sorted(unranked, key=lambda r: r.subject)
    )
    return rules, out + rest


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


@dataclass(frozen=True)
class StandingRow:
    subject: str
    name: str
    first: Decimal | None  # exact half-year totals; None when it took no part in that half
    second: Decimal | None
    total: Decimal  # what the year is ranked by
    rank: int
    bottom: bool


@dataclass(frozen=True)
class YearStanding:
    """A year's standing behind "bottom 10 % two years running" (seed 003), by that year's rules."""

    year: int
    how: str  # mean / second_half / both_halves
    rules: Rules
    rows: tuple[StandingRow, ...]

    @property
    def bottom(self) -> set[str]:
        return {r.subject for r in self.rows if r.bottom}


def year_standing(ds: Dataset, year: int, as_of: dt.date) -> YearStanding | None:
    """The year's standing; None if the year was not (fully) assessed."""
    h1, h2 = _base_or_none(ds, f"{year}H1", as_of), _base_or_none(ds, f"{year}H2", as_of)
    if h2 is None:
        return None
    rules = h2[0]
    cut, ties = rules.raw.get("cut") or {}, rules.raw.get("ties_at_cut", "include")
    how = str(rules.raw.get("year_standing", "mean"))
    if how != "second_half" and h1 is None:
        return None
    second = _totals(h2[1])
    first = dict(_totals(h1[1])) if h1 is not None else {}
    names = {r.subject: r.name for r in h2[1]}
    k = cut_size(len(second), cut)
    if how == "second_half":
        ordered, low = second, bottom(second, k, ties)
    elif how == "both_halves":
        ordered = second
        low = bottom(_totals(h1[1]), cut_size(len(first), cut), ties) & bottom(second, k, ties)
    else:
        # The mean of the halves the community took part in (one founded mid-year has one).
        means = {s: (first[s] + t) / 2 if s in first else t for s, t in second}
        ordered = sorted(means.items(), key=lambda x: (-x[1], x[0]))
        low = bottom(ordered, k, ties)
    h2_totals = dict(second)
    rows = tuple(
        StandingRow(s, str(names.get(s, s)), first.get(s), h2_totals.get(s), t, n, s in low)
        for n, (s, t) in enumerate(ordered, 1)
    )
    return YearStanding(year, how, rules, rows)


def year_bottom(ds: Dataset, year: int, as_of: dt.date) -> set[str] | None:
    """Communities in the bottom share of ``year``'s standing; None if it was not assessed."""
    standing = year_standing(ds, year, as_of)
    return standing.bottom if standing is not None else None


def progress_places(rules: Rules, n: int) -> int:
    """Places a community must rise to count as clear progress: ``progress.places`` (or the
    older ``min_rank_rise``), or ``progress.share`` of ``n`` rounded as the cut is; 0 = never."""
    progress = rules.raw.get("progress") or {}
    if progress.get("by") == "share":
        cut = rules.raw.get("cut") or {}
        return cut_size(
            n,
            {"share": progress.get("share", 0), "rounding": cut.get("rounding", "ceil"), "min": 1},
        )
    return int(progress.get("places", progress.get("min_rank_rise", 0)))


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules, results = base(ds, period, as_of)
    cut, ties = rules.raw.get("cut") or {}, rules.raw.get("ties_at_cut", "include")
    totals = _totals(results)
    k = cut_size(len(totals), cut)
    best, worst = top(totals, k, ties), bottom(totals, k, ties)
    previous = _base_or_none(ds, shift_period(period, -1), as_of)
    prev_rank = (
        {r.subject: r.rank_district for r in previous[1] if r.rank_district} if previous else {}
    )
    rise = progress_places(rules, len(totals))
    adjust: set[str] = set()
    if period.upper().endswith("H2"):
        year = int(period[:4])
        this_year, last_year = year_bottom(ds, year, as_of), year_bottom(ds, year - 1, as_of)
        if this_year is not None and last_year is not None:
            # Last year's standing counts through the communities this one succeeds.
            adjust = {c for c in this_year if lineage(ds, "community", c) & last_year}
    words = rules.raw.get("outcomes") or {}
    out = []
    for r in results:
        if not r.rank_district:
            out.append(r)
            continue
        notes, outcomes = list(r.notes), []
        risen = prev_rank[r.subject] - r.rank_district if r.subject in prev_rank else 0
        if r.subject in worst:
            outcomes.append(WARNING)
            notes.append(str(words.get("warning", "排名后10%")))
        if r.subject in adjust:
            outcomes.append(ADJUST)
            notes.append(str(words.get("adjust", "连续两年排名后10%")))
        if r.subject in best:
            outcomes.append(COMMENDED)
            notes.append(str(words.get("commended", "排名前10%")))
        if rise and risen >= rise and r.subject not in worst:
            if COMMENDED not in outcomes:
                outcomes.append(COMMENDED)
            notes.append(f"名次上升 {risen} 位（进步明显）")
        out.append(
            replace(r, outcome="、".join(outcomes), outcomes=tuple(outcomes), notes=tuple(notes))
        )
    return Assessment("communities", TITLE, period, as_of.isoformat(), rules, tuple(out))
