"""Running the assessments of a period (or of every period of a year): score, write, freeze or verify.

``baodao assess`` is a thin wrapper over ``run``; the loop lives here so that the command, the
benchmarks and the tests run the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..problems import Problem
from ..records.dataset import Dataset
from ..repo import Repo
from . import ASSESSMENTS
from .communities import year_standing
from .engine import RulesMissing
from .frozen import FOLDER, verify
from .frozen import freeze as do_freeze
from .output import write, write_standing
from .periods import PeriodError, periods_to_run
from .stamp import stamp_of


class AssessRefused(Exception):
    """The run cannot go on; the message says why, in Chinese."""


def run(
    repo: Repo,
    ds: Dataset,
    assessment: str,
    period: str | None,
    day: dt.date,
    out: Path,
    freeze: bool,
    amend: str | None,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> list[Problem]:
    """Every requested run, its files written to ``out``; the frozen results it disagrees with."""
    stamp = stamp_of(ds)
    failed: list[Problem] = []
    try:
        runs = periods_to_run(ds, assessment, period, day)
    except (PeriodError, RulesMissing) as exc:
        raise AssessRefused(str(exc)) from exc
    for name, p in runs:
        if name == "members" and not ds.has_private:
            warn("跳过在职党员考核：未加载私有库")
            continue
        try:
            result = ASSESSMENTS[name].assess(ds, p, day)
        except RulesMissing as exc:
            if assessment == "all":  # a rating whose rules start later than this period
                warn(f"跳过 {ASSESSMENTS[name].TITLE} {p}：{exc}")
                continue
            raise AssessRefused(str(exc)) from exc
        json_path, csv_path = write(result, out, stamp)
        say(
            f"{result.title} {p}：{len(result.results)} 个对象 → {json_path}、{csv_path}（规则 {result.rules.file}）"
        )
        if name == "communities" and p.upper().endswith("H2"):
            standing = year_standing(ds, int(p[:4]), day)
            if standing is not None:
                paths = write_standing(standing, out, stamp)
                say(f"社区综合考核 {p[:4]} 年度排名 → {paths[0]}、{paths[1]}")
        if name not in FOLDER:
            continue  # requests and the force index are recomputed, not frozen
        if freeze:
            try:
                target, diffs = do_freeze(repo, ds, result, day.isoformat(), amend, stamp)
            except ValueError as exc:
                raise AssessRefused(str(exc)) from exc
            say(f"已冻结到 {target}" + (f"（更正 {len(diffs)} 处）" if diffs else ""))
        else:
            failed.extend(verify(ds, result))
    return failed
