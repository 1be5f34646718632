"""Every rules type covers its time once: no overlaps (RULE002), no gaps (RULE006).

One check for all of them (validation, registration, each assessment, the admission list), so a
second file in force on the same day is refused instead of silently winning, and a gap cannot
drop a period's published results (docs/problems.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.rules import coverage_problems
from ..problems import Problem
from ..records.layout import RECORD_TYPES
from .base import Context

# Types whose records carry ``in_force`` (a date range): all rules, and the admission list.
DATED = tuple(t for t in RECORD_TYPES if t.name.startswith("rules_") or t.name == "admission_list")


def check(ctx: Context) -> Iterator[Problem]:
    for t in DATED:
        yield from coverage_problems(ctx.ds, t.name, t.title, ctx.as_of)
