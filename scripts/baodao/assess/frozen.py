"""Frozen results: after its notice period a period's results are records, and every recompute
is checked against them. A difference is an error naming what changed, unless the frozen record
is amended (with a date and a reason) by ``baodao assess --freeze --amend REASON``.

Unit results are public (``data/results/unit-assessment/<period>.json``); members' individual
results live in the private root (``results/member-assessment/<period>.json``).

Frozen is published: the site shows a frozen period's figures from the record (``published``),
and ``validate`` recomputes every frozen period, not only the as-of year (``verify_all``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..problems import ERROR, Problem
from ..records.dataset import Dataset, Record
from ..repo import Repo
from .engine import UNSETTLED, Assessment, RulesMissing, SubjectResult
from .stamp import Stamp

FOLDER = {
    "units": "unit-assessment",
    "members": "member-assessment",
    "stars": "branch-stars",
    "communities": "community-assessment",
    "property": "property-evaluation",
    "hotline": "hotline",
}


def path_of(repo: Repo, name: str, period: str) -> Path:
    if name in ("members", "hotline"):  # individual results; 12345 cells under 5
        if repo.private_root is None:
            raise ValueError(
                "个人考核结果和 12345 工单结果只能冻结在私有库中：用 --private 指定私有库"
            )
        return repo.private_root / "results" / FOLDER[name] / f"{period}.json"
    return repo.root / "data" / "results" / FOLDER[name] / f"{period}.json"


def _row(a: Assessment, r: SubjectResult) -> dict[str, Any]:
    return {
        "subject": r.subject,
        "total": a.fmt(r.total),
        "grade": r.grade,
        **({"outcome": r.outcome} if r.outcome else {}),
        **({"outcomes": list(r.outcomes)} if len(r.outcomes) > 1 else {}),
        "rank": r.rank_district,
        "points": {i.id: a.fmt(i.points) for i in r.indicators},
    }


def record_of(
    a: Assessment, frozen_on: str, amendments: list[dict], stamp: Stamp | None = None
) -> dict[str, Any]:
    missing = a.rules.raw.get("missing")
    return {
        "assessment": a.name,
        "period": a.period,
        "rules": a.rules.file,
        **({"commit": stamp.commit, "inputs": stamp.inputs} if stamp else {}),
        **({"missing": str(missing)} if missing and a.name == "communities" else {}),
        "frozen_on": frozen_on,
        "amendments": amendments,
        "results": [_row(a, r) for r in a.results],
        **({a.group_kind: [_row(a, r) for r in a.groups]} if a.groups else {}),
    }


def differences(a: Assessment, frozen: dict) -> list[str]:
    """What a recompute changes against the frozen record, in words, subject by subject (the
    property companies' list as well as the compounds')."""
    out = []
    if frozen.get("rules") != a.rules.file:
        out.append(f"规则文件 {frozen.get('rules')} → {a.rules.file}")
    now = record_of(a, "", [])
    out += _compare(now["results"], frozen.get("results") or [], "")
    if a.groups or frozen.get(a.group_kind):
        out += _compare(now.get(a.group_kind) or [], frozen.get(a.group_kind) or [], "物业公司 ")
    return out


def _compare(now_rows: list[dict], then_rows: list, prefix: str) -> list[str]:
    now = {r["subject"]: r for r in now_rows}
    then = {r.get("subject"): r for r in then_rows if isinstance(r, dict)}
    out = []
    for subject in sorted(set(now) | set(then), key=str):
        old, new = then.get(subject), now.get(subject)
        if old is None:
            out.append(
                f"{prefix}{subject}：冻结结果中没有，重新计算得 {new['total']}（{new['grade']}）"
            )
        elif new is None:
            out.append(
                f"{prefix}{subject}：冻结结果 {old.get('total')}（{old.get('grade')}），重新计算中没有"
            )
        elif (old.get("total"), old.get("grade"), old.get("outcome"), old.get("points")) != (
            new["total"],
            new["grade"],
            new.get("outcome"),
            new["points"],
        ):
            parts = [
                f"{k} {old.get('points', {}).get(k)} → {v}"
                for k, v in new["points"].items()
                if (old.get("points") or {}).get(k) != v
            ]
            outcome = (
                f"，结果 {old.get('outcome') or '无'} → {new.get('outcome') or '无'}"
                if old.get("outcome") != new.get("outcome")
                else ""
            )
            out.append(
                f"{prefix}{subject}：总分 {old.get('total')} → {new['total']}，等级 {old.get('grade')} → {new['grade']}"
                + outcome
                + (f"（{'；'.join(parts)}）" if parts else "")
            )
    return out


def frozen_record(ds: Dataset, name: str, period: str) -> Record | None:
    return ds.get("frozen_result", f"{FOLDER[name]}/{period}") if name in FOLDER else None


def verify(ds: Dataset, a: Assessment) -> list[Problem]:
    rec = frozen_record(ds, a.name, a.period)
    if rec is None:
        return []
    diffs = differences(a, dict(rec.data))
    if not diffs:
        return []
    shown = diffs[:20] + ([f"……另有 {len(diffs) - 20} 处"] if len(diffs) > 20 else [])
    return [
        Problem(
            rec.file,
            1,
            "results",
            "FROZEN001",
            ERROR,
            f"重新计算的{a.title}（{a.period}）与冻结结果不一致：" + "；".join(shown),
            f"recomputed results differ from the frozen record in {len(diffs)} places",
            "找出改动了哪条记录或规则；确需更正的，用 baodao assess --freeze --amend 原因 记录更正",
        )
    ]


def verify_all(ds: Dataset, as_of: dt.date) -> list[Problem]:
    """Recompute every frozen period (each with its own rules) and compare: a silent edit of
    2024's inputs is caught in 2026 (FROZEN001)."""
    from . import ASSESSMENTS  # the registry imports every assessment module

    by_folder = {folder: name for name, folder in FOLDER.items()}
    found: list[Problem] = []
    for rec in sorted(ds.of("frozen_result").values(), key=lambda r: r.file):
        name, period = by_folder.get(rec.folder.get("assessment", "")), rec.get("period")
        name = name or rec.get("assessment")
        if name not in ASSESSMENTS or not isinstance(period, str):
            continue
        if name == "members" and not ds.has_private:
            continue
        try:
            a = ASSESSMENTS[name].assess(ds, period, max(as_of, _end(period)))
        except RulesMissing as exc:
            found.append(
                Problem(
                    rec.file,
                    1,
                    "rules",
                    "FROZEN001",
                    ERROR,
                    f"冻结的{period}结果无法重新计算：{exc}",
                    "the frozen period cannot be recomputed: no rules in force",
                    "恢复该期的规则文件",
                )
            )
            continue
        found.extend(verify(ds, a))
    return found


def _end(period: str) -> dt.date:
    from .engine import period_end

    return period_end(period)


def published(ds: Dataset, a: Assessment) -> Assessment:
    """The assessment as published: a frozen period shows the frozen figures (total, grade,
    outcome, points, order), whatever a recompute now says; the breakdown's evidence and notes
    come from the recompute. Subjects only in the recompute are left out."""
    rec = frozen_record(ds, a.name, a.period)
    if rec is None:
        return a
    return replace(
        a,
        results=_overlay(a, a.results, rec.get("results")),
        groups=_overlay(a, a.groups, rec.get(a.group_kind)),
    )


def _hundredths(text: Any) -> int:
    from decimal import Decimal, InvalidOperation

    try:
        return int(Decimal(str(text)) * 100)
    except (InvalidOperation, ValueError):
        return 0


def _overlay(
    a: Assessment, results: tuple[SubjectResult, ...], rows: Any
) -> tuple[SubjectResult, ...]:
    if not isinstance(rows, list):
        return results
    now = {r.subject: r for r in results}
    out = []
    for n, row in enumerate(r for r in rows if isinstance(r, dict)):
        base = now.get(row.get("subject"))
        if base is None:
            base = SubjectResult(str(row.get("subject")), str(row.get("subject")), "", 0, "", ())
        points = row.get("points") or {}
        indicators = tuple(
            replace(i, points=_hundredths(points[i.id])) if i.id in points else i
            for i in base.indicators
        )
        outcomes = tuple(row.get("outcomes") or ([row["outcome"]] if row.get("outcome") else []))
        total = _hundredths(row.get("total"))  # counts are written whole: 12 → 1200, as kept
        out.append(
            replace(
                base,
                total=total,
                grade=str(row.get("grade") or ""),
                outcome=str(row.get("outcome") or ""),
                outcomes=outcomes,
                indicators=indicators,
                exact=None,
                rank_district=int(row.get("rank", n + 1) or 0),
            )
        )
    return tuple(out)


def freeze(
    repo: Repo,
    ds: Dataset,
    a: Assessment,
    today: str,
    amend: str | None,
    stamp: Stamp | None = None,
) -> tuple[Path, list[str]]:
    """Write (or amend) the frozen record; refuse to overwrite a differing one without a reason,
    and refuse while inputs are missing that the rules do not say how to treat."""
    unsettled = [n for r in a.results for n in r.notes if n.endswith(UNSETTLED)]
    if unsettled:
        raise ValueError(
            f"{a.title}（{a.period}）还缺评分，且规则没有写明如何处理（missing: zero / mean / exclude）："
            + "；".join(
                f"{r.subject} {n}" for r in a.results for n in r.notes if n.endswith(UNSETTLED)
            )[:500]
        )
    target = path_of(repo, a.name, a.period)
    rec = ds.get("frozen_result", f"{FOLDER[a.name]}/{a.period}")
    amendments: list[dict] = []
    frozen_on = today
    diffs: list[str] = []
    if rec is not None:
        diffs = differences(a, dict(rec.data))
        amendments = list(rec.get("amendments") or [])
        frozen_on = rec.get("frozen_on", today)
        if not diffs and rec.get("commit"):
            # Nothing changed: the record keeps the stamp it was frozen with.
            stamp = Stamp(str(rec.get("commit")), str(rec.get("inputs") or ""))
        if diffs and not amend:
            raise ValueError(
                f"{target} 已冻结，且与重新计算有 {len(diffs)} 处不同：须用 --amend 说明更正原因"
            )
        if diffs:
            changed = sorted({d.split("：", 1)[0] for d in diffs})
            amendments.append({"date": today, "reason": amend, "changed": changed})
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (
        json.dumps(record_of(a, frozen_on, amendments, stamp), ensure_ascii=False, indent=1) + "\n"
    )
    target.write_text(text, encoding="utf-8")
    return target, diffs
