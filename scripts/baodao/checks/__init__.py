"""check: every problem of a Dataset in one run (never stops at the first)."""

from __future__ import annotations

import datetime as dt

from ..problems import Problem, sort_problems
from ..records.dataset import Dataset
from ..records.schemas import SchemaSet
from ..rules import rules_in_force
from . import (
    assessment_rules,
    buildings,
    freshness,
    hierarchy,
    lists,
    notices,
    posts,
    privacy,
    references,
    registration,
    schema,
    service,
)
from .base import Context

CHECKS = (schema, references, hierarchy, service, buildings, posts, privacy, freshness, notices,
          registration, lists, assessment_rules)  # fmt: skip


def run_checks(ds: Dataset, schemas: SchemaSet, as_of: dt.date) -> list[Problem]:
    rules = rules_in_force(ds, "rules_validation", as_of, "校验规则")
    ctx = Context(ds, schemas, as_of, rules)
    found: list[Problem] = list(rules.problems)
    for module in CHECKS:
        found.extend(module.check(ctx))
    return sort_problems(found)
