"""check: every problem of a Dataset in one run (never stops at the first)."""

from __future__ import annotations

import datetime as dt

from ..model.rules import rules_in_force
from ..problems import ERROR, Problem, sort_problems
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
        try:
            found.extend(module.check(ctx))
        except Exception as exc:  # noqa: BLE001 - a record of the wrong shape, said as a problem
            # The checks after `schema` read records as their schema describes them; a value of
            # another shape (a number where the buildings' list goes) may break one before the
            # editor has fixed what `schema` found. Then that check says it could not finish,
            # every other problem is still reported, and nothing shows a traceback. Without a
            # schema error, a check that breaks is the code's fault: raised.
            shape = [p for p in found if p.severity == ERROR and p.code.startswith("SCH")]
            if not shape:
                raise
            found.append(_unfinished(module.__name__.rsplit(".", 1)[-1], exc, shape[0]))
    return sort_problems(found)


def _unfinished(check: str, exc: Exception, first: Problem) -> Problem:
    """Said at the first record of the wrong shape (the likeliest to have broken the check)."""
    return Problem(
        first.file,
        first.line,
        first.field,
        "SCH010",
        ERROR,
        f"有记录的格式不对（见 SCH 错误），“{check}”检查未能完成（{type(exc).__name__}）",
        f"the {check} check could not finish on records of the wrong shape",
        "先按 SCH 错误改正记录的格式，再运行 baodao validate：这项检查的问题随后才能列出",
    )
