"""吹哨报到 / 接诉即办: each request judged against its deadline, rates per department and place.

A request is raised in a grid (the whistle), a department responds (reports in), handles and
closes it, and the resident evaluates. Deadlines are working days from the rules of the period,
counted from the day after the whistle on the holiday calendar (``workdays.py``): a request
closed on the last working day of its period is on time, whatever holidays lie in between.

Records carry no caller identity. Bulk data (e.g. a hotline platform's monthly statistics)
comes in as counts (``requests/<year>-totals.csv``) and is added to the same tallies. The
departments are assessed with the shared engine (on-time, satisfaction and response rates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model.codelists import code_names
from ..model.dates import parse_date
from ..model.workdays import MissingCalendar, WorkCalendar
from ..records.dataset import Dataset, Record
from .engine import (
    Assessment,
    Measured,
    RulesMissing,
    period_end,
    period_start,
    rank,
    ref,
    rules_for,
    score,
)

TITLE = "吹哨报到部门响应考核"
RULES_TITLE = "吹哨报到规则"


@dataclass(frozen=True)
class Deadlines:
    respond_days: int
    close_days: int
    by_category: Mapping[str, int]
    satisfied: frozenset[str]

    @classmethod
    def of(cls, rec: Record) -> Deadlines:
        d = rec.data
        return cls(
            int(d["respond_days"]),
            int(d["close_days"]),
            {str(k): int(v) for k, v in (d.get("close_days_by_category") or {}).items()},
            frozenset(d.get("satisfied") or ()),
        )


# A request's state on the as-of date.
ON_TIME, LATE, OVERDUE, PENDING = "on_time", "late", "overdue", "pending"


@dataclass(frozen=True)
class Outcome:
    id: str
    community: str
    grid: str
    department: str
    category: str
    raised: dt.date
    respond_by: dt.date
    close_by: dt.date
    status: str  # ON_TIME / LATE (closed after close_by) / OVERDUE (open past it) / PENDING
    responded: str  # ON_TIME / LATE / PENDING
    evaluation: str | None
    ref: str


def judge(rules: Deadlines, cal: WorkCalendar, rec: Record, as_of: dt.date) -> Outcome:
    """One request on the as-of date; raises MissingCalendar when a year's calendar is missing."""
    raised = parse_date(rec.get("raised"))
    assert raised is not None, rec.id  # the table schema requires it
    start = raised + dt.timedelta(days=1)
    respond_by = cal.end_after(start, rules.respond_days)
    close_by = cal.end_after(start, rules.by_category.get(rec.get("category"), rules.close_days))
    closed = parse_date(rec.get("closed"))
    if closed is not None and closed <= as_of:
        status = ON_TIME if closed <= close_by else LATE
    else:
        status = OVERDUE if as_of > close_by else PENDING
    responded_on = parse_date(rec.get("responded")) or closed
    if responded_on is not None and responded_on <= as_of:
        responded = ON_TIME if responded_on <= respond_by else LATE
    else:
        responded = LATE if as_of > respond_by else PENDING
    evaluation = rec.get("evaluation") if status in (ON_TIME, LATE) else None
    return Outcome(
        rec.id,
        rec.folder.get("community", ""),
        rec.get("grid") or "",
        rec.get("department") or "",
        rec.get("category") or "",
        raised,
        respond_by,
        close_by,
        status,
        responded,
        evaluation or None,
        ref(rec),
    )


@dataclass
class Tally:
    """Counts of one group of requests (a department, a community, a street, the district)."""

    raised: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    responded_on_time: int = 0
    responded_late: int = 0
    evaluated: int = 0
    satisfied: int = 0
    evidence: list[str] = field(default_factory=list)

    @property
    def closed(self) -> int:
        return self.on_time + self.late

    def add(self, o: Outcome, satisfied: frozenset[str]) -> None:
        self.raised += 1
        setattr(self, o.status, getattr(self, o.status) + 1)
        if o.responded == ON_TIME:
            self.responded_on_time += 1
        elif o.responded == LATE:
            self.responded_late += 1
        if o.evaluation:
            self.evaluated += 1
            self.satisfied += o.evaluation in satisfied
        self.evidence.append(o.ref)

    def add_totals(self, row: Record) -> None:
        """A row of bulk counts; its closed-late count is closed minus on time."""
        closed, on_time = int(row.get("closed") or 0), int(row.get("on_time") or 0)
        self.raised += int(row.get("raised") or 0)
        self.on_time += on_time
        self.late += closed - on_time
        self.overdue += int(row.get("overdue_open") or 0)
        self.pending += int(row.get("raised") or 0) - closed - int(row.get("overdue_open") or 0)
        self.evaluated += int(row.get("evaluated") or 0)
        self.satisfied += int(row.get("satisfied") or 0)
        self.evidence.append(ref(row))

    def merge(self, other: Tally) -> None:
        for name in (
            "raised",
            "on_time",
            "late",
            "overdue",
            "pending",
            "responded_on_time",
            "responded_late",
            "evaluated",
            "satisfied",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.evidence.extend(other.evidence)

    @staticmethod
    def _rate(num: int, den: int) -> float | None:
        return round(100 * num / den, 2) if den else None

    @property
    def on_time_rate(self) -> float | None:
        """On time ÷ (closed + open past the deadline): open ones still in time are not judged."""
        return self._rate(self.on_time, self.on_time + self.late + self.overdue)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied, self.evaluated)

    @property
    def response_rate(self) -> float | None:
        return self._rate(self.responded_on_time, self.responded_on_time + self.responded_late)


@dataclass(frozen=True)
class RequestSummary:
    period: str
    as_of: str
    rules_file: str
    outcomes: tuple[Outcome, ...]
    district: Tally
    by_department: Mapping[str, Tally]
    by_community: Mapping[str, Tally]
    by_street: Mapping[str, Tally]
    by_category: Mapping[str, Tally]


def in_period(day: dt.date | None, period: str) -> bool:
    return day is not None and period_start(period) <= day <= period_end(period)


def summarise(
    ds: Dataset, period: str, as_of: dt.date, cal: WorkCalendar | None = None
) -> RequestSummary:
    """Every request raised in the period, judged on the as-of date, and the bulk counts."""
    from ..model.rules import rules_in_force

    found = rules_in_force(ds, "rules_requests", period_end(period), RULES_TITLE)
    if found.record is None:
        raise RulesMissing("; ".join(p.message for p in found.problems))
    rules = Deadlines.of(found.record)
    cal = cal or WorkCalendar.from_dataset(ds)
    street_of = {c.id: c.get("street", "") for c in ds.of("community").values()}
    outcomes = []
    for rec in ds.of("request").values():
        if not in_period(parse_date(rec.get("raised")), period):
            continue
        try:
            outcomes.append(judge(rules, cal, rec, as_of))
        except MissingCalendar as exc:
            raise RulesMissing(
                f"缺少 {exc.year} 年的工作日历 data/calendar/{exc.year}.yaml"
            ) from exc
    outcomes.sort(key=lambda o: o.id)
    district = Tally()
    groups: dict[str, dict[str, Tally]] = {
        "department": {},
        "community": {},
        "street": {},
        "category": {},
    }

    def tallies(department: str, community: str, category: str) -> Iterable[Tally]:
        yield district
        yield groups["department"].setdefault(department, Tally())
        yield groups["community"].setdefault(community, Tally())
        yield groups["street"].setdefault(street_of.get(community, ""), Tally())
        yield groups["category"].setdefault(category, Tally())

    for o in outcomes:
        for t in tallies(o.department, o.community, o.category):
            t.add(o, rules.satisfied)
    for row in ds.of("request_total").values():
        month = str(row.get("month") or "")
        if not in_period(parse_date(f"{month}-01") if len(month) == 7 else None, period):
            continue
        for t in tallies(
            row.get("department") or "", row.folder.get("community", ""), row.get("category") or ""
        ):
            t.add_totals(row)
    return RequestSummary(
        period,
        as_of.isoformat(),
        found.record.file,
        tuple(outcomes),
        district,
        *(
            dict(sorted(groups[k].items()))
            for k in ("department", "community", "street", "category")
        ),
    )


def has_inputs(ds: Dataset, period: str) -> bool:
    """Requests raised in the period (single requests or monthly counts)."""
    return any(
        in_period(parse_date(r.get("raised")), period) for r in ds.of("request").values()
    ) or any(str(r.get("month", ""))[:4] == period[:4] for r in ds.of("request_total").values())


def assess(
    ds: Dataset, period: str, as_of: dt.date, summary: RequestSummary | None = None
) -> Assessment:
    """Departments scored by the engine: on-time, satisfaction and response rates of the period."""
    rules = rules_for(ds, "rules_requests", period, RULES_TITLE)
    summary = summary or summarise(ds, period, as_of)
    names = code_names(ds, "departments")
    results = []
    for dept, t in summary.by_department.items():
        evidence = tuple(t.evidence)
        measures = {}
        notes = []
        for measure, value, note in (
            ("on_time_rate", t.on_time_rate, "本期没有到期的事项"),
            ("satisfaction_rate", t.satisfaction_rate, "本期没有居民评价"),
            ("response_rate", t.response_rate, "本期没有逐件记录的响应日期"),
        ):
            measures[measure] = Measured(value or 0.0, evidence if value is not None else ())
            if value is None:
                notes.append(note)
        results.append(score(rules, dept, names.get(dept, dept), "district", measures, notes))
    return Assessment("requests", TITLE, period, as_of.isoformat(), rules, rank(rules, results))
