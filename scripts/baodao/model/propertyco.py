"""A compound's property company over time: the quarter's evaluation names the company that
served then, not the one serving today (seed 003's red/black list is per quarter).

``property: {company, since, history: [{company, since}, …]}``: the current company and the
earlier ones, each serving from its ``since`` until the next one's. The oldest one known is taken
to have served since ever: nobody records what came before it (so a compound without
``history`` keeps one company, whatever its ``since``).
"""

from __future__ import annotations

import datetime as dt

from ..records.dataset import Record

_EVER = "0000-01-01"


def _spans(compound: Record) -> list[tuple[str, str | None]]:
    """(since, company or None for 无物业), oldest first."""
    prop = compound.get("property") or {}
    out = [
        (str(h.get("since")), None if h.get("none") else h.get("company"))
        for h in prop.get("history") or []
        if isinstance(h, dict)
    ]
    out.append((str(prop.get("since") or _EVER), None if prop.get("none") else prop.get("company")))
    out.sort(key=lambda s: s[0])
    return [(_EVER, out[0][1]), *out[1:]]


def company_on(compound: Record, day: dt.date) -> str | None:
    current = None
    for since, company in _spans(compound):
        if since <= day.isoformat():
            current = company
    return current


def companies_between(compound: Record, start: dt.date, end: dt.date) -> list[str]:
    """Every company that served the compound on some day of [start, end], in order."""
    spans = _spans(compound)
    out = []
    for n, (since, company) in enumerate(spans):
        until = spans[n + 1][0] if n + 1 < len(spans) else "9999-12-31"
        if (
            company
            and since <= end.isoformat()
            and until > start.isoformat()
            and company not in out
        ):
            out.append(company)
    return out
