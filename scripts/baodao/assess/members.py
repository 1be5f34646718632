"""在职党员参与社区活动考核: each member who reported in, by the member rules of the period.

Stated rules (also in the rules file's ``stated``): a member is assessed where they reported in;
activities in every community of the district count (a member who moved keeps the old
community's rows); a late report-in scores the rules' late factor; a member whose home
organisation is outside the district is assessed the same (feedback goes to that organisation);
activity rows of someone who did not report in that year are not assessed.
"""

from __future__ import annotations

import datetime as dt

from ..model.registration import is_late, rules_for_year
from ..records.dataset import Dataset
from .engine import Assessment, Measured, rank, ref, rules_for, score

TITLE = "在职党员参与社区活动考核"


def has_inputs(ds: Dataset, period: str) -> bool:
    """A year is assessed while it runs (provisional results), as soon as it has begun."""
    return True


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules = rules_for(ds, "rules_member_assessment", period, "在职党员考核规则")
    year = int(period[:4])
    reg_rules = rules_for_year(ds, year)
    by_person: dict[str, list] = {}
    for row in ds.of("activity").values():
        if row.folder.get("year") == str(year):
            by_person.setdefault(row.get("person"), []).append(row)
    results = []
    for reg in ds.of("member_registration").values():
        if reg.folder.get("year") != str(year):
            continue
        person = reg.get("person")
        rows = sorted(by_person.get(person, []), key=lambda r: (r.file, r.line))
        day = dt.date.fromisoformat(reg.get("date"))
        late = is_late(reg_rules, year, day)
        evidence = tuple(ref(r) for r in rows)
        measures = {
            "registered": Measured(1.0, (ref(reg),), late),
            "hours": Measured(float(sum(r.get("hours") or 0 for r in rows)), evidence),
            "activities": Measured(float(len(rows)), evidence),
            "service_types": Measured(float(len({r.get("service_type") for r in rows})), evidence),
        }
        notes = []
        if late:
            notes.append(rules.stated.get("late", "逾期报到"))
        if not rows:
            notes.append(rules.stated.get("no_activity", "报到但没有活动记录"))
        if reg.get("moved_from"):
            notes.append(rules.stated.get("moved", "年内搬家"))
        if reg.get("home_org") not in ds.of("unit"):
            notes.append(rules.stated.get("outside_home_org", "所在党组织在区外"))
        results.append(score(rules, person, "", reg.folder.get("community", ""), measures, notes))
    return Assessment("members", TITLE, period, as_of.isoformat(), rules, rank(rules, results))
