"""What ``baodao validate`` reports, for every command that must agree with it (validate, build,
serve): the checks, then what only a recompute shows (assess/, which checks/ may not import) —
every frozen period against its record (FROZEN001), inputs missing after their deadline
(INPUT001). One function, so that the build never counts other problems than validate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..problems import Problem, errors, sort_problems
from ..records.dataset import Dataset
from ..records.schemas import SchemaSet
from ..repo import Repo
from .frozen import verify_all
from .inputs import missing_problems


def validate(
    repo: Repo, day: dt.date, progress: Callable[[str], None] = lambda _m: None
) -> tuple[Dataset, SchemaSet, list[Problem]]:
    ds, schemas, problems = repo.load_and_check(day, progress=progress)
    if not errors(problems):
        progress("核对已冻结的考核结果和缺少的评分 …")
        problems = sort_problems([*problems, *verify_all(ds, day), *missing_problems(ds, day)])
    return ds, schemas, problems
