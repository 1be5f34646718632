"""The public view of governance transparency (治理公开): requests, force index, coverage, funds, admission list.

Part of the public view (see publicview.py): everything leaves this module already in words.
Requests, organisations, buildings and money are not people and are shown in full. The force map
counts people: each count goes through ``suppress`` (under 5 → "少于 5"); a rate is shown only
when both of its counts of people are 5 or more, and the index total only when every part of it
is shown (otherwise the hidden part could be worked back from the total).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from ..assess import coverage as coverage_mod
from ..assess import force as force_mod
from ..assess import requests as requests_mod
from ..assess.engine import RulesMissing, SubjectResult, fmt_points, period_end
from ..model import funds as funds_mod
from ..model.codelists import code_names
from ..model.rules import rules_in_force
from ..records.dataset import Dataset
from .requestsprotect import protect_requests
from .suppression import SUPPRESS_BELOW, Line, protect, suppress

NOT_SHOWN = "—"
ADMISSION_KIND = {
    "statutory": "依法履职事项",
    "assisting": "依法协助事项",
    "stamp": "准入盖章（证明）事项",
    "negative": "负面清单（社区不承担、不出具）",
}


def _pct(x: float | None) -> str:
    return NOT_SHOWN if x is None else f"{x:.1f}%"


@dataclass(frozen=True)
class RequestRow:
    id: str
    name: str
    raised: int | str  # 不公开 when withheld (requestsprotect.py)
    closed: int | str  # 不公开 when withheld (requestsprotect.py)
    on_time: int | str  # 不公开 when withheld (requestsprotect.py)
    late: int | str  # 不公开 when withheld (requestsprotect.py)
    overdue: int | str  # 不公开 when withheld (requestsprotect.py)
    pending: int | str  # 不公开 when withheld (requestsprotect.py)
    on_time_rate: str
    satisfaction_rate: str
    response_rate: str
    total: str = ""  # department score (engine), departments only
    grade: str = ""
    rank: int = 0


@dataclass(frozen=True)
class RequestsView:
    period: str
    provisional: bool
    rules_file: str
    basis: str
    deadlines: tuple[str, ...]  # the deadline rules in words
    targets: Mapping[str, str]
    stated: tuple[str, ...]
    district: RequestRow
    departments: tuple[RequestRow, ...]  # by rank
    streets: tuple[RequestRow, ...]
    communities: tuple[RequestRow, ...]
    categories: tuple[RequestRow, ...]
    bands: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ForceRow:
    id: str
    name: str
    level: str  # district / street / community
    households: int
    members: str
    concurrent: str
    volunteers: str
    grid_staff: str
    total: str
    vacant_posts: int
    parts: tuple[tuple[str, str, str], ...]  # (name, value in words, points) per indicator
    index: str
    grade: str
    rank: int = 0


@dataclass(frozen=True)
class ForceView:
    period: str
    provisional: bool
    rules_file: str
    basis: str
    indicators: tuple[tuple[str, str, str, str], ...]  # (name, weight, how, source)
    bands: tuple[tuple[str, str], ...]
    stated: tuple[str, ...]
    district: ForceRow
    streets: tuple[ForceRow, ...]
    communities: tuple[ForceRow, ...]  # by district rank


@dataclass(frozen=True)
class CoverageRow:
    id: str
    name: str
    shares: Mapping[str, tuple[int, int, str]]  # measure → (covered, total, rate)
    independent: int
    joint: int
    party_groups: int
    building_groups: int


@dataclass(frozen=True)
class CoverageView:
    as_of: str
    rules_file: str
    basis: str
    targets: tuple[
        tuple[str, str, str, str, str, str], ...
    ]  # (measure, name, target, actual, how, source)
    district: CoverageRow
    streets: tuple[CoverageRow, ...]
    communities: tuple[CoverageRow, ...]


@dataclass(frozen=True)
class FundLine:
    kind: str
    budget: str
    spent: str
    rate: str
    uses: tuple[tuple[str, str, str, str], ...]  # (date, purpose, amount, branch name)
    note: str
    ref: str


@dataclass(frozen=True)
class FundsView:
    period: str
    district: tuple[tuple[str, str, str, str], ...]  # (kind, budget, spent, rate)
    communities: tuple[tuple[str, str, tuple[FundLine, ...]], ...]  # (id, name, funds)
    subsidies: tuple[tuple[str, str, str, str, str], ...]  # (branch id, name, due, paid, gap)
    due_known: bool  # whether a star-rating subsidy mapping was given


@dataclass(frozen=True)
class AdmissionView:
    file: str
    in_force: str
    basis: str
    source: str
    contact: str
    groups: tuple[
        tuple[str, tuple[tuple[str, str, str, str], ...]], ...
    ]  # (kind, ((id, name, dept, basis)…))


@dataclass(frozen=True)
class GovView:
    as_of: str
    requests: tuple[RequestsView, ...] = ()  # newest first
    force: tuple[ForceView, ...] = ()
    coverage: CoverageView | None = None
    funds: tuple[FundsView, ...] = ()
    admission: AdmissionView | None = None
    errors: tuple[str, ...] = field(default_factory=tuple)  # parts left out (no rules), in words


def _names(ds: Dataset, type_name: str) -> dict[str, str]:
    return {r.id: r.get("name", r.id) for r in ds.of(type_name).values()}


def _bands(bands: tuple[tuple[str, float], ...]) -> tuple[tuple[str, str], ...]:
    out, higher = [], None
    for grade, low in bands:
        low_s = f"{low:g}"
        if higher is None:
            out.append((grade, f"{low_s} 分及以上"))
        elif low <= 0:
            out.append((grade, f"不到 {higher:g} 分"))
        else:
            out.append((grade, f"{low_s} 分及以上、不到 {higher:g} 分"))
        higher = low
    return tuple(out)


def _basis(ds: Dataset, type_name: str, file: str) -> str:
    return next(
        (str(r.get("basis") or "") for r in ds.of(type_name).values() if r.file == file), ""
    )


def _request_row(
    rid: str, name: str, t: requests_mod.Tally, result: SubjectResult | None = None
) -> RequestRow:
    return RequestRow(
        rid,
        name,
        t.raised,
        t.closed,
        t.on_time,
        t.late,
        t.overdue,
        t.pending,
        _pct(t.on_time_rate),
        _pct(t.satisfaction_rate),
        _pct(t.response_rate),
        fmt_points(result.total) if result else "",
        result.grade if result else "",
        result.rank_district if result else 0,
    )


def request_periods(ds: Dataset, as_of: dt.date) -> list[str]:
    years = {str(r.get("raised"))[:4] for r in ds.of("request").values()}
    years |= {str(r.folder.get("year")) for r in ds.of("request_total").values()}
    return sorted(y for y in years if y.isdigit() and int(y) <= as_of.year)


def build_requests(
    ds: Dataset, period: str, as_of: dt.date
) -> tuple[RequestsView, requests_mod.RequestSummary]:
    summary = requests_mod.summarise(ds, period, as_of)
    a = requests_mod.assess(ds, period, as_of, summary)
    rec = next(r for r in ds.of("rules_requests").values() if r.file == summary.rules_file)
    d = rec.data
    cats = code_names(ds, "request-categories")
    deadlines = [
        f"部门在吹哨后 {d['respond_days']} 个工作日内响应（报到）",
        f"一般事项 {d['close_days']} 个工作日内办结",
    ]
    deadlines += [
        f"{cats.get(k, k)}事项 {v} 个工作日内办结"
        for k, v in (d.get("close_days_by_category") or {}).items()
    ]
    targets = {k: f"{v:g}%" for k, v in (d.get("targets") or {}).items()}
    results = {r.subject: r for r in a.results}
    depts = _names_from_codes(ds, "departments")
    communities = _names(ds, "community")
    streets = _names(ds, "street")
    view = RequestsView(
        period,
        as_of < period_end(period),
        summary.rules_file,
        str(d.get("basis") or ""),
        tuple(deadlines),
        targets,
        tuple(str(s) for s in (d.get("stated") or {}).values()),
        _request_row("district", "全区", summary.district),
        tuple(
            sorted(
                (
                    _request_row(k, depts.get(k, k), t, results.get(k))
                    for k, t in summary.by_department.items()
                ),
                key=lambda r: (r.rank, r.id),
            )
        ),
        tuple(_request_row(k, streets.get(k, k), t) for k, t in summary.by_street.items()),
        tuple(_request_row(k, communities.get(k, k), t) for k, t in summary.by_community.items()),
        tuple(_request_row(k, cats.get(k, k), t) for k, t in summary.by_category.items()),
        _bands(a.rules.bands),
    )
    return protect_requests(ds, view), summary


def _names_from_codes(ds: Dataset, list_id: str) -> dict[str, str]:
    return code_names(ds, list_id)


def _shown_rate(num: int, den: int) -> bool:
    return num >= SUPPRESS_BELOW and den >= SUPPRESS_BELOW


FORCE_COUNTS = ("members", "concurrent", "volunteers", "grid_staff", "total")
WITHHELD = "不公开"  # withheld so that a small count cannot be worked out by subtraction


def _force_withheld(ds: Dataset, fi: force_mod.ForceIndex) -> frozenset[Hashable]:
    """The force table's counts to withhold: each row adds up to its total, and each column's
    street figure to its communities' and the district's to its streets' (the 兼职委员 column
    gave every small cell away at city scale before: docs/privacy.md)."""
    rows: dict[tuple[str, str], force_mod.Force] = {("district", ""): fi.district[0]}
    rows.update({("street", sid): f for sid, (f, _r) in fi.streets.items()})
    rows.update({("community", cid): f for cid, f in fi.force.items()})
    values: dict[Hashable, int] = {}
    lines: list[Line] = []
    for (level, rid), f in rows.items():
        for col in FORCE_COUNTS:
            values[(level, rid, col)] = getattr(f, col)
        lines.append(Line((level, rid, "total"), tuple((level, rid, c) for c in FORCE_COUNTS[:-1])))
    by_street: dict[str, list[str]] = {}
    for cid in fi.force:
        community = ds.get("community", cid)
        by_street.setdefault(community.get("street", "") if community else "", []).append(cid)
    for col in FORCE_COUNTS:
        for sid, cids in sorted(by_street.items()):
            if ("street", sid) in rows:
                lines.append(Line(("street", sid, col), tuple(("community", c, col) for c in cids)))
        lines.append(
            Line(("district", "", col), tuple(("street", s, col) for s in sorted(fi.streets)))
        )
    # A zero reads "少于 5" like a small count, so it is as unknown to a reader as one.
    return protect(values, lines, forced=[k for k, v in values.items() if v == 0])


def _count(n: int, key: Hashable, withheld: frozenset[Hashable]) -> str:
    if key not in withheld:
        return str(n)
    # A zero reads "少于 5" too: shown or withheld, it looks like a small count.
    return suppress(n) if n < SUPPRESS_BELOW else WITHHELD  # type: ignore[return-value]


def _force_row(
    fid: str,
    name: str,
    level: str,
    f: force_mod.Force,
    r: SubjectResult,
    measure_of: Mapping[str, str],
    withheld: frozenset[Hashable] = frozenset(),
) -> ForceRow:
    key = ("district", "") if level == "district" else (level, fid)
    hidden = {col for col in FORCE_COUNTS if (*key, col) in withheld}
    shown = {
        # per hundred households × the households shown would give a withheld total back
        "enough": f.total >= SUPPRESS_BELOW and "total" not in hidden,
        "mobilised": _shown_rate(f.active, f.members) and "members" not in hidden,
        "results": True,  # needs, wishes and requests are not people
        "lost": _shown_rate(f.left + f.inactive, f.total) and "total" not in hidden,
    }
    words = {
        "enough": f"每百户 {100 * f.total / f.households:.1f} 人" if f.households else NOT_SHOWN,
        "mobilised": f"{100 * f.active / f.members:.1f}%" if f.members else NOT_SHOWN,
        "results": f"{f.done}/{f.asked} 件（{100 * f.done / f.asked:.1f}%）"
        if f.asked
        else "无事项",
        "lost": f"{100 * f.lost / f.total:.1f}%" if f.total else NOT_SHOWN,
    }
    parts = []
    for i in r.indicators:
        m = measure_of.get(i.id, "")
        ok = shown.get(m, False)
        parts.append(
            (
                i.name,
                words.get(m, NOT_SHOWN) if ok else NOT_SHOWN,
                fmt_points(i.points) if ok else NOT_SHOWN,
            )
        )
    all_shown = all(p[2] != NOT_SHOWN for p in parts)
    c = {col: _count(getattr(f, col), (*key, col), withheld) for col in FORCE_COUNTS}
    return ForceRow(
        fid,
        name,
        level,
        f.households,
        c["members"],
        c["concurrent"],
        c["volunteers"],
        c["grid_staff"],
        c["total"],
        f.vacant_posts,
        tuple(parts),
        fmt_points(r.total) if all_shown else NOT_SHOWN,
        r.grade if all_shown else NOT_SHOWN,
        r.rank_district,
    )


def build_force(
    ds: Dataset, period: str, as_of: dt.date, summary: requests_mod.RequestSummary | None
) -> ForceView:
    fi = force_mod.index(ds, period, as_of, summary)
    rules = fi.assessment.rules
    rec = next(r for r in ds.of("rules_force_index").values() if r.file == rules.file)
    stated = dict(rec.get("stated") or {})
    indicators = tuple(
        (
            i.name,
            ("−" if i.deduct else "") + f"{i.weight:g}",
            str(stated.get(i.measure, "")),
            i.source,
        )
        for i in rules.indicators
    )
    communities = _names(ds, "community")
    streets = _names(ds, "street")
    m = {i.id: i.measure for i in rules.indicators}
    hidden = _force_withheld(ds, fi)
    crow = tuple(
        _force_row(
            r.subject,
            communities.get(r.subject, r.subject),
            "community",
            fi.force[r.subject],
            r,
            m,
            hidden,
        )
        for r in fi.assessment.results
    )
    srow = tuple(
        _force_row(sid, streets.get(sid, sid), "street", f, r, m, hidden)
        for sid, (f, r) in fi.streets.items()
    )
    drow = _force_row("district", "全区", "district", *fi.district, m, hidden)
    other = tuple(
        str(v) for k, v in stated.items() if k not in {i.measure for i in rules.indicators}
    )
    return ForceView(
        period,
        as_of < period_end(period),
        rules.file,
        str(rec.get("basis") or ""),
        indicators,
        _bands(rules.bands),
        other,
        drow,
        srow,
        crow,
    )


def _coverage_row(cid: str, name: str, c: coverage_mod.Coverage) -> CoverageRow:
    shares = {m: (s.covered, s.total, _pct(s.rate)) for m, s in c.shares.items()}
    return CoverageRow(cid, name, shares, c.independent, c.joint, c.party_groups, c.building_groups)


def build_coverage(ds: Dataset, as_of: dt.date) -> CoverageView | None:
    cs = coverage_mod.coverage(ds, as_of)
    if not cs.rules_file:
        return None
    communities, streets = _names(ds, "community"), _names(ds, "street")
    targets = tuple(
        (
            t.measure,
            t.name,
            f"{t.target:g}%",
            _pct(cs.district.shares[t.measure].rate),
            t.how,
            t.source,
        )
        for t in cs.targets
    )
    return CoverageView(
        cs.as_of,
        cs.rules_file,
        _basis(ds, "rules_coverage", cs.rules_file),
        targets,
        _coverage_row("district", "全区", cs.district),
        tuple(_coverage_row(k, streets.get(k, k), c) for k, c in cs.by_street.items()),
        tuple(_coverage_row(k, communities.get(k, k), c) for k, c in cs.by_community.items()),
    )


def build_funds(
    ds: Dataset, period: str, subsidy_due: Mapping[str, int | float] | None = None
) -> FundsView:
    fs = funds_mod.summarise(ds, period, subsidy_due)
    branches, communities = _names(ds, "branch"), _names(ds, "community")
    kinds = funds_mod.KIND_ZH

    def totals(group: Mapping[str, funds_mod.Totals]) -> tuple[tuple[str, str, str, str], ...]:
        return tuple(
            (kinds.get(k, k), funds_mod.yuan(t.budget), funds_mod.yuan(t.spent), _pct(t.rate))
            for k, t in sorted(
                group.items(), key=lambda kv: list(kinds).index(kv[0]) if kv[0] in kinds else 9
            )
        )

    by_c: dict[str, list[FundLine]] = {}
    for f in fs.funds:
        rate = _pct(round(100 * f.spent / f.budget, 1) if f.budget else None)
        uses = tuple(
            (u.date, u.purpose, funds_mod.yuan(u.amount), branches.get(u.branch, ""))
            for u in f.uses
        )
        by_c.setdefault(f.community, []).append(
            FundLine(
                kinds.get(f.kind, f.kind),
                funds_mod.yuan(f.budget),
                funds_mod.yuan(f.spent),
                rate,
                uses,
                f.note,
                f.ref,
            )
        )
    subsidies = tuple(
        (
            s.branch,
            branches.get(s.branch, s.branch),
            funds_mod.yuan(s.due),
            funds_mod.yuan(s.paid),
            funds_mod.yuan(s.gap),
        )
        for s in fs.subsidies
    )
    return FundsView(
        period,
        totals(fs.district),
        tuple(
            (cid, communities.get(cid, cid), tuple(lines)) for cid, lines in sorted(by_c.items())
        ),
        subsidies,
        subsidy_due is not None,
    )


def build_admission(ds: Dataset, as_of: dt.date) -> AdmissionView | None:
    found = rules_in_force(ds, "admission_list", as_of, "社区工作准入清单")
    rec = found.record
    if rec is None:
        return None
    groups: dict[str, list[tuple[str, str, str, str]]] = {k: [] for k in ADMISSION_KIND}
    for item in rec.get("items") or []:
        groups.setdefault(item.get("kind"), []).append(
            (
                item.get("id", ""),
                item.get("name", ""),
                item.get("department", ""),
                item.get("basis", ""),
            )
        )
    return AdmissionView(
        rec.file,
        str((rec.get("in_force") or {}).get("from", "")),
        str(rec.get("basis") or ""),
        str(rec.get("source") or ""),
        str(rec.get("contact") or ""),
        tuple((ADMISSION_KIND.get(k, k), tuple(v)) for k, v in groups.items() if v),
    )


def build_governance(
    ds: Dataset, as_of: dt.date, subsidy_due: Mapping[str, Mapping[str, int]] | None = None
) -> GovView:
    """Every governance part that has its rules; a part without rules is left out and said so.

    ``subsidy_due`` is {year: {branch id: yuan}} from the star rating (a year whose rating is not
    made yet is absent: its page shows what was paid and "—" for what is due)."""
    errors: list[str] = []
    requests, forces = [], []
    periods = sorted(set(request_periods(ds, as_of)) | {str(as_of.year)})
    for period in periods:
        summary = None
        try:
            view, summary = build_requests(ds, period, as_of)
            requests.append(view)
        except (RulesMissing, StopIteration) as exc:
            errors.append(f"{period} 年吹哨报到：{exc}")
        try:
            forces.append(build_force(ds, period, as_of, summary))
        except (RulesMissing, StopIteration) as exc:
            errors.append(f"{period} 年“3+1”指数：{exc}")
    funds = [
        build_funds(ds, p, (subsidy_due or {}).get(p))
        for p in funds_mod.periods(ds)
        if p[:4].isdigit() and int(p[:4]) <= as_of.year
    ]
    return GovView(
        as_of.isoformat(),
        tuple(reversed(requests)),
        tuple(reversed(forces)),
        build_coverage(ds, as_of),
        tuple(reversed(funds)),
        build_admission(ds, as_of),
        tuple(errors),
    )
