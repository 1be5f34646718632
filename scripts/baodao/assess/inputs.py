"""Missing inputs, named: after a period's input deadline ``validate`` warns for each evaluator
input that is missing (INPUT001), so a mean that silently shifted is seen before freezing.

The deadline is the period's last day plus the rules' ``inputs_due_days``. Evaluator inputs:
community scores by each evaluator (seed 003), units' evaluations by their report-in community,
branches' reviews by their community, compounds' property evaluations (missing.py says what the
rules' ``missing`` makes of each). Only periods with some input entered are looked at; frozen
periods are verified instead.
"""

from __future__ import annotations

import datetime as dt

from ..model.propertyco import companies_between
from ..problems import WARNING, Problem
from ..records.dataset import Dataset
from . import communities, missing, property_service, stars, units
from .engine import Rules, RulesMissing, period_end, period_start, rules_for
from .frozen import frozen_record

COMPONENT_ZH = {"party_building": "党建", "departments": "部门", "street": "街道"}


def missing_problems(ds: Dataset, as_of: dt.date) -> list[Problem]:
    return [
        *_community_scores(ds, as_of),
        *_unit_evaluations(ds, as_of),
        *_branch_reviews(ds, as_of),
        *_property_evaluations(ds, as_of),
    ]


def _community_scores(ds: Dataset, as_of: dt.date) -> list[Problem]:
    periods = sorted({str(r.get("period")) for r in ds.of("community_score").values()})
    found = []
    title = communities.TITLE + "规则"
    for period in periods:
        due = _due(ds, "communities", "rules_community_assessment", title, period, as_of)
        if due is None:
            continue
        _rules, deadline, then = due
        names = {c.id: c.get("name") for c in ds.of("community").values()}
        for community, who in sorted(communities.missing_inputs(ds, period).items()):
            for evaluator, name, component in who:
                found.append(
                    _input001(
                        f"data/evaluations/community/{evaluator}/{period.lower()}.yaml"
                        if evaluator
                        else "data/evaluations/community/",
                        f"scores.{community}",
                        f"{communities.TITLE} {period}：缺少{name}对{names.get(community, community)}的“{COMPONENT_ZH[component]}”评分"
                        f"（截止 {deadline.isoformat()}）；{then}",
                        f"{period}: no {component} score from {evaluator} for community {community} after the deadline",
                        f"在该文件的 scores 中补一行 community: {community}",
                    )
                )
    return found


def _input001(file: str, field: str, zh: str, en: str, hint: str) -> Problem:
    """A missing input, named where it belongs (its file, and the row to add)."""
    return Problem(file, 0, field, "INPUT001", WARNING, zh, en, hint)


def _due(
    ds: Dataset, name: str, rules_type: str, title: str, period: str, as_of: dt.date
) -> tuple[Rules, dt.date, str] | None:
    """The rules, deadline and treatment words of a period whose deadline has passed unfrozen."""
    try:
        rules = rules_for(ds, rules_type, period, title)
    except RulesMissing:
        return None  # RULE001/RULE006 report it
    deadline = missing.deadline(rules, period)
    if deadline is None or as_of <= deadline or frozen_record(ds, name, period) is not None:
        return None
    policy = missing.policy(rules)
    words = missing.how(rules, rules_type)
    then = (
        f"按规则（missing: {policy}）{words}"
        if policy is not None
        else "规则未说明如何处理，不能冻结"
    )
    return rules, deadline, then


def _where(ds: Dataset, community: str) -> tuple[str, str]:
    """The community's folder (data/<street>/<community>) and its name."""
    rec = ds.get("community", community)
    street = str(rec.get("street")) if rec else ""
    return f"data/{street}/{community}", str(rec.get("name")) if rec else community


def _unit_evaluations(ds: Dataset, as_of: dt.date) -> list[Problem]:
    years = sorted({e.get("year") for e in ds.of("unit_evaluation").values()}, key=str)
    found = []
    for year in years:
        if not isinstance(year, int) or year > as_of.year:
            continue
        period = str(year)
        due = _due(ds, "units", "rules_unit_assessment", "驻区单位考核规则", period, as_of)
        if due is None:
            continue
        _rules, deadline, then = due
        given = units.evaluations_of(ds, year)
        for reg in units.participants(ds, period):
            uid, community = str(reg.get("unit")), str(reg.get("community"))
            if (uid, community) in given:
                continue
            folder, cname = _where(ds, community)
            unit = ds.get("unit", uid)
            file = f"{folder}/evaluations/{year}-{uid}.yaml"
            found.append(
                _input001(
                    file,
                    "",
                    f"{units.TITLE} {period}：缺少{cname}对{unit.get('name') if unit else uid}的评价"
                    f"（截止 {deadline.isoformat()}）；{then}",
                    f"{period}: no evaluation of unit {uid} by community {community} after the deadline",
                    f"社区在 {file} 录入对该单位的评价（unit: {uid}，score）",
                )
            )
    return found


def _branch_reviews(ds: Dataset, as_of: dt.date) -> list[Problem]:
    periods = sorted({str(r.get("period")) for r in ds.of("branch_review").values()})
    found = []
    for period in periods:
        due = _due(ds, "stars", "rules_branch_stars", "小区党支部评星定级规则", period, as_of)
        if due is None:
            continue
        rules, deadline, then = due
        given = stars.reviews_of(ds, period)
        for branch in stars.participants(ds, rules, period):
            if branch.id in given:
                continue
            folder, cname = _where(ds, str(branch.get("community")))
            found.append(
                _input001(
                    f"{folder}/branch-reviews/{period.lower()}.yaml",
                    f"reviews.{branch.id}",
                    f"{stars.TITLE} {period}：缺少{cname}对{branch.get('name')}的评议"
                    f"（截止 {deadline.isoformat()}）；{then}",
                    f"{period}: no review of branch {branch.id} after the deadline",
                    f"在该文件的 reviews 中补一行 branch: {branch.id}",
                )
            )
    return found


def _property_evaluations(ds: Dataset, as_of: dt.date) -> list[Problem]:
    periods = sorted({str(r.get("period")) for r in ds.of("property_evaluation").values()})
    found = []
    for period in periods:
        due = _due(ds, "property", "rules_property_evaluation", "物业服务评议规则", period, as_of)
        if due is None:
            continue
        rules, deadline, then = due
        given = property_service.evaluations_of(ds, period)
        start, end = period_start(period), period_end(period)
        for compound in property_service.participants(ds, rules, period):
            if compound.id in given or not companies_between(compound, start, end):
                continue
            folder, cname = _where(ds, str(compound.get("community")))
            found.append(
                _input001(
                    f"{folder}/property-evaluations/{period.lower()}.yaml",
                    f"evaluations.{compound.id}",
                    f"{property_service.TITLE} {period}：缺少{cname}对{compound.get('name')}的物业服务评议"
                    f"（截止 {deadline.isoformat()}）；{then}",
                    f"{period}: no property evaluation of compound {compound.id} after the deadline",
                    f"在该文件的 evaluations 中补一行 compound: {compound.id}",
                )
            )
    return found
