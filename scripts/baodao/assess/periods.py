"""Which periods a run of ``baodao assess`` covers: each assessment's rules give its cadence."""

from __future__ import annotations

import datetime as dt
import re

from ..model.rules import rules_in_force
from ..records.dataset import Dataset
from . import ASSESSMENTS, RULES_TYPE
from .engine import RulesMissing, period_end, period_of, period_start

PATTERN = {"year": r"\d{4}", "half": r"\d{4}H[12]", "quarter": r"\d{4}Q[1-4]"}
EXAMPLE = {"year": "2026", "half": "2026H1", "quarter": "2026Q3"}
CADENCE_ZH = {"year": "每年", "half": "每半年", "quarter": "每季度"}


class PeriodError(Exception):
    pass


def cadence(ds: Dataset, name: str, day: dt.date) -> str:
    found = rules_in_force(ds, RULES_TYPE[name], day, ASSESSMENTS[name].TITLE + "规则")
    if found.record is None:
        raise RulesMissing("; ".join(p.message for p in found.problems))
    return str(found.record.get("cadence", "year"))


def in_year(kind: str, year: int, day: dt.date) -> list[str]:
    """The periods of ``kind`` in ``year`` that have begun by ``day``."""
    every = {
        "year": [str(year)],
        "half": [f"{year}H1", f"{year}H2"],
        "quarter": [f"{year}Q{q}" for q in range(1, 5)],
    }[kind]
    return [p for p in every if period_start(p) <= day]


def periods_to_run(
    ds: Dataset, assessment: str, period: str | None, day: dt.date
) -> list[tuple[str, str]]:
    """(assessment, period) pairs. One assessment: the given period (checked against its
    cadence) or the one containing ``day``. ``all``: every period of the given year (default the
    year of ``day``) that has ended, or has begun and has its inputs, for each assessment."""
    if assessment != "all":
        kind = cadence(ds, assessment, day)
        if period is None:
            return [(assessment, period_of(kind, day))]
        if not re.fullmatch(PATTERN[kind], period.upper()):
            raise PeriodError(
                f"{ASSESSMENTS[assessment].TITLE}{CADENCE_ZH[kind]}一期：--period 应写成如 {EXAMPLE[kind]}，不是 {period}"
            )
        return [(assessment, period.upper())]
    if period is not None and not re.fullmatch(r"\d{4}", period):
        raise PeriodError(
            f"考核全部时 --period 只能是年份（如 2026），不是 {period}；单项考核请写明名称，如 baodao assess stars --period 2026H1"
        )
    year = int(period) if period else day.year
    last = min(day, dt.date(year, 12, 31))
    out = []
    for name in ASSESSMENTS:
        try:
            kind = cadence(ds, name, last)
        except RulesMissing:
            continue
        # A period runs once it has ended, or earlier if its inputs are already entered.
        out.extend(
            (name, p)
            for p in in_year(kind, year, last)
            if period_end(p) <= day or ASSESSMENTS[name].has_inputs(ds, p)
        )
    return out
