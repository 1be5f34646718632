"""The public view of report-in and the three lists: organisations by name, people only as counts.

Part of the public view (see publicview.py): micro-wishes show no household, member report-ins
appear only as counts with cells under 5 suppressed, and needs, resources and projects name
organisations, never persons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..assess.matching import URGENCY_ZH, last_status, match_rate
from ..model import registry
from ..model.codelists import code_lists
from ..model.registration import is_late, rules_for_year
from ..records.dataset import Dataset, Record
from .suppression import SUPPRESS_BELOW, WITHHELD, Line, protect, suppress

OPEN_TO_ZH = registry.default().labels("event", "open_to")
# A list item's last status in words, by record type.
STATUS_ZH = {
    t: registry.default().labels(t, "history", "*", "status") for t in ("need", "wish", "project")
}


def _suppress(n: int) -> str:
    return suppress(n) or ""


@dataclass(frozen=True)
class Item:
    """One entry of a list, already in words: what, by whom, state, when."""

    id: str
    name: str
    kind: str  # category, or 契约化共建项目 / 共建项目
    by: str  # organisation(s)
    status: str
    when: str
    detail: str = ""


@dataclass(frozen=True)
class UnitReport:
    unit_id: str
    unit_name: str
    date: str
    late: bool
    elsewhere: bool


@dataclass
class CommunityLists:
    needs: list[Item] = field(default_factory=list)
    resources: list[Item] = field(default_factory=list)
    projects: list[Item] = field(default_factory=list)
    wishes: list[Item] = field(default_factory=list)
    teams: list[Item] = field(default_factory=list)
    events: list[Item] = field(default_factory=list)
    reported: list[UnitReport] = field(default_factory=list)
    not_reported: list[tuple[str, str]] = field(default_factory=list)  # (unit id, name)
    members_reported: str = ""
    members_late: str = ""
    needs_met: int = 0
    needs_raised: int = 0


@dataclass
class UnitActivity:
    registrations: list[tuple[int, str, str, str, bool]] = field(
        default_factory=list
    )  # year, community id, name, date, late
    resources: list[Item] = field(default_factory=list)
    projects: list[Item] = field(default_factory=list)
    members_reported: str = (
        ""  # members whose home organisation is this unit, reported where they live
    )


class _Names:
    def __init__(self, ds: Dataset):
        self.ds = ds
        self.codes = code_lists(ds)

    def org(self, ref: Any) -> str:
        if not isinstance(ref, dict):
            return ""
        rec = self.ds.get(ref.get("type"), ref.get("id"))
        return rec.get("name") if rec else str(ref.get("id"))

    def code(self, list_id: str, code: Any) -> str:
        return self.codes.get(list_id, {}).get(code, str(code or ""))

    def name(self, type_name: str, rid: Any) -> str:
        rec = self.ds.get(type_name, rid)
        return rec.get("name") if rec else ""


def _history_date(rec: Record) -> str:
    history = [h for h in rec.get("history") or [] if isinstance(h, dict)]
    return str(history[-1].get("date", "")) if history else ""


def build_lists(
    ds: Dataset, as_of: dt.date, withheld_elsewhere: Iterable[Hashable] = ()
) -> tuple[dict[str, CommunityLists], dict[str, UnitActivity]]:
    """``withheld_elsewhere``: member counts the grade pages of the same year withhold (keys as
    ``member_counts``'s), withheld here too: the same figure is never shown on one page and
    withheld on another."""
    names = _Names(ds)
    lists: dict[str, CommunityLists] = {cid: CommunityLists() for cid in ds.of("community")}
    units: dict[str, UnitActivity] = {uid: UnitActivity() for uid in ds.of("unit")}

    def bucket(rec: Record) -> CommunityLists | None:
        return lists.get(rec.get("community"))

    for rec in ds.of("need").values():
        if (c := bucket(rec)) is not None:
            place = names.name("compound", rec.get("compound"))
            c.needs.append(
                Item(
                    rec.id,
                    rec.get("name"),
                    names.code("need-categories", rec.get("category")),
                    names.org(rec.get("raised_by")),
                    STATUS_ZH[rec.type].get(last_status(rec), ""),
                    str(rec.get("raised", "")),
                    "；".join(x for x in (URGENCY_ZH.get(rec.get("urgency"), ""), place) if x),
                )
            )
    for rec in ds.of("resource").values():
        span = rec.get("available") or {}
        when = f"{span.get('from', '')}–{span.get('to', '')}" if span else ""
        cap = rec.get("capacity")
        detail = (
            f"{cap:g}{rec.get('unit_of_measure') or ''}" if isinstance(cap, int | float) else ""
        )
        item = Item(
            rec.id,
            rec.get("name"),
            names.code("resource-categories", rec.get("category")),
            names.org(rec.get("provider")),
            "",
            when,
            detail,
        )
        if (c := bucket(rec)) is not None:
            c.resources.append(item)
        provider = rec.get("provider") or {}
        if provider.get("type") == "unit" and provider.get("id") in units:
            units[provider["id"]].resources.append(item)
    for rec in ds.of("project").values():
        kind = "契约化共建项目" if rec.get("contract") else "共建项目"
        parties = [p for p in rec.get("parties") or [] if isinstance(p, dict)]
        item = Item(
            rec.id,
            rec.get("name"),
            kind,
            "、".join(names.org(p) for p in parties),
            STATUS_ZH[rec.type].get(last_status(rec), ""),
            f"{rec.get('start', '')}–{rec.get('end', '')}".strip("–"),
            "；".join(str(d) for d in rec.get("deliverables") or []),
        )
        if (c := bucket(rec)) is not None:
            c.projects.append(item)
        for p in parties:
            if p.get("type") == "unit" and p.get("id") in units:
                units[p["id"]].projects.append(item)
    for rec in ds.of("wish").values():
        if (c := bucket(rec)) is not None:  # never the household: it is internal
            c.wishes.append(
                Item(
                    rec.id,
                    rec.get("name"),
                    names.code("need-categories", rec.get("category")),
                    names.name("compound", rec.get("compound")),
                    STATUS_ZH[rec.type].get(last_status(rec), ""),
                    str(rec.get("raised", "")),
                )
            )
    for rec in ds.of("team").values():
        if (c := bucket(rec)) is not None:
            types = "、".join(
                names.code("service-types", t) for t in rec.get("service_types") or []
            )
            members = rec.get("members")
            detail = f"队员 {_suppress(members)} 人" if isinstance(members, int) else ""
            c.teams.append(
                Item(
                    rec.id, rec.get("name"), types, names.org(rec.get("organiser")), "", "", detail
                )
            )
    for rec in ds.of("event").values():
        if (c := bucket(rec)) is not None:
            place = names.name("station", rec.get("station")) or str(rec.get("place") or "")
            c.events.append(
                Item(
                    rec.id,
                    rec.get("name"),
                    names.code("service-types", rec.get("service_type")),
                    names.org(rec.get("organiser")),
                    OPEN_TO_ZH.get(rec.get("open_to"), ""),
                    str(rec.get("date", "")),
                    place,
                )
            )
    _report_in(ds, as_of, lists, units, names, withheld_elsewhere)
    for cid, c in lists.items():
        c.needs_met, c.needs_raised = match_rate(ds, cid)
        for seq in (c.needs, c.resources, c.projects, c.wishes, c.teams):
            seq.sort(key=lambda i: i.id)
        c.events.sort(key=lambda i: (i.when, i.id))
        c.reported.sort(key=lambda r: r.unit_id)
    return lists, units


def _report_in(
    ds: Dataset,
    as_of: dt.date,
    lists: dict[str, CommunityLists],
    units: dict[str, UnitActivity],
    names: _Names,
    withheld_elsewhere: Iterable[Hashable],
) -> None:
    """Report-in status of the as-of date's year: units by name, members as counts only."""
    year = as_of.year
    rules = rules_for_year(ds, year)
    reported_units: set[str] = set()
    for rec in ds.of("unit_registration").values():
        day = _date(rec.get("date"))
        late = bool(day and is_late(rules, int(rec.get("year", year)), day))
        uid = rec.get("unit")
        if uid in units:
            units[uid].registrations.append(
                (
                    int(rec.get("year", 0)),
                    rec.get("community"),
                    names.name("community", rec.get("community")),
                    str(rec.get("date")),
                    late,
                )
            )
        if rec.get("year") != year or (c := lists.get(rec.get("community"))) is None:
            continue
        unit = ds.get("unit", uid)
        elsewhere = unit is not None and unit.get("community") != rec.get("community")
        c.reported.append(
            UnitReport(uid, names.name("unit", uid), str(rec.get("date")), late, elsewhere)
        )
        reported_units.add(uid)
    for unit in ds.of("unit").values():
        c = lists.get(unit.get("community"))
        if c is not None and unit.id not in reported_units:
            c.not_reported.append((unit.id, unit.get("name")))
    members: dict[str, int] = {}
    late_members: dict[str, int] = {}
    by_home: dict[str, int] = {}
    for rec in ds.of("member_registration").values():
        if rec.folder.get("year") != str(year):
            continue
        cid = rec.folder.get("community")
        members[cid] = members.get(cid, 0) + 1
        day = _date(rec.get("date"))
        if day and is_late(rules, year, day):
            late_members[cid] = late_members.get(cid, 0) + 1
        home = rec.get("home_org")
        by_home[home] = by_home.get(home, 0) + 1
    counts = member_counts(
        {c: members.get(c, 0) for c in lists}, {u: by_home.get(u, 0) for u in units}
    )
    withheld = protect_member_counts(counts, withheld_elsewhere)

    def text(key: Hashable) -> str:
        n = counts[key]
        return WITHHELD if key in withheld and n >= SUPPRESS_BELOW else _suppress(n)

    for cid, c in lists.items():
        c.members_reported = text((("community", cid), "reported"))
        # Late ones are part of a community's count, the rest of which is published nowhere:
        # no sum to work them out from, so only counts under 5 are withheld.
        c.members_late = _suppress(late_members.get(cid, 0))
    for uid, u in units.items():
        u.members_reported = text((("unit", uid), "reported"))
        u.registrations.sort()


def member_counts(by_community: dict[str, int], by_unit: dict[str, int]) -> dict[Hashable, int]:
    """Members reported in, keyed as the grade pages key them (assessview): per community, per
    unit (their home organisation) and the district."""
    counts: dict[Hashable, int] = {("district", "reported"): sum(by_community.values())}
    counts.update({(("community", c), "reported"): n for c, n in by_community.items()})
    counts.update({(("unit", u), "reported"): n for u, n in by_unit.items()})
    return counts


def protect_member_counts(
    counts: dict[Hashable, int], withheld_elsewhere: Iterable[Hashable] = ()
) -> frozenset[Hashable]:
    """The member counts to withhold: the district's figure is the sum of its communities', and
    of its units' when every member's home organisation is a unit — the equations the grade
    pages publish too (docs/privacy.md). A zero reads "少于 5" and counts as unknown."""
    district = ("district", "reported")
    communities = tuple(k for k in counts if k[0][0] == "community")
    units = tuple(k for k in counts if k[0][0] == "unit")
    lines = [Line(district, communities)]
    if sum(counts[k] for k in units) == counts[district]:
        lines.append(Line(district, units))
    forced = [k for k, v in counts.items() if v == 0]
    forced.extend(k for k in withheld_elsewhere if k in counts)
    return protect(counts, lines, forced=forced)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
