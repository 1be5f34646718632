"""The assessment engine: rules of a period → points per indicator → total, grade, rank.

Arithmetic is exact (``Decimal``) from the record's value to the total: a warning or a subsidy
follows from where a total falls against a cut or a band, so a total of 71.505 must stay above
71.50 (docs/assessments.md "Rounding"). Only the *shown* figures are rounded, as the rules file says
(``rounding: {places, mode}``); grades, ranks and cuts use the exact totals. Shown figures are
kept in hundredths (integers) so two runs give the same bytes. Every indicator keeps the rows
that made its value ("file:line").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from functools import lru_cache
from typing import Any

from ..model import registry
from ..model.rules import RulesInForce, rules_in_force
from ..records.dataset import Dataset, Record


class RulesMissing(Exception):
    pass


# The end of a note naming a missing input the rules do not say how to treat: freezing refuses
# such a result (communities.py, frozen.py).
UNSETTLED = "（规则未说明缺评分如何处理，不能冻结）"


def exact(value: Any) -> Decimal:
    """A record's number as the decimal it was written as: YAML's 70.35 is 70.35, not
    70.3499999…; ``Decimal(float)`` would keep the binary error."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


# Rounding modes a rules file may name (docs/assessments.md "Rounding"): half_up is the everyday 四舍五入.
MODES = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}
# The words of each mode are the schemas' x-labels (one home for enum words).
MODE_ZH = registry.default().labels("rules_unit_assessment", "rounding", "mode")


@dataclass(frozen=True)
class Rounding:
    """How shown figures are rounded; hundredths at most, since figures are kept in hundredths."""

    places: int = 2
    mode: str = "half_up"

    @classmethod
    def of(cls, raw: Any) -> Rounding:
        raw = raw if isinstance(raw, dict) else {}
        return cls(int(raw.get("places", 2)), str(raw.get("mode", "half_up")))

    def hundredths(self, value: Decimal) -> int:
        return _hundredths(value, self.places, self.mode)

    def describe(self) -> str:
        return f"保留 {self.places} 位小数，{MODE_ZH.get(self.mode, self.mode)}"


@lru_cache(maxsize=1 << 16)
def _hundredths(value: Decimal, places: int, mode: str) -> int:
    # Cached: a city's 16,000 members repeat a few thousand exact points (150,000 roundings).
    shown = value.quantize(Decimal(1).scaleb(-places), rounding=MODES[mode])
    return int(shown * 100)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    weight: Decimal
    measure: str
    full_at: Decimal | None
    late_factor: Decimal | None
    source: str
    deduct: bool = False  # a deduction (the "1" of the 3+1 index): points count against the total

    def __post_init__(self) -> None:
        # Tests and rules files give plain numbers; the arithmetic needs decimals.
        object.__setattr__(self, "weight", exact(self.weight))
        if self.full_at is not None:
            object.__setattr__(self, "full_at", exact(self.full_at))
        if self.late_factor is not None:
            object.__setattr__(self, "late_factor", exact(self.late_factor))


@dataclass(frozen=True)
class Rules:
    file: str
    indicators: tuple[Indicator, ...]
    bands: tuple[tuple[str, Decimal], ...]  # (grade, min), highest first
    tie_break: tuple[str, ...]
    stated: Mapping[str, str]
    cadence: str
    # The whole rules file, for what only one rating reads (cut, subsidy, thresholds).
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)
    rounding: Rounding = Rounding()

    def __post_init__(self) -> None:
        object.__setattr__(self, "bands", tuple((g, exact(m)) for g, m in self.bands))

    @classmethod
    def of(cls, rec: Record) -> Rules:
        d = rec.data
        inds = tuple(
            Indicator(
                i["id"],
                i["name"],
                exact(i["weight"]),
                i["measure"],
                i.get("full_at"),
                i.get("late_factor"),
                i.get("source", ""),
                bool(i.get("deduct", False)),
            )
            for i in d.get("indicators") or []
        )
        bands = tuple(
            sorted(
                ((b["grade"], exact(b["min"])) for b in d.get("bands") or []), key=lambda b: -b[1]
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
            Rounding.of(d.get("rounding")),
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

    value: Decimal
    evidence: tuple[str, ...] = ()
    late: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", exact(self.value))


@dataclass(frozen=True)
class IndicatorScore:
    id: str
    name: str
    value: Decimal | float
    points: int  # hundredths, as shown (rounded as the rules say)
    max: int  # hundredths
    evidence: tuple[str, ...]
    exact: Decimal | None = None  # the unrounded points


@dataclass(frozen=True)
class SubjectResult:
    subject: str
    name: str
    community: str
    total: int  # hundredths, as shown: the exact total rounded as the rules say
    grade: str
    indicators: tuple[IndicatorScore, ...]
    notes: tuple[str, ...] = ()
    rank_community: int = 0
    rank_district: int = 0
    # What the rules make of the rank (表彰 / 预警 / 红榜 / 专班 …); empty for most results.
    outcome: str = ""
    # The unrounded total: always the sum of the indicators' exact points; grades, ranks and
    # cuts use it. None for counts (12345 tickets), whose total is exact already.
    exact: Decimal | None = None
    # Everything the rules make of the result (预警 and 调整, 表彰 for top and for progress);
    # ``outcome`` joins them for tables that show one cell.
    outcomes: tuple[str, ...] = ()

    @property
    def exact_total(self) -> Decimal:
        return self.exact if self.exact is not None else Decimal(self.total) / 100


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
    # Results of a second kind computed from the first, written and frozen with them: the
    # property companies' red/black list of a quarter (seed 003), from their compounds.
    groups: tuple[SubjectResult, ...] = ()
    group_kind: str = "companies"

    def fmt(self, hundredths: int) -> str:
        if self.counts:
            return str(hundredths // 100)
        return fmt_points(hundredths, self.rules.rounding.places)


ONE, ZERO = Decimal(1), Decimal(0)


def exact_points(ind: Indicator, m: Measured) -> Decimal:
    """weight × share, unrounded; share = value / full_at, capped at 1 (any value > 0 is full
    when the indicator has no full_at)."""
    value = max(m.value, ZERO)
    share = min(value / ind.full_at, ONE) if ind.full_at else ONE if value > 0 else ZERO
    if m.late and ind.late_factor is not None:
        share *= ind.late_factor
    return -(ind.weight * share) if ind.deduct else ind.weight * share


def points(ind: Indicator, m: Measured, rounding: Rounding = Rounding()) -> int:
    """The shown points, in hundredths."""
    return rounding.hundredths(exact_points(ind, m))


def grade(rules: Rules, total: Decimal | int) -> str:
    """The band of an exact total (an int is read as hundredths, as shown figures are kept)."""
    value = total if isinstance(total, Decimal) else Decimal(total) / 100
    for name, low in rules.bands:
        if value >= low:
            return name
    return rules.bands[-1][0] if rules.bands else ""


def score(
    rules: Rules,
    subject: str,
    name: str,
    community: str,
    measures: Mapping[str, Measured],
    notes: Iterable[str] = (),
) -> SubjectResult:
    scored = []
    for ind in rules.indicators:
        m = measures.get(ind.measure, Measured(ZERO))
        pts = exact_points(ind, m)
        scored.append(
            IndicatorScore(
                ind.id,
                ind.name,
                m.value,
                rules.rounding.hundredths(pts),
                rules.rounding.hundredths(ind.weight),
                m.evidence,
                pts,
            )
        )
    total = sum((i.exact for i in scored if i.exact is not None), ZERO)
    return SubjectResult(
        subject,
        name,
        community,
        rules.rounding.hundredths(total),
        grade(rules, total),
        tuple(scored),
        tuple(notes),
        exact=total,
    )


def rank(rules: Rules, results: Iterable[SubjectResult]) -> tuple[SubjectResult, ...]:
    """Ranks within community and district: a stable total order by total, the rules' tie-breaks, id."""

    def key(r: SubjectResult) -> tuple:
        values = {i.id: exact(i.value) for i in r.indicators}
        by_measure = {ind.measure: values.get(ind.id, ZERO) for ind in rules.indicators}
        ties = tuple(-by_measure.get(t, ZERO) for t in rules.tie_break if t != "id")
        return (-r.exact_total, *ties, r.subject)

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


@lru_cache(maxsize=1 << 16)
def fmt_points(hundredths: int, places: int = 2) -> str:
    """Hundredths as shown: 7151 → "71.51" (places 2), 7150 → "71.5" (places 1). Integer
    arithmetic: 300,000 figures a run."""
    whole, frac = divmod(abs(hundredths), 100)
    sign = "-" if hundredths < 0 else ""
    return f"{sign}{whole}" + (f".{frac:02d}"[: places + 1] if places else "")


def number(value: Decimal | float) -> int | float:
    """A measured value for JSON: an integer when it is one, else the nearest float."""
    d = exact(value)
    return int(d) if d == d.to_integral_value() else float(d)


def evidence_by_file(refs: Iterable[str]) -> dict[str, list[int]]:
    """'file:line' references grouped as {file: [lines]}: a member's 20 rows cost one file name."""
    out: dict[str, list[int]] = {}
    last, lines = None, []
    # One regex pass over the joined references, and a file looked up only when it changes
    # (a member's rows come sorted by file): 330,000 references at city size.
    for file, line in _REF.findall("\n".join(refs)):
        if file != last:
            last, lines = file, out.setdefault(file, [])
        lines.append(int(line))
    return out


_REF = re.compile(r"^(.*):(\d+)$", re.M)


def as_dict(a: Assessment, commit: str, inputs: str = "") -> dict[str, Any]:
    """The JSON form: stamped with the commit, the inputs' hash and the rules file, no clock.

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
        **({"inputs": inputs} if inputs else {}),
        "rules": a.rules.file,
        "rounding": {"places": a.rules.rounding.places, "mode": a.rules.rounding.mode},
        "results": [_result_dict(a, r) for r in a.results],
        **({a.group_kind: [_result_dict(a, r) for r in a.groups]} if a.groups else {}),
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
        **({"outcomes": list(r.outcomes)} if r.outcomes else {}),
        "rank_community": r.rank_community,
        "rank_district": r.rank_district,
        "notes": list(r.notes),
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "value": number(i.value),
                "points": a.fmt(i.points),
                "max": a.fmt(i.max),
                "source": sources.index(i.evidence),
            }
            for i in r.indicators
        ],
        "sources": [evidence_by_file(e) for e in sources],
    }
