"""What ``baodao validate`` reports, for every command that must agree with it (validate, build,
serve): the checks, then what only a recompute shows (assess/, which checks/ may not import) —
every frozen period against its record (FROZEN001), inputs missing after their deadline
(INPUT001). One function, so that the build never counts other problems than validate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..problems import Problem
from ..records.cache import FileCache
from ..records.dataset import Dataset
from ..records.schemas import SchemaSet
from ..repo import Checked, Repo
from .frozen import verify_all
from .inputs import missing_problems


def validate(
    repo: Repo,
    day: dt.date,
    progress: Callable[[str], None] = lambda _m: None,
    parsed: FileCache | None = None,
) -> tuple[Dataset, SchemaSet, list[Problem]]:
    """``parsed``: files parsed in memory (the preview's), see ``Repo.load_and_check``."""
    ds, schemas, problems = repo.load_and_check(
        day, progress=progress, recompute=RECOMPUTE, parsed=parsed
    )
    return ds, schemas, problems


def problems_of(
    repo: Repo, day: dt.date, progress: Callable[[str], None] = lambda _m: None
) -> Checked:
    """What ``validate`` reports, without reading the records when nothing changed since a run
    that found the same (``Checked.ds`` is then None): ``baodao validate`` and ``pr check``."""
    return repo.check(day, progress=progress, recompute=RECOMPUTE, records=False)


def _recompute(ds: Dataset, day: dt.date) -> list[Problem]:
    return [*verify_all(ds, day), *missing_problems(ds, day)]


RECOMPUTE = ("frozen+inputs", _recompute)
