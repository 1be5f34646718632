"""Missing inputs, named: after a period's input deadline ``validate`` warns for each evaluator
whose score is missing (INPUT001), so a mean that silently shifted is seen before freezing.

The deadline is the period's last day plus the rules' ``inputs_due_days`` (community assessment,
seed 003: scores of the half year by each evaluator). Frozen periods are verified instead.
"""

from __future__ import annotations

import datetime as dt

from ..problems import WARNING, Problem
from ..records.dataset import Dataset
from . import communities
from .engine import RulesMissing, period_end, rules_for
from .frozen import frozen_record

COMPONENT_ZH = {"party_building": "党建", "departments": "部门", "street": "街道"}


def missing_problems(ds: Dataset, as_of: dt.date) -> list[Problem]:
    periods = sorted({str(r.get("period")) for r in ds.of("community_score").values()})
    found = []
    for period in periods:
        try:
            rules = rules_for(ds, "rules_community_assessment", period, communities.TITLE + "规则")
        except RulesMissing:
            continue  # RULE001/RULE006 report it
        due = rules.raw.get("inputs_due_days")
        if due is None or frozen_record(ds, "communities", period) is not None:
            continue
        deadline = period_end(period) + dt.timedelta(days=int(due))
        if as_of <= deadline:
            continue
        policy = rules.raw.get("missing")
        then = (
            f"按规则（missing: {policy}）{communities.MISSING_ZH[policy]}"
            if policy in communities.MISSING_ZH
            else "规则未说明如何处理，不能冻结"
        )
        names = {c.id: c.get("name") for c in ds.of("community").values()}
        for community, who in sorted(communities.missing_inputs(ds, period).items()):
            for evaluator, name, component in who:
                found.append(
                    Problem(
                        f"data/evaluations/community/{evaluator}/{period.lower()}.yaml"
                        if evaluator
                        else "data/evaluations/community/",
                        0,
                        f"scores.{community}",
                        "INPUT001",
                        WARNING,
                        f"{communities.TITLE} {period}：缺少{name}对{names.get(community, community)}的“{COMPONENT_ZH[component]}”评分"
                        f"（截止 {deadline.isoformat()}）；{then}",
                        f"{period}: no {component} score from {evaluator} for community {community} after the deadline",
                        f"在该文件的 scores 中补一行 community: {community}",
                    )
                )
    return found
