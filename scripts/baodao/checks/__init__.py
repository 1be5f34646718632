"""check: every problem of a Dataset in one run (never stops at the first)."""

from __future__ import annotations

import datetime as dt

from ..model.rules import rules_in_force
from ..problems import Problem, sort_problems
from ..records.dataset import Dataset
from ..records.schemas import SchemaSet
from . import (
    assessment_rules,
    buildings,
    editors,
    freshness,
    governance,
    hierarchy,
    lists,
    notices,
    posts,
    privacy,
    published,
    ratings,
    references,
    registration,
    rules_coverage,
    schema,
    service,
)
from .base import Context

CHECKS = (
    schema,
    references,
    hierarchy,
    service,
    buildings,
    posts,
    privacy,
    freshness,
    notices,
    published,
    registration,
    lists,
    assessment_rules,
    rules_coverage,
    ratings,
    governance,
    editors,
)


# What the assessments read: `baodao assess` and `feedback` refuse on these checks' errors. The
# full set runs in `validate`, `build` and CI, so an assessment never sees records they reject.
ASSESSMENT_INPUTS = (
    schema,
    references,
    registration,
    lists,
    assessment_rules,
    rules_coverage,
    ratings,
    governance,
)


def run_checks(
    ds: Dataset, schemas: SchemaSet, as_of: dt.date, modules: tuple = CHECKS
) -> list[Problem]:
    rules = rules_in_force(ds, "rules_validation", as_of, "校验规则")
    ctx = Context(ds, schemas, as_of, rules)
    found: list[Problem] = list(rules.problems)
    for module in modules:
        found.extend(module.check(ctx))
    return sort_problems(found)
