"""Matching needs to resources (精准对接供需): ranked proposals, each with its reasons.

Deterministic: the same Dataset and as-of date give the same proposals in the same order. A
proposal is only a suggestion; an accepted pair becomes a project by an edit (never automatically).

A resource is proposed for an open need when it serves the need's category (its ``serves`` list,
or its own category when ``serves`` is empty and the names coincide) and is available on the
as-of date. Among those, the score prefers the same community (3) or street (1), enough capacity
for the quantity asked (2; partial 1), and availability with no end date (0.5); ties go to the
resource id. Needs are listed by urgency (high first), then by date raised and id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import registry
from ..model.codelists import code_names
from ..model.dates import parse_date
from ..records.dataset import Dataset, Record

URGENCY = {"high": 2, "medium": 1, "low": 0}
URGENCY_ZH = registry.default().labels("need", "urgency")


@dataclass(frozen=True)
class Proposal:
    need: str
    resource: str
    score: float
    reasons: tuple[str, ...]


def last_status(rec: Record) -> str | None:
    history = [h for h in rec.get("history") or [] if isinstance(h, dict)]
    return history[-1].get("status") if history else None


def _available(res: Record, day: dt.date) -> bool:
    span = res.get("available") or {}
    start, end = parse_date(span.get("from")), parse_date(span.get("to"))
    return (start is None or start <= day) and (end is None or day <= end)


def _street_of(ds: Dataset, community: str | None) -> str | None:
    rec = ds.get("community", community)
    return rec.get("street") if rec else None


def propose(
    ds: Dataset, as_of: dt.date, community: str | None = None, per_need: int = 3
) -> list[Proposal]:
    categories = code_names(ds, "need-categories")
    resources = [r for r in ds.of("resource").values() if _available(r, as_of)]
    needs = [
        n
        for n in ds.of("need").values()
        if last_status(n) == "open" and (community is None or n.get("community") == community)
    ]
    needs.sort(key=lambda n: (-URGENCY.get(n.get("urgency"), 0), n.get("raised") or "", n.id))
    out: list[Proposal] = []
    for need in needs:
        cat = need.get("category")
        street = _street_of(ds, need.get("community"))
        scored = []
        for res in resources:
            serves = res.get("serves") or []
            if cat not in serves:
                continue
            score, reasons = 0.0, [f"可服务「{categories.get(cat, cat)}」类需求"]
            if res.get("community") == need.get("community"):
                score += 3
                reasons.append("同一社区")
            elif _street_of(ds, res.get("community")) == street:
                score += 1
                reasons.append("同一街道")
            have, want = res.get("capacity"), need.get("quantity")
            unit = res.get("unit_of_measure") or ""
            if isinstance(have, int | float) and isinstance(want, int | float):
                if have >= want:
                    score += 2
                    reasons.append(f"数量足够（可提供 {have:g}{unit}，需要 {want:g}）")
                else:
                    score += 1
                    reasons.append(f"只能部分满足（可提供 {have:g}{unit}，需要 {want:g}）")
            if not (res.get("available") or {}).get("to"):
                score += 0.5
                reasons.append("长期可提供")
            scored.append((-score, res.id, Proposal(need.id, res.id, score, tuple(reasons))))
        scored.sort(key=lambda t: (t[0], t[1]))
        out.extend(p for _s, _i, p in scored[:per_need])
    return out


def match_rate(ds: Dataset, community: str) -> tuple[int, int]:
    """(needs met, needs raised) of a community; closed needs are not counted as raised."""
    raised = met = 0
    for need in ds.of("need").values():
        if need.get("community") != community:
            continue
        status = last_status(need)
        if status == "closed":
            continue
        raised += 1
        met += status == "met"
    return met, raised
