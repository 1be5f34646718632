"""单位党组织履行社会责任考核: each unit that reported in, by the unit rules of the period.

Stated rules: a unit that did not report in that year is not assessed (it is listed on the
community page instead); a late report-in scores the late factor; a missing report or a missing
evaluation by the report-in community scores 0 on that indicator and is noted. A project counts
for a unit only when the unit is one of its ``parties`` (seed 004's 契约化共建项目 are contracts
between the community and the unit); others named in the report are left out and noted (and
``validate`` warns, RATE007). Only units existing on the year's first day take part
(model/lifetimes.py), unless the rules say ``participants: last_day``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..model.lifetimes import exists_on
from ..model.registration import is_late, rules_for_year
from ..records.dataset import Dataset, Record
from . import missing
from .engine import (
    Assessment,
    Measured,
    exact,
    period_end,
    period_start,
    rank,
    ref,
    rules_for,
    score,
)

TITLE = "单位党组织履行社会责任考核"


def has_inputs(ds: Dataset, period: str) -> bool:
    """A year is assessed while it runs (provisional results), as soon as it has begun."""
    return True


def is_party(project: Record | None, unit: str) -> bool:
    return project is not None and any(
        isinstance(p, dict) and p.get("type") == "unit" and p.get("id") == unit
        for p in project.get("parties") or []
    )


def participants(ds: Dataset, period: str) -> list[Record]:
    """The year's unit registrations whose unit takes part (lifetimes, the rules' participants)."""
    rules = rules_for(ds, "rules_unit_assessment", period, "驻区单位考核规则")
    year = int(period[:4])
    day = (
        period_end(period) if rules.raw.get("participants") == "last_day" else period_start(period)
    )
    out = []
    for reg in ds.of("unit_registration").values():
        if reg.get("year") != year:
            continue
        unit = ds.get("unit", reg.get("unit"))
        if unit is None or exists_on(unit, day):
            out.append(reg)
    return out


def evaluations_of(ds: Dataset, year: int) -> dict[tuple[str, str], Record]:
    """(unit, community) → the community's evaluation of the unit for ``year``."""
    return {
        (e.get("unit"), e.get("community")): e
        for e in ds.of("unit_evaluation").values()
        if e.get("year") == year
    }


def has_evaluations(ds: Dataset, period: str) -> bool:
    return any(e.get("year") == int(period[:4]) for e in ds.of("unit_evaluation").values())


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules = rules_for(ds, "rules_unit_assessment", period, "驻区单位考核规则")
    year = int(period[:4])
    reg_rules = rules_for_year(ds, year)
    reports = {(r.get("year"), r.get("unit")): r for r in ds.of("unit_report").values()}
    evaluations = evaluations_of(ds, year)
    registrations = participants(ds, period)
    policy, how = missing.policy(rules), missing.how(rules, "rules_unit_assessment")
    present = [
        exact(e.get("score"))
        for reg in registrations
        if (e := evaluations.get((reg.get("unit"), reg.get("community")))) is not None
    ]
    results, unranked = [], []
    for reg in registrations:
        uid, community = reg.get("unit"), reg.get("community")
        unit = ds.get("unit", uid)
        day = dt.date.fromisoformat(reg.get("date"))
        late = is_late(reg_rules, year, day)
        report = reports.get((year, uid))
        evaluation = evaluations.get((uid, community))
        measures = {"registered": Measured(1.0, (ref(reg),), late)}
        notes = []
        if late:
            notes.append(rules.stated.get("late", "逾期报到"))
        if report is not None:
            measures["report_submitted"] = Measured(1.0, (ref(report),))
            named = [p for p in report.get("projects") or [] if isinstance(p, str)]
            own = [p for p in named if is_party(ds.get("project", p), uid)]
            foreign = [p for p in named if p not in own]
            if foreign:
                notes.append(f"履责报告所列项目 {'、'.join(foreign)} 的参与方中没有本单位，不计入")
            measures["projects"] = Measured(
                len(own), (ref(report), *(ref(ds.get("project", p)) for p in own))
            )
            measures["resources"] = Measured(
                float(len(report.get("resources") or [])), (ref(report),)
            )
            measures["person_times"] = Measured(
                float(report.get("person_times") or 0), (ref(report),)
            )
        else:
            notes.append(rules.stated.get("no_report", "未提交履责报告"))
        if evaluation is not None:
            measures["evaluation"] = Measured(float(evaluation.get("score")), (ref(evaluation),))
        else:
            # The evaluator's input is missing: the rules' ``missing`` decides (missing.py).
            rec = ds.get("community", community)
            notes.append(f"缺少{rec.get('name') if rec else community}的评价，{how}")
            if policy == "mean" and present:
                measures["evaluation"] = Measured(missing.mean(present), ())
        result = score(rules, uid, unit.get("name") if unit else uid, community, measures, notes)
        if evaluation is None and policy == "exclude":
            unranked.append(
                replace(
                    result, grade="", outcome=missing.NOT_RANKED, outcomes=(missing.NOT_RANKED,)
                )
            )
        else:
            results.append(result)
    out = rank(rules, results) + tuple(sorted(unranked, key=lambda r: r.subject))
    return Assessment("units", TITLE, period, as_of.isoformat(), rules, out)
