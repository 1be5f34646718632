"""单位党组织履行社会责任考核: each unit that reported in, by the unit rules of the period.

Stated rules: a unit that did not report in that year is not assessed (it is listed on the
community page instead); a late report-in scores the late factor; a missing report or a missing
evaluation by the report-in community scores 0 on that indicator and is noted.
"""

from __future__ import annotations

import datetime as dt

from ..model.registration import is_late, rules_for_year
from ..records.dataset import Dataset
from .engine import Assessment, Measured, rank, ref, rules_for, score

TITLE = "单位党组织履行社会责任考核"


def has_inputs(ds: Dataset, period: str) -> bool:
    """A year is assessed while it runs (provisional results), as soon as it has begun."""
    return True


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules = rules_for(ds, "rules_unit_assessment", period, "驻区单位考核规则")
    year = int(period[:4])
    reg_rules = rules_for_year(ds, year)
    reports = {(r.get("year"), r.get("unit")): r for r in ds.of("unit_report").values()}
    evaluations = {
        (e.get("year"), e.get("unit"), e.get("community")): e
        for e in ds.of("unit_evaluation").values()
    }
    results = []
    for reg in ds.of("unit_registration").values():
        if reg.get("year") != year:
            continue
        uid, community = reg.get("unit"), reg.get("community")
        day = dt.date.fromisoformat(reg.get("date"))
        late = is_late(reg_rules, year, day)
        report = reports.get((year, uid))
        evaluation = evaluations.get((year, uid, community))
        measures = {"registered": Measured(1.0, (ref(reg),), late)}
        notes = []
        if late:
            notes.append(rules.stated.get("late", "逾期报到"))
        if report is not None:
            measures["report_submitted"] = Measured(1.0, (ref(report),))
            measures["projects"] = Measured(
                float(len(report.get("projects") or [])), (ref(report),)
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
            notes.append(rules.stated.get("no_evaluation", "社区未评价"))
        unit = ds.get("unit", uid)
        results.append(
            score(rules, uid, unit.get("name") if unit else uid, community, measures, notes)
        )
    return Assessment("units", TITLE, period, as_of.isoformat(), rules, rank(rules, results))
