"""Evaluator inputs not entered: what the rules' ``missing`` makes of them, and their deadline.

Units are evaluated by their report-in community, branches reviewed by their community,
compounds' property service evaluated by community and branch. When one of these is missing,
the rules file says what happens (``missing``: ``zero`` counts 0, ``mean`` the mean of the
inputs present in the period, ``exclude`` leaves the subject unranked; property evaluations only
``exclude``: a company is never listed on an evaluation nobody made). A rules file without
``missing`` counts 0 (property: 未评议) and the result cannot be frozen. After the period's last
day plus ``inputs_due_days``, ``validate`` names each missing input (INPUT001, inputs.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ..model import registry
from .engine import UNSETTLED, Rules, period_end

NOT_RANKED = "不排名"


def policy(rules: Rules) -> str | None:
    value = rules.raw.get("missing")
    return value if isinstance(value, str) else None


def how(rules: Rules, rules_type: str, unsettled: str = "按 0 分计") -> str:
    """The rules' treatment in words (the schema's labels), or ``unsettled`` + why freezing refuses."""
    words = registry.default().labels(rules_type, "missing")
    chosen = policy(rules)
    return words[chosen] if chosen in words else unsettled + UNSETTLED


def deadline(rules: Rules, period: str) -> dt.date | None:
    """The last day inputs of ``period`` may be entered, None when the rules set no deadline."""
    due = rules.raw.get("inputs_due_days")
    return period_end(period) + dt.timedelta(days=int(due)) if due is not None else None


def mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None
