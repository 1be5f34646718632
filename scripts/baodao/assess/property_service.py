"""物业服务评议与红黑榜 (seed 003): every quarter, per compound and property company.

The community and the compound's branch each score the property service (the rules weight
them); the owners' committee director's report is recorded beside it. Compounds scoring at or
above ``red_min`` go on the red list, below ``black_below`` on the black list. A company is
listed by the mean of its compounds' scores. A compound with a property company but no
evaluation in the quarter is listed as 未评议: not ranked, on neither list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..records.dataset import Dataset
from .engine import Assessment, Measured, Rules, SubjectResult, rank, rules_for, score

TITLE = "物业服务评议"
RED, BLACK, NOT_EVALUATED = "红榜", "黑榜", "未评议"


def evaluations_of(ds: Dataset, period: str) -> dict[str, tuple[dict, str]]:
    """Compound → (its evaluation row for ``period``, file:line of the row)."""
    out = {}
    for rec in ds.of("property_evaluation").values():
        if rec.get("period") != period:
            continue
        for i, row in enumerate(rec.get("evaluations") or []):
            if isinstance(row, dict) and isinstance(row.get("compound"), str):
                out.setdefault(
                    row["compound"], (row, f"{rec.file}:{rec.line_of(('evaluations', i))}")
                )
    return out


def has_inputs(ds: Dataset, period: str) -> bool:
    return any(r.get("period") == period for r in ds.of("property_evaluation").values())


def list_of(rules: Rules, total: int) -> str:
    if total >= round(float(rules.raw["red_min"]) * 100):
        return RED
    if total < round(float(rules.raw["black_below"]) * 100):
        return BLACK
    return ""


def assess(ds: Dataset, period: str, as_of: dt.date) -> Assessment:
    rules = rules_for(ds, "rules_property_evaluation", period, "物业服务评议规则")
    evaluations = evaluations_of(ds, period)
    scored, missing = [], []
    for compound in ds.of("compound").values():
        company = (compound.get("property") or {}).get("company")
        ev = evaluations.get(compound.id)
        if ev is None:
            if company:
                missing.append(SubjectResult(compound.id, compound.get("name"), compound.get("community"),
                                             0, "", (), (str(rules.stated.get("missing", NOT_EVALUATED)),),
                                             outcome=NOT_EVALUATED))  # fmt: skip
            continue
        row, where = ev
        measures = {
            "community_score": Measured(float(row["community_score"]), (where,)),
            "branch_score": Measured(float(row["branch_score"]), (where,)),
        }
        notes = []
        report = row.get("director_report")
        if isinstance(report, dict):
            notes.append(
                f"业委会主任 {report.get('date')} 述职"
                + (f"：{report['summary']}" if report.get("summary") else "")
            )
        scored.append(
            score(
                rules, compound.id, compound.get("name"), compound.get("community"), measures, notes
            )
        )
    ranked = tuple(replace(r, outcome=list_of(rules, r.total)) for r in rank(rules, scored))
    return Assessment(
        "property",
        TITLE,
        period,
        as_of.isoformat(),
        rules,
        ranked + tuple(sorted(missing, key=lambda r: r.subject)),
    )


@dataclass(frozen=True)
class CompanyResult:
    company: str
    name: str
    compounds: int
    mean: int  # hundredths
    outcome: str


def companies(ds: Dataset, a: Assessment) -> tuple[CompanyResult, ...]:
    """Each property company by the mean score of the compounds it serves that were evaluated."""
    evaluations = {
        cid: row.get("company") for cid, (row, _w) in evaluations_of(ds, a.period).items()
    }
    totals: dict[str, list[int]] = {}
    for r in a.results:
        if r.outcome != NOT_EVALUATED and r.subject in evaluations:
            totals.setdefault(evaluations[r.subject], []).append(r.total)
    out = []
    for cid, ts in totals.items():
        mean = (2 * sum(ts) + len(ts)) // (2 * len(ts))  # half up, in hundredths
        rec = ds.get("property_company", cid)
        out.append(
            CompanyResult(
                cid, rec.get("name") if rec else cid, len(ts), mean, list_of(a.rules, mean)
            )
        )
    return tuple(sorted(out, key=lambda c: (-c.mean, c.company)))
