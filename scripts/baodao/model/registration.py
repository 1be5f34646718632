"""双报到 deadlines: which rules judge a registration year, and whether a day is late."""

from __future__ import annotations

import datetime as dt

from ..records.dataset import Dataset
from .rules import RulesInForce, rules_in_force


def rules_for_year(ds: Dataset, year: int) -> RulesInForce:
    """A registration year is judged by the rules in force on its deadline's year start."""
    return rules_in_force(ds, "rules_registration", dt.date(year, 1, 1), "报到规则")


def deadline(rules: RulesInForce, year: int) -> dt.date | None:
    md = rules.value("deadline")
    try:
        return dt.date.fromisoformat(f"{year}-{md}") if isinstance(md, str) else None
    except ValueError:
        return None


def is_late(rules: RulesInForce, year: int, day: dt.date) -> bool:
    end = deadline(rules, year)
    return end is not None and day > end
