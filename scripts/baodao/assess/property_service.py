"""物业服务评议与红黑榜 (seed 003): every quarter, per compound and property company.

The community and the compound's branch each score the property service (the rules weight
them); the owners' committee director's report is recorded beside it. Compounds scoring at or
above ``red_min`` go on the red list, below ``black_below`` on the black list. A company is
listed by the mean of its compounds' scores. A compound with a property company but no
evaluation in the quarter is listed as 未评议: not ranked, on neither list, with no points.

The company of a quarter is the one named in its evaluation row, which ``validate`` checks served
the compound in that quarter (RATE005, model/propertyco.py): a company changed mid-year keeps its
own quarters. Lists compare exact totals with the thresholds (engine.py): a true 89.995 is not
90. Company lists are computed here once and written, frozen and verified with the compounds'.
Only compounds existing on the quarter's first day take part (model/lifetimes.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from ..model.lifetimes import exists_on
from ..model.propertyco import companies_between
from ..records.dataset import Dataset, Record
from . import missing as missing_inputs
from .engine import (
    Assessment,
    Measured,
    Rules,
    SubjectResult,
    exact,
    period_end,
    period_start,
    rank,
    rules_for,
    score,
)

TITLE = "物业服务评议"
RED, BLACK, NOT_EVALUATED = "红榜", "黑榜", "未评议"


def evaluations_of(ds: Dataset, period: str) -> dict[str, tuple[dict, str]]:
    """Compound → (its evaluation row for ``period``, file:line of the row)."""
    out = {}
    for rec in ds.of("property_evaluation").values():
        if rec.get("period") != period:
            continue
        for i, row in enumerate(rec.get("evaluations") or []):
            if isinstance(row, dict) and isinstance(row.get("compound"), str):
                out.setdefault(
                    row["compound"], (row, f"{rec.file}:{rec.line_of(('evaluations', i))}")
                )
    return out


def has_inputs(ds: Dataset, period: str) -> bool:
    return any(r.get("period") == period for r in ds.of("property_evaluation").values())


def list_of(rules: Rules, total: Decimal) -> str:
    """Red at or above ``red_min``, black below ``black_below``: exact totals, exact thresholds."""
    if total >= exact(rules.raw["red_min"]):
        return RED
    if total < exact(rules.raw["black_below"]):
        return BLACK
    return ""


def participants(ds: Dataset, rules: Rules, period: str) -> list[Record]:
    """The compounds of ``period``: existing on the rules' day (its first, or its last)."""
    start, end = period_start(period), period_end(period)
    day = end if rules.raw.get("participants") == "last_day" else start
    return [c for c in ds.of("compound").values() if exists_on(c, day)]


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules = rules_for(ds, "rules_property_evaluation", period, "物业服务评议规则")
    evaluations = evaluations_of(ds, period)
    start, end = period_start(period), period_end(period)
    scored, missing = [], []
    # A compound not evaluated is 未评议 (``missing: exclude``); rules silent on it cannot be
    # frozen (missing.py).
    unevaluated = (
        str(rules.stated.get("missing", NOT_EVALUATED))
        if missing_inputs.policy(rules) == "exclude"
        else missing_inputs.how(rules, "rules_property_evaluation", NOT_EVALUATED)
    )
    for compound in participants(ds, rules, period):
        ev = evaluations.get(compound.id)
        if ev is None:
            if companies_between(compound, start, end):
                missing.append(
                    SubjectResult(
                        compound.id,
                        compound.get("name"),
                        compound.get("community"),
                        0,
                        "",
                        (),
                        (unevaluated,),
                        outcome=NOT_EVALUATED,
                    )
                )
            continue
        row, where = ev
        measures = {
            "community_score": Measured(float(row["community_score"]), (where,)),
            "branch_score": Measured(float(row["branch_score"]), (where,)),
        }
        notes = [f"物业公司：{row.get('company')}"] if row.get("company") else []
        report = row.get("director_report")
        if isinstance(report, dict):
            notes.append(
                f"业委会主任 {report.get('date')} 述职"
                + (f"：{report['summary']}" if report.get("summary") else "")
            )
        scored.append(
            score(
                rules, compound.id, compound.get("name"), compound.get("community"), measures, notes
            )
        )
    ranked = tuple(replace(r, outcome=list_of(rules, r.exact_total)) for r in rank(rules, scored))
    results = ranked + tuple(sorted(missing, key=lambda r: r.subject))
    a = Assessment("property", TITLE, period, as_of.isoformat(), rules, results)
    return replace(a, groups=_companies(ds, a, evaluations))


@dataclass(frozen=True)
class CompanyResult:
    company: str
    name: str
    compounds: int
    mean: int  # hundredths, as shown
    outcome: str
    exact: Decimal = Decimal(0)
    shown: str = ""  # the mean as the rules round it


def _companies(
    ds: Dataset, a: Assessment, evaluations: dict[str, tuple[dict, str]]
) -> tuple[SubjectResult, ...]:
    """Each company of the quarter by the exact mean of the compounds it served there."""
    totals: dict[str, list[SubjectResult]] = {}
    for r in a.results:
        if r.outcome != NOT_EVALUATED and r.subject in evaluations:
            totals.setdefault(str(evaluations[r.subject][0].get("company")), []).append(r)
    out = []
    for cid, rs in totals.items():
        mean = sum((r.exact_total for r in rs), Decimal(0)) / len(rs)
        rec = ds.get("property_company", cid)
        out.append(
            SubjectResult(
                cid,
                str(rec.get("name")) if rec else cid,
                "",
                a.rules.rounding.hundredths(mean),
                "",
                (),
                (f"{len(rs)} 个小区：{'、'.join(sorted(r.subject for r in rs))}",),
                outcome=list_of(a.rules, mean),
                exact=mean,
            )
        )
    ordered = sorted(out, key=lambda c: (-c.exact_total, c.subject))
    return tuple(replace(c, rank_district=n) for n, c in enumerate(ordered, 1))


def companies(ds: Dataset, a: Assessment) -> tuple[CompanyResult, ...]:
    """The quarter's company list, as computed with the assessment (for pages)."""
    return tuple(
        CompanyResult(
            c.subject,
            c.name,
            int(c.notes[0].split(" ", 1)[0]),
            c.total,
            c.outcome,
            c.exact_total,
            a.fmt(c.total),
        )
        for c in a.groups
    )
