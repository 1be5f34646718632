"""Frozen results: after its notice period a period's results are records, and every recompute
is checked against them. A difference is an error naming what changed, unless the frozen record
is amended (with a date and a reason) by ``baodao assess --freeze --amend REASON``.

Unit results are public (``data/results/unit-assessment/<period>.json``); members' individual
results live in the private root (``results/member-assessment/<period>.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..problems import ERROR, Problem
from ..records.dataset import Dataset
from ..repo import Repo
from .engine import Assessment

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


def record_of(a: Assessment, frozen_on: str, amendments: list[dict]) -> dict[str, Any]:
    return {
        "assessment": a.name,
        "period": a.period,
        "rules": a.rules.file,
        "frozen_on": frozen_on,
        "amendments": amendments,
        "results": [
            {
                "subject": r.subject,
                "total": a.fmt(r.total),
                "grade": r.grade,
                **({"outcome": r.outcome} if r.outcome else {}),
                "points": {i.id: a.fmt(i.points) for i in r.indicators},
            }
            for r in a.results
        ],  # fmt: skip
    }


def differences(a: Assessment, frozen: dict) -> list[str]:
    """What a recompute changes against the frozen record, in words, subject by subject."""
    now = {r["subject"]: r for r in record_of(a, "", [])["results"]}
    then = {r.get("subject"): r for r in frozen.get("results") or [] if isinstance(r, dict)}
    out = []
    if frozen.get("rules") != a.rules.file:
        out.append(f"规则文件 {frozen.get('rules')} → {a.rules.file}")
    for subject in sorted(set(now) | set(then), key=str):
        old, new = then.get(subject), now.get(subject)
        if old is None:
            out.append(f"{subject}：冻结结果中没有，重新计算得 {new['total']}（{new['grade']}）")
        elif new is None:
            out.append(
                f"{subject}：冻结结果 {old.get('total')}（{old.get('grade')}），重新计算中没有"
            )
        elif (old.get("total"), old.get("grade"), old.get("outcome"), old.get("points")) != (
            new["total"],
            new["grade"],
            new.get("outcome"),
            new["points"],
        ):
            parts = [f"{k} {old.get('points', {}).get(k)} → {v}" for k, v in new["points"].items()
                     if (old.get("points") or {}).get(k) != v]  # fmt: skip
            outcome = (
                f"，结果 {old.get('outcome') or '无'} → {new.get('outcome') or '无'}"
                if old.get("outcome") != new.get("outcome")
                else ""
            )
            out.append(f"{subject}：总分 {old.get('total')} → {new['total']}，等级 {old.get('grade')} → {new['grade']}"
                       + outcome + (f"（{'；'.join(parts)}）" if parts else ""))  # fmt: skip
    return out


def verify(ds: Dataset, a: Assessment) -> list[Problem]:
    rec = ds.get("frozen_result", f"{FOLDER[a.name]}/{a.period}")
    if rec is None:
        return []
    diffs = differences(a, dict(rec.data))
    if not diffs:
        return []
    shown = diffs[:20] + ([f"……另有 {len(diffs) - 20} 处"] if len(diffs) > 20 else [])
    return [Problem(rec.file, 1, "results", "FROZEN001", ERROR,
                    f"重新计算的{a.title}（{a.period}）与冻结结果不一致：" + "；".join(shown),
                    f"recomputed results differ from the frozen record in {len(diffs)} places",
                    "找出改动了哪条记录或规则；确需更正的，用 baodao assess --freeze --amend 原因 记录更正")]  # fmt: skip


def freeze(
    repo: Repo, ds: Dataset, a: Assessment, today: str, amend: str | None
) -> tuple[Path, list[str]]:
    """Write (or amend) the frozen record; refuse to overwrite a differing one without a reason."""
    target = path_of(repo, a.name, a.period)
    rec = ds.get("frozen_result", f"{FOLDER[a.name]}/{a.period}")
    amendments: list[dict] = []
    frozen_on = today
    diffs: list[str] = []
    if rec is not None:
        diffs = differences(a, dict(rec.data))
        amendments = list(rec.get("amendments") or [])
        frozen_on = rec.get("frozen_on", today)
        if diffs and not amend:
            raise ValueError(
                f"{target} 已冻结，且与重新计算有 {len(diffs)} 处不同：须用 --amend 说明更正原因"
            )
        if diffs:
            changed = sorted({d.split("：", 1)[0] for d in diffs})
            amendments.append({"date": today, "reason": amend, "changed": changed})
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record_of(a, frozen_on, amendments), ensure_ascii=False, indent=1) + "\n"
    target.write_text(text, encoding="utf-8")
    return target, diffs
