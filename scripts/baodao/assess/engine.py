"""The assessment engine: rules of a period → points per indicator → total, grade, rank.

Points are kept in hundredths (integers) so a total always equals the sum of its breakdown and
two runs give the same bytes. Every indicator keeps the rows that made its value ("file:line").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..model.rules import RulesInForce, rules_in_force
from ..records.dataset import Dataset, Record


class RulesMissing(Exception):
    pass


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    weight: float
    measure: str
    full_at: float | None
    late_factor: float | None
    source: str
    deduct: bool = False  # a deduction (the "1" of the 3+1 index): points count against the total


@dataclass(frozen=True)
class Rules:
    file: str
    indicators: tuple[Indicator, ...]
    bands: tuple[tuple[str, float], ...]  # (grade, min), highest first
    tie_break: tuple[str, ...]
    stated: Mapping[str, str]
    cadence: str
    # The whole rules file, for what only one rating reads (cut, subsidy, thresholds).
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, rec: Record) -> Rules:
        d = rec.data
        inds = tuple(
            Indicator(i["id"], i["name"], float(i["weight"]), i["measure"], i.get("full_at"), i.get("late_factor"), i.get("source", ""),
                      bool(i.get("deduct", False)))
            for i in d.get("indicators") or []
        )  # fmt: skip
        bands = tuple(
            sorted(
                ((b["grade"], float(b["min"])) for b in d.get("bands") or []), key=lambda b: -b[1]
            )
        )
        return cls(
            rec.file,
            inds,
            bands,
            tuple(d.get("tie_break") or ()),
            dict(d.get("stated") or {}),
            d.get("cadence", "year"),
            d,
        )


def period_end(period: str) -> dt.date:
    """Last day of a period: 2026 → 2026-12-31; 2026H1 → 2026-06-30; 2026Q3 → 2026-09-30."""
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 12, 31)
    kind, n = period[4].upper(), int(period[5:])
    last_month = 6 * n if kind == "H" else 3 * n
    after = dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
    return after - dt.timedelta(days=1)


def period_start(period: str) -> dt.date:
    """First day of a period: 2026 → 2026-01-01; 2026H2 → 2026-07-01; 2026Q3 → 2026-07-01."""
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 1, 1)
    kind, n = period[4].upper(), int(period[5:])
    return dt.date(year, 6 * (n - 1) + 1 if kind == "H" else 3 * (n - 1) + 1, 1)


def shift_period(period: str, steps: int) -> str:
    """The period ``steps`` periods later (earlier when negative), of the same kind."""
    year = int(period[:4])
    if len(period) == 4:
        return str(year + steps)
    kind, n = period[4].upper(), int(period[5:])
    per_year = 2 if kind == "H" else 4
    index = year * per_year + (n - 1) + steps
    return f"{index // per_year}{kind}{index % per_year + 1}"


def period_of(cadence: str, day: dt.date) -> str:
    """The period of a cadence that contains ``day``: 2026-08-01 → 2026 / 2026H2 / 2026Q3."""
    if cadence == "half":
        return f"{day.year}H{1 if day.month <= 6 else 2}"
    if cadence == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def rules_for(ds: Dataset, type_name: str, period: str, title: str) -> Rules:
    """A period is judged by the rules in force on its last day, whenever the command runs."""
    found: RulesInForce = rules_in_force(ds, type_name, period_end(period), title)
    if found.record is None:
        raise RulesMissing("; ".join(p.message for p in found.problems))
    return Rules.of(found.record)


@dataclass(frozen=True)
class Measured:
    """What was measured for one indicator of one subject, and the rows behind it."""

    value: float
    evidence: tuple[str, ...] = ()
    late: bool = False


@dataclass(frozen=True)
class IndicatorScore:
    id: str
    name: str
    value: float
    points: int  # hundredths
    max: int  # hundredths
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class SubjectResult:
    subject: str
    name: str
    community: str
    total: int  # hundredths; always sum(i.points)
    grade: str
    indicators: tuple[IndicatorScore, ...]
    notes: tuple[str, ...] = ()
    rank_community: int = 0
    rank_district: int = 0
    # What the rules make of the rank (表彰 / 预警 / 红榜 / 专班 …); empty for most results.
    outcome: str = ""


@dataclass(frozen=True)
class Assessment:
    name: str  # members / units
    title: str
    period: str
    as_of: str
    rules: Rules
    results: tuple[SubjectResult, ...] = field(default_factory=tuple)
    # Counts (12345 tickets), not points: kept ×100 like points so ranking is the same code.
    counts: bool = False

    def fmt(self, hundredths: int) -> str:
        return str(hundredths // 100) if self.counts else fmt_points(hundredths)


def points(ind: Indicator, m: Measured) -> int:
    weight = round(ind.weight * 100)
    share = min(max(m.value, 0) / ind.full_at, 1.0) if ind.full_at else 1.0 if m.value > 0 else 0.0
    if m.late and ind.late_factor is not None:
        share *= ind.late_factor
    return -round(weight * share) if ind.deduct else round(weight * share)


def grade(rules: Rules, total: int) -> str:
    for name, low in rules.bands:
        if total >= round(low * 100):
            return name
    return rules.bands[-1][0] if rules.bands else ""


def score(rules: Rules, subject: str, name: str, community: str, measures: Mapping[str, Measured],
          notes: Iterable[str] = ()) -> SubjectResult:  # fmt: skip
    scored = []
    for ind in rules.indicators:
        m = measures.get(ind.measure, Measured(0.0))
        scored.append(
            IndicatorScore(
                ind.id, ind.name, m.value, points(ind, m), round(ind.weight * 100), m.evidence
            )
        )
    total = sum(i.points for i in scored)
    return SubjectResult(
        subject, name, community, total, grade(rules, total), tuple(scored), tuple(notes)
    )


def rank(rules: Rules, results: Iterable[SubjectResult]) -> tuple[SubjectResult, ...]:
    """Ranks within community and district: a stable total order by total, the rules' tie-breaks, id."""

    def key(r: SubjectResult) -> tuple:
        values = {i.id: i.value for i in r.indicators}
        by_measure = {ind.measure: values.get(ind.id, 0.0) for ind in rules.indicators}
        ties = tuple(-by_measure.get(t, 0.0) for t in rules.tie_break if t != "id")
        return (-r.total, *ties, r.subject)

    ordered = sorted(results, key=key)
    per_community: dict[str, int] = {}
    out = []
    for n, r in enumerate(ordered, 1):
        per_community[r.community] = per_community.get(r.community, 0) + 1
        out.append(replace(r, rank_community=per_community[r.community], rank_district=n))
    return tuple(out)


def ref(rec: Record) -> str:
    return f"{rec.file}:{rec.line}"


Measure = Callable[..., Measured]


def fmt_points(hundredths: int) -> str:
    return f"{hundredths / 100:.2f}"


def evidence_by_file(refs: Iterable[str]) -> dict[str, list[int]]:
    """'file:line' references grouped as {file: [lines]}: a member's 20 rows cost one file name."""
    out: dict[str, list[int]] = {}
    for r in refs:
        file, _, line = r.rpartition(":")
        out.setdefault(file, []).append(int(line))
    return out


def as_dict(a: Assessment, commit: str) -> dict[str, Any]:
    """The JSON form: stamped with the commit and the rules file, no clock.

    Each result lists its distinct sets of evidence rows once (``sources``, grouped by file);
    an indicator names the set behind it by index: hours, activities and service types of a
    member rest on the same activity rows.
    """
    return {
        "assessment": a.name,
        "title": a.title,
        "period": a.period,
        "as_of": a.as_of,
        "commit": commit,
        "rules": a.rules.file,
        "results": [_result_dict(a, r) for r in a.results],
    }


def _result_dict(a: Assessment, r: SubjectResult) -> dict[str, Any]:
    sources: list[tuple[str, ...]] = []
    for i in r.indicators:
        if i.evidence not in sources:
            sources.append(i.evidence)
    return {
        "subject": r.subject,
        "name": r.name,
        "community": r.community,
        "total": a.fmt(r.total),
        "grade": r.grade,
        **({"outcome": r.outcome} if r.outcome else {}),
        "rank_community": r.rank_community,
        "rank_district": r.rank_district,
        "notes": list(r.notes),
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "value": i.value,
                "points": a.fmt(i.points),
                "max": a.fmt(i.max),
                "source": sources.index(i.evidence),
            }
            for i in r.indicators
        ],  # fmt: skip
        "sources": [evidence_by_file(e) for e in sources],
    }
